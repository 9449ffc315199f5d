"""Annotated code blocks: request/response examples and resource JSON representations."""

from __future__ import annotations

import json
import re

from docgen import lazy_re
from docgen.diagnostics import Diagnostic, Location, warning
from docgen.extract.common import Annotation, parse_annotation
from docgen.model.core import Example
from docgen.read.jsonpos import LINE_BREAK, explain_json_error, line_break_in_string
from docgen.read.page import Block, Page

_REQUEST_LINE_RE = lazy_re.compile(r"^\s*(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+(\S.*?)(?:\s+HTTP/[\d.]+)?\s*$", re.IGNORECASE)
_STATUS_LINE_RE = lazy_re.compile(r"^\s*HTTP/[\d.]+\s+(\d{3})\b")
_HEADER_RE = lazy_re.compile(r"^\s*([A-Za-z][\w-]*)\s*:(?!//)\s*(.*)$")
"""A header line ``Name: value`` (not a URL such as ``https://…``, which is a text body)."""

EXAMPLE_BLOCK_TYPES = ("request", "response", "resource")
"""Annotation block types that introduce an example fence."""


def _parse_body(body_text: str, path: str, first_line: int) -> tuple[object, Diagnostic | None]:
    """Parse a JSON body whose first line is page line ``first_line``."""
    stripped = body_text.strip()
    if not stripped or stripped[0] not in "{[":
        return None, None
    try:
        try:  # strict first (most bodies): a string it takes holds no raw line break to look for
            return json.loads(stripped), None
        except ValueError:
            data = json.loads(stripped, strict=False)
    except RecursionError:
        message = "example body is not usable JSON: it nests too deeply"
        return None, warning("invalid-json", message, Location(path, first_line, 1))
    except ValueError as exc:
        # docgen's own words and place (json's message and position change between Pythons)
        pos, why = explain_json_error(stripped) or (getattr(exc, "pos", 0), "unreadable")
        leading = body_text[: len(body_text) - len(body_text.lstrip())]
        offset = len(leading) + pos
        line = first_line + body_text.count("\n", 0, offset)
        col = offset - (body_text.rfind("\n", 0, offset) + 1) + 1
        message = f"example body is not valid JSON: {why}"
        return None, warning("invalid-json", message, Location(path, line, col))
    broken = line_break_in_string(stripped)
    if broken is not None:
        leading = body_text[: len(body_text) - len(body_text.lstrip())]
        offset = len(leading) + broken
        line = first_line + body_text.count("\n", 0, offset)
        col = offset - (body_text.rfind("\n", 0, offset) + 1) + 1
        message = f"example body is not valid JSON: {LINE_BREAK}"
        return None, warning("invalid-json", message, Location(path, line, col))
    return data, None


def _split_http(content: str) -> tuple[str | None, list[tuple[str, str]], str, int]:
    """(start line, headers, body text, index of the body's first line) of an HTTP fence.

    The fence is a start line (request or status line), then header lines (``Name: value``),
    then a blank line, then the body. Pages often put blank lines between the start line and the
    headers too (``POST …`` / blank / ``Content-type: …`` / blank / ``{…}``); those headers are
    still headers, not the start of the body."""
    lines = content.split("\n")
    index = _skip_blank(lines, 0)
    if index >= len(lines):
        return None, [], "", 0
    first = lines[index]
    if first.lstrip().startswith(("{", "[")):
        return None, [], "\n".join(lines[index:]), index
    index = _skip_blank(lines, index + 1)
    headers: list[tuple[str, str]] = []
    while index < len(lines) and lines[index].strip():
        match = _HEADER_RE.match(lines[index])
        if not match or lines[index].lstrip().startswith(("{", "[")):
            break
        headers.append((match.group(1), match.group(2).strip()))
        index += 1
    index = _skip_blank(lines, index)
    return first, headers, "\n".join(lines[index:]), index


def _skip_blank(lines: list[str], index: int) -> int:
    """The index of the first non-blank line at or after ``index`` (``len(lines)`` when none)."""
    while index < len(lines) and not lines[index].strip():
        index += 1
    return index


def _starts_http(kind: str, content: str) -> bool:
    """True when a request's fence starts with a request line, or a response's with a status line:
    it holds an HTTP message whatever its fence says (```` ```json ```` over ``POST https://…``)."""
    first = content.lstrip().partition("\n")[0]  # the first line that is not blank (not every line split)
    pattern = _REQUEST_LINE_RE if kind == "request" else _STATUS_LINE_RE if kind == "response" else None
    return pattern is not None and pattern.match(first) is not None


def build_example(annotation: Annotation, fence: Block, path: str, previous_name: str) -> Example:
    """An :class:`Example` from an annotation and the fence after it."""
    kind = annotation.block_type
    name = annotation.data.get("name")
    if isinstance(name, list):  # one response shared by several requests: ["get-a", "get-b"]
        name = next((n for n in name if isinstance(n, str) and n.strip()), "")
    name = name.strip() if isinstance(name, str) and name.strip() else ""
    if not name and kind == "response":
        name = previous_name
    location = Location(path, fence.line, 1)
    content_line = fence.line + 1
    method = url = None
    status = None
    headers: tuple[tuple[str, str], ...] = ()
    if kind == "resource" or (fence.info in ("json", "javascript", "js") and not _starts_http(kind, fence.content)):
        body_text, body_index = fence.content, 0
    else:
        first, header_list, body_text, body_index = _split_http(fence.content)
        headers = tuple(header_list)
        if first is not None:
            request = _REQUEST_LINE_RE.match(first)
            status_line = _STATUS_LINE_RE.match(first)
            if request:
                method, url = request.group(1).upper(), request.group(2).strip()
            elif status_line:
                status = int(status_line.group(1))
    body, body_error = _parse_body(body_text, path, content_line + body_index)
    return Example(
        kind=kind if kind in EXAMPLE_BLOCK_TYPES else "request",
        name=name,
        location=location,
        annotation=dict(annotation.data),
        method=method,
        url=url,
        status=status,
        headers=headers,
        body_text=body_text,
        body=body,
        body_error=body_error,
    )


_PROSE_BEFORE_FENCE = ("resource", "ignored")
"""Annotations whose fence may follow one paragraph (see :func:`annotated_blocks`)."""


def annotated_blocks(page: Page) -> tuple[list[tuple[Annotation, Block | None]], list[Diagnostic]]:
    """Every annotation with the fence that follows it (None when no fence follows)."""
    out: list[tuple[Annotation, Block | None]] = []
    diagnostics: list[Diagnostic] = []
    blocks = page.blocks
    for index, block in enumerate(blocks):
        if block.kind != "html":
            continue
        annotation, problems = parse_annotation(block, page.path)
        diagnostics.extend(problems)
        if annotation is None or not annotation.block_type:
            continue
        fence = None
        prose = 0
        for later in blocks[index + 1 : index + 4]:
            if later.kind in ("fence", "code"):
                fence = later
                break
            if later.kind == "paragraph" and annotation.block_type in _PROSE_BEFORE_FENCE and not prose:
                # "Here is a JSON representation of the vendor." between a resource annotation
                # and its fence (the Dynamics pages); "The following example shows the response."
                # between an "ignored" one and the fence it keeps out of the examples (21 in the
                # v1.0 corpus, 4 in today's sample; never a request or response annotation)
                prose += 1
                continue
            if later.kind not in ("html",):
                break
        out.append((annotation, fence))
    return out, diagnostics


_HTTP_INFOS = ("http", "", "msgraph-interactive", "https")


def unannotated_examples(page: Page, annotated: set[int]) -> list[tuple[Annotation, Block]]:
    """HTTP fences in ``Example`` sections without an annotation, read as examples whose kind the
    first line tells (``GET https://…`` or ``HTTP/1.1 200 OK``); their annotation is empty."""
    out: list[tuple[Annotation, Block]] = []
    in_examples = False
    for block in page.blocks:
        if block.kind == "heading" and block.inline is not None and block.level <= 2:
            in_examples = block.inline.text.strip().lower().startswith("example")
            continue
        if not in_examples or block.kind != "fence" or block.line in annotated or block.info not in _HTTP_INFOS:
            continue
        first = next((line for line in block.content.split("\n") if line.strip()), "")
        if _REQUEST_LINE_RE.match(first):
            kind = "request"
        elif _STATUS_LINE_RE.match(first):
            kind = "response"
        else:
            continue
        out.append((Annotation({}, Location(page.path, block.line, 1), kind), block))
    return out


def page_examples(page: Page) -> tuple[list[Example], list[Example], list[Diagnostic]]:
    """(request/response examples, resource representations, diagnostics) of a page."""
    pairs, diagnostics = annotated_blocks(page)
    annotated = {fence.line for _, fence in pairs if fence is not None}
    pairs = sorted(
        pairs + unannotated_examples(page, annotated),
        key=lambda pair: pair[1].line if pair[1] is not None else pair[0].location.line,
    )
    examples: list[Example] = []
    resources: list[Example] = []
    previous_name = ""
    for annotation, fence in pairs:
        kind = annotation.block_type
        if kind not in EXAMPLE_BLOCK_TYPES:
            continue
        if fence is None:
            message = f'"{kind}" annotation is not followed by a code block'
            diagnostics.append(warning("annotation-without-code", message, annotation.location))
            continue
        example = build_example(annotation, fence, page.path, previous_name)
        if example.body_error is not None:
            diagnostics.append(example.body_error)
        if kind == "resource":
            resources.append(example)
        else:
            examples.append(example)
            if kind == "request":
                previous_name = example.name
    return examples, resources, diagnostics
