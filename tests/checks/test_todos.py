"""docgen todos: the seed's 18 placeholders, one fixture per category, formats and --fail-on."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SEED

from docgen.checks.todos import CATEGORIES, TodoReport, scan_page
from docgen.cli.main import main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "todos"


@pytest.fixture(autouse=True)
def _own_cache(tmp_path, monkeypatch):
    """docgen todos keeps what it found in the cache: never in the user's."""
    monkeypatch.setenv("DOCGEN_CACHE_DIR", str(tmp_path / "cache"))


def scan(path: Path):
    return scan_page(path.read_text(encoding="utf-8"), path.name)


def rows(findings):
    return [(f.line, f.kind, f.category, f.section, f.property, f.visible) for f in findings]


def test_seed_has_exactly_the_eighteen_placeholders():
    findings = scan(SEED)
    assert len(findings) == 18
    front = [(f.property, f.category, f.section) for f in findings if f.section == "front matter"]
    assert front == [("author", "metadata", "front matter"), ("ms.prod", "metadata", "front matter")]
    permissions = [f.property for f in findings if f.category == "permissions"]
    assert permissions == ["Delegated (work or school account)", "Delegated (personal Microsoft account)", "Application"]
    [instruction] = [f for f in findings if f.category == "instructions"]
    assert instruction.line == 46 and "Remove properties that don't apply" in instruction.text
    assert instruction.section == "request body" and instruction.property is None
    descriptions = [f for f in findings if f.category == "description"]
    assert [f.property for f in descriptions] == [
        "externalcourseActivityId", "learningProviderId", "learningContentId", "learnerUserId", "status",
        "completedDateTime", "completionPercentage", "assignmentType", "assignerUserId", "assignedDateTime",
        "dueDateTime", "notes",
    ]
    assert {f.line for f in descriptions} == set(range(49, 61))
    assert all(f.visible and f.section == "request body" for f in descriptions)
    assert all(f.kind == "todo" for f in findings)


def test_seed_columns_point_at_the_placeholder():
    lines = SEED.read_text(encoding="utf-8").split("\n")
    for finding in scan(SEED):
        assert lines[finding.line - 1][finding.col - 1 :].startswith("**TODO")


def test_permissions_fixture():
    found = rows(scan(FIXTURES / "permissions_intune-cirrus-officeclientconfigurationassignment-get.md"))
    assert found == [
        (25, "todo", "permissions", "permissions", "Delegated (work or school account)", True),
        (27, "todo", "permissions", "permissions", "Application", True),
    ]


def test_metadata_fixtures():
    assert rows(scan(FIXTURES / "metadata_optionalclaim.md")) == [
        (3, "provide-description", "metadata", "front matter", "description", True)
    ]
    assert rows(scan(FIXTURES / "empty-front-matter_filter-apply.md")) == [
        (6, "empty-front-matter", "metadata", "front matter", "ms.prod", True)
    ]


def test_not_yet_documented_fixture():
    assert rows(scan(FIXTURES / "description_intune-mam-managedappprotection-targetapps.md")) == [
        (3, "not-yet-documented", "metadata", "front matter", "description", True),
        (16, "not-yet-documented", "description", "introduction", None, True),
        (51, "not-yet-documented", "description", "request body", "apps", True),
    ]


def test_empty_description_cells():
    found = scan(FIXTURES / "empty-description_addin.md")
    assert rows(found) == [
        (19, "empty-description", "description", "properties", "id", True),
        (20, "empty-description", "description", "properties", "properties", True),
        (21, "empty-description", "description", "properties", "type", True),
    ]
    line = (FIXTURES / "empty-description_addin.md").read_text().split("\n")[found[0].line - 1]
    assert line[found[0].col - 2] == "|"  # the column is the empty cell's


def test_group_rows_of_a_methods_table_are_not_empty_descriptions():
    assert scan(FIXTURES / "group-rows_user.md") == []


def test_hidden_note_in_html_comment():
    [finding] = scan(FIXTURES / "hidden_search-api-overview.md")
    assert (finding.kind, finding.category, finding.visible, finding.section) == ("todo", "instructions", False, "error handling")
    assert finding.text.startswith("TODOSEARCHAPI Describe the know errors")


def test_synthetic_edge_cases():
    assert rows(scan(FIXTURES / "synthetic_edge-cases.md")) == [
        (10, "todo", "instructions", "introduction", None, True),
        (13, "todo", "instructions", "introduction", None, False),  # multi-line comment
        (20, "todo", "other", "properties", "id", True),  # a TODO in the type column
        (21, "add-description", "description", "properties", "name", True),
        (22, "empty-description", "description", "properties", "size", True),
        # the fenced TODO, the tab heading's table and "not a TODO." prose are not placeholders
    ]


def test_crlf_and_unterminated_front_matter_do_not_crash():
    assert len(scan_page(SEED.read_text(encoding="utf-8"), "seed.md")) == 18
    assert scan_page("---\nauthor: \"\"\n", "x.md") == []  # no closing line: not front matter
    assert scan_page("", "x.md") == []


def test_report_summary_and_fail_on():
    report = TodoReport.of(scan(SEED) + scan(FIXTURES / "hidden_search-api-overview.md"), pages=2)
    summary = report.summary()
    assert summary["total"] == 19 and summary["visible"] == 18 and summary["hidden"] == 1
    assert list(summary["by_category"]) == list(CATEGORIES)
    assert summary["by_category"] == {"metadata": 2, "permissions": 3, "description": 12, "instructions": 2, "other": 0}
    assert summary["by_section"]["request body"] == 13
    assert report.fails("any") and report.fails("visible") and not report.fails("never")
    assert report.fails(19) and not report.fails(20)
    hidden_only = TodoReport.of(scan(FIXTURES / "hidden_search-api-overview.md"), pages=1)
    assert hidden_only.fails("any") and not hidden_only.fails("visible")


def test_cli_json_is_alone_on_stdout_and_complete():
    result = CliRunner().invoke(main, ["todos", str(SEED), "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["summary"]["total"] == 18
    assert document["summary"]["by_category"]["description"] == 12
    assert {f["category"] for f in document["findings"]} == {"metadata", "permissions", "description", "instructions"}


@pytest.mark.parametrize(
    ("fail_on", "code"), [("never", 0), ("any", 1), ("visible", 1), ("18", 1), ("19", 0)]
)
def test_cli_fail_on(fail_on, code):
    result = CliRunner().invoke(main, ["todos", str(SEED), "--fail-on", fail_on])
    assert result.exit_code == code


@pytest.mark.parametrize("bad", ["0", "-1", "some", "1.5"])
def test_cli_bad_fail_on_is_a_usage_error(bad):
    result = CliRunner().invoke(main, ["todos", str(SEED), "--fail-on", bad])
    assert result.exit_code == 2 and "--fail-on" in result.stderr


def test_cli_text_groups_by_file_with_summary_tables(tmp_path, monkeypatch):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "seed.md").write_bytes(SEED.read_bytes())
    (docs / "hidden.md").write_bytes((FIXTURES / "hidden_search-api-overview.md").read_bytes())
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["todos", "docs"])
    assert result.exit_code == 0
    out = result.stdout
    assert out.index("docs/hidden.md\n") < out.index("docs/seed.md\n")  # paths relative to the CWD
    assert "docs/seed.md:46:1: warning: todo-instructions:" in out
    assert "19 placeholder(s) in 2 of 2 page(s): 18 visible, 1 hidden" in out
    assert re.search(r"^category +count$", out, re.MULTILINE) and re.search(r"^section +count$", out, re.MULTILINE)
    assert re.search(r"^request body +13$", out, re.MULTILINE) and re.search(r"^instructions +2$", out, re.MULTILINE)


def test_cli_github_annotations():
    result = CliRunner().invoke(main, ["todos", str(FIXTURES / "permissions_intune-cirrus-officeclientconfigurationassignment-get.md"),
                                       "--format", "github"])
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("::warning file=")
    assert ",line=25,col=37,title=todo-permissions::" in lines[0]


def test_cli_missing_input_is_a_diagnostic_not_a_traceback():
    result = CliRunner().invoke(main, ["todos", "no/such/folder"])
    assert result.exit_code == 1
    assert "no/such/folder:1:1: error: input-missing:" in result.stderr
    assert "Traceback" not in result.output


def test_cli_binary_and_invalid_pages(tmp_path):
    (tmp_path / "binary.md").write_bytes(b"\x00\x01\x02 TODO: x")
    (tmp_path / "latin1.md").write_bytes("# caf\xe9\n\nTODO: fix\n".encode("latin-1"))
    result = CliRunner().invoke(main, ["todos", str(tmp_path), "--format", "json"])
    document = json.loads(result.stdout)
    assert [d["code"] for d in document["diagnostics"]] == ["binary-file"]
    assert [f["line"] for f in document["findings"]] == [3]
    assert result.exit_code == 1  # an unreadable page is an error


def test_corpus_counts(corpus):
    """On graph-docs-v1.0 the placeholders the corpus README describes are found."""
    result = CliRunner().invoke(main, ["todos", str(corpus / "graph-docs-v1.0"), "--format", "json"])
    summary = json.loads(result.stdout)["summary"]
    assert summary["pages_scanned"] == 3341
    assert summary["by_kind"]["not-yet-documented"] == 515  # grep -c 'Not yet documented', summed
    assert summary["by_kind"]["provide-description"] == 1
    assert summary["by_category"]["permissions"] == 8  # four intune-cirrus pages, two rows each
    assert summary["hidden"] == 1  # resources/search-api-overview.md: <!---TODOSEARCHAPI …--->
    assert summary["by_kind"]["todo"] == 9  # grep -rn 'TODO' minus todoTask names: 8 permission rows + 1
    assert summary["by_kind"]["empty-front-matter"] == 144  # grep -rc '^ms.prod: ""', summed


def test_cli_sarif_document_validates_against_the_schema():
    import jsonschema

    schema = json.loads((Path(__file__).resolve().parents[1] / "fixtures" / "sarif" / "sarif-schema-2.1.0.json").read_text())
    result = CliRunner().invoke(main, ["todos", str(SEED), str(FIXTURES / "hidden_search-api-overview.md"),
                                       "--format", "sarif"])
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    jsonschema.validate(document, schema)
    results = document["runs"][0]["results"]
    assert len(results) == 19
    assert {r["ruleId"] for r in results} == {"todo-metadata", "todo-permissions", "todo-description", "todo-instructions"}
