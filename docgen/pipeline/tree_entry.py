"""The entries a patch of a stored model starts from: the page names a tree's keys hash, and the
stored tree (:data:`TREE_DATA`) of the model last built for them.

In: a :class:`~docgen.pipeline.plan.Plan`; the cache and a model's key. Out: the page names as
one :mod:`marshal` string; the stored tree's parts (or None), checked for their shapes as the
cache's plain data must be (:mod:`docgen.pipeline.unmarshal`; nothing read back runs code).
"""

from __future__ import annotations

import marshal
from typing import TYPE_CHECKING

from docgen.diagnostics import Location
from docgen.pipeline import unmarshal
from docgen.pipeline.plain import PlainError, decode

if TYPE_CHECKING:
    from docgen.pipeline.cache import Cache
    from docgen.pipeline.plan import Plan

TREE_DATA = "tree-data"
"""The kind of the entry that holds, by a model's key, the page keys it was built from and the
indexes of "Inherited from" rows its resolve made (what a patch of it needs)."""

_NAMES: list[tuple[Plan, bytes]] = []
"""The last plan whose page names :func:`page_names` encoded, with them (a warm edit asks for
them three times: its cores', its tree's and its stored tree's keys)."""


def page_names(work: Plan) -> bytes:
    """The display names of ``work``'s pages as one :mod:`marshal` string (version 2: the same
    bytes in every process), hashed at C speed by the tree's and the cores' keys
    (:mod:`docgen.pipeline.build`; each name a part of its own was 3,341 calls of Python, 1.5 ms,
    two or three times a run)."""
    if _NAMES and _NAMES[0][0] is work:
        return _NAMES[0][1]
    names = marshal.dumps(tuple([display for _, display, _ in work.items]), 2)
    _NAMES[:] = [(work, names)]
    return names


def tree_data(cache: Cache, key: str) -> tuple[tuple[str, ...], tuple, object, object] | None:
    """The :data:`TREE_DATA` entry of the model stored under ``key``: (its page keys, its index of
    "Inherited from" rows, its comparisons, its page types table), None when there is none or it
    is not of that shape. Read as :meth:`Cache.get` would, but the parts that are tuples of
    strings in their plain data (all but the comparisons: their decoding gives the same tuples
    again) are checked as they are, not decoded (walking and rebuilding the corpus's 1,172 pages'
    types table was 2 of the entry's 6.5 ms)."""
    payload = cache.get_payload(TREE_DATA, key)
    if payload is None:
        return None
    try:
        data = unmarshal.loads(payload)
        if not (type(data) is tuple and len(data) == 4):
            return None
        keys, index, compared, table = data
        if not (type(keys) is tuple and _only_str(keys) and type(index) is tuple
                and all(type(pair) is tuple and len(pair) == 2 and _only_str(pair) for pair in index)):
            return None
        return keys, index, decode(compared), table  # (the table is checked by the caller)
    except (unmarshal.NotMarshal, PlainError, RecursionError):  # cut short, damaged, planted
        return None


_AHEAD: dict[str, object] = {}
"""The stored tree :func:`read_ahead` read, by its model's key (at most one, taken once)."""
_NONE_AHEAD = object()


def read_ahead(cache: Cache, key: str) -> None:
    """Read the :func:`tree_data` of ``key`` now for the next :func:`take_tree_data` of it: a warm
    edit's patch reads it (4-6 ms with its comparisons decoded) once the edited pages are parsed,
    and this runs while a child parses them (:func:`docgen.pipeline.stored_model.prefetch`)."""
    _AHEAD.clear()
    _AHEAD[key] = tree_data(cache, key)


def take_tree_data(cache: Cache, key: str) -> tuple[tuple[str, ...], tuple, object, object] | None:
    """:func:`tree_data` of ``key``: what :func:`read_ahead` read of it, else read now (what was read
    ahead is forgotten either way: it is given once, to the patch that asked for it to be read)."""
    found = _AHEAD.pop(key, _NONE_AHEAD)
    _AHEAD.clear()
    return tree_data(cache, key) if found is _NONE_AHEAD else found  # type: ignore[return-value]


def _only_str(items: tuple) -> bool:
    return set(map(type, items)) <= {str}


def is_comparison(item: object) -> bool:
    """True when ``item`` has the shape of a :data:`~docgen.resolve.rows.Comparison`."""
    return (
        type(item) is tuple
        and len(item) == 5
        and isinstance(item[0], Location)
        and type(item[1]) is str
        and (item[2] is None or type(item[2]) is str)
        and type(item[3]) is bool
        and isinstance(item[4], Location)
    )
