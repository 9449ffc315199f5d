"""The docs' stand-ins for "some value goes here", and the typed samples that replace them.

Example JSON often holds a type word (``"String"``, ``"Integer"``, ``"String (timestamp)"``), a
``<name>-value`` token, a string naming the slot's own type, or a shortened base64 value where a
real value belongs; :meth:`docgen.render.checker.Checker.fill` replaces those in typed slots
with :data:`SAMPLES` so the example can be decoded strictly.
"""

from __future__ import annotations

import re
from typing import Any

from docgen import lazy_re

PLACEHOLDER = lazy_re.compile(
    r"(string|integer|int16|int32|int64|boolean|bool|guid|uuid|double|float|single|number|decimal|"
    r"datetimeoffset|datetime|date|timeofday|time|duration|binary|byte|timestamp)(\s*\([^()]*\))?"
    r"|[a-z][\w.-]*-value(?:-\d+)?",
    re.IGNORECASE,
)
"""Values the docs use to stand for "some value of this type": type words (``"String"``,
``"Integer"``, ``"String (timestamp)"``) and ``<name>-value`` (``"base64-contentBytes-value"``,
numbered ``"skuId-value-1"``)."""

_NAMES_TYPE = lazy_re.compile(r"\s*(?:@odata\.type\s*:\s*)?#?([A-Za-z_][\w.]*)\s*")
"""``"microsoft.graph.alertFeedback"``, ``"@odata.type: microsoft.graph.alertFeedback"``: a
value naming its own type, the docs' placeholder for "some value of this type" (the linter reads
it the same way)."""


def names_type(value: Any, qualified_name: str) -> bool:
    """True when ``value`` is a string naming the type ``qualified_name`` (qualified or not)."""
    if not isinstance(value, str):
        return False
    m = _NAMES_TYPE.fullmatch(value)
    if m is None:
        return False
    name = m.group(1).lower()
    return name in (qualified_name.lower(), qualified_name.rpartition(".")[2].lower())


ELIDED_BASE64 = lazy_re.compile(r"[A-Za-z0-9+/]{4,}(?:\.\.\.|\u2026)")
"""``"MIIDYDCCAki..."``: the start of a long base64 value, shortened for readability: the docs'
stand-in for "a certificate (or file) goes here", filled like a placeholder in a Binary slot. A
value that is neither whole base64 nor elided (``"R0lGODdhEAYEAA7"``) is still reported."""

SAMPLES: dict[str, Any] = {
    "int": 1,
    "float": 1.5,
    "decimal": 1,
    "bool": True,
    "datetime": "2024-01-02T03:04:05Z",
    "date": "2024-01-02",
    "time": "08:30:00",
    "duration": "PT1H30M",
    "guid": "00000000-0000-0000-0000-000000000001",
    "bytes": "AAEC",
}
"""Typed sample values that replace placeholders (strings stay as written)."""
