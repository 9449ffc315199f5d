"""The token stream :func:`docgen.read.mdit.parse` hands out, and the reading of inline tokens.

In: markdown-it tokens (only their public fields: type, map, level, content, children, attrs).
Out: the same stream with each table row as one :data:`ROW` token (:func:`fold_stock_tables`
makes markdown-it's own table tokens look like the ones docgen's table rule pushes), and
(plain text, links, code spans) of an inline token's children (:func:`plain`). Used whichever
parser runs, docgen's rules or markdown-it's stock ones.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from markdown_it.token import Token

from docgen import lazy_re
from docgen.read.text import Link, squash

ROW = "docgen_table_row"
"""Token type of one table row: ``map`` is its line, ``meta["cells"]`` its cell texts (trimmed,
short rows filled with ``""``), ``meta["head"]`` True on the header row."""

_BR_RE = lazy_re.compile(r"<br\s*/?>", re.IGNORECASE)
_SKIPPED = frozenset(
    ("tbody_open", "tbody_close", "th_open", "th_close", "td_open", "td_close")
)


def fold_stock_tables(tokens: list[Token]) -> list[Token]:
    """``tokens`` with markdown-it's table tokens (``thead``/``tbody``/``tr``/``th``/``td`` and an
    ``inline`` per cell) folded into one :data:`ROW` token per row, as docgen's table rule
    (:mod:`docgen.read.mdit.table`) pushes them; every other token kept as it is."""
    if not any(token.type == "table_open" for token in tokens):
        return tokens
    out: list[Token] = []
    row: Token | None = None
    head = False
    for token in tokens:
        kind = token.type
        if kind == "tr_open":
            row = Token(ROW, "tr", 0, map=token.map, level=token.level - 1, block=True)
            row.meta = {"cells": [], "head": True} if head else {"cells": []}
        elif row is not None and kind == "inline":
            row.meta["cells"].append(token.content)
        elif row is not None and kind == "tr_close":
            out.append(row)
            row = None
        elif kind in ("thead_open", "thead_close"):
            head = kind == "thead_open"
        elif kind not in _SKIPPED:
            out.append(token)
    return out


def plain(children: Iterable[Token]) -> tuple[str, tuple[Link, ...], tuple[str, ...]]:
    """Plain text, links and code spans of an inline token's children."""
    parts: list[str] = []
    links: list[Link] = []
    codes: list[str] = []
    link_stack: list[tuple[str, int]] = []
    for child in children:
        kind = child.type
        if kind == "text":
            parts.append(child.content)
        elif kind == "code_inline":
            parts.append(child.content)
            codes.append(child.content)
        elif kind in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif kind == "html_inline":
            if _BR_RE.match(child.content):
                parts.append(" ")
        elif kind == "link_open":
            link_stack.append((str(child.attrs.get("href", "")), len(parts)))
        elif kind == "link_close" and link_stack:
            href, start = link_stack.pop()
            links.append(Link(squash("".join(parts[start:])), href))
        elif kind == "image":
            parts.append(child.content)
    text = squash("".join(parts))
    return text, tuple(links), tuple(codes)
