"""A resource page's JSON representation read as a list of properties.

The representation block (the fence after the ``"blockType": "resource"`` annotation) names every
property with a placeholder for its type: ``"String"``, ``"String (timestamp)"``, ``true``,
``{"@odata.type": "microsoft.graph.identitySet"}``, ``[{"@odata.type": "…"}]``,
``"collection(microsoft.graph.x)"``. Pages without a properties table are read from it
(:mod:`docgen.extract.resource`); ``docgen drift`` also looks here for properties the tables lack
(:func:`representation_only`), reporting them as a docs gap rather than as missing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from docgen import lazy_re
from docgen.diagnostics import Location
from docgen.model.core import Example, Property, TypeDef
from docgen.model.page import PageProperty
from docgen.read.typecells import TypeRef, primitive_name

PLACEHOLDER_NOTES = {
    "timestamp": "Edm.DateTimeOffset",
    "iso 8601 duration": "Edm.Duration",
    "duration": "Edm.Duration",
    "time of day": "Edm.TimeOfDay",
    "date": "Edm.Date",
    "binary": "Edm.Binary",
    "base64": "Edm.Binary",
    "guid": "Edm.Guid",
}
"""``"String (note)"`` placeholders whose note names another primitive (lower-case note -> Edm name);
other notes (``identifier``, ``URL``, ``hex``) leave a string a string."""

_NOTE_RE = lazy_re.compile(r"^\s*([A-Za-z][\w.]*)\s*\(([^)]*)\)\s*$")
_COLLECTION_RE = lazy_re.compile(r"^\s*collection\s*\(\s*#?([A-Za-z_][\w.]*)\s*\)\s*$", re.IGNORECASE)
_UNKNOWN_PRIMITIVE_RE = lazy_re.compile(r"^\s*<Unknown Primitive Type (Edm\.\w+)>\s*$", re.IGNORECASE)
_ODATA_TYPE_TEXT_RE = lazy_re.compile(r"^\s*@odata\.type\s*:\s*#?([A-Za-z_][\w.]*)\s*$")
_TIMESTAMP_RE = lazy_re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$")
_NAME_RE = lazy_re.compile(r"^[A-Za-z_]\w*$")


NO_ROW_CELL = "JSON representation key without a table row:"
"""The ``type_cell`` of a property resolution read from a key of the type's JSON representation
that no table of the type has (a page with tables; :mod:`docgen.resolve.rows`)."""


def placeholder_type(value: Any) -> tuple[str, bool]:
    """(type, collection) that a representation value stands for; ``Edm.Untyped`` when unknown.

    Primitive spellings map as in type cells (``Int32``, ``bool``, ``Guid``); a string placeholder
    that is not a type name (``"notStarted | running"``, a sample value) is a string.
    """
    collection = isinstance(value, list)
    if collection:
        value = value[0] if value else None
    if isinstance(value, dict):
        odata = value.get("@odata.type", value.get("@type"))
        if isinstance(odata, str) and odata.strip():
            return odata.strip().lstrip("#"), collection
        return "Edm.Untyped", collection
    if isinstance(value, bool):
        return "Edm.Boolean", collection
    if isinstance(value, int):
        return "Edm.Int32", collection
    if isinstance(value, float):
        return "Edm.Double", collection
    if not isinstance(value, str):
        return "Edm.Untyped", collection
    text = value.strip()
    for pattern in (_COLLECTION_RE, _ODATA_TYPE_TEXT_RE):
        match = pattern.match(text)
        if match:
            name = primitive_name(match.group(1)) or match.group(1)
            return name, collection or pattern is _COLLECTION_RE
    unknown = _UNKNOWN_PRIMITIVE_RE.match(text)
    if unknown:
        return primitive_name(unknown.group(1)) or "Edm.Untyped", collection
    if _TIMESTAMP_RE.match(text):
        return "Edm.DateTimeOffset", collection
    note = _NOTE_RE.match(text)
    if note:
        word, remark = note.group(1), note.group(2).strip().lower()
        primitive = primitive_name(word)
        if primitive == "Edm.String" and remark in PLACEHOLDER_NOTES:
            return PLACEHOLDER_NOTES[remark], collection
        return primitive or "Edm.String", collection
    return primitive_name(text) or "Edm.String", collection


def representation_properties(
    example: Example, keep: Callable[[str], bool] | None = None
) -> list[PageProperty]:
    """Properties read from a JSON representation (top-level keys that are property names), only
    those whose name ``keep`` accepts when it is given (the others' types and lines, the costly
    part, are never worked out)."""
    body = example.body
    if not isinstance(body, dict):
        return []
    out = []
    lines: list[str] | None = None
    for name, value in body.items():
        if name.startswith("@") or not _NAME_RE.match(name) or (keep is not None and not keep(name)):
            continue
        if lines is None:
            lines = example.body_text.split("\n")
        type_name, collection = placeholder_type(value)
        location = _key_location(example, lines, name)
        ref = TypeRef(type_name, location, collection, cell=f"JSON representation: {name}")
        out.append(PageProperty(name, ref, location))
    return out


def _key_location(example: Example, lines: list[str], name: str) -> Location:
    """The line of ``"name":`` in the block (the body starts on the line after the fence), else the fence.

    A plain string search, as ``re.search(r'"name"\\s*:')`` finds: compiling one pattern per key
    missed ``re``'s cache (10,913 compiles, 0.45 s of a whole resolve of the v1.0 corpus)."""
    quoted = f'"{name}"'
    for index, text in enumerate(lines):
        start = text.find(quoted)
        while start >= 0:
            if text[start + len(quoted) :].lstrip().startswith(":"):
                return Location(example.location.path, example.location.line + 1 + index, start + 1)
            start = text.find(quoted, start + 1)
    return example.location


def representation_only(typedef: TypeDef) -> tuple[Property, ...]:
    """Properties the type's JSON representation shows and its tables lack.

    Read only where the representation is a list of the type's own properties: not for open types
    (whose representation may show dynamic properties), and only keys spelled like Graph property
    names (camelCase: a lower-case first letter; ``DistortedSpeech`` or a GUID key is data).
    Types are qualified with the type's namespace when the placeholder names no namespace.
    """
    example = typedef.representation
    if example is None or typedef.open_type or not isinstance(example.body, dict):
        return ()
    if example.annotation.get("openType") is True:
        return ()
    # properties resolution added from the representation (its keys no table has) are not rows
    tabled = {p.name.lower() for p in typedef.properties if not p.type_cell.startswith(NO_ROW_CELL)}
    out = []
    for prop in representation_properties(example, lambda name: name.lower() not in tabled and name[0].islower()):
        ref = prop.ref
        name = ref.name
        if not ref.primitive and "." not in name and typedef.namespace:
            name = f"{typedef.namespace}.{name}"
        out.append(Property(prop.name, name, ref.collection, prop.location, type_cell=ref.cell))
    return tuple(out)
