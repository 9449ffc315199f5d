"""``docgen drift``: the docs' model against the service's CSDL metadata.

Rules (see also the README):

- Types are matched by qualified name, case-insensitively; a metadata type with no such docs type
  is matched to the one docs type of the same simple name in another namespace, if there is
  exactly one (reported as ``namespace-mismatch``).
- Property and member names are compared case-insensitively.
- Properties are compared through the base chain on both sides: a property the docs declare on a
  base type and the metadata on a derived type (or the reverse) is found, not missing. The chain of
  a pair of matched types is the type, its ancestors and descendants on its own side, and the
  counterparts of the other side's ancestors and descendants.
- Docs types known only by name (``TypeDef.documented == False``) are never "missing in
  metadata" and are not compared property by property.
- A metadata type *has a page* when a documented docs type matches it, or when a non-API,
  non-conceptual page of the model is named after it: its file name (``user.md``, or the part after
  the last ``-`` as in ``intune-apps-ioslobapp.md``) or its title (``user resource type``) equals the
  type's simple name, case-insensitively (:func:`pages_by_type_name`), unless that page documents a
  type of the same simple name in another namespace (``callrecords-endpoint.md`` is the page of
  ``microsoft.graph.callRecords.endpoint``, not of ``microsoft.graph.endpoint``). Metadata types
  without a page are reported (``type-missing-in-docs``, info) and left out of the accuracy figures.

Figures (:class:`~docgen.drift_report.Figure`, issue 3's bar in brackets):

- ``type_coverage`` [99%]: metadata entity+complex types that have a page and match a documented
  docs type, over metadata entity+complex types that have a page.
- ``property_recall`` [99%]: properties the metadata declares on those types that the docs have
  somewhere in the pair's chain, over all of them.
- ``property_precision`` [98%]: distinct properties the docs declare on those types that the
  metadata has in the chain, over all of them.
- ``property_type_agreement`` [99%]: found properties whose docs type and collection flag both
  equal the metadata's (case-insensitive), over the found properties.
- ``enum_member_recall`` [98%]: members of metadata enums that match a docs enum with members (or
  a documented one), found in the docs, over all their members.
- ``base_type_agreement`` [95%]: types compared whose docs base equals the metadata base, over
  those where at least one side names a base.
- ``enum_coverage`` (no bar): metadata enums matched by a documented docs enum.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from .csdl import CsdlMetadata, CsdlProperty, CsdlType, read_csdl
from .diagnostics import Diagnostic, Location
from .drift_report import (
    KIND_SEVERITY,
    KINDS,
    DriftReport,
    DriftSummary,
    Figure,
    Finding,
)
from .model import TYPE_KINDS, Model, Property, TypeDef

STRUCTURED = ("entity", "complex")
"""Kinds that have properties."""

_TITLE_SUFFIXES = (
    " resource type",
    " complex type",
    " entity type",
    " enum type",
    " enumeration type",
    " resource",
)
"""Title endings that name the type a page documents (``user resource type``)."""

_SKIPPED_PAGE_KINDS = ("api", "conceptual")
"""Page kinds whose file names never count as a type's page."""


def load_metadata(path: Path | str) -> tuple[CsdlMetadata | None, list[Diagnostic]]:
    """Read a CSDL file; (None, [error]) when it is unreadable or not CSDL."""
    return read_csdl(path)


def pages_by_type_name(model: Model) -> dict[str, Location]:
    """Lower-cased simple type name -> the page that documents it (see the module docstring)."""
    found: dict[str, Location] = {}
    for t in sorted(model.types, key=lambda t: (t.location, t.qualified_name)):
        if t.documented:
            found.setdefault(t.name.lower(), t.location)
    for page in sorted(model.pages, key=lambda p: p.path):
        if page.kind in _SKIPPED_PAGE_KINDS:
            continue
        for name in _page_names(page.path, page.title):
            found.setdefault(name, Location(page.path, 1, 1))
    return found


def _page_names(path: str, title: str) -> list[str]:
    stem = PurePosixPath(path).stem.lower()
    names = [stem]
    if "-" in stem:
        names.append(stem.rsplit("-", 1)[1])
    cleaned = title.strip().strip("`*_ ").lower()
    for suffix in _TITLE_SUFFIXES:
        if cleaned.endswith(suffix):
            names.append(cleaned[: -len(suffix)].strip("`*_ "))
            break
    return [n for n in names if n]


def compare(model: Model, metadata: CsdlMetadata) -> DriftReport:
    """Every disagreement between ``model`` and ``metadata``, with counts and accuracy figures."""
    return _Comparison(model, metadata).run()


def _lower(name: str | None) -> str | None:
    return name.lower() if name else None


def _by_lower_name(items: Iterable, name_of) -> dict:
    """First item per lower-cased name, in the given order."""
    index: dict = {}
    for item in items:
        index.setdefault(name_of(item).lower(), item)
    return index


def _chain(start: str, parent_of) -> list[str]:
    """Ancestors of ``start`` (nearest first), stopping at a cycle or an unknown name."""
    seen = {start}
    out: list[str] = []
    current = parent_of(start)
    while current and current not in seen:
        out.append(current)
        seen.add(current)
        current = parent_of(current)
    return out


def _descendants(start: str, children: dict[str, list[str]]) -> list[str]:
    """Every type derived from ``start``, breadth first, each child list sorted."""
    out: list[str] = []
    seen = {start}
    queue = [start]
    while queue:
        current = queue.pop(0)
        for child in children.get(current, ()):
            if child not in seen:
                seen.add(child)
                out.append(child)
                queue.append(child)
    return out


def _children(bases: dict[str, str | None]) -> dict[str, list[str]]:
    children: dict[str, list[str]] = {}
    for name in sorted(bases):
        base = bases[name]
        if base:
            children.setdefault(base, []).append(name)
    return children


class _Comparison:
    """One run of :func:`compare`; holds the indexes and accumulates findings and counters."""

    def __init__(self, model: Model, metadata: CsdlMetadata):
        self.model = model
        self.metadata = metadata
        self.meta = {t.qualified_name.lower(): t for t in metadata.types}
        ordered = sorted(
            model.types, key=lambda t: (not t.documented, t.location, t.qualified_name)
        )
        self.docs: dict[str, TypeDef] = {}
        for t in ordered:
            self.docs.setdefault(t.qualified_name.lower(), t)
        self.meta_base = {
            k: _lower(t.base) if _lower(t.base) in self.meta else None
            for k, t in self.meta.items()
        }
        self.docs_base = {
            k: _lower(t.base) if _lower(t.base) in self.docs else None
            for k, t in self.docs.items()
        }
        self.meta_children = _children(self.meta_base)
        self.docs_children = _children(self.docs_base)
        self.pages = pages_by_type_name(model)
        self.page_owners: dict[tuple[str, str], set[str]] = {}
        for t in self.docs.values():
            if t.documented:
                owner = (t.location.path, t.name.lower())
                self.page_owners.setdefault(owner, set()).add(t.qualified_name.lower())
        self.findings: list[Finding] = []
        self.counters: dict[str, int] = {}
        self.to_docs: dict[str, str] = {}
        self.to_meta: dict[str, str] = {}
        self.member_owners: dict[str, int] | None = None
        self._scopes: dict[tuple[str, str], tuple[list[str], list[str]]] = {}

    # -- helpers -------------------------------------------------------------------------------

    def count(self, name: str, by: int = 1) -> None:
        self.counters[name] = self.counters.get(name, 0) + by

    def add(self, kind: str, type_name: str, message: str, **fields) -> None:
        self.findings.append(
            Finding(
                kind=kind,
                type=type_name,
                severity=KIND_SEVERITY[kind],
                message=message,
                **fields,
            )
        )

    def meta_loc(self, line: int) -> Location:
        return self.metadata.location(line)

    def describe(self, type_ref: str | None) -> str:
        """A type reference generalised for a disagreement class: Edm names kept, others by kind."""
        if not type_ref:
            return "none"
        if type_ref.lower().startswith("edm."):
            return type_ref
        if type_ref.lower() == "microsoft.graph.entity":
            return "entity"
        target = self.meta.get(type_ref.lower())
        return f"<{target.kind}>" if target else "<not in metadata>"

    def has_page_file(self, m: CsdlType) -> bool:
        """True when a page is named after ``m`` and is not another namespace's type of that name."""
        page = self.pages.get(m.name.lower())
        if page is None:
            return False
        owners = self.page_owners.get((page.path, m.name.lower()), set())
        return not owners or m.qualified_name.lower() in owners

    @staticmethod
    def is_documented(t: TypeDef) -> bool:
        return t.documented or bool(t.members)

    # -- matching ------------------------------------------------------------------------------

    def match_types(self) -> None:
        for key in sorted(self.meta):
            if key in self.docs:
                self.to_docs[key] = key
                self.to_meta[key] = key
        by_simple: dict[str, list[str]] = {}
        for key in sorted(self.docs):
            if key not in self.to_meta:
                by_simple.setdefault(self.docs[key].name.lower(), []).append(key)
        for key in sorted(self.meta):
            if key in self.to_docs:
                continue
            candidates = [
                c
                for c in by_simple.get(self.meta[key].name.lower(), [])
                if c not in self.to_meta
            ]
            documented = [c for c in candidates if self.is_documented(self.docs[c])]
            pick = documented if documented else candidates
            if len(pick) != 1:
                continue
            self.to_docs[key] = pick[0]
            self.to_meta[pick[0]] = key
            d, m = self.docs[pick[0]], self.meta[key]
            if self.is_documented(d):
                self.add(
                    "namespace-mismatch",
                    m.qualified_name,
                    f"docs put {m.name} in namespace {d.namespace or '(none)'}, the metadata in {m.namespace}",
                    docs_value=d.namespace,
                    metadata_value=m.namespace,
                    location=d.location,
                    metadata_location=self.meta_loc(m.line),
                    pattern=f"docs {d.namespace or '(none)'} vs metadata {m.namespace}",
                )

    # -- chains --------------------------------------------------------------------------------

    def scopes(self, mkey: str, dkey: str) -> tuple[list[str], list[str]]:
        """(metadata keys, docs keys) to search for a property of the pair, nearest first."""
        cached = self._scopes.get((mkey, dkey))
        if cached is not None:
            return cached
        m_up = _chain(mkey, self.meta_base.get)
        d_up = _chain(dkey, self.docs_base.get)
        m_down = _descendants(mkey, self.meta_children)
        d_down = _descendants(dkey, self.docs_children)
        meta_keys = [mkey, *m_up, *(self.to_meta[d] for d in d_up if d in self.to_meta)]
        meta_keys += [*m_down, *(self.to_meta[d] for d in d_down if d in self.to_meta)]
        docs_keys = [dkey, *d_up, *(self.to_docs[m] for m in m_up if m in self.to_docs)]
        docs_keys += [*d_down, *(self.to_docs[m] for m in m_down if m in self.to_docs)]
        result = (list(dict.fromkeys(meta_keys)), list(dict.fromkeys(docs_keys)))
        self._scopes[(mkey, dkey)] = result
        return result

    def find_docs_property(self, keys: list[str], name: str) -> Property | None:
        for key in keys:
            for prop in self.docs[key].properties:
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

    def run(self) -> DriftReport:
        self.match_types()
        for key in sorted(self.meta):
            self.compare_type(key)
        for key in sorted(self.docs):
            d = self.docs[key]
            if key not in self.to_meta and self.is_documented(d):
                self.add(
                    "type-missing-in-metadata",
                    d.qualified_name,
                    f"the docs document {d.kind} type {d.qualified_name}; the metadata has no such type",
                    location=d.location,
                    pattern=f"docs {d.kind} in {d.namespace or '(no namespace)'}",
                )
        self.findings.sort(key=Finding.sort_key)
        return DriftReport(self.metadata.path, tuple(self.findings), self.summary())

    def compare_type(self, mkey: str) -> None:
        m = self.meta[mkey]
        dkey = self.to_docs.get(mkey)
        d = self.docs.get(dkey) if dkey else None
        structured = m.kind in STRUCTURED
        documented = d is not None and self.is_documented(d)
        has_page = documented or self.has_page_file(m)
        if structured:
            self.count("metadata_types")
            self.count("types_with_page" if has_page else "types_without_page")
            if has_page and documented:
                self.count("types_with_page_in_model")
        else:
            self.count("metadata_enums")
        if not documented:
            self.report_missing_type(m, d, has_page)
            return
        if d.kind in TYPE_KINDS and d.kind != m.kind:
            self.add(
                "kind-mismatch",
                m.qualified_name,
                f"docs: {d.kind} type; metadata: {m.kind} type",
                docs_value=d.kind,
                metadata_value=m.kind,
                location=d.location,
                metadata_location=self.meta_loc(m.line),
                pattern=f"docs {d.kind} vs metadata {m.kind}",
            )
            if (d.kind == "enum") != (m.kind == "enum"):
                return
        if structured:
            self.compare_base(m, d)
            self.compare_properties(mkey, dkey)
        else:
            self.compare_members(m, d)

    def report_missing_type(
        self, m: CsdlType, d: TypeDef | None, has_page: bool
    ) -> None:
        if has_page:
            page = self.pages[m.name.lower()]
            known = "known only by name" if d is not None else "absent from the model"
            self.add(
                "type-page-not-read",
                m.qualified_name,
                f"{m.kind} type {m.qualified_name} has a page ({page.path}) but is {known}",
                metadata_value=m.kind,
                location=page,
                metadata_location=self.meta_loc(m.line),
                pattern=f"{m.kind} type {known}",
            )
        else:
            self.add(
                "type-missing-in-docs",
                m.qualified_name,
                f"{m.kind} type {m.qualified_name} has no page in the docs",
                metadata_value=m.kind,
                location=d.location if d is not None else None,
                metadata_location=self.meta_loc(m.line),
                pattern=f"{m.kind} type"
                + (", known only by name" if d is not None else ""),
            )

    def compare_base(self, m: CsdlType, d: TypeDef) -> None:
        if m.base is None and d.base is None:
            return
        self.count("base_total")
        if _lower(m.base) == _lower(d.base):
            self.count("base_agree")
            return
        self.add(
            "base-type-mismatch",
            m.qualified_name,
            f"docs: base type {d.base or '(none)'}; metadata: base type {m.base or '(none)'}",
            docs_value=d.base,
            metadata_value=m.base,
            location=d.location,
            metadata_location=self.meta_loc(m.line),
            pattern=self.base_pattern(d.base, m.base),
        )

    def base_pattern(self, docs_base: str | None, meta_base: str | None) -> str:
        """The class of a base type disagreement; skipping or adding a level is its own class."""
        pattern = (
            f"docs {self.describe(docs_base)} vs metadata {self.describe(meta_base)}"
        )
        if docs_base and meta_base:
            if docs_base.lower() in _chain(meta_base.lower(), self.meta_base.get):
                return f"{pattern}: docs name an ancestor of the metadata's base"
            if meta_base.lower() in _chain(docs_base.lower(), self.meta_base.get):
                return f"{pattern}: docs name a type derived from the metadata's base"
        return pattern

    def compare_properties(self, mkey: str, dkey: str) -> None:
        m, d = self.meta[mkey], self.docs[dkey]
        meta_keys, docs_keys = self.scopes(mkey, dkey)
        for mp in m.properties:
            self.count("meta_properties")
            dp = self.find_docs_property(docs_keys, mp.name.lower())
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
        for dp in d.properties:
            name = dp.name.lower()
            if name in seen:
                continue
            seen.add(name)
            self.count("docs_properties")
            if self.find_meta_property(meta_keys, name) is not None:
                self.count("docs_properties_found")
                continue
            shape = "relationship" if dp.navigation else "property"
            inherited = ", 'Inherited from' row" if dp.inherited_from else ""
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
                pattern=self.type_pattern(dp.type, mp.type),
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

    def type_pattern(self, docs_type: str, meta_type: str) -> str:
        docs_key, meta_key = docs_type.lower(), meta_type.lower()
        if docs_key.rpartition(".")[2] == meta_key.rpartition(".")[2]:
            return "same name, other namespace"
        if docs_key in self.meta and meta_key in self.meta:
            if docs_key in _chain(meta_key, self.meta_base.get):
                return "docs name a base type of the metadata's"
            if meta_key in _chain(docs_key, self.meta_base.get):
                return "docs name a type derived from the metadata's"
        return f"{self.describe(docs_type)} vs {self.describe(meta_type)}"

    def compare_members(self, m: CsdlType, d: TypeDef) -> None:
        self.count("enums_compared")
        docs_members = _by_lower_name(d.members, lambda x: x.name)
        meta_members = _by_lower_name(m.members, lambda x: x.name)
        for member in m.members:
            self.count("meta_members")
            if member.name.lower() in docs_members:
                self.count("meta_members_found")
                continue
            if member.name == "unknownFutureValue":
                pattern = "unknownFutureValue"
            else:
                pattern = (
                    "docs enum has no members"
                    if not d.members
                    else "docs enum lacks some members"
                )
            self.add(
                "enum-member-missing-in-docs",
                m.qualified_name,
                f"member {member.name} is in the metadata but not in the docs",
                property=member.name,
                metadata_value=member.name,
                location=d.location,
                metadata_location=self.meta_loc(member.line),
                pattern=pattern,
            )
        for key, member in docs_members.items():
            if key in meta_members:
                continue
            self.add(
                "enum-member-missing-in-metadata",
                m.qualified_name,
                f"member {member.name} is in the docs but not in the metadata",
                property=member.name,
                docs_value=member.name,
                location=member.location,
                metadata_location=self.meta_loc(m.line),
                pattern=self.extra_member_pattern(member.name),
            )

    def extra_member_pattern(self, name: str) -> str:
        """The class of a docs member the metadata's enum lacks."""
        if not name.replace("_", "a").isalnum():
            return "not an identifier (text read as a member?)"
        if name == "unknownFutureValue":
            return "unknownFutureValue (the metadata has no sentinel)"
        if self.member_owners is None:
            owners: dict[str, int] = {}
            for t in self.meta.values():
                for member in t.members:
                    owners[member.name.lower()] = owners.get(member.name.lower(), 0) + 1
            self.member_owners = owners
        if name.lower() in self.member_owners:
            return "a member of another metadata enum"
        return "in no metadata enum"

    # -- summary -------------------------------------------------------------------------------

    def summary(self) -> DriftSummary:
        counts = {kind: 0 for kind in KINDS}
        for finding in self.findings:
            counts[finding.kind] += 1
        c = self.counters.get
        documented_docs = sum(1 for t in self.docs.values() if self.is_documented(t))
        populations = (
            ("metadata_entity_and_complex_types", c("metadata_types", 0)),
            ("metadata_enum_types", c("metadata_enums", 0)),
            ("types_with_page", c("types_with_page", 0)),
            ("types_without_page", c("types_without_page", 0)),
            ("docs_documented_types", documented_docs),
            ("matched_types", len(self.to_docs)),
        )
        figures = (
            Figure(
                "type_coverage",
                "metadata entity+complex types with a page that are in the model",
                c("types_with_page_in_model", 0),
                c("types_with_page", 0),
                0.99,
            ),
            Figure(
                "property_recall",
                "property recall",
                c("meta_properties_found", 0),
                c("meta_properties", 0),
                0.99,
            ),
            Figure(
                "property_precision",
                "property precision",
                c("docs_properties_found", 0),
                c("docs_properties", 0),
                0.98,
            ),
            Figure(
                "property_type_agreement",
                "property type+collection agreement",
                c("type_pairs_agree", 0),
                c("type_pairs", 0),
                0.99,
            ),
            Figure(
                "enum_member_recall",
                "enum member recall",
                c("meta_members_found", 0),
                c("meta_members", 0),
                0.98,
            ),
            Figure(
                "base_type_agreement",
                "base type agreement",
                c("base_agree", 0),
                c("base_total", 0),
                0.95,
            ),
            Figure(
                "enum_coverage",
                "metadata enum types documented in the model",
                c("enums_compared", 0),
                c("metadata_enums", 0),
                None,
            ),
        )
        return DriftSummary(tuple((k, counts[k]) for k in KINDS), populations, figures)


def _shown(type_ref: str, collection: bool) -> str:
    return f"Collection({type_ref})" if collection else type_ref


def _shape(collection: bool) -> str:
    return "collection" if collection else "single"
