"""Plain-text pieces every reading of inline markdown shares: :func:`squash` and :class:`Link`.

In: strings. Out: a whitespace-collapsed string, a :class:`Link` value. A leaf module: the
markdown-it facade (:mod:`docgen.read.mdit`) and the page's runs (:mod:`docgen.read.inline`)
both build on it.
"""

from __future__ import annotations

from docgen.model.dataclass_ahead import dataclass


def squash(text: str) -> str:
    """``text`` with each run of whitespace made one space and the ends trimmed (what
    ``re.sub(r"\\s+", " ", text).strip()`` gives: ``\\s`` and ``str.split`` agree on every
    character; this is several times faster on the short runs of table cells)."""
    return " ".join(text.split())


@dataclass(frozen=True)
class Link:
    """A link inside inline text."""

    text: str
    """The link text as plain text."""
    href: str
    """The destination as written (reference links already resolved by markdown-it)."""
