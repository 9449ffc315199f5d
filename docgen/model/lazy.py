"""Heavy fields of model objects decoded when first read (issue 18).

In: a field declared with :func:`lazy` as its default, and objects built by a decoder
(:func:`docgen.pipeline.plain.decode`) that leaves such a field's stored data in the object's
``__dict__`` under :data:`PENDING` instead of the field's value. Out: the field's value, decoded
from that data the first time it is read and then kept in ``__dict__`` like any field.

A warm edit reads the stored model of the whole tree and patches a few objects; decoding every
property, member, request line and example of every type and operation was most of that read.

How it works: :class:`LazyField` is a non-data descriptor used as the dataclass field's default
(dataclasses' "descriptor-typed fields"). Read on the class it gives the default (what
``__init__`` and :func:`dataclasses.fields` see); read on an object whose ``__dict__`` holds the
field (every object built by ``__init__``, :func:`dataclasses.replace` or a decoded object once
read) the ``__dict__`` entry wins and the descriptor is not called at all, so eager objects pay
nothing. Only an object whose ``__dict__`` lacks the field reaches :meth:`LazyField.__get__`,
which decodes ``__dict__[PENDING][name]``. Equality, hashing, ``repr``, :func:`dataclasses.replace`,
:func:`dataclasses.asdict` and every other reader go through attribute access, so they see the same
values as for an eager object.

Rules for code that reads ``__dict__`` of a model object directly (a copy, a walk): use
:func:`fields_of` (every field, decoded) instead, and never treat :data:`PENDING` as a field. The
pending mapping is shared by copies of ``__dict__`` and never changed after the decoder made it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any, TypeVar, cast

T = TypeVar("T")

PENDING = "_pending_fields"
"""The ``__dict__`` key holding, by field name, the stored data of the fields not decoded yet."""

_DECODER: list[Callable[[str, str, Any], Any] | None] = [None]
"""What decodes a pending field: (class name, field name, stored data) -> value (set by
:func:`set_decoder`: docgen.pipeline.plain, which made the pending data)."""

_PEEKER: list[Callable[[str, Any, tuple[str, ...]], tuple[tuple[Any, ...], ...] | None] | None] = [None]
"""What reads scalar fields of a pending tuple field's items from its stored data: (class name
of the items, stored data, field names) -> each item's values, None when one is not a scalar
(set by :func:`set_peeker`: docgen.pipeline.plain)."""

READS: Counter[str] = Counter()
"""Fields decoded on first read, as ``Class.field`` -> count (what a warm run really reads:
``benchmarks`` and tests look; counting costs one dict update per decoded field)."""


def set_decoder(decoder: Callable[[str, str, Any], Any]) -> None:
    """Make ``decoder`` what decodes a pending field's stored data."""
    _DECODER[0] = decoder


def set_peeker(peeker: Callable[[str, Any, tuple[str, ...]], tuple[tuple[Any, ...], ...] | None]) -> None:
    """Make ``peeker`` what :func:`columns` reads a pending field's stored data with."""
    _PEEKER[0] = peeker


class LazyField:
    """A field's default that decodes the field's stored data the first time it is read."""

    __slots__ = ("default", "holds", "name", "owner")

    def __init__(self, default: Any, holds: str) -> None:
        self.default = default
        self.holds = holds
        """The name of the model class the field's value is (or is a tuple of)."""
        self.name = ""
        self.owner = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name
        self.owner = owner.__name__

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            return self.default
        state = obj.__dict__
        pending = state.get(PENDING)
        if pending is None or self.name not in pending:  # a field never stored lazily: its default
            return state.get(self.name, self.default)  # (or read by another thread since this lookup began)
        decoder = _DECODER[0]
        if decoder is None:  # pragma: no cover - a pending object exists only once a decoder made it
            raise RuntimeError("no decoder for a lazily stored field")
        value = decoder(self.owner, self.name, pending[self.name])
        state[self.name] = value  # from now on the __dict__ entry wins: this is not called again
        if all(name in state for name in pending):  # every field read: the stored data can go
            state.pop(PENDING, None)  # (from this object only: a copy of its __dict__ keeps its own
            # reference; pop: another thread reading the last field at once may have dropped it)
        READS[f"{self.owner}.{self.name}"] += 1
        return value


def lazy(default: T, holds: str) -> T:
    """A dataclass field default that lets a decoder leave the field's stored data for later:
    ``properties: tuple[Property, ...] = lazy((), "Property")`` (typed as the default, so that
    type checkers see an ordinary field). ``holds`` names the model class of the value or of
    the tuple's items (what a decoder checks the stored data's shape against)."""
    return cast(T, LazyField(default, holds))


def lazy_fields(cls: type) -> dict[str, LazyField]:
    """The fields of ``cls`` declared with :func:`lazy`, by name (in declaration order)."""
    return {name: value for name, value in vars(cls).items() if isinstance(value, LazyField)}


def pending(obj: Any) -> Mapping[str, Any]:
    """The stored data of ``obj``'s fields not decoded yet, by name (empty for an eager object)."""
    found = obj.__dict__.get(PENDING)
    if not found:
        return {}
    state = obj.__dict__
    return {name: data for name, data in found.items() if name not in state}


def fields_of(obj: Any) -> dict[str, Any]:
    """Every field of ``obj`` (a model dataclass) by name, pending ones decoded: what a copy or a
    walk of ``__dict__`` must use instead of ``__dict__`` itself."""
    state: dict[str, Any] = obj.__dict__
    if PENDING not in state:
        return state
    for name in pending(obj):
        getattr(obj, name)
    return {name: value for name, value in state.items() if name != PENDING}


def columns(obj: Any, field: str, names: tuple[str, ...]) -> tuple[tuple[Any, ...], ...]:
    """Of each item of ``obj``'s tuple field ``field`` (``properties``), the values of its scalar
    fields ``names`` (``("name", "type")``): read from the stored data while the field was never
    read (no item is built, the field stays pending), else from the items."""
    state = obj.__dict__
    if field not in state:
        waiting = state.get(PENDING)
        peeker = _PEEKER[0]
        declared = type(obj).__dict__.get(field)
        if waiting is not None and field in waiting and peeker is not None and isinstance(declared, LazyField):
            found = peeker(declared.holds, waiting[field], names)
            if found is not None:
                return found
    return tuple(tuple(getattr(item, name) for name in names) for item in getattr(obj, field))
