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
undocumented type). Lines inserted or removed are patched too: the page's places move
(:mod:`docgen.resolve.shift`) before the rest is noted. So are primitive rows added to or
removed from a resource page's own table (:mod:`docgen.resolve.added`), example bodies edited
with their keys kept (:mod:`docgen.resolve.bodies`), and members added to an enum's table
(:mod:`docgen.resolve.members`), and a resource row's type cell made to name a documented
complex type or enum, or another one, or a primitive again (:mod:`docgen.resolve.renamed`: the
cell is looked up as the resolve looks it up, in the table of the pages' types the resolve
recorded). An API page's first paragraph naming the operation's subject by a link ("Update the properties of
a [widget](…) object.") is a description too: the extractor keeps that whole line as the cell of
the subject's reference, which the resolve reads only to quote in the ``unresolved-type`` warning
of an undocumented subject, so an edit that leaves the reference otherwise equal is patched when
the model holds no trace of its place (:func:`~docgen.resolve.skeleton.reference_changes`; before,
every such edit was resolved whole: 2.1-2.7 s on the corpus, 2,102 of whose pages are API pages).
Any other edit (a type cell naming an entity or no documented type, a Relationships
row, a page added or removed) gets a whole resolve; so does anything unexpected here (a location
that names two rows, a value that is not the old description).

A type cell is patched too when the type graph cannot change (:meth:`Changes.add`,
:func:`~docgen.resolve.retype.retype`): the row is a resource page's own row (not "Inherited from"), its type is a
primitive before and after (``String`` -> ``Int64``: no type is looked up, created or merged, no
kind or base depends on it, no request URL navigates through it). The one
:class:`~docgen.model.core.Property` built from the row (found by location) then takes the new
type, collection and cell, and the ``property-redeclared`` warnings that compare it with a row of
its name in a base or a derived type are made again (:func:`~docgen.resolve.rows.redeclared`, as
the resolve makes them; the old ones must be in the model as the resolve made them). So are the
``inherited-row-mismatch`` warnings of the "Inherited from" rows of the type or of a type deriving
from it that repeat it: those rows are not in the model, so a whole resolve records each
comparison it made (the row's place, spelling, the type it says, the place of the property it
was compared with: :func:`~docgen.resolve.join.resolve_indexed`), and the warning is made again
from that record (:func:`~docgen.resolve.rows.inherited_mismatch`, the resolve's own). Nothing
else in the model reads them. A
primitive type cell of an operation's parameter or request body row made another primitive is
patched the same way (:func:`_patch_operation`): the row's property is the only thing built from it.
A row the model holds no property of, because another page documenting the same type has a row of
that name first (the resolve merges the pages' tables, the first row of a name kept), needs
nothing (:func:`~docgen.resolve.retype.shadowed`): the issue's doubled tree edits both copies of a page, and its second
copy's row is such a row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from docgen.diagnostics import Location
from docgen.model.core import Example, Model, Operation, PageInfo, Property, TypeDef
from docgen.model.page import PageModel, PageProperty
from docgen.read.typecells import TypeRef
from docgen.resolve.added import RowChange, changed_rows, unnamed, with_added, without_removed, without_row_links
from docgen.resolve.bodies import changed_bodies, with_bodies
from docgen.resolve.lookup import PageTypesTable
from docgen.resolve.members import MemberChange, changed_members, with_members
from docgen.resolve.places import Near, PageIndex, edited_paths, relocated
from docgen.resolve.renamed import looked_up, namer, renamable, unresolved
from docgen.resolve.retype import Unsure as _Unsure
from docgen.resolve.retype import retype
from docgen.resolve.rows import Comparison
from docgen.resolve.shift import line_moves, relocate
from docgen.resolve.skeleton import link_changes, skeleton, reference_changes
from docgen.resolve.warning_set import WarningSet




class Changes:
    """The descriptions edits changed, by the location of what holds them: (old, new)."""

    def __init__(self) -> None:
        self.rows: dict[Location, tuple[str, str]] = {}
        self.types: dict[Location, tuple[str, str]] = {}
        self.members: dict[Location, tuple[str, str]] = {}
        self.operations: dict[Location, tuple[str, str]] = {}
        self.infos: dict[str, PageInfo] = {}
        self.retyped: dict[Location, tuple[TypeRef, TypeRef]] = {}
        """Type cells of resource rows changed from one primitive to another: (old, new) reference."""
        self.retyped_operations: dict[Location, tuple[TypeRef, TypeRef]] = {}
        """The same, of operations' parameter and request body rows."""
        self.retyped_declared: dict[Location, tuple[TypeRef, TypeRef]] = {}
        """The same, of rows that declare a type no page of its own documents (an API page's
        request body): patched only when the model holds no property built from them (the type
        is documented elsewhere, the rows are read nowhere but the operation's body)."""
        self.renamed: dict[Location, tuple[TypeRef, TypeRef]] = {}
        """Type cells of resource rows changed to or from a cell naming a type (``String`` ->
        ``[identitySet](identityset.md)``): (old, new) reference, looked up when the model is
        patched (:mod:`docgen.resolve.renamed`)."""
        self.shadowed: dict[Location, tuple[Location, str]] = {}
        """Of each row in :attr:`retyped`: the place of the page type holding it and the row's
        name (a row another page's row of the same type shadows is in no model: see :func:`~docgen.resolve.retype.retype`)."""
        self.unseen: set[Location] = set()
        """Old places of links and "Inherited from" references that moved, changed or went:
        each must be absent from the model (a resolved reference or link leaves no trace of its
        place)."""
        self.linked: set[str] = set()
        """Targets of links an edit added or changed: each must name an input page (else the
        resolve would warn of it: :func:`~docgen.resolve.skeleton.link_changes`)."""
        self.added: dict[Location, RowChange] = {}
        """Rows added to a resource page's own type (:func:`~docgen.resolve.added.changed_rows`),
        by the page type's place after the edit: the places of the rows it had before (after the
        edit), each added row with its index among the rows after the edit, and the type's JSON
        representation before and after when the edit added the rows' keys there too."""
        self.removed: dict[Location, RowChange] = {}
        """The same of rows removed, by places before the edit (the patch takes them out before
        the places move)."""
        self.bodies: dict[Location, tuple[Example, Example]] = {}
        """Example bodies edited with their keys kept (:mod:`docgen.resolve.bodies`), by the
        example's place after the edit: (the example as the model holds it, after the edit)."""
        self.members_added: dict[Location, MemberChange] = {}
        """Members added to an enum's table (:mod:`docgen.resolve.members`), by the page type's
        place after the edit."""
        self.members_removed: dict[Location, MemberChange] = {}
        """Members removed from one, by its place before the edit (taken out before places move)."""
        self.moves: dict[str, dict[int, int]] = {}
        """Of each edited page whose lines moved (lines inserted or removed): old line -> new
        line of every place its parse holds (:mod:`docgen.resolve.shift`)."""

    def __bool__(self) -> bool:
        return bool(
            self.rows or self.types or self.members or self.operations or self.infos or self.retyped or self.renamed
            or self.retyped_operations or self.retyped_declared or self.added or self.removed or self.bodies or self.members_added or self.members_removed
        )

    def _untyped(self, old: PageModel, new: PageModel) -> PageModel:
        """``new`` with each type cell of a resource row that changed from one primitive to
        another put back as in ``old``, the change noted (see the module's docstring); other
        changes are left for the skeletons to refuse."""
        types = list(new.types)
        if len(old.types) == len(new.types):
            for index, (a, b) in enumerate(zip(old.types, new.types)):
                if a.origin == b.origin and a.origin in ("resource", "declared"):
                    table = self.retyped if a.origin == "resource" else self.retyped_declared
                    renamed = self.renamed if a.origin == "resource" else None
                    types[index] = replace(b, properties=self._untyped_rows(table, a.properties, b.properties, renamed))
                    if a.origin == "resource":
                        for row in a.properties:
                            if row.location in table:
                                self.shadowed[row.location] = (a.location, row.name)
        operations = list(new.operations)
        if len(old.operations) == len(new.operations):
            table = self.retyped_operations
            for index, (x, y) in enumerate(zip(old.operations, new.operations)):
                body = y.body
                if x.body is not None and body is not None:
                    body = replace(body, properties=self._untyped_rows(table, x.body.properties, body.properties))
                parameters = self._untyped_rows(table, x.parameters, y.parameters)
                operations[index] = replace(y, body=body, parameters=parameters)
        return replace(new, types=tuple(types), operations=tuple(operations))

    @staticmethod
    def _untyped_rows(
        table: dict[Location, tuple[TypeRef, TypeRef]],
        old: tuple[PageProperty, ...],
        new: tuple[PageProperty, ...],
        renamed: dict[Location, tuple[TypeRef, TypeRef]] | None = None,
    ) -> tuple[PageProperty, ...]:
        """``new`` with the primitive type cells changed from ``old`` put back, noted in ``table``
        (and, given ``renamed``, the cells changed to or from naming a type, noted there)."""
        if len(old) != len(new):
            return new
        rows = list(new)
        for at, (x, y) in enumerate(zip(old, new)):
            if x.ref == y.ref:
                continue
            noted = table if _retypable(x, y) else renamed if renamed is not None and renamable(x, y) else None
            if noted is None:
                continue
            if noted.setdefault(x.location, (x.ref, y.ref)) != (x.ref, y.ref):
                raise _Unsure(f"two type cells at {x.location}")
            rows[at] = replace(y, ref=x.ref)
        return tuple(rows)

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
        if old.info.path != new.info.path:
            return False
        rows = changed_rows(old, new)
        if rows is not None:  # the rows taken out here, the rest must be a patch as any edit
            old, new, changed, adding = rows
            old, new = without_row_links(old, new, changed, adding, self.unseen, self.linked)
        new, bodies = changed_bodies(old, new)  # the same of example bodies
        old, new, members, adding_members = changed_members(old, new)  # and of an enum's table's members
        moves = line_moves(old, new)
        if moves is not None and any(before != after for before, after in moves.items()):
            try:  # lines moved, nothing else: the old parse with its places moved is the new one
                old = relocate(old, {old.info.path: moves})
            except _Unsure:
                return False
            self.moves[old.info.path] = moves
        try:
            new = self._untyped(old, new)
            old, new = link_changes(old, new, self.unseen, self.linked)
            old = reference_changes(old, new, self.unseen)  # an edit of a line or row naming a type by a link
        except _Unsure:
            return False
        if skeleton(old) != skeleton(new):
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
        self.infos[new.info.path] = new.info
        member_table = self.members_added if adding_members else self.members_removed
        if any(place in self.bodies for place in bodies) or any(place in member_table for place in members):
            return False
        self.bodies.update(bodies)
        member_table.update(members)
        if rows is not None:
            place, *entry = changed
            table = self.added if adding else self.removed
            if place in table:
                return False
            table[place] = tuple(entry)
        return True


def _retypable(old: PageProperty, new: PageProperty) -> bool:
    """True when ``new`` is ``old`` with a primitive type cell changed to another primitive (the
    row's own type: not an "Inherited from" row, no "A or B")."""
    return (
        old.location == new.location
        and old.name == new.name
        and old.inherited_from is None
        and new.inherited_from is None
        and all(ref.primitive and not ref.alternatives and ref.target is None for ref in (old.ref, new.ref))
    )


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


def _retyped_properties(props: tuple[Property, ...], table: dict[Location, tuple[TypeRef, TypeRef]],
                       found: set[Location]) -> tuple[Property, ...]:
    """``props`` with the property of each row of ``table`` typed anew (noted in ``found``)."""
    out = None
    for index, prop in enumerate(props):
        change = table.get(prop.location)
        if change is None:
            continue
        old, new = change
        if prop.location in found or (prop.type, prop.collection, prop.type_cell) != (old.name, old.collection, old.cell):
            raise _Unsure(f"{prop.location} holds another type, or two properties")
        found.add(prop.location)
        if out is None:
            out = list(props)
        out[index] = replace(prop, type=new.name, collection=new.collection, type_cell=new.cell)
    return props if out is None else tuple(out)


def _patch_operation(op: Operation, changes: Changes, found: set[Location]) -> Operation:
    """``op`` with ``changes`` made: descriptions, and the type cells of its parameter and request
    body rows (primitive to primitive: the resolve types such a row as the cell says, and nothing
    else it builds reads the row's type; ``found`` notes each)."""
    fields: dict = {}
    if changes.operations:
        new = _swap(changes.operations, op.location, op.description)
        if new is not None:
            fields["description"] = new
    params = op.parameters
    body = op.request_body
    if changes.rows:
        params = _properties(params, changes.rows)
        if body is not None:
            props = _properties(body.properties, changes.rows)
            if props is not body.properties:
                body = replace(body, properties=props)
    if changes.retyped_operations:
        params = _retyped_properties(params, changes.retyped_operations, found)
        if body is not None:
            props = _retyped_properties(body.properties, changes.retyped_operations, found)
            if props is not body.properties:
                body = replace(body, properties=props)
    if params is not op.parameters:
        fields["parameters"] = params
    if body is not op.request_body:
        fields["request_body"] = body
    return replace(op, **fields) if fields else op


def _places(model: Model, paths: set[str], near: Near):
    """Every place the model holds on the pages of ``paths`` (as :class:`Location` values; of the
    types and operations ``near`` names, which hold every place on those pages)."""
    for t in model.types:
        if not near(t):
            continue
        yield t.location
        yield from t.sources
        for prop in t.properties:
            yield prop.location
        for member in t.members:
            yield member.location
        if t.representation is not None:
            yield t.representation.location
    for op in model.operations:
        if op.location.path not in paths or not near(op):
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


def _traceless(model: Model, unseen: set[Location], near: Near) -> bool:
    """True when no place in ``unseen`` is in ``model``, nor named in a diagnostic's message."""
    if not unseen:
        return True
    if any(place in unseen for place in _places(model, {u.path for u in unseen}, near)):
        return False
    named = [str(place) for place in unseen]
    return not any(name in d.message for d in model.diagnostics for name in named)


LAST_NEAR = [0]
"""How many types and operations the last :func:`patch` looked at for places (-1: every one;
what tests and benchmarks read)."""


def patch(
    model: Model,
    changes: Changes,
    inherited: frozenset[tuple[str, str]] | None = None,
    compared: tuple[Comparison, ...] | None = None,
    type_cell: Callable[[Location], Location | None] | None = None,
    table: PageTypesTable | None = None,
    index: PageIndex | None = None,
) -> Model | None:
    """``model`` with ``changes`` made (and the edited pages' infos), or None when unsure.
    ``inherited`` and ``compared`` are the indexes of "Inherited from" rows the resolve of
    ``model`` recorded (see :func:`~docgen.resolve.join.resolve_indexed`): without the first, no
    type cell is patched; without the second, none that such a row repeats. ``type_cell`` finds
    a row's type cell on its page (:func:`docgen.resolve.members.with_members`); ``table`` is the
    types each page documents, as the resolve recorded them: without it, no type cell naming a
    type is patched (:mod:`docgen.resolve.renamed`). ``index`` (:class:`~docgen.resolve.places.PageIndex`
    of ``model``) names the types and operations holding a place on the edited pages: only those
    are looked at to find and move places (the rest are kept, the same objects, their lazy fields
    unread); without it, every one is."""
    near = Near(model, edited_paths(changes), index)
    name = namer(model, table) if table is not None else unnamed  # types a row's cell naming a type
    try:  # rows and members removed first, at their places before the edit
        if changes.removed:
            types = without_removed(model.types, model.operations, changes.removed, inherited, name)
            near.follow(model.types, types)
            model = replace(model, types=types)
        if changes.members_removed:
            kept = WarningSet(model.diagnostics)
            types = with_members(model.types, model.operations, changes.members_removed, kept, type_cell, adding=False)
            near.follow(model.types, types)
            made = kept.result()
            model = replace(model, types=types, diagnostics=model.diagnostics if made is None else made)
        model = relocated(model, changes.moves, near)
    except _Unsure:
        return None
    if not _traceless(model, changes.unseen, near):
        return None
    if (changes.retyped or changes.renamed) and inherited is None:
        return None
    if (changes.renamed or changes.linked) and table is None:
        return None
    if changes.linked and unresolved(model, table or (), changes.linked):
        return None
    # the model's warnings, as a set changed in place where a row is retyped or an enum's members
    # added (:mod:`docgen.resolve.warning_set`: not hashed whole, the few changed found by key)
    diagnostics = WarningSet(model.diagnostics)
    try:
        types = tuple(_patch_type(t, changes) if near(t) else t for t in model.types)
        near.follow(model.types, types)
        retyped = changes.retyped
        if changes.renamed:
            retyped = {**retyped, **looked_up(model, changes.renamed, table or ())}
        before = types
        types = retype(types, retyped, changes.shadowed, inherited or frozenset(), diagnostics, compared,
                       named=frozenset(changes.renamed), near=near)
        near.follow(before, types)
        before = types
        types = with_added(types, model.operations, changes.added, inherited, name)
        types = with_members(types, model.operations, changes.members_added, diagnostics, type_cell)
        near.follow(before, types)
        if changes.retyped_declared and any(p.location in changes.retyped_declared
                                           for t in types if near(t) for p in t.properties):
            return None  # the declared type is the model's: its property would need _retype
        found: set[Location] = set()
        operations = tuple(_patch_operation(op, changes, found) if near(op) else op for op in model.operations)
        near.follow(model.operations, operations)
        operations = with_bodies(operations, changes.bodies, near)
        if len(found) != len(changes.retyped_operations):
            return None  # a row whose property the model does not hold
    except _Unsure:
        return None
    LAST_NEAR[0] = near.count()
    pages = tuple(changes.infos.get(info.path, info) for info in model.pages)
    if sum(1 for info in model.pages if info.path in changes.infos) != len(changes.infos):
        return None  # an edited page the model does not hold
    fields: dict = {}
    made = diagnostics.result()
    if made is not None:
        fields["diagnostics"] = made
    return replace(model, types=types, operations=operations, pages=pages, **fields)
