"""A request line that calls a function without arguments while the page's request example
passes some (tests/fixtures/rules/function_arguments/api/, copied whole from graph-docs-v1.0:
driveitem-delta.md documents ``GET /me/drive/root/delta`` and calls ``delta(token='…')``;
intune-rbac-devicemanagement-geteffectivepermissions.md documents ``GET
/deviceManagement/getEffectivePermissions`` and calls it with ``scope='parameterValue'``): the
builder takes the arguments as a second form of each such line, and the example matches it."""

from __future__ import annotations

from pathlib import Path

import pytest
from render_helpers import import_package, render_pages, run_pytest

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "rules" / "function_arguments"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    return render_pages(tmp_path_factory, PAGES, "functionargspkg")


def test_examples_that_pass_arguments_match_a_request_line(rendered):
    _, _, diags = rendered
    assert not [d for d in diags if d.code == "example-url-mismatch"]
    added = sorted(d.location.line for d in diags if d.code == "request-line-arguments-from-example")
    assert added == [33, 43, 44, 45, 46, 47]  # one info per request line given a second form


def test_builders_take_the_arguments_when_given(rendered):
    root, _, _ = rendered
    import_package(root, "functionargspkg")
    from functionargspkg import Client

    client = Client("t")
    perms = client.device_management.get_effective_permissions
    assert perms().request_get().request.url.endswith("/deviceManagement/getEffectivePermissions")
    assert perms(scope="Contoso's").request_get().request.url.endswith(
        "/deviceManagement/getEffectivePermissions(scope='Contoso''s')"
    )
    delta = client.me.drive.root.delta
    assert delta().request_get().request.url.endswith("/me/drive/root/delta")  # no token
    # the function's ``token`` argument is the function's, not a bearer token
    assert client.users.by_id("u").drive.root.delta(token="abc").request_get().request.url.endswith(
        "/users/u/drive/root/delta(token='abc')"
    )


def test_generated_tests_pass(rendered):
    root, package, _ = rendered
    result = run_pytest(package / "tests", root)
    assert result.returncode == 0, result.stdout + result.stderr
    text = (package / "tests" / "test_intune_rbac_devicemanagement_geteffectivepermissions.py").read_text()
    assert "example-url-mismatch" not in text
