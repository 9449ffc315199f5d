"""The cache under many edits (session 21): eviction keeps what the next edit needs, and a stored
model's fields' entry lost mid-run gives the ``--no-cache`` output.

Eviction drops the entries used least recently (written or read), but never the entries of the
model a tree's next edit patches nor its pages' parses (:mod:`docgen.pipeline.in_use`): before,
the oldest written quarter went, with the cold run's parse of every page not edited since, and
the first edit of such a page paid a whole resolve. The limit is lowered through the module's
constant (what ``$DOCGEN_CACHE_LIMIT`` sets for a whole process). A fields' entry deleted after
its model was read (another docgen evicting, a user deleting) used to fail the run with an
internal-error; the render is now made again from a model resolved (or patched from one whole).
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from contextlib import closing
from pathlib import Path

import pytest
from test_incremental_model import tree  # noqa: F401 - the fixture
from test_incremental_model_lazy import _files, _generate

import docgen.pipeline.build as build_module
import docgen.pipeline.cache as cache_module
from docgen.model import lazy
from docgen.pipeline import entry_writer, in_use, lazy_data, parts, stored_model, tree_entry
from docgen.pipeline.cache import DB_NAME, Cache, user_cache_dir
from docgen.pipeline.stored_model import FIELDS, FieldsGone, load_model


def _in_use_bytes(cache: Path) -> int:
    with closing(sqlite3.connect(cache / DB_NAME)) as db:
        pages, free, size = (db.execute(f"PRAGMA {name}").fetchone()[0] for name in ("page_count", "freelist_count", "page_size"))
    return (pages - free) * size


def _keys(cache: Path, kind: str | None = None) -> set[tuple[str, str]]:
    with closing(sqlite3.connect(cache / DB_NAME)) as db:
        rows = db.execute("SELECT kind, key FROM entries" + (" WHERE kind = ?" if kind else ""), (kind,) if kind else ())
        return set(rows.fetchall())


def _replace(page: Path, old: str, new: str) -> None:
    text = page.read_text(encoding="utf-8")
    assert old in text, old
    page.write_text(text.replace(old, new, 1), encoding="utf-8")


def _same_as_cold(tree: Path, what: str) -> None:  # noqa: F811
    code, warm = _generate(tree, tree.parent / "warm")
    cold_code, cold = _generate(tree, tree.parent / "cold", "--no-cache")
    assert "internal-error" not in warm and code == cold_code, (what, warm[:400])
    assert json.loads(warm)["diagnostics"] == json.loads(cold)["diagnostics"], what
    assert _files(tree.parent / "warm") == _files(tree.parent / "cold"), what


def test_the_kinds_in_use_are_the_ones_their_modules_store() -> None:
    assert in_use.TREE == build_module.TREE and in_use.TREE_DATA == tree_entry.TREE_DATA
    assert in_use.FIELDS == stored_model.FIELDS and in_use.CHUNKS == stored_model.CHUNKS
    assert in_use.PARTS == parts.PARTS
    assert in_use.MODEL_KINDS == (stored_model.MODEL, stored_model.DIGESTS, stored_model.PLACES, stored_model.CHUNKS)


def test_the_limit_is_set_by_the_environment(monkeypatch) -> None:
    monkeypatch.setenv(in_use.LIMIT_ENV, str(3 << 20))
    assert in_use.size_limit(cache_module.SIZE_LIMIT) == 3 << 20
    for refused in ("", "12", "-5", "lots", str((1 << 20) - 1)):  # not a number, or too small to hold a tree
        monkeypatch.setenv(in_use.LIMIT_ENV, refused)
        assert in_use.size_limit(cache_module.SIZE_LIMIT) == cache_module.SIZE_LIMIT


def test_entries_read_are_kept_over_entries_written_before_them(tmp_path: Path, monkeypatch) -> None:
    cache = Cache(tmp_path / "cache")
    cache.put_payloads("page", [(f"old-{n}", bytes(4096)) for n in range(40)])
    cache.put_payloads("page", [(f"mid-{n}", bytes(4096)) for n in range(20)])
    assert cache.get_payloads("page", [f"old-{n}" for n in range(10)]).keys() == {f"old-{n}" for n in range(10)}
    cache.mark_used()  # what a run does when it ends: the entries it read are the ones used last
    monkeypatch.setattr(cache_module, "SIZE_LIMIT", 200 * 1024)
    cache.put_payloads("page", [(f"new-{n}", bytes(4096)) for n in range(8)])
    keys = {key for _, key in _keys(tmp_path / "cache", "page")}
    assert cache.evictions >= 1
    assert {f"old-{n}" for n in range(10)} <= keys  # read last: kept
    assert {f"new-{n}" for n in range(8)} <= keys  # written last: kept
    gone = {f"{age}-{n}" for age, count in (("old", 40), ("mid", 20)) for n in range(count)} - keys
    unread = {f"old-{n}" for n in range(10, 40)}
    assert "old-10" in gone and (gone <= unread or unread <= gone)  # neither read nor written since: gone first


def _used(cache: Path) -> dict[str, int]:
    with closing(sqlite3.connect(cache / DB_NAME)) as db:
        return dict(db.execute("SELECT key, used FROM entries").fetchall())


def test_a_large_entry_marked_lately_is_not_marked_again(tmp_path: Path) -> None:
    """Marking a row rewrites it whole (its payload too): a large entry marked used within
    MARK_LARGE_EVERY_NS keeps its mark; a small one, or a large one marked before that, is marked."""
    cache = Cache(tmp_path / "cache")
    cache.put_payloads("render", [("large", bytes(cache_module.LARGE)), ("small", bytes(4096))])
    cache.put_payloads("render", [("old", bytes(cache_module.LARGE))])
    with closing(sqlite3.connect(tmp_path / "cache" / DB_NAME)) as db, db:  # "old": last used two minutes ago
        db.execute("UPDATE entries SET used = used - ? WHERE key = 'old'", (2 * cache_module.MARK_LARGE_EVERY_NS,))
    before = _used(tmp_path / "cache")
    assert cache.get_payloads("render", ["large", "small", "old"]).keys() == {"large", "small", "old"}
    cache.mark_used()
    after = _used(tmp_path / "cache")
    assert after["large"] == before["large"]  # marked when written, a moment ago
    assert after["small"] > before["small"] and after["old"] > before["old"]
    assert after["old"] == after["small"]  # both marked by this call


def test_an_entry_of_a_few_pages_marked_lately_is_not_rewritten(tmp_path: Path) -> None:
    """From MARK_LATELY_FROM bytes (a model field's entry: tens of kB, a hundred read by every warm
    edit) an entry marked within MARK_LARGE_EVERY_NS keeps its mark; one just below it is marked."""
    cache = Cache(tmp_path / "cache")
    least = cache_module.MARK_LATELY_FROM
    assert 4096 < least < cache_module.LARGE
    cache.put_payloads("model-fields", [("medium", bytes(least)), ("below", bytes(least - 1))])
    before = _used(tmp_path / "cache")
    assert cache.get_payloads("model-fields", ["medium", "below"]).keys() == {"medium", "below"}
    cache.mark_used()
    after = _used(tmp_path / "cache")
    assert after["medium"] == before["medium"]  # marked when written, a moment ago
    assert after["below"] > before["below"]
    with closing(sqlite3.connect(tmp_path / "cache" / DB_NAME)) as db, db:  # last used two minutes ago
        db.execute("UPDATE entries SET used = used - ? WHERE key = 'medium'", (2 * cache_module.MARK_LARGE_EVERY_NS,))
    assert cache.get_payloads("model-fields", ["medium"]).keys() == {"medium"}
    cache.mark_used()
    assert _used(tmp_path / "cache")["medium"] > before["medium"]  # marked again once the minute passed


def test_the_mark_a_read_saw_decides_without_a_look_up(tmp_path: Path) -> None:
    """An entry of MARK_LATELY_FROM bytes or more whose read saw it marked within the minute is
    left as it is by mark_used without its row being looked up again (reading ``used``, stored
    after the payload, walks the payload's pages): here its mark, made old behind the read's
    back, stays old; an entry read without its mark (through ``stamps``) is looked up and marked."""
    cache = Cache(tmp_path / "cache")
    least = cache_module.MARK_LATELY_FROM
    cache.put_payloads("model-fields", [("read", bytes(least)), ("many", bytes(least)), ("digest", bytes(least))])
    assert cache.get_payload("model-fields", "read") == bytes(least)
    assert cache.get_payloads("model-fields", ["many"]).keys() == {"many"}
    assert cache.stamps("model-fields", ["digest"]).keys() == {"digest"}
    with closing(sqlite3.connect(tmp_path / "cache" / DB_NAME)) as db, db:
        db.execute("UPDATE entries SET used = used - ?", (2 * cache_module.MARK_LARGE_EVERY_NS,))
    before = _used(tmp_path / "cache")
    cache.mark_used()
    after = _used(tmp_path / "cache")
    assert after["read"] == before["read"] and after["many"] == before["many"]
    assert after["digest"] > before["digest"]


def test_large_entries_go_before_small_ones(tmp_path: Path, monkeypatch) -> None:
    """A tree's entries (a model, a render: megabytes) go before a page's or a job's (kilobytes,
    which every later run of the tree uses by reference without reading them)."""
    cache = Cache(tmp_path / "cache")
    cache.put_payloads("page", [(f"small-{n}", bytes(4096)) for n in range(64)])
    cache.put_payloads("render", [(f"large-{n}", bytes(in_use.LARGE)) for n in range(4)])
    monkeypatch.setattr(cache_module, "SIZE_LIMIT", 1024 * 1024)
    cache.put_payloads("render", [("newest", bytes(in_use.LARGE))])
    assert cache.evictions == 1
    keys = {key for _, key in _keys(tmp_path / "cache")}
    assert {f"small-{n}" for n in range(64)} <= keys and "newest" in keys
    assert "large-0" not in keys and len(keys) < 69  # the oldest large ones went, no small one


def test_past_the_limit_every_edit_is_still_patched(tree: Path, monkeypatch, resolves: list[int]) -> None:  # noqa: F811
    cache = tree.parent / "cache"
    _generate(tree, tree.parent / "warm")
    entry_writer.finish_writes()
    cold = _keys(cache)
    cold_size = _in_use_bytes(cache)
    monkeypatch.setattr(cache_module, "SIZE_LIMIT", cold_size + cold_size // 2)  # past it within a few edits
    widget, part = tree / "resources" / "widget.md", tree / "resources" / "part.md"
    name = "The widget's display name."
    for n in range(12):  # edits of one page, each put back: the other pages' parses are the cold run's
        _replace(widget, name, f"The name, take {n}.")
        resolves.clear()
        _generate(tree, tree.parent / "warm")
        assert resolves == [], f"edit {n}: resolved, not patched"
        _replace(widget, f"The name, take {n}.", name)
        _generate(tree, tree.parent / "warm")
    entry_writer.finish_writes()
    assert cold - _keys(cache), "nothing was evicted: the limit was never reached"
    _replace(part, "The part's label.", "The label.")  # a page no run has parsed since the cold one
    resolves.clear()
    _same_as_cold(tree, "an edit of a page parsed by the cold run only")
    assert len(resolves) == 1, "the warm run resolved the pages again (the second resolve is --no-cache's)"


def _unique(tree: Path) -> None:  # noqa: F811
    """Make the tree's sealed fields (an enum member's description, a request body row's) this
    test's own: a fields' entry is named by its content, and a field is fetched from any cache
    this process read a model from (another test's, here), so a loss is only a loss when no
    other cache holds the same fields."""
    token = uuid.uuid4().hex
    _replace(tree / "resources" / "widget.md", "| A red widget. |", f"| A red widget ({token}). |")
    _replace(tree / "api" / "widget-update.md", "new name. Optional.", f"new name ({token}). Optional.")


def _dropping_fields(monkeypatch) -> list[str]:
    """Make every stored model read by a build lose its fields' entries right after it is read (as
    another docgen evicting them, or a user deleting them, would), once; the keys of the models read."""
    read: list[str] = []
    real = build_module.load_model

    def load_then_drop(cache: Cache, key: str):
        model = real(cache, key)
        if model is not None and not read:
            entry_writer.finish_writes()
            Cache(user_cache_dir()).drop_kinds([FIELDS])  # through another handle, as another process would
        read.append(key)
        return model

    monkeypatch.setattr(build_module, "load_model", load_then_drop)
    return read


OTHER = ("--base-url", "https://other.example/v1.0")
"""Render options no render has been stored for: the render reads the stored model's fields."""


def test_a_fields_entry_lost_after_the_model_is_read_gives_the_cold_output(tree: Path, monkeypatch) -> None:  # noqa: F811
    _unique(tree)
    _generate(tree, tree.parent / "warm")
    entry_writer.finish_writes()
    read = _dropping_fields(monkeypatch)
    code, warm = _generate(tree, tree.parent / "warm", *OTHER)
    cold_code, cold = _generate(tree, tree.parent / "cold", "--no-cache", *OTHER)
    assert read, "no stored model was read"
    assert code == cold_code and "internal-error" not in warm, warm[:400]
    assert json.loads(warm)["diagnostics"] == json.loads(cold)["diagnostics"]
    assert _files(tree.parent / "warm") == _files(tree.parent / "cold")
    monkeypatch.undo()
    _same_as_cold(tree, "the run after it")


def test_a_fields_entry_lost_while_an_edit_patches_gives_the_cold_output(tree: Path, monkeypatch) -> None:  # noqa: F811
    _unique(tree)
    _generate(tree, tree.parent / "warm")
    entry_writer.finish_writes()
    widget = tree / "resources" / "widget.md"
    _replace(widget, "The widget's display name.", "The name.")
    read = _dropping_fields(monkeypatch)
    _same_as_cold(tree, "a description edit whose stored model lost its fields while patched")
    assert read, "no stored model was read"
    monkeypatch.undo()
    _replace(widget, "The name.", "The name, again.")
    _same_as_cold(tree, "the next edit")


def test_a_field_read_after_its_entry_is_gone_says_so(tree: Path) -> None:  # noqa: F811
    _unique(tree)
    _generate(tree, tree.parent / "warm")
    entry_writer.finish_writes()
    cache = Cache(user_cache_dir())
    (key, _), = [(key, kind) for kind, key in _keys(tree.parent / "cache", stored_model.MODEL)]
    model = load_model(cache, key)
    assert model is not None
    cache.drop_kinds([FIELDS])
    owner, name = next((value, name) for value in model.types
                       for name, item in (value.__dict__.get(lazy.PENDING) or {}).items() if lazy_data.is_ref(item))
    with pytest.raises(FieldsGone, match="is gone"):  # not a DamagedModel: nothing is damaged
        getattr(owner, name)
    assert load_model(cache, key) is None  # a model with its fields gone is no model: a resolve


def _evict(cache: Path, kind: str, key: str) -> None:
    """Drop one entry as eviction does (another docgen's, or this one's at a lower limit): by row."""
    with closing(sqlite3.connect(cache / DB_NAME)) as db, db:
        assert db.execute("DELETE FROM entries WHERE kind = ? AND key = ?", (kind, key)).rowcount == 1


@pytest.mark.parametrize("lost", [stored_model.MODEL, FIELDS])
def test_an_undone_edit_whose_model_was_evicted_is_not_the_next_edits_base(tree: Path, resolves: list[int], lost: str) -> None:  # noqa: F811
    """An undo answered from its stored render points the tree at the undone pages' model only
    when that model is still whole: its tree data alone (what eviction may leave: the model's
    entry and its fields' entries are dropped apart) led the next edit to a model that was gone,
    and that edit resolved the pages whole."""
    _unique(tree)
    cache = tree.parent / "cache"
    widget = tree / "resources" / "widget.md"
    name = "| A red widget ("  # an enum member's description: a sealed field, in a fields' entry
    _generate(tree, tree.parent / "warm")
    entry_writer.finish_writes()
    (cold,) = [key for _, key in _keys(cache, stored_model.MODEL)]
    _replace(widget, name, "| A widget, edited (")
    _generate(tree, tree.parent / "warm")
    entry_writer.finish_writes()
    (edited,) = [key for _, key in _keys(cache, stored_model.MODEL) if key != cold]
    if lost == FIELDS:  # a fields' entry the cold model has and the edited one does not
        theirs, ours = (Cache(cache).get(stored_model.CHUNKS, key) for key in (cold, edited))
        only = set(theirs) - set(ours)
        assert only, "the edit changed no fields' entry"
        _evict(cache, FIELDS, sorted(only)[0])
    else:
        _evict(cache, stored_model.MODEL, cold)
    assert (tree_entry.TREE_DATA, cold) in _keys(cache)  # the cold model's tree data is still there
    _replace(widget, "| A widget, edited (", name)  # undone: the cold run's render answers it
    resolves.clear()
    _same_as_cold(tree, "the undo")
    assert len(resolves) == 1, "the undo was not answered from its stored render"  # (1: the --no-cache run's)
    _replace(widget, name, "| A widget, edited again (")
    resolves.clear()
    _same_as_cold(tree, "the next edit")
    assert len(resolves) == 1, f"the next edit resolved the pages whole ({len(resolves) - 1} warm resolves)"
