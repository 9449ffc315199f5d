"""The stored model ``docgen serve`` read ahead, as the next command's child finds it; and the
notes that tell the server which model to read ahead.

In: in a command's child, the model each run read or stored (:func:`note`, from
:mod:`docgen.pipeline.stored_model`), written as one JSON line (the cache folder and the model's
key: nothing that executes) to the descriptor the server gave the child (:func:`noting`); in the
server, the model it read (:func:`keep`, from :func:`docgen.serve_ahead.read`) with the
digests stored with the entries it was read from (:meth:`~docgen.pipeline.cache.Cache.stamps`).
Out: in the next child (forked: its own copy-on-write copy of it), :func:`take` gives that model
to :func:`~docgen.pipeline.stored_model.load_model` when the cache folder, key and read state
(:func:`~docgen.pipeline.plain.digesting`, :func:`~docgen.pipeline.plain.keeping_encodings`) are
the same and the model's entries still carry the digests read (an entry replaced, evicted, or its
database deleted since: the child reads the cache as before). A key is a digest of the pages'
names and bytes and docgen's code, and an entry's digest covers its payload: the same digests
give the same decoded value.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from typing import Any

NOTE_FD: list[int | None] = [None]
"""The descriptor a ``docgen serve`` child writes its notes on (None: not such a child)."""
_ROOT: list[str | None] = [None]
"""The cache folder of the model looked up last in this process (what a model stored is noted with)."""
MOST = 1
"""Cache folders a model is kept for (a server serves one: its socket is in it)."""
_MEMO: dict[str, tuple[str, Any, dict[str, bytes], tuple[bool, bool]]] = {}
"""Cache folder -> (key, model, digests of its entries by kind, the read state it was read in)."""


def folder(root: Any) -> str:
    """A cache folder's path as notes and kept models name it: absolute (a child's
    ``$DOCGEN_CACHE_DIR`` may be relative to its client's folder, not the server's)."""
    return os.path.abspath(os.fspath(root))


def noting(fd: int) -> None:
    """In a ``docgen serve`` child, just forked: write notes on ``fd`` (never blocking: a
    ``--watch`` that filled the pipe drops its later notes), the server's last folder forgotten."""
    os.set_blocking(fd, False)
    NOTE_FD[0] = fd
    _ROOT[0] = None


def note(root: object, key: str | None, took: bool = False) -> None:
    """In a ``docgen serve`` child: tell the server the model stored under ``key`` in the cache
    folder ``root`` (None: the last one looked up) is the one this command used or stored last
    (``took``: and that it was the one read ahead). Nothing anywhere else."""
    if root is not None:
        _ROOT[0] = folder(root)
    fd = NOTE_FD[0]
    if fd is None or key is None or _ROOT[0] is None:
        return
    try:
        os.write(fd, json.dumps({"root": _ROOT[0], "key": key, "took": took}).encode() + b"\n")
    except BlockingIOError:  # (a full pipe: the server reads it when the command ended)
        pass
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


def read_state() -> tuple[bool, bool]:
    """Whether models are decoded here with their digests noted and their diagnostics' data kept."""
    from docgen.pipeline import plain

    return plain.is_digesting(), bool(plain._KEEPING[0])


def stamps(cache: Any, key: str, kinds: Sequence[str]) -> dict[str, bytes]:
    """The digests stored with the entries of ``kinds`` under ``key`` (by kind; absent ones left out)."""
    found = {}
    for kind in kinds:
        stamp = cache.stamps(kind, [key]).get(key)
        if stamp is not None:
            found[kind] = stamp
    return found


def keep(root: str, key: str, model: Any, stamped: dict[str, bytes], state: tuple[bool, bool]) -> None:
    """Keep ``model``, read under ``key`` in the cache folder ``root`` from entries of those
    digests in that read state, for :func:`take` (the model kept before dropped)."""
    drop(root)
    _MEMO[root] = (key, model, stamped, state)


def drop(root: str | None = None) -> None:
    """Drop the model kept for ``root`` and, past :data:`MOST` folders, the oldest (None: every one)."""
    if root is None:
        _MEMO.clear()
        return
    _MEMO.pop(root, None)
    while len(_MEMO) >= MOST:
        _MEMO.pop(next(iter(_MEMO)))


def take(cache: Any, key: str, kinds: Sequence[str]) -> Any | None:
    """The model kept under ``key`` for ``cache``'s folder when a read of it now would give it (the
    same read state, the entries of ``kinds`` under ``key`` of unchanged digests, the first kind's
    there); asked for under its key, forgotten either way (given: this process's copy is the
    run's, as a model read would be)."""
    root = folder(cache.root)
    memo = _MEMO.get(root)
    if memo is None or memo[0] != key:  # (a look-up of another key: the tree's new model, say)
        return None
    del _MEMO[root]
    _, model, stamped, state = memo
    if state != read_state() or kinds[0] not in stamped or stamps(cache, key, kinds) != stamped:
        return None
    return model


def held(root: str) -> str | None:
    """The key of the model kept for ``root`` (None: none)."""
    memo = _MEMO.get(root)
    return None if memo is None else memo[0]
