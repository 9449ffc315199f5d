"""What an example's body is: its media type, whether it is JSON, and why a body that should be
JSON is not (the reason its test's ``xfail`` gives)."""

from __future__ import annotations

import re

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


def not_json(diags: list[Diagnostic], ex: Example, media: str | None) -> bool:
    """True (with an info diagnostic) when ``ex`` has a body its Content-Type says is not JSON:
    such a body is not an invalid-JSON defect of the page, and is not decoded as a model.
    """
    if is_json_media(media) or not ex.body_text.strip():
        return False
    message = f"{ex.kind} example body is {media}, not JSON; " + (
        "the test rebuilds the request without it"
        if ex.kind == "request"
        else "no test parses it as a model"
    )
    diags.append(info("example-non-json-body", message, ex.location))
    return True


_SECOND_REQUEST = re.compile(
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
