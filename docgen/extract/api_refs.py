"""Type references in API pages' sentences: which type a body or response sentence names.

In: one paragraph's :class:`~docgen.read.page.Inline`. Out: a :class:`~docgen.read.typecells.TypeRef`
(or None) for the first type link ("a collection of [user](user.md) objects", with "or [x](…)"
alternatives), a bold type name ("an **alert** object") or a primitive ("a String collection in the
response body"), with whether the sentence says collection. Used by :mod:`.api_body`,
:mod:`.api_response` and :mod:`.api` (the page's subject).
"""

from __future__ import annotations

import re
from dataclasses import replace

from docgen.diagnostics import Location
from docgen.read.page import Inline
from docgen.read.typecells import TypeRef, clean_name, normalise_target, primitive_name

_COLLECTION_NEAR_RE = re.compile(
    r"collection of|array of|list of|\ball (?:the )?$", re.IGNORECASE
)
_PLURAL_AFTER_RE = re.compile(
    r"\]\([^)]*\)\s*(?:objects|resources|entities)\b", re.IGNORECASE
)
"""``the requested [session](…) objects``: a plural noun right after the link names a collection."""
_TYPE_NAME_RE = re.compile(r"^[A-Za-z_][\w.]*$")
_LINK_AT_RE = re.compile(r"\[[^\]]*\]\([^)]*\)")
_OR_LINK_RE = re.compile(
    r"\s+or\s+(?:an?\s+|the\s+)?\[([^\]]+)\]\(([^)\s]*)[^)]*\)", re.IGNORECASE
)
"""``… or [countryNamedLocation](…)`` right after a link: one more type the sentence allows."""
_BOLD_TYPE_RE = re.compile(
    r"\*\*([A-Za-z_][\w.]*)\*\*\s+(?:object|resource|entity|collection)"
)
_PRIMITIVE_BODY_RE = re.compile(
    r"\b(String|Boolean|Int32|Int64|Stream|Double|DateTimeOffset|Guid|Binary)(\s+collection)?\s+"
    r"(?:object\s+|value\s+)?in the response body"
)


def link_ref(inline: Inline, path: str, after: int = 0) -> TypeRef | None:
    """The first link to a docs page in ``inline`` whose position in the raw text is past ``after``."""
    position = 0
    for link in inline.links:
        found = inline.raw.find("[" + link.text, position) if link.text else -1
        if found >= 0:
            position = found + 1
        if found >= 0 and found < after:
            continue
        target, anchor = normalise_target(path, link.href)
        if target is None or target == path.lower():
            continue
        name = clean_name(link.text)
        if not _TYPE_NAME_RE.match(name):
            continue  # "[Microsoft Graph Security API error responses](…)" names a page, not a type
        prim = primitive_name(name)
        if prim:
            return TypeRef(
                prim, Location(path, inline.line, inline.col), cell=inline.raw
            )
        near = inline.raw[max(0, found - 20) : found] if found >= 0 else ""
        tail = (
            inline.raw[found : found + len(link.text) + len(link.href) + 20]
            if found >= 0
            else ""
        )
        collection = (
            bool(_COLLECTION_NEAR_RE.search(near)) or " collection" in tail.lower()
        )
        collection = collection or bool(_PLURAL_AFTER_RE.search(tail))
        ref = TypeRef(
            name,
            Location(path, inline.line, inline.col),
            collection,
            target,
            anchor,
            inline.raw,
        )
        return _or_alternatives(ref, inline.raw, found, path)
    return None


def _or_alternatives(ref: TypeRef, raw: str, found: int, path: str) -> TypeRef:
    """``ref`` with the types of links joined to its link by "or" ("an [ipNamedLocation](…) or
    [countryNamedLocation](…) object") as its alternatives; resolution gives the body or
    response their nearest common base type, as for an "A or B" type cell."""
    link = _LINK_AT_RE.match(raw, found) if found >= 0 else None
    if link is None:
        return ref
    others: list[TypeRef] = []
    position = link.end()
    while (match := _OR_LINK_RE.match(raw, position)) is not None:
        position = match.end()
        target, anchor = normalise_target(path, match.group(2))
        name = clean_name(match.group(1))
        if target is None or not _TYPE_NAME_RE.match(name) or primitive_name(name):
            return ref
        others.append(
            TypeRef(name, ref.location, ref.collection, target, anchor, ref.cell)
        )
    return replace(ref, alternatives=tuple(others)) if others else ref


def collection_ref(ref: TypeRef, text: str) -> TypeRef:
    if not ref.collection and re.search(
        r"collection of|\bcollection\b.*\bin the response body", text.lower()
    ):
        return replace(ref, collection=True)
    return ref


def bold_ref(inline: Inline, path: str, after: int = 0) -> TypeRef | None:
    """``an **alert** object``: a bold type name without a link."""
    match = _BOLD_TYPE_RE.search(inline.raw, after)
    if match is None:
        return None
    name = match.group(1)
    prim = primitive_name(name)
    return TypeRef(
        prim or name, Location(path, inline.line, inline.col), cell=inline.raw
    )


def primitive_ref(inline: Inline, path: str) -> TypeRef | None:
    """``a String collection in the response body``, ``a Stream in the response body``."""
    match = _PRIMITIVE_BODY_RE.search(inline.text)
    if match is None:
        return None
    name = primitive_name(match.group(1)) or "Edm.String"
    return TypeRef(
        name,
        Location(path, inline.line, inline.col),
        bool(match.group(2)),
        cell=inline.raw,
    )
