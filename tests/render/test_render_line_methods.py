"""One operation, request lines with different methods (tests/fixtures/rules/item_methods/api/
profilephoto-update.md, copied from graph-docs-v1.0/api/profilephoto-update.md: seven PATCH lines
and the same seven paths with PUT; its example uses PUT): each line keeps its method, the
builder sends the chosen line's method, and an example is matched to the line with its method."""

from __future__ import annotations

from pathlib import Path

import pytest
from render_helpers import import_package, render_pages, render_to, run_pytest

from docgen.pipeline.build import build_model

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "rules" / "item_methods"
PAGE = PAGES / "api" / "profilephoto-update.md"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    return render_pages(tmp_path_factory, PAGES, "linemethodspkg")


def test_put_example_matches_the_put_line(rendered):
    root, package, diags = rendered
    assert not [d for d in diags if d.code == "example-method-mismatch"]
    text = (package / "tests" / "test_profilephoto_update.py").read_text()
    assert "xfail" not in text
    assert ".request_put(" in text  # the PUT line, not the PATCH line with the same path
    result = run_pytest(package / "tests", root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 passed" in result.stdout


def test_builder_sends_the_chosen_lines_method(rendered):
    root, _, _ = rendered
    import_package(root, "linemethodspkg")
    from linemethodspkg import Client

    photo = Client("t").groups.by_id("g").photo.content
    # one path documented with PATCH and with PUT: one builder, both methods
    assert photo.request_patch(b"x").request.method == "PATCH"
    put = photo.request_put(b"x").request
    assert put.method == "PUT" and put.url.endswith("/groups/g/photo/$value")
    assert put.body == b"x" and put.header("Content-Type") == "application/octet-stream"


def test_a_method_no_line_of_the_path_has_is_still_a_mismatch(tmp_path):
    # Without the PUT lines the PUT example contradicts the page, as before.
    text = PAGE.read_text(encoding="utf-8")
    kept = [
        line
        for line in text.split("\n")
        if not (line.startswith("PUT /") and "{" in line or line == "PUT /me/photo/$value")
    ]
    (tmp_path / "api").mkdir()
    (tmp_path / "api" / PAGE.name).write_text("\n".join(kept), encoding="utf-8")
    _, diags = render_to(build_model([tmp_path]), tmp_path / "out", "nomethodspkg")
    (mismatch,) = [d for d in diags if d.code == "example-method-mismatch"]
    assert mismatch.message == "request example uses PUT, the page documents PATCH"
