"""black, in-process, with one fixed mode: the last step of every generated Python file.

black is imported on the first file that needs it (50–60 ms): a render whose files all take
:func:`black_could_change`'s fast path, or come from the cache, never loads it.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import TYPE_CHECKING

from docgen import lazy_re

if TYPE_CHECKING:
    import black

LINE_LENGTH = 88
"""black's line length for generated code (its default)."""

BLACK_LOG = "DOCGEN_BLACK_LOG"
"""Environment variable: a file to which each file sent through black adds a line (its path), from
every process (``benchmarks/black_calls.py`` and issue 18's bar count them: none should be)."""


def log_black(paths: list[str]) -> None:
    """Add ``paths`` (files about to go through black) to ``$DOCGEN_BLACK_LOG`` when it is set."""
    if not paths:  # the usual call (no file goes through black): no look-up in the environment
        return
    target = os.environ.get(BLACK_LOG)
    if target:
        with open(target, "a", encoding="utf-8") as log:  # one write: whole lines from each process
            log.write("".join(f"{path}\n" for path in paths))


@lru_cache(maxsize=None)
def mode() -> "black.Mode":
    """The one black mode generated code is formatted with (black's default style, Python 3.10+)."""
    import black

    return black.Mode(target_versions={black.TargetVersion.PY310}, line_length=LINE_LENGTH)


def format_python(text: str) -> str:
    """``text`` formatted by black (a pure function of ``text``: safe to cache by its hash).

    Raises ``black.InvalidInput`` (a ``ValueError``) when ``text`` is not valid Python; the caller
    turns that into a diagnostic.
    """
    import black

    try:
        return black.format_str(text, mode=mode())
    except black.NothingChanged:  # pragma: no cover - format_str does not raise it today
        return text


# A long line black cannot shorten: one atom (a string literal in either quote style, with an
# optional ``r``/``b``/``u``/``f`` prefix, or a dotted name) alone, as ``name=``/``name =`` or as
# a dict value, with an optional trailing comma; a ``def`` with no parameters; the first line
# of a ``def`` whose parameters black has put on the lines below (``def long_name(``), or of one
# whose return annotation it has put there (``def long_name() -> (``); the first line of a split
# ``class`` or ``from … import (``; a dotted call with no arguments alone on its line (inside
# brackets); the first line of a call black split after ``return `` or ``name = `` (it wraps
# the call in parentheses instead only when every line then fits, which the templates do through
# :func:`docgen.render.layout.returned`); one ``+ atom`` term of a split sum; the first line of a
# field or parameter whose annotation black put in parentheses (``name: (``); or one
# ``name as alias,`` of a parenthesised import. black
# leaves such lines as they are (its stable style neither splits strings nor wraps an atom in
# parentheses that would not make it fit).
_STRING = r'(?:[rRbBuUfF]{1,2})?(?:"(?:[^"\\]|\\.)*"' + "|" + r"'(?:[^'\\]|\\.)*')"
_ATOM = rf"(?:{_STRING}|[A-Za-z_][\w.]*)"
_ATOMIC_LINE = lazy_re.compile(
    rf"\s*(?:(?:[A-Za-z_][\w.]*\s*=\s*)|(?:(?:{_STRING})\s*:\s*))?{_ATOM},?"
    r"|\s*def [A-Za-z_]\w*\((?:\)(?: -> [\w.]+)?:)?"
    r"|\s+[A-Za-z_]\w* as [A-Za-z_]\w*,"
    r"|\s*def [A-Za-z_]\w*\(\) -> \("
    r"|\s*class [A-Za-z_]\w*\("
    r"|\s*from [\w.]+ import \("
    r"|\s+[A-Za-z_][\w.]*\(\)"
    r"|\s*(?:return |[A-Za-z_]\w* = )[A-Za-z_][\w.]*\("
    rf"|\s*\+ {_ATOM},?"
    r"|\s*[A-Za-z_]\w*: \("
)


def black_could_change(text: str) -> bool:
    """False when ``text`` (from the packaged templates) has no code line black could change.

    Lines within black's limit are as black writes them (the templates' own layout); a longer
    line is left alone by black when it is a comment, inside a triple-quoted string, or atomic
    (see ``_ATOMIC_LINE``). Doc text reaches a file only through :mod:`docgen.render.escaping`, which
    never lets three double quotes through, so counting them finds where docstrings start and end.
    """
    return black_line(text) is not None


_LONG_LINE = lazy_re.compile(r"\n([^\n]{%d,})" % (LINE_LENGTH + 1))
"""A line (after the first) longer than black's limit. The regular expression engine finds them
(a few in a file, most in docstrings) at a fifth of the cost of a Python loop over every line."""
_OTHER_BREAKS = lazy_re.compile("[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
"""What ``str.splitlines`` also takes for a line end (doc text never brings one: see
:mod:`docgen.render.escaping`); a text holding one takes the line-by-line way."""


_ASCII_BREAKS = ("\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e")
"""The ASCII ones of them."""


def _other_breaks(text: str) -> bool:
    """Whether ``text`` holds a line end other than ``\n`` (an ASCII text, most generated files,
    is searched for each of six characters: faster than one search for any of nine)."""
    if text.isascii():
        return any(ch in text for ch in _ASCII_BREAKS)
    return _OTHER_BREAKS.search(text) is not None


def black_line(text: str) -> str | None:
    """The first line of ``text`` that makes :func:`black_could_change` true (None when none does)."""
    if _other_breaks(text):
        return _black_line_by_line(text)
    # Only a long line can be it. Whether it is inside a triple-quoted string is the parity of
    # the triple quotes before it: counted over the text, the lines' counts summed (three quotes
    # never span a line end, so the count starts afresh at each one, as a line's count does).
    first = text.find("\n")
    head = text if first < 0 else text[:first]
    if len(head) > LINE_LENGTH and _could_change(head):
        return head
    if first < 0:
        return None
    quotes, counted = 0, 0
    for match in _LONG_LINE.finditer(text, first):
        start = match.start(1)
        quotes += text.count('"""', counted, start)
        counted = start
        if not quotes % 2:
            line = match.group(1)
            if _could_change(line):
                return line
    return None


def _could_change(line: str) -> bool:
    """True for a long line outside a triple-quoted string that black could change."""
    return not line.lstrip().startswith(("#", '"""')) and not _ATOMIC_LINE.fullmatch(line)


def _black_line_by_line(text: str) -> str | None:
    """:func:`black_line` one line at a time (any line ends)."""
    in_string = False
    for line in text.splitlines():
        quotes = line.count('"""')
        if len(line) > LINE_LENGTH and not in_string:
            stripped = line.lstrip()
            if not stripped.startswith(("#", '"""')) and not _ATOMIC_LINE.fullmatch(line):
                return line
        if quotes % 2:
            in_string = not in_string
    return None
