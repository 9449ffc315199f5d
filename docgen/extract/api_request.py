"""API pages' request lines: ``METHOD /path`` lines and whether they call an action.

In: the ``HTTP request`` section (or, on pages without one, the fences before the examples). Out:
:class:`~docgen.model.core.RequestLine` values, ``junk-request-line`` infos for the other lines,
and :func:`is_action`, which :mod:`.api` (an action's body table is a parameter bag) and
:mod:`docgen.resolve.paths` ask.
"""

from __future__ import annotations

import re

from docgen import lazy_re
from docgen.diagnostics import Diagnostic, Location, info
from docgen.model.core import RequestLine
from docgen.read.page import Page, Section

_REQUEST_LINE_RE = lazy_re.compile(
    r"^\s*(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+(\S.*?)\s*(?:HTTP/[\d.]+\s*)?$",
    re.IGNORECASE,
)
_REQUEST_FENCE_INFOS = (
    "http",
    "",
    "https",
    "msgraph-interactive",
    "rest",
    "text",
    "console",
)
_HEADER_LINE_RE = lazy_re.compile(r"^\s*[A-Za-z][\w-]*\s*:\s*\S")
_TITLE_VERB_RES = (
    lazy_re.compile(r"^\s*[\w.]+\s*:\s*([A-Za-z]\w*)"),  # "application: addPassword"
    lazy_re.compile(
        r"^\s*([A-Za-z]\w*)\s+(?:action|function)\b", re.IGNORECASE
    ),  # "assign action"
    lazy_re.compile(r"^\s*([A-Za-z]\w*)"),  # "Clone a team"
)
"""Where an operation page's title names its verb; an action's request line ends with that verb."""


_CONTINUATION_RE = lazy_re.compile(r"^\s*[/?&()=,'$\w{}.:%-]+$")
"""A path fragment alone on a line: no spaces, no header colon-space, no method."""


def _continues(path: str, text: str) -> bool:
    """True when ``text`` (the line after a request line) is the rest of that line's path: it
    starts with ``/ ? & )`` or the line before ends with ``/ ? & ( , =``."""
    stripped = text.strip()
    if not _CONTINUATION_RE.match(text) or _REQUEST_LINE_RE.match(text) or _HEADER_LINE_RE.match(text):
        return False
    if stripped.upper().startswith("HTTP/"):
        return False
    return stripped[0] in "/?&)" or path.rstrip()[-1:] in ("/", "?", "&", "(", ",", "=")


def request_lines(
    section: Section | None, path: str
) -> tuple[list[RequestLine], list[Diagnostic]]:
    """Every ``METHOD /path`` line of the section's code blocks; other lines reported as junk."""
    lines: list[RequestLine] = []
    diagnostics: list[Diagnostic] = []
    if section is None:
        return lines, diagnostics
    for block in section.blocks:
        if block.kind not in ("fence", "code") or (
            block.kind == "fence" and block.info not in _REQUEST_FENCE_INFOS
        ):
            continue
        after_request = False
        previous_was_request = False
        for n, text in enumerate(block.content.split("\n")):
            if not text.strip():
                previous_was_request = False
                continue
            line = block.line + 1 + n if block.kind == "fence" else block.line + n
            if previous_was_request and _continues(lines[-1].path, text):
                # a request line broken over two lines: one line
                lines[-1] = RequestLine(lines[-1].method, lines[-1].path + text.strip(), lines[-1].location)
                continue
            match = _REQUEST_LINE_RE.match(text)
            previous_was_request = match is not None
            if match:
                col = len(text) - len(text.lstrip()) + 1
                lines.append(
                    RequestLine(
                        match.group(1).upper(),
                        match.group(2).strip(),
                        Location(path, line, col),
                    )
                )
                after_request = True
            elif after_request and _HEADER_LINE_RE.match(text):
                continue  # a header written under the request line (Prefer: …, workbook-session-id: …)
            elif after_request and text.lstrip().startswith(("{", "[")):
                break  # a request body: the rest of the block is not request lines
            elif text.strip().lower() in ("or", "and"):
                continue
            else:
                message = f"not a request line (METHOD /path): {text.strip()[:80]}"
                diagnostics.append(
                    info("junk-request-line", message, Location(path, line, 1))
                )
    return lines, diagnostics


def loose_request_lines(
    page: Page, sections: list[Section], path: str
) -> list[RequestLine]:
    """Request lines of pages without an ``HTTP request`` section: fences before the examples
    whose every line is ``METHOD /relative/path``."""
    examples_line = next(
        (s.line for s in sections if s.title.strip().lower().startswith("example")),
        None,
    )
    out: list[RequestLine] = []
    for block in page.blocks:
        if examples_line is not None and block.line >= examples_line:
            break
        if block.kind != "fence":
            continue
        texts = [t for t in block.content.split("\n") if t.strip()]
        matches = [_REQUEST_LINE_RE.match(t) for t in texts]
        if texts and all(m and m.group(2).startswith("/") for m in matches):
            for n, text in enumerate(block.content.split("\n")):
                match = _REQUEST_LINE_RE.match(text)
                if match:
                    location = Location(
                        path, block.line + 1 + n, len(text) - len(text.lstrip()) + 1
                    )
                    out.append(
                        RequestLine(
                            match.group(1).upper(), match.group(2).strip(), location
                        )
                    )
    return out


def last_segment(line: RequestLine) -> str:
    """The request line's last path segment, query string and trailing slash dropped."""
    return line.path.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1].strip()


def is_action(lines: list[RequestLine], title: str) -> bool:
    """Whether the request line calls an action or function bound to its path: the last segment is a
    function call (``getByIds(…)``) or the verb the title names (``application: addPassword`` for
    ``POST /applications/{id}/addPassword``, ``Clone a team`` for ``POST /teams/{id}/clone``),
    not a ``{placeholder}``, an ``$value``/``$ref`` segment or the collection a create POSTs to.
    """
    if not lines:
        return False
    segment = last_segment(lines[0])
    if not segment or segment.startswith(("{", "$")) or segment.endswith(":"):
        return False
    name, paren, _ = segment.partition("(")
    if paren and name and not name.startswith("{"):
        return True
    qualified = name.rsplit(".", 1)[-1].lower()  # "microsoft.graph.delta"
    for pattern in _TITLE_VERB_RES:
        match = pattern.match(title)
        if match:
            return match.group(1).lower() == qualified
    return False
