"""Permissions in include files, include pages and broken request lines (issue 16 item 6): the
modern form ``<!-- { "blockType": "permissions" … } -->`` + ``[!INCLUDE [permissions-table](…)]``,
tests/fixtures/modern/permissions_include/."""

from __future__ import annotations

from pathlib import Path

from docgen.extract.dispatch import extract_page
from docgen.pipeline.build import build_model
from docgen.read.source import decode_source

ROOT = Path(__file__).resolve().parents[1] / "fixtures" / "modern" / "permissions_include"


def _model():
    return build_model([ROOT], jobs=1)


def _op(model, name_part: str):
    return next(op for op in model.operations if name_part in op.location.path)


def test_the_included_table_is_read_relative_to_the_page():
    model = _model()
    perms = _op(model, "agreement-get").permissions
    assert perms.delegated_work == ("Agreement.Read.All",)
    assert perms.delegated_personal == () and perms.application == ()
    assert perms.include.endswith("includes/permissions/agreement-get-permissions.md")
    assert perms.location.path.endswith("api/agreement-get.md") and perms.location.line == 22


def test_a_missing_include_is_said_once_per_page():
    model = _model()
    missing = [d for d in model.diagnostics if d.code == "permissions-include-missing"]
    assert len(missing) == 1
    assert missing[0].location.path.endswith("synthetic-agreement-list-files.md")
    assert "agreement-list-files-permissions.md" in missing[0].message and "not among the input pages" in missing[0].message


def test_include_pages_are_includes_not_pages_of_unknown_kind():
    model = _model()
    kinds = {p.path.rpartition("/")[2]: p.kind for p in model.pages}
    assert kinds["agreement-get-permissions.md"] == "include"
    assert kinds["synthetic-note.md"] == "include"
    assert not [d for d in model.diagnostics if d.code == "unknown-page-kind"]


def test_a_request_line_broken_over_two_lines_is_one_line():
    model = _model()
    (line,) = _op(model, "list-files").request_lines
    assert line.path == "/identityGovernance/termsOfUse/agreements/{agreementsId}/files"
    assert not [d for d in model.diagnostics if d.code == "junk-request-line"]


def test_lines_that_do_not_continue_a_path_stay_separate():
    text = (
        "---\ndoc_type: apiPageType\n---\n# Get thing\n\nNamespace: microsoft.graph\n\n## HTTP request\n"
        "```http\nGET /things/{id}\nGET /me/things/{id}\nContent-Type: application/json\n```\n"
    )
    src, _ = decode_source(text.encode(), "api/thing-get.md")
    (op,) = extract_page(src).operations
    assert [line.path for line in op.request_lines] == ["/things/{id}", "/me/things/{id}"]
