"""A stored model damaged inside a lazy field the patch does not read (review2, issue 18): the
patched model carries that field's stored data as it is, so before the fix every later run,
edited or not, failed with the same internal-error (``--no-cache`` helped one run only). The
guard now drops the stored models: one run reports the damage, the next gives the cold output."""

from __future__ import annotations

import json
from pathlib import Path

from test_incremental_model import tree  # noqa: F401 - the fixture
from test_incremental_model_lazy import _damaged_rows, _files, _generate, _plant


OTHER = ("--base-url", "https://other.example/v1.0")
"""Render options the cache has seen no render of: a render with them is a cold one, which reads
every type (a warm one after a cold one reads only what its jobs need, and may never meet the
damage: its output is then right, as the corpus's is)."""


def test_a_damaged_lazy_field_is_reported_once_then_the_pages_are_resolved_again(tree: Path) -> None:  # noqa: F811
    _generate(tree, tree.parent / "warm")
    _plant(tree.parent / "cache", _damaged_rows("entity"))  # not the edited page's type: the render reads it
    page = tree / "resources" / "part.md"
    page.write_text(page.read_text(encoding="utf-8").replace("The part's label.", "The label."), encoding="utf-8")
    code, output = _generate(tree, tree.parent / "warm", *OTHER)
    assert code == 1 and "Traceback" not in output
    assert "internal-error" in output and "damaged" in output and "dropped" in output
    for edit in (None, ("The label.", "The label!")):
        if edit is not None:
            page.write_text(page.read_text(encoding="utf-8").replace(*edit), encoding="utf-8")
        code, output = _generate(tree, tree.parent / "warm", *OTHER)
        cold_code, cold = _generate(tree, tree.parent / "cold", "--no-cache", *OTHER)
        assert "internal-error" not in output, output[:400]
        assert code == cold_code and json.loads(output)["diagnostics"] == json.loads(cold)["diagnostics"]
        assert _files(tree.parent / "warm") == _files(tree.parent / "cold")
