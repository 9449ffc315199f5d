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


SET_E = Path(__file__).resolve().parents[1] / "fixtures" / "contrib-sample" / "set-e"


def _tree(tmp_path, *names: str) -> Path:
    """A docs tree of set-e's pages (today's beta pages, CC BY 4.0: see that folder's README)."""
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes((SET_E / name).read_bytes())
    return tmp_path


def test_higher_privileged_permissions_are_read_after_the_least_privileged(tmp_path):
    # set-e/includes/permissions/security-incident-get-permissions.md: today's three columns,
    # "Permission type | Least privileged permissions | Higher privileged permissions"; the
    # higher column was dropped
    root = _tree(tmp_path, "api/security-incident-get.md", "includes/permissions/security-incident-get-permissions.md")
    model = build_model([root], jobs=1)
    (op,) = model.operations
    perms = op.permissions
    assert perms.delegated_work == ("SecurityIncident.Read.All", "SecurityIncident.ReadWrite.All")
    assert perms.application == ("SecurityIncident.Read.All", "SecurityIncident.ReadWrite.All")
    assert perms.delegated_personal == ()
    assert perms.raw[0] == ("Delegated (work or school account)", "SecurityIncident.Read.All", "SecurityIncident.ReadWrite.All")
    # the include is read: no "its text is not part of the model" for its line
    assert perms.location.line == 26
    assert not [d for d in model.diagnostics if d.code == "unresolved-include" and d.location.line == 26]


def test_a_missing_permissions_include_is_said_once_and_a_second_table_s_include_still_unresolved(tmp_path):
    # set-e/api/federatedidentitycredential-delete.md: the permissions include at line 26 is not in
    # the tree; a second table's include ("Permissions for an agentIdentityBlueprint") at line 32
    # is not read either way
    root = _tree(tmp_path, "api/federatedidentitycredential-delete.md")
    model = build_model([root], jobs=1)
    at = {(d.code, d.location.line) for d in model.diagnostics}
    assert ("permissions-include-missing", 26) in at and ("unresolved-include", 26) not in at
    assert ("unresolved-include", 32) in at


def test_a_column_that_holds_no_permissions_is_not_read_as_permissions():
    table = [
        ["Permission type", "Permissions (from least to most privileged)", "Remarks"],
        [":--", ":--", ":--"],
        ["Delegated (work or school account)", "Thing.Read.All", "Directory.Read.All is needed to expand owners."],
        ["Application", "Thing.Read.All, Thing.ReadWrite.All", "None."],
    ]
    lines = ["---", "doc_type: apiPageType", "---", "# Get thing", "", "## Permissions", ""]
    lines += ["|" + "|".join(row) + "|" for row in table]
    lines += ["", "## HTTP request", "", "```http", "GET /things/{id}", "```", ""]
    (op,) = extract_page(decode_source("\n".join(lines).encode(), "api/thing-get.md")[0]).operations
    assert op.permissions.delegated_work == ("Thing.Read.All",)
    assert op.permissions.application == ("Thing.Read.All", "Thing.ReadWrite.All")
    assert op.permissions.raw[0] == ("Delegated (work or school account)", "Thing.Read.All",
                                     "Directory.Read.All is needed to expand owners.")
