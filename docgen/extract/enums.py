"""Enum tables: enumPageType pages (``## Members``), multi-enum pages (``### x values``) and the
``### x values`` tables inside resource pages."""

from __future__ import annotations

import re

from docgen import lazy_re
from docgen.diagnostics import Diagnostic, Location, warning
from docgen.extract.common import column_index, is_null_literal
from docgen.model.core import EnumMember
from docgen.model.page import PageType
from docgen.read.page import Page, Section, Table
from docgen.read.typecells import clean_name

_VALUES_HEADING_RE = re.compile(r"^\s*(?:enum\s+)?`?([A-Za-z_][\w.]*)`?\s+(?:enum\s+)?(?:type\s+)?values?\s*$", re.IGNORECASE)
_MEMBER_RE = lazy_re.compile(r"^[A-Za-z_][\w.-]*$|^\d[\w-]*$")
_SLUG_DROP_RE = lazy_re.compile(r"[^\w\- ]")


def slug(text: str) -> str:
    """The anchor docs sites give a heading (``riskLevel values`` -> ``risklevel-values``)."""
    return _SLUG_DROP_RE.sub("", text.strip().lower()).replace(" ", "-")


def members_from_table(table: Table, path: str) -> tuple[list[EnumMember], list[Diagnostic]]:
    """Members from a ``Member[|Value][|Description]`` table (also ``Value|Description``)."""
    diagnostics: list[Diagnostic] = []
    name_col = column_index(table, "member", "name", "value", "enum value")
    if name_col is None:
        name_col = 0
    value_col = None
    for i, cell in enumerate(table.header):
        head = cell.text.strip().lower()
        if i != name_col and ("value" in head) and "description" not in head:
            value_col = i
    desc_col = column_index(table, "description")
    members: list[EnumMember] = []
    for row in table.rows:
        if name_col >= len(row):
            continue
        cell = row[name_col]
        name = clean_name(cell.text).strip("'\"")
        if not name or is_null_literal(name):
            continue
        location = Location(path, cell.line, cell.col)
        if not _MEMBER_RE.match(name):
            diagnostics.append(warning("invalid-enum-member", f"enum member is not a name: {name[:60]}", location))
            continue
        value = None
        if value_col is not None and value_col < len(row):
            text = row[value_col].text.strip()
            if re.fullmatch(r"-?\d+", text):
                value = int(text)
        description = row[desc_col].text if desc_col is not None and desc_col < len(row) else ""
        members.append(EnumMember(name, location, value, description))
    return members, diagnostics


def flag_values(members: list[EnumMember]) -> bool:
    """True when the Value column makes the enum a flags enum: every member has a value, and
    the nonzero ones (at least three) are distinct powers of two (``apps|1``, ``tabs|2``,
    ``settings|4`` …; a ``none|0`` member is allowed). Two values (1, 2) or a run 0, 1, 2 read
    the same as an ordinary numbering, so they are not enough."""
    values = [m.value for m in members]
    if not values or any(v is None for v in values):
        return False
    nonzero = [v for v in values if v != 0]
    return (
        len(nonzero) >= 3
        and len(set(nonzero)) == len(nonzero)
        and all(v > 0 and v & (v - 1) == 0 for v in nonzero)
    )


def _first_table(section: Section) -> Table | None:
    for block in section.blocks:
        if block.kind == "heading":
            return None
        if block.kind == "table" and block.table is not None:
            return block.table
    return None


def values_name(title: str) -> str | None:
    """``riskLevel values`` -> ``riskLevel``; None for other headings."""
    match = _VALUES_HEADING_RE.match(title)
    return match.group(1) if match else None


def values_enums(page: Page, sections: list[Section], namespace: str) -> tuple[list[PageType], list[Diagnostic]]:
    """Every ``### x values`` section with a member table."""
    types: list[PageType] = []
    diagnostics: list[Diagnostic] = []
    for section in sections:
        name = values_name(section.title)
        if not name:
            continue
        table = _first_table(section)
        if table is None:
            continue
        members, problems = members_from_table(table, page.path)
        diagnostics.extend(problems)
        if not members:
            continue
        simple = name.rpartition(".")[2]
        ns = name.rpartition(".")[0] or namespace
        anchors = tuple(dict.fromkeys((slug(section.title), simple.lower(), slug(simple + " values"))))
        location = Location(page.path, section.line, 1)
        types.append(PageType(simple, ns, "enum", location, "values", members=tuple(members), anchors=anchors, flags=flag_values(members)))
    return types, diagnostics


def extract_enum_page(page: Page, name: str, namespace: str, title_line: int, description: str) -> tuple[list[PageType], list[Diagnostic]]:
    """An enumPageType page: ``## Members`` gives one enum; otherwise every ``x values`` section."""
    sections = page.sections()
    diagnostics: list[Diagnostic] = []
    for section in sections:
        if section.title.strip().lower() in ("members", "member", "values", "enum members"):
            table = _first_table(section)
            if table is None:
                continue
            members, problems = members_from_table(table, page.path)
            diagnostics.extend(problems)
            simple = name.rpartition(".")[2]
            ns = name.rpartition(".")[0] or namespace
            location = Location(page.path, title_line, 1)
            flags = ("flag" in description.lower() and "bit" in description.lower()) or flag_values(members)
            enum = PageType(simple, ns, "enum", location, "enum", description=description, members=tuple(members), flags=flags)
            return [enum], diagnostics
    types, problems = values_enums(page, sections, namespace)
    return types, diagnostics + problems
