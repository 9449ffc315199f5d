"""The stored tree a patch starts from (kind ``tree-data``), read without decoding its parts of
plain tuples (:func:`docgen.pipeline.build._tree_data`): an entry of any other shape, planted with
a matching digest, or bytes that are not marshal, is no tree: the edit is resolved whole and the
model is a cold build's. The entry as it is stored is read and patched from."""

from __future__ import annotations

import marshal
import sqlite3
import sys
from contextlib import closing
from pathlib import Path
from typing import Any, Callable

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from test_incremental_model import PATCHED, RESOLVED, _check, _model, tree  # noqa: E402, F401 - the fixture

from docgen.pipeline.build import TREE_DATA  # noqa: E402
from docgen.pipeline.cache import DB_NAME, entry_digest  # noqa: E402


def _rewrite(cache: Path, change: Callable[[Any], Any] | None, raw: bytes | None = None) -> None:
    """Every stored tree's data made ``change(data)`` (or the bytes ``raw``), its digest matched."""
    with closing(sqlite3.connect(cache / DB_NAME)) as db, db:
        rows = db.execute("SELECT key, CAST(payload AS BLOB) FROM entries WHERE kind = ?", (TREE_DATA,)).fetchall()
        assert rows
        for key, payload in rows:
            planted = raw if raw is not None else marshal.dumps(change(marshal.loads(payload)), 4)
            db.execute("UPDATE entries SET payload = ?, sha256 = ? WHERE kind = ? AND key = ?",
                       (planted, entry_digest(TREE_DATA, key, planted), TREE_DATA, key))


def _edit(docs: Path, before: str, after: str) -> None:
    page = docs / "resources" / "widget.md"
    page.write_text(page.read_text(encoding="utf-8").replace(before, after), encoding="utf-8")


PLANTS: dict[str, Callable[[Any], Any]] = {
    "a page key that is a list": lambda data: ((["L", "x"], *data[0][1:]), *data[1:]),
    "an index pair of a number": lambda data: (data[0], ((1, "id"), *data[1]), *data[2:]),
    "an index pair of three": lambda data: (data[0], (("a", "b", "c"), *data[1]), *data[2:]),
    "a table holding a list": lambda data: (*data[:3], ((["L"], ()), *data[3])),
    "a comparison of an unknown class": lambda data: (*data[:2], (["Nowhere", 1], *data[2]), data[3]),
    "three parts": lambda data: data[:3],
    "a list": lambda data: ["L", *data],
}


@pytest.mark.parametrize("plant", sorted(PLANTS))
def test_a_planted_tree_is_resolved_whole_to_the_cold_model(tree: Path, resolves: list[int], plant: str) -> None:  # noqa: F811
    _model(tree)
    _rewrite(tree.parent / "cache", PLANTS[plant])
    _edit(tree, "A red widget.", "A reddish widget.")
    _check(tree, resolves, RESOLVED, f"a description edit after {plant}")


def test_bytes_that_are_not_marshal_are_no_tree(tree: Path, resolves: list[int]) -> None:  # noqa: F811
    _model(tree)
    _rewrite(tree.parent / "cache", None, raw=b"\xff\x00not marshal")
    _edit(tree, "A red widget.", "A reddish widget.")
    _check(tree, resolves, RESOLVED, "a description edit after a tree that is not marshal")


def test_the_stored_tree_is_patched_from_as_it_is(tree: Path, resolves: list[int]) -> None:  # noqa: F811
    _model(tree)
    _rewrite(tree.parent / "cache", lambda data: data)  # the same data written again: still a tree
    _edit(tree, "A red widget.", "A reddish widget.")
    _check(tree, resolves, PATCHED, "a description edit from the stored tree")


def test_a_tree_read_ahead_is_given_once_to_its_key(tree: Path) -> None:  # noqa: F811
    """What :func:`~docgen.pipeline.tree_entry.read_ahead` read is what the next take of its key
    gets (even when the entry changed since), once: a second take reads the cache."""
    from docgen.pipeline.cache import Cache
    from docgen.pipeline.tree_entry import read_ahead, take_tree_data, tree_data

    _model(tree)
    cache = Cache(tree.parent / "cache")
    with closing(sqlite3.connect(tree.parent / "cache" / DB_NAME)) as db:
        (key,), = db.execute("SELECT key FROM entries WHERE kind = ?", (TREE_DATA,)).fetchall()
    stored = tree_data(cache, key)
    assert stored is not None
    read_ahead(cache, key)
    _rewrite(tree.parent / "cache", None, raw=b"not marshal")
    assert take_tree_data(cache, key) == stored  # read before the entry changed
    assert take_tree_data(cache, key) is None  # taken once: read now
