"""Large cache entries stored in content-addressed parts, shared between the trees that have them.

In: an entry's plain data (:mod:`marshal` data of a value's :func:`~docgen.pipeline.plain.encode`)
to store, or read back with the cache. Out: the entry's skeleton and its parts (entries named by
their content's digest), or the data put back together.

A tree's large entries (a render's files and diagnostics, 2.9 MB on the corpus) are mostly long
tuples (columns: every file's path and digest, every diagnostic's message) of which an edit
changes one or two items. Each column of at least :data:`PART_BYTES` is cut into parts of about
:data:`PART_TARGET` bytes (the same number of items for every part of it), each stored as an
entry of kind :data:`PARTS` named by the BLAKE2b digest of its payload (:mod:`marshal` version 2:
no back-references, so the same items make the same bytes whatever process writes them), and its
place in the skeleton holds None; the skeleton's layout says where each column goes back. An edit
then stores the parts it changed and a skeleton of a few KB; its undo finds them all. Session 22:
the corpus's growth per edit and undo, 9.8 MB before (the model, 5.5 MB, is split the same way by
:mod:`docgen.pipeline.stored_model`, into its fields' entries).

Nothing read back runs code: the parts are checked to be tuples of the shape the skeleton says,
decoded with :mod:`docgen.pipeline.unmarshal`, and the whole goes through
:func:`~docgen.pipeline.plain.decode` as any entry does.
"""

from __future__ import annotations

import hashlib
import marshal
import math
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from docgen.pipeline import unmarshal
from docgen.pipeline.plain import PlainError, decode


class Cache(Protocol):
    """What this module uses of :class:`docgen.pipeline.cache.Cache` (not imported: the cache
    imports this module)."""

    def get_payloads(self, kind: str, keys: Sequence[str]) -> dict[str, bytes]: ...

    def present(self, kind: str, keys: Sequence[str]) -> set[str]: ...

    def put_payloads(self, kind: str, entries: Iterable[tuple[str, bytes]]) -> None: ...

PARTS = "parts"
"""The kind of a part: the tuple of a column's items it holds (:mod:`marshal` version 2), by the
digest of its payload (:func:`name`)."""
SPLIT_KINDS = frozenset({"render"})
"""The kinds whose large entries an :class:`~docgen.pipeline.entry_writer.EntryWriter`'s child
stores in parts (:func:`split_payload`); :meth:`~docgen.pipeline.cache.Cache.get` puts them back
(:data:`~docgen.pipeline.cache.PARTED`)."""
PART_BYTES = 32 * 1024
"""Bytes (:mod:`marshal` version 2) from which a column is stored in parts."""
PART_TARGET = 64 * 1024
"""About the bytes of a part: a column's items per part are the power of two nearest to this
over its mean item (the same for an edited column: its mean barely moves)."""
MIN_ITEMS = 16
"""Items from which a tuple is a column (fewer: its items are looked into for columns)."""
MARK = "docgen-parts-1"
"""The first item of an entry stored in parts: ``(MARK, skeleton, layout)``."""
VERSION = 2
"""The :mod:`marshal` version of parts and skeletons."""


def name(payload: bytes) -> str:
    """The name of a part (or of a stored model's fields' entry): the digest of its payload."""
    return hashlib.blake2b(payload, digest_size=16).hexdigest()


def split(data: Any, chunks: list[tuple[str, bytes]]) -> tuple[Any, tuple]:
    """``data`` (lists and tuples of plain data) with each column of at least :data:`PART_BYTES`
    taken out (None in its place) and its parts (name, payload) added to ``chunks``; and the
    layout: (path of indexes, items, names of its parts) for each column, in order. A list is
    changed in place, a tuple made again."""
    layout: list[tuple[tuple[int, ...], int, tuple[str, ...]]] = []
    return _split(data, (), chunks, layout, _measured(data)), tuple(layout)


def _size(value: Any) -> int:
    return len(marshal.dumps(value, VERSION))


FEW = 64
"""Items up to which a list or a tuple too short to be a column is measured as its items' sizes
added (:func:`_measured`), not marshalled whole."""


def _measured(node: Any) -> tuple[int, list | None]:
    """The size of ``node`` (:mod:`marshal` version :data:`VERSION`) and, for a list or a tuple of
    at most :data:`FEW` items and fewer than :data:`MIN_ITEMS` when a tuple, its items' own
    (the size of such a container: 5 bytes, its type and length, and its items'). A column's
    container measured so is marshalled once, at the level of its columns, not once more at
    each level above them as well (the corpus's model: 12 of the 18 MB marshalled to split it)."""
    kind = type(node)
    if (kind is list or (kind is tuple and len(node) < MIN_ITEMS)) and len(node) <= FEW:
        items = [_measured(item) for item in node]
        return 5 + sum(size for size, _ in items), items
    return _size(node), None


def _split(node: Any, path: tuple[int, ...], chunks: list[tuple[str, bytes]], layout: list,
           measured: tuple[int, list | None] | None = None) -> Any:
    kind = type(node)
    if kind is not list and kind is not tuple:
        return node
    size, inner = measured if measured is not None else (_size(node), None)
    if size < PART_BYTES:
        return node
    if kind is tuple and len(node) >= MIN_ITEMS and size < len(node) * PART_TARGET // MIN_ITEMS:  # a column: cut into parts
        # (its items small on the whole: not each measured, which was most of the 30 ms a
        # render's entry took to split)
        step = 1 << max(0, round(math.log2(PART_TARGET * len(node) / size)))
        names = []
        for start in range(0, len(node), step):
            payload = marshal.dumps(node[start:start + step], VERSION)
            names.append(name(payload))
            chunks.append((names[-1], payload))
        layout.append((path, len(node), tuple(names)))
        return None
    items = [_split(item, (*path, at), chunks, layout, inner[at] if inner is not None else None)
             for at, item in enumerate(node)]
    if kind is list:
        node[:] = items
        return node
    return tuple(items)


def split_payload(payload: bytes) -> tuple[bytes, list[tuple[str, bytes]]]:
    """An entry's payload as a skeleton's payload and its parts (``payload`` itself and none when
    it has no column to cut, or is not marshal data)."""
    if len(payload) < PART_BYTES:
        return payload, []
    try:
        data = unmarshal.loads(payload)
    except unmarshal.NotMarshal:
        return payload, []
    chunks: list[tuple[str, bytes]] = []
    skeleton, layout = split(data, chunks)
    if not layout:
        return payload, []
    return marshal.dumps((MARK, skeleton, layout), VERSION), chunks


def put_split(cache: Cache, kind: str, rows: list[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    """Store the parts of ``rows`` (key, payload) of ``kind`` not stored yet; the rows to store,
    each large one as its skeleton (stored after its parts: a reader finds them all)."""
    if kind not in SPLIT_KINDS:
        return rows
    made: list[tuple[str, bytes]] = []
    found: dict[str, bytes] = {}
    for key, payload in rows:
        skeleton, chunks = split_payload(payload)
        made.append((key, skeleton))
        found.update(chunks)
    if found:
        there = cache.present(PARTS, list(found))
        cache.put_payloads(PARTS, [(part, payload) for part, payload in found.items() if part not in there])
    return made


def joined(cache: Cache, data: Any, kind: str = PARTS) -> Any:
    """``data`` read from an entry: itself, or when it is stored in parts (:func:`split_payload`)
    its skeleton with every column put back from its parts (of ``kind``, read in one query);
    None when a part is gone. :class:`~docgen.pipeline.plain.PlainError` when it is not of the
    shape :func:`split` makes."""
    if not (type(data) is tuple and len(data) == 3 and data[0] == MARK):
        return data
    _, skeleton, layout = data
    if not (type(layout) is tuple and all(
            type(item) is tuple and len(item) == 3 and type(item[0]) is tuple and set(map(type, item[0])) <= {int}
            and type(item[1]) is int and type(item[2]) is tuple and set(map(type, item[2])) <= {str}
            for item in layout)):
        raise PlainError("not a layout of parts")
    stored = cache.get_payloads(kind, list(dict.fromkeys(part for item in layout for part in item[2])))
    for path, count, names in layout:
        items: list[Any] = []
        for part in names:
            if part not in stored:
                return None
            value = unmarshal.loads(stored[part])
            if type(value) is not tuple:
                raise PlainError("a part that is not one")
            items += value
        if len(items) != count:
            raise PlainError("a column whose parts do not add up")
        skeleton = _put(skeleton, path, tuple(items))
    return skeleton


def _put(node: Any, path: tuple[int, ...], value: tuple) -> Any:
    """``node`` with ``value`` at ``path``, where None is (lists set in place, tuples made again)."""
    if not path:
        if node is not None:
            raise PlainError("a part's place that is not one")
        return value
    at = path[0]
    if type(node) not in (list, tuple) or not 0 <= at < len(node):
        raise PlainError("a part's place that is not one")
    child = _put(node[at], path[1:], value)
    if type(node) is list:
        node[at] = child
        return node
    return (*node[:at], child, *node[at + 1:])


def loads(cache: Cache, payload: bytes, kind: str = PARTS) -> Any:
    """The value of an entry's ``payload`` (:func:`~docgen.pipeline.plain.loads`), put back from
    its parts (of ``kind``) when it was stored in parts; :class:`~docgen.pipeline.plain.PlainError`
    when it is not plain data of that shape, or a part is gone (what
    :meth:`~docgen.pipeline.cache.Cache.get` takes for a miss)."""
    try:
        data = joined(cache, unmarshal.loads(payload), kind)
        if data is None:
            raise PlainError("a part is gone")
        return decode(data)
    except unmarshal.NotMarshal as exc:
        raise PlainError(str(exc)) from None
    except RecursionError:
        raise PlainError("nested too deeply") from None
