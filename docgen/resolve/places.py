"""Which types and operations of a model hold a place on a page (issue 18).

In: a resolved :class:`~docgen.model.core.Model`. Out: for each type and operation, the pages it
holds a place on beyond the ones it names itself (:func:`extras`: a type names its
``location`` and its ``sources``, an operation its ``location``); and, from those, the objects
that hold a place on given pages (:class:`PageIndex`), without reading any other field.

A patch (:mod:`docgen.resolve.patch`) finds what an edit changed by place: a row's description by
the row's location, a moved line by the page. Walking every type's properties and every
operation's parameters to find them read the whole model (whose heavy fields are decoded only
when read: :mod:`docgen.model.lazy`). Most places an object holds are on the pages it names, but
not all: a navigation property a request URL gives a type is located on the API page, an enum's
member may come from a description cell of another page. Those are recorded per object
(:func:`extras`), from a walk of every field of every object when the model is resolved whole,
and carried to a patched model (:func:`carried`: the objects the patch kept are the same objects,
only the ones it made are walked).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from docgen.diagnostics import Location
from docgen.model.core import Model, Operation, TypeDef
from docgen.model.lazy import fields_of
from docgen.resolve.shift import relocate

Extras = tuple[tuple[str, tuple[int, ...], tuple[int, ...]], ...]
"""(page, indices of the types, indices of the operations holding a place on it that they do not
name themselves), sorted by page."""

_LEAF = (str, int, float, bool, type(None))


def _walk(value: Any, out: set[str]) -> None:
    kind = type(value)
    if kind is Location:
        out.add(value.path)
    elif kind is tuple or kind is list:
        for item in value:
            if type(item) not in _LEAF:
                _walk(item, out)
    elif kind is dict:
        for key, item in value.items():
            _walk(key, out)
            _walk(item, out)
    elif hasattr(kind, "__dataclass_fields__") and not isinstance(value, enum.Enum):
        for item in fields_of(value).values():
            if type(item) not in _LEAF:
                _walk(item, out)


def held_paths(value: Any) -> set[str]:
    """The pages of every place ``value`` holds, at any depth (every field read)."""
    out: set[str] = set()
    _walk(value, out)
    return out


def named_paths(value: TypeDef | Operation) -> set[str]:
    """The pages an object names itself (read from fields that are never lazy)."""
    if type(value) is TypeDef:
        return {value.location.path, *(place.path for place in value.sources)}
    return {value.location.path}


def _beyond(value: TypeDef | Operation) -> set[str]:
    return held_paths(value) - named_paths(value)


def extras(model: Model) -> Extras:
    """Of every type and operation of ``model``, the pages it holds a place on beyond the ones
    it names itself (every field of every object read)."""
    return _table([_beyond(t) for t in model.types], [_beyond(op) for op in model.operations])


def _table(types: Sequence[Iterable[str]], operations: Sequence[Iterable[str]]) -> Extras:
    pages: dict[str, tuple[list[int], list[int]]] = {}
    for column, rows in enumerate((types, operations)):
        for index, paths in enumerate(rows):
            for path in paths:
                pages.setdefault(path, ([], []))[column].append(index)
    return tuple((path, tuple(pages[path][0]), tuple(pages[path][1])) for path in sorted(pages))


def carried(old: Model, old_extras: Extras, new: Model) -> Extras | None:
    """The :func:`extras` of ``new``, a patch of ``old`` (whose extras are ``old_extras``): an
    object at the same index that is the same object keeps its pages, any other is walked. None
    when the two do not have the same numbers of types and operations."""
    if len(old.types) != len(new.types) or len(old.operations) != len(new.operations):
        return None
    types: list[set[str]] = [set() for _ in new.types]
    operations: list[set[str]] = [set() for _ in new.operations]
    for path, type_indices, operation_indices in old_extras:
        for i in type_indices:
            types[i].add(path)
        for i in operation_indices:
            operations[i].add(path)
    for index, (a, b) in enumerate(zip(old.types, new.types)):
        if a is not b:
            types[index] = _beyond(b)
    for index, (x, y) in enumerate(zip(old.operations, new.operations)):
        if x is not y:
            operations[index] = _beyond(y)
    return _table(types, operations)


def is_extras(value: object, types: int, operations: int) -> bool:
    """True when ``value`` has the shape of :data:`Extras` for a model of those counts."""
    if type(value) is not tuple:
        return False
    for row in value:
        if not (type(row) is tuple and len(row) == 3 and type(row[0]) is str):
            return False
        for indices, count in ((row[1], types), (row[2], operations)):
            if type(indices) is not tuple or not all(type(i) is int and 0 <= i < count for i in indices):
                return False
    return True


class PageIndex:
    """The types and operations of a model that hold a place on given pages."""

    def __init__(self, model: Model, found: Extras) -> None:
        self._model = model
        self._found = found

    def near(self, paths: Iterable[str]) -> tuple[set[int], set[int]]:
        """(indices of the types, indices of the operations) holding a place on any of ``paths``:
        each object's own places looked at for those pages only (an index of every page's objects,
        built to be asked about one page, was 2.5 ms of a warm edit's 3,424 objects)."""
        paths = set(paths)
        types: set[int] = set()
        for index, t in enumerate(self._model.types):  # named_paths: location and sources, never lazy
            if t.location.path in paths or (t.sources and not paths.isdisjoint([p.path for p in t.sources])):
                types.add(index)
        operations = {index for index, op in enumerate(self._model.operations) if op.location.path in paths}
        for path, type_indices, operation_indices in self._found:
            if path in paths:
                types.update(type_indices)
                operations.update(operation_indices)
        return types, operations


class Near:
    """The types and operations of a model an edit of some pages may change: the ones holding a
    place on those pages (:class:`PageIndex`), and any object a step of the patch made in place of
    one (by identity); every object when there is no index."""

    def __init__(self, model: Model, paths: Iterable[str] | None, index: PageIndex | None) -> None:
        self.every = index is None or paths is None
        self._held: dict[int, Any] = {}
        if index is not None and paths is not None:
            types, operations = index.near(paths)
            self._held = {id(model.types[i]): model.types[i] for i in types}
            self._held.update({id(model.operations[i]): model.operations[i] for i in operations})
        self._found = -1 if self.every else len(self._held)

    def __call__(self, value: Any) -> bool:
        """Whether ``value`` (a type or an operation) may hold a place on an edited page."""
        return self.every or id(value) in self._held

    def count(self) -> int:
        """How many of the model's objects hold a place on the edited pages (-1: every one was
        looked at, no index)."""
        return self._found

    def follow(self, before: Sequence[Any], after: Sequence[Any]) -> None:
        """Note the objects of ``after`` (a step's result) that replace one of ``before``."""
        if self.every:
            return
        if len(before) != len(after):
            self.every = True
            return
        for a, b in zip(before, after):
            if a is not b:
                self._held[id(b)] = b


def edited_paths(changes: Any) -> set[str] | None:
    """The pages ``changes`` (a :class:`~docgen.resolve.patch.Changes`) are on; None when a change's place is on another page than the
    edited ones (then every object is looked at)."""
    paths = set(changes.infos) | set(changes.moves)
    tables: list[Any] = [changes.rows, changes.types, changes.members, changes.operations, changes.retyped,
                    changes.retyped_operations, changes.retyped_declared, changes.renamed, changes.shadowed,
                    changes.added, changes.removed, changes.bodies, changes.members_added, changes.members_removed]
    for places in (*tables, changes.unseen):
        if any(place.path not in paths for place in places):
            return None
    return paths


def relocated(model: Model, moves: dict[str, dict[int, int]], near: Near) -> Model:
    """``model`` with the places of ``moves`` moved (:func:`~docgen.resolve.shift.relocate`) in
    its diagnostics and in the types and operations ``near`` names (the only ones holding a place
    on a page of ``moves``)."""
    if not moves:
        return model
    types = tuple(relocate(t, moves) if near(t) else t for t in model.types)
    operations = tuple(relocate(op, moves) if near(op) else op for op in model.operations)
    near.follow(model.types, types)
    near.follow(model.operations, operations)
    rest: Model = relocate(replace(model, types=(), operations=()), moves)
    return replace(rest, types=types, operations=operations)
