"""Identifiers the docs spell with underscores (issue 16 item 8): searchHit's ``_id``, ``_score``,
``_source`` keep their wire names from the page to the generated tests
(tests/fixtures/modern/underscores/)."""

from __future__ import annotations

from pathlib import Path

from render_helpers import render_to, run_pytest

from docgen.pipeline.build import build_model

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "modern" / "underscores"


def test_underscored_names_keep_their_wire_names(tmp_path):
    model = build_model([PAGES])
    hit = model.type_index()["microsoft.graph.searchHit"]
    assert [p.name for p in hit.properties] == ["_id", "_score", "_summary", "_source", "contentSource"]
    package, diags = render_to(model, tmp_path, "hitpkg")
    assert not [d for d in diags if d.code.startswith("example-")], [d.format() for d in diags]
    module = next((package / "models").glob("search_hit.py")).read_text()
    for wire in ("_id", "_score", "_summary", "_source"):
        assert f'"{wire} ' in module  # the wire map: "id_": "_id str"
    result = run_pytest(package / "tests", tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
