"""markdown-it tokens -> a flat list of located blocks: the page structure extraction reads.

In: a page's display path and text. Out: a :class:`~docgen.read.page.Page` (:func:`parse_page`).
Each page is tokenised exactly once (:func:`docgen.read.mdit.parse`). Front matter is cut out by
hand (:mod:`docgen.read.front_matter`: its lines are blanked, so every token keeps its real line
number). Language tabs (``# [HTTP](#tab/http)``) become ``tab`` blocks, not headings, so they
never end a section; ``[!INCLUDE …]`` lines become ``include`` blocks, not text. Tables, and the
tables markdown-it cannot see (header and delimiter rows with different cell counts, recovered
from the paragraph's lines), are read by :mod:`docgen.read.tables`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from markdown_it.token import Token

from docgen import lazy_re
from docgen.read import mdit
from docgen.read.front_matter import split_front_matter
from docgen.read.page import Block, Inline, Page, parse_inline
from docgen.read.tables import recover_table, table_block

_INCLUDE_RE = lazy_re.compile(r"\[!INCLUDE\s*\[([^\]]*)\]\(([^)]*)\)\s*\]", re.IGNORECASE)
_TAB_RE = re.compile(r"^\s*\[[^\]]*\]\(#tab/[^)]*\)\s*$")


def _inline_from_token(token: Token, line: int, col: int, env: dict) -> Inline:
    return Inline(token.content, None, line, col, env=env)


def _paragraph_blocks(
    token: Token, line: int, end: int, lines: tuple[str, ...], env: dict
) -> Iterator[Block]:
    content = token.content
    if "[!INCLUDE" in content.upper():
        kept = []
        for n, raw_line in enumerate(content.split("\n")):
            match = _INCLUDE_RE.search(raw_line)
            if match:
                yield Block(
                    "include",
                    line + n,
                    line + n,
                    content=match.group(2).strip(),
                    info=match.group(1),
                )
                raw_line = _INCLUDE_RE.sub("", raw_line)
            kept.append(raw_line)
        if not "".join(kept).strip():
            return
        if len(kept) != content.count("\n") + 1 or "".join(kept) != content.replace(
            "\n", ""
        ):
            yield Block(
                "paragraph",
                line,
                end,
                inline=parse_inline("\n".join(kept), line, 1, env),
            )
            return
    if "|" in content and "\n" in content:
        recovered = recover_table(token, line, env)
        if recovered is not None:
            before, table = recovered
            if "".join(before).strip():
                yield Block(
                    "paragraph",
                    line,
                    table.line - 1,
                    inline=parse_inline("\n".join(before), line, 1, env),
                )
            yield Block("table", table.line, end, table=table)
            return
    yield Block("paragraph", line, end, inline=_inline_from_token(token, line, 1, env))


def parse_page(path: str, text: str) -> Page:
    """Tokenise ``text`` once and flatten it into located blocks."""
    front, front_lines, body, problems = split_front_matter(text)
    lines = tuple(text.split("\n"))
    env: dict = {}
    tokens = mdit.parse(body, env)
    blocks: list[Block] = []
    index = 0
    count = len(tokens)
    while index < count:
        token = tokens[index]
        kind = token.type
        line = token.map[0] + 1 if token.map else 1
        end = token.map[1] if token.map else line
        if (
            kind == "heading_open"
            and token.markup == "-"
            and "[!INCLUDE" in tokens[index + 1].content.upper()
        ):
            # "[!INCLUDE …]" lines right above a tab-closing "---" read as a setext heading
            blocks.extend(
                _paragraph_blocks(tokens[index + 1], line, end - 1, lines, env)
            )
            blocks.append(Block("hr", end, end))
            index += 3
            continue
        if kind == "heading_open":
            inline = tokens[index + 1]
            level = int(token.tag[1:]) if token.tag[1:].isdigit() else 1
            parsed = _inline_from_token(inline, line, level + 2, env)
            if _TAB_RE.match(inline.content):
                blocks.append(Block("tab", line, end, level=level, inline=parsed))
            else:
                blocks.append(Block("heading", line, end, level=level, inline=parsed))
            index += 3
            continue
        if kind == "paragraph_open":
            blocks.extend(_paragraph_blocks(tokens[index + 1], line, end, lines, env))
            index += 3
            continue
        if kind == "table_open":
            block, index = table_block(tokens, index, lines, env)
            blocks.append(block)
            continue
        if kind == "fence":
            blocks.append(
                Block(
                    "fence",
                    line,
                    end,
                    info=token.info.strip().lower(),
                    content=token.content,
                )
            )
        elif kind == "code_block":
            blocks.append(Block("code", line, end, content=token.content))
        elif kind == "html_block":
            blocks.append(Block("html", line, end, content=token.content))
        elif kind == "hr":
            blocks.append(Block("hr", line, end))
        index += 1
    return Page(path, lines, front, front_lines, tuple(blocks), tuple(problems))
