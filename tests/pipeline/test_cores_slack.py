"""The entry of a tree's page keys and core digests (kind ``cores``, docgen.pipeline.build) is not
written again for a few pages edited since (their digests are read from their own ``core``
entries), and is once more than CORES_SLACK are: every load gives each page's digest all the same."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from docgen.pipeline import build as build_module
from docgen.pipeline.build import CORES, load_pages, plan
from docgen.pipeline.cache import DB_NAME, Cache


def _tree(root: Path, count: int) -> Path:
    docs = root / "docs"
    docs.mkdir(parents=True)
    for i in range(count):
        (docs / f"page-{i}.md").write_text(f"# widget{i} resource type\n\nNamespace: microsoft.graph\n\nThe widget {i}.\n",
                                           encoding="utf-8")
    return docs


def _written(root: Path) -> list[int]:
    with closing(sqlite3.connect(root / DB_NAME)) as db:
        return [rowid for (rowid,) in db.execute("SELECT rowid FROM entries WHERE kind = ?", (CORES,))]


def _digests(docs: Path, cache: Cache) -> list[str]:
    return list(load_pages(plan([docs], docs.parent), cache, jobs=1)._digests)


def test_a_few_pages_edited_leave_the_entry_and_more_write_it(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(build_module, "CORES_SLACK", 2)
    docs = _tree(tmp_path, 6)
    root = tmp_path / "cache"
    first = _digests(docs, Cache(root))
    written = _written(root)
    assert len(written) == 1
    assert _digests(docs, Cache(root)) == first and _written(root) == written  # unchanged: not written
    for i in range(2):  # two pages edited: within the slack, the entry stays as it was
        page = docs / f"page-{i}.md"
        page.write_text(page.read_text(encoding="utf-8").replace("microsoft.graph", "microsoft.other"), encoding="utf-8")
    edited = _digests(docs, Cache(root))
    assert edited != first and edited[2:] == first[2:]
    assert _written(root) == written
    assert _digests(docs, Cache(root)) == edited  # the two read from their own entries
    cold = _digests(docs, Cache(None))
    assert edited == cold
    page = docs / "page-2.md"  # a third: past the slack, written again
    page.write_text(page.read_text(encoding="utf-8").replace("microsoft.graph", "microsoft.other"), encoding="utf-8")
    third = _digests(docs, Cache(root))
    assert third == _digests(docs, Cache(None))
    assert _written(root) != written
    assert _digests(docs, Cache(root)) == third
