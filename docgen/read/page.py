"""markdown-it tokens -> a flat list of located blocks: the page structure extraction reads.

Each page is tokenised exactly once, with one ``MarkdownIt("commonmark").enable("table")``
instance per process. Front matter is cut out by hand (its lines are blanked, so every token keeps
its real line number). Language tabs (``# [HTTP](#tab/http)``) become ``tab`` blocks, not headings,
so they never end a section; ``[!INCLUDE …]`` lines become ``include`` blocks, not text. Tables that
markdown-it cannot see (header and delimiter rows with different cell counts) are recovered from
the paragraph's lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from markdown_it.token import Token

from docgen.read import mdit
from docgen.read.mdit import ROW
from docgen.read.text import Link

_INCLUDE_RE = re.compile(r"\[!INCLUDE\s*\[([^\]]*)\]\(([^)]*)\)\s*\]", re.IGNORECASE)
_TAB_RE = re.compile(r"^\s*\[[^\]]*\]\(#tab/[^)]*\)\s*$")
_DELIM_ROW_RE = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-*:?\s*)*\|?\s*$")
_CELL_SPLIT_RE = re.compile(r"(?<!\\)\|")


class Inline:
    """A run of inline markdown: a paragraph, heading or table cell.

    The block pass leaves inline markdown untokenised (about half of markdown-it's time goes
    to inline parsing, and most runs — method tables, prose — are never read). ``text``,
    ``links`` and ``codes`` are computed from ``raw`` the first time one of them is asked for,
    with the page's link reference definitions, and then kept.
    """

    __slots__ = ("raw", "line", "col", "_text", "_links", "_codes", "_env")

    raw: str
    """The markdown source of the run."""
    line: int
    """1-based line of the run's first character."""
    col: int
    """1-based column of the run's first character (best effort for table cells)."""

    def __init__(
        self,
        raw: str,
        text: str | None,
        line: int,
        col: int = 1,
        links: tuple[Link, ...] = (),
        codes: tuple[str, ...] = (),
        env: dict | None = None,
    ) -> None:
        """``text`` None means "parse ``raw`` when first read" (with ``env``'s references)."""
        self.raw = raw
        self.line = line
        self.col = col
        self._text = text
        self._links = links
        self._codes = codes
        self._env = env

    def _parse(self) -> None:
        self._text, self._links, self._codes = mdit.read_inline(self.raw, self._env)
        self._env = None

    @property
    def text(self) -> str:
        """Plain text: markup removed, links reduced to their text, whitespace collapsed."""
        if self._text is None:
            self._parse()
        return self._text  # type: ignore[return-value]

    @property
    def links(self) -> tuple[Link, ...]:
        """Links in order."""
        if self._text is None:
            links = mdit.quick_links(self.raw, self._env)
            if links is not None:
                return links
            self._parse()
        return self._links

    @property
    def codes(self) -> tuple[str, ...]:
        """Contents of inline code spans in order."""
        if self._text is None:
            self._parse()
        return self._codes

    def _key(self) -> tuple:
        return (self.raw, self.text, self.line, self.col, self.links, self.codes)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Inline) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"Inline(raw={self.raw!r}, line={self.line}, col={self.col})"


@dataclass(frozen=True)
class Table:
    """A pipe table."""

    line: int
    """1-based line of the header row."""
    header: tuple[Inline, ...]
    """The header cells."""
    rows: tuple[tuple[Inline, ...], ...]
    """Body rows (cells as markdown-it split them)."""


@dataclass(frozen=True)
class Block:
    """One block of the page in document order."""

    kind: str
    """``heading``, ``paragraph``, ``table``, ``fence``, ``html``, ``include``, ``tab``, ``hr``, ``code``."""
    line: int
    """1-based first line."""
    end_line: int
    """1-based last line."""
    level: int = 0
    """Heading level (1-6) for headings."""
    inline: Inline | None = None
    """Heading/paragraph text."""
    table: Table | None = None
    """The table for ``table`` blocks."""
    info: str = ""
    """Fence info string, stripped and lower-cased (``http``, ``json`` …)."""
    content: str = ""
    """Fence/code/html content; the include target for ``include`` blocks."""


@dataclass(frozen=True)
class Section:
    """A heading and the blocks up to the next heading of the same or a higher level."""

    title: str
    """The heading's plain text."""
    level: int
    """Heading level."""
    line: int
    """The heading's line."""
    blocks: tuple[Block, ...]
    """Blocks after the heading (sub-headings included)."""


@dataclass(frozen=True)
class Page:
    """A tokenised page."""

    path: str
    """The display path."""
    lines: tuple[str, ...]
    """The page's lines (for column lookups)."""
    front_matter: dict[str, str] = field(default_factory=dict)
    """Front matter key/values, quotes removed."""
    front_matter_lines: dict[str, int] = field(default_factory=dict)
    """The 1-based line of each front matter key."""
    blocks: tuple[Block, ...] = ()
    """Blocks in document order (nested blocks of lists/quotes flattened in)."""
    problems: tuple[tuple[str, str, int], ...] = ()
    """(code, message, line) of structural problems found while splitting the page."""

    def sections(self) -> list[Section]:
        """Every heading of level >= 2 with its blocks (tabs are not headings)."""
        found = self.__dict__.get("_sections")
        if found is None:  # extraction asks a page for its sections a few times: find them once
            found = self._find_sections()
            object.__setattr__(self, "_sections", found)
        return list(found)

    def _find_sections(self) -> tuple[Section, ...]:
        out = []
        heads = [(i, b) for i, b in enumerate(self.blocks) if b.kind == "heading"]
        for n, (index, head) in enumerate(heads):
            end = len(self.blocks)
            for later_index, later in heads[n + 1 :]:
                if later.level <= head.level:
                    end = later_index
                    break
            title = head.inline.text if head.inline else ""
            out.append(Section(title, head.level, head.line, self.blocks[index + 1 : end]))
        return tuple(out)

    def title_block(self) -> Block | None:
        """The first H1 (else the first heading)."""
        first = None
        for block in self.blocks:
            if block.kind == "heading":
                if block.level == 1:
                    return block
                first = first or block
        return first


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        value = value[1:-1]
    return value.strip()


def split_front_matter(text: str) -> tuple[dict[str, str], dict[str, int], str, list[tuple[str, str, int]]]:
    """Cut YAML front matter out of ``text``; its lines are blanked so line numbers stay right."""
    problems: list[tuple[str, str, int]] = []
    lines = text.split("\n")
    if lines[0].rstrip() != "---":  # "--- " with trailing blanks opens front matter too
        return {}, {}, text, problems
    end = None
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            end = i
            break
    if end is None:
        problems.append(("front-matter", "front matter is not closed by a '---' line", 1))
        return {}, {}, text, problems
    values: dict[str, str] = {}
    where: dict[str, int] = {}
    for i in range(1, end):
        line = lines[i]
        if not line.strip() or line.lstrip().startswith("#") or line[:1] in " \t-":
            continue
        key, sep, value = line.partition(":")
        if not sep:
            problems.append(("front-matter", f"front matter line is not 'key: value': {line.strip()[:60]}", i + 1))
            continue
        key = key.strip()
        if key and key not in values:
            values[key] = _unquote(value)
            where[key] = i + 1
    blanked = "\n" * (end + 1) + "\n".join(lines[end + 1 :])
    return values, where, blanked, problems


def _inline_from_token(token: Token, line: int, col: int, env: dict) -> Inline:
    return Inline(token.content, None, line, col, env=env)


def parse_inline(raw: str, line: int, col: int = 1, env: dict | None = None) -> Inline:
    """A piece of inline markdown outside a token stream (recovered tables), parsed when read."""
    return Inline(raw, None, line, col, env=env if env is not None else {})


def _cell_col(lines: tuple[str, ...], line: int, raw: str, start: int) -> tuple[int, int]:
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


def _recover_table(inline: Token, first_line: int, env: dict) -> tuple[list[str], Table] | None:
    """A pipe table markdown-it did not accept (mismatched column counts) inside a paragraph."""
    raw_lines = inline.content.split("\n")
    for i in range(1, len(raw_lines)):
        if _DELIM_ROW_RE.match(raw_lines[i]) and "|" in raw_lines[i - 1] and "-" in raw_lines[i]:
            break
    else:
        return None
    head_line = first_line + i - 1
    header = tuple(parse_inline(c, head_line, 1, env) for c in _split_row(raw_lines[i - 1]))
    rows = []
    for n, row in enumerate(raw_lines[i + 1 :]):
        if "|" not in row:
            break
        rows.append(tuple(parse_inline(c, head_line + 2 + n, 1, env) for c in _split_row(row)))
    return raw_lines[: i - 1], Table(head_line, header, tuple(rows))


def _paragraph_blocks(token: Token, line: int, end: int, lines: tuple[str, ...], env: dict) -> Iterator[Block]:
    content = token.content
    if "[!INCLUDE" in content.upper():
        kept = []
        for n, raw_line in enumerate(content.split("\n")):
            match = _INCLUDE_RE.search(raw_line)
            if match:
                yield Block("include", line + n, line + n, content=match.group(2).strip(), info=match.group(1))
                raw_line = _INCLUDE_RE.sub("", raw_line)
            kept.append(raw_line)
        if not "".join(kept).strip():
            return
        if len(kept) != content.count("\n") + 1 or "".join(kept) != content.replace("\n", ""):
            yield Block("paragraph", line, end, inline=parse_inline("\n".join(kept), line, 1, env))
            return
    if "|" in content and "\n" in content:
        recovered = _recover_table(token, line, env)
        if recovered is not None:
            before, table = recovered
            if "".join(before).strip():
                yield Block("paragraph", line, table.line - 1, inline=parse_inline("\n".join(before), line, 1, env))
            yield Block("table", table.line, end, table=table)
            return
    yield Block("paragraph", line, end, inline=_inline_from_token(token, line, 1, env))


def _continues_previous_row(lines: tuple[str, ...], row_line: int, cells: list[Inline]) -> bool:
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


def _merge_continuation(row: tuple[Inline, ...], cells: list[Inline]) -> tuple[Inline, ...]:
    """Append the continuation line's text to the row's last non-empty cell."""
    index = max((i for i, cell in enumerate(row) if cell.text.strip()), default=len(row) - 1)
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


def _table_block(tokens: list[Token], start: int, lines: tuple[str, ...], env: dict) -> tuple[Block, int]:
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
        if kind == "heading_open" and token.markup == "-" and "[!INCLUDE" in tokens[index + 1].content.upper():
            # "[!INCLUDE …]" lines right above a tab-closing "---" read as a setext heading
            blocks.extend(_paragraph_blocks(tokens[index + 1], line, end - 1, lines, env))
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
            block, index = _table_block(tokens, index, lines, env)
            blocks.append(block)
            continue
        if kind == "fence":
            blocks.append(Block("fence", line, end, info=token.info.strip().lower(), content=token.content))
        elif kind == "code_block":
            blocks.append(Block("code", line, end, content=token.content))
        elif kind == "html_block":
            blocks.append(Block("html", line, end, content=token.content))
        elif kind == "hr":
            blocks.append(Block("hr", line, end))
        index += 1
    return Page(path, lines, front, front_lines, tuple(blocks), tuple(problems))
