"""OData response conventions in examples (issue 16 item 7; tests/fixtures/modern/odata/): flags
enums written "a,b", ``('id')`` key syntax and type-cast segments as equivalent URLs, ``$value``
answers as raw content, and raw line breaks inside JSON strings as invalid JSON."""

from __future__ import annotations

from pathlib import Path

from render_helpers import render_to, run_pytest

from docgen.pipeline.build import build_model
from docgen.render.example_urls import url_aliases

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "modern" / "odata"


def _render(tmp_path):
    model = build_model([PAGES])
    package, diags = render_to(model, tmp_path, "odatapkg")
    return model, package, diags


def _at(diags, page: str, code: str | None = None):
    return [d for d in diags if d.location.path.endswith(page) and (code is None or d.code == code)]


def test_key_syntax_and_casts_are_equivalent_urls():
    assert [a for a, _ in url_aliases("/users('abc')/messages")] == ["/users/abc/messages"]
    assert [a for a, _ in url_aliases("/teams/{id}/members/microsoft.graph.aadUserConversationMember")] == [
        "/teams/{id}/members"
    ]
    # a function call's arguments (name=value) are not a key
    assert url_aliases("/reports/getTeamsUserActivityCounts(period='D7')") == []
    # a quoted key may end in '=' (Outlook ids are base64): contrib-sample set-d's attachment-get.md
    assert url_aliases("/me/messages('AAMkADA1M-zAAA=')/attachments('AAMkADA1M-CJKtzmnlcqVgqI=')")[-1][0] == (
        "/users/{user-id}/messages/AAMkADA1M-zAAA=/attachments/AAMkADA1M-CJKtzmnlcqVgqI="
    )
    assert "/me/messages/AAMkADA1M-zAAA=/attachments/AAMkADA1M-CJKtzmnlcqVgqI=" in [
        a for a, _ in url_aliases("/me/messages('AAMkADA1M-zAAA=')/attachments('AAMkADA1M-CJKtzmnlcqVgqI=')")
    ]
    assert url_aliases("/applications(appId='46e6adf4-a9cf-4b60-9390-0ba6fb00bf6b')") == []


def test_each_convention_passes_where_the_page_follows_it(tmp_path):
    model, package, diags = _render(tmp_path)
    assert model.type_index()["microsoft.graph.clonableTeamParts"].flags
    for page in ("team-get.md", "team-list-members.md", "team-get-photo.md"):
        problems = [d for d in _at(diags, page) if d.code in ("example-url-mismatch", "example-contradicts-page", "example-invalid-json")]
        assert not problems, [d.format() for d in problems]
    assert [d.code for d in _at(diags, "team-get.md", "example-url-alias")] == ["example-url-alias"]
    assert _at(diags, "team-list-members.md", "example-url-alias")
    (raw,) = _at(diags, "team-get-photo.md", "example-non-json-body")
    assert "raw content" in raw.message
    result = run_pytest(package / "tests", tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_line_break_inside_a_json_string_is_invalid_json(tmp_path):
    model, _, diags = _render(tmp_path)
    (found,) = [d for d in model.diagnostics if d.code == "invalid-json"]
    assert found.location.path.endswith("team-update.md") and found.location.line == 32
    assert "a line break inside a string" in found.message
    (xfail,) = _at(diags, "team-update.md", "example-invalid-json")
    assert "a line break inside a string" in xfail.message


def test_a_derived_object_without_its_type_under_an_abstract_base_is_the_pages_problem(tmp_path):
    import shutil

    docs = tmp_path / "docs"
    shutil.copytree(PAGES, docs)
    page = docs / "api" / "team-list-members.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace('"@odata.type": "#microsoft.graph.aadUserConversationMember", ', ""), encoding="utf-8")
    _, diags = render_to(build_model([docs]), tmp_path, "abstractpkg")
    (reason,) = [d.message for d in _at(diags, "team-list-members.md", "example-contradicts-page")]
    assert (
        "microsoft.graph.aadUserConversationMember has it; an object of the abstract "
        "microsoft.graph.conversationMember must name its type with @odata.type" in reason
    )
