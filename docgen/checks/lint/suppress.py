"""Suppressions inside a page: ``<!-- docgen-ignore CODE[, CODE…] -->`` for one block or one line.

In: a page's path and lines. Out: :class:`Suppression` spans (first and last line, codes) that
:func:`docgen.checks.lint.core.lint` drops findings inside, each with the comment's place so that
a code that does not exist can be reported (``lint-ignore-unknown``).

- A comment alone on its line silences its codes in the next block: the fenced example (an
  annotation ``<!-- { … } -->`` before the fence belongs to it), the whole table, or the
  paragraph that follows (blank lines in between are skipped).
- A comment sharing its line with other text silences that line only: one table row, written
  after the row's last ``|`` (a cell past the header's count, which Markdown drops). A comment on a
  line of its own inside a table would end the table, so a single row is silenced this way.

Comments inside fenced code are text, not suppressions.
"""

from __future__ import annotations

import re

from docgen.diagnostics import Location
from docgen.model.dataclass_ahead import dataclass

MARKER = "docgen-ignore"
"""The word that opens a block suppression comment."""

_COMMENT = re.compile(r"<!--\s*docgen-ignore(?![\w-])\s*:?(.*?)-->")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_SPLIT = re.compile(r"[\s,]+")


@dataclass(frozen=True)
class Suppression:
    """One ``docgen-ignore`` comment and the lines it silences."""

    codes: tuple[str, ...]
    """The codes it names, as written (unknown ones included)."""
    where: Location
    """The comment's place (for ``lint-ignore-unknown``)."""
    first: int
    """First silenced line (1-based)."""
    last: int
    """Last silenced line (1-based, inclusive)."""

    def covers(self, code: str, line: int) -> bool:
        """Whether a finding with ``code`` on ``line`` of this page is silenced."""
        return self.first <= line <= self.last and code in self.codes


def _fence_end(lines: list[str], start: int) -> int:
    """Index of the line closing the fence opened at ``start`` (the last line when unclosed)."""
    opener = _FENCE.match(lines[start])
    assert opener is not None
    mark = opener.group(1)
    for index in range(start + 1, len(lines)):
        text = lines[index].strip()
        if text.startswith(mark[0] * len(mark)) and not text.strip(mark[0]):
            return index
    return len(lines) - 1


def _next_text(lines: list[str], start: int) -> int | None:
    """Index of the first non-blank line at or after ``start``, None at the end."""
    for index in range(start, len(lines)):
        if lines[index].strip():
            return index
    return None


def _block_end(lines: list[str], start: int) -> int:
    """Index of the last line of the block starting at ``start`` (a non-blank line)."""
    text = lines[start].strip()
    if _FENCE.match(lines[start]):
        return _fence_end(lines, start)
    if text.startswith(
        "<!--"
    ):  # an annotation, or another docgen-ignore: it leads to the block
        end = start
        while end < len(lines) - 1 and "-->" not in lines[end]:
            end += 1
        after = _next_text(lines, end + 1)
        if after is None:
            return end
        if (
            _FENCE.match(lines[after])
            or MARKER in lines[after]
            or lines[after].lstrip().startswith("<!--")
        ):
            return _block_end(lines, after)
        return end
    table = "|" in text
    end = start
    while (
        end + 1 < len(lines)
        and lines[end + 1].strip()
        and (not table or "|" in lines[end + 1])
    ):
        end += 1
    return end


def block_suppressions(path: str, lines: list[str]) -> list[Suppression]:
    """Every ``docgen-ignore`` comment of a page (outside fenced code) with the lines it silences."""
    if not any(MARKER in line for line in lines):
        return []
    found: list[Suppression] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if _FENCE.match(line):
            index = _fence_end(lines, index) + 1
            continue
        for match in _COMMENT.finditer(line):
            codes = tuple(c for c in _SPLIT.split(match.group(1).strip()) if c)
            where = Location(path, index + 1, match.start() + 1)
            rest = (line[: match.start()] + line[match.end() :]).strip()
            if rest:  # on a line with other text: that line only
                first = last = index
            else:
                after = _next_text(lines, index + 1)
                if after is None:
                    first = last = index
                else:
                    first, last = after, _block_end(lines, after)
            found.append(Suppression(codes, where, first + 1, last + 1))
        index += 1
    return found
