"""Lines moved on an edited page, carried into the model (issue 18).

In: a page's parse before and after an edit that only inserted or removed lines (a sentence of
prose docgen does not read, a note, a blank line), and the resolved model of the tree before the
edit. Out: old line -> new line for every place the page's parse holds (:func:`line_moves`), and
the model (or any value made of docgen's dataclasses and tuples) with each of those places moved
(:func:`relocate`); :class:`~docgen.resolve.retype.Unsure` when that cannot be proved to be what a
whole resolve of the edited tree gives.

Why it holds: the resolver copies places from the pages' parses (every :class:`Location` of a
model names the line of something a page's parse holds) and reads no line number for anything but
order, and a move keeps the order of every place on the page. So the places are moved one for one
by the map the two parses give, in the messages that write them (``path:line``) too, and nothing
else changes. What would not follow is refused: a place of the page the map does not name (the
resolver made a line of its own), any other text that names a place of the page (``path:``), a
message at a place of the page that names a line without its page (``(line 12)``), and parses
that differ in anything but lines and descriptions (:mod:`docgen.resolve.patch` then decides as
before).
"""

from __future__ import annotations

import enum
import re
from typing import Any

from docgen import lazy_re
from docgen.diagnostics import Diagnostic, Location
from docgen.model.lazy import fields_of
from docgen.model.page import PageModel
from docgen.resolve.retype import Unsure

_LEAF = (str, int, float, bool, type(None))
_NAMES_A_LINE = lazy_re.compile(r"\bline \d")


def line_moves(old: PageModel, new: PageModel) -> dict[int, int] | None:
    """Old line -> new line of every place of ``old`` when ``new`` (the same page after an edit)
    is ``old`` with lines inserted or removed and nothing else changed but descriptions (which
    :class:`~docgen.resolve.patch.Changes` notes and checks as for any edit) and its info (front
    matter, hash); None when anything else differs or the order of two places changed. A map
    whose every line stays is returned too: the caller tells it from a move."""
    path = old.info.path
    if new.info.path != path:
        return None
    pairs: dict[int, int] = {}
    if not _paired(old, new, path, pairs, skip="info"):
        return None
    ordered = sorted(pairs.items())
    if any(after <= before for (_, before), (_, after) in zip(ordered, ordered[1:])):
        return None
    return pairs


def _paired(a: Any, b: Any, path: str, pairs: dict[int, int], skip: str = "") -> bool:
    """True when ``a`` and ``b`` are equal but for the lines of places on ``path`` (each noted
    in ``pairs``, which must name one new line per old one)."""
    kind = type(a)
    if kind is not type(b):
        return False
    if kind in _LEAF or isinstance(a, enum.Enum):
        return a == b
    if kind is Location:
        if a.path != b.path or a.col != b.col:
            return False
        if a.path != path:
            return a.line == b.line
        return pairs.setdefault(a.line, b.line) == b.line
    if kind is tuple or kind is list:
        return len(a) == len(b) and all(_paired(x, y, path, pairs) for x, y in zip(a, b))
    if kind is dict:
        return list(a) == list(b) and all(_paired(a[key], b[key], path, pairs) for key in a)
    if not hasattr(kind, "__dataclass_fields__"):
        return a == b
    mine, other = fields_of(a), fields_of(b)  # (never __dict__ itself: lazy fields, see docgen.model.lazy)
    return all(
        name == skip
        or (name == "description" and type(value) is str and type(other[name]) is str)  # the patch's to note
        or _paired(value, other[name], path, pairs)
        for name, value in mine.items()
    )


def relocate(value: Any, moves: dict[str, dict[int, int]]) -> Any:
    """``value`` with every place on a page of ``moves`` (path -> old line -> new line) moved,
    in diagnostics' messages too (``path:line``, as messages write places); :class:`Unsure` for a
    place on such a page whose line the map does not name, any other text that names a place on
    such a page (``path:``), or a diagnostic there whose message names a line without its page
    (``(line 12)``). Objects holding nothing moved are kept, not copied."""
    if not moves:
        return value
    named = tuple(f"{path}:" for path in moves)
    return _moved(value, moves, named)


def _moved_diagnostic(value: Diagnostic, moves: dict[str, dict[int, int]], named: tuple[str, ...]) -> Diagnostic:
    location = _moved(value.location, moves, named)
    message = value.message
    if value.location.path in moves and _NAMES_A_LINE.search(message):
        raise Unsure(f"the message at {value.location} names a line")
    if any(place in message for place in named):
        for path, lines in moves.items():
            message = _place_pattern(path).sub(lambda found: _line_in(found, path, lines), message)
    if location is value.location and message == value.message:
        return value
    copy = object.__new__(Diagnostic)
    copy.__dict__.update(value.__dict__)
    copy.__dict__.update(location=location, message=message)
    return copy


def _place_pattern(path: str) -> re.Pattern[str]:
    """``path:LINE`` as a message writes a place (``str(location)`` or ``path:line``)."""
    return re.compile(re.escape(path) + r":(\d+)")


def _line_in(found: re.Match[str], path: str, lines: dict[int, int]) -> str:
    line = lines.get(int(found.group(1)))
    if line is None:
        raise Unsure(f"a message names {found.group(0)}, not a place of the page's parse")
    return f"{path}:{line}"


def _moved(value: Any, moves: dict[str, dict[int, int]], named: tuple[str, ...]) -> Any:
    kind = type(value)
    if kind is str:
        if any(place in value for place in named):
            raise Unsure(f"a text names a place on a page whose lines moved: {value[:80]!r}")
        return value
    if kind in _LEAF or isinstance(value, enum.Enum):
        return value
    if kind is Location:
        lines = moves.get(value.path)
        if lines is None:
            return value
        line = lines.get(value.line)
        if line is None:
            raise Unsure(f"{value} is not a place of the page's parse")
        return value if line == value.line else Location(value.path, line, value.col)
    if kind is tuple:
        out = None
        for index, item in enumerate(value):
            if type(item) in _LEAF and type(item) is not str:
                continue
            moved = _moved(item, moves, named)
            if moved is not item:
                if out is None:
                    out = list(value)
                out[index] = moved
        return value if out is None else tuple(out)
    if kind is list:
        items = [_moved(item, moves, named) for item in value]
        return value if all(a is b for a, b in zip(items, value)) else items
    if kind is dict:
        pairs = [(_moved(k, moves, named), _moved(v, moves, named)) for k, v in value.items()]
        return value if all(k is a and v is b for (k, v), (a, b) in zip(pairs, value.items())) else dict(pairs)
    if not hasattr(kind, "__dataclass_fields__"):
        raise Unsure(f"a value of an unknown kind: {kind.__name__}")
    if kind is Diagnostic:
        return _moved_diagnostic(value, moves, named)
    fields = fields_of(value)  # every field decoded (a lazy one's stored data is no field)
    changed = None
    for name, item in fields.items():
        if type(item) in _LEAF and type(item) is not str:
            continue
        moved = _moved(item, moves, named)
        if moved is not item:
            if changed is None:
                changed = {}
            changed[name] = moved
    if changed is None:
        return value
    copy = object.__new__(kind)  # a frozen dataclass with its fields replaced (no __init__ runs again)
    copy.__dict__.update(fields)
    copy.__dict__.update(changed)
    return copy
