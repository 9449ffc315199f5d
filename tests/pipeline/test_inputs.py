"""Finding pages (:mod:`docgen.pipeline.inputs`) and planning them: every way DOCS can hold
nothing is a located error, and no error about one run's inputs is ever stored in the cache.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from conftest import SEED

from docgen.pipeline.build import build, plan
from docgen.pipeline.cache import Cache
from docgen.pipeline.inputs import discover


def _where(diagnostics) -> list[tuple[str, str]]:
    return [(d.code, str(d.location)) for d in diagnostics]


def test_discover_names_sorts_and_skips(tmp_path: Path, monkeypatch) -> None:
    docs = tmp_path / "docs"
    (docs / "b" / "c").mkdir(parents=True)
    (docs / ".git").mkdir()
    (docs / "z.md").write_text("z", encoding="utf-8")
    (docs / "b" / "A.MD").write_text("a", encoding="utf-8")
    (docs / "b" / "c" / "x.md").write_text("x", encoding="utf-8")
    (docs / "b" / "notes.txt").write_text("n", encoding="utf-8")
    (docs / ".git" / "hidden.md").write_text("h", encoding="utf-8")
    other = tmp_path / "other"
    other.mkdir()
    (other / "linked.md").write_text("l", encoding="utf-8")
    os.symlink(other, docs / "link.md")  # a symlinked folder: not followed, and no page
    files, problems = discover([docs, docs / "z.md"], tmp_path)
    assert [f.display for f in files] == ["docs/b/A.MD", "docs/b/c/x.md", "docs/z.md"]
    assert problems == []
    monkeypatch.chdir(docs)
    files, _ = discover(["."])
    assert [f.display for f in files] == ["b/A.MD", "b/c/x.md", "z.md"]


def test_discover_reports_each_input_that_holds_nothing(
    tmp_path: Path, monkeypatch
) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "text").mkdir()
    (tmp_path / "text" / "a.txt").write_text("a", encoding="utf-8")
    (tmp_path / "file.md").write_text("# f", encoding="utf-8")
    (tmp_path / "good" / "locked").mkdir(parents=True)
    (tmp_path / "good" / "p.md").write_text("# p", encoding="utf-8")
    real = os.scandir

    def scandir(path="."):
        if os.path.basename(os.fspath(path)) == "locked":
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    inputs = ["gone", "empty", "text", "file.md/sub", "good"]
    files, problems = discover([tmp_path / name for name in inputs], tmp_path)
    assert [f.display for f in files] == ["good/p.md"]
    assert _where(problems) == [
        ("input-missing", "gone:1:1"),
        ("no-pages", "empty:1:1"),
        ("no-pages", "text:1:1"),
        ("input-missing", "file.md/sub:1:1"),
        ("unreadable-folder", "good/locked:1:1"),
    ]
    assert all(d.severity.label == "error" for d in problems)
    assert "a part of the path is a file" in problems[3].message
    assert "Permission denied" in problems[4].message


def test_plan_refuses_pages_it_will_not_read(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(SEED, docs / SEED.name)
    (docs / "bin.md").write_bytes(b"\x00\x01")
    os.mkfifo(docs / "pipe.md")
    planned = plan([docs], tmp_path)
    assert [display for _, display, _ in planned.items] == [f"docs/{SEED.name}"]
    assert planned.skipped == ("docs/bin.md", "docs/pipe.md")
    assert _where(planned.diagnostics) == [
        ("binary-file", "docs/bin.md:1:1"),
        ("not-a-file", "docs/pipe.md:1:1"),
    ]
    assert not planned.ok and plan([docs / SEED.name], tmp_path).ok


def test_the_stored_model_holds_no_input_error(tmp_path: Path) -> None:
    """A build with a missing input stores (when it stores) the model of its pages only: a later
    build of the same pages, from the cache, reports nothing about the earlier run's inputs.
    """
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(SEED, docs / SEED.name)
    cache = Cache(tmp_path / "cache")
    for _ in range(
        2
    ):  # the second run stores the model (every page came from the cache)
        missing = build(
            [docs, tmp_path / "nope"], cache=cache, root=tmp_path, jobs=1
        ).model
        assert "input-missing" in [d.code for d in missing.diagnostics]
    stored = cache.get("model", plan([docs], tmp_path).key)
    assert stored is not None
    assert "input-missing" not in [d.code for d in stored.diagnostics]
    again = build([docs], cache=cache, root=tmp_path, jobs=1).model
    assert again == build([docs], cache=Cache(None), root=tmp_path).model
