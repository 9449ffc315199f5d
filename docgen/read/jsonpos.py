"""Where each member of a JSON text sits, and why a text is not JSON: a position-keeping reader.

Used by :mod:`docgen.extract` (why an example body or an annotation is not JSON, in docgen's
words, the same on every Python) and by ``docgen lint`` (where each key sits).

:func:`json.loads` forgets positions; lint wants to point at the key that is wrong, not at the fence.
:func:`json_positions` reads the same grammar and returns, for every object member and array element,
its 0-based (line, column) inside the text, keyed by its path (``("value", 0, "displayName")``). For an
object member the position is that of its key; for an array element, that of the element.

It never raises: on text that is not JSON it returns what it found before the error.
"""

from __future__ import annotations

import json
import json.decoder

from docgen import lazy_re

JsonPath = tuple
"""A path into a JSON value: object keys (``str``) and array indexes (``int``)."""

_NUMBER = lazy_re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")
_LITERALS = ("true", "false", "null", "NaN", "Infinity", "-Infinity")
"""What ``json.loads`` takes besides strings, numbers, objects and arrays."""


class _Stop(Exception):
    """Raised inside the reader at the first character that is not JSON: its offset and what the
    grammar expected there (``value``, ``key``, ``colon``, ``object-comma``, ``array-comma``,
    ``string``, ``end``)."""

    def __init__(self, offset: int, expected: str) -> None:
        super().__init__(offset, expected)
        self.offset = offset
        self.expected = expected


class _Reader:
    """Recursive-descent reader that records positions; values themselves are not built.

    It stops where CPython's ``json`` module (3.10 and 3.11) stops, whatever that module's version
    says: lint's wording and places must not depend on the interpreter.
    """

    def __init__(self, text: str, *, strict: bool = True) -> None:
        self.text = text
        self.strict = strict
        self.positions: dict[JsonPath, tuple[int, int]] = {}
        self._line_starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]

    def line_col(self, offset: int) -> tuple[int, int]:
        """0-based (line, column) of a character offset."""
        lo, hi = 0, len(self._line_starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self._line_starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo, offset - self._line_starts[lo]

    def skip_ws(self, i: int) -> int:
        text = self.text
        while i < len(text) and text[i] in " \t\r\n":
            i += 1
        return i

    def record(self, path: JsonPath, offset: int) -> None:
        # The first occurrence wins when a key repeats.
        self.positions.setdefault(path, self.line_col(offset))

    def value(self, i: int, path: JsonPath) -> int:
        """Read one value starting at ``i`` (whitespace skipped); return the offset after it."""
        i = self.skip_ws(i)
        if i >= len(self.text):
            raise _Stop(i, "value")
        ch = self.text[i]
        if ch == "{":
            return self.obj(i + 1, path)
        if ch == "[":
            return self.arr(i + 1, path)
        if ch == '"':
            return self.string(i)[1]
        for literal in _LITERALS:
            if self.text.startswith(literal, i):
                return i + len(literal)
        match = _NUMBER.match(self.text, i)
        if match and match.end() > i:
            return match.end()
        raise _Stop(i, "value")

    def string(self, i: int) -> tuple[str, int]:
        try:
            return json.decoder.scanstring(self.text, i + 1, self.strict)
        except (json.JSONDecodeError, ValueError) as exc:
            raise _Stop(getattr(exc, "pos", i), "string") from exc

    def obj(self, i: int, path: JsonPath) -> int:
        i = self.skip_ws(i)
        if self.text.startswith("}", i):
            return i + 1
        while True:
            i = self.skip_ws(i)
            if not self.text.startswith('"', i):
                raise _Stop(i, "key")
            start = i
            key, i = self.string(i)
            self.record(path + (key,), start)
            i = self.skip_ws(i)
            if not self.text.startswith(":", i):
                raise _Stop(i, "colon")
            i = self.value(i + 1, path + (key,))
            i = self.skip_ws(i)
            if self.text.startswith(",", i):
                i += 1
                continue
            if self.text.startswith("}", i):
                return i + 1
            raise _Stop(i, "object-comma")

    def arr(self, i: int, path: JsonPath) -> int:
        i = self.skip_ws(i)
        if self.text.startswith("]", i):
            return i + 1
        index = 0
        while True:
            i = self.skip_ws(i)
            self.record(path + (index,), i)
            i = self.value(i, path + (index,))
            i = self.skip_ws(i)
            if self.text.startswith(",", i):
                i += 1
                index += 1
                continue
            if self.text.startswith("]", i):
                return i + 1
            raise _Stop(i, "array-comma")


def json_positions(text: str) -> dict[JsonPath, tuple[int, int]]:
    """Map every member/element path of the JSON ``text`` to its 0-based (line, column).

    The root value itself has the path ``()``. Text that is not JSON yields the positions read
    before the first error (possibly only the root's).
    """
    reader = _Reader(text)
    start = reader.skip_ws(0)
    reader.record((), start)
    try:
        reader.value(start, ())
    except (_Stop, RecursionError):
        pass
    return dict(reader.positions)


def json_stop(text: str) -> tuple[int, str] | None:
    """Where ``json.loads(text, strict=False)`` gives up and what it expected there; None when it
    parses. The offset is the one Python 3.10 and 3.11 report (3.13 moved some, and reworded).
    Text nested too deeply to read stops at 0 (``nesting``)."""
    reader = _Reader(text, strict=False)
    try:
        end = reader.skip_ws(reader.value(0, ()))
    except _Stop as stop:
        return stop.offset, stop.expected
    except RecursionError:
        return 0, "nesting"
    return (end, "end") if end != len(text) else None


_EXPECTED = {
    "value": "a value",
    "key": "a key in double quotes",
    "colon": "`:` after the key",
    "object-comma": "`,` or `}` after the value",
    "array-comma": "`,` or `]` after the value",
}


def _string_problem(text: str, pos: int) -> str:
    """Why a string stops being JSON at ``pos`` (the opening quote, a backslash, a control character)."""
    here = text[pos : pos + 1]
    if here == '"':
        return "a string that never ends"
    if here == "\\":
        return f"an invalid escape `{text[pos : pos + 2]}`"
    if here and ord(here) < 0x20:
        return f"a U+{ord(here):04X} control character inside a string"
    return "an invalid escape in a string" if here else "a string that never ends"


LINE_BREAK = "a line break inside a string (write it as \\n)"
"""Why a body with a raw line break in a string is not JSON (``json.loads(strict=False)`` takes it)."""


def line_break_in_string(text: str) -> int | None:
    """The offset of the first raw line break inside a JSON string of ``text`` (which parses with
    ``strict=False``), None when there is none: JSON strings cannot hold one."""
    if "\n" not in text and "\r" not in text:
        return None
    inside = escaped = False
    for index, char in enumerate(text):
        if inside:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                inside = False
            elif char in "\n\r":
                return index
        elif char == '"':
            inside = True
    return None


def explain_json_error(text: str) -> tuple[int, str] | None:
    """Where and why ``text`` is not JSON, in the docs' terms; None when it parses.

    The offset points at the culprit itself: the trailing comma (not the bracket after it), the
    unquoted key, the comment or the ``...`` placeholder. The wording is docgen's own, the same on
    every Python version (never the ``json`` module's message).
    """
    stop = json_stop(text)
    if stop is None:
        broken = line_break_in_string(text)
        return None if broken is None else (broken, LINE_BREAK)
    pos, expected = stop
    if expected == "nesting":
        return 0, "nested too deeply to read"
    before = text[:pos].rstrip()
    here = text[pos : pos + 1]
    found = f"`{here}`" if here else "the end of the text"
    if before.endswith(",") and here in ("}", "]"):
        return len(before) - 1, f"trailing comma before `{here}`"
    if text.startswith(("//", "/*"), pos):
        return pos, "a comment; JSON has none"
    if text.startswith(("...", "\u2026"), pos):
        return (
            pos,
            "a `...` placeholder; cut the text and mark the example truncated instead",
        )
    if here.isspace():
        return (
            pos,
            f"a U+{ord(here):04X} space character; JSON allows only plain spaces, tabs and line breaks",
        )
    if expected.endswith("comma") and "\n" in text[len(before) : pos]:
        return len(before), "a missing comma at the end of the line"
    if expected == "key" and (here.isalpha() or here == "_"):
        return pos, "an unquoted key"
    if here == "'":
        return pos, "a single-quoted string"
    if expected == "string":
        return pos, _string_problem(text, pos)
    if expected == "end":
        return pos, f"more text after the JSON value ({found})"
    return pos, f"expected {_EXPECTED[expected]}, found {found}"
