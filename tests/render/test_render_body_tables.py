"""A request body documented as one table per subtype (issue 16 item 5): the body is the base type
and accepts the subtypes by ``@odata.type`` (tests/fixtures/modern/body_tables/: today's
learningcourseactivity-update.md, with short resource pages)."""

from __future__ import annotations

from pathlib import Path

from render_helpers import render_to, run_pytest

from docgen.pipeline.build import build_model

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "modern" / "body_tables"


def test_a_subtype_body_passes_and_its_tests_run(tmp_path):
    model = build_model([PAGES])
    (op,) = model.operations
    assert op.request_body.type == "microsoft.graph.learningCourseActivity"
    assert {p.name for p in op.request_body.properties} >= {"assignedDateTime", "startedDateTime"}
    package, diags = render_to(model, tmp_path, "bodypkg")
    assert not [d for d in diags if d.code.startswith("example-")], [d.format() for d in diags]
    result = run_pytest(package / "tests", tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
