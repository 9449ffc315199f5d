"""The model ``docgen serve`` reads ahead (:mod:`docgen.serve_ahead`,
:mod:`docgen.pipeline.kept_model`), in this process: a
look-up takes it only under its key, in the read state it was read in, and while the entries it
was read from are the ones there; it decodes as a fresh read does."""

from __future__ import annotations

import gc
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from test_incremental_model import tree  # noqa: F401 - the fixture
from test_incremental_model_lazy import _generate

from docgen import serve_ahead as read_ahead
from docgen.pipeline import entry_writer, kept_model, plain
from docgen.pipeline.cache import DB_NAME, Cache
from docgen.pipeline.stored_model import DIGESTS, MODEL, STAMPED, load_model


@pytest.fixture()
def stored(tree: Path):  # noqa: F811
    """(cache folder, key of the model the tree's generate stored); the memo dropped after."""
    assert _generate(tree, tree.parent / "out")[0] in (0, 1)
    entry_writer.finish_writes()
    root = tree.parent / "cache"
    with closing(sqlite3.connect(root / DB_NAME)) as db:
        (key,) = db.execute("SELECT key FROM entries WHERE kind = ?", (MODEL,)).fetchone()
    yield str(root), key
    kept_model.drop()
    read_ahead.forget()
    gc.unfreeze()


def _take(root: str, key: str):
    with plain.digesting(), plain.keeping_encodings():
        return kept_model.take(Cache(Path(root)), key, STAMPED)


def test_the_model_is_taken_under_its_key_once(stored) -> None:
    root, key = stored
    assert read_ahead.read(root, key) and kept_model.held(root) == key
    assert _take(root, "0" * 64) is None  # another key first (the edited tree's): still kept
    model = _take(root, key)
    assert model is not None and kept_model.held(root) is None
    assert _take(root, key) is None  # taken once
    with plain.digesting(), plain.keeping_encodings():
        fresh = load_model(Cache(Path(root)), key)
    assert plain.dumps(model) == plain.dumps(fresh)


def test_another_read_state_is_not_given_the_model(stored) -> None:
    root, key = stored
    assert read_ahead.read(root, key)
    assert kept_model.take(Cache(Path(root)), key, STAMPED) is None  # not digesting: a read gives no digests
    assert kept_model.held(root) is None


@pytest.mark.parametrize("kind", [MODEL, DIGESTS])
def test_an_entry_replaced_since_it_was_read_is_read_again(stored, kind: str) -> None:
    root, key = stored
    assert read_ahead.read(root, key)
    cache = Cache(Path(root))
    payload = cache.get_payload(kind, key)
    cache.put_payload(kind, key, payload + b"\0")  # another process's entry: another digest
    cache.release()
    assert _take(root, key) is None


def test_a_cache_deleted_since_is_read_again(stored) -> None:
    root, key = stored
    assert read_ahead.read(root, key)
    for name in (DB_NAME, DB_NAME + "-wal", DB_NAME + "-shm"):
        (Path(root) / name).unlink(missing_ok=True)
    assert _take(root, key) is None
