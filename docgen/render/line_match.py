"""Matching a concrete path against a request line's segments without compiling a regex.

In: a line's segments (literal text, or a parameter that is plain, quoted or may hold ``/``) and
a path. Out: the parameters' raw values, in order, exactly as
``re.fullmatch(pattern, path, re.IGNORECASE).groupdict()`` would give them for the line's
pattern (:meth:`docgen.render.requests.LinePlan.pattern`), or None when it does not match.

Compiling a line's pattern costs a fifth of a millisecond; a cold corpus render compiled 1,140
of them (about 0.2 s of CPU). This walks the same backtracking the regex engine does (each
parameter lazy: shortest value first, the leftmost parameter's choice revised last), for the
cases where the two agree by construction: the path and every literal ASCII (``re.IGNORECASE``
folds some non-ASCII letters onto ASCII ones: K, ſ) and the parameters distinct identifiers (a
regex with other names fails to compile). :func:`fullmatch` returns :data:`UNSURE` otherwise, and
the caller uses the regex.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol


class _Segment(Protocol):
    @property
    def text(self) -> str: ...
    @property
    def param(self) -> str | None: ...
    @property
    def quoted(self) -> bool: ...
    @property
    def slashes(self) -> bool: ...


UNSURE = object()
"""What :func:`fullmatch` returns when only the regex can say."""


def fullmatch(segments: Sequence[_Segment], subject: str) -> dict[str, str] | None | object:
    """The parameters' values when ``subject`` matches the line's pattern ``<segments>/?`` whole
    (case-insensitive literals); None when it does not; :data:`UNSURE` for a case left to the regex."""
    if not subject.isascii():
        return UNSURE
    names = [s.param for s in segments if s.param is not None]
    if len(set(names)) != len(names) or not all(n.isidentifier() and n.isascii() for n in names):
        return UNSURE
    if not all(s.text.isascii() for s in segments if s.param is None):
        return UNSURE
    folded = subject.lower()
    values: list[str] = []
    if _walk(segments, 0, subject, folded, 0, values):
        return dict(zip(names, values))
    return None


def _walk(
    segments: Sequence[_Segment], index: int, subject: str, folded: str, pos: int, values: list[str]
) -> bool:
    """Whether ``segments[index:]`` then ``/?`` match ``subject[pos:]`` whole, trying each
    parameter's values shortest first (as a lazy group does); ``values`` gets the first success's."""
    if index == len(segments):
        rest = len(subject) - pos
        return rest == 0 or (rest == 1 and subject[pos] == "/")
    s = segments[index]
    if s.param is None:
        text = s.text.lower()
        if not folded.startswith(text, pos):
            return False
        return _walk(segments, index + 1, subject, folded, pos + len(text), values)
    if not (s.slashes or s.quoted) and index + 1 < len(segments) and segments[index + 1].param is None:
        # A plain parameter before literal text: of its ends (up to the next "/"), only those
        # where that text starts can go on, in the same order (a line's id before "/messages"
        # was tried at every character of the id, each try a call).
        text = segments[index + 1].text.lower()
        stop = subject.find("/", pos)
        if stop < 0:
            stop = len(subject)
        end = folded.find(text, pos + 1)
        while 0 <= end <= stop:
            values.append(subject[pos:end])
            if _walk(segments, index + 1, subject, folded, end, values):
                return True
            values.pop()
            end = folded.find(text, end + 1)
        return False
    for end in _ends(s, subject, pos):
        values.append(subject[pos:end])
        if _walk(segments, index + 1, subject, folded, end, values):
            return True
        values.pop()
    return False


def _ends(s: _Segment, subject: str, pos: int) -> Iterator[int]:
    """Where a value of parameter ``s`` starting at ``pos`` may end, shortest first: ``.+?``
    (no line end), ``(?:[^']|'')*?`` (quoted: quotes only doubled) or ``[^/]+?``."""
    n = len(subject)
    if s.slashes:
        end = pos
        while end < n and subject[end] != "\n":
            end += 1
            yield end
    elif s.quoted:
        end = pos
        yield end
        while end < n:
            if subject[end] != "'":
                end += 1
            elif subject.startswith("''", end):
                end += 2
            else:
                return
            yield end
    else:
        end = pos
        while end < n and subject[end] != "/":
            end += 1
            yield end
