"""Type cells (``String``, ``[x](x.md) collection``, ``Collection(Edm.Int32)`` …) -> :class:`TypeRef`.

A :class:`TypeRef` is the page-level, not yet resolved reading of a cell: a primitive already
mapped to its ``Edm`` name, or a type name as written plus the page the cell links to (normalised
so that :mod:`docgen.resolve.join` can find the type defined there).
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import replace
from urllib.parse import unquote

from docgen import lazy_re
from docgen.diagnostics import Location
from docgen.model.dataclass_ahead import dataclass
from docgen.read.page import Inline

PRIMITIVES: dict[str, str] = {
    "string": "Edm.String",
    "str": "Edm.String",
    "url": "Edm.String",
    "uri": "Edm.String",
    "char": "Edm.String",
    "boolean": "Edm.Boolean",
    "bool": "Edm.Boolean",
    "int32": "Edm.Int32",
    "int": "Edm.Int32",
    "integer": "Edm.Int32",
    "number": "Edm.Int32",
    "int64": "Edm.Int64",
    "long": "Edm.Int64",
    "int16": "Edm.Int16",
    "short": "Edm.Int16",
    "byte": "Edm.Byte",
    "sbyte": "Edm.SByte",
    "double": "Edm.Double",
    "single": "Edm.Single",
    "float": "Edm.Single",
    "decimal": "Edm.Decimal",
    "datetimeoffset": "Edm.DateTimeOffset",
    "datetime": "Edm.DateTimeOffset",
    "timestamp": "Edm.DateTimeOffset",
    "date": "Edm.Date",
    "timeofday": "Edm.TimeOfDay",
    "time": "Edm.TimeOfDay",
    "duration": "Edm.Duration",
    "timespan": "Edm.Duration",
    "guid": "Edm.Guid",
    "uuid": "Edm.Guid",
    "binary": "Edm.Binary",
    "byte[]": "Edm.Binary",
    "base64": "Edm.Binary",
    "stream": "Edm.Stream",
    "untyped": "Edm.Untyped",
    "object": "Edm.Untyped",
}
"""Lower-cased spellings of primitive types (aliases included) -> Edm names."""

ALIASES: dict[str, str] = {"json": "microsoft.graph.Json"}
"""Spellings that name a (complex) type of the service rather than a primitive."""

UNTYPED = "Edm.Untyped"
"""What an empty or unreadable cell maps to."""

_COLLECTION_FN_RE = re.compile(r"^\s*collection\s*\((.*)\)\s*$", re.IGNORECASE)
_COLLECTION_WORD_RE = re.compile(r"\bcollection\b|\[\]\s*$|\barray\b", re.IGNORECASE)
_NOISE_RE = re.compile(r"[`*\\]")
_PAREN_NOTE_RE = lazy_re.compile(r"\s*\([^)]*\)\s*$")
_TRAILING_WORDS_RE = lazy_re.compile(
    r"\s+(collection|array|object|resource|enum|type|value|values|nullable|optional|required)\s*$",
    re.IGNORECASE,
)
_NAME_RE = re.compile(r"^[A-Za-z_][\w.]*$")
_PLAIN_WORD_RE = re.compile(r"[A-Za-z][A-Za-z0-9.]*")
_BROKEN_LINK_RE = lazy_re.compile(r"\[\s*`?([A-Za-z_][\w.]*)`?\s*\]")
_COLLECTION_OF_RE = re.compile(
    r"^\s*(?:a\s+)?(?:collection|array|list|set)\s+of\s+", re.IGNORECASE
)
_JSON_WORD_RE = lazy_re.compile(r"\bjson\b", re.IGNORECASE)
_OR_RE = lazy_re.compile(r"\s+or\s+", re.IGNORECASE)
_SITE_API_RE = re.compile(
    r"^(?:https?://docs\.microsoft\.com)?(?:/[a-z]{2}-[a-z]{2})?/graph/api/(.*)$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class TypeRef:
    """An unresolved type reference from one cell or link."""

    name: str
    """``Edm.*`` for primitives; otherwise the name as written (possibly qualified)."""
    location: Location
    """The cell (or link) it comes from."""
    collection: bool = False
    """True when the cell says it is a collection."""
    target: str | None = None
    """The linked page, normalised (``resources/user.md``, lower-case), None without a link."""
    anchor: str | None = None
    """The link's ``#anchor`` (``enums.md#riskLevel``), lower-cased."""
    cell: str = ""
    """The raw cell text, for diagnostics."""
    alternatives: tuple[TypeRef, ...] = ()
    """Further types of an "A or B" cell (``[appHostedMediaConfig](…) or [serviceHostedMediaConfig](…)``);
    resolution gives the property their nearest common base type."""

    @property
    def primitive(self) -> bool:
        """True for ``Edm.*`` names."""
        return self.name.startswith("Edm.")


def normalise_target(page_path: str, href: str) -> tuple[str | None, str | None]:
    """(target page, anchor) of ``href`` seen from ``page_path``; (None, None) for external links.

    Relative links are joined to the page's folder; absolute ``/graph/api/…`` site links map to the
    docs tree's ``api/``/``resources/`` folders (``…/resources/x?view=…`` -> ``resources/x.md``).
    """
    href = href.strip().replace("\\", "/")
    if not href:
        return None, None
    base, _, anchor = href.partition("#")
    base = unquote(base.partition("?")[0])
    anchor_value = anchor.lower() or None
    if not base:
        return page_path.lower(), anchor_value
    site = _SITE_API_RE.match(base)
    if site:
        rest = site.group(1)
        if not rest.endswith(".md"):
            rest += ".md"
        if "/" not in rest:
            rest = "api/" + rest
        return rest.lower(), anchor_value
    if "://" in base or base.startswith(("/", "mailto:")):
        return None, None
    if not base.lower().endswith(".md"):
        return None, None
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page_path), base))
    return joined.lower(), anchor_value


def clean_name(text: str) -> str:
    """A type name from link text or a plain cell: markup, notes and filler words removed."""
    if _PLAIN_WORD_RE.fullmatch(
        text
    ):  # most cells: nothing below but the Edm. prefix applies
        if text[:4].lower() == "edm.":
            text = text[4:]
        return text.rstrip(".")
    return _clean_name(text)


def _clean_name(text: str) -> str:
    text = _NOISE_RE.sub("", text).strip().strip("_").strip()
    text = _PAREN_NOTE_RE.sub("", text)
    previous = None
    while previous != text:
        previous = text
        text = _TRAILING_WORDS_RE.sub("", text).strip()
    if text.lower().startswith("edm."):
        text = text[4:]
    return text.strip().rstrip(".").strip()


def primitive_name(name: str) -> str | None:
    """The Edm name for a primitive spelling (``string``, ``Edm.Int32``, ``datetime``), else None."""
    key = name.strip().lower()
    key = key.removeprefix("edm.")
    return PRIMITIVES.get(key)


def parse_type_cell(cell: Inline, page_path: str) -> TypeRef:
    """Read a type cell. Empty or unreadable cells give :data:`UNTYPED`."""
    location = Location(page_path, cell.line, cell.col)
    text = cell.text.strip()
    collection = False
    match = _COLLECTION_FN_RE.match(text)
    if match:
        text = match.group(1)
        collection = True
    elif _COLLECTION_WORD_RE.search(text):
        collection = True
    linked: list[TypeRef] = []
    for link in cell.links:
        target, anchor = normalise_target(page_path, link.href)
        if target is None and anchor is None:
            continue
        name = clean_name(link.text)
        if not _NAME_RE.match(name):
            name = (
                clean_name(posixpath.basename(target or "").removesuffix(".md"))
                if target
                else name
            )
        primitive = primitive_name(name)
        if primitive:
            if not linked:
                return TypeRef(primitive, location, collection, cell=cell.raw)
            continue
        linked.append(TypeRef(name, location, collection, target, anchor, cell.raw))
    if linked:
        if len(linked) > 1 and _OR_RE.search(cell.text):
            return replace(linked[0], alternatives=tuple(linked[1:]))
        return linked[0]
    if not cell.links and "[" in cell.raw:
        broken = _BROKEN_LINK_RE.search(cell.raw)
        if (
            broken
        ):  # "[x](x.md" without its closing parenthesis: the bracket text still names the type
            text = broken.group(1)
    text = _COLLECTION_OF_RE.sub("", text)
    name = clean_name(_COLLECTION_WORD_RE.sub(" ", text))
    if not name:
        return TypeRef(UNTYPED, location, collection, cell=cell.raw)
    primitive = primitive_name(name)
    if primitive:
        return TypeRef(primitive, location, collection, cell=cell.raw)
    alias = ALIASES.get(name.lower()) or (
        ALIASES["json"] if _JSON_WORD_RE.search(name) else None
    )
    if alias:
        return TypeRef(alias, location, collection, cell=cell.raw)
    if " or " in name or "," in name:
        first = re.split(r"\s+or\s+|,", name)[0].strip()
        ref = parse_type_cell(Inline(first, first, cell.line, cell.col), page_path)
        return replace(ref, collection=ref.collection or collection, cell=cell.raw)
    if not _NAME_RE.match(name):
        return TypeRef(UNTYPED, location, collection, cell=cell.raw)
    return TypeRef(name, location, collection, cell=cell.raw)
