"""The type cells of a patched model's properties, made again (:func:`retype`; issue 18).

In: the resolved model's types, the rows whose primitive type cell an edit made another primitive
(by the row's place: old and new reference), or made name a type or another type (the references
named as the resolve types them: :mod:`docgen.resolve.renamed`), the place and name of each such row's page type and
row, the indexes of "Inherited from" rows a whole resolve recorded (which rows repeat which names;
what each row it compared with a property says), and the model's diagnostics. Out: the types with
those properties typed anew and the ``property-redeclared`` and ``inherited-row-mismatch``
warnings comparing them made again, or :class:`Unsure` when that cannot be proved equal to a whole
resolve. Split from
:mod:`docgen.resolve.patch`, which says when a type cell is patched.
"""

from __future__ import annotations

from collections.abc import Callable, MutableSet
from dataclasses import replace

from docgen.diagnostics import Diagnostic, Location
from docgen.model.core import Property, TypeDef
from docgen.read.typecells import TypeRef
from docgen.resolve.paths import REQUEST_URL_CELL
from docgen.resolve.rows import (
    INHERITED_MISMATCH_CODE,
    REDECLARED_CODE,
    Comparison,
    inherited_mismatch,
    redeclared,
)


class Unsure(Exception):
    """The patch cannot be proved equal to a whole resolve."""


def _ancestors(by_key: dict[str, TypeDef], key: str) -> list[str]:
    """Lower-cased base chain of ``key``, cycle-safe (as the resolver's, over the built types)."""
    out: list[str] = []
    seen = {key}
    t = by_key.get(key)
    current = t.base if t is not None else None
    while current is not None and current.lower() not in seen:
        out.append(current.lower())
        seen.add(current.lower())
        t = by_key.get(current.lower())
        current = t.base if t is not None else None
    return out


def retype(
    types: tuple[TypeDef, ...],
    retyped: dict[Location, tuple[TypeRef, TypeRef]],
    shadowed: dict[Location, tuple[Location, str]],
    inherited: frozenset[tuple[str, str]],
    diagnostics: MutableSet[Diagnostic],
    compared: tuple[Comparison, ...] | None = None,
    named: frozenset[Location] = frozenset(),
    near: Callable[[TypeDef], bool] | None = None,
) -> tuple[TypeDef, ...]:
    """``types`` with the property of each retyped row typed anew, and ``diagnostics`` (the
    model's, as a set) with the ``property-redeclared`` warnings that compare it, and the
    ``inherited-row-mismatch`` warnings of the "Inherited from" rows the resolve compared with it
    (``compared``: :func:`~docgen.resolve.join.resolve_indexed`), made again (see the module's
    docstring); :class:`Unsure` when the row's property is not found once, as the old cell gives
    it, when an "Inherited from" row repeats it and the comparisons are not known, or when the
    warnings cannot be made as the resolve made them. The rows at ``named`` name a type of the
    model before or after (their references hold the qualified names the resolve gives them:
    :func:`docgen.resolve.renamed.looked_up`); the others' are primitives before and after.
    ``near`` names the types that may hold the rows' properties (every one when None: see
    :class:`~docgen.resolve.places.Near`): no other is read to find them."""
    if not retyped:
        return types
    by_row: dict[Location, list[Comparison]] = {}
    for comparison in compared or ():
        by_row.setdefault(comparison[4], []).append(comparison)
    by_key = {t.qualified_name.lower(): t for t in types}
    chains = {key: _ancestors(by_key, key) for key in by_key}
    for location, (old, new) in sorted(retyped.items()):
        if location not in named and (old.name.lower() in by_key or new.name.lower() in by_key):
            raise Unsure(f"{old.name} or {new.name} is a type of the model")
        holders = [(t, p) for t in by_key.values() if near is None or near(t)
                   for p in t.properties if p.location == location]
        if not holders and shadowed_row(by_key, shadowed.get(location), location):
            continue  # the model holds another page's row of the name: this one's type is read nowhere
        if len(holders) != 1:
            raise Unsure(f"{len(holders)} properties at {location}")
        owner, prop = holders[0]
        if (prop.type, prop.collection, prop.type_cell, prop.inherited_from) != (old.name, old.collection, old.cell, None):
            raise Unsure(f"{location} holds another type")
        key, name = owner.qualified_name.lower(), prop.name.lower()
        below = [k for k, chain in chains.items() if key in chain]
        retyped = replace(prop, type=new.name, collection=new.collection, type_cell=new.cell)
        if any((k, name) in inherited for k in [key, *below]):
            if compared is None:
                raise Unsure(f'an "Inherited from" row repeats {prop.name!r}')
            _recompare(by_row.get(location, []), prop, retyped, diagnostics)
        for place, before, after in _compared(by_key, chains, key, below, prop, retyped):
            held = {d for d in diagnostics if d.location == place and d.code == REDECLARED_CODE}
            if held != ({before} if before is not None else set()):
                raise Unsure(f"the model's warnings at {place} are not the resolve's")
            diagnostics -= held
            if after is not None:
                diagnostics.add(after)
        by_key[key] = replace(owner, properties=tuple(retyped if p is prop else p for p in owner.properties))
    return tuple(by_key[t.qualified_name.lower()] for t in types)


def _recompare(comparisons: list[Comparison], prop: Property, retyped: Property, diagnostics: MutableSet[Diagnostic]) -> None:
    """The ``inherited-row-mismatch`` warning of each "Inherited from" row the resolve compared
    with ``prop`` (``comparisons``) made again against ``retyped``, in ``diagnostics``; :class:`Unsure`
    when the model's warnings at a row are not the ones the resolve made (a row compared twice, a
    warning of another make). Rows compared with another property of the name (a nearer
    redeclaration) do not read ``prop``: nothing of theirs changes."""
    rows = [comparison[0] for comparison in comparisons]
    if len(set(rows)) != len(rows):
        raise Unsure("an \"Inherited from\" row compared twice")
    for comparison in comparisons:
        place = comparison[0]
        held = {d for d in diagnostics if d.location == place and d.code == INHERITED_MISMATCH_CODE}
        before = inherited_mismatch(comparison, prop)
        if held != ({before} if before is not None else set()):
            raise Unsure(f"the model's warnings at {place} are not the resolve's")
        diagnostics -= held
        after = inherited_mismatch(comparison, retyped)
        if after is not None:
            diagnostics.add(after)


def shadowed_row(by_key: dict[str, TypeDef], row: tuple[Location, str] | None, location: Location) -> bool:
    """True when the row at ``location`` (its page type's place and its name: ``row``) is left
    out of the model because a row of its name on another page documenting the same type came
    first (the resolve merges the pages' tables, first row of a name kept:
    :meth:`~docgen.resolve.join._Resolver.build_types`). Its type cell is then read by nothing the
    model holds (the only other reader, the kinds' search of uses, skips primitive cells)."""
    if row is None:
        return False
    place, name = row
    owners = [t for t in by_key.values() if place in t.sources]
    if len(owners) != 1 or owners[0].kind == "enum":
        return False
    named = [p for p in owners[0].properties if p.name.lower() == name.lower()]
    return len(named) == 1 and named[0].location.path != location.path and named[0].inherited_from is None


def _compared(by_key: dict[str, TypeDef], chains: dict[str, list[str]], key: str, below: list[str], prop: Property,
              retyped: Property):
    """(``property-redeclared`` before, after) for each row the resolve compares with ``prop``
    (:meth:`~docgen.resolve.rows.RowEvidence._redeclared`: a type's own row against its nearest
    base's row of the name), ``prop`` made ``retyped``; :class:`Unsure` where the model's rows
    may not be the ones the resolve compared (an enum, an "A or B" cell, two rows of one name)."""
    name = prop.name.lower()

    def named(k: str) -> list[Property]:
        t = by_key.get(k)
        if t is None:
            return []
        if t.kind == "enum":  # its rows are left out of the model
            raise Unsure(f"{k} is an enum")
        # a request URL's property (added after the comparison) is not a row
        found = [p for p in t.properties if p.name.lower() == name and not p.type_cell.startswith(REQUEST_URL_CELL)]
        if len(found) > 1 or any(p is not prop and (" or " in p.type_cell or "," in p.type_cell) for p in found):
            raise Unsure(f"{k}'s rows of {prop.name!r}")  # an "A or B" row is typed again after
        return found

    def nearest(k: str) -> Property | None:
        return next((found[0] for a in chains[k] if (found := named(a))), None)

    def qualified(k: str) -> str:
        return f"{by_key[k].namespace}.{by_key[k].name}"

    named(key)
    base = nearest(key)
    if base is not None:
        yield prop.location, redeclared(qualified(key), prop, base), redeclared(qualified(key), retyped, base)
    for k in below:
        for row in named(k):
            if row.inherited_from is None and nearest(k) is prop:
                yield row.location, redeclared(qualified(k), row, prop), redeclared(qualified(k), row, retyped)
