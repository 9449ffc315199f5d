"""Properties that rows and representations give types their own tables lack.

Mixed into the resolver of :mod:`docgen.resolve.join` (after bases are settled, before kinds):

* "Inherited from [x]" rows of a derived page keep properties x's own page lacks (one
  ``table-row-missing`` on x's page, not one per derived page) and are compared with the ones it
  has (``inherited-row-mismatch``); rows naming a type outside the chain stay on the page's type;
* a key of a type's JSON representation that no table of the type or its bases has is a property
  (``table-row-missing`` at the key, which lint reports), read as the placeholder says (not for
  open types, and only camelCase keys: see :func:`~docgen.extract.representation.representation_only`);
* a property a derived page redeclares with another type, collection or spelling than a base's
  row is reported (``property-redeclared``); the derived page's row stays on the derived type.
"""

from __future__ import annotations

from dataclasses import replace

from docgen.diagnostics import Diagnostic, Location, warning
from docgen.extract.representation import NO_ROW_CELL, representation_only
from docgen.model.core import Property, TypeDef
from docgen.read.typecells import UNTYPED, TypeRef


class RowEvidence:
    """Row and representation methods of the resolver."""

    entries: dict
    inherited: list
    diagnostics: list
    compared: list
    """Each "Inherited from" row compared with the property it repeats (:data:`Comparison`)."""

    def _inherited_rows(self, built: dict[str, dict]) -> None:
        """"Inherited from [x]" rows of a derived type's page, for an x another page documents.

        A row is evidence of a property of x: when x's own tables (and its bases') lack the
        property, x gets it from the row, with one ``table-row-missing`` warning on x's page (not
        one per derived page) naming the rows; when they have it with another type, collection or
        spelling, the row gets an ``inherited-row-mismatch`` warning. When x is not among the
        derived type's bases, the rows stay properties of the derived type: a property its page
        documents is never lost.
        """
        missing: dict[tuple[str, str], list] = {}
        for derived, page_type, namespace in sorted(self.inherited, key=lambda i: (i[1].location, i[0])):
            if derived not in built or page_type.declared_by is None:
                continue
            chain = [derived, *self._ancestors(built, derived)]
            target = self.lookup(page_type.declared_by, namespace)
            owner = target if target in chain[1:] and target in built else derived
            for row in page_type.properties:
                lowered = row.name.lower()
                if (owner, lowered) in missing:
                    missing[(owner, lowered)].append(row)
                    continue
                existing = next(
                    (p for k in chain if k in built for p in built[k]["properties"] if p.name.lower() == lowered),
                    None,
                )
                if existing is not None:
                    self._compare_inherited(row, existing, namespace)
                    continue
                inherited = row.inherited_from if owner == derived else None
                prop = self.prop(replace(row, inherited_from=inherited), namespace)
                built[owner]["properties"] = (*built[owner]["properties"], prop)
                if owner != derived:
                    missing[(owner, lowered)] = [row]
        for (owner, _), rows in sorted(missing.items()):
            entry = self.entries[owner]
            first = rows[0]
            more = f" and {len(rows) - 1} more" if len(rows) > 1 else ""
            message = (
                f'property "{first.name}" is not in the tables of "{entry.qualified}", but "Inherited from" rows '
                f"of derived types document it ({first.location}{more}); read as a property of "
                f"{entry.name}: add its row to this page"
            )
            self.diagnostics.append(warning("table-row-missing", message, built[owner]["primary"].location))

    def _compare_inherited(self, row, existing, namespace: str) -> None:
        """``inherited-row-mismatch`` when an "Inherited from" row and the property it repeats
        differ (:func:`inherited_mismatch`); the comparison is recorded (:attr:`compared`)."""
        if row.ref.primitive:
            said = row.ref.name
        else:
            key = self.lookup(row.ref, namespace)
            said = self.entries[key].qualified if key is not None else None
        comparison = (row.location, row.name, said, row.ref.collection, existing.location)
        self.compared.append(comparison)
        found = inherited_mismatch(comparison, existing)
        if found is not None:
            self.diagnostics.append(found)

    def _chain_names(self, built: dict[str, dict], key: str) -> dict[str, object]:
        """Lower-cased property name -> the property, over ``key`` and its bases (nearest first)."""
        out: dict[str, object] = {}
        for k in [key, *self._ancestors(built, key)]:
            for prop in built.get(k, {}).get("properties", ()):
                out.setdefault(prop.name.lower(), prop)
        return out

    def _representation_rows(self, built: dict[str, dict]) -> None:
        """Keys of a type's JSON representation that no table of the type or its bases has."""
        for key in sorted(built):
            primary = built[key]["primary"]
            if primary.origin != "resource" or primary.representation is None:
                continue
            entry = self.entries[key]
            stub = TypeDef(
                entry.name,
                entry.namespace,
                "",
                primary.location,
                properties=built[key]["properties"],
                open_type=primary.open_type,
                representation=primary.representation,
            )
            found = representation_only(stub)
            if not found:
                continue
            chain = self._chain_names(built, key)
            added = []
            for prop in found:
                if prop.name.lower() in chain:
                    continue
                type_name = prop.type
                if type_name != UNTYPED and not type_name.startswith("Edm."):
                    ref = TypeRef(type_name, prop.location, prop.collection, cell=prop.type_cell)
                    type_name = self.type_of(ref, entry.namespace)
                added.append(replace(prop, type=type_name, type_cell=f"{NO_ROW_CELL} {prop.name}"))
                shown = f"Collection({type_name})" if prop.collection else type_name
                message = (
                    f'property "{prop.name}" is in the JSON representation of "{entry.qualified}" but in no '
                    f"Properties/Relationships table (of it or a base); read as {shown}: add its row"
                )
                self.diagnostics.append(warning("table-row-missing", message, prop.location))
            if added:
                built[key]["properties"] = (*built[key]["properties"], *added)

    def _redeclared(self, built: dict[str, dict]) -> None:
        """``property-redeclared`` when a type's own row repeats a base's property with another
        spelling, type or collection (an "Inherited from" row is compared by :meth:`_inherited_rows`)."""
        for key in sorted(built):
            ancestors = self._ancestors(built, key)
            if not ancestors:
                continue
            inherited: dict[str, Property] = {}
            for k in ancestors:
                for prop in built.get(k, {}).get("properties", ()):
                    inherited.setdefault(prop.name.lower(), prop)
            for prop in built[key]["properties"]:
                base = inherited.get(prop.name.lower())
                if base is None or prop.inherited_from is not None:
                    continue
                found = redeclared(self.entries[key].qualified, prop, base)
                if found is not None:
                    self.diagnostics.append(found)


INHERITED_MISMATCH_CODE = "inherited-row-mismatch"

Comparison = tuple[Location, str, "str | None", bool, Location]
"""An "Inherited from" row a resolve compared with the property it repeats: the row's place, the
name it spells, the type it says (a primitive's name or the qualified name of the type it links;
None when it names no type the model has), whether it says a collection, and the place of the
property (:meth:`RowEvidence._compare_inherited`). A patch that retypes that property makes the
row's warning again from it (:func:`docgen.resolve.retype.retype`)."""


def inherited_mismatch(comparison: Comparison, existing: Property) -> Diagnostic | None:
    """``inherited-row-mismatch`` at an "Inherited from" row (``comparison``) that repeats
    ``existing`` with another spelling, type or collection; None when it agrees."""
    place, name, said, collection, _ = comparison
    problems = []
    if name != existing.name:
        problems.append(f'spells it "{name}" where {existing.location} spells it "{existing.name}"')
    if said is not None and (said.lower() != existing.type.lower() or collection != existing.collection):
        what = f"Collection({said})" if collection else said
        was = f"Collection({existing.type})" if existing.collection else existing.type
        problems.append(f"types it {what} where {existing.location} says {was}")
    if not problems:
        return None
    message = f'"Inherited from" row of "{name}" ' + " and ".join(problems)
    return warning(INHERITED_MISMATCH_CODE, message, place)


REDECLARED_CODE = "property-redeclared"


def redeclared(qualified: str, prop: Property, base: Property) -> Diagnostic | None:
    """``property-redeclared`` at ``prop``, a row of type ``qualified``, when it repeats ``base``
    (the nearest base's property of its name) with another spelling, type or collection; None
    when it does not (:meth:`RowEvidence._redeclared`, and :mod:`docgen.resolve.patch` after a type cell)."""
    problems = []
    if prop.name != base.name:
        problems.append(f'spells it "{prop.name}" where {base.location} spells it "{base.name}"')
    if prop.type.lower() != base.type.lower() or prop.collection != base.collection:
        what = f"Collection({prop.type})" if prop.collection else prop.type
        was = f"Collection({base.type})" if base.collection else base.type
        problems.append(f"types it {what} where {base.location} says {was}")
    if not problems:
        return None
    message = f'"{qualified}" redeclares the inherited property "{base.name}": ' + " and ".join(problems)
    return warning(REDECLARED_CODE, message, prop.location)
