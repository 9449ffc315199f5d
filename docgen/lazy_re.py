"""Regular expressions compiled the first time they are used, not when their module is imported.

A warm ``docgen generate`` imports every stage's modules but uses few of their patterns: the 65
module-level patterns made with :func:`compile` went unused on a warm description or type-cell
edit, and compiling them took about 3.6 ms of its imports. A :class:`LazyPattern` compiles on its
first attribute access and from then on answers ``match``, ``search``, ``sub``… from the compiled
pattern itself (the bound methods are kept on it, so a call costs what a compiled pattern's does).
It is not a :class:`re.Pattern`: hand it to ``re`` functions as ``p.pattern`` or use its methods.
"""

from __future__ import annotations

import re
from typing import Any

_KEPT = (
    "match", "fullmatch", "search", "sub", "subn", "split", "findall", "finditer", "scanner",
    "pattern", "flags", "groups", "groupindex",
)
"""The compiled pattern's attributes kept on the lazy one once it is compiled."""


class LazyPattern:
    """``re.compile(pattern, flags)``, done at the first attribute access."""

    __slots__ = ("_source", "__dict__")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._source = (pattern, flags)

    def __getattr__(self, name: str) -> Any:  # only for what is not yet kept
        compiled = re.compile(*self._source)
        for kept in _KEPT:
            setattr(self, kept, getattr(compiled, kept))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy_re.compile({self._source[0]!r}, {self._source[1]!r})"


def compile(pattern: str, flags: int = 0) -> LazyPattern:
    """A pattern compiled the first time it is used (see :class:`LazyPattern`)."""
    return LazyPattern(pattern, flags)
