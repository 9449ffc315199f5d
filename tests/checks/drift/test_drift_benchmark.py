"""benchmarks/accuracy.py helpers: page evidence for properties the docs seem to lack."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from docgen.checks.drift.report import DriftReport, DriftSummary, Finding
from docgen.diagnostics import Location, Severity

SCRIPT = Path(__file__).resolve().parents[3] / "benchmarks" / "accuracy.py"


def load_benchmark():
    spec = importlib.util.spec_from_file_location("accuracy_benchmark", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def missing(path: Path, name: str) -> Finding:
    return Finding(
        kind="property-missing-in-docs",
        type="microsoft.graph.x",
        severity=Severity.WARNING,
        message=f"{name} is in the metadata but not in the docs",
        property=name,
        location=Location(path.name, 10, 1),
        pattern="structural property; docs type has other properties",
    )


def test_rows_in_the_page_text_are_tagged_and_pointed_at(tmp_path):
    page = tmp_path / "x.md"
    page.write_text(
        "# x resource type\n\n## Properties\n| Method | Return Type | Description |\n|:--|:--|:--|\n"
        "|data|Binary|The data.|\n<!--\n|hidden|String|Commented out.|\n-->\n| **Group** |||\n",
        encoding="utf-8",
    )
    report = DriftReport(
        "m.xml",
        (missing(page, "data"), missing(page, "hidden"), missing(page, "group")),
        DriftSummary((), (), ()),
    )
    tagged = load_benchmark().with_page_evidence(report, tmp_path)
    data, hidden, group = tagged.findings
    assert data.pattern.endswith("[the page has a row for it]")
    assert data.location == Location("x.md", 6, 1)
    assert hidden == report.findings[1]
    assert group == report.findings[2]
