"""The decoder's side of lazy fields (issue 18: :mod:`docgen.model.lazy`).

In: the data of a registered class with :func:`~docgen.model.lazy.lazy` fields (a type, an
operation), as :func:`docgen.pipeline.plain.decode` meets it. Out: the object with its lazy
fields left as their stored data (:class:`Pending`, in ``__dict__`` under
:data:`~docgen.model.lazy.PENDING`) once their shape is checked; and, for
:func:`~docgen.pipeline.plain.encode`, an object's fields with the never-read ones given back as
that data (no decode, no walk).

Stored sealed: a lazy field's data (unless it is empty or a scalar) is kept in the entry as the
:mod:`marshal` bytes (version 2, :data:`SEAL_MARSHAL`: the same bytes in every process) of its
plain data, so that reading the stored model unmarshals the heavy fields as one copy of bytes
each instead of building their millions of objects (the corpus's model: ``marshal.loads`` 33 ms
instead of 9); :func:`seal` makes them, :func:`opened` gives the data back when the field is
read (or peeked at: :func:`peek`).

The check at load: a lazy field's data must be sealed bytes (or a scalar, or an empty tuple);
anything else is a :class:`~docgen.pipeline.plain.PlainError` then, as for any damaged entry (the
model is not used). The shape of what the bytes hold (a tuple of encoded objects of the class the
field holds, or one such object, each of that class's length), and any damage deeper than that,
is checked when the field is read: a ``PlainError`` naming the field and asking for
``--no-cache`` (:class:`~docgen.pipeline.plain.DamagedModel`), which a patch answers with a
whole resolve and the command's guard reports as an ``internal-error`` diagnostic (exit status
1, nothing written from a model it could not read).

Stored apart: a model in the cache (:mod:`docgen.pipeline.stored_model`) keeps its sealed fields
in entries of their own, and holds in each field's place a reference, ``(REF, key, index)``
(:func:`is_ref`): 11 of the corpus model's 15.7 MB are then neither read, nor hashed, nor copied
by a warm edit, which reads two to four of its fields. A reference stays pending like
sealed bytes; the bytes are fetched when the field is read (or peeked at, or hashed for a
digest) through :data:`RESOLVE` (set by the stored model's reader), and are then the same sealed
bytes as ever (the same check, the same value, the same digest).
"""

from __future__ import annotations

import marshal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

from docgen.model import lazy
from docgen.pipeline import unmarshal
from docgen.model.core import Operation, TypeDef

_LEAF = frozenset((str, int, float, bool, type(None)))

LAZY_CLASSES: frozenset[type] = frozenset((TypeDef, Operation))
"""The classes :func:`~docgen.pipeline.plain.decode` builds with their lazy fields left as their
stored data until read (see :func:`eager`)."""

SEAL_MARSHAL = 2
"""The :mod:`marshal` version of a sealed field (version 2: no back-references, so the bytes
depend on the data alone, as an object's digest, taken over its encoding, must)."""

REF = "@sealed"
"""The first item of a reference to a sealed field stored apart (see the module's docstring)."""

RESOLVE: list[Callable[[Any], bytes] | None] = [None]
"""What fetches the sealed bytes of a reference (:mod:`docgen.pipeline.stored_model` sets it);
raises ``ValueError`` when it cannot (the entry is gone or damaged)."""


def is_ref(item: Any) -> bool:
    """Whether ``item`` is a reference to a sealed field stored apart: ``(REF, key, index)``."""
    return (type(item) is tuple and len(item) == 3 and item[0] == REF and type(item[1]) is str
            and type(item[2]) is int)


def resolved(item: Any) -> Any:
    """The sealed bytes ``item`` refers to when it is a reference (:func:`is_ref`), else ``item``;
    ``ValueError`` when a reference cannot be fetched."""
    if type(item) is not tuple or not is_ref(item):
        return item
    resolve = RESOLVE[0]
    if resolve is None:
        raise ValueError("a sealed field stored apart, and nothing to fetch it with")
    return resolve(item)


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


def seal(data: Any) -> Any:
    """A lazy field's encoding ``data`` as it is stored: itself when a scalar or an empty tuple,
    else its :mod:`marshal` bytes."""
    if type(data) in _LEAF or (type(data) is tuple and not data):
        return data
    return marshal.dumps(data, SEAL_MARSHAL)


def _unsealed(tag: str, name: str, holds: str, length: int, many: bool, data: Any, error: type[Exception]) -> Any:
    """The encoding a sealed field's bytes hold, once its shape is checked (``error`` else)."""
    if type(data) is not bytes:
        raise error(f"{tag}.{name} is not sealed data")
    try:
        item = unmarshal.loads(data)
    except unmarshal.NotMarshal as exc:
        raise error(f"{tag}.{name}: {exc}") from None
    if (type(item) is tuple) is not many:
        raise error(f"{tag}.{name} does not hold {holds} data")
    for one in item if many else (item,):
        if type(one) is not list or len(one) != length or one[0] != holds:
            raise error(f"{tag}.{name} does not hold {holds} data")
    return item


def _left_unsealed(tag: str, name: str, shape: tuple[str, int, bool], item: Any, error: type[Exception]) -> Any:
    """The value of a lazy field :func:`seal` left as it was: an empty tuple for a field of many
    values, None for one of one; ``error`` for anything else (a planted scalar is no field's value)."""
    many = shape[2]
    if (type(item) is tuple and not item) if many else item is None:
        return item
    raise error(f"{tag}.{name} is not sealed data")


def opened(tag: str, name: str, data: Any,
           registry: Callable[[], dict[str, tuple[type, tuple[str, ...]]]], error: type[Exception]) -> Any:
    """The encoding of the lazy field ``name`` of the class ``tag`` whose stored data is
    ``data`` (sealed bytes: see :func:`seal`); ``error`` when it is not one of the field's shape."""
    holds, length, many = _shapes(tag, registry)[name]
    if type(data) is tuple:
        try:
            data = resolved(data)
        except ValueError as exc:
            raise error(f"{tag}.{name}: {exc}") from None
    return _unsealed(tag, name, holds, length, many, data, error)


_PLANS: dict[str, tuple[tuple[str, ...], tuple[tuple[str, tuple[str, int, bool] | None], ...]]] = {}
"""Of each lazy class's name: its field names and, for each, (name, its :func:`_shapes` entry or
None for a field decoded at once), by :func:`decode_lazily`."""


def _plan(tag: str, names: tuple[str, ...],
          registry: Callable[[], dict[str, tuple[type, tuple[str, ...]]]]) -> tuple[tuple[str, tuple[str, int, bool] | None], ...]:
    found = _PLANS.get(tag)
    if found is None or found[0] is not names:
        shapes = _shapes(tag, registry)
        found = _PLANS[tag] = (names, tuple([(name, shapes.get(name)) for name in names]))
    return found[1]


def decode_lazily(obj: Any, tag: str, names: tuple[str, ...], fields: Any, decode: Callable[[Any], Any],
                  registry: Callable[[], dict[str, tuple[type, tuple[str, ...]]]], error: type[Exception]) -> None:
    """Set ``obj``'s fields from ``fields`` (data; ``decode`` decodes one), its lazy ones left as
    their sealed data (``error`` when one is not: see :func:`seal`). (Each field's shape from one
    plan per class, no lookup by name: the corpus's 3,424 types and operations, read by every warm
    edit, are about 45,000 fields.)"""
    state = obj.__dict__
    waiting = None
    leaf = _LEAF
    for (name, shape), item in zip(_plan(tag, names, registry), fields):
        kind = type(item)
        if shape is None:
            state[name] = item if kind in leaf else decode(item)
        elif kind is bytes or (kind is tuple and len(item) == 3 and item[0] == REF  # is_ref, inline
                               and type(item[1]) is str and type(item[2]) is int):
            if waiting is None:
                waiting = Pending()
            waiting[name] = item
        else:
            state[name] = _left_unsealed(tag, name, shape, item, error)
    if waiting is not None:
        state[lazy.PENDING] = waiting


OBJECTS = "OB"
"""The first item of a tuple of types or operations stored in columns (:func:`as_columns`; a name
no registered class has: see ``plain._RESERVED``)."""

SMALLEST = 8
"""Tuples of fewer objects than this are stored item by item."""


def as_columns(tag: str, items: tuple[list[Any], ...]) -> Any:
    """The stored data of ``items`` (the data of objects of the class ``tag``, as
    :func:`~docgen.pipeline.plain.encode` gives each) in columns: ``[OBJECTS, tag, column, ...]``,
    each column a tuple with one item per object, the data of one field as it was (a sealed
    field, a reference, a location ...); ``items`` themselves when fewer than :data:`SMALLEST` or
    not all of that class and length. A stored model's 3,424 types and operations decoded object
    by object were a call and a walk of every field each (about 45,000 fields on the corpus);
    in columns (:func:`decode_columns`) a loop per field."""
    if len(items) < SMALLEST or not items:
        return items
    width = len(items[0])
    if not all(type(item) is list and len(item) == width and item[0] == tag for item in items):
        return items
    return [OBJECTS, tag, *[tuple(column) for column in zip(*items)][1:]]


def by_item(data: Any) -> list[list[Any]]:
    """The data of each object of ``data`` (objects' data in columns, or item by item) as a list
    of its own (what :func:`as_columns` gives columns of again)."""
    if type(data) is list and data and data[0] == OBJECTS:
        return [[data[1], *row] for row in zip(*data[2:])]
    return list(data)


def decode_object_columns(data: list[Any], decode: Callable[[Any], Any],
                          registry: Callable[[], dict[str, tuple[type, tuple[str, ...]]]], error: type[Exception],
                          one_by_one: bool) -> tuple[Any, ...]:
    """The tuple of types or operations :func:`as_columns` stored in columns; ``error`` for data it
    cannot have given. Built column by column (:func:`decode_columns`), or object by object from
    each one's data (``decode``) when every field is decoded now (:func:`eager`) or ``one_by_one``
    (each object's digest is worked out from its data: ``plain.digesting``)."""
    tag = data[1] if len(data) > 1 else None
    known = registry().get(tag) if type(tag) is str else None
    if known is None or known[0] not in LAZY_CLASSES:
        raise error("columns of no class stored so")
    cls, names = known
    found = tuple(data[2:])
    if len(found) != len(names) or not all(type(column) is tuple for column in found):
        raise error(f"{tag} columns that are not one tuple per field")
    if any(len(column) != len(found[0]) for column in found):
        raise error(f"{tag} columns of different lengths")
    if one_by_one or not LAZY_ON[0]:
        return tuple([decode([tag, *row]) for row in zip(*found)])
    return decode_columns(cls, tag, names, found, decode, registry, error)


def decode_columns(cls: type, tag: str, names: tuple[str, ...], columns: tuple[tuple[Any, ...], ...],
                   decode: Callable[[Any], Any], registry: Callable[[], dict[str, tuple[type, tuple[str, ...]]]],
                   error: type[Exception]) -> tuple[Any, ...]:
    """The objects of the class ``cls`` (named ``tag``, fields ``names``) whose data
    :func:`as_columns` gave ``columns`` (one tuple per field, of equal lengths: checked by the
    caller), each field set as :func:`decode_lazily` sets it (the same values, the same order
    in each object's ``__dict__``, its lazy fields pending)."""
    new = object.__new__
    count = len(columns[0]) if columns else 0
    objects = [new(cls) for _ in range(count)]
    states = [value.__dict__ for value in objects]
    waiting: list[Pending | None] = [None] * count
    leaf = _LEAF
    for (name, shape), column in zip(_plan(tag, names, registry), columns):
        if shape is None:
            if leaf.issuperset(map(type, column)):
                for state, item in zip(states, column):
                    state[name] = item
            else:
                for state, item in zip(states, column):
                    state[name] = item if type(item) in leaf else decode(item)
            continue
        for at, item in enumerate(column):
            kind = type(item)
            if kind is bytes or (kind is tuple and len(item) == 3 and item[0] == REF  # is_ref, inline
                                 and type(item[1]) is str and type(item[2]) is int):
                found = waiting[at]
                if found is None:
                    found = waiting[at] = Pending()
                found[name] = item
            else:
                states[at][name] = _left_unsealed(tag, name, shape, item, error)
    for state, found in zip(states, waiting):
        if found is not None:
            state[lazy.PENDING] = found
    return tuple(objects)


def decode_eagerly(obj: Any, tag: str, names: tuple[str, ...], fields: Any, decode: Callable[[Any], Any],
                   registry: Callable[[], dict[str, tuple[type, tuple[str, ...]]]], error: type[Exception]) -> None:
    """Set every field of ``obj`` from ``fields``, its sealed ones opened and decoded now
    (:func:`eager`)."""
    shapes = _shapes(tag, registry)
    state = obj.__dict__
    for name, item in zip(names, fields):
        shape = shapes.get(name)
        if shape is None:
            state[name] = item if type(item) in _LEAF else decode(item)
        elif is_ref(item):
            state[name] = decode(opened(tag, name, item, registry, error))
        elif type(item) is not bytes:
            state[name] = _left_unsealed(tag, name, shape, item, error)
        else:
            state[name] = decode(_unsealed(tag, name, *shape, item, error))


_LAZY_NAMES: dict[type, frozenset[str]] = {}


def _lazy_names(cls: type) -> frozenset[str]:
    """The names of ``cls``'s lazy fields."""
    found = _LAZY_NAMES.get(cls)
    if found is None:
        found = _LAZY_NAMES[cls] = frozenset(lazy.lazy_fields(cls))
    return found


def encode_fields(value: Any, names: tuple[str, ...], waiting: dict[str, Any], encode: Callable[[Any], Any]) -> list[Any]:
    """The encodings of ``value``'s fields (``names``), its lazy ones sealed (:func:`seal`): a
    field never read is given back as its stored data (no decode, no walk)."""
    state = value.__dict__
    sealed = _lazy_names(type(value))
    out = []
    for field in names:
        if field in state:
            item = state[field]
            item = item if type(item) in _LEAF else encode(item)
        elif field in waiting:
            out.append(waiting[field])
            continue
        else:
            item = encode(getattr(value, field))
        out.append(seal(item) if field in sealed else item)
    return out


@cache
def _places_of(holds: str, names: tuple[str, ...],
               registry: Callable[[], dict[str, tuple[type, tuple[str, ...]]]]) -> tuple[int, ...] | None:
    fields = registry()[holds][1]
    return tuple(fields.index(name) + 1 for name in names) if all(name in fields for name in names) else None


def peek(holds: str, data: Any, names: tuple[str, ...],
         registry: Callable[[], dict[str, tuple[type, tuple[str, ...]]]]) -> tuple[tuple[Any, ...], ...] | None:
    """Each item's values of the fields ``names`` in ``data`` (a pending tuple field's sealed
    data, items of the class ``holds``); None when one is not a scalar, or the data is not of
    that shape (then the field is decoded as usual, and damage is reported as usual)."""
    at = _places_of(holds, names, registry)
    try:
        data = resolved(data)
    except ValueError:
        return None
    if at is None or type(data) is not bytes:
        return None
    try:
        items = _unsealed(holds, "", holds, len(registry()[holds][1]) + 1, True, data, ValueError)
    except ValueError:
        return None
    out = []
    for item in items:
        row = tuple([item[i] for i in at])
        if not _LEAF.issuperset(map(type, row)):
            return None
        out.append(row)
    return tuple(out)
