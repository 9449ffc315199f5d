"""``docgen drift``, property by property: each metadata property of a matched pair of types
looked up in the docs, each docs property in the metadata, and the pair's types, collection flags
and navigation compared.

Mixed into the comparison of :mod:`docgen.checks.drift.compare` (whose docstring states the rules);
the methods use its ``meta``, ``docs``, base and child indexes, ``to_meta``/``to_docs``,
``patterns``, ``count``, ``add`` and ``meta_loc``. Properties are searched through the pair's
chain (:meth:`PropertyComparison.scopes`), nearest first, then in the JSON representation's keys
(:func:`docgen.extract.representation.representation_only`).
"""

from __future__ import annotations

from docgen.checks.drift.csdl import CsdlProperty, CsdlType
from docgen.checks.drift.graph import chain, descendants
from docgen.checks.drift.patterns import Patterns
from docgen.extract.representation import NO_ROW_CELL, representation_only
from docgen.model.core import Property, TypeDef
from docgen.resolve.paths import REQUEST_URL_CELL

_REPRESENTATION_CELL = "JSON representation:"
"""How :mod:`docgen.extract.representation` marks the cell of a property read from a representation."""


class PropertyComparison:
    """Property methods of the drift comparison."""

    meta: dict[str, CsdlType]
    docs: dict[str, TypeDef]
    meta_base: dict[str, str | None]
    docs_base: dict[str, str | None]
    meta_children: dict[str, list[str]]
    docs_children: dict[str, list[str]]
    to_docs: dict[str, str]
    to_meta: dict[str, str]
    _scopes: dict[tuple[str, str], tuple[list[str], list[str]]]
    _representation: dict[str, tuple[Property, ...]]
    patterns: Patterns

    # -- chains --------------------------------------------------------------------------------

    def scopes(self, mkey: str, dkey: str) -> tuple[list[str], list[str]]:
        """(metadata keys, docs keys) to search for a property of the pair, nearest first."""
        cached = self._scopes.get((mkey, dkey))
        if cached is not None:
            return cached
        m_up = chain(mkey, self.meta_base.get)
        d_up = chain(dkey, self.docs_base.get)
        m_down = descendants(mkey, self.meta_children)
        d_down = descendants(dkey, self.docs_children)
        meta_keys = [mkey, *m_up, *(self.to_meta[d] for d in d_up if d in self.to_meta)]
        meta_keys += [*m_down, *(self.to_meta[d] for d in d_down if d in self.to_meta)]
        docs_keys = [dkey, *d_up, *(self.to_docs[m] for m in m_up if m in self.to_docs)]
        docs_keys += [*d_down, *(self.to_docs[m] for m in m_down if m in self.to_docs)]
        result = (list(dict.fromkeys(meta_keys)), list(dict.fromkeys(docs_keys)))
        self._scopes[(mkey, dkey)] = result
        return result

    def find_docs_property(self, keys: list[str], name: str) -> Property | None:
        """A docs property (one resolution read from a JSON representation key no table has is
        found by :meth:`find_representation_property` instead)."""
        for key in keys:
            for prop in self.docs[key].properties:
                if prop.name.lower() == name and not prop.type_cell.startswith(NO_ROW_CELL):
                    return prop
        return None

    def representation_only(self, key: str) -> tuple[Property, ...]:
        """Properties the docs type's JSON representation shows and its tables lack."""
        cached = self._representation.get(key)
        if cached is None:
            cached = representation_only(self.docs[key])
            self._representation[key] = cached
        return cached

    def find_representation_property(
        self, keys: list[str], name: str
    ) -> Property | None:
        for key in keys:
            for prop in self.representation_only(key):
                if prop.name.lower() == name:
                    return prop
        return None

    def find_meta_property(self, keys: list[str], name: str) -> CsdlProperty | None:
        for key in keys:
            for prop in self.meta[key].properties:
                if prop.name.lower() == name:
                    return prop
        return None

    # -- comparisons ---------------------------------------------------------------------------

    def compare_properties(self, mkey: str, dkey: str) -> None:
        m, d = self.meta[mkey], self.docs[dkey]
        meta_keys, docs_keys = self.scopes(mkey, dkey)
        for mp in m.properties:
            self.count("meta_properties")
            dp = self.find_docs_property(docs_keys, mp.name.lower())
            if dp is None:
                dp = self.find_representation_property(docs_keys, mp.name.lower())
                if dp is not None:
                    self.add(
                        "property-only-in-representation",
                        m.qualified_name,
                        f"{mp.name} is in the metadata and the docs' JSON representation, but in no properties table",
                        property=mp.name,
                        docs_value=_shown(dp.type, dp.collection),
                        metadata_value=_shown(mp.type, mp.collection),
                        docs_cell=dp.type_cell or None,
                        location=dp.location,
                        metadata_location=self.meta_loc(mp.line),
                        pattern="JSON representation key without a table row",
                    )
            if dp is None:
                shape = "navigation" if mp.navigation else "structural"
                state = (
                    "docs type has no properties"
                    if not d.properties
                    else "docs type has other properties"
                )
                self.add(
                    "property-missing-in-docs",
                    m.qualified_name,
                    f"{mp.name} ({_shown(mp.type, mp.collection)}) is in the metadata but not in the docs",
                    property=mp.name,
                    metadata_value=_shown(mp.type, mp.collection),
                    location=d.location,
                    metadata_location=self.meta_loc(mp.line),
                    pattern=f"{shape} property; {state}",
                )
                continue
            self.count("meta_properties_found")
            self.compare_property_types(m, mp, dp)
        seen: set[str] = set()
        for dp in d.properties + self.representation_only(dkey):
            name = dp.name.lower()
            if name in seen:
                continue
            if dp.type_cell.startswith(
                _REPRESENTATION_CELL
            ) and self.find_docs_property(docs_keys, name):
                continue  # the key of an inherited property
            seen.add(name)
            self.count("docs_properties")
            if self.find_meta_property(meta_keys, name) is not None:
                self.count("docs_properties_found")
                continue
            shape = "relationship" if dp.navigation else "property"
            inherited = ", 'Inherited from' row" if dp.inherited_from else ""
            if dp.type_cell.startswith(_REPRESENTATION_CELL):
                inherited = ", JSON representation only"
            elif dp.type_cell.startswith(REQUEST_URL_CELL):
                inherited = ", request URL only"
            self.add(
                "property-missing-in-metadata",
                m.qualified_name,
                f"{dp.name} ({_shown(dp.type, dp.collection)}) is in the docs but not in the metadata",
                property=dp.name,
                docs_value=_shown(dp.type, dp.collection),
                docs_cell=dp.type_cell or None,
                location=dp.location,
                metadata_location=self.meta_loc(m.line),
                pattern=f"docs {shape}{inherited}",
            )

    def compare_property_types(
        self, m: CsdlType, mp: CsdlProperty, dp: Property
    ) -> None:
        self.count("type_pairs")
        same_type = dp.type.lower() == mp.type.lower()
        same_shape = dp.collection == mp.collection
        if same_type and same_shape:
            self.count("type_pairs_agree")
        common = {
            "property": mp.name,
            "location": dp.location,
            "metadata_location": self.meta_loc(mp.line),
            "docs_cell": dp.type_cell or None,
        }
        if not same_type:
            self.add(
                "property-type-mismatch",
                m.qualified_name,
                f"{mp.name}: the docs say {dp.type}"
                + (f" (cell {dp.type_cell!r})" if dp.type_cell else "")
                + f", the metadata {mp.type}",
                docs_value=dp.type,
                metadata_value=mp.type,
                pattern=self.patterns.type_pattern(dp.type, mp.type),
                **common,
            )
        if not same_shape:
            docs_shape, meta_shape = _shape(dp.collection), _shape(mp.collection)
            self.add(
                "collection-mismatch",
                m.qualified_name,
                f"{mp.name}: the docs say {docs_shape}, the metadata {meta_shape}",
                docs_value=docs_shape,
                metadata_value=meta_shape,
                pattern=f"docs {docs_shape} vs metadata {meta_shape}",
                **common,
            )
        if dp.navigation != mp.navigation:
            docs_shape = "relationship" if dp.navigation else "property"
            meta_shape = (
                "navigation property" if mp.navigation else "structural property"
            )
            self.add(
                "navigation-mismatch",
                m.qualified_name,
                f"{mp.name}: the docs list a {docs_shape}, the metadata has a {meta_shape}",
                docs_value=docs_shape,
                metadata_value=meta_shape,
                pattern=f"docs {docs_shape} vs metadata {meta_shape}",
                **common,
            )


def _shown(type_ref: str, collection: bool) -> str:
    return f"Collection({type_ref})" if collection else type_ref


def _shape(collection: bool) -> str:
    return "collection" if collection else "single"
