"""Values walked into plain data for cache keys and digests: :func:`plain_walk`.

In: any value made of scalars, bytes, tuples, lists, dicts, sets, enums and dataclasses. Out:
nested tuples and lists of scalars that :mod:`marshal` version :data:`KEY_MARSHAL` writes as the
same bytes in every process and on every machine (no hash-ordered sets, no memory addresses, no
back-references). Below every stage and the pipeline: the pipeline's job keys
(:func:`docgen.pipeline.plain.key_bytes`) and the renderer's read digests
(:mod:`docgen.render.reads`, which leaves some fields out) use the one walk; the job keys name a
type or an operation by its digest instead of walking it (``digested``).
"""

from __future__ import annotations

import dataclasses
import enum
import marshal
from collections.abc import Callable, Mapping
from operator import attrgetter
from typing import Any

KEY_MARSHAL = 2
"""The marshal version of key bytes: version 2 writes every string as UTF-8 and never refers
back to an object written before (versions 3 and 4 do, depending on reference counts and
interning, so the same value could give different bytes)."""

LEAF = frozenset((str, int, float, bool, type(None), bytes))
"""Types that are their own encoding (marshal tells each apart from the others)."""

MARK = ...
"""First item of a tuple or list that stands for a dataclass, an enum, a dict or a set: a walk
never returns ``...`` for a value (it is no leaf, no dataclass and no enum), so no tuple or list
of the input starts with it."""

_KeyClass = tuple[str, Callable[[Any], tuple[Any, ...]] | None, Callable[[Any], str] | None]
"""A class's qualified name, the getter of its walked fields (None: an enum or a digested class)
and the function giving a digested class's digest."""


def plain_walk(
    skipped: frozenset[str] = frozenset(),
    other: Callable[[Any], Any] | None = None,
    digested: Mapping[type, Callable[[Any], str]] | None = None,
) -> Callable[[Any], Any]:
    """A walk of values into plain data: scalars and bytes themselves, a tuple or list of its
    items' walks and, each marked by a first item ``...``: a dataclass ``(..., "c", qualified
    name, field, ...)`` (the fields named in ``skipped`` left out), an enum ``(..., "e", qualified
    name, value)``, a dict ``[..., "D", k1, v1, ...]`` (in order), a set ``[..., "S", members]``
    (each member's bytes, sorted: no hash order). Containers of scalars only are kept as they are
    (checked at C speed: most are). Any other value, a class included, is given to ``other``
    (which may refuse it by raising); without ``other``, :class:`ValueError`. A value of a class
    in ``digested`` is ``(..., "o", qualified name, digest)``, its digest given by that class's
    function (which must stand for every field: :func:`docgen.pipeline.plain.object_digest`)."""
    classes: dict[type, _KeyClass] = {}
    for kind, digest in (digested or {}).items():
        classes[kind] = (f"{kind.__module__}.{kind.__qualname__}", None, digest)

    def register(kind: type) -> bool:
        """Note a dataclass's or an enum's name and getter; False for any other class."""
        name = f"{kind.__module__}.{kind.__qualname__}"
        if issubclass(kind, enum.Enum):
            classes[kind] = (name, None, None)
            return True
        if not dataclasses.is_dataclass(kind):
            return False
        names = tuple(f.name for f in dataclasses.fields(kind) if f.name not in skipped)
        get: Callable[[Any], tuple[Any, ...]]
        if len(names) == 1:
            get = (lambda field: lambda value: (getattr(value, field),))(names[0])
        elif names:
            get = attrgetter(*names)
        else:
            get = lambda value: ()  # noqa: E731
        classes[kind] = (name, get, None)
        return True

    def walk(value: Any) -> Any:
        kind = type(value)
        if kind in LEAF:
            return value
        found = classes.get(kind)
        if found is not None:
            name, get, digest = found
            if get is None:
                if digest is not None:  # stands for every field of the value
                    return (MARK, "o", name, digest(value))
                member = value.value  # an enum
                return (MARK, "e", name, member if type(member) in LEAF else walk(member))
            fields = get(value)
            if LEAF.issuperset(map(type, fields)):
                return (MARK, "c", name, *fields)
            return (MARK, "c", name, *[item if type(item) in LEAF else walk(item) for item in fields])
        if kind is tuple or kind is list:
            if LEAF.issuperset(map(type, value)):
                return value
            items = [item if type(item) in LEAF else walk(item) for item in value]
            return tuple(items) if kind is tuple else items
        if kind is dict:
            out: list[Any] = [MARK, "D"]
            for key, item in value.items():
                out.append(key if type(key) in LEAF else walk(key))
                out.append(item if type(item) in LEAF else walk(item))
            return out
        if kind is set or kind is frozenset:
            return [MARK, "S", *sorted(marshal.dumps(walk(item), KEY_MARSHAL) for item in value)]
        if not isinstance(value, type) and register(kind):  # met for the first time
            return walk(value)
        if other is None:
            raise ValueError(f"not walked: {kind.__qualname__}")
        return other(value)

    return walk
