"""The decoder's side of lazy fields (issue 18: :mod:`docgen.model.lazy`).

In: the data of a registered class with :func:`~docgen.model.lazy.lazy` fields (a type, an
operation), as :func:`docgen.pipeline.plain.decode` meets it. Out: the object with its lazy
fields left as their stored data (:class:`Pending`, in ``__dict__`` under
:data:`~docgen.model.lazy.PENDING`) once their shape is checked; and, for
:func:`~docgen.pipeline.plain.encode`, an object's fields with the never-read ones given back as
that data (no decode, no walk).

The shape check at load: a lazy field's data must be a tuple of encoded objects of the class the
field holds (or one such object, or None), each of that class's length; anything else is a
:class:`~docgen.pipeline.plain.PlainError` then, as for any damaged entry (the model is not
used). Damage deeper than that is found when the field is read: a ``PlainError`` naming the
field and asking for ``--no-cache``, which the command's guard reports as an ``internal-error``
diagnostic (exit status 1, nothing written from a model it could not read).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

from docgen.model import lazy
from docgen.model.core import Operation, TypeDef

_LEAF = frozenset((str, int, float, bool, type(None)))

LAZY_CLASSES: frozenset[type] = frozenset((TypeDef, Operation))
"""The classes :func:`~docgen.pipeline.plain.decode` builds with their lazy fields left as their
stored data until read (see :func:`eager`)."""

LAZY_ON = [True]
"""Whether :func:`~docgen.pipeline.plain.decode` leaves lazy fields for later (:func:`eager`)."""


class Pending(dict):  # type: ignore[type-arg]
    """The stored data of an object's fields not decoded yet, by field name (never changed once
    made). Pickled as a call of :data:`RESTORE` (:func:`docgen.pipeline.plain.pending`), so that a
    process unpickling a lazy object imports the decoder before it reads a field."""

    def __reduce__(self) -> tuple[Any, ...]:
        return (RESTORE[0], (dict(self),))


RESTORE: list[Callable[[dict[str, Any]], Pending]] = [Pending]
"""What unpickles a :class:`Pending` (set by :mod:`docgen.pipeline.plain` to a function of its own)."""


@contextmanager
def eager(on: bool = True) -> Iterator[None]:
    """Inside the block, :func:`~docgen.pipeline.plain.decode` decodes every field at once (no
    lazy field); with ``on`` False, as outside it."""
    saved = LAZY_ON[0]
    LAZY_ON[0] = not on
    try:
        yield
    finally:
        LAZY_ON[0] = saved


@cache
def _shapes(tag: str, registry: Callable[[], dict[str, tuple[type, tuple[str, ...]]]]) -> dict[str, tuple[str, int, bool]]:
    """Of the class named ``tag``: each lazy field -> (the class its value holds, that class's
    encoded length, whether the value is a tuple of them)."""
    table = registry()
    cls, _ = table[tag]
    return {name: (field.holds, len(table[field.holds][1]) + 1, type(field.default) is tuple)
            for name, field in lazy.lazy_fields(cls).items()}


def decode_lazily(obj: Any, tag: str, names: tuple[str, ...], fields: Any, decode: Callable[[Any], Any],
                  registry: Callable[[], dict[str, tuple[type, tuple[str, ...]]]], error: type[Exception]) -> None:
    """Set ``obj``'s fields from ``fields`` (data; ``decode`` decodes one), its lazy ones left as
    their data after the check of their shape (``error`` when it fails)."""
    shapes = _shapes(tag, registry)
    state = obj.__dict__
    waiting = None
    for name, item in zip(names, fields):
        if type(item) in _LEAF:
            state[name] = item
            continue
        shape = shapes.get(name)
        if shape is None or (type(item) is tuple and not item):
            state[name] = decode(item)
            continue
        holds, length, many = shape
        if (type(item) is tuple) is not many:
            raise error(f"{tag}.{name} does not hold {holds} data")
        for one in item if many else (item,):
            if type(one) is not list or len(one) != length or one[0] != holds:
                raise error(f"{tag}.{name} does not hold {holds} data")
        if waiting is None:
            waiting = Pending()
        waiting[name] = item
    if waiting is not None:
        state[lazy.PENDING] = waiting


def encode_fields(value: Any, names: tuple[str, ...], waiting: dict[str, Any], encode: Callable[[Any], Any]) -> list[Any]:
    """The encodings of ``value``'s fields (``names``): a field never read as its stored data."""
    state = value.__dict__
    out = []
    for field in names:
        if field in state:
            item = state[field]
            out.append(item if type(item) in _LEAF else encode(item))
        elif field in waiting:
            out.append(waiting[field])
        else:
            out.append(encode(getattr(value, field)))
    return out


@cache
def _places_of(holds: str, names: tuple[str, ...],
               registry: Callable[[], dict[str, tuple[type, tuple[str, ...]]]]) -> tuple[int, ...] | None:
    fields = registry()[holds][1]
    return tuple(fields.index(name) + 1 for name in names) if all(name in fields for name in names) else None


def peek(holds: str, data: Any, names: tuple[str, ...],
         registry: Callable[[], dict[str, tuple[type, tuple[str, ...]]]]) -> tuple[tuple[Any, ...], ...] | None:
    """Each item's values of the fields ``names`` in ``data`` (a pending tuple field's stored data,
    items of the class ``holds``: their shape was checked at load); None when one is not a scalar
    (then the field is decoded as usual)."""
    at = _places_of(holds, names, registry)
    if at is None or type(data) is not tuple:
        return None
    out = []
    for item in data:
        row = tuple([item[i] for i in at])
        if not _LEAF.issuperset(map(type, row)):
            return None
        out.append(row)
    return tuple(out)
