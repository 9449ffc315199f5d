"""The only place where text from the docs is made safe for Python source.

Doc text reaches generated code in exactly three spots, each with its own filter:

* :func:`py_str` - a string literal, ``repr``-equivalent (``ast.literal_eval`` gives the text back),
  quoted the way black prefers so that black leaves it alone;
* :func:`docstring_body` - the inside of a triple-quoted docstring: backslashes, runs of quotes,
  NUL, control, bidirectional and line-separator characters are escaped, so the text can neither
  close the docstring nor hide anything from a reviewer, and ``ast.get_docstring`` gives it back;
* :func:`comment` - the text of a ``#`` comment: nothing in it can end the line.

:func:`py_literal` builds on :func:`py_str` for JSON values (examples embedded in tests).
:func:`suspicious` lists the characters worth a warning (bidi controls, NUL).
"""

from __future__ import annotations

import math
import unicodedata

BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
"""Bidirectional formatting characters (Trojan Source, CVE-2021-42574)."""

LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
"""Everything ``str.splitlines`` (and so some tools) treats as a line end."""


def _escape_char(ch: str) -> str:
    """A Python escape sequence for one character (lower-case hex, as black writes it)."""
    code = ord(ch)
    if ch == "\t":
        return "\\t"
    if ch == "\n":
        return "\\n"
    if ch == "\r":
        return "\\r"
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _needs_escape(ch: str) -> bool:
    """True for characters that must not appear raw in generated source."""
    return not ch.isprintable() or ch in BIDI_CONTROLS or ch in LINE_BREAKS


_PY_STR: dict[str, str] = {}
""":func:`py_str` of the strings it was given (a corpus render asks 179,020 times for 24,346
strings: property names, wire names, type specs); emptied when it reaches :data:`_PY_STR_MAX`."""

_PY_STR_MAX = 1 << 16


def py_str(text: str) -> str:
    """A Python string literal for ``text``: ``ast.literal_eval(py_str(t)) == t``.

    Starts from ``repr`` (which escapes every non-printable character, including bidi controls
    and U+2028/U+2029) and then applies black's quote preference, so black keeps it unchanged.
    A ``str`` is looked up first (only a ``str``: a subclass's ``repr`` may differ).
    """
    if type(text) is not str:
        return _py_str(str(text))
    found = _PY_STR.get(text)
    if found is None:
        if len(_PY_STR) >= _PY_STR_MAX:
            _PY_STR.clear()
        found = _PY_STR[text] = _py_str(text)
    return found


def _py_str(text: str) -> str:
    """:func:`py_str` of a ``str``, made."""
    single = repr(text)
    if single.startswith('"'):
        return single
    body = single[1:-1]
    # repr chose single quotes; black prefers double quotes unless that adds escapes.
    unescaped_single = body.replace("\\'", "'")
    doubled = unescaped_single.replace('"', '\\"')
    if doubled.count('\\"') > body.count("\\'"):
        return single
    return '"' + doubled + '"'


def py_literal(value: object, indent: int = 0) -> str:
    """A Python literal for a JSON value, laid out as black lays out a magic-trailing-comma literal.

    Dicts and lists with items are exploded one item per line with a trailing comma; black keeps
    that layout, so the literal costs black nothing to check. ``ast.literal_eval`` gives the value back
    (floats that JSON cannot carry, NaN and infinities, become ``float("nan")``-free strings upstream).
    """
    pad = "    " * (indent + 1)
    end = "    " * indent
    if value is None:
        return "None"
    if value is True:
        return "True"
    if value is False:
        return "False"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise ValueError("JSON has no NaN or infinity")
        return repr(value)
    if isinstance(value, str):
        return py_str(value)
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = "".join(
            f"{pad}{py_str(k)}: {py_literal(v, indent + 1)},\n"
            for k, v in value.items()
        )
        return "{\n" + items + end + "}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        items = "".join(f"{pad}{py_literal(v, indent + 1)},\n" for v in value)
        return "[\n" + items + end + "]"
    raise TypeError(f"not a JSON value: {type(value).__name__}")


def py_tuple(items: list[str] | tuple[str, ...]) -> str:
    """A tuple literal of strings as black writes it: ``("a",)``, ``("a", "b")``."""
    inner = ", ".join(py_str(i) for i in items)
    return f"({inner},)" if len(items) == 1 else f"({inner})"


def _escape_docstring_text(text: str) -> str:
    """Escape one line of docstring text (no line breaks left inside)."""
    if "\\" not in text and '"' not in text and text.isprintable():
        return text  # the common case: nothing to escape (bidi controls and U+2028 are not printable)
    out: list[str] = []
    n = len(text)
    for i, ch in enumerate(text):
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"' and (
            (i + 1 < n and text[i + 1] == '"')
            or (i > 0 and text[i - 1] == '"')
            or i == n - 1
            or i == 0
        ):
            # A quote next to another quote, or at either end, could join the delimiters.
            out.append('\\"')
        elif _needs_escape(ch):
            out.append(_escape_char(ch))
        else:
            out.append(ch)
    return "".join(out)


_TO_SPACE = {ord(ch): " " for ch in LINE_BREAKS | {"\t"}}
"""Tabs and line breaks, each to one space (a ``str.translate`` table)."""


def clean_text(text: str) -> str:
    """Doc text as a docstring paragraph shows it: tabs and every kind of line break become a
    space (markdown's soft breaks are spaces anyway) and surrounding whitespace is removed.
    """
    text = str(text)
    if text.isprintable():  # no tab and no line break (none of them is printable): nothing to map
        return text.strip()
    return text.translate(_TO_SPACE).strip()


def docstring_body(paragraphs: list[str] | tuple[str, ...], indent: int) -> str:
    """The text between the triple quotes of a docstring, indented for a block at ``indent`` spaces.

    Each paragraph stays on one line with every character that could end, close or disguise it
    escaped; paragraphs are separated by a blank line. So
    ``ast.get_docstring`` returns the paragraphs unchanged, joined by blank lines, and black leaves
    the docstring as it is.
    """
    pad = " " * indent
    cleaned = [clean_text(p) for p in paragraphs]
    blocks = [_escape_docstring_text(c) for c in cleaned if c]
    if not blocks:
        return ""
    text = ("\n\n" + pad).join(blocks)
    if len(blocks) > 1:
        text += "\n" + pad
    return text


def docstring(paragraphs: list[str] | tuple[str, ...], indent: int = 0) -> str:
    """A complete triple-quoted docstring, or ``""`` when there is no text."""
    body = docstring_body(paragraphs, indent)
    if not body:
        return ""
    return '"""' + body + '"""'


def comment(text: str) -> str:
    """Text fit to follow ``# ``: escaped so no character of it can end the comment line."""
    text = str(text)
    if text.isprintable():  # the common case (line breaks and bidi controls are not printable)
        return text
    return "".join(_escape_char(ch) if _needs_escape(ch) else ch for ch in text)


def suspicious(text: str) -> list[str]:
    """Names of the dangerous characters in ``text`` (bidi controls, NUL), sorted, for a warning."""
    text = str(text)
    if text.isascii():  # bidi controls are not ASCII
        return ["NUL"] if "\x00" in text else []
    found = {unicodedata.name(ch, f"U+{ord(ch):04X}") for ch in text if ch in BIDI_CONTROLS}
    if "\x00" in text:
        found.add("NUL")
    return sorted(found)
