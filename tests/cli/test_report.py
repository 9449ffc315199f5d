"""report: text, GitHub workflow commands, JSON and SARIF 2.1.0 (validated against the OASIS schema)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
from conftest import SEED

from docgen.checks.lint.codes import CODES, rules
from docgen.checks.lint.core import lint
from docgen.checks.todos import TodoReport, scan_page
from docgen.cli import formats as report
from docgen.diagnostics import Diagnostic, Location, Severity, error, info, warning
from docgen.pipeline.build import build_model

SCHEMA_PATH = (
    Path(__file__).resolve().parents[1]
    / "fixtures"
    / "sarif"
    / "sarif-schema-2.1.0.json"
)


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema["$id"].endswith("sarif-schema-2.1.0.json")
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


DIAGS = [
    warning(
        "todo-description",
        "TODO note (request body, 'status'): **TODO: Add Description**",
        Location("api docs/page one.md", 53, 22),
    ),
    error("invalid-json", "trailing comma, at line 3", Location("api/x.md", 12, 1)),
    info(
        "namespace-mismatch",
        "a, b: 100% sure\nsecond line",
        Location("api/y,z.md", 4, 2),
    ),
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
    assert (
        lines[1]
        == "::error file=api/x.md,line=12,col=1,title=invalid-json::trailing comma, at line 3"
    )
    assert (
        lines[2]
        == "::notice file=api/y%2Cz.md,line=4,col=2,title=namespace-mismatch::a, b: 100%25 sure%0Asecond line"
    )
    assert lines[0].startswith("::warning file=api docs/page one.md,line=53,col=22,")


def test_sarif_validates_and_github_essentials_are_there(validator):
    document = report.to_sarif(
        DIAGS, rules={"invalid-json": "example JSON does not parse"}, root=Path.cwd()
    )
    validator.validate(document)
    assert document["version"] == "2.1.0"
    run = document["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [
        "invalid-json",
        "namespace-mismatch",
        "todo-description",
    ]
    assert rules[0]["shortDescription"]["text"] == "example JSON does not parse"
    results = run["results"]
    assert [r["level"] for r in results] == ["warning", "error", "note"]
    first = results[0]["locations"][0]["physicalLocation"]
    assert first["artifactLocation"]["uri"] == "api%20docs/page%20one.md"
    assert first["region"] == {"startLine": 53, "startColumn": 22}
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert len(result["partialFingerprints"][report.FINGERPRINT_KEY]) == 64


def test_sarif_of_the_seed_todos_validates(validator):
    todos = TodoReport.of(
        scan_page(
            SEED.read_text(encoding="utf-8"), "api-docs/learningassignment-update.md"
        ),
        1,
    )
    document = report.to_sarif(todos.diagnostics(), rules=todos.rules())
    validator.validate(document)
    assert len(document["runs"][0]["results"]) == 18
    assert {r["id"] for r in document["runs"][0]["tool"]["driver"]["rules"]} == set(
        todos.rules()
    )


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


LINT_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "lint"


def _lint_sarif(folder: Path, root: Path) -> dict:
    return report.to_sarif(
        lint(build_model([folder], jobs=1)), rules=rules(), root=root
    )


def _fingerprints(document: dict) -> dict[tuple, str]:
    """(rule, page, message) -> fingerprint, for every result (each key must be unique)."""
    out: dict[tuple, list[str]] = {}
    for result in document["runs"][0]["results"]:
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        out.setdefault((result["ruleId"], uri, result["message"]["text"]), []).append(
            result["partialFingerprints"][report.FINGERPRINT_KEY]
        )
    return {key: tuple(values) for key, values in out.items()}


def _shift_pages(folder: Path, lines: int) -> None:
    """Insert ``lines`` blank lines after each page's front matter (its text moves down)."""
    for page in folder.rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        end = text.index("\n---\n", 4) + len("\n---\n")
        page.write_text(text[:end] + "\n" * lines + text[end:], encoding="utf-8")


@pytest.fixture
def lint_tree(tmp_path):
    """Four lint fixture cases side by side under ``docs/`` in a project (unresolved links, duplicate
    names, bad JSON, a representation row missing)."""
    root = tmp_path / "repo"
    for code in (
        "duplicate-example-name",
        "invalid-json",
        "representation-row-missing",
        "unresolved-link",
    ):
        shutil.copytree(LINT_FIXTURES / "shared", root / "docs" / code)
        shutil.copytree(
            LINT_FIXTURES / code / "bad", root / "docs" / code, dirs_exist_ok=True
        )
    (root / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    return root


def test_fingerprints_survive_moving_every_page_down_ten_lines(lint_tree, validator):
    before = _lint_sarif(lint_tree / "docs", lint_tree)
    validator.validate(before)
    results = before["runs"][0]["results"]
    assert len(results) >= 5
    assert len(
        {r["partialFingerprints"][report.FINGERPRINT_KEY] for r in results}
    ) == len(results)
    _shift_pages(lint_tree / "docs", 10)
    after = _lint_sarif(lint_tree / "docs", lint_tree)
    lines = lambda doc: [
        r["locations"][0]["physicalLocation"]["region"]["startLine"]
        for r in doc["runs"][0]["results"]
    ]
    assert lines(after) == [line + 10 for line in lines(before)]
    assert _fingerprints(after) == _fingerprints(before)


def test_alike_findings_on_one_page_get_one_fingerprint_each():
    """The seed's seven unresolved links share code, page and message; context tells them apart."""
    same = [
        Diagnostic(
            Severity.ERROR,
            "unresolved-link",
            'link "x" points to y.md',
            Location("a.md", line, 3),
            context=f"row{line}",
        )
        for line in range(10, 17)
    ]
    same.append(
        error("unresolved-link", 'link "x" points to y.md', Location("a.md", 30, 1))
    )
    same.append(
        error("unresolved-link", 'link "x" points to y.md', Location("a.md", 40, 1))
    )
    results = report.to_sarif(same, root=Path.cwd())["runs"][0]["results"]
    assert len({r["partialFingerprints"][report.FINGERPRINT_KEY] for r in results}) == 9


def test_rules_have_the_codes_fixed_level_and_help(lint_tree, validator, monkeypatch):
    monkeypatch.delenv(report.HELP_BASE_ENV, raising=False)
    document = _lint_sarif(lint_tree / "docs", lint_tree)
    driver = document["runs"][0]["tool"]["driver"]
    by_id = {rule["id"]: rule for rule in driver["rules"]}
    assert set(by_id) == set(CODES)
    level = {
        Severity.ERROR: "error",
        Severity.WARNING: "warning",
        Severity.INFO: "note",
    }
    for code, (severity, description) in CODES.items():
        rule = by_id[code]
        assert rule["defaultConfiguration"]["level"] == level[severity]
        assert rule["shortDescription"]["text"] == description
        assert rule["fullDescription"]["text"] != description  # it adds how to fix it
        assert f"docs/lint-codes.md#{code}" in rule["help"]["markdown"]
        assert "helpUri" not in rule  # no hosting address is known
    with_base = report.to_sarif(
        [], rules=rules(), help_base="https://example.invalid/tree/main/"
    )
    uri = with_base["runs"][0]["tool"]["driver"]["rules"][0]["helpUri"]
    assert (
        uri
        == f"https://example.invalid/tree/main/docs/lint-codes.md#{sorted(CODES)[0]}"
    )


def test_uris_are_relative_to_the_project_root(lint_tree, monkeypatch):
    monkeypatch.chdir(
        lint_tree / "docs" / "unresolved-link"
    )  # below the root: paths show as ../…
    assert report.project_root() == lint_tree
    document = report.to_sarif(lint(build_model([Path("..")], jobs=1)), rules=rules())
    run = document["runs"][0]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == lint_tree.as_uri() + "/"
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in run["results"]
    }
    assert uris and all(uri.startswith("docs/") for uri in uris)
    related = [r for r in run["results"] if r.get("relatedLocations")]
    assert related and all(
        loc["physicalLocation"]["artifactLocation"]["uri"].startswith("docs/")
        for r in related
        for loc in r["relatedLocations"]
    )
    outside = report.to_sarif(
        [error("x", "m", Location("/elsewhere/a.md", 1, 1))], root=lint_tree
    )
    assert outside["runs"][0]["results"][0]["locations"][0]["physicalLocation"][
        "artifactLocation"
    ] == {"uri": "file:///elsewhere/a.md"}


def test_messages_carry_no_line_numbers(lint_tree):
    for d in lint(build_model([lint_tree / "docs"], jobs=1)):
        assert "line " not in d.message and not any(
            f":{n}:" in d.message for n in range(1, 500)
        ), d.message
