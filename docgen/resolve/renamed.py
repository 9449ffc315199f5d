"""Type cells edited to or from naming a type, looked up as the resolve looks them up (issue 18).

In: a resolved model, the rows whose type cell an edit changed to or from naming a type (``String``
-> ``[identitySet](identityset.md)``, one type for another: by the row's place, old and new
reference; see :meth:`docgen.resolve.patch.Changes.add`), and the table of the types each page
documents that the model's resolve recorded (:func:`docgen.resolve.lookup.page_types_table`). Out:
each row's old and new reference with the qualified name the resolve gives it as its name, for
:func:`docgen.resolve.retype.retype` to type the row's property anew; or :class:`Unsure`.

A whole resolve types such a cell by :func:`docgen.resolve.lookup.lookup`, the rule used here on an
index of the model (:class:`~docgen.resolve.lookup.StoredIndex`). What else it does with the cell
is why most such edits are still resolved:

* a name no type has makes an undocumented type (and an ``unresolved-type`` warning);
* an undocumented type of a name the lookup reads may have been made after the row was read (the
  resolve makes them as it goes), so the answer here could differ from the resolve's;
* an enum's members are merged from the values a row lists (refused earlier:
  :func:`docgen.resolve.patch._renamable`);
* a type whose page says "entity" is read as complex when only structural rows use it
  (:mod:`docgen.resolve.kinds`): a use added or taken away may change its kind;
* a request URL may go through the property (:mod:`docgen.resolve.paths`);
* a link to a page that is not among the inputs gets an ``unresolved-link`` warning.

Each is refused here. What is left is a documented complex type or enum, looked up the same way
the resolve looks it up: the property's type, collection and cell are all that change (and the
warnings comparing it with rows of its name, made again by ``retype``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace

from docgen.diagnostics import Location
from docgen.model.core import Model, TypeDef
from docgen.model.page import PageProperty
from docgen.read.typecells import TypeRef
from docgen.resolve.added import url_words
from docgen.resolve.lookup import PageTypesTable, StoredIndex, find_page, lookup, names_looked_at
from docgen.resolve.retype import Unsure

KINDS = ("complex", "enum")
"""The kinds of type a patched cell may name: no use of one changes its kind."""


def _index(model: Model, table: PageTypesTable) -> StoredIndex:
    return StoredIndex(
        [info.path for info in model.pages],
        [(t.name, t.namespace, t.qualified_name.lower(), t.documented) for t in model.types],
        table,
    )


def unresolved(model: Model, table: PageTypesTable, targets: set[str]) -> list[str]:
    """The link targets of ``targets`` that name no input page of ``model`` (as the resolve finds
    them: :func:`~docgen.resolve.lookup.find_page`), sorted."""
    index = _index(model, table)
    return sorted(target for target in targets if find_page(index, target) is None)


def namer(model: Model, table: PageTypesTable) -> Callable[[TypeRef, str], str]:
    """A function giving the qualified name the resolve types a type cell with (a reference and
    the namespace of the type whose row it is), looked up in ``model``'s index and ``table``;
    it raises :class:`Unsure` where that cannot be proved (see the module's docstring). The
    index is built when a cell is first looked up (most patches look none up)."""
    built: list[tuple[StoredIndex, dict[str, TypeDef], set[str]]] = []

    def name(ref: TypeRef, namespace: str) -> str:
        if not built:
            built.append((_index(model, table), {t.qualified_name.lower(): t for t in model.types},
                          {t.name.lower() for t in model.types if not t.documented}))
        index, by_key, undocumented = built[0]
        if ref.target is not None and find_page(index, ref.target) is None:
            raise Unsure(f"the link of the cell {ref.cell!r} names no input page")
        if names_looked_at(ref, namespace) & undocumented:
            raise Unsure(f"an undocumented type of the name {ref.name!r}")
        key = lookup(index, ref, namespace)
        found = by_key.get(key) if key is not None else None
        if found is None or not found.documented or found.kind not in KINDS or "entity" in index.said.get(key or "", ()):
            raise Unsure(f"{ref.name!r} names no documented complex type or enum")
        return found.qualified_name

    return name


def looked_up(
    model: Model, renamed: Mapping[Location, tuple[TypeRef, TypeRef]], table: PageTypesTable
) -> dict[Location, tuple[TypeRef, TypeRef]]:
    """Each row of ``renamed`` with its old and new reference named as the resolve types them
    (a primitive as it is, a type cell by its type's qualified name: :func:`namer`);
    :class:`Unsure` when that cannot be proved (see the module's docstring)."""
    name = namer(model, table)
    owners = {p.location: t for t in model.types for p in t.properties if p.location in renamed}
    words = url_words(model.operations)
    out: dict[Location, tuple[TypeRef, TypeRef]] = {}
    for place, refs in sorted(renamed.items()):
        owner = owners.get(place)
        if owner is None:
            raise Unsure(f"no property at {place}")
        if any(p.name.lower() in words for p in owner.properties if p.location == place):
            raise Unsure("a request URL holds the row's name")
        old, new = (ref if ref.primitive else replace(ref, name=name(ref, owner.namespace)) for ref in refs)
        out[place] = (old, new)
    return out


def renamable(old: PageProperty, new: PageProperty) -> bool:
    """True when ``new`` is ``old`` with a type cell changed to or from naming one type (the
    row's own, not a Relationships row, no "A or B", no listed values: an enum's members are
    merged from them; :func:`looked_up` says which of these are patched)."""
    return (
        old.location == new.location
        and old.name == new.name
        and old.inherited_from is None
        and new.inherited_from is None
        and not old.navigation
        and not new.navigation
        and not (old.ref.primitive and new.ref.primitive)
        and not old.ref.alternatives
        and not new.ref.alternatives
        and all(row.ref.primitive or not row.enum_values for row in (old, new))
    )
