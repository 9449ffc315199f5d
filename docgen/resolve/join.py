"""Join page models into one resolved :class:`~docgen.model.core.Model`.

* Types are keyed by qualified name, compared case-insensitively. A type documented on its own page
  (resource page, enum page, ``x values`` table) wins; rows that *declare* properties for a type
  with no page (an API page's request body, "Inherited from [x]" rows) create that type only when
  no page documents it — the seed's ``learningCourseActivity``.
* A type reference is resolved through the page it links to (the type defined there, or the
  ``#anchor``'s enum), then by name. An unqualified name that matches no type is placed in the
  namespace of the type (or page) that uses it and kept as an undocumented type
  (``documented=False``): complex, or enum when a description lists its values. Such references
  are reported as ``unresolved-type`` at the cell.
* Base types and kinds: see :mod:`docgen.resolve.bases` (claims from annotation, prose, rows and
  derived-type lists; ``base-type-mismatch``; cycles reported as ``base-type-cycle`` and cut) and
  :mod:`docgen.resolve.kinds` (a type only structural properties use is complex: ``complex-by-use``).
* Enums documented in several places are merged (members in first-seen order) with an
  ``enum-mismatch`` diagnostic when the lists differ.
* Operations (request body, response, parameters; "A or B" cells typed as the nearest shared base;
  ``duplicate-operation-name``): see :mod:`docgen.resolve.operations`.
* Navigation properties that only request URLs declare (``GET /users/{id}/joinedTeams``): see
  :mod:`docgen.resolve.paths` (``navigation-only-in-request-url``).
* Pages without a ``Namespace:`` line and names without a qualifier use :data:`~docgen.resolve.entry.DEFAULT_NAMESPACE`.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence

from docgen.diagnostics import Diagnostic, Location, info, warning
from docgen.model.core import (
    EnumMember,
    Model,
    Operation,
    Property,
    TypeDef,
)
from docgen.model.page import (
    BaseClaim,
    PageModel,
    PageProperty,
    PageType,
)
from docgen.read.typecells import UNTYPED, TypeRef
from docgen.resolve.bases import BaseResolution
from docgen.resolve.entry import (
    DEFAULT_NAMESPACE,
    DOCUMENTED_ORIGINS,
    TypeEntry,
    primary_first,
    split_name,
)
from docgen.resolve.kinds import KindEvidence
from docgen.resolve.lookup import PageTypesTable, find_page, lookup, page_types_table
from docgen.resolve.operations import OperationResolution
from docgen.resolve.paths import infer_navigation
from docgen.resolve.rows import Comparison, RowEvidence


class _Resolver(BaseResolution, KindEvidence, OperationResolution, RowEvidence):
    def __init__(self, pages: Sequence[PageModel]) -> None:
        self.pages = sorted(pages, key=lambda p: p.info.path)
        self.diagnostics: list[Diagnostic] = []
        self.entries: dict[str, TypeEntry] = {}
        self.by_simple: dict[str, list[str]] = {}
        self.page_by_path: dict[str, PageModel] = {}
        self.page_by_base: dict[str, list[str]] = {}
        self.page_types: dict[str, list[tuple[PageType, str]]] = {}
        self.namespaces: set[str] = set()
        self.derived_claims: dict[str, list[BaseClaim]] = {}
        self.alternatives: dict[TypeRef, tuple[str, ...]] = {}
        """Qualified names of the further types of each "A or B" reference an operation uses."""
        self.complex_by_use: dict[str, tuple[str, PageProperty]] = {}
        """Types read as complex against their page (see :mod:`docgen.resolve.kinds`)."""
        self.example_keys: dict[str, int] | None = None
        """How often each key appears in the example bodies of every page (read when needed)."""
        self.inherited: list[tuple[str, PageType, str]] = []
        """(derived type's key, its page's "Inherited from [x]" rows for a documented x, namespace)."""
        self.compared: list[Comparison] = []
        """Each of those rows compared with the property it repeats (:mod:`docgen.resolve.rows`)."""
        for page in self.pages:
            path = page.info.path.lower()
            self.page_by_path[path] = page
            self.page_by_base.setdefault(posixpath.basename(path), []).append(path)
            if page.namespace:
                self.namespaces.add(page.namespace.lower())

    # --- pages and links -------------------------------------------------------------------
    def find_page(self, target: str) -> str | None:
        """The input page a normalised link target names (:func:`docgen.resolve.lookup.find_page`)."""
        return find_page(self, target)

    # --- types -----------------------------------------------------------------------------
    def _namespace_of(self, page_type: PageType, page: PageModel) -> str:
        return page_type.namespace or page.namespace or DEFAULT_NAMESPACE

    def _add(self, entry: TypeEntry) -> TypeEntry:
        self.entries[entry.key] = entry
        self.by_simple.setdefault(entry.name.lower(), []).append(entry.key)
        if entry.namespace:
            self.namespaces.add(entry.namespace.lower())
        return entry

    def collect(self) -> None:
        declared: list[tuple[PageType, PageModel]] = []
        for page in self.pages:
            for page_type in page.types:
                if page_type.origin not in DOCUMENTED_ORIGINS:
                    declared.append((page_type, page))
                    continue
                namespace = self._namespace_of(page_type, page)
                key = f"{namespace}.{page_type.name}".lower()
                entry = self.entries.get(key)
                if entry is None:
                    kind = page_type.kind
                    entry = self._add(TypeEntry(page_type.name, namespace, kind, page_type.location, True))
                elif page_type.kind == "enum" and entry.kind == "enum":
                    pass
                elif entry.page_types and entry.page_types[0].origin == "resource" and page_type.origin == "resource":
                    first = entry.page_types[0].location
                    message = f'type "{entry.qualified}" is documented on several pages (also at {first}); merged'
                    self.diagnostics.append(info("duplicate-type", message, page_type.location))
                entry.page_types.append(page_type)
                self.page_types.setdefault(page.info.path.lower(), []).append((page_type, key))
                if page_type.kind == "enum":
                    self._merge_members(entry, page_type.members, page_type.location)
        for page_type, page in declared:
            if self._documented_by_link(page_type.declared_by):
                self._keep_inherited_rows(page_type, page)
                continue  # the linked page documents the type (perhaps under another name)
            namespace = self._namespace_of(page_type, page)
            key = f"{namespace}.{page_type.name}".lower()
            entry = self.entries.get(key)
            if entry is None:
                same_name = [k for k in self.by_simple.get(page_type.name.lower(), []) if self.entries[k].documented]
                if same_name and any(self.entries[k].page_types[0].origin in DOCUMENTED_ORIGINS for k in same_name):
                    self._keep_inherited_rows(page_type, page)
                    continue
                entry = self._add(TypeEntry(page_type.name, namespace, "", page_type.location, True))
            elif entry.page_types and entry.page_types[0].origin in DOCUMENTED_ORIGINS:
                self._keep_inherited_rows(page_type, page)
                continue
            entry.page_types.append(page_type)

    def _keep_inherited_rows(self, page_type: PageType, page: PageModel) -> None:
        """Keep a resource page's "Inherited from [x]" rows for a type another page documents: they
        are evidence of x's properties (:meth:`~docgen.resolve.bases.BaseResolution._inherited_rows`)."""
        if page.info.kind != "resource" or page_type.declared_by is None or not page.types:
            return
        if not page_type.properties or any(p.inherited_from is None for p in page_type.properties):
            return
        own = page.types[0]
        if own.origin != "resource":
            return
        derived = f"{self._namespace_of(own, page)}.{own.name}".lower()
        self.inherited.append((derived, page_type, self._namespace_of(page_type, page)))

    def _documented_by_link(self, ref: TypeRef | None) -> bool:
        """True when ``ref`` links to an input page that documents a type."""
        if ref is None or ref.target is None:
            return False
        path = self.find_page(ref.target)
        return path is not None and any(t.origin == "resource" for t, _ in self.page_types.get(path, []))

    def _merge_members(self, entry: TypeEntry, members: Sequence[EnumMember], location: Location) -> None:
        names = tuple(m.name for m in members)
        if entry.member_sources:
            found = members_mismatch(entry.qualified, *entry.member_sources[0], names, location)
            if found is not None:
                self.diagnostics.append(found)
        entry.member_sources.append((location, names))
        known = {m.name.lower() for m in entry.members}
        for member in members:
            if member.name.lower() not in known:
                entry.members.append(member)
                known.add(member.name.lower())

    def lookup(self, ref: TypeRef, context_ns: str) -> str | None:
        """The key of the type ``ref`` names, or None (:func:`docgen.resolve.lookup.lookup`)."""
        return lookup(self, ref, context_ns)

    def type_of(self, ref: TypeRef, context_ns: str, values: tuple[str, ...] = ()) -> str:
        """Resolve ``ref`` to a type string, creating undocumented types for unknown names."""
        if ref.primitive:
            return ref.name
        key = self.lookup(ref, context_ns)
        if key is None:
            namespace, simple = split_name(ref.name, context_ns)
            kind = "enum" if values else "complex"
            entry = self._add(TypeEntry(simple, namespace, kind, ref.location, False))
            key = entry.key
            cell = ref.cell.strip() or ref.name
            named = f'"{ref.name}"' if cell == ref.name else f'"{ref.name}" (cell "{cell}")'
            kept = (f"an enum of the {len(values)} values its row lists" if values
                    else "a complex type known only by name")
            message = f"type {named} is not documented by any input page; kept as {kept}"
            self.diagnostics.append(warning("unresolved-type", " ".join(message.split()), ref.location))
        entry = self.entries[key]
        if values and not entry.documented:
            if entry.kind != "enum":
                entry.kind = "enum"
            self._merge_members(entry, [EnumMember(v, ref.location) for v in values], ref.location)
        elif values and entry.kind == "enum":
            self._merge_members(entry, [EnumMember(v, ref.location) for v in values], ref.location)
        return entry.qualified

    def prop(self, prop: PageProperty, context_ns: str) -> Property:
        values = prop.enum_values if not prop.ref.primitive else ()
        type_name = self.type_of(prop.ref, context_ns, values) if prop.ref.name != UNTYPED else UNTYPED
        inherited = None
        if prop.inherited_from is not None:
            inherited = self.type_of(prop.inherited_from, context_ns)
        return row_property(prop, self._wire_name(prop), type_name, inherited)

    def _wire_name(self, prop: PageProperty) -> str:
        """The row's name, or the representation's spelling of it when the examples use that one
        more (``property-case-mismatch`` either way: the page spells one property two ways)."""
        if not prop.shown_as:
            return prop.name
        if self.example_keys is None:
            self.example_keys = example_keys(self.pages)
        row, shown = self.example_keys.get(prop.name, 0), self.example_keys.get(prop.shown_as, 0)
        chosen = prop.shown_as if shown >= row else prop.name
        message = (
            f'row spells the property "{prop.name}", the JSON representation spells it "{prop.shown_as}"; '
            f'examples use "{prop.name}" {row} times and "{prop.shown_as}" {shown}: read as "{chosen}"'
        )
        # read as the key's spelling, the row is what lint can no longer see: its finding
        # (``representation-row-missing``, surfaced by lint); otherwise lint's own
        # representation checks report the key
        code = "representation-row-missing" if chosen != prop.name else "property-case-mismatch"
        self.diagnostics.append(warning(code, message, prop.location))
        return chosen

    # --- building --------------------------------------------------------------------------
    def build_types(self, operations: Sequence[Operation] = ()) -> list[TypeDef]:
        """The types, with bases and kinds; ``operations`` (resolved) tell which types API pages reach."""
        self.find_complex_by_use(operations)
        built: dict[str, dict] = {}
        alternatives: list[tuple[str, int, list[str]]] = []
        for key in sorted(self.entries):
            entry = self.entries[key]
            if not entry.page_types:
                continue
            ordered = primary_first(entry)
            primary = ordered[0]
            properties: list[Property] = []
            seen: set[str] = set()
            for page_type in ordered:
                for row in page_type.properties:
                    if row.name.lower() in seen:
                        continue
                    seen.add(row.name.lower())
                    properties.append(self.prop(row, entry.namespace))
                    if row.ref.alternatives:
                        others = [self.type_of(alt, entry.namespace) for alt in row.ref.alternatives]
                        alternatives.append((key, len(properties) - 1, others))
            base, claims = self._base(entry)
            built[key] = {
                "properties": tuple(properties),
                "base": base,
                "claims": claims,
                "primary": primary,
            }
        self._refine_bases(built)
        self._cut_cycles(built)
        self._inherited_rows(built)
        self._representation_rows(built)
        self._redeclared(built)
        self._common_bases(built, alternatives)
        self._report_bases(built)
        kinds = self._kinds(built)
        self.note_complex_by_use(kinds)
        out = []
        for key in sorted(self.entries):
            entry = self.entries[key]
            data = built.get(key)
            if data is None:
                out.append(
                    TypeDef(
                        entry.name,
                        entry.namespace,
                        entry.kind or "complex",
                        entry.location,
                        members=tuple(entry.members) if entry.kind == "enum" else (),
                        documented=entry.documented,
                        sources=(entry.location,),
                    )
                )
                continue
            primary: PageType = data["primary"]
            kind = kinds[key]
            out.append(
                TypeDef(
                    name=entry.name,
                    namespace=entry.namespace,
                    kind=kind,
                    location=primary.location,
                    base=data["base"],
                    description=primary.description,
                    properties=data["properties"] if kind != "enum" else (),
                    members=tuple(entry.members) if kind == "enum" else (),
                    abstract=primary.abstract,
                    open_type=primary.open_type,
                    key_property=primary.key_property,
                    documented=True,
                    flags=any(t.flags for t in entry.page_types),
                    sources=tuple(t.location for t in entry.page_types),
                    representation=primary.representation,
                )
            )
        return sorted(out, key=lambda t: (t.qualified_name.lower(), t.qualified_name))

    def check_links(self) -> None:
        for page in self.pages:
            for link in page.links:
                if self.find_page(link.target) is None:
                    message = f'link "{link.text}" points to {link.target}, which is not among the input pages'
                    self.diagnostics.append(warning("unresolved-link", message, link.location))

    def check_namespaces(self) -> None:
        declared = self._declared_namespaces
        for page in self.pages:
            reported: set[str] = set()
            for use in sorted(page.qualified_uses, key=lambda u: (u.location, u.name)):
                if use.source != "cell":
                    continue
                namespace = use.name.rpartition(".")[0]
                lowered = namespace.lower()
                if lowered in reported or lowered in declared:
                    continue
                reported.add(lowered)
                where = f" (line {page.namespace_location.line})" if page.namespace_location else ""
                page_ns = page.namespace or DEFAULT_NAMESPACE
                message = (
                    f'"{use.name}" is in namespace {namespace}, which no page declares; '
                    f"this page's namespace is {page_ns}{where}"
                )
                self.diagnostics.append(warning("namespace-mismatch", message, use.location))

    @property
    def _declared_namespaces(self) -> set[str]:
        return {p.namespace.lower() for p in self.pages if p.namespace} | {
            e.namespace.lower() for e in self.entries.values() if e.documented and e.page_types and e.page_types[0].origin in DOCUMENTED_ORIGINS
        }


def members_mismatch(
    qualified: str, first_location: Location, first_names: Sequence[str], names: Sequence[str], location: Location
) -> Diagnostic | None:
    """``enum-mismatch`` at ``location`` when the members ``names`` listed there differ (case
    aside) from the first list of the enum's members (at ``first_location``); None when they
    agree or ``names`` is empty (the one place this is decided: the resolve's and
    :mod:`docgen.resolve.members`')."""
    if not names or {n.lower() for n in names} == {n.lower() for n in first_names}:
        return None
    first_by_key = {n.lower(): n for n in first_names}
    these_by_key = {n.lower(): n for n in names}
    missing = sorted(first_by_key[k] for k in first_by_key.keys() - these_by_key.keys())
    extra = sorted(these_by_key[k] for k in these_by_key.keys() - first_by_key.keys())
    message = (
        f'enum "{qualified}" members differ from {first_location}: '
        f"missing {', '.join(missing) or 'none'}; extra {', '.join(extra) or 'none'}"
    )
    return warning("enum-mismatch", message, location)


def row_property(row: PageProperty, name: str, type_name: str, inherited: str | None) -> Property:
    """The :class:`Property` a table row gives, read as ``name`` and typed ``type_name`` (the one
    place a row's fields are copied: the resolve's and :mod:`docgen.resolve.patch`'s)."""
    return Property(
        name=name,
        type=type_name,
        collection=row.ref.collection,
        location=row.location,
        description=row.description,
        navigation=row.navigation,
        required=row.required,
        nullable=row.nullable,
        read_only=row.read_only,
        inherited_from=inherited,
        enum_values=row.enum_values,
        type_cell=row.ref.cell,
    )


def example_keys(pages: Sequence[PageModel]) -> dict[str, int]:
    """Object keys (any depth) of every request and response example body, with their counts."""
    return key_counts([e.body for page in pages for op in page.operations for e in op.examples])


def key_counts(bodies: Sequence[object]) -> dict[str, int]:
    """Object keys (any depth) of ``bodies`` (parsed JSON), with their counts."""
    counts: dict[str, int] = {}
    stack: list[object] = list(bodies)
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                counts[key] = counts.get(key, 0) + 1
                stack.append(item)
        elif isinstance(value, list):
            stack.extend(value)
    return counts


def resolve(pages: Sequence[PageModel]) -> Model:
    """Join page models into one sorted, deterministic :class:`Model`."""
    return resolve_indexed(pages)[0]


def resolve_indexed(
    pages: Sequence[PageModel],
) -> tuple[Model, frozenset[tuple[str, str]], tuple[Comparison, ...], PageTypesTable]:
    """:func:`resolve`, and the indexes a patch of the model needs (:mod:`docgen.resolve.patch`):
    (derived type's lower-cased qualified name, lower-cased property name) of every "Inherited
    from" row the resolve compared with, or added to, the properties of the derived type's chain;
    each comparison of such a row with the property it repeats, sorted
    (:data:`~docgen.resolve.rows.Comparison`); and the types each page documents
    (:func:`~docgen.resolve.lookup.page_types_table`: what a type cell's link is looked up in)."""
    resolver = _Resolver(pages)
    resolver.collect()
    resolver.collect_derived()
    resolved = []
    for page in resolver.pages:
        for op in page.operations:
            resolved.append((op, resolver.operation(op, page)))
    types = resolver.build_types([op for _, op in resolved])
    bases = {t.qualified_name.lower(): t.base for t in types}
    operations = [resolver.with_common_bases(page_op, op, bases) for page_op, op in resolved]
    types, declared = infer_navigation(types, operations)  # navigation properties request URLs declare
    resolver.diagnostics.extend(declared)
    resolver.check_operation_names(operations)
    resolver.check_links()
    resolver.check_namespaces()
    diagnostics = list(resolver.diagnostics)
    for page in resolver.pages:
        diagnostics.extend(page.diagnostics)
    unique = sorted(set(diagnostics), key=Diagnostic.sort_key)
    model = Model(
        types=tuple(types),
        operations=tuple(sorted(operations, key=lambda o: (o.name, o.location))),
        diagnostics=tuple(unique),
        pages=tuple(sorted((p.info for p in resolver.pages), key=lambda i: i.path)),
    )
    inherited = frozenset(
        (derived, row.name.lower()) for derived, page_type, _ in resolver.inherited for row in page_type.properties
    )
    compared = tuple(sorted(resolver.compared, key=lambda c: (c[0], c[1], c[2] or "", c[3], c[4])))
    return model, inherited, compared, page_types_table(resolver.page_types)

