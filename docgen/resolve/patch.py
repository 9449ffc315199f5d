"""A resolved model patched for edited pages, without a whole resolve (issue 18).

In: the resolved :class:`~docgen.model.core.Model` of a tree, and for each edited page its page
model before and after the edit. Out: the model a whole :func:`~docgen.resolve.join.resolve` of
the edited tree gives, or None when this module cannot be sure of it (the caller resolves).

Descriptions are text the resolver copies and never reads: a property row's description goes to
every :class:`~docgen.model.core.Property` built from the row (the type's own, one an "Inherited
from" row gives a base, a request body's, a parameter), with the row's location; a type's to its
:class:`~docgen.model.core.TypeDef` when its page type is the primary one (whose location the
type has); an enum member's to the member (first seen wins, the object kept with its location);
an operation's to its :class:`~docgen.model.core.Operation`. No name, kind, base, link, key,
order or diagnostic depends on one. So when an edited page is the same as before once every
description is blanked (:func:`skeleton`: names, kinds, bases, type cells, rows, members,
examples, links, diagnostics, locations all equal), the new model is the old one with those
descriptions replaced, found by location (:func:`patch`). A description that holds a link or an
"Inherited from [x]" reference moves them along its line: their places are left out of the
skeleton too, and the patch is made only when the old model holds no trace of them (a link or
reference that resolved leaves none: only an unresolved one is located, in a diagnostic or an
undocumented type). Any other edit (a type cell, a member
added, a line moved, a page added or removed) gets a whole resolve; so does anything unexpected
here (a location that names two rows, a value that is not the old description).
"""

from __future__ import annotations

from dataclasses import replace

from docgen.diagnostics import Location
from docgen.model.core import EnumMember, Model, Operation, PageInfo, Property, TypeDef
from docgen.model.page import PageModel, PageOperation, PageProperty, PageType
from docgen.read.typecells import TypeRef


class _Unsure(Exception):
    """The patch cannot be proved equal to a whole resolve."""


_NOWHERE = Location("", 0, 0)


def _loose(ref: TypeRef | None) -> TypeRef | None:
    """An "Inherited from" reference without its cell and place (see :meth:`Changes.add`)."""
    if ref is None or ref.alternatives:
        return ref
    return replace(ref, cell="", location=_NOWHERE)


def _row(row: PageProperty) -> PageProperty:
    if not row.description and row.inherited_from is None:
        return row
    return replace(row, description="", inherited_from=_loose(row.inherited_from))


def _rows(rows: tuple[PageProperty, ...]) -> tuple[PageProperty, ...]:
    return tuple(_row(row) for row in rows)


def _member(member: EnumMember) -> EnumMember:
    return replace(member, description="") if member.description else member


def _type(page_type: PageType) -> PageType:
    return replace(
        page_type,
        description="",
        properties=_rows(page_type.properties),
        members=tuple(_member(m) for m in page_type.members),
    )


def _operation(op: PageOperation) -> PageOperation:
    body = op.body
    if body is not None:
        tables = tuple((ref, _rows(rows)) for ref, rows in body.tables)
        body = replace(body, properties=_rows(body.properties), tables=tables)
    return replace(op, description="", parameters=_rows(op.parameters), body=body)


def skeleton(page: PageModel) -> PageModel:
    """``page`` with every description the resolver only copies blanked (see the module's docstring)."""
    return replace(
        page,
        info=replace(page.info, front_matter={}, sha256=""),  # what no model field but pages holds
        types=tuple(_type(t) for t in page.types),
        operations=tuple(_operation(op) for op in page.operations),
        links=tuple(replace(link, location=_NOWHERE) for link in page.links),
    )


class Changes:
    """The descriptions edits changed, by the location of what holds them: (old, new)."""

    def __init__(self) -> None:
        self.rows: dict[Location, tuple[str, str]] = {}
        self.types: dict[Location, tuple[str, str]] = {}
        self.members: dict[Location, tuple[str, str]] = {}
        self.operations: dict[Location, tuple[str, str]] = {}
        self.infos: dict[str, PageInfo] = {}
        self.unseen: set[Location] = set()
        """Old places of links and "Inherited from" references that moved: each must be absent
        from the model (a resolved reference or link leaves no trace of its place)."""

    def __bool__(self) -> bool:
        return bool(self.rows or self.types or self.members or self.operations or self.infos)

    @staticmethod
    def _note(table: dict, location: Location, old: str, new: str) -> None:
        if old == new:
            return
        if table.setdefault(location, (old, new)) != (old, new):
            raise _Unsure(f"two descriptions at {location}")

    def _note_rows(self, old: tuple[PageProperty, ...], new: tuple[PageProperty, ...]) -> None:
        for a, b in zip(old, new):
            self._note(self.rows, a.location, a.description, b.description)
            if a.inherited_from != b.inherited_from and a.inherited_from is not None:
                self.unseen.add(a.inherited_from.location)

    def add(self, old: PageModel, new: PageModel) -> bool:
        """Note what changed from ``old`` to ``new`` (one page, before and after an edit); False
        when more than descriptions changed (the model must be resolved again)."""
        if old.info.path != new.info.path or skeleton(old) != skeleton(new):
            return False
        try:
            for a, b in zip(old.types, new.types):
                self._note(self.types, a.location, a.description, b.description)
                self._note_rows(a.properties, b.properties)
                for m, n in zip(a.members, b.members):
                    self._note(self.members, m.location, m.description, n.description)
            for a, b in zip(old.operations, new.operations):
                self._note(self.operations, a.location, a.description, b.description)
                self._note_rows(a.parameters, b.parameters)
                if a.body is not None and b.body is not None:
                    self._note_rows(a.body.properties, b.body.properties)
                    for (_, x), (_, y) in zip(a.body.tables, b.body.tables):
                        self._note_rows(x, y)
        except _Unsure:
            return False
        self.unseen.update(a.location for a, b in zip(old.links, new.links) if a.location != b.location)
        self.infos[new.info.path] = new.info
        return True


def _swap(table: dict[Location, tuple[str, str]], location: Location, description: str) -> str | None:
    """The new description for what holds ``description`` at ``location`` (None: unchanged)."""
    change = table.get(location)
    if change is None:
        return None
    if description != change[0]:
        raise _Unsure(f"{location} holds another description")
    return change[1]


def _properties(props: tuple[Property, ...], rows: dict[Location, tuple[str, str]]) -> tuple[Property, ...]:
    out = None
    for index, prop in enumerate(props):
        new = _swap(rows, prop.location, prop.description)
        if new is not None:
            if out is None:
                out = list(props)
            out[index] = replace(prop, description=new)
    return props if out is None else tuple(out)


def _patch_type(t: TypeDef, changes: Changes) -> TypeDef:
    fields: dict = {}
    if changes.types and t.documented:
        new = _swap(changes.types, t.location, t.description)
        if new is not None:
            fields["description"] = new
    if changes.rows and t.properties:
        props = _properties(t.properties, changes.rows)
        if props is not t.properties:
            fields["properties"] = props
    if changes.members and t.members:
        members = tuple(
            m if (new := _swap(changes.members, m.location, m.description)) is None else replace(m, description=new)
            for m in t.members
        )
        if members != t.members:
            fields["members"] = members
    return replace(t, **fields) if fields else t


def _patch_operation(op: Operation, changes: Changes) -> Operation:
    fields: dict = {}
    if changes.operations:
        new = _swap(changes.operations, op.location, op.description)
        if new is not None:
            fields["description"] = new
    if changes.rows:
        params = _properties(op.parameters, changes.rows)
        if params is not op.parameters:
            fields["parameters"] = params
        body = op.request_body
        if body is not None:
            props = _properties(body.properties, changes.rows)
            if props is not body.properties:
                fields["request_body"] = replace(body, properties=props)
    return replace(op, **fields) if fields else op


def _places(model: Model, paths: set[str]):
    """Every place the model holds on the pages of ``paths`` (as :class:`Location` values)."""
    for t in model.types:
        yield t.location
        yield from t.sources
        for prop in t.properties:
            yield prop.location
        for member in t.members:
            yield member.location
        if t.representation is not None:
            yield t.representation.location
    for op in model.operations:
        if op.location.path not in paths:
            continue
        yield op.location
        for line in op.request_lines:
            yield line.location
        for header in op.headers:
            yield header.location
        if op.permissions is not None:
            yield op.permissions.location
        if op.request_body is not None:
            yield op.request_body.location
            for prop in op.request_body.properties:
                yield prop.location
        if op.response is not None:
            yield op.response.location
        for example in op.examples:
            yield example.location
            if example.body_error is not None:
                yield example.body_error.location
        for prop in op.parameters:
            yield prop.location
    for diagnostic in model.diagnostics:
        yield diagnostic.location


def _traceless(model: Model, unseen: set[Location]) -> bool:
    """True when no place in ``unseen`` is in ``model``, nor named in a diagnostic's message."""
    if not unseen:
        return True
    if any(place in unseen for place in _places(model, {u.path for u in unseen})):
        return False
    named = [str(place) for place in unseen]
    return not any(name in d.message for d in model.diagnostics for name in named)


def patch(model: Model, changes: Changes) -> Model | None:
    """``model`` with ``changes`` made (and the edited pages' infos), or None when unsure."""
    if not _traceless(model, changes.unseen):
        return None
    try:
        types = tuple(_patch_type(t, changes) for t in model.types)
        operations = tuple(_patch_operation(op, changes) for op in model.operations)
    except _Unsure:
        return None
    pages = tuple(changes.infos.get(info.path, info) for info in model.pages)
    if sum(1 for info in model.pages if info.path in changes.infos) != len(changes.infos):
        return None  # an edited page the model does not hold
    return replace(model, types=types, operations=operations, pages=pages)
