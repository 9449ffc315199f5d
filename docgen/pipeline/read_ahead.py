"""The stored model ``docgen serve`` read ahead, kept decoded in the server for its next command.

In: in a command's child, the model each run read or stored (:func:`note`, from
:mod:`docgen.pipeline.stored_model`), written as one JSON line (the cache folder and the model's
key: nothing that executes) to the descriptor the server gave the child (:data:`NOTE_FD`). In the
server, once that child ended and no store of any docgen holds the cache's writers lock
(:func:`writers_done`), :func:`read` decodes that model as a warm edit's render reads it (inside
:func:`~docgen.pipeline.plain.digesting` and :func:`~docgen.pipeline.plain.keeping_encodings`,
through :func:`~docgen.pipeline.stored_model.load_model`), with the digests stored with the
entries it read (:meth:`~docgen.pipeline.cache.Cache.stamps`). Out: in the next child (forked:
its own copy-on-write copy), :func:`take` gives that model to the same ``load_model`` when the
cache folder, key and read state are the same and the model's entries still carry the digests
read (an entry replaced, evicted or its folder deleted since: the child reads the cache as
before). A key is a digest of the pages' names and bytes and docgen's code, and an entry's digest
covers its payload, so the same digests give the same decoded value.

The server keeps one model for each of at most :data:`MOST` cache folders (the last ones), and the
module state a cache read leaves (the digests noted, the diagnostics' encodings kept, where the
model's fields are fetched from) of the last model read only: what a fresh process has after
reading that model. The server never reads a lazy field of it; a child that does changes its own copy.
"""

from __future__ import annotations

import gc
import json
import os
from pathlib import Path
from typing import Any

NOTE_FD: list[int | None] = [None]
"""The descriptor a ``docgen serve`` child writes its notes on (None: not such a child)."""
_ROOT: list[str | None] = [None]
"""The cache folder of the model looked up last in this process (what a model stored is noted with)."""
MOST = 1
"""Cache folders the server keeps a model read ahead for (a server serves one: its socket is in it)."""


def note(root: object, key: str | None, took: bool = False) -> None:
    """In a ``docgen serve`` child: tell the server the model stored under ``key`` in the cache
    folder ``root`` (None: the last one looked up) is the one this command used or stored last
    (``took``: and that it was the one read ahead). Nothing anywhere else."""
    if root is not None:
        _ROOT[0] = str(root)
    fd = NOTE_FD[0]
    if fd is None or key is None or _ROOT[0] is None:
        return
    try:
        os.write(fd, json.dumps({"root": _ROOT[0], "key": key, "took": took}).encode() + b"\n")
    except OSError:  # the server is gone: nothing to tell
        NOTE_FD[0] = None


def last_note(data: bytes) -> tuple[str, str, str | None] | None:
    """(cache folder, key) of the last of the notes a child wrote, with the key of the model it
    took read ahead (None: none); None when there is no sound note."""
    found = None
    took = None
    for line in data.splitlines():
        try:
            item = json.loads(line)
        except ValueError:
            continue
        if isinstance(item, dict) and type(item.get("root")) is str and type(item.get("key")) is str:
            found = (item["root"], item["key"])
            took = item["key"] if item.get("took") is True else took
    return None if found is None else (*found, took)


_MEMO: dict[str, tuple[str, Any, dict[str, bytes], tuple[bool, bool]]] = {}
"""Cache folder -> (key, model, digests of its entries by kind, the read state it was read in)."""


def _kinds() -> tuple[str, ...]:
    from docgen.pipeline.stored_model import CHUNKS, DIGESTS, MODEL

    return MODEL, DIGESTS, CHUNKS


def _stamps(cache: Any, key: str) -> dict[str, bytes]:
    found = {}
    for kind in _kinds():
        stamp = cache.stamps(kind, [key]).get(key)
        if stamp is not None:
            found[kind] = stamp
    return found


def take(cache: Any, key: str) -> Any | None:
    """The model read ahead under ``key`` for ``cache``'s folder when a read of it now would give
    it (the same read state, its entries' digests unchanged); asked for under its key, forgotten
    either way (given: this process's copy is the run's, as a model read would be)."""
    from docgen.pipeline import plain

    memo = _MEMO.get(str(cache.root))
    if memo is None or memo[0] != key:  # (a look-up of another key: the tree's new model, say)
        return None
    del _MEMO[str(cache.root)]
    _, model, stamps, state = memo
    if state != (plain.is_digesting(), bool(plain._KEEPING[0])):
        return None
    if _kinds()[0] not in stamps or _stamps(cache, key) != stamps:
        return None
    return model


def writers_done(root: str) -> bool:
    """Whether no docgen store holds ``root``'s writers lock now (what :func:`read` waits for:
    a model stored after its command ended is then whole). Never waits."""
    from docgen.pipeline.entry_writer import LOCK_NAME

    try:
        import fcntl

        lock = os.open(Path(root) / LOCK_NAME, os.O_RDONLY | os.O_NONBLOCK)
    except (ImportError, OSError):
        return True
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False
    finally:
        os.close(lock)


def held(root: str) -> str | None:
    """The key of the model kept for ``root`` (None: none)."""
    memo = _MEMO.get(root)
    return None if memo is None else memo[0]


def read(root: str, key: str) -> bool:
    """In the server: decode the model stored under ``key`` in the cache folder ``root`` as a warm
    render reads it, and keep it for the next child (:func:`take`); the model kept before is
    dropped with the state its read left. False when there is none (or the folder is not usable)."""
    from docgen.pipeline import plain, stored_model
    from docgen.pipeline.cache import Cache
    from docgen.pipeline.memory import paused_gc

    gc.unfreeze()  # (the model kept before, freed as it is dropped: a model holds no cycle)
    _MEMO.pop(root, None)
    while len(_MEMO) >= MOST:
        _MEMO.pop(next(iter(_MEMO)))
    forget()  # (the state of the model read before: with MOST at 1, of no model kept)
    cache = Cache(Path(root))
    try:
        if not cache.enabled:
            return False
        stamps = _stamps(cache, key)
        with paused_gc(), plain.digesting(), plain.keeping_encodings():
            model = stored_model.load_model(cache, key)
            state = (plain.is_digesting(), bool(plain._KEEPING[0]))
        if model is None or _stamps(cache, key) != stamps:  # (replaced while read: not kept)
            forget()
            return False
        _MEMO[root] = (key, model, stamps, state)
        return True
    finally:
        cache.release()
        # Out of the collector's way: its next pass in the server (or a child's) would walk the
        # model's 100,000 objects (20 ms), and a pass in a child would copy their pages.
        gc.freeze()


def forget() -> None:
    """Drop the module state the last read left (what a fresh process has none of): the
    digests noted, the encodings kept, the models' sources and places."""
    from docgen.pipeline import plain, stored_model

    plain.retain_digests(())
    plain.forget_encodings()
    stored_model._SOURCES.clear()
    stored_model._FETCHED.clear()
    stored_model._PLACES.clear()
    stored_model._PREFETCHED.clear()
