"""The cache's entries in use by reference, which eviction keeps (:meth:`~docgen.pipeline.cache.Cache._keep_within_limit`).

In: the cache's database, inside the eviction's transaction, and what gives an entry's value from
its row. Out: the (kind, key) of the entries to keep.

Eviction drops the entries used least recently (written, or read by a run:
:meth:`~docgen.pipeline.cache.Cache.mark_used`), the large ones first (:func:`victims`). Some entries are in use without being read: the
next edit of a tree patches the model last built for it (:data:`TREE`), which needs that model's
entries (its sealed fields apart: a warm edit reads two to four of the corpus model's 199, but a
model with any of them gone is no model) and the stored parse of whichever page is edited (a warm
edit reads only the edited pages'). Before session 21 the oldest written quarter went, with the
cold run's pages and fields every later patch needs: the next edit paid a whole resolve (1-4 s
on the corpus). So the trees used last (:data:`RECENT_TREES`) keep their model's entries and their
pages' parses. (The kinds are named here, not imported: the cache imports this module, and the
modules that own them import the cache; a test checks they are the same.)
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from typing import Any

TREE = "tree"
""":data:`docgen.pipeline.build.TREE`: a tree's page names -> the key of its last model."""
TREE_DATA = "tree-data"
""":data:`docgen.pipeline.tree_entry.TREE_DATA`: a model's page keys (first), by its key."""
PAGE = "page"
"""A page's stored parse, by the page's key (as a model's tree data names them)."""
MODEL_KINDS = ("model", "model-digests", "model-places", "model-chunks")
"""The kinds of :mod:`docgen.pipeline.stored_model`'s entries by a model's key."""
FIELDS = "model-fields"
""":data:`docgen.pipeline.stored_model.FIELDS`: models' fields apart, by their digest (shared)."""
CHUNKS = "model-chunks"
""":data:`docgen.pipeline.stored_model.CHUNKS`: the names of a model's :data:`FIELDS` entries."""
PARTS = "parts"
""":data:`docgen.pipeline.parts.PARTS`: large entries' columns in parts, by their digest (shared)."""
RECENT_TREES = 4
"""Trees (sets of page names) whose model and pages are kept: the trees built or read last."""

LIMIT_ENV = "DOCGEN_CACHE_LIMIT"
"""The environment variable that sets the cache's size limit in bytes (:func:`size_limit`)."""


def size_limit(default: int) -> int:
    """The cache's size limit in bytes: ``$DOCGEN_CACHE_LIMIT`` when it is a whole number of at
    least 1 MiB (a smaller cache could not hold one tree's entries: every run would evict), else
    ``default`` (:data:`docgen.pipeline.cache.SIZE_LIMIT`). Read when a write checks it, so the
    storing children of a run see it too; a user with little disk sets it as a test does."""
    found = os.environ.get(LIMIT_ENV, "").strip()
    if found.isdigit() and int(found) >= 1 << 20:
        return int(found)
    return default


def kept(db: sqlite3.Connection, read: Callable[[str, str], Any]) -> Iterator[tuple[str, str]]:
    """The entries eviction keeps: for each of the :data:`RECENT_TREES` trees used last, its
    entry; for the models they name and the :data:`RECENT_TREES` models used last, the model's
    (the model, its digests, its places, its tree data, its fields apart) and the stored parses
    of the pages its tree data names. ``read(kind, key)`` is an entry's value, None when it is
    missing or damaged."""
    recent = "SELECT key FROM entries WHERE kind = ? ORDER BY used DESC, rowid DESC LIMIT ?"
    models: list[Any] = []
    for (tree_key,) in db.execute(recent, (TREE, RECENT_TREES)).fetchall():
        yield TREE, tree_key
        models.append(read(TREE, tree_key))
    # and the models used last: a tree's entry names the model stored last (a patch's), while the
    # next edit, once the page is put back, patches the one it was patched from (read by each edit)
    models += [key for (key,) in db.execute(recent, (MODEL_KINDS[0], RECENT_TREES)).fetchall()]
    for model_key in dict.fromkeys(models):
        if type(model_key) is not str or not model_key:
            continue
        for kind in (*MODEL_KINDS, TREE_DATA):
            yield kind, model_key
        names = read(CHUNKS, model_key)
        yield from [(FIELDS, name) for name in (names if type(names) is tuple else ()) if type(name) is str]
        data = read(TREE_DATA, model_key)
        pages = data[0] if type(data) is tuple and data and type(data[0]) is tuple else ()
        yield from [(PAGE, key) for key in pages if type(key) is str]


LARGE = 256 * 1024
"""Bytes from which an entry is dropped before any smaller one (:func:`victims`)."""


def victims(db: sqlite3.Connection, excess: int) -> list[int]:
    """The rowids of the entries to drop to free ``excess`` bytes of payload: those used least
    recently of :data:`LARGE` bytes or more first, then the smaller ones, none of ``temp.kept``
    (:func:`kept`). The large entries are a tree's (a model, a render, a check: 9.7 MB more for
    each edit of the corpus, most of what an edit adds); the small ones are a page's or a job's
    (a parse, a render job, a file's text: 0.2 to 5 KB), in use by reference by every later run
    of the tree that made them, which reads only the few an edit changes: dropped by age alone,
    the cold run's went first, and the next render was as slow as a cold one (17 s on the
    corpus, limit 125 MB, where a warm edit takes 0.7 s). Since session 22 a tree's large entries
    are mostly parts (:data:`PARTS`, and a model's columns among its :data:`FIELDS`: 64 KB each,
    shared between trees): those not kept go next, before a page's or a job's."""
    chosen: list[int] = []
    freed = 0
    parts = f"kind IN ('{FIELDS}', '{PARTS}')"
    for which in (">= ? AND 1", f"< ? AND {parts}", f"< ? AND NOT {parts}"):
        rows = db.execute(f"SELECT rowid, length(payload) FROM entries WHERE length(payload) {which} AND (kind, key)"
                          " NOT IN (SELECT kind, key FROM temp.kept) ORDER BY used, rowid", (LARGE,))
        for rowid, size in rows:
            if freed >= excess:
                return chosen
            chosen.append(rowid)
            freed += size
    return chosen
