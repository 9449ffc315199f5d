"""Large cache entries stored in content-addressed parts (docgen.pipeline.parts, session 22): read
back equal, shared between entries that differ in a few items, and a part gone or planted is a
miss, never a wrong value or a traceback. With the sizes lowered, the small tree's model and
render are stored in parts, and a warm edit, its undo and the next edit give the cold output,
patched (no whole resolve), the undo storing no part."""

from __future__ import annotations

import marshal
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from test_incremental_model import tree  # noqa: F401 - the fixture
from test_cache_in_use import _replace, _same_as_cold

from docgen.pipeline import entry_writer, parts, plain, stored_model
from docgen.pipeline.cache import DB_NAME, PARTED, Cache


def _value(n: int, changed: int | None = None) -> tuple:
    rows = tuple(f"row {i}: {'x' * (i % 50)}" if i != changed else "an edited row" for i in range(n))
    return ("a tag", rows, [f"name {i}" for i in range(40)], tuple((i, f"d{i}") for i in range(n)))


def _store(cache: Cache, key: str, value: object) -> None:
    cache.put_payloads("render", parts.put_split(cache, "render", [(key, plain.dumps(value))]))


def _rows(root: Path, kind: str) -> dict[str, bytes]:
    with closing(sqlite3.connect(root / DB_NAME)) as db:
        return dict(db.execute("SELECT key, CAST(payload AS BLOB) FROM entries WHERE kind = ?", (kind,)).fetchall())


def test_the_kinds_in_parts_are_the_ones_their_modules_store() -> None:
    assert PARTED == {stored_model.MODEL: stored_model.FIELDS, **{kind: parts.PARTS for kind in parts.SPLIT_KINDS}}


def test_an_entry_in_parts_reads_back_equal_and_shares_its_parts(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    value, edited = _value(5000), _value(5000, changed=2500)
    _store(cache, "one", value)
    first = set(_rows(tmp_path / "cache", parts.PARTS))
    _store(cache, "two", edited)
    stored = _rows(tmp_path / "cache", "render")
    assert all(len(payload) < 4096 for payload in stored.values())  # skeletons: the columns are parts
    assert marshal.loads(stored["one"])[0] == parts.MARK
    added = set(_rows(tmp_path / "cache", parts.PARTS)) - first
    assert len(first) >= 4 and len(added) == 1  # the edited item's part only
    assert cache.get("render", "one") == value and cache.get("render", "two") == edited
    small = ("a tag", ("few", "rows"))
    _store(cache, "small", small)  # below PART_BYTES: stored whole, as before
    assert marshal.loads(_rows(tmp_path / "cache", "render")["small"]) == plain.encode(small)
    assert cache.get("render", "small") == small


@pytest.mark.parametrize("damage", ["gone", "not a tuple", "other items"])
def test_a_part_gone_or_planted_is_a_miss(tmp_path: Path, damage: str) -> None:
    cache = Cache(tmp_path / "cache")
    _store(cache, "one", _value(5000))
    name = sorted(_rows(tmp_path / "cache", parts.PARTS))[0]
    if damage == "gone":
        with closing(sqlite3.connect(tmp_path / "cache" / DB_NAME)) as db, db:
            db.execute("DELETE FROM entries WHERE kind = ? AND key = ?", (parts.PARTS, name))
    else:
        planted = marshal.dumps(["code"], 2) if damage == "not a tuple" else marshal.dumps(("x",), 2)
        cache.put_payloads(parts.PARTS, [(name, planted)])  # a valid entry of another shape or length
    assert cache.get("render", "one") is None


def test_small_parts_give_the_cold_output_and_an_undo_stores_none(tree: Path, monkeypatch, resolves: list[int]) -> None:  # noqa: F811
    monkeypatch.setattr(parts, "PART_BYTES", 64)  # (the storing children are forked: they see these)
    monkeypatch.setattr(parts, "PART_TARGET", 4096)
    monkeypatch.setattr(parts, "MIN_ITEMS", 2)
    cache = tree.parent / "cache"
    _same_as_cold(tree, "cold")
    entry_writer.finish_writes()
    (model,) = _rows(cache, stored_model.MODEL).values()
    assert marshal.loads(model)[0] == parts.MARK  # the model's columns in parts, among its fields' entries
    assert any(marshal.loads(payload)[0] == parts.MARK for payload in _rows(cache, "render").values())
    widget = tree / "resources" / "widget.md"
    _replace(widget, "| A red widget. |", "| A widget painted red. |")
    resolves.clear()
    _same_as_cold(tree, "an edit")
    assert len(resolves) == 1, "the edit resolved whole (the one resolve is --no-cache's)"
    entry_writer.finish_writes()
    before = {kind: set(_rows(cache, kind)) for kind in (parts.PARTS, stored_model.FIELDS)}
    _replace(widget, "| A widget painted red. |", "| A red widget. |")
    _same_as_cold(tree, "the undo")
    entry_writer.finish_writes()
    assert {kind: set(_rows(cache, kind)) for kind in before} == before  # found them all: stored none
    _replace(widget, "| A red widget. |", "| A widget painted blue. |")
    resolves.clear()
    _same_as_cold(tree, "the next edit")
    assert len(resolves) == 1


def _nested(n: int) -> list:
    """Plain data with columns at several depths under short lists and tuples, a long list and
    tuples too short to be columns (what a model's and a render's entries hold)."""
    rows = tuple(f"row {i}: {'x' * (i % 50)}" for i in range(n))
    return ["Model", ["OB", "TypeDef", rows, tuple(range(n)), (1, 2.5, None, True, b"sealed")],
            ("short", ("deeper", rows[: n // 2], [tuple((i, f"d{i}") for i in range(n))])),
            ["L", *[f"item {i}" for i in range(parts.FEW + 3)]], tuple([("a", i) for i in range(n)]), "end"]


def test_a_split_measures_short_containers_by_their_items_and_splits_as_measured_whole() -> None:
    data = _nested(3000)
    size, items = parts._measured(data)
    assert size == len(marshal.dumps(data, parts.VERSION)) and items is not None

    def check(node) -> None:  # every container measured by its items is as long as marshal writes it
        found, inner = parts._measured(node)
        assert found == len(marshal.dumps(node, parts.VERSION))
        for item in node if inner is not None else ():
            check(item)

    check(data)
    chunks: list = []
    whole: list = []  # each container marshalled whole at each level (nothing measured ahead)
    skeleton, layout = parts.split(data, chunks)
    again = parts._split(_nested(3000), (), whole, found := [])
    assert chunks and layout and chunks == whole and layout == tuple(found)
    assert marshal.dumps(skeleton, 2) == marshal.dumps(again, 2)
