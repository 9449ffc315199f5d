"""Tables: the rows of docgen's table tokens, and the tables markdown-it could not see.

In: the :data:`~docgen.read.mdit.ROW` tokens of a table (:func:`table_block`), or a paragraph
holding a pipe table whose header and delimiter rows have different cell counts
(:func:`recover_table`). Out: a :class:`~docgen.read.page.Table` of
:class:`~docgen.read.page.Inline` cells, each located at its line and column. A row that only
continues the previous one (a literal line break inside a cell) is merged into it.
"""

from __future__ import annotations

import re

from markdown_it.token import Token

from docgen import lazy_re
from docgen.read.mdit import ROW
from docgen.read.page import Block, Inline, Table, parse_inline

_DELIM_ROW_RE = lazy_re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-*:?\s*)*\|?\s*$")
_CELL_SPLIT_RE = re.compile(r"(?<!\\)\|")


def _cell_col(
    lines: tuple[str, ...], line: int, raw: str, start: int
) -> tuple[int, int]:
    """Column of ``raw`` in ``line`` searching from ``start`` (0-based); returns (col, next start)."""
    if 1 <= line <= len(lines) and raw:
        found = lines[line - 1].find(raw, start)
        if found >= 0:
            return found + 1, found + len(raw)
    return start + 1, start


def _split_row(line: str) -> list[str]:
    stripped = line.strip()
    stripped = stripped.removeprefix("|")
    if stripped.endswith("|") and not stripped.endswith("\\|"):
        stripped = stripped[:-1]
    return [cell.strip() for cell in _CELL_SPLIT_RE.split(stripped)]


def recover_table(
    inline: Token, first_line: int, env: dict
) -> tuple[list[str], Table] | None:
    """A pipe table markdown-it did not accept (mismatched column counts) inside a paragraph."""
    raw_lines = inline.content.split("\n")
    for i in range(1, len(raw_lines)):
        if (
            _DELIM_ROW_RE.match(raw_lines[i])
            and "|" in raw_lines[i - 1]
            and "-" in raw_lines[i]
        ):
            break
    else:
        return None
    head_line = first_line + i - 1
    header = tuple(
        parse_inline(c, head_line, 1, env) for c in _split_row(raw_lines[i - 1])
    )
    rows = []
    for n, row in enumerate(raw_lines[i + 1 :]):
        if "|" not in row:
            break
        rows.append(
            tuple(parse_inline(c, head_line + 2 + n, 1, env) for c in _split_row(row))
        )
    return raw_lines[: i - 1], Table(head_line, header, tuple(rows))


def _continues_previous_row(
    lines: tuple[str, ...], row_line: int, cells: list[Inline]
) -> bool:
    """A literal line break inside a cell: the previous line has no closing pipe and this one
    does not open with a pipe, and only its first cell has text."""
    if not 2 <= row_line <= len(lines):
        return False
    previous, line = lines[row_line - 2].rstrip(), lines[row_line - 1].lstrip()
    return (
        not previous.endswith("|")
        and not line.startswith("|")
        and bool(cells)
        and not "".join(cell.text for cell in cells[1:]).strip()
    )


def _merge_continuation(
    row: tuple[Inline, ...], cells: list[Inline]
) -> tuple[Inline, ...]:
    """Append the continuation line's text to the row's last non-empty cell."""
    index = max(
        (i for i, cell in enumerate(row) if cell.text.strip()), default=len(row) - 1
    )
    last, extra = row[index], cells[0]
    merged = Inline(
        last.raw + "\n" + extra.raw,
        (last.text + " " + extra.text).strip(),
        last.line,
        last.col,
        last.links + extra.links,
        last.codes + extra.codes,
    )
    return row[:index] + (merged,) + row[index + 1 :]


def table_block(
    tokens: list[Token], start: int, lines: tuple[str, ...], env: dict
) -> tuple[Block, int]:
    """Read ``table_open``, its :data:`~docgen.read.mdit.ROW` tokens and ``table_close``;
    returns the block and the index after it."""
    open_token = tokens[start]
    header: tuple[Inline, ...] = ()
    rows: list[tuple[Inline, ...]] = []
    index = start + 1
    while index < len(tokens) and tokens[index].type == ROW:
        token = tokens[index]
        row_line = token.map[0] + 1 if token.map else 1
        search_from = 0
        cells: list[Inline] = []
        for content in token.meta["cells"]:
            col, search_from = _cell_col(lines, row_line, content, search_from)
            cells.append(Inline(content, None, row_line, col, env=env))
        if token.meta.get("head"):
            header = tuple(cells)
        elif rows and _continues_previous_row(lines, row_line, cells):
            rows[-1] = _merge_continuation(rows[-1], cells)
        else:
            rows.append(tuple(cells))
        index += 1
    line = open_token.map[0] + 1 if open_token.map else 1
    end = open_token.map[1] if open_token.map else line
    return Block("table", line, end, table=Table(line, header, tuple(rows))), index + 1
