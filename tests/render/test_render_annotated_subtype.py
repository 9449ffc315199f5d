"""A response example whose annotation names a subtype of the documented response type
(tests/fixtures/rules/item_subtype/, copied from graph-docs-v1.0: api/message-post-attachments.md
documents an ``attachment`` response; its file-attachment answer is annotated
``"@odata.type": "microsoft.graph.fileAttachment"`` and its body names no type;
resources/attachment.md and resources/fileattachment.md): the example is read as that subtype.
The body's own ``@odata.type`` wins over the annotation, and an annotation naming a type that
does not derive from the documented one changes nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

from render_helpers import render_to, run_pytest

from docgen.pipeline.build import build_model

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "rules" / "item_subtype"
PAGE = "message-post-attachments.md"
TEST = "test_message_post_attachments.py"


def render(tmp_path: Path, edit=None):
    """Render the fixture (its API page passed through ``edit``); (package, diagnostics)."""
    docs = tmp_path / "docs"
    shutil.copytree(PAGES, docs)
    page = docs / "api" / PAGE
    if edit is not None:
        page.write_text(edit(page.read_text(encoding="utf-8")), encoding="utf-8")
    return render_to(build_model([docs]), tmp_path, "subtypepkg")


def response_reasons(diags) -> list[str]:
    return [
        d.message for d in diags if d.location.line == 119 and d.location.path.endswith(PAGE)
    ]


def test_annotated_subtype_reads_the_example_as_it(tmp_path):
    package, diags = render(tmp_path)
    # The page's real defect remains (a cut base64 value); no "attachment has no property".
    assert response_reasons(diags) == [
        'response example: $.contentBytes: expected bytes, got "R0lGODdhEAYEAA7"'
    ]
    text = (package / "tests" / TEST).read_text()
    assert 'support.round_trip(data, "ref:file_attachment:FileAttachment", False)' in text


def test_a_valid_subtype_example_round_trips(tmp_path):
    package, diags = render(
        tmp_path, lambda t: t.replace('"R0lGODdhEAYEAA7"', '"R0lGODdhEAYEAA7w"')
    )
    assert response_reasons(diags) == []
    result = run_pytest(package / "tests", tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "xfail" not in (package / "tests" / TEST).read_text()


def test_the_bodys_own_type_wins_over_the_annotation(tmp_path):
    body = '{\n    "id": "AAMkADNkN2R",'
    _, diags = render(
        tmp_path,
        lambda t: t.replace(
            body, '{\n    "@odata.type": "#microsoft.graph.attachment",\n    "id": "AAMkADNkN2R",'
        ),
    )
    (reason,) = response_reasons(diags)
    assert "microsoft.graph.attachment has no property 'contentId'" in reason


def test_an_unrelated_annotated_type_changes_nothing(tmp_path):
    _, diags = render(
        tmp_path,
        lambda t: t.replace(
            '"@odata.type": "microsoft.graph.fileAttachment"\n} -->',
            '"@odata.type": "microsoft.graph.message"\n} -->',
        ),
    )
    (reason,) = response_reasons(diags)
    assert "microsoft.graph.attachment has no property 'contentId'" in reason
