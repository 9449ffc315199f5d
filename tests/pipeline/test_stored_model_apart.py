"""A stored model's sealed fields kept in entries of their own (docgen.pipeline.stored_model): the
model's entry holds a reference in their place, a warm edit fetches only the fields it reads, the
digests stored beside it are those of the objects' own data, and a fields' entry gone or damaged
gives the cold output (a whole resolve, or one clean internal-error after which the next run is
right), never a wrong file or a traceback."""

from __future__ import annotations

import hashlib
import marshal
import sqlite3
from contextlib import closing
from pathlib import Path

from test_incremental_model import tree  # noqa: F401 - the fixture
from test_incremental_model_lazy import _cold_or_one_clean_error, _generate, _plant, _same_as_cold

from docgen.pipeline import lazy_data, plain
from docgen.pipeline.cache import DB_NAME
from docgen.pipeline.stored_model import CHUNKS, FIELDS, INLINE, PER_ENTRY


def _entries(cache: Path, kind: str) -> list[tuple[str, bytes]]:
    with closing(sqlite3.connect(cache / DB_NAME)) as db:
        return db.execute("SELECT key, CAST(payload AS BLOB) FROM entries WHERE kind = ?", (kind,)).fetchall()


def _edit(tree: Path) -> None:  # noqa: F811
    page = tree / "resources" / "widget.md"
    page.write_text(page.read_text(encoding="utf-8").replace("The widget's display name.", "The name."),
                    encoding="utf-8")


def test_the_stored_model_holds_references_to_its_fields_kept_apart(tree: Path) -> None:  # noqa: F811
    _generate(tree, tree.parent / "warm")
    (key, payload), = _entries(tree.parent / "cache", "model")
    data = marshal.loads(payload)
    fields = dict(_entries(tree.parent / "cache", FIELDS))
    refs: dict[str, list[int]] = {}
    groups: dict[str, set[tuple[str, int]]] = {}
    for tag, objects in (("TypeDef", data[1]), ("Operation", data[2])):
        names = plain.core_registry()[tag][1]
        for at, item in enumerate(objects):
            for name, part in zip(names, item[1:]):
                if type(part) is bytes:  # only the types' rows stay in the entry
                    assert name in INLINE.get(tag, ()), (tag, name)
                elif lazy_data.is_ref(part):  # (chunk, place): the chunks of PER_ENTRY objects each
                    assert name not in INLINE.get(tag, ())
                    refs.setdefault(part[1], []).append(part[2])
                    groups.setdefault(part[1], set()).add((tag, at // PER_ENTRY))
    assert refs and all(places == list(range(len(places))) for places in refs.values())  # in order, none twice
    assert all(len(found) == 1 for found in groups.values())  # a chunk holds the fields of one group of objects
    (_, listed), = _entries(tree.parent / "cache", CHUNKS)
    assert list(marshal.loads(listed)) == list(refs) and sorted(fields) == sorted(refs)
    for name, chunk in fields.items():
        sealed = marshal.loads(chunk)
        assert type(sealed) is tuple and all(type(item) is bytes for item in sealed) and len(sealed) == len(refs[name])
        assert hashlib.blake2b(chunk, digest_size=16).hexdigest() == name  # named by its content


def test_a_warm_edit_gives_the_cold_output_and_the_model_is_stored_apart_again(tree: Path) -> None:  # noqa: F811
    _generate(tree, tree.parent / "warm")
    _edit(tree)
    _same_as_cold(tree, "a description edit")
    keys = {key for key, _ in _entries(tree.parent / "cache", "model")}
    assert len(keys) == 2  # the patched model, stored apart under its own key as well
    chunks = [set(marshal.loads(names)) for _, names in _entries(tree.parent / "cache", CHUNKS)]
    assert len(chunks) == 2 and all(chunks)
    fields = {name for name, _ in _entries(tree.parent / "cache", FIELDS)}
    assert chunks[0] | chunks[1] == fields  # every chunk each model names is there, and no other
    assert chunks[0] & chunks[1] and len(chunks[0] ^ chunks[1]) <= 2  # shared: at most the edited type's chunk changed (its rows stay in the model)
    page = tree / "resources" / "widget.md"  # a patch of the patched model: its fields fetched again
    page.write_text(page.read_text(encoding="utf-8").replace("The name.", "The widget's name."), encoding="utf-8")
    _same_as_cold(tree, "a second description edit")


def test_a_fields_entry_gone_gives_a_whole_resolve(tree: Path) -> None:  # noqa: F811
    _generate(tree, tree.parent / "warm")
    with closing(sqlite3.connect(tree.parent / "cache" / DB_NAME)) as db, db:
        assert db.execute("DELETE FROM entries WHERE kind = ? AND key = (SELECT min(key) FROM entries WHERE kind = ?)",
                          (FIELDS, FIELDS)).rowcount
    _edit(tree)
    _same_as_cold(tree, "a description edit over a model whose fields' entry is gone")


def test_a_damaged_field_kept_apart_gives_the_cold_output_or_a_clean_error(tree: Path) -> None:  # noqa: F811
    """Every field kept apart (examples, request lines, representations ...) made rows of a
    class it does not hold: refused when read (a whole resolve, or an internal-error that drops
    the stored models, after which the next run gives the cold output)."""
    _generate(tree, tree.parent / "warm")
    damaged = []

    def damage(data, sealed):
        for objects in (data[1], data[2]):
            for item in objects:
                for part in item:
                    if lazy_data.is_ref(part):
                        sealed(part, lambda _: marshal.dumps((["Nothing", 1],), 2))
                        damaged.append(part)
        return data

    _plant(tree.parent / "cache", damage)
    assert damaged
    _edit(tree)
    _cold_or_one_clean_error(tree)


def _store_after_an_edit(tree: Path, cache: Path, monkeypatch, reuse: bool) -> dict[str, object]:  # noqa: F811
    """The entries a warm description edit stores (its model's, its chunks' names, its digests and
    every fields' entry), in ``cache``, each object's fields a chunk of its own; with ``reuse``
    False no chunk is taken as it was stored (every one made again from its fields)."""
    from docgen.pipeline import stored_model
    from docgen.pipeline.entry_writer import await_writers

    page = tree / "resources" / "widget.md"
    text = page.read_text(encoding="utf-8")
    monkeypatch.setenv("DOCGEN_CACHE_DIR", str(cache))
    monkeypatch.setattr(stored_model, "PER_ENTRY", 1)
    if not reuse:
        monkeypatch.setattr(stored_model, "_reused", lambda *args: None)
    _generate(tree, tree.parent / "warm")
    await_writers(cache)
    _edit(tree)
    _generate(tree, tree.parent / "warm")
    await_writers(cache)
    page.write_text(text, encoding="utf-8")
    monkeypatch.undo()
    models = {key for key, _ in _entries(cache, "model")}
    return {kind: sorted(entry for entry in _entries(cache, kind) if kind == FIELDS or entry[0] in models)
            for kind in ("model", CHUNKS, "model-digests", FIELDS)}


def test_a_patched_model_stores_the_chunks_it_kept_as_the_ones_made_again(tree: Path, monkeypatch) -> None:  # noqa: F811
    """A patched model's objects left unread keep the chunk they were read from (not fetched,
    marshalled and hashed field by field again): the model's entry, its chunks, digests and
    fields' entries are the bytes made when every chunk is made again."""
    from docgen.pipeline import stored_model

    found = []
    reused = stored_model._reused

    def spied(*args):
        answer = reused(*args)
        if answer is not None:  # (in the child that stores the model: noted in a file)
            with open(tree.parent / "reused", "a", encoding="utf-8") as note:
                note.write(answer[0] + "\n")
        return answer

    monkeypatch.setattr(stored_model, "_reused", spied)
    kept = _store_after_an_edit(tree, tree.parent / "kept", monkeypatch, reuse=True)
    made = _store_after_an_edit(tree, tree.parent / "made", monkeypatch, reuse=False)
    found = (tree.parent / "reused").read_text(encoding="utf-8").split()
    assert found and set(found) <= {name for _, names in kept[CHUNKS] for name in marshal.loads(names)}  # taken as stored
    assert len(kept["model"]) == 2 and kept == made
