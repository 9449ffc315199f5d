"""Resource pages: the type, its Properties and Relationships tables, JSON representation and base."""

from __future__ import annotations

import re
from dataclasses import replace

from docgen import lazy_re
from docgen.diagnostics import Diagnostic, Location, warning
from docgen.extract.common import (
    PageHead,
    name_from_title,
    property_rows,
    truthy,
)
from docgen.extract.enums import values_enums, values_name
from docgen.extract.representation import representation_properties
from docgen.model.core import Example
from docgen.model.page import BaseClaim, PageProperty, PageType
from docgen.read.page import Inline, Page, Section, Table
from docgen.read.typecells import TypeRef, clean_name, normalise_target

_INHERITS_RE = re.compile(
    r"\b(?:inherits|inherited|derives|derived)\s+from\b|\bbase type (?:is|:)|\bextends\b|\b(?:a\s+)?subclass (?:of|from)\b"
    r"|\b(?:is\s+)?(?:the\s+|a\s+)?derivative of\b"
    r"|(?<!\bbase )(?<!\bbase  )\b(?:a\s+)?(?:sub)?type of\b(?=\s*\[)",
    re.IGNORECASE,
)
"""A sentence naming the page's type's base: "Inherits from [x]", "Derived from [x]", "is the
derivative of [x]", "The following properties are inherited from [x]", "a type of [x]". "Base type
of [x]" names a type *derived* from the page's (:data:`_BASE_OF_RE`), not its base."""
_LINK_AFTER_RE = lazy_re.compile(r"\s*:?\s*(?:[A-Za-z]+\s+){0,3}?\[([^\]]+)\]\(([^)\s]*)[^)]*\)")
_WORD_AFTER_RE = lazy_re.compile(r"\s*:?\s*(?:the\s+)?(?:an?\s+)?(?:\*\*|`)([A-Za-z_][\w.]*)(?:\*\*|`)")

PROPERTY_SECTIONS = ("properties", "property", "properties and relationships")
RELATIONSHIP_SECTIONS = ("relationships", "relationship", "navigation properties")


def prose_base(inline: Inline, path: str) -> TypeRef | None:
    """The type named by "Inherits from [x](…)" / "Derived from x" in a paragraph."""
    match = _INHERITS_RE.search(inline.raw)
    if not match:
        return None
    rest = inline.raw[match.end() :]
    location = Location(path, inline.line, inline.col)
    link = _LINK_AFTER_RE.match(rest)
    if link:
        target, anchor = normalise_target(path, link.group(2))
        name = clean_name(link.group(1))
        if re.match(r"^[A-Za-z_][\w.]*$", name):
            return TypeRef(name, location, False, target, anchor, inline.raw)
    word = _WORD_AFTER_RE.match(rest)
    if word:
        return TypeRef(clean_name(word.group(1)), location, False, None, None, inline.raw)
    return None


_DERIVED_PROSE_RE = re.compile(r"\bderived types? (?:are|is|include)\b|\bsubclasses (?:are|include)\b", re.IGNORECASE)
_BASE_OF_RE = re.compile(r"\bbase (?:type|class|resource) (?:of|for)\b", re.IGNORECASE)
""""Base type of [x]." / "is the base type for [x] and [y]": the page's type is the base of the
types linked in the rest of that sentence."""


def derived_types(page: Page, sections: list[Section], head: PageHead) -> tuple[TypeRef, ...]:
    """Types the page names as derived from its type: a ``Derived types`` table or prose."""
    refs: list[TypeRef] = []
    for section in sections:
        if section.title.strip().lower().rstrip(":") not in ("derived types", "derived type", "subtypes"):
            continue
        for block in section.blocks:
            if block.kind == "table" and block.table is not None:
                for row in block.table.rows:
                    if row:
                        refs.extend(_link_refs(row[0], page.path)[:1])
    for block in head.blocks_before_sections:
        if block.kind == "paragraph" and block.inline is not None:
            match = _DERIVED_PROSE_RE.search(block.inline.raw)
            if match:
                refs.extend(_link_refs(block.inline, page.path, after=match.end()))
            for match in _BASE_OF_RE.finditer(block.inline.raw):
                rest = block.inline.raw[match.end() :]
                if not re.match(r"\s*(?:the\s+|an?\s+)?\[", rest):
                    continue  # "a base class for apply actions in the [x]": not a type list
                end = re.search(r"[.;:](?:\s|$)", re.sub(r"\[[^\]]*\]\([^)]*\)", lambda m: "x" * len(m.group(0)), rest))
                refs.extend(_link_refs(block.inline, page.path, after=match.end(), until=match.end() + (end.start() if end else len(rest))))
    return tuple(refs)


def _link_refs(inline: Inline, path: str, after: int = 0, until: int | None = None) -> list[TypeRef]:
    out = []
    for match in re.finditer(r"\[([^\]]+)\]\(([^)\s]*)[^)]*\)", inline.raw[after:until]):
        target, anchor = normalise_target(path, match.group(2))
        name = clean_name(match.group(1))
        if target is not None and re.match(r"^[A-Za-z_][\w.]*$", name):
            out.append(TypeRef(name, Location(path, inline.line, inline.col), False, target, anchor, inline.raw))
    return out


_NAMED_PROSE_RE = re.compile(r"^\s*(?:\w+\s+){0,3}(?:inherits|derives) from\b", re.IGNORECASE)


def _prose_claim(blocks, path: str) -> TypeRef | None:
    for block in blocks:
        if block.kind == "paragraph" and block.inline is not None:
            ref = prose_base(block.inline, path)
            if ref is not None:
                return ref
    return None


_OPEN_PROSE_RE = re.compile(
    r"\b(?:this|it)(?:\s+(?:type|resource|complex\s+type|resource\s+type))?\s+is\s+an?\s+[_*]*open\s+type\b"
    # "An **openTypeExtension** is an OData v4 open type which allows you to specify … custom data"
    r"|^\W*an?\s+[_*]*\w+[_*]*\s+is\s+an?\s+(?:OData\s+(?:v4\s+)?)?open\s+type\b",
    re.IGNORECASE,
)
"""The page saying its own type is open ("This is an _open type_ that represents …", "This type
is an open type."); "used in the open type [x]" speaks of another type and does not match."""
_OPEN_TITLE_RE = re.compile(r"\(\s*open\s+type\s*\)\s*$", re.IGNORECASE)
"""A title that says so: "teamsTabConfiguration resource type (Open Type)"."""


def open_in_prose(head: PageHead) -> bool:
    """True when the page's title or its prose before the first section calls its type open."""
    if _OPEN_TITLE_RE.search(head.title):
        return True
    return any(
        block.kind == "paragraph" and block.inline is not None and _OPEN_PROSE_RE.search(block.inline.text)
        for block in head.blocks_before_sections
    )


_KEY_ROW_RE = re.compile(r"\bKey\s*[.,;]|\b(?:[Kk]ey of the entity|is the key|primary key)\b")
"""A row whose description says it is the key ("A unique identifier for the x Key. Not nullable.")."""

METHOD_SECTIONS = ("methods", "method", "operations")


def lists_operations(sections: list[Section], path: str) -> bool:
    """True when a ``## Methods`` table links to an API page: the type is addressable (an entity).

    Measured on the v1.0 corpus: of the 386 such pages whose type the metadata has, two document a
    complex type (one lists only a function that returns its type); complex types' pages say
    "None" or have no Methods section.
    """
    for section in sections:
        if section.title.strip().lower().rstrip(":") not in METHOD_SECTIONS:
            continue
        for block in section.blocks:
            if block.kind != "table" or block.table is None:
                continue
            for row in block.table.rows:
                if not row or "](" not in row[0].raw:
                    continue
                for link in row[0].links:
                    target, _ = normalise_target(path, link.href)
                    if target is not None and "/api/" in "/" + target:
                        return True
    return False


def section_role(title: str) -> str | None:
    """``properties`` / ``relationships`` for the sections holding those tables, else None."""
    text = title.strip().lower().rstrip(":")
    if values_name(text):
        return None
    if text in PROPERTY_SECTIONS or text.endswith(" properties") or text.startswith("properties "):
        return "properties"
    if text in RELATIONSHIP_SECTIONS or text.endswith(" relationships") or text.startswith("relationships "):
        return "relationships"
    return None


_NOT_PROPERTY_SUBSECTION_RE = lazy_re.compile(
    r"\bvalues?\b|definition|example|supported|maximum|options|remarks|mapped|constants?\b|derived|subtypes",
    re.IGNORECASE,
)
_TYPE_HEADS = ("type", "types", "data type", "value type")
_PROPERTY_HEADS = ("property", "name", "property name", "relationship", "parameter", "field")


def is_property_table(table: Table) -> bool:
    """A table with a type column, or whose first column is headed like a property name."""
    heads = [cell.text.strip().lower().strip("*_` ") for cell in table.header]
    if not heads:
        return False
    if "method" in heads:
        # a Methods table links its first cells to operation pages; under a Properties heading, a
        # table headed "Method | Return Type | Description" whose names are plain is a property table
        return len(heads) >= 2 and bool(table.rows) and not any("](" in row[0].raw for row in table.rows if row)
    if any(head in _TYPE_HEADS for head in heads):
        return True
    return heads[0] in _PROPERTY_HEADS and len(heads) >= 2


def _property_tables(section: Section, path: str, navigation: bool) -> tuple[list[PageProperty], list[Diagnostic]]:
    """Rows of the property tables in the section; sub-sections about values, definitions or
    examples (``### riskLevel values``, ``### Properties of a policy definition``) and derived-type
    lists (``### Derived types``) are skipped."""
    out: list[PageProperty] = []
    diagnostics: list[Diagnostic] = []
    skipping = False
    for block in section.blocks:
        if block.kind == "heading":
            title = block.inline.text if block.inline else ""
            skipping = values_name(title) is not None or bool(_NOT_PROPERTY_SUBSECTION_RE.search(title))
            continue
        if skipping or block.kind != "table" or block.table is None:
            continue
        if not is_property_table(block.table):
            continue
        rows, problems = property_rows(block.table, path, navigation=navigation)
        out.extend(rows)
        diagnostics.extend(problems)
    return out, diagnostics


def _spelled_as_shown(properties: list[PageProperty], shown: Example) -> list[PageProperty]:
    """Rows whose name differs only in case from a key of the JSON representation keep that
    spelling beside theirs (:attr:`PageProperty.shown_as`): resolution decides the wire name by the
    examples (``property-case-mismatch``)."""
    body = shown.body
    if not isinstance(body, dict):
        return properties
    keys = {k.lower(): k for k in body if isinstance(k, str) and not k.startswith("@")}
    out = []
    for prop in properties:
        key = keys.get(prop.name.lower())
        if key is None or key == prop.name or prop.name in body:
            out.append(prop)
        else:
            out.append(replace(prop, shown_as=key))
    return out


def extract_resource(
    page: Page, head: PageHead, representations: list[Example], sections: list[Section]
) -> tuple[list[PageType], list[Diagnostic]]:
    """The resource type (plus ``x values`` enums and types its "Inherited from" rows declare)."""
    path = page.path
    diagnostics: list[Diagnostic] = []
    annotation = representations[0].annotation if representations else {}
    odata_type = annotation.get("@odata.type") or annotation.get("@type")
    odata_type = odata_type if isinstance(odata_type, str) else ""
    odata_type = odata_type.lstrip("#").strip()
    title_name = name_from_title(head.title)
    name, namespace = title_name, head.namespace
    if odata_type:
        ns, _, simple = odata_type.rpartition(".")
        if title_name and simple.lower() != title_name.lower():
            message = f'title names "{title_name}" but the resource annotation says "{odata_type}"'
            diagnostics.append(warning("type-name-mismatch", message, Location(path, head.title_line, 1)))
        name = simple
        if ns:
            if namespace and ns != namespace:
                message = f'resource annotation says namespace "{ns}", the page\'s Namespace line says "{namespace}"'
                diagnostics.append(warning("namespace-mismatch", message, representations[0].location))
            namespace = namespace or ns
    if not name:
        message = f'cannot tell the type name from the title "{head.title}"'
        return [], [warning("no-type-name", message, Location(path, head.title_line, 1))]
    properties: list[PageProperty] = []
    has_relationships = False
    found_table = False
    relationship_section = False
    covered_until = 0
    for section in sections:
        role = section_role(section.title)
        if role is None:
            continue
        if section.line <= covered_until:
            continue  # a sub-section of a section already read
        covered_until = section.blocks[-1].end_line if section.blocks else section.line
        rows, problems = _property_tables(section, path, navigation=role == "relationships")
        if role == "relationships":
            relationship_section = True
            has_relationships = has_relationships or bool(rows)
        found_table = found_table or bool(rows)
        properties.extend(rows)
        diagnostics.extend(problems)
    if not covered_until and representations:
        properties = representation_properties(representations[0])
        if properties:
            message = "no properties table; properties read from the JSON representation"
            diagnostics.append(warning("properties-from-representation", message, representations[0].location))
    if representations and covered_until:
        properties = _spelled_as_shown(properties, representations[0])
    bases: list[BaseClaim] = []
    prose = _prose_claim(head.blocks_before_sections, path)
    if prose is None:  # "x derives from [y]" in a later section, outside the tables
        later = [b for b in page.blocks if b.kind == "paragraph" and b.inline and _NAMED_PROSE_RE.match(b.inline.text)]
        prose = _prose_claim(later, path)
    if prose is not None:
        bases.append(BaseClaim(prose, "prose"))
    base_type = annotation.get("baseType")
    if isinstance(base_type, str) and base_type.strip():
        location = representations[0].location
        bases.append(BaseClaim(TypeRef(base_type.strip().lstrip("#"), location), "annotation"))
    own = [p for p in properties if p.inherited_from is None]
    inherited: dict[str, list[PageProperty]] = {}
    inherited_refs: dict[str, TypeRef] = {}
    for prop in properties:
        if prop.inherited_from is not None:
            key = prop.inherited_from.name.lower()
            inherited.setdefault(key, []).append(prop)
            inherited_refs.setdefault(key, prop.inherited_from)
    for key in inherited:
        bases.append(BaseClaim(inherited_refs[key], "rows"))
    seen: dict[str, PageProperty] = {}
    for prop in own:
        first = seen.get(prop.name.lower())
        if first is None:
            seen[prop.name.lower()] = prop
            continue
        message = f'property "{prop.name}" is listed twice (first at line {first.location.line})'
        diagnostics.append(warning("duplicate-property", message, prop.location))
        if prop.navigation and not first.navigation:
            # listed under Properties and Relationships: it is a navigation property (kept in place)
            seen[prop.name.lower()] = replace(first, navigation=True)
    key_property = annotation.get("keyProperty")
    # entity: a key (annotation or a row that says "Key."), navigation properties, an id next to a
    # Relationships section, or a Methods table of operation pages (measured on the v1.0 corpus:
    # these signs point to CSDL entity types; a bare Relationships section does not)
    has_id = any(p.name == "id" and p.inherited_from is None for p in properties)
    key_row = any(_KEY_ROW_RE.search(p.description) for p in properties if p.inherited_from is None)
    entity = isinstance(key_property, str) or has_relationships or (relationship_section and has_id)
    entity = entity or key_row or lists_operations(sections, path)
    kind = "entity" if entity else ""
    types = [
        PageType(
            name=name,
            namespace=namespace,
            kind=kind,
            location=Location(path, head.title_line, 1),
            origin="resource",
            description=head.description,
            properties=tuple(seen.values()),
            bases=tuple(bases),
            abstract=truthy(annotation.get("abstract")),
            open_type=truthy(annotation.get("openType")) or open_in_prose(head),
            key_property=key_property if isinstance(key_property, str) else None,
            representation=representations[0] if representations else None,
            derived=derived_types(page, sections, head),
        )
    ]
    for key, rows in inherited.items():
        ref = inherited_refs[key]
        base_ns, _, base_name = ref.name.rpartition(".")
        declared = PageType(base_name, base_ns or namespace, "", ref.location, "declared", properties=tuple(rows), declared_by=ref)
        types.append(declared)
    enums, problems = values_enums(page, sections, namespace)
    diagnostics.extend(problems)
    types.extend(enums)
    return types, diagnostics
