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
- A metadata property that the docs type's tables lack but its JSON representation shows (a
  camelCase key of a type that is not open) is found there, typed by the representation's
  placeholder, and reported as ``property-only-in-representation`` (the docs gap stays visible);
  such keys count for precision too.
- A navigation property only a request URL declares (:mod:`docgen.resolve.paths`) is a model
  property like any other; one the metadata lacks is classed "docs relationship, request URL only".
- A base the docs do not state (an entity whose base is the convention's ``entity``: the resolver's
  ``base-type-assumed`` diagnostics) still counts in ``base_type_agreement``; a mismatch on it is
  classed "docs silent" rather than as a wrong statement.
- Docs types known only by name (``TypeDef.documented == False``) are never "missing in
  metadata" and are not compared property by property.
- A metadata type *has a page* when a documented docs type matches it, or when a non-API,
  non-conceptual page of the model is named after it: its file name (``user.md``, or the part after
  the last ``-`` as in ``intune-apps-ioslobapp.md``) or its title (``user resource type``) equals the
  type's simple name, case-insensitively (:func:`pages_by_type_name`), unless that page documents a
  type of the same simple name in another namespace (``callrecords-endpoint.md`` is the page of
  ``microsoft.graph.callRecords.endpoint``, not of ``microsoft.graph.endpoint``). Metadata types
  without a page are reported (``type-missing-in-docs``, info) and left out of the accuracy figures.

The property rules are carried out by :mod:`docgen.checks.drift.properties`; this module matches
types and compares kinds, bases and enum members.

Figures (:class:`~docgen.checks.drift.report.Figure`, issue 3's bar in brackets):

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

import re
from pathlib import Path

from docgen.checks.drift.csdl import CsdlMetadata, CsdlType, read_csdl
from docgen.checks.drift.graph import (
    by_lower_name,
    children_of,
    lower,
    pages_by_type_name,
)
from docgen.checks.drift.memo import TypeMemo, skeleton_digest
from docgen.checks.drift.patterns import Patterns
from docgen.checks.drift.properties import PropertyComparison
from docgen.checks.drift.report import (
    KIND_SEVERITY,
    DriftReport,
    DriftSummary,
    Finding,
    summarize,
)
from docgen.diagnostics import Diagnostic, Location
from docgen.model import lazy
from docgen.model.core import TYPE_KINDS, Model, Property, TypeDef
from docgen.resolve.bases import ASSUMED_BASE_CODE

STRUCTURED = ("entity", "complex")
"""Kinds that have properties."""


def load_metadata(path: Path | str) -> tuple[CsdlMetadata | None, list[Diagnostic]]:
    """Read a CSDL file; (None, [error]) when it is unreadable or not CSDL."""
    return read_csdl(path)


def compare(model: Model, metadata: CsdlMetadata, memo: TypeMemo | None = None) -> DriftReport:
    """Every disagreement between ``model`` and ``metadata``, with counts and accuracy figures.

    With ``memo`` (the last run's per-type results: :mod:`docgen.checks.drift.memo`), a metadata
    type whose comparison reads nothing that changed is not compared again (same report)."""
    return _Comparison(model, metadata).run(memo)


class _Comparison(PropertyComparison):
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
            k: lower(t.base) if lower(t.base) in self.meta else None
            for k, t in self.meta.items()
        }
        self.docs_base = {
            k: lower(t.base) if lower(t.base) in self.docs else None
            for k, t in self.docs.items()
        }
        self.meta_children = children_of(self.meta_base)
        self.patterns = Patterns(self.meta, self.meta_base)
        self.docs_children = children_of(self.docs_base)
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
        self._scopes: dict[tuple[str, str], tuple[list[str], list[str]]] = {}
        self._representation: dict[str, tuple[Property, ...]] = {}
        self.assumed_bases = assumed_bases(model)

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

    def has_page_file(self, m: CsdlType) -> bool:
        """True when a page is named after ``m`` and is not another namespace's type of that name."""
        page = self.pages.get(m.name.lower())
        if page is None:
            return False
        owners = self.page_owners.get((page.path, m.name.lower()), set())
        return not owners or m.qualified_name.lower() in owners

    @staticmethod
    def is_documented(t: TypeDef) -> bool:
        # the members' names read without decoding them (docgen.model.lazy): the same truth
        return t.documented or bool(lazy.columns(t, "members", ("name",)))

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

    # -- comparisons ---------------------------------------------------------------------------

    def run(self, memo: TypeMemo | None = None) -> DriftReport:
        self.match_types()
        if memo is not None:
            memo.start(skeleton_digest(self.skeleton()))
        for key in sorted(self.meta):
            if memo is None:
                self.compare_type(key)
            else:
                self.compare_remembered(key, memo)
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

    def skeleton(self) -> tuple:
        """Everything about the docs that the indexes, the matching and the paging read (see
        :mod:`docgen.checks.drift.memo`): a type's properties, members and representation are
        not in it."""
        types = tuple(
            (t.qualified_name, t.name, t.namespace, t.kind, t.base, t.location, t.documented,
             self.is_documented(t))
            for t in self.model.types
        )
        return (types, tuple(sorted(self.pages.items())), tuple(sorted(self.assumed_bases)))

    def reads_of(self, mkey: str) -> list[TypeDef]:
        """The docs types :meth:`compare_type` may read the fields of for ``mkey``: the matched
        type and, for a structured type, its chain."""
        dkey = self.to_docs.get(mkey)
        if dkey is None:
            return []
        if self.meta[mkey].kind not in STRUCTURED:
            return [self.docs[dkey]]
        keys = [dkey, *self.scopes(mkey, dkey)[1]]
        return [self.docs[k] for k in dict.fromkeys(keys)]

    def compare_remembered(self, mkey: str, memo: TypeMemo) -> None:
        """:meth:`compare_type`, or the last run's findings and counts of ``mkey`` when the docs
        types it reads have the same digests (and the skeleton is the same)."""
        reads = memo.reads(self.reads_of(mkey))
        entry = memo.recall(mkey, reads)
        if entry is not None:
            self.findings.extend(entry[1])
            for name, by in entry[2]:
                self.count(name, by)
            return
        start, before = len(self.findings), dict(self.counters)
        self.compare_type(mkey)
        counts = tuple((k, v - before.get(k, 0)) for k, v in self.counters.items()
                       if v != before.get(k, 0))
        memo.note(mkey, (reads, tuple(self.findings[start:]), counts))

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
        if lower(m.base) == lower(d.base):
            self.count("base_agree")
            return
        pattern = self.patterns.base_pattern(d.base, m.base)
        silent = ""
        if (d.location, d.qualified_name.lower()) in self.assumed_bases:
            pattern += "; docs silent, the convention's base assumed"
            silent = " (the docs name none; assumed)"
        self.add(
            "base-type-mismatch",
            m.qualified_name,
            f"docs: base type {d.base or '(none)'}{silent}; metadata: base type {m.base or '(none)'}",
            docs_value=d.base,
            metadata_value=m.base,
            location=d.location,
            metadata_location=self.meta_loc(m.line),
            pattern=pattern,
        )

    def compare_members(self, m: CsdlType, d: TypeDef) -> None:
        self.count("enums_compared")
        docs_members = by_lower_name(d.members, lambda x: x.name)
        meta_members = by_lower_name(m.members, lambda x: x.name)
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
                pattern=self.patterns.extra_member_pattern(member.name),
            )

    # -- summary -------------------------------------------------------------------------------

    def summary(self) -> DriftSummary:
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
        return summarize(self.findings, self.counters, populations)


def assumed_bases(model: Model) -> set[tuple[Location, str]]:
    """(title location, lower-cased qualified name) of the types whose base the docs do not state
    (``base-type-assumed`` diagnostics of :mod:`docgen.resolve.bases`)."""
    out = set()
    for diagnostic in model.diagnostics:
        if diagnostic.code == ASSUMED_BASE_CODE:
            match = _ASSUMED_RE.search(diagnostic.message)
            if match:
                out.add((diagnostic.location, match.group(1).lower()))
    return out


_ASSUMED_RE = re.compile(r'entity type "([^"]+)"')
