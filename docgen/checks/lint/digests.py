"""Digests of model values for lint's per-page cache, the same in every process.

In: model values (dataclasses, tuples, builtins). Out: a short hex digest of their ``repr`` as
nested tuples of builtins (:func:`plain_value`), some dataclass fields left out.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import operator
from collections.abc import Callable
from typing import Any

from docgen.diagnostics import Location

_SKIPPED = frozenset(("description", "sources", "representation"))
"""Fields a type's digest leaves out: no rule reads them of a type other than its page's own."""


def _hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def type_digest_of(typedef: Any) -> str:
    """The digest of a type of a model as lint's lookups see it: all but its description,
    sources and representation (the fields :data:`_SKIPPED`)."""
    return _hash(repr(plain_value(typedef)))


def digest_of(value: Any, skipped: frozenset[str] = _SKIPPED) -> str:
    """A digest of ``value`` (model values, builtins) that is the same in every process; the
    ``skipped`` fields of dataclasses are left out."""
    return _hash(repr(plain_value(value, skipped)))


_LEAF = frozenset((str, int, bool, float, type(None)))
_GETTERS: dict[tuple[type, frozenset[str]], tuple[str, Callable[[Any], tuple[Any, ...]]]] = {}


def _getter(kind: type, skipped: frozenset[str]) -> tuple[str, Callable[[Any], tuple[Any, ...]]]:
    found = _GETTERS.get((kind, skipped))
    if found is None:
        names = [f.name for f in dataclasses.fields(kind) if f.name not in skipped]
        get: Callable[[Any], Any] = operator.attrgetter(*names) if names else (lambda value: ())
        one = len(names) == 1
        found = _GETTERS[kind, skipped] = (kind.__qualname__, (lambda value: (get(value),)) if one else get)
    return found


def plain_value(value: Any, skipped: frozenset[str] = _SKIPPED) -> Any:
    """``value`` as nested tuples of builtins without the ``skipped`` fields of dataclasses (its
    ``repr`` is the same in every process). Leaves are checked inline (a call per leaf was most
    of the walk in :mod:`docgen.render.reads`, whose walk this is)."""
    kind = type(value)
    if kind in _LEAF:
        return value
    if kind is Location:
        return (value.path, value.line, value.col)
    if kind is tuple:
        return tuple([item if type(item) in _LEAF else plain_value(item, skipped) for item in value])
    if kind is list:
        return ("L", tuple([item if type(item) in _LEAF else plain_value(item, skipped) for item in value]))
    if kind is dict:
        return ("D", tuple((plain_value(k, skipped), plain_value(v, skipped)) for k, v in value.items()))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        name, get = _getter(kind, skipped)
        return (name, tuple([item if type(item) in _LEAF else plain_value(item, skipped) for item in get(value)]))
    if isinstance(value, enum.Enum):
        return (kind.__qualname__, value.value)
    if isinstance(value, (set, frozenset)):
        return ("S", tuple(sorted(repr(plain_value(item, skipped)) for item in value)))
    return (kind.__qualname__, repr(value))
