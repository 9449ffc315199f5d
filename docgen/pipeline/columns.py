"""A tuple of diagnostics as columns: the cache's encoding of the model's and a render's findings.

In: a tuple of :class:`~docgen.diagnostics.Diagnostic` (:func:`encode_diagnostics`), or the plain
data that gave (:func:`decode_diagnostics`). Out: that data (None when the tuple holds anything a
column cannot: :mod:`docgen.pipeline.plain` then encodes it item by item), or the tuple again.

A whole tree's model holds about 11,700 diagnostics and a render entry 13,100, decoded on every
warm run. Item by item (``["Diagnostic", ["Severity", 2], code, message, ["Location", path,
line, col], context, related]`` each) they were 37 ms of decoding and 2.3 MB of marshal for the
corpus's model; as columns, 11 ms and 1.8 MB (each page's path and each code written once,
objects built by one loop with no call per field). The data::

    ["DG", paths, codes, path_index, lines, cols, code_index, severities, messages,
     contexts or None (all empty), related or None (all empty)]

every column a tuple with one item per diagnostic (``paths`` and ``codes``: the distinct values in
order of first use; ``severities``: each level's ``int``; ``related``: each one's tuple of
locations as :func:`docgen.pipeline.plain.encode` writes them). :func:`decode_diagnostics` checks
every column's length and item types and every index, and raises
:class:`~docgen.pipeline.plain.PlainError` for anything else (a damaged entry is a cache miss).
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import chain
from typing import Any

from docgen.diagnostics import Diagnostic, Location, Severity

TAG = "DG"
"""The first item of a column encoding (a name no registered class has: see ``plain._RESERVED``)."""

SMALLEST = 8
"""Tuples shorter than this are encoded item by item (a column encoding costs a few microseconds
more per tuple: a render job's one or two findings are not worth it)."""

_LEVELS = {int(level): level for level in Severity}
_NUMBERS = {level: int(level) for level in Severity}
_FIELDS = 11
_new = object.__new__


def _only(column: list | tuple, kind: type) -> bool:
    """Whether every item of ``column`` is exactly of ``kind`` (no subclass: ``True`` is no line)."""
    return not column or set(map(type, column)) == {kind}


def _places(places: tuple) -> bool:
    """Whether every item of ``places`` is a :class:`Location` of a string and two integers (as
    the main locations' columns are checked: a related place is printed and re-located too)."""
    return all(type(p) is Location and type(p.path) is str and type(p.line) is int and type(p.col) is int
               for p in places)


def encode_diagnostics(items: tuple, encode: Callable[[Any], Any]) -> list | None:
    """The column data of ``items`` (a tuple of at least :data:`SMALLEST` diagnostics), or None
    when an item is not a plain :class:`Diagnostic` of strings and integers at a
    :class:`Location` (its related places too; ``encode`` writes each related location)."""
    if not _only(items, Diagnostic):
        return None
    places = [d.location for d in items]
    if not _only(places, Location):
        return None
    severities = [d.severity for d in items]
    if not _only(severities, Severity):
        return None
    paths = [p.path for p in places]
    lines = [p.line for p in places]
    cols = [p.col for p in places]
    codes = [d.code for d in items]
    messages = [d.message for d in items]
    contexts = [d.context for d in items]
    if not (_only(paths, str) and _only(codes, str) and _only(messages, str) and _only(contexts, str)
            and _only(lines, int) and _only(cols, int)):
        return None
    related = [d.related for d in items]
    if not (_only(related, tuple) and all(map(_places, related))):
        return None
    path_index: dict[str, int] = {}
    code_index: dict[str, int] = {}
    by_path = tuple([path_index.setdefault(path, len(path_index)) for path in paths])
    by_code = tuple([code_index.setdefault(code, len(code_index)) for code in codes])
    return [
        TAG,
        tuple(path_index),
        tuple(code_index),
        by_path,
        tuple(lines),
        tuple(cols),
        by_code,
        tuple([_NUMBERS[level] for level in severities]),
        tuple(messages),
        tuple(contexts) if any(contexts) else None,
        tuple([encode(r) for r in related]) if any(related) else None,
    ]


def decode_diagnostics(data: list, decode: Callable[[Any], Any], error: type[Exception]) -> tuple:
    """The tuple of diagnostics :func:`encode_diagnostics` gave ``data``; ``error`` (the cache's
    :class:`~docgen.pipeline.plain.PlainError`) for data it cannot have given (``decode`` reads
    each related location)."""
    if len(data) != _FIELDS:
        raise error("a diagnostics column encoding of a wrong length")
    paths, codes, by_path, lines, cols, by_code, levels, messages, contexts, related = data[1:]
    columns = (by_path, lines, cols, by_code, levels, messages)
    if not all(type(column) is tuple for column in (paths, codes, *columns)):
        raise error("a diagnostics column that is not a tuple")
    count = len(by_path)
    if any(len(column) != count for column in columns):
        raise error("diagnostics columns of different lengths")
    if not (_only(paths, str) and _only(codes, str) and _only(messages, str) and _only(by_path, int)
            and _only(lines, int) and _only(cols, int) and _only(by_code, int) and _only(levels, int)):
        raise error("a diagnostics column of a wrong type")
    if count and (min(by_path) < 0 or min(by_code) < 0):
        raise error("a negative index in a diagnostics column")
    if contexts is None:
        contexts = ("",) * count
    elif not (type(contexts) is tuple and len(contexts) == count and _only(contexts, str)):
        raise error("a bad diagnostics context column")
    if related is None:
        related = ((),) * count
    else:
        if not (type(related) is tuple and len(related) == count):
            raise error("a bad diagnostics related column")
        related = [decode(item) for item in related]
        if not all(type(item) is tuple and _places(item) for item in related):
            raise error("a related place that is not a tuple of locations of a path and two numbers")
    try:
        page = [paths[i] for i in by_path]
        code = [codes[i] for i in by_code]
        level = [_LEVELS[n] for n in levels]
    except (IndexError, KeyError):
        raise error("an index or level out of range in a diagnostics column") from None
    made = []
    append = made.append
    new = _new
    for path, line, col, found, severity, message, context, places in zip(
        page, lines, cols, code, level, messages, contexts, related
    ):
        where = new(Location)  # (fields set item by item: a fifth faster than update with keywords)
        state = where.__dict__
        state["path"] = path
        state["line"] = line
        state["col"] = col
        item = new(Diagnostic)
        state = item.__dict__
        state["severity"] = severity
        state["code"] = found
        state["message"] = message
        state["location"] = where
        state["context"] = context
        state["related"] = places
        append(item)
    return tuple(made)


# --- a tuple of pages (a model's PageInfo, one per page) ---------------------------------------

PAGES = "PI"
"""The first item of the column encoding of a tuple of :class:`~docgen.model.core.PageInfo`."""

_PAGE_FIELDS = 9


def encode_pages(items: tuple, page_info: type) -> list | None:
    """The column data of ``items`` (a tuple of at least :data:`SMALLEST` ``page_info`` objects:
    :class:`~docgen.model.core.PageInfo`), or None when one is of another class or holds anything
    but strings (its front matter a dict of strings by strings). A model's 3,341 pages decoded
    item by item (each an object and its front matter's dict) were 11 ms of a warm edit's read
    of the model::

        ["PI", paths, kinds, kind_index, titles, shapes, shape_index, values, sha256s]

    every column a tuple with one item per page (``kinds``: the distinct kinds in order of first
    use; ``shapes``: likewise, the distinct tuples of a front matter's keys, in order; ``values``:
    each front matter's values, in its keys' order)."""
    if not _only(items, page_info):
        return None
    paths = [p.path for p in items]
    kinds = [p.kind for p in items]
    titles = [p.title for p in items]
    shas = [p.sha256 for p in items]
    matters = [p.front_matter for p in items]
    if not (_only(paths, str) and _only(kinds, str) and _only(titles, str) and _only(shas, str)
            and _only(matters, dict)):
        return None
    shapes = [tuple(m) for m in matters]
    values = [tuple(m.values()) for m in matters]
    if not all(_only(keys, str) and _only(found, str) for keys, found in zip(shapes, values)):
        return None
    kind_index: dict[str, int] = {}
    shape_index: dict[tuple, int] = {}
    by_kind = tuple([kind_index.setdefault(kind, len(kind_index)) for kind in kinds])
    by_shape = tuple([shape_index.setdefault(shape, len(shape_index)) for shape in shapes])
    return [PAGES, tuple(paths), tuple(kind_index), by_kind, tuple(titles), tuple(shape_index), by_shape,
            tuple(values), tuple(shas)]


def decode_pages(data: list, page_info: type, error: type[Exception]) -> tuple:
    """The tuple of pages :func:`encode_pages` gave ``data``; ``error`` for data it cannot have given."""
    if len(data) != _PAGE_FIELDS:
        raise error("a pages column encoding of a wrong length")
    paths, kinds, by_kind, titles, shapes, by_shape, values, shas = data[1:]
    columns = (paths, by_kind, titles, by_shape, values, shas)
    if not all(type(column) is tuple for column in (kinds, shapes, *columns)):
        raise error("a pages column that is not a tuple")
    count = len(paths)
    if any(len(column) != count for column in columns):
        raise error("pages columns of different lengths")
    if not (_only(paths, str) and _only(kinds, str) and _only(by_kind, int) and _only(titles, str)
            and _only(shapes, tuple) and _only(by_shape, int) and _only(values, tuple) and _only(shas, str)):
        raise error("a pages column of a wrong type")
    if not (_only(list(chain.from_iterable(shapes)), str) and _only(list(chain.from_iterable(values)), str)):
        raise error("a front matter of something but strings")
    if count and (min(by_kind) < 0 or min(by_shape) < 0):
        raise error("a negative index in a pages column")
    try:
        kind = [kinds[i] for i in by_kind]
        shape = [shapes[i] for i in by_shape]
    except IndexError:
        raise error("an index out of range in a pages column") from None
    if any(len(keys) != len(found) for keys, found in zip(shape, values)):
        raise error("a front matter whose keys and values do not pair")
    made = []
    append = made.append
    new = _new
    for path, found, title, keys, matter, sha in zip(paths, kind, titles, shape, values, shas):
        item = new(page_info)
        state = item.__dict__  # (item by item, as the diagnostics above)
        state["path"] = path
        state["kind"] = found
        state["title"] = title
        state["front_matter"] = dict(zip(keys, matter))
        state["sha256"] = sha
        append(item)
    return tuple(made)
