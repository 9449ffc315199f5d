"""Rows added to a resource page's own table, patched into the model without a whole resolve (issue 18).

In: a page's parse before and after an edit, and the resolved model of the tree before it (its
places already moved: :mod:`docgen.resolve.shift`). Out: the rows the edit added
(:func:`added_rows`: the rest of the edit is then checked by :class:`~docgen.resolve.patch.Changes`
as any other), and the model's types with a property for each (:func:`with_added`), or
:class:`~docgen.resolve.retype.Unsure` when that cannot be proved to be what a whole resolve gives.

Why it holds: the resolver builds a type's properties from its pages' rows in order, the first row
of a name kept (:meth:`~docgen.resolve.join._Resolver.build_types`), and appends what other places
give after them: "Inherited from" rows of derived pages, JSON representation keys no table has,
navigation properties request URLs declare. A row added to the type's own page, with a primitive
type (no type is looked up, created or merged, so no kind, base or use changes) or a cell naming a
documented complex type or enum (looked up as the resolve looks it up, where no use of it can
change a kind: :func:`docgen.resolve.renamed.namer`; its links, as any new link, must name input
pages: :func:`docgen.resolve.skeleton.link_changes`), spelled as the
representation spells it, neither "Inherited from" nor a navigation property, is read by nothing
else the resolver builds, unless its name is one of those other places': so the patch is refused
when a type of the row's family (the type, its bases, the types deriving from it) has a property
of that name (from any row, representation or URL) or a representation key of that name, when an
"Inherited from" row of the family names it, or when a request URL of any operation holds it as a
word (the URL's segments are read through properties). The new property is then built from the row by the
resolver's own function (:func:`~docgen.resolve.join.row_property`) and put among the type's rows
in the page's order; the rows before it must be the type's first properties, one for one (else
another page's rows come first, or a row was shadowed). The resolver makes no diagnostic of such a
row; the page's own diagnostics must be as before (the skeleton compares them).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable, Mapping, Sequence, TypeVar

from docgen import lazy_re
from docgen.diagnostics import Location
from docgen.model.core import EnumMember, Example, Operation, TypeDef
from docgen.model.page import PageModel, PageProperty
from docgen.read.typecells import TypeRef
from docgen.resolve.join import row_property
from docgen.resolve.retype import Unsure

_WORDS = lazy_re.compile(r"[a-z0-9_]+")
"""The words of a request URL (lower-cased): a segment read through a property is one of them."""


def url_words(operations: Sequence[Operation]) -> set[str]:
    """The words of every request URL of ``operations`` (a row of one of these names may be a
    segment the resolve reads through: :mod:`docgen.resolve.paths`)."""
    return {word for op in operations for line in op.request_lines for word in _WORDS.findall(line.path.lower())}

RowChange = tuple[tuple[Location, ...], tuple[tuple[int, PageProperty], ...], "tuple[Example, Example] | None"]
Added = Mapping[Location, RowChange]
"""By the page type's place: the places of its rows (the rows it keeps), each row added or removed
with its index among the type's rows (after the edit for an added row, before it for a removed
one), and when the edit added or removed the rows' keys in the JSON representation too, the
type's representation before and after the patch (None: unchanged)."""


def changed_rows(
    old: PageModel, new: PageModel
) -> tuple[PageModel, PageModel, tuple[Location, tuple[Location, ...], tuple[tuple[int, PageProperty], ...]], bool] | None:
    """When ``new`` is ``old`` with rows added to (or removed from) one resource type's own tables,
    each a primitive row (:func:`_addable`): ``old`` and ``new`` without those rows, the page
    type's place (after the edit for rows added, before it for rows removed), the places of the rows
    both have, each row added or removed with its index, and True for rows added; None for any
    other edit (or none)."""
    if len(old.types) != len(new.types):
        return None
    found = None
    for index, (a, b) in enumerate(zip(old.types, new.types)):
        if len(a.properties) == len(b.properties):
            continue
        if found is not None or a.origin != "resource" or b.origin != "resource":
            return None
        adding = len(b.properties) > len(a.properties)
        fewer, more = (a, b) if adding else (b, a)
        matched = in_order(fewer.properties, more.properties)
        if matched is None or not all(_addable(row) for _, row in matched[1]):
            return None
        kept, rows = matched
        shown = _representation(fewer.representation, more.representation, {row.name for _, row in rows})
        if shown is False:
            return None
        taken = None
        if shown is not None:  # ``shown``: ``more``'s with ``fewer``'s keys (and ``more``'s places)
            taken = (shown, more.representation) if adding else (more.representation, shown)
        stripped = replace(more, properties=tuple(kept), representation=more.representation if shown is None else shown)
        found = (index, stripped, (more.location, tuple(row.location for row in kept), tuple(rows), taken), adding)
    if found is None:
        return None
    index, stripped, rows, adding = found
    side = new if adding else old
    side = replace(side, types=(*side.types[:index], stripped, *side.types[index + 1 :]))
    return (old, side, rows, True) if adding else (side, new, rows, False)


def _representation(fewer: Example | None, more: Example | None, names: set[str]) -> Example | None | bool:
    """``more`` with ``fewer``'s body when they differ only by top-level keys of ``names`` (the
    rows' keys added or removed with them); None when they are the same; False otherwise."""
    if fewer is None or more is None:
        return None if fewer is more else False
    if fewer.body_text == more.body_text:
        return None  # (places that moved are the line map's to compare)
    if not isinstance(fewer.body, dict) or not isinstance(more.body, dict):
        return False
    extra = [key for key in more.body if key not in fewer.body]
    if not extra or not set(extra) <= names or {k: v for k, v in more.body.items() if k not in extra} != fewer.body:
        return False
    return replace(more, body=fewer.body, body_text=fewer.body_text)


Named = TypeVar("Named", PageProperty, EnumMember)


def in_order(fewer: Sequence[Named], more: Sequence[Named]) -> tuple[list[Named], list[tuple[int, Named]]] | None:
    """The items of ``more`` that are ``fewer``'s, by name and in order, and each other one with
    its index in ``more``; None when ``fewer`` is not in ``more`` so."""
    kept: list[Named] = []
    rest: list[tuple[int, Named]] = []
    for at, item in enumerate(more):
        if len(kept) < len(fewer) and fewer[len(kept)].name == item.name:
            kept.append(item)
        else:
            rest.append((at, item))
    return (kept, rest) if len(kept) == len(fewer) else None


def documented_at(types: Sequence[TypeDef]) -> dict[Location, int | None]:
    """The index of each documented type by its place (None for a place two types have)."""
    at_place: dict[Location, int | None] = {}
    for index, t in enumerate(types):
        if t.documented:
            at_place[t.location] = index if t.location not in at_place else None
    return at_place


def _addable(row: PageProperty) -> bool:
    """True for a row whose property no other place of the model reads: an own row (not
    "Inherited from", not a navigation property) of a primitive type, or of a type its cell names
    without listing values (the patch looks it up: ``name`` of :func:`with_added`), spelled as
    the JSON representation spells it (else the examples decide its name)."""
    ref = row.ref
    return (
        bool(row.name)
        and row.inherited_from is None
        and not row.navigation
        and not row.shown_as
        and not ref.alternatives
        and (ref.primitive and ref.target is None or not ref.primitive and not row.enum_values)
    )


def without_row_links(
    old: PageModel, new: PageModel, change: tuple[Location, tuple[Location, ...], tuple[tuple[int, PageProperty], ...]],
    adding: bool, unseen: set[Location], linked: set[str],
) -> tuple[PageModel, PageModel]:
    """``old`` and ``new`` without the links on the lines of the rows added (or removed), so
    that the rest of the page compares line for line: the target of each link of a row added is
    added to ``linked`` (it must name an input page, or the resolve would warn of it), the place of
    each link of a row removed to ``unseen`` (the model must hold no trace of it: it resolved).
    Links elsewhere are compared by :func:`~docgen.resolve.skeleton.link_changes`."""
    side = new if adding else old
    lines = {row.location.line for _, row in change[2]}
    gone = [link for link in side.links if link.location.line in lines]
    if adding:
        linked.update(link.target for link in gone)
    else:
        unseen.update(link.location for link in gone)
    side = replace(side, links=tuple(link for link in side.links if link.location.line not in lines))
    return (old, side) if adding else (side, new)


Name = Callable[[TypeRef, str], str]
"""The type a type cell names, as the resolve types it (a reference and the namespace of the
type whose row it is; :class:`Unsure` when that cannot be proved: :func:`docgen.resolve.renamed.namer`)."""


def unnamed(ref: TypeRef, namespace: str) -> str:
    """A :data:`Name` that types nothing (no table of the pages' types to look a cell up in)."""
    raise Unsure(f"no lookup for the type cell {ref.name!r}")


def with_added(
    types: tuple[TypeDef, ...],
    operations: Sequence[Operation],
    added: Added,
    inherited: frozenset[tuple[str, str]] | None,
    name: Name = unnamed,
) -> tuple[TypeDef, ...]:
    """``types`` with a property for each row of ``added`` (see the module's docstring);
    :class:`Unsure` when the patch cannot be proved (``inherited``: the resolve's index of
    "Inherited from" rows, :func:`~docgen.resolve.join.resolve_indexed`; ``name`` types a row
    whose cell names a type)."""
    return _changed(types, operations, added, inherited, adding=True, name=name)


def without_removed(
    types: tuple[TypeDef, ...],
    operations: Sequence[Operation],
    removed: Added,
    inherited: frozenset[tuple[str, str]] | None,
    name: Name = unnamed,
) -> tuple[TypeDef, ...]:
    """``types`` without the property of each row of ``removed`` (places before the edit: called
    before they move); :class:`Unsure` as :func:`with_added`."""
    return _changed(types, operations, removed, inherited, adding=False, name=name)


def _changed(
    types: tuple[TypeDef, ...],
    operations: Sequence[Operation],
    changes: Added,
    inherited: frozenset[tuple[str, str]] | None,
    adding: bool,
    name: Name,
) -> tuple[TypeDef, ...]:
    if not changes:
        return types
    if inherited is None:
        raise Unsure("no index of the \"Inherited from\" rows")
    out = list(types)
    by_key = {t.qualified_name.lower(): index for index, t in enumerate(types)}
    at_place = documented_at(types)
    children: dict[str, list[str]] = {}
    for t in types:
        if t.base:
            children.setdefault(t.base.lower(), []).append(t.qualified_name.lower())
    in_urls = url_words(operations)
    for place, (kept, rows, shown) in sorted(changes.items()):
        index = at_place.get(place)
        if index is None:
            raise Unsure(f"no one type documented at {place}")
        t = out[index]
        if not adding and any(source.path != place.path for source in t.sources):
            # another page's row of a removed row's name was shadowed by it (the first row of a
            # name is kept): it is in no model, and a whole resolve now gives its property
            raise Unsure(f"{t.qualified_name} is documented by another page too")
        own = len(kept) + (0 if adding else len(rows))
        props = list(t.properties[:own])
        typed = {row.location: row.ref.name if row.ref.primitive else name(row.ref, t.namespace) for _, row in rows}
        if not adding:  # the rows' properties come out first: what is left must be the rows kept
            for at, row in reversed(rows):
                prop = props.pop(at)
                if (prop.location, prop.name, prop.type) != (row.location, row.name, typed[row.location]):
                    raise Unsure(f"{row.location} is not the property of its row")
        if tuple(p.location for p in props) != kept:
            raise Unsure(f"{t.qualified_name}'s first properties are not its page's rows")
        names = [row.name.lower() for _, row in rows]
        if len(set(names)) != len(names):
            raise Unsure("two rows of one name")
        key = t.qualified_name.lower()
        representation = t.representation
        if shown is not None:  # the type's representation is the page's, as the edit found it
            if representation != shown[0]:
                raise Unsure(f"{t.qualified_name}'s representation is not its page's")
            representation = shown[1]
        for member in _family(key, by_key, out, children):
            other = out[by_key[member]]
            held = other.properties if member != key else (*props, *t.properties[own:])
            if any(p.name.lower() in names for p in held):
                raise Unsure(f"{other.qualified_name} has another property of a row's name")
            # (a key of the type's own representation is the added row's: tabled, it is no property)
            shows = representation if member == key else other.representation
            body = shows.body if shows is not None and not (adding and member == key) else None
            if isinstance(body, dict) and any(str(k).lower() in names for k in body):
                raise Unsure(f"{other.qualified_name}'s representation shows a row's name")
            if any((member, name) in inherited for name in names):
                raise Unsure(f"an \"Inherited from\" row of {other.qualified_name} names a row")
        if any(name in in_urls for name in names):
            raise Unsure("a request URL holds a row's name")
        if adding:
            for at, row in rows:
                props.insert(at, row_property(row, row.name, typed[row.location], None))
        out[index] = replace(t, properties=(*props, *t.properties[own:]), representation=representation)
    return tuple(out)


def _family(key: str, by_key: dict[str, int], types: list[TypeDef], children: dict[str, list[str]]) -> list[str]:
    """``key``, its bases and every type deriving from it (lower-cased qualified names in the model)."""
    seen = [key]
    current = types[by_key[key]]
    while current.base and current.base.lower() in by_key and current.base.lower() not in seen:
        seen.append(current.base.lower())
        current = types[by_key[current.base.lower()]]
    stack = list(children.get(key, ()))
    while stack:
        child = stack.pop()
        if child in seen or child not in by_key:
            continue
        seen.append(child)
        stack.extend(children.get(child, ()))
    return seen
