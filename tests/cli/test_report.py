"""report: text, GitHub workflow commands, JSON and SARIF 2.1.0 (validated against the OASIS schema)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from conftest import SEED

from docgen.checks.todos import TodoReport, scan_page
from docgen.cli import formats as report
from docgen.diagnostics import Location, error, info, warning

SCHEMA_PATH = Path(__file__).resolve().parents[1] / "fixtures" / "sarif" / "sarif-schema-2.1.0.json"


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema["$id"].endswith("sarif-schema-2.1.0.json")
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


DIAGS = [
    warning("todo-description", "TODO note (request body, 'status'): **TODO: Add Description**",
            Location("api docs/page one.md", 53, 22)),
    error("invalid-json", "trailing comma, at line 3", Location("api/x.md", 12, 1)),
    info("namespace-mismatch", "a, b: 100% sure\nsecond line", Location("api/y,z.md", 4, 2)),
]


def test_text_is_one_sorted_line_per_diagnostic():
    lines = report.to_text(DIAGS + DIAGS).splitlines()
    assert lines == [
        "api docs/page one.md:53:22: warning: todo-description: TODO note (request body, 'status'): **TODO: Add Description**",
        "api/x.md:12:1: error: invalid-json: trailing comma, at line 3",
        "api/y,z.md:4:2: info: namespace-mismatch: a, b: 100% sure second line",
    ]


def test_github_commands_escape_properties_and_data():
    lines = report.to_github(DIAGS).splitlines()
    assert lines[1] == "::error file=api/x.md,line=12,col=1,title=invalid-json::trailing comma, at line 3"
    assert lines[2] == "::notice file=api/y%2Cz.md,line=4,col=2,title=namespace-mismatch::a, b: 100%25 sure%0Asecond line"
    assert lines[0].startswith("::warning file=api docs/page one.md,line=53,col=22,")


def test_sarif_validates_and_github_essentials_are_there(validator):
    document = report.to_sarif(DIAGS, rules={"invalid-json": "example JSON does not parse"})
    validator.validate(document)
    assert document["version"] == "2.1.0"
    run = document["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["invalid-json", "namespace-mismatch", "todo-description"]
    assert rules[0]["shortDescription"]["text"] == "example JSON does not parse"
    results = run["results"]
    assert [r["level"] for r in results] == ["warning", "error", "note"]
    first = results[0]["locations"][0]["physicalLocation"]
    assert first["artifactLocation"]["uri"] == "api%20docs/page%20one.md"
    assert first["region"] == {"startLine": 53, "startColumn": 22}
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert len(result["partialFingerprints"]["docgenFinding/v1"]) == 64


def test_sarif_of_the_seed_todos_validates(validator):
    todos = TodoReport.of(scan_page(SEED.read_text(encoding="utf-8"), "api-docs/learningassignment-update.md"), 1)
    document = report.to_sarif(todos.diagnostics(), rules=todos.rules())
    validator.validate(document)
    assert len(document["runs"][0]["results"]) == 18
    assert {r["id"] for r in document["runs"][0]["tool"]["driver"]["rules"]} == set(todos.rules())


def test_sarif_with_no_findings_validates(validator):
    document = report.to_sarif([])
    validator.validate(document)
    assert document["runs"][0]["results"] == []


def test_the_validator_rejects_a_broken_log(validator):
    """The schema check can fail: a result without a message is not SARIF."""
    document = report.to_sarif(DIAGS)
    del document["runs"][0]["results"][0]["message"]
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(document)


def test_json_is_deterministic():
    assert report.to_json(DIAGS) == report.to_json(list(reversed(DIAGS)))
