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

from markdown_it import MarkdownIt
from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace
from markdown_it.rules_core.normalize import normalize as markdown_normalize
from markdown_it.rules_core.state_core import StateCore
from markdown_it.token import Token

from docgen.read import page_block, page_table
from docgen.read.page_table import ROW

_MD: MarkdownIt | None = None
_MD_INLINE: MarkdownIt | None = None

_INCLUDE_RE = re.compile(r"\[!INCLUDE\s*\[([^\]]*)\]\(([^)]*)\)\s*\]", re.IGNORECASE)
_TAB_RE = re.compile(r"^\s*\[[^\]]*\]\(#tab/[^)]*\)\s*$")
_DELIM_ROW_RE = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-*:?\s*)*\|?\s*$")
_CELL_SPLIT_RE = re.compile(r"(?<!\\)\|")
_BR_RE = re.compile(r"<br\s*/?>", re.IGNORECASE)
# Characters that start inline markup (emphasis, code, links, autolinks/HTML, entities, escapes,
# hard breaks): a run without any of them is its own plain text.
_INLINE_MARKUP_RE = re.compile(r"[*_`\[\]<>&!\\~]|  \n")
# An inline link whose text and destination hold nothing markdown-it would interpret, e.g.
# ``[user](../resources/user.md)``: most table cells are plain words and such links.
_SIMPLE_LINK_RE = re.compile(r"\[([^\[\]\\`<>&*_~!\n]*)\]\(([^\s()<>\\&]*)\)")
# What can change how brackets are read: escapes, code spans, HTML/autolinks, entities, images.
_LINK_BLOCKERS_RE = re.compile(r"[\\`<&]|!\[")


def squash(text: str) -> str:
    """``text`` with each run of whitespace made one space and the ends trimmed (what
    ``re.sub(r"\\s+", " ", text).strip()`` gives: ``\\s`` and ``str.split`` agree on every
    character; this is several times faster on the short runs of table cells)."""
    return " ".join(text.split())


def _normalize(state: StateCore) -> None:
    """markdown-it's ``normalize`` core rule, run only when there is something to normalise.

    The rule rewrites every line ending (each ``\n`` too) and NUL; docgen's pages come with
    ``\n`` line ends and no NUL (:func:`docgen.read.source.decode_source`), so on the corpus it only
    copied 13 MB of text through a regular expression (3% of the parse)."""
    if "\r" in state.src or "\0" in state.src:
        markdown_normalize(state)


def _configure(md: MarkdownIt) -> MarkdownIt:
    # Hrefs are kept as written: docgen resolves them itself, and percent-encoding every
    # destination (mdurl) costs about 7% of a page's parse.
    md.normalizeLink = lambda url: url  # type: ignore[method-assign]
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    md.core.ruler.at("normalize", _normalize)
    return md


def markdown() -> MarkdownIt:
    """The process-wide block parser: CommonMark + tables, no inline pass, linkify off.

    Inline markdown is parsed on demand by :class:`Inline` with :func:`markdown_inline`.
    """
    global _MD
    if _MD is None:
        _MD = _configure(MarkdownIt("commonmark").enable("table").disable("inline"))
        _MD.block.ruler.at("table", page_table.table, {"alt": ["paragraph", "reference"]})
        page_block.install(_MD)
    return _MD


def markdown_inline() -> MarkdownIt:
    """The process-wide parser used for inline runs (the same rules, inline pass on)."""
    global _MD_INLINE
    if _MD_INLINE is None:
        _MD_INLINE = _configure(MarkdownIt("commonmark").enable("table"))
    return _MD_INLINE


@dataclass(frozen=True)
class Link:
    """A link inside inline text."""

    text: str
    """The link text as plain text."""
    href: str
    """The destination as written (reference links already resolved by markdown-it)."""


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
        raw = self.raw
        if not _INLINE_MARKUP_RE.search(raw):  # nothing for the inline rules to do
            self._text, self._links, self._codes, self._env = squash(raw), (), (), None
            return
        simple = simple_inline(raw)
        if simple is not None:
            self._text, self._links = simple
            self._codes, self._env = (), None
            return
        marked = marked_inline(raw)
        if marked is not None:
            self._text, self._links, self._codes = marked
            self._env = None
            return
        tokens = markdown_inline().parseInline(raw, self._env if self._env is not None else {})
        if tokens:
            self._text, self._links, self._codes = _plain(tokens[0].children or ())
        else:
            self._text, self._links, self._codes = self.raw.strip(), (), ()
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
            raw = self.raw
            # No link can start without "](" (inline), "<" (autolink) or a reference definition
            # on the page: skip the parse.
            if "](" not in raw and "<" not in raw and not (self._env or {}).get("references"):
                return ()
            links = simple_links(raw)
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


def simple_links(raw: str) -> tuple[Link, ...] | None:
    """The links of ``raw`` when every bracket in it belongs to a simple inline link (see
    ``_SIMPLE_LINK_RE``) and nothing can change how brackets are read; None otherwise.

    Equal to what markdown-it finds in such runs (tests/test_parse_inline_fast.py compares them
    on generated text and on every run of the corpus) at a fraction of the cost.
    """
    if _LINK_BLOCKERS_RE.search(raw):
        return None
    found = _SIMPLE_LINK_RE.findall(raw)
    if raw.count("[") != len(found) or raw.count("]") != len(found):
        return None  # a bracket that is not part of a simple link
    return tuple(Link(squash(text), href) for text, href in found)


def simple_inline(raw: str) -> tuple[str, tuple[Link, ...]] | None:
    """(plain text, links) of ``raw`` when it is plain words and simple links only; else None."""
    links = simple_links(raw)
    if links is None or _INLINE_MARKUP_RE.search(_SIMPLE_LINK_RE.sub("", raw)):
        return None
    text = _SIMPLE_LINK_RE.sub(lambda match: match.group(1), raw)
    return squash(text), links


_MARKED_REFUSE_RE = re.compile(r"[\\<&~\ue000]|!\[|  \n")
# What marked_inline leaves to markdown-it anywhere in a run: escapes, HTML and autolinks,
# entities, images, hard breaks (and its own placeholder).
_BACKTICKS_RE = re.compile(r"`+")
_STARS_RE = re.compile(r"\*+")
_CODE = "\ue000"
"""Stands for a code span while the rest of a run is read (a private-use character)."""


def marked_inline(raw: str) -> tuple[str, tuple[Link, ...], tuple[str, ...]] | None:
    """(plain text, links, code spans) of a run whose only markup is single-backtick code spans,
    ``**strong**`` and simple links (see ``_SIMPLE_LINK_RE``); None when anything else could
    change how it reads: the run is then left to markdown-it.

    Type and description cells are mostly such runs (a code span with a type, a bold "Required."): on
    the corpus they were 6,700 of the 8,600 runs markdown-it's inline pass parsed.
    ``tests/test_parse_inline_fast.py`` compares this with markdown-it on generated text and on
    every run of the corpus. The rules followed are CommonMark's as markdown-it implements them:
    a backtick opens a code span closed by the next run of as many backticks (all runs are single
    here), whose content loses one space at each end when it has one at both; a ``**`` run opens
    strong emphasis when it is left-flanking only and closes it when right-flanking only.
    """
    if _MARKED_REFUSE_RE.search(raw):
        return None
    codes: list[str] = []
    masked = raw
    if "`" in raw:
        ticks = [(m.start(), m.end()) for m in _BACKTICKS_RE.finditer(raw)]
        if len(ticks) % 2 or any(end - start != 1 for start, end in ticks):
            return None
        parts: list[str] = []
        last = 0
        for (open_at, _), (close_at, _) in zip(ticks[::2], ticks[1::2]):
            content = raw[open_at + 1 : close_at]
            if "\n" in content:
                return None
            if content.startswith(" ") and content.endswith(" ") and content.strip(" "):
                content = content[1:-1]
            codes.append(content)
            parts.append(raw[last:open_at])
            parts.append(_CODE)
            last = close_at + 1
        parts.append(raw[last:])
        masked = "".join(parts)
    links = _SIMPLE_LINK_RE.findall(masked)
    if masked.count("[") != len(links) or masked.count("]") != len(links):
        return None
    if any(_CODE in text or _CODE in href for text, href in links):
        return None  # a code span inside a link: markdown-it decides
    rest = _SIMPLE_LINK_RE.sub("\x01", masked)  # each link, one character
    if "_" in rest or "\x01" in raw:
        return None
    # Delimiter runs are judged by the characters next to them in the run as written: a link
    # begins with "[" and ends with ")", a code span is a backtick at each end.
    if "*" in rest and not _strong_pairs(_SIMPLE_LINK_RE.sub("[)", masked).replace(_CODE, "`")):
        return None
    found = iter(links)
    spans = iter(codes)
    text = re.sub(
        "\x01|" + _CODE + "|\\*\\*",
        lambda m: next(found)[0] if m.group() == "\x01" else next(spans) if m.group() == _CODE else "",
        rest,
    )
    return (
        squash(text),
        tuple(Link(squash(text_), href) for text_, href in links),
        tuple(codes),
    )


def _strong_pairs(text: str) -> bool:
    """True when every ``*`` of ``text`` is in a ``**`` run and the runs alternate between
    openers (left-flanking only) and closers (right-flanking only), beginning with an opener."""
    opened = False
    for match in _STARS_RE.finditer(text):
        start, end = match.span()
        if end - start != 2:
            return False
        left, right = _flanking(text[start - 1] if start else " ", text[end] if end < len(text) else " ")
        if not opened and left and not right:
            opened = True
        elif opened and right and not left:
            opened = False
        else:
            return False
    return not opened


def _flanking(before: str, after: str) -> tuple[bool, bool]:
    """(left-flanking, right-flanking) of a delimiter run between ``before`` and ``after``
    (markdown-it's ``StateInline.scanDelims``)."""
    before_punct = isMdAsciiPunct(ord(before)) or isPunctChar(before)
    after_punct = isMdAsciiPunct(ord(after)) or isPunctChar(after)
    before_space = isWhiteSpace(ord(before))
    after_space = isWhiteSpace(ord(after))
    left = not (after_space or (after_punct and not (before_space or before_punct)))
    right = not (before_space or (before_punct and not (after_space or after_punct)))
    return left, right


def _plain(children) -> tuple[str, tuple[Link, ...], tuple[str, ...]]:
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
    """Read ``table_open``, its :data:`~docgen.read.page_table.ROW` tokens and ``table_close``;
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
    tokens = markdown().parse(body, env)
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
