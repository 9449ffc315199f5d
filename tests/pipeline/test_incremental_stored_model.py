"""A stored model's types and operations keep their digests beside it (docgen.pipeline.stored_model):
read back, each object gets the digest its own data gives, and a damaged, missing or mismatched
digests entry only means the model is hashed as it is decoded, as before."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SEED

from docgen.pipeline import columns, entry_writer, plain, stored_model
from docgen.pipeline.build import build, plan
from docgen.pipeline.cache import Cache
from docgen.pipeline.stored_model import DIGESTS, MODEL, load_model


@pytest.fixture()
def tree(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    text = SEED.read_text(encoding="utf-8")
    for n in range(3):
        (docs / f"page-{n}.md").write_text(text.replace("learningAssignment", f"learningAssignment{n}"), encoding="utf-8")
    return docs


def _own(value: object) -> str:
    """The digest of ``value``'s own encoding, worked out afresh."""
    return plain._data_digest(plain.encode(value))


@pytest.fixture(autouse=True)
def _fresh(monkeypatch):
    """No digest known to this process at the start; a model with any unknown is stored bare (a
    whole resolve of a large tree)."""
    monkeypatch.setattr(stored_model, "MOST_UNKNOWN", 0)
    plain._DIGESTS.clear()
    # Nor any cache a model was read from: an earlier test's cache held the same content-named
    # fields' entries, so a test reading a model without naming its cache passed only after it
    monkeypatch.setattr(stored_model, "_SOURCES", {})
    monkeypatch.setattr(stored_model, "_FETCHED", {})


def _stored(tree: Path, tmp_path: Path, digests: bool = False) -> tuple[Cache, str]:
    """A resolved model stored; its digests entry (which the child that stores a model writes)
    dropped unless ``digests``: the model read without it is hashed as it is decoded."""
    cache = Cache(tmp_path / "cache")
    build([tree], cache=cache, root=tree.parent, jobs=1)
    entry_writer.finish_writes()
    key = plan([tree], tree.parent).key
    assert cache.get(MODEL, key) is not None and cache.get(DIGESTS, key) is not None
    if not digests:
        cache.drop_kinds((DIGESTS,))
    return cache, key


def test_the_child_that_stores_a_resolved_model_stores_its_digests(tree: Path, tmp_path: Path):
    cache, key = _stored(tree, tmp_path, digests=True)
    stored = cache.get(DIGESTS, key)
    model = load_model(cache, key)  # not digesting: nothing noted, nothing hashed
    assert model is not None and model.types and model.operations
    assert stored == (tuple(_own(t) for t in model.types), tuple(_own(o) for o in model.operations))
    # the same digests as the objects of a resolve in memory, never stored (their fields sealed here)
    fresh = build([tree], cache=Cache(None), root=tree.parent, jobs=1).model
    assert stored == (tuple(map(plain.object_digest, fresh.types)), tuple(map(plain.object_digest, fresh.operations)))


def _noted(model) -> list[str | None]:
    """The digests this process knows for the model's objects (None: not known)."""
    out: list[str | None] = []
    for value in (*model.types, *model.operations):
        found = plain._DIGESTS.get(id(value))
        out.append(found[1] if found is not None and found[0] is value else None)
    return out


def test_a_model_read_while_digesting_stores_its_digests_and_the_next_read_uses_them(tree: Path, tmp_path: Path):
    cache, key = _stored(tree, tmp_path)
    with plain.digesting():
        first = load_model(cache, key)  # hashed while decoded, and the digests stored
    assert first is not None and first.types and first.operations
    stored = cache.get(DIGESTS, key)
    assert stored == (tuple(_own(t) for t in first.types), tuple(_own(o) for o in first.operations))
    with plain.digesting():
        second = load_model(cache, key)
    assert second == first and second is not first
    assert _noted(second) == [_own(v) for v in (*second.types, *second.operations)]


def test_the_digests_are_read_only_while_digesting(tree: Path, tmp_path: Path):
    cache, key = _stored(tree, tmp_path)
    with plain.digesting():
        load_model(cache, key)
    plain._DIGESTS.clear()
    model = load_model(cache, key)
    assert model is not None and _noted(model) == [None] * (len(model.types) + len(model.operations))


@pytest.mark.parametrize("bad", [
    b"\x00not marshal",
    "not a pair",
    (("x",), ()),  # not as many as the model has: not noted, hashed when asked
    ((1, 2), ("y",)),
])
def test_a_bad_digests_entry_is_not_trusted(tree: Path, tmp_path: Path, bad: object):
    cache, key = _stored(tree, tmp_path)
    if isinstance(bad, bytes):
        cache.put_payload(DIGESTS, key, bad)
    else:
        cache.put(DIGESTS, key, bad)
    plain._DIGESTS.clear()
    with plain.digesting():
        model = load_model(cache, key)
    assert model is not None
    for value, noted in zip((*model.types, *model.operations), _noted(model)):
        assert noted in (None, _own(value))
        assert plain.object_digest(value) == _own(value)


def test_digests_of_a_different_model_of_the_same_counts_are_what_a_key_would_see(tree: Path, tmp_path: Path):
    """The entry is trusted for its key's model (a key names one model: the pages and docgen's
    code): the test shows what it is trusted with, the digests are noted as stored."""
    cache, key = _stored(tree, tmp_path)
    with plain.digesting():
        model = load_model(cache, key)
    assert model is not None
    fake = (tuple("t" * 32 for _ in model.types), tuple("o" * 32 for _ in model.operations))
    cache.put(DIGESTS, key, fake)
    with plain.digesting():
        again = load_model(cache, key)
    assert again is not None and _noted(again) == [*fake[0], *fake[1]]


def test_a_patched_model_is_stored_with_its_digests(tree: Path, tmp_path: Path, monkeypatch):
    cache, _ = _stored(tree, tmp_path)
    monkeypatch.setattr(stored_model, "MOST_UNKNOWN", 8)  # the objects the patch made
    with plain.digesting():
        build([tree], cache=cache, root=tree.parent, jobs=1)  # the stored model read: digests stored
    page = tree / "page-1.md"
    text = page.read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("|") and "String" in line)
    page.write_text(text.replace(row, row.replace("String", "Int64", 1), 1), encoding="utf-8")
    with plain.digesting():
        patched = build([tree], cache=cache, root=tree.parent, jobs=1).model
    entry_writer.finish_writes()
    key = plan([tree], tree.parent).key
    stored = cache.get(DIGESTS, key)
    assert stored == (tuple(_own(t) for t in patched.types), tuple(_own(o) for o in patched.operations))
    assert build([tree], cache=Cache(None), root=tree.parent, jobs=1).model.types == patched.types


def test_a_kept_encoding_gives_the_bytes_a_walk_gives(tree: Path, tmp_path: Path):
    """Diagnostics decoded while keeping_encodings are encoded from the data they were decoded
    from (the same values; marshal may write the kept lists as references), only for those very
    objects, until forget_encodings: the model's tuple of them (stored as columns) as a whole."""
    from dataclasses import replace

    cache, key = _stored(tree, tmp_path)
    payload = cache.get_payload(MODEL, key)
    assert payload is not None
    assert load_model(cache, key) is not None  # as a run reads it: its fields are fetched from this cache
    plain.forget_encodings()
    walked = plain.loads(payload)
    assert walked.diagnostics
    # before any field is read (an equality reads them all; a field read is stored sealed in
    # place, not apart: docgen.pipeline.stored_model)
    assert plain.dumps(walked) == payload
    with plain.keeping_encodings():
        kept = plain.loads(payload)
    try:
        assert kept == walked
        assert plain.loads(plain.dumps(kept)) == walked
        assert plain.encode(kept) == plain.encode(walked)
        found = kept.diagnostics  # as columns (docgen.pipeline.columns): kept as a whole
        assert len(found) >= columns.SMALLEST
        assert plain.encode(found) is plain._ENCODINGS[id(found)][1]  # given back, not walked
        assert plain.encode(walked.diagnostics) is not plain._ENCODINGS[id(found)][1]  # an equal tuple: walked
        assert plain.encode(walked.diagnostics) == plain._ENCODINGS[id(found)][1]
        first = found[0]
        moved = replace(first, message=first.message + " (moved)")  # a new object: walked
        assert plain.decode(plain.encode(moved)) == moved
        assert plain.encode(tuple(reversed(kept.diagnostics))) == plain.encode(tuple(reversed(walked.diagnostics)))
    finally:
        plain.forget_encodings()
    assert not plain._ENCODINGS
