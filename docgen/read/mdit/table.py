"""The pipe-table rule of docgen's block parser: GFM tables, one token per row.

In: markdown-it's block state at a line. Out: a table's tokens, each row one
:data:`~docgen.read.mdit.tokens.ROW`. Registered by :mod:`docgen.read.mdit` in place of
markdown-it's ``table`` for the versions :data:`docgen.read.mdit.PROVEN` names (other versions
keep markdown-it's rule, its tokens folded by :func:`~docgen.read.mdit.tokens.fold_stock_tables`).

markdown-it-py's own rule (``markdown_it/rules_block/table.py``, MIT licence) pushes three
tokens per cell and splits rows one character at a time; on the Graph docs, whose pages are
mostly tables, it was half of the block pass. This rule accepts and ends tables exactly as that
one does (same header/delimiter checks, same terminators, same cell text) and pushes a
``table_open``, one ``ROW`` token per row with the trimmed cell texts in ``meta["cells"]``,
and a ``table_close``. Only :mod:`docgen.read` reads these tokens; markdown-it never renders
them. ``tests/read/test_parse_table_rule.py`` compares both rules' tables on generated input and on
every page of the corpus.
"""

from __future__ import annotations

import re

from markdown_it.common.utils import mdTrim
from markdown_it.rules_block.state_block import StateBlock

from docgen.read.mdit.tokens import ROW

MAX_AUTOCOMPLETED_CELLS = 0x10000
"""markdown-it's limit on cells filled in for short rows (a guard against quadratic input)."""

_DELIMITER_CELL_RE = re.compile(r"^:?-+:?$")
_DELIMITER_LINE_RE = re.compile(r"[-:|][-:| \t]*")
_UNESCAPED_PIPE_RE = re.compile(r"(?<!\\)\|")


def split_row(text: str) -> list[str]:
    """Cells of a row as markdown-it's ``escapedSplit`` cuts them: at pipes not preceded by a
    backslash; an escaped pipe loses its backslash."""
    return [cell.replace("\\|", "|") for cell in _UNESCAPED_PIPE_RE.split(text)]


def _line(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]


def _delimiter_aligns(state: StateBlock, line: int) -> int | None:
    """The column count of a delimiter row (``|---|:--:|``), or None when ``line`` is not one."""
    text = _line(state, line)
    if len(text) < 2 or not _DELIMITER_LINE_RE.fullmatch(text):
        return None
    if text[0] == "-" and text[1] in " \t":  # a list item, not a delimiter row
        return None
    columns = text.split("|")
    count = 0
    for i, column in enumerate(columns):
        cell = mdTrim(column)
        if not cell:
            if i == 0 or i == len(columns) - 1:
                continue  # outer pipes
            return None
        if not _DELIMITER_CELL_RE.match(cell):
            return None
        count += 1
    return count


def _cells(text: str) -> list[str]:
    columns = split_row(text)
    if columns and columns[0] == "":
        columns.pop(0)
    if columns and columns[-1] == "":
        columns.pop()
    return columns


def table(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """The block rule (registered in place of markdown-it's ``table``)."""
    if start_line + 2 > end_line:
        return False
    delimiter = start_line + 1
    if state.sCount[delimiter] < state.blkIndent or state.is_code_block(delimiter):
        return False
    first = state.bMarks[delimiter] + state.tShift[delimiter]
    if first >= state.eMarks[delimiter] or state.src[first] not in "|-:":
        return False  # the usual case, settled by one character as markdown-it does
    aligns = _delimiter_aligns(state, delimiter)
    if aligns is None:
        return False
    header = mdTrim(_line(state, start_line))
    if "|" not in header or state.is_code_block(start_line):
        return False
    columns = _cells(header)
    count = len(columns)
    if count == 0 or count != aligns:
        return False
    if silent:
        return True

    old_parent = state.parentType
    state.parentType = "table"
    terminators = state.md.block.ruler.getRules("blockquote")
    token = state.push("table_open", "table", 1)
    token.map = table_lines = [start_line, 0]
    token = state.push(ROW, "tr", 0)
    token.map = [start_line, start_line + 1]
    token.meta = {"cells": [mdTrim(c) for c in columns], "head": True}

    autocompleted = 0
    line = start_line + 2
    while line < end_line:
        if state.sCount[line] < state.blkIndent:
            break
        start = state.bMarks[line] + state.tShift[line]
        if start >= state.eMarks[line]:
            break  # a blank line (no terminator fires on one)
        # fence, blockquote, hr, list, html_block and heading each need their own first
        # character: none of them can open on a line that starts with a pipe.
        if state.src[start] != "|" and any(
            rule(state, line, end_line, True) for rule in terminators
        ):
            break
        text = mdTrim(_line(state, line))
        if not text or state.is_code_block(line):
            break
        columns = _cells(text)
        autocompleted += count - len(columns)
        if autocompleted > MAX_AUTOCOMPLETED_CELLS:
            break
        token = state.push(ROW, "tr", 0)
        token.map = [line, line + 1]
        token.meta = {
            "cells": [
                mdTrim(columns[i]) if i < len(columns) and columns[i] else ""
                for i in range(count)
            ]
        }
        line += 1

    state.push("table_close", "table", -1)
    table_lines[1] = line
    state.parentType = old_parent
    state.line = line
    return True
