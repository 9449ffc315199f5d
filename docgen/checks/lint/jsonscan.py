"""Every syntax error of a JSON body, not only the first: a tolerant scan for ``invalid-json``.

:func:`~docgen.read.jsonpos.explain_json_error` says where and why a text stops being JSON, in
docgen's words. :func:`json_errors` calls it, repairs the text at that place the way a writer would
(drop the trailing comma, add the missing one, quote the key, blank out the comment or the ``...``,
turn a non-breaking space into a space, single quotes into double quotes) and asks again, until the
text parses or an error has no obvious repair (a string that never ends, text after the value). Each
error keeps its offset in the original text, so a body with three trailing commas gets three
findings, each at its comma.

:func:`strip_comments` removes ``/* … */`` and ``// …`` comments outside strings (offsets kept: the
comment becomes spaces): a resource page's JSON representation uses them as a deliberate style.
"""

from __future__ import annotations

import json
import re

from docgen.read.jsonpos import explain_json_error

MAX_ERRORS = 20
"""A body with more errors than this is reported with its first ``MAX_ERRORS``."""

_KEY = re.compile(r"[A-Za-z_$@][\w$@.\-]*")


class _Text:
    """The body text as one cell per original character, so that repairs that insert characters
    (a comma, quotes) keep every original offset recoverable."""

    def __init__(self, text: str) -> None:
        self.cells = list(text)

    def joined(self) -> tuple[str, list[int]]:
        """The repaired text and, for each of its characters, the original offset it came from."""
        parts: list[str] = []
        origin: list[int] = []
        for index, cell in enumerate(self.cells):
            parts.append(cell)
            origin.extend([index] * len(cell))
        return "".join(parts), origin

    def blank(self, start: int, end: int) -> None:
        """Blank original characters ``start``..``end`` (exclusive), keeping line breaks."""
        for index in range(start, min(end, len(self.cells))):
            self.cells[index] = "".join("\n" if ch == "\n" else " " for ch in self.cells[index])


def _comment_end(text: str, pos: int) -> int:
    if text.startswith("//", pos):
        end = text.find("\n", pos)
        return len(text) if end < 0 else end
    end = text.find("*/", pos + 2)
    return len(text) if end < 0 else end + 2


def strip_comments(text: str) -> str:
    """``text`` with every ``//`` and ``/* */`` comment outside strings turned into spaces."""
    out = list(text)
    index, in_string = 0, False
    while index < len(text):
        ch = text[index]
        if in_string:
            if ch == "\\":
                index += 2
                continue
            if ch == '"' or ch == "\n":
                in_string = False
        elif ch == '"':
            in_string = True
        elif text.startswith(("//", "/*"), index):
            end = _comment_end(text, index)
            for k in range(index, end):
                if out[k] != "\n":
                    out[k] = " "
            index = end
            continue
        index += 1
    return "".join(out)


def _repair(text: _Text, current: str, origin: list[int], pos: int, reason: str) -> bool:
    """Repair ``current`` at ``pos`` (an offset into it) for ``reason``; False when there is none."""
    at = origin[pos] if pos < len(origin) else None
    if at is None:
        return False
    if reason.startswith("trailing comma"):
        text.blank(at, at + 1)
        return True
    if reason.startswith("a comment"):
        end = _comment_end(current, pos)
        text.blank(at, origin[end - 1] + 1)
        return True
    if reason.startswith("a `...`"):
        width = 1 if current[pos] == "\u2026" else 3
        end = pos + width
        if current[:pos].rstrip().endswith(":"):  # "key": ... stands for a value
            text.blank(at, origin[end - 1] + 1)
            text.cells[at] = "null"
            return True
        after = len(current) - len(current[end:].lstrip())
        if current[after : after + 1] == ",":  # "..., " between values
            end = after + 1
        elif current[after : after + 1] in ("}", "]"):  # ", ..." before the bracket
            before = current[:pos].rstrip()
            if before.endswith(","):
                text.blank(origin[len(before) - 1], origin[len(before) - 1] + 1)
        text.blank(at, origin[end - 1] + 1)
        return True
    if reason.startswith("a U+") and "space" in reason:
        odd = current[pos]
        for index, cell in enumerate(text.cells):
            if cell == odd:
                text.cells[index] = " "
        return True
    if reason.startswith("a missing comma"):
        text.cells[origin[pos - 1]] += ","
        return True
    if reason == "an unquoted key":
        match = _KEY.match(current, pos)
        if match is None:
            return False
        text.cells[at] = '"' + text.cells[at]
        text.cells[origin[match.end() - 1]] += '"'
        return True
    if reason == "a single-quoted string":
        close = current.find("'", pos + 1)
        newline = current.find("\n", pos + 1)
        if close < 0 or (0 <= newline < close):
            return False
        text.blank(at, origin[close] + 1)  # the content may hold a double quote: keep only the shape
        text.cells[at] = '"'
        text.cells[origin[close]] = '"'
        return True
    return False


def json_errors(body: str) -> list[tuple[int, str]]:
    """(offset in ``body``, reason) for every syntax error found by repairing and reading again;
    empty when ``body`` parses. The first is :func:`explain_json_error`'s. One error per line and
    reason (``'a': 'b'`` is one single-quoted line); every odd space character of the body is one
    error, at the first, with their count."""
    text = _Text(body)
    found: list[tuple[int, str]] = []
    seen: set[tuple[int, str]] = set()
    for _ in range(MAX_ERRORS * 2):
        current, origin = text.joined()
        explained = explain_json_error(current)
        if explained is None:
            break
        pos, reason = explained
        offset = origin[pos] if pos < len(origin) else len(body)
        if reason.startswith("a U+") and "space" in reason:
            count = body.count(current[pos])
            if count > 1:
                reason = reason.replace(" space character;", f" space character ({count} in this body);")
        key = (body.count("\n", 0, offset), reason)
        if key not in seen:
            seen.add(key)
            found.append((offset, reason))
        if len(found) >= MAX_ERRORS or not _repair(text, current, origin, pos, reason):
            break
    return found


def parses_without_comments(body: str) -> object | None:
    """The value ``body`` holds once its comments are removed; None when it still does not parse
    (or holds only ``null``)."""
    try:
        return json.loads(strip_comments(body), strict=False)
    except ValueError:
        return None
