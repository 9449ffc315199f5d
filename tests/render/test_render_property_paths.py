"""A request line that reads a property of the response type answers that property's type
(tests/fixtures/rules/item_property_path/, copied from graph-docs-v1.0: api/
user-get-mailboxsettings.md lists ``GET /me/mailboxSettings`` and ``GET
/me/mailboxSettings/workingHours`` …, documents a mailboxSettings response, and answers its
examples with a mailboxSettings, an automaticRepliesSetting and a workingHours object; resources/
holds those types' pages and, in enums.md, lines 1-12 and 797-808 of the corpus' enums.md)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from render_helpers import import_package, render_pages, run_pytest

from docgen.pipeline.build import build_model
from docgen.render.models import Registry
from docgen.render.requests import plan_operation

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "rules" / "item_property_path"
PAGE = PAGES / "api" / "user-get-mailboxsettings.md"


def answers(root: Path) -> dict[str, str | None]:
    model = build_model([root])
    (op,) = model.operations
    plan, _ = plan_operation(Registry.build(model), op, "m")
    return {line.template: line.response for line in plan.lines}


def test_each_property_path_answers_its_property():
    found = answers(PAGES)
    assert found["/me/mailboxSettings"] is None  # the operation's own type
    assert found["/users/{user_id}/mailboxSettings"] is None
    assert found["/me/mailboxSettings/workingHours"] == "ref:working_hours:WorkingHours"
    assert (
        found["/users/{user_id}/mailboxSettings/automaticRepliesSetting"]
        == "ref:automatic_replies_setting:AutomaticRepliesSetting"
    )
    assert found["/me/mailboxSettings/dateFormat"] == "str"


def test_a_segment_without_its_parent_line_or_property_is_not_a_property_path(tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(PAGES, docs)
    page = docs / "api" / PAGE.name
    text = page.read_text(encoding="utf-8")
    text = text.replace("GET /me/mailboxSettings\n", "").replace(
        "GET /users/{id|userPrincipalName}/mailboxSettings/language\n",
        "GET /users/{id|userPrincipalName}/mailboxSettings/noSuchProperty\n",
    )
    page.write_text(text, encoding="utf-8")
    found = answers(docs)
    assert found["/me/mailboxSettings/workingHours"] is None  # no /me/mailboxSettings line
    assert found["/users/{user_id}/mailboxSettings/workingHours"] == "ref:working_hours:WorkingHours"
    assert found["/users/{user_id}/mailboxSettings/noSuchProperty"] is None


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    return render_pages(tmp_path_factory, PAGES, "proppathpkg")


def test_examples_answering_a_property_pass(rendered):
    root, package, diags = rendered
    assert not [d for d in diags if d.code == "example-contradicts-page"]
    result = run_pytest(package / "tests", root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "9 passed" in result.stdout


def test_send_parses_the_lines_answer(rendered):
    root, _, _ = rendered
    import_package(root, "proppathpkg")
    from proppathpkg import Client
    from proppathpkg import _runtime as rt
    from proppathpkg.models import MailboxSettings, WorkingHours

    def answer(request):
        return rt.Response(
            200,
            {"content-type": "application/json"},
            json.dumps({"startTime": "08:00:00.0000000"}).encode(),
        )

    client = Client("t", transport=answer, retries=0)
    hours = client.me.mailbox_settings.working_hours
    assert hours.request_get().spec == "ref:working_hours:WorkingHours"
    assert isinstance(hours.get(), WorkingHours)
    assert isinstance(client.me.mailbox_settings.get(), MailboxSettings)