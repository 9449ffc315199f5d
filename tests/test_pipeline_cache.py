"""The content-hash cache: unchanged pages are not parsed again, changed ones are, corrupt
entries are discarded, and the result is always what a cold build gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SEED
from docgen.cache import Cache
from docgen.model_json import dumps
from docgen.pipeline import build, plan


@pytest.fixture()
def tree(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    text = SEED.read_text(encoding="utf-8")
    for n in range(5):
        (docs / f"page-{n}.md").write_text(text.replace("learningAssignment", f"learningAssignment{n}"), encoding="utf-8")
    return docs


def _cold(docs: Path) -> str:
    return dumps(build([docs], cache=Cache(None), root=docs.parent, jobs=1).model)


def test_unchanged_tree_is_one_lookup(tree: Path, tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    first = build([tree], cache=cache, root=tree.parent, jobs=1)
    again = Cache(tmp_path / "cache")
    second = build([tree], cache=again, root=tree.parent, jobs=1)
    assert (again.hits, again.misses) == (1, 0)  # the model, nothing else
    assert dumps(second.model) == dumps(first.model) == _cold(tree)
    assert second.key == first.key == plan([tree], tree.parent).key


def test_one_changed_page_is_the_only_one_parsed(tree: Path, tmp_path: Path) -> None:
    build([tree], cache=Cache(tmp_path / "cache"), root=tree.parent, jobs=1)
    page = tree / "page-3.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Update the properties", "Change the properties"), encoding="utf-8")
    cache = Cache(tmp_path / "cache")
    result = build([tree], cache=cache, root=tree.parent, jobs=1)
    # model: miss; four pages: hits; the changed page: miss
    assert (cache.hits, cache.misses) == (4, 2)
    assert dumps(result.model) == _cold(tree)
    assert "Change the properties" in dumps(result.model)


def test_corrupt_entries_are_discarded(tree: Path, tmp_path: Path) -> None:
    root = tmp_path / "cache"
    build([tree], cache=Cache(root), root=tree.parent, jobs=1)
    for entry in (root / "model").rglob("*"):
        if entry.is_file():
            entry.write_bytes(b"garbage")
    pages = sorted(p for p in (root / "page").rglob("*") if p.is_file())
    pages[0].write_bytes(pages[0].read_bytes()[:-10])  # truncated
    cache = Cache(root)
    result = build([tree], cache=cache, root=tree.parent, jobs=1)
    assert dumps(result.model) == _cold(tree)
    assert cache.hits == 4  # the four intact pages; the model and the truncated page were redone


def test_no_cache_writes_nothing(tree: Path, tmp_path: Path) -> None:
    build([tree], cache=Cache(None), root=tree.parent, jobs=1)
    assert not (tmp_path / "cache").exists()


def test_parallel_build_fills_the_same_cache(tree: Path, tmp_path: Path, monkeypatch) -> None:
    import docgen.pipeline as pipeline

    monkeypatch.setattr(pipeline, "PARALLEL_THRESHOLD", 2)
    build([tree], cache=Cache(tmp_path / "cache"), root=tree.parent, jobs=2)
    cache = Cache(tmp_path / "cache")
    for entry in (tmp_path / "cache" / "model").rglob("*"):
        if entry.is_file():
            entry.unlink()
    result = build([tree], cache=cache, root=tree.parent, jobs=1)
    assert (cache.hits, cache.misses) == (5, 1)  # every page was cached by whichever process parsed it
    assert dumps(result.model) == _cold(tree)
