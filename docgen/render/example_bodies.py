"""What an example's body is: its media type, whether it is JSON, and why a body that should be
JSON is not (the reason its test's ``xfail`` gives)."""

from __future__ import annotations

import re

from docgen import lazy_re
from docgen.diagnostics import Diagnostic, info
from docgen.model.core import Example


def media_type(example: Example) -> str | None:
    """The example's ``Content-Type`` without parameters, lower case (None when it has none)."""
    for name, value in example.headers:
        if name.lower() == "content-type":
            return value.split(";", 1)[0].strip().lower() or None
    return None


def is_json_media(media: str | None) -> bool:
    """Whether a body of this media type is JSON (no ``Content-Type`` means JSON, as on most pages)."""
    if media is None:
        return True
    return media in ("application/json", "text/json") or media.endswith("+json")


RAW_TYPES = frozenset(("stream", "edm.stream", "string", "edm.string", "binary", "edm.binary"))
"""Annotation ``@odata.type`` values of a raw answer: what ``GET …/$value`` and ``/content`` return."""


def raw_content(ex: Example) -> bool:
    """True when ``ex`` is a response its annotation says is raw content (``"@odata.type":
    "stream"``, the form ``$value`` answers take) and whose body is not a JSON object or array."""
    named = ex.annotation.get("@odata.type") if ex.kind == "response" else None
    if not isinstance(named, str) or named.strip().lstrip("#").lower() not in RAW_TYPES:
        return False
    return not ex.body_text.strip().startswith(("{", "["))


def not_json(diags: list[Diagnostic], ex: Example, media: str | None) -> bool:
    """True (with an info diagnostic) when ``ex`` has a body its Content-Type says is not JSON, or
    raw content (:func:`raw_content`) without a Content-Type: such a body is not an invalid-JSON
    defect of the page, and is not decoded as a model.
    """
    if not ex.body_text.strip():
        return False
    if is_json_media(media) and raw_content(ex):
        named = ex.annotation.get("@odata.type")
        message = (
            f"response example body is raw content (its annotation says {named!r}, as a $value "
            "answer is), not JSON; no test parses it as a model"
        )
        diags.append(info("example-non-json-body", message, ex.location))
        return True
    if is_json_media(media):
        return False
    message = f"{ex.kind} example body is {media}, not JSON; " + (
        "the test rebuilds the request without it"
        if ex.kind == "request"
        else "no test parses it as a model"
    )
    diags.append(info("example-non-json-body", message, ex.location))
    return True


_SECOND_REQUEST = lazy_re.compile(
    r"(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+(?:https?://|/)\S*\s*\Z",
    re.IGNORECASE,
)


def invalid_json_reason(ex: Example) -> str:
    """``<kind> example body is not valid JSON: <why> (at line L, column C)``: the parser's
    message already starts with "example body is …", which is not repeated; the position is
    the page's, where the parser stopped."""
    error = ex.body_error
    if error is None:
        first = ex.body_text.strip().split("\n", 1)[0].strip()
        if _SECOND_REQUEST.match(first):
            return (
                f"{ex.kind} example holds a second request line ({first!r}) where its body "
                "belongs: two requests in one block"
            )
        return f"{ex.kind} example body is not valid JSON: it does not start with '{{' or '['"
    at = f" (at line {error.location.line}, column {error.location.col})"
    return f"{ex.kind} {error.message}{at}"
