"""API pages' request body and parameter tables.

In: the ``Request body`` section and the parameters sections. Out: a
:class:`~docgen.model.page.PageBody` (the type a sentence names, the table's rows, whether those
rows are the subject's properties or a parameter bag), the parameter rows, and the
:class:`~docgen.model.page.PageType` values a body table declares for the subject and the bases its
"Inherited from" rows name.
"""

from __future__ import annotations

import re

from docgen.diagnostics import Diagnostic, Location
from docgen.extract.api_refs import link_ref
from docgen.extract.common import property_rows
from docgen.extract.resource import is_property_table
from docgen.model.page import BaseClaim, PageBody, PageProperty, PageType
from docgen.read.page import Section
from docgen.read.typecells import TypeRef, normalise_target

_JSON_REPR_RE = re.compile(
    r"JSON (?:representation|body|object) (?:of|for) (?:an? |the |each )?(?:\w+ )?\["
    r"|\bprovide the (?:new|modified|updated) \[",
    re.IGNORECASE,
)
"""The sentence that names the body's type: "supply a JSON representation of/for the [x] object",
"Provide a JSON body of an [x]", "Provide the new [x] object in the request body"."""
_NO_BODY_RE = re.compile(
    r"do not supply a request body|don't supply a request body|no request body",
    re.IGNORECASE,
)
_PARAMETER_BAG_RE = re.compile(r"\bwith the following parameters\b", re.IGNORECASE)
_MEMBER_BODY_RE = re.compile(
    r"\bprovide (?:an? |the )?(?:optional |required )?`([A-Za-z_]\w*)` object with the following properties",
    re.IGNORECASE,
)
"""``provide an optional `passwordCredential` object with the following properties``: the body is
``{"passwordCredential": {…}}`` and the table lists that member's properties."""


def request_body(
    section: Section | None, path: str, action: bool = False
) -> tuple[PageBody | None, bool]:
    """(body, is a property table of the subject) from the request body section. An action's table
    (``action``), a table headed ``Parameter`` and one introduced by "… with the following parameters"
    are parameter bags: their rows are the body's properties, not the subject's."""
    if section is None:
        return None, False
    ref = None
    bag = action
    member: tuple[str, Location, str] | None = None
    label: TypeRef | None = None
    for index, block in enumerate(section.blocks):
        if block.kind == "heading":
            break
        if block.kind == "table" and block.table is not None and member is None:
            more = _later_tables(section.blocks[index + 1 :], path, _first_head(block.table))
            if more:
                return _several_tables(block, label, more, ref, bag, path)
        if block.kind == "table" and block.table is not None:
            location = Location(path, block.line, 1)
            if member is not None:
                # "provide an optional `passwordCredential` object with the following properties":
                # the body holds that one member; the rows are its type's properties.
                name, at, text = member
                return (
                    PageBody(
                        location,
                        ref,
                        (PageProperty(name, TypeRef(name, at, cell=text), at, text),),
                    ),
                    False,
                )
            rows, _ = property_rows(block.table, path)
            first = (
                block.table.header[0].text.strip().lower() if block.table.header else ""
            )
            return (
                PageBody(location, ref, tuple(rows)),
                first.startswith("property") and not bag,
            )
        if block.kind == "paragraph" and block.inline is not None:
            label = _table_label(block.inline, path)
            if _NO_BODY_RE.search(block.inline.text):
                return None, False
            wrapped = _MEMBER_BODY_RE.search(block.inline.raw)
            if wrapped is not None:
                member = (
                    wrapped.group(1),
                    Location(path, block.line, 1),
                    block.inline.text,
                )
            bag = bag or bool(_PARAMETER_BAG_RE.search(block.inline.text))
            match = _JSON_REPR_RE.search(block.inline.raw)
            if match and ref is None:
                ref = link_ref(block.inline, path, after=match.start())
    return PageBody(Location(path, section.line, 1), ref), False


_LABEL_RE = re.compile(r"\*\*([A-Za-z_][\w.]*)\*\*|\[([A-Za-z_][\w.]*)\]\(([^)\s]*)[^)]*\)")
"""A type named in the sentence before a body table: ``(**learningAssignment**)`` or a link."""


def _table_label(inline, path: str) -> TypeRef | None:
    """The type the sentence names last (the one its table is for), or None."""
    found = list(_LABEL_RE.finditer(inline.raw))
    if not found:
        return None
    last = found[-1]
    location = Location(path, inline.line, inline.col)
    if last.group(1):
        return TypeRef(last.group(1), location, cell=inline.text)
    target, anchor = normalise_target(path, last.group(3))
    return TypeRef(last.group(2), location, False, target, anchor, inline.text)


def _first_head(table) -> str:
    """The first header cell, lower case, without markup."""
    return table.header[0].text.strip().lower().strip("*_` ") if table.header else ""


def _later_tables(blocks, path: str, head: str) -> list[tuple[TypeRef | None, object]]:
    """Further property tables of the section (before its next heading) headed like the first
    (``Property | Type | Description`` again, not a table of a parameter's values such as
    findMeetingTimes' ``activityDomain value | Suggestions``), each with the type the paragraph
    before it names."""
    out = []
    label = None
    for block in blocks:
        if block.kind == "heading":
            break
        if block.kind == "paragraph" and block.inline is not None:
            label = _table_label(block.inline, path)
        elif block.kind == "table" and block.table is not None:
            if head and _first_head(block.table) == head and is_property_table(block.table):
                out.append((label, block))
            label = None
    return out


def _several_tables(first, label, more, ref, bag: bool, path: str) -> tuple[PageBody, bool]:
    """A body section with a table per subtype: every table read, rows merged (first of a name
    wins), each table kept with its type."""
    tables = []
    merged: dict[str, PageProperty] = {}
    for table_label, block in [(label, first), *more]:
        rows, _ = property_rows(block.table, path)
        tables.append((table_label, tuple(rows)))
        for row in rows:
            merged.setdefault(row.name.lower(), row)
    heads = first.table.header[0].text.strip().lower() if first.table.header else ""
    body = PageBody(Location(path, first.line, 1), ref, tuple(merged.values()), tuple(tables))
    return body, heads.startswith("property") and not bag


PARAMETER_SECTIONS = ("function parameters", "path parameters", "query parameters")
"""Sections whose table lists an operation's parameters (``Optional query parameters`` is OData prose)."""


def parameter_rows(
    sections: list[Section], path: str
) -> tuple[list[PageProperty], list[Diagnostic]]:
    """Rows of the first table of every parameters section (``Parameter | Type | Description``), in
    page order."""
    rows: list[PageProperty] = []
    diagnostics: list[Diagnostic] = []
    for section in sections:
        if section.title.strip().lower().rstrip(":") not in PARAMETER_SECTIONS:
            continue
        for block in section.blocks:
            if block.kind == "heading":
                break
            if block.kind == "table" and block.table is not None:
                found, problems = property_rows(block.table, path, parameters=True)
                rows.extend(found)
                diagnostics.extend(problems)
                break
    return rows, diagnostics


def body_types(
    subject: TypeRef, rows: tuple[PageProperty, ...], namespace: str, path: str
) -> list[PageType]:
    """Types an API page's body table declares: the subject's own rows and each "Inherited from" base."""
    own = tuple(row for row in rows if row.inherited_from is None)
    groups: dict[str, list[PageProperty]] = {}
    refs: dict[str, TypeRef] = {}
    for row in rows:
        if row.inherited_from is not None:
            key = row.inherited_from.name.lower()
            groups.setdefault(key, []).append(row)
            refs.setdefault(key, row.inherited_from)
    out = []
    name, ns = _split_qualified(subject.name, namespace)
    bases = tuple(BaseClaim(refs[key], "rows") for key in groups)[:1]
    # the subject of an operation page is addressable, hence an entity
    out.append(
        PageType(
            name,
            ns,
            "entity",
            subject.location,
            "declared",
            properties=own,
            bases=bases,
            declared_by=subject,
        )
    )
    for key, group in groups.items():
        base_name, base_ns = _split_qualified(refs[key].name, namespace)
        declared = PageType(
            base_name,
            base_ns,
            "",
            refs[key].location,
            "declared",
            properties=tuple(group),
            declared_by=refs[key],
        )
        out.append(declared)
    return out


def _split_qualified(name: str, namespace: str) -> tuple[str, str]:
    if "." in name:
        ns, _, simple = name.rpartition(".")
        return simple, ns
    return name, namespace
