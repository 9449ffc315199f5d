"""What the parser and resolver found, in lint's terms: no line numbers, no interpreter text.

``docgen model`` keeps its diagnostics as they are; ``docgen lint`` reports some of them
(:data:`~docgen.checks.lint.codes.SURFACED`) and rewords them here so that a finding reads (and
fingerprints) the same when the page's text moves and on every Python version:

- ``(line 59)`` in a message becomes a related location;
- an annotation that is not JSON is diagnosed again by lint's own reader
  (:func:`~docgen.read.jsonpos.explain_json_error`) instead of quoting CPython's ``json``
  exception, and located where Python 3.10/3.11 put it;
- the finding's context (what tells it apart on its page) is the table row's first cell, or the
  line's text (an annotation's ``blockType`` and ``name``), with the message.
"""

from __future__ import annotations

import re

from docgen.checks.lint.codes import make
from docgen.diagnostics import Diagnostic, Location
from docgen.read.jsonpos import explain_json_error, json_stop

_LINE_REF = re.compile(r"\s*\((?:first at )?line (\d+)\)")
_ANNOTATION = re.compile(
    r"^annotation is not valid JSON \(.*\); (read it tolerantly|only blockType/name recovered)$"
)
_ANNOTATION_KEY = re.compile(r'"(blockType|name)"\s*:\s*"([^"]*)"')
_SEARCH_LINES = 200
"""How far up from its finding an annotation's ``<!--`` is looked for."""


def line_key(lines: list[str] | None, line: int) -> str:
    """What a line says, independent of where it is: a table row's first cell, else its text."""
    if not lines or not 1 <= line <= len(lines):
        return ""
    text = lines[line - 1].strip()
    if text.startswith("|") or text.count("|") >= 2:
        cells = [c.strip() for c in text.strip("|").split("|")]
        return next((c for c in cells if c), text)
    return " ".join(text.split())


def _annotation(lines: list[str], line: int) -> tuple[int, str] | None:
    """The annotation around ``line``: its first line and its ``<!--`` … ``-->`` text."""
    for start in range(line - 1, max(line - 1 - _SEARCH_LINES, -1), -1):
        column = lines[start].find("<!--")
        if column >= 0:
            break
    else:
        return None
    taken = [lines[start][column:]]
    for text in lines[start + 1 :]:
        if "-->" in taken[-1]:
            break
        taken.append(text)
    return start + 1, "\n".join(taken)


def _reword_annotation(d: Diagnostic, lines: list[str] | None) -> tuple[str, Location]:
    """An ``invalid-annotation`` "not valid JSON" finding in docgen's words, at Python 3.10's place."""
    match = _ANNOTATION.match(d.message)
    outcome = match.group(1) if match else "read it tolerantly"
    found = _annotation(lines, d.location.line) if lines else None
    if found is not None:
        first, content = found
        start, end = content.find("{"), content.rfind("}")
        text = content[start : end + 1] if 0 <= start < end else ""
        stop, explained = json_stop(text), explain_json_error(text)
        if stop is not None and explained is not None:
            line = first + content[:start].count("\n") + text[: stop[0]].count("\n")
            return (
                f"annotation is not valid JSON ({explained[1]}); {outcome}",
                Location(d.location.path, line, 1),
            )
    return f"annotation is not valid JSON; {outcome}", d.location


def reword(d: Diagnostic, lines: list[str] | None) -> Diagnostic:
    """The lint finding for a surfaced model diagnostic ``d`` (``lines``: its page's text, if read)."""
    message, location = d.message, d.location
    if d.code == "invalid-annotation" and message.startswith(
        "annotation is not valid JSON ("
    ):
        message, location = _reword_annotation(d, lines)
    related = tuple(
        Location(location.path, int(m.group(1)), 1) for m in _LINE_REF.finditer(message)
    )
    message = _LINE_REF.sub("", message)
    context = f"{line_key(lines, location.line)} | {message}"
    if d.code == "invalid-annotation" and lines:
        found = _annotation(lines, location.line)
        named = (
            " ".join(f"{k}={v}" for k, v in _ANNOTATION_KEY.findall(found[1]))
            if found
            else ""
        )
        context = f"annotation {named} | {message}" if named else context
    return make(d.code, message, location, context=context, related=related)
