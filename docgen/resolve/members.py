"""Members added to (or removed from) an enum's table, patched into the model without a whole resolve (issue 18).

In: a page's parse before and after an edit, and the resolved model of the tree before it (its
places already moved: :mod:`docgen.resolve.shift`). Out: the members the edit added
(or removed: :func:`changed_members`; the rest of the edit is then checked by
:class:`~docgen.resolve.patch.Changes` as any other), and the model's types with them, its
``enum-mismatch`` warnings made again (:func:`with_members`), or
:class:`~docgen.resolve.retype.Unsure`.

Why it holds: the resolver gives an enum the members of the tables documenting it, in the order
it meets them (pages by path, then the values rows' descriptions list), first seen kept, and
compares each later list with the first (``enum-mismatch``: :func:`~docgen.resolve.join.members_mismatch`).
When one table documents the enum (the type has one source) and its members come first in the
type, one for one, a member added to that table, of a name the enum does not have yet, goes among
them in the table's order; the members that rows' descriptions added stay after them, in their
order. Each row that lists values of the enum (a property of its type with ``enum_values``: the
only lists the resolver compares) is compared with the new first list again, by the resolver's
function, at the place of its old warning; a row whose list agreed before and differs now has
no warning to take its place from: its warning goes to the row's type cell, found on its page's
parse (the cell's column is not in the model; without the parse the patch is refused), and a
warning no such row explains is refused too.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable, Mapping, MutableSet, Sequence

from docgen.diagnostics import Diagnostic, Location
from docgen.model.core import EnumMember, Operation, TypeDef
from docgen.model.page import PageModel
from docgen.resolve.added import documented_at, in_order
from docgen.resolve.join import members_mismatch
from docgen.resolve.retype import Unsure

MemberChange = tuple[tuple[Location, ...], tuple[tuple[int, EnumMember], ...]]
"""The places of the members the table keeps, and each member added (or removed) with its index
among the table's members after (or before) the edit."""


def changed_members(
    old: PageModel, new: PageModel
) -> tuple[PageModel, PageModel, dict[Location, MemberChange], bool]:
    """``old`` and ``new`` without the members one type's table gained (or lost), those members
    by the page type's place (after the edit for members added, before it for members removed),
    and True for members added (nothing when no table's members changed in number); other
    changes are left for the skeletons to refuse."""
    if len(old.types) != len(new.types):
        return old, new, {}, True
    found: dict[Location, MemberChange] = {}
    adding = True
    stripped = None
    for index, (a, b) in enumerate(zip(old.types, new.types)):
        if len(b.members) == len(a.members) or a.origin != b.origin:
            continue
        adding = len(b.members) > len(a.members)
        fewer, more = (a, b) if adding else (b, a)
        matched = in_order(fewer.members, more.members)
        if matched is None or found:
            return old, new, {}, True
        kept, changed = matched
        found[more.location] = (tuple(m.location for m in kept), tuple(changed))
        stripped = (index, replace(more, members=tuple(kept)))
    if stripped is None:
        return old, new, {}, True
    index, kept_type = stripped
    side = new if adding else old
    side = replace(side, types=(*side.types[:index], kept_type, *side.types[index + 1 :]))
    return (old, side, found, True) if adding else (side, new, found, False)


def with_members(
    types: tuple[TypeDef, ...],
    operations: Sequence[Operation],
    changes: Mapping[Location, MemberChange],
    diagnostics: MutableSet[Diagnostic],
    type_cell: Callable[[Location], Location | None] | None = None,
    adding: bool = True,
) -> tuple[TypeDef, ...]:
    """``types`` with the members of ``changes`` added (``adding``) or taken out (places before
    the edit: called before they move), and ``diagnostics`` (the model's, changed in place) with
    the ``enum-mismatch`` warnings of the rows listing the enum's values made again;
    :class:`Unsure` when that cannot be proved (see the module's docstring; a member taken out
    must be in no row's list, else the row would give it back, after the table's). ``type_cell``
    gives the place of a row's type cell (by the row's place) from its page's parse, where a row's
    new warning goes (:func:`type_cell_of`); without it such a row is refused."""
    if not changes:
        return types
    out = list(types)
    at_place = documented_at(types)
    for place, (kept, added) in sorted(changes.items()):
        index = at_place.get(place)
        if index is None:
            raise Unsure(f"no one type documented at {place}")
        enum = out[index]
        if enum.kind != "enum" or enum.sources != (place,):
            raise Unsure(f"{enum.qualified_name} is not an enum one table documents")
        own = len(kept) + (0 if adding else len(added))
        table = list(enum.members[:own])
        names = [m.name.lower() for _, m in added]
        if adding:
            if len(set(names)) != len(names) or {m.name.lower() for m in enum.members} & set(names):
                raise Unsure("a member added of a name the enum has")
        else:
            for at, member in reversed(added):
                if at >= len(table) or table.pop(at) != member:
                    raise Unsure(f"{member.location} is not the enum's member")
            listed = {v.lower() for p in _properties(types, operations) if p.type == enum.qualified_name for v in p.enum_values}
            if listed & set(names):
                raise Unsure("a member removed that a row lists")
        if tuple(m.location for m in table) != kept:
            raise Unsure(f"{enum.qualified_name}'s first members are not its table's")
        if adding:
            for at, member in added:
                table.insert(at, member)
        _compare_again(enum.qualified_name, place, [m.name for m in table], types, operations, diagnostics, type_cell)
        out[index] = replace(enum, members=(*table, *enum.members[own:]))
    return tuple(out)


def _compare_again(qualified: str, place: Location, first: list[str], types: Sequence[TypeDef],
                   operations: Sequence[Operation], diagnostics: MutableSet[Diagnostic],
                   type_cell: Callable[[Location], Location | None] | None) -> None:
    """The ``enum-mismatch`` warnings of the rows listing values of ``qualified`` made again
    against the table's new list ``first`` (changed in ``diagnostics``)."""
    lists: dict[Location, tuple[str, ...]] = {}
    for prop in _properties(types, operations):
        if prop.type == qualified and prop.enum_values:
            if lists.setdefault(prop.location, prop.enum_values) != prop.enum_values:
                raise Unsure(f"two lists at {prop.location}")
    prefix = f'enum "{qualified}" members differ from '
    warned: dict[tuple[str, int], Diagnostic] = {}
    for d in diagnostics:
        if d.code == "enum-mismatch" and d.message.startswith(prefix):
            key = (d.location.path, d.location.line)
            if key in warned or not any((p.path, p.line) == key for p in lists):
                raise Unsure(f"an enum-mismatch warning at {d.location} no row explains")
            warned[key] = d
    for where, values in lists.items():
        old = warned.get((where.path, where.line))
        if old is None:
            if members_mismatch(qualified, place, first, values, where) is not None:
                cell = type_cell(where) if type_cell is not None else None
                if cell is None or cell.path != where.path or cell.line != where.line:
                    raise Unsure(f"a new enum-mismatch warning for the row at {where}")
                diagnostics.add(members_mismatch(qualified, place, first, values, cell))  # type: ignore[arg-type]
            continue
        new = members_mismatch(qualified, place, first, values, old.location)
        diagnostics.discard(old)
        if new is not None:
            diagnostics.add(new)


def type_cell_of(page: PageModel, row: Location) -> Location | None:
    """The place of the type cell of the row at ``row`` on ``page`` (a resource table's row, an
    operation's parameter or request body row), None when the page has no row there."""
    for page_type in page.types:
        for prop in page_type.properties:
            if prop.location == row:
                return prop.ref.location
    for op in page.operations:
        rows = list(op.parameters)
        if op.body is not None:
            rows += [*op.body.properties, *(r for _, table in op.body.tables for r in table)]
        for prop in rows:
            if prop.location == row:
                return prop.ref.location
    return None


def _properties(types: Sequence[TypeDef], operations: Sequence[Operation]):
    """Every property the model holds: the types', and the operations' parameters and request bodies'."""
    for t in types:
        yield from t.properties
    for op in operations:
        yield from op.parameters
        if op.request_body is not None:
            yield from op.request_body.properties


__all__ = ["MemberChange", "changed_members", "type_cell_of", "with_members"]
