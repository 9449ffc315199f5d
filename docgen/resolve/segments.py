"""Request paths read as steps for the navigation tree (:mod:`docgen.resolve.navigation`).

``parse_path("/users/{id}/memberOf")`` is ``(lit users, key id, lit memberOf)``: pure text
reading, no model; what a step *means* (a function, an alternate key) is decided by the tree.
"""

from __future__ import annotations

import re
from functools import lru_cache

from docgen import lazy_re
from docgen.model.dataclass_ahead import dataclass

_BASE = re.compile(r"^https?://[^/]+(?:/(?:v1\.0|beta))?", re.IGNORECASE)
_GUID = re.compile(
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\Z", re.IGNORECASE
)
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}\Z|<([^<>/]*)>\Z")
IDENT = re.compile(r"[A-Za-z_]\w*\Z")
_QUALIFIED = lazy_re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+\Z")
_CALL = lazy_re.compile(r"([A-Za-z_][\w.]*)\((.*)\)\Z", re.DOTALL)
ARG = lazy_re.compile(r"\s*([A-Za-z_]\w*)\s*=\s*(.*?)\s*\Z", re.DOTALL)
ENUM_LITERAL = lazy_re.compile(r"([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)('.*')\Z", re.DOTALL)
"""An OData enum literal: the enum type, then the quoted member (``microsoft.graph.x'iana'``)."""
_DOLLAR = {"$value": "value", "$count": "count", "$ref": "ref", "$entity": "entity"}


@dataclass(frozen=True)
class Raw:
    """One step of a parsed request path, before the tree gives it its meaning."""

    kind: str
    """``lit``, ``key``, ``alt``, ``path``, ``call``, ``dollar`` or ``qualified``."""
    name: str = ""
    """The literal, the alternate key's name, the called name or the ``$`` word."""
    args: tuple[tuple[str, str, bool], ...] = ()
    """(argument name, placeholder or sample text, quoted) for calls and keys (name empty)."""
    parens: bool = False
    """True for a call written with parentheses."""
    enums: tuple[tuple[str, str], ...] = ()
    """(argument name, enum type) of a call's arguments written as enum literals
    (``TimeZoneStandard=microsoft.graph.timeZoneStandard'{format}'``)."""


def _placeholder(text: str) -> str | None:
    """The placeholder's inner text (``{id | userPrincipalName}`` -> ``id | userPrincipalName``)."""
    m = _PLACEHOLDER.match(text.strip())
    if m:
        return (m.group(1) if m.group(1) is not None else m.group(2)).strip()
    return None


def _value(text: str) -> tuple[str, bool]:
    """An argument value: (placeholder or sample text, quoted)."""
    text = text.strip()
    quoted = len(text) >= 2 and text[0] == "'" and text[-1] == "'"
    inner = text[1:-1] if quoted else text
    found = _placeholder(inner)
    return (found if found is not None else inner), quoted


def _split(path: str) -> list[str]:
    """``path`` split on ``/`` outside parentheses and quotes."""
    out, depth, quote, current = [], 0, False, []
    for ch in path:
        if ch == "'" and depth:
            quote = not quote
        elif not quote and ch == "(":
            depth += 1
        elif not quote and ch == ")":
            depth = max(0, depth - 1)
        if ch == "/" and not depth and not quote:
            out.append("".join(current))
            current = []
        else:
            current.append(ch)
    out.append("".join(current))
    return [s.strip() for s in out if s.strip()]


def clean_path(path: str) -> str:
    """A request line's path without scheme, host, version and query string, ``/``-led."""
    path = _BASE.sub("", path.strip()).split("?", 1)[0].split("#", 1)[0].strip()
    return path if path.startswith("/") else "/" + path


@lru_cache(maxsize=16384)
def parse_path(path: str) -> tuple[Raw, ...] | None:
    """The steps of a request path; None when it cannot be read (unbalanced quotes or braces).

    Remembered (the steps are immutable): building the navigation tree and viewing each
    operation's place in it parse the same request lines, 7,600 parses on the corpus."""
    path = clean_path(path)
    if path.count("'") % 2 or path.count("{") != path.count("}"):
        return None
    segments = _split(path)
    steps: list[Raw] = []
    i = 0
    while i < len(segments):
        seg = segments[i]
        head, colon, rest = seg.partition(":")
        if colon and "(" not in head and not seg.startswith("$"):
            # root:/{path}:  or  {parent-id}:/{name}:  or  root:{path}:
            if head:
                steps.extend(_segment(head) or [])
            parts = [rest] if rest else []
            j = i
            while not (parts and parts[-1].endswith(":")) and j + 1 < len(segments):
                j += 1
                parts.append(segments[j])
            closed = bool(parts) and parts[-1].endswith(":")
            value = "/".join(parts).rstrip(":")
            found = _placeholder(value)
            text = found if found is not None else value
            steps.append(Raw("path", ":" if closed else "", (("", text, False),)))
            i = j + 1
            continue
        made = _segment(seg)
        if made is None:
            return None
        steps.extend(made)
        i += 1
    return tuple(steps)


def _segment(seg: str) -> list[Raw] | None:
    if seg in _DOLLAR or seg.lower() in _DOLLAR:
        return [Raw("dollar", _DOLLAR[seg.lower()])]
    found = _placeholder(seg)
    if found is not None or _GUID.match(seg):
        return [Raw("key", args=(("", found if found is not None else seg, False),))]
    if "{" in seg and "(" not in seg and "=" not in seg:
        return [Raw("key", args=(("", seg, False),))]  # "{user-id} | user-principal-name"
    if IDENT.match(seg):
        return [Raw("lit", seg)]
    if _QUALIFIED.match(seg):
        return [Raw("qualified", seg)]
    name, eq, value = seg.partition("=")
    if eq and IDENT.match(name.strip()) and value.strip("= "):
        text, quoted = _value(value)
        return [Raw("alt", name.strip(), ((name.strip(), text, quoted),))]
    call = _CALL.match(seg)
    if call is None:
        return None if "(" in seg or ")" in seg else [Raw("key", args=(("", seg, False),))]
    name, inside = call.group(1), call.group(2).strip()
    if not inside:
        return [Raw("call", name, parens=True)]
    parts = inside.split(",")
    args = [ARG.match(p) for p in parts]
    if all(args):
        pairs, enums = [], []
        for a in args:
            assert a is not None
            value = a.group(2)
            literal = ENUM_LITERAL.match(value.strip())
            if literal is not None:
                enums.append((a.group(1), literal.group(1)))
                value = literal.group(2)
            text, quoted = _value(value)
            pairs.append((a.group(1), text, quoted))
        return [Raw("call", name, tuple(pairs), parens=True, enums=tuple(enums))]
    if len(parts) == 1 and "." not in name:
        text, quoted = _value(inside)
        return [Raw("lit", name), Raw("key", args=(("", text, quoted),), parens=True)]
    return None


