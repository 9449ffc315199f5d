"""Pieces every page kind shares: annotations, property tables, description cells, page header."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import field

from docgen import lazy_re
from docgen.diagnostics import Diagnostic, Location, warning
from docgen.model.dataclass_ahead import dataclass
from docgen.model.page import PageProperty
from docgen.read.jsonpos import explain_json_error
from docgen.read.page import Block, Inline, Page, Table
from docgen.read.typecells import TypeRef, clean_name, normalise_target, parse_type_cell

_TRAILING_COMMA_RE = lazy_re.compile(r",(\s*[}\]])")
_UNQUOTED_KEY_RE = lazy_re.compile(r"([{,]\s*)([A-Za-z_@$][\w.@$-]*)(\s*:)")
_SINGLE_QUOTED_RE = lazy_re.compile(r"'([^'\"\n]*)'")
_BLOCKTYPE_RE = lazy_re.compile(r"[\"']?blockType[\"']?\s*:\s*[\"']?(\w+)")
_NAME_KEY_RE = lazy_re.compile(r"[\"']?name[\"']?\s*:\s*[\"']([^\"']*)[\"']")
_BOOL_KEYS = ("truncated", "openType", "abstract", "isCollection", "isComposable", "isEmpty", "isPageable")
_NAMESPACE_RE = re.compile(r"^\W*namespace\W*:?\W*\s*([A-Za-z][\w.]*)", re.IGNORECASE)
_REQUIRED_RE = lazy_re.compile(r"(?:^|[\s.(])Required(?:\s*[.)]|\s*$|\s+(?:property|field))")
_READONLY_RE = lazy_re.compile(r"\bread[- ]?only\b", re.IGNORECASE)
_NOT_NULLABLE_RE = lazy_re.compile(r"\bnot nullable\b|\bnon-nullable\b", re.IGNORECASE)
_NULLABLE_RE = lazy_re.compile(r"\bnullable\b", re.IGNORECASE)
_INHERITED_RE = lazy_re.compile(r"\binherited from\s+", re.IGNORECASE)
INHERITED_KEY = "ted from"
"""What every match of ``_INHERITED_RE`` holds once lower-cased."""
_VALUES_RE = re.compile(
    r"(?:possible values? (?:are|is|include)|(?:valid|supported|allowed|accepted) values? (?:are|is|include)"
    r"|can be one of(?: the following)?(?: values)?|(?:valid|supported|allowed|possible) values\s*:"
    r"|one of the following values)\s*:?",
    re.IGNORECASE,
)
_CODE_RE = re.compile(r"`([^`]+)`")
_SENTENCE_END_RE = re.compile(r"\.(?:\s|$)|<br|\n\n")
_IDENT_RE = re.compile(r"^[A-Za-z_][\w-]*$")
_PROPERTY_NAME_RE = re.compile(r"^[A-Za-z_][\w.]*$")
_PARAMETER_NAME_RE = lazy_re.compile(r"^\$?[A-Za-z_][\w.-]*$")
_LIST_SPLIT_RE = lazy_re.compile(r",|\bor\b|\band\b")
_TITLE_SUFFIX_RE = re.compile(
    r"\s+(?:resource|complex|entity|enum(?:eration)?|object|type|types|property|properties|values?)\b.*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Annotation:
    """A parsed ``<!-- { … } -->`` comment."""

    data: dict
    """The parsed object (best effort when the JSON was invalid)."""
    location: Location
    """The comment's first line."""
    implied_type: str = ""
    """The block type of an example that has no annotation (read from its first line)."""

    @property
    def block_type(self) -> str:
        """``request``, ``response``, ``resource``, ``example``, ``ignored`` … (lower-case)."""
        value = self.data.get("blockType")
        return value.strip().lower() if isinstance(value, str) else self.implied_type


def parse_annotation(block: Block, path: str) -> tuple[Annotation | None, list[Diagnostic]]:
    """Read an HTML comment block as an annotation; None for comments that hold no JSON object."""
    content = block.content.strip()
    if not content.startswith("<!--"):
        return None, []
    start = content.find("{")
    end = content.rfind("}")
    if start < 0 or end < start or content[4:start].strip():
        return None, []
    location = Location(path, block.line, 1)
    text = content[start : end + 1]
    diagnostics: list[Diagnostic] = []
    try:
        data = json.loads(text, strict=False)
    except RecursionError:
        return None, [warning("invalid-annotation", "annotation nests too deeply to read", location)]
    except ValueError as exc:
        # docgen's own words and place (json's message and position change between Pythons)
        stop, why = explain_json_error(text) or (exc.pos, "unreadable")
        repaired = _TRAILING_COMMA_RE.sub(r"\1", text)
        repaired = _UNQUOTED_KEY_RE.sub(r'\1"\2"\3', repaired)
        repaired = _SINGLE_QUOTED_RE.sub(r'"\1"', repaired)
        try:
            data = json.loads(repaired, strict=False)
            message = f"annotation is not valid JSON ({why}); read it tolerantly"
        except (ValueError, RecursionError):
            data = {}
            kind = _BLOCKTYPE_RE.search(text)
            if kind:
                data["blockType"] = kind.group(1)
            name = _NAME_KEY_RE.search(text)
            if name:
                data["name"] = name.group(1)
            message = f"annotation is not valid JSON ({why}); only blockType/name recovered"
        line = block.line + text[:stop].count("\n") + content[:start].count("\n")
        diagnostics.append(warning("invalid-annotation", message, Location(path, line, 1)))
    if not isinstance(data, dict):
        diagnostics.append(warning("invalid-annotation", "annotation is not a JSON object", location))
        return None, diagnostics
    for key in _BOOL_KEYS:
        value = data.get(key)
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            message = f'annotation key "{key}" is the string "{value}", not a boolean'
            diagnostics.append(warning("invalid-annotation", message, location))
            data[key] = value.strip().lower() == "true"
    return Annotation(data, location), diagnostics


def truthy(value: object) -> bool:
    """Annotation booleans (``true`` or ``"true"``)."""
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


@dataclass(frozen=True)
class PageHead:
    """Page header facts: title, namespace, description."""

    title: str = ""
    """H1 text."""
    title_line: int = 1
    """H1 line."""
    namespace: str = ""
    """``Namespace:`` value."""
    namespace_line: int = 0
    """Its line, 0 when absent."""
    description: str = ""
    """First paragraph after the title that is not the namespace line or a note."""
    description_inline: Inline | None = None
    """That paragraph as parsed inline text."""
    blocks_before_sections: tuple[Block, ...] = field(default=())
    """Blocks between the H1 and the first H2."""


def page_header(page: Page) -> PageHead:
    """Title, namespace line and first descriptive paragraph."""
    title_block = page.title_block()
    title = title_block.inline.text if title_block and title_block.inline else page.front_matter.get("title", "")
    title_line = title_block.line if title_block else 1
    namespace, namespace_line = "", 0
    description, description_inline = "", None
    start = page.blocks.index(title_block) + 1 if title_block else 0
    intro: list[Block] = []
    for block in page.blocks[start:]:
        if block.kind == "heading" and block.level >= 2:
            break
        intro.append(block)
    for block in page.blocks:
        if block.kind == "heading" and block.level >= 2:
            break  # the Namespace line belongs above the first section
        if block.kind != "paragraph" or block.inline is None:
            continue
        match = _NAMESPACE_RE.match(block.inline.text)
        if match:
            namespace, namespace_line = match.group(1).rstrip("."), block.line
            rest = block.inline.raw.split("\n", 1)
            if len(rest) > 1 and not description and rest[1].strip():
                description = " ".join(rest[1].split())
            break
    for block in intro:
        if description:
            break
        if block.kind == "paragraph" and block.inline and not _NAMESPACE_RE.match(block.inline.text):
            text = block.inline.text
            if text.lower().startswith(("note:", "important:", "> ", "[!")):
                continue
            description, description_inline = text, block.inline
    return PageHead(title, title_line, namespace, namespace_line, description, description_inline, tuple(intro))


def name_from_title(title: str) -> str:
    """``user resource type`` -> ``user``; ``riskLevel enum type`` -> ``riskLevel``."""
    text = clean_name(_TITLE_SUFFIX_RE.sub("", title.strip()))
    words = text.split()
    return words[0] if len(words) == 1 else ""


def column_index(table: Table, *names: str) -> int | None:
    """Index of the first header cell whose lower-cased text is (or starts with) one of ``names``."""
    heads = [cell.text.strip().lower().strip("*_` ") for cell in table.header]
    for name in names:
        for i, head in enumerate(heads):
            if head == name:
                return i
    for name in names:
        for i, head in enumerate(heads):
            if head.startswith(name):
                return i
    return None


def is_null_literal(name: str) -> bool:
    """``null`` listed among an enum's values (``Possible values are: `null`, …``, a ``|null|`` row
    of an ``x values`` table) is the JSON literal the property may hold, not a member."""
    return name.strip().lower() == "null"


def _members(words: list[str]) -> tuple[str, ...]:
    """Identifiers in order, once each, ``null`` left out."""
    return tuple(dict.fromkeys(w for w in words if w and _IDENT_RE.match(w) and not is_null_literal(w)))


def enum_values(raw: str) -> tuple[str, ...]:
    """Members listed in a description ("Possible values are: `a`, `b`.")."""
    lowered = raw.lower()
    if "value" not in lowered and "one of" not in lowered:
        return ()  # every phrase of _VALUES_RE has one of these (a cheap test of most cells)
    return _listed_values(raw)


def _listed_values(raw: str) -> tuple[str, ...]:
    match = _VALUES_RE.search(raw)
    if not match:
        return ()
    rest = raw[match.end() :]
    codes = []
    position = 0
    while True:
        code = _CODE_RE.search(rest, position)
        end = _SENTENCE_END_RE.search(rest, position)
        if code and (end is None or code.start() < end.start()):
            codes.append(code.group(1).strip())
            position = code.end()
            continue
        break
    if codes:
        return _members(codes)
    end = _SENTENCE_END_RE.search(rest)
    segment = rest[: end.start()] if end else rest
    words = [clean_name(w) for w in _LIST_SPLIT_RE.split(segment)]
    if words and all(_IDENT_RE.match(w) for w in words if w) and len([w for w in words if w]) >= 2:
        return _members(words)
    return ()


def inherited_from(cell: Inline, path: str) -> TypeRef | None:
    """The type named by "Inherited from [x](…)" in a description cell."""
    if INHERITED_KEY not in cell.raw.lower():
        return None  # what _INHERITED_RE needs (letters without special case folds)
    match = _INHERITED_RE.search(cell.raw)
    if not match:
        return None
    rest = cell.raw[match.end() :]
    offset = match.end() if "\n" not in cell.raw[: match.end()] else 0
    location = Location(path, cell.line, cell.col + offset)
    link = re.match(r"\[([^\]]+)\]\(([^)\s]*)[^)]*\)", rest)
    if link:
        target, anchor = normalise_target(path, link.group(2))
        return TypeRef(clean_name(link.group(1)), location, False, target, anchor, cell.raw)
    word = re.match(r"(?:\*\*|`)([A-Za-z_][\w.]*)(?:\*\*|`)", rest)
    if word:
        return TypeRef(clean_name(word.group(1)), location, False, None, None, cell.raw)
    return None


def description_flags(text: str) -> tuple[bool, bool | None, bool]:
    """(required, nullable, read-only) as a description cell says them; nullable None when it is
    silent. Each pattern is tried only on text holding its key word, lower-cased (no letter of
    the key words has a case fold but its own, so the test is exact and saves most searches)."""
    lowered = text.lower()
    required = "Required" in text and bool(_REQUIRED_RE.search(text))
    nullable = None
    if "nullable" in lowered:
        nullable = False if _NOT_NULLABLE_RE.search(text) else (True if _NULLABLE_RE.search(text) else None)
    return required, nullable, "read" in lowered and bool(_READONLY_RE.search(text))


_BOLD_CELL_RE = lazy_re.compile(r"^\s*(\*\*|__)[^*_]+\1\s*$")


def _is_group_label(row: Sequence[Inline], name_col: int) -> bool:
    """A row whose name cell is all bold and whose other cells are empty (``|**Apps**|||``)."""
    others = "".join(cell.text for index, cell in enumerate(row) if index != name_col)
    return len(row) > 1 and not others.strip() and bool(_BOLD_CELL_RE.match(row[name_col].raw))


_UNDERSCORED_RE = re.compile(r"^_+[A-Za-z](?:\w*[A-Za-z0-9])?$")
"""A name the docs spell with leading underscores (searchHit's ``_id``, ``_score``, ``_source``)."""


def _row_name(text: str) -> str:
    """A table row's property name: :func:`clean_name`, but leading underscores that are part of
    the wire name (not emphasis, which would close at the end) are kept."""
    bare = re.sub(r"[`*\\]", "", text).strip()
    if _UNDERSCORED_RE.match(bare):
        return bare
    return clean_name(text)


def property_rows(
    table: Table, path: str, *, navigation: bool = False, parameters: bool = False
) -> tuple[list[PageProperty], list[Diagnostic]]:
    """Rows of a properties/relationships/body table with the columns found by header name.

    ``parameters``: rows of a path/query/function parameters table, whose names may also be
    ``$deltatoken`` or ``connection-id``."""
    name_re = _PARAMETER_NAME_RE if parameters else _PROPERTY_NAME_RE
    diagnostics: list[Diagnostic] = []
    name_col = column_index(table, "property", "name", "property name", "parameter", "relationship", "field")
    if name_col is None:
        name_col = 0
    type_col = column_index(table, "type", "data type", "value type")
    if type_col is None and len(table.header) >= 2:
        type_col = 1 if name_col != 1 else 0
    desc_col = column_index(table, "description", "notes", "details", "value", "comments")
    required_col = column_index(table, "required", "optional")
    out: list[PageProperty] = []
    for row in table.rows:
        if name_col >= len(row) or not row[name_col].text.strip():
            continue
        name_cell = row[name_col]
        name = _row_name(name_cell.text)
        location = Location(path, name_cell.line, name_cell.col)
        if not name or name.startswith("@"):
            continue  # empty cells and instance annotations (@odata.etag) are not properties
        if _is_group_label(row, name_col):
            continue  # |**Apps**| | | in Intune tables: a heading inside the table, not a property
        if not name_re.match(name):
            if len(row) > 1 and not "".join(cell.text for cell in row[1:]).strip():
                continue  # a group label row (**Calendar**) spanning the table
            message = f"property name is not an identifier: {name[:60]}"
            diagnostics.append(warning("invalid-property-name", message, location))
            continue
        if type_col is not None and type_col < len(row):
            ref = parse_type_cell(row[type_col], path)
        else:
            ref = parse_type_cell(Inline("", "", name_cell.line, name_cell.col), path)
        desc = row[desc_col] if desc_col is not None and desc_col < len(row) else None
        text = desc.text if desc else ""
        raw = desc.raw if desc else ""
        required, nullable, read_only = description_flags(text)
        if required_col is not None and required_col < len(row):
            flag = row[required_col].text.strip().lower()
            required = flag in ("yes", "true", "required", "y", "x")
        out.append(
            PageProperty(
                name=name,
                ref=ref,
                location=location,
                description=text,
                navigation=navigation,
                required=required,
                nullable=nullable,
                read_only=read_only,
                inherited_from=inherited_from(desc, path) if desc else None,
                enum_values=enum_values(raw),
            )
        )
    return out, diagnostics
