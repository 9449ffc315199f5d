"""The page as the reader hands it out: located blocks, sections, tables and inline runs.

In: what :func:`docgen.read.parse.parse_page` found on a page. Out: :class:`Page` (its front
matter, its :class:`Block` list in document order, its :class:`Section` list), :class:`Table`
and :class:`Inline`, a run of inline markdown read (through :mod:`docgen.read.mdit`) the first
time its text, links or code spans are asked for.
"""

from __future__ import annotations

from dataclasses import field
from typing import Any

from docgen.model.dataclass_ahead import dataclass
from docgen.read.text import Link

_mdit: Any = None
"""docgen.read.mdit (and markdown-it-py), imported when an inline run is first parsed: a run
that only decodes stored pages (a no-op generate reading its diagnostics) never needs them."""


def _load_mdit() -> Any:
    global _mdit
    from docgen.read import mdit

    _mdit = mdit
    return mdit


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
        self._text, self._links, self._codes = (_mdit or _load_mdit()).read_inline(self.raw, self._env)
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
            links = (_mdit or _load_mdit()).quick_links(self.raw, self._env)
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


def parse_inline(raw: str, line: int, col: int = 1, env: dict | None = None) -> Inline:
    """A piece of inline markdown outside a token stream (recovered tables, paragraphs rebuilt around includes), parsed when read."""
    return Inline(raw, None, line, col, env=env if env is not None else {})


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
        if (
            found is None
        ):  # extraction asks a page for its sections a few times: find them once
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
            out.append(
                Section(title, head.level, head.line, self.blocks[index + 1 : end])
            )
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
