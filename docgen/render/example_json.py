"""The one leniency the generated tests allow an example's JSON: trailing commas in a response
the page marks ``"truncated": true``.

The docs shorten long responses and say so in the annotation; where a writer cut the members
after the last one kept, a comma is often left before ``}`` or ``]``. That body is still invalid
JSON and the page still gets its ``invalid-json`` warning; the test reads what the example does
say. Nothing else is forgiven: ``...`` elisions, comments, single quotes stay invalid JSON.
"""

from __future__ import annotations

import json
from typing import Any


def trailing_commas(text: str) -> tuple[str, int]:
    """``text`` without the commas that stand right before ``}`` or ``]`` outside strings, and how
    many were dropped (string contents, escapes included, are never touched)."""
    out: list[str] = []
    dropped = 0
    in_string = escaped = False
    i = 0
    while i < len(text):
        c = text[i]
        if in_string:
            if escaped:
                escaped = False
            elif c == "\\":
                escaped = True
            elif c == '"':
                in_string = False
        elif c == '"':
            in_string = True
        elif c == ",":
            j = i + 1
            while j < len(text) and text[j] in " \t\r\n":
                j += 1
            if j < len(text) and text[j] in "}]":
                dropped += 1
                i += 1
                continue
        out.append(c)
        i += 1
    return "".join(out), dropped


def truncated_body(text: str) -> tuple[Any, int] | None:
    """The JSON a truncated response says once its trailing commas are dropped, with how many
    there were; None when there were none or the text is still not JSON without them."""
    cleaned, dropped = trailing_commas(text.strip())
    if not dropped:
        return None
    try:
        return json.loads(cleaned, strict=False), dropped
    except (ValueError, RecursionError):
        return None
