"""A 300-character name (issue 19: "File name too long" halfway through the moves) becomes a
shortened, collision-free module name with a ``long-name`` warning, and the write succeeds."""

from __future__ import annotations

from pathlib import Path

from conftest import SEED

from docgen.pipeline.run import Run
from docgen.render import naming
from docgen.render.options import RenderOptions
from docgen.write.output import write_output
from docgen.write.paths import COMPONENT_MAX


def test_a_very_long_name_is_shortened_and_reported(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("DOCGEN_CACHE_DIR", str(tmp_path / "cache"))
    docs = tmp_path / "docs"
    docs.mkdir()
    text = SEED.read_text(encoding="utf-8")
    for n, word in enumerate(("a", "b")):  # two long names that share their first 290 characters
        long = "learningAssignment" + "Very" * 70 + word
        (docs / f"page-{n}.md").write_text(text.replace("learningAssignment", long), encoding="utf-8")
    with Run(jobs=1) as run:
        files, diagnostics = run.render([docs], RenderOptions(), root=tmp_path)
    assert max(len(part) for rel in files for part in rel.split("/")) <= COMPONENT_MAX
    assert len(files) == len({rel.casefold() for rel in files})  # collision-free
    long_names = [d for d in diagnostics if d.code == "long-name"]
    assert long_names and all("characters; its module is" in d.message for d in long_names)
    result = write_output(files, tmp_path / "out")
    assert result.ok, result.diagnostics


def test_module_names_within_the_limit_are_unchanged() -> None:
    assert naming.module("learningAssignment") == "learning_assignment"
    long = naming.module("x" * 300)
    assert len(long) == naming.MODULE_NAME_MAX and long != naming.module("x" * 301)
