"""The one door to markdown-it-py: the rest of docgen gets its tokens and inline readings here.

In: a page's body text, or one run of inline markdown. Out: the page's block tokens
(:func:`parse`; each table row one :data:`ROW` token) and a run's (plain text, links, code spans)
(:func:`read_inline`, :func:`quick_links`).

For speed docgen replaces parts of markdown-it-py's internals: the block loop and the parse
state's line markers (:mod:`.block`), the table rule (:mod:`.table`), the ``normalize`` core
rule (:func:`.block.normalize`) and, for runs whose reading is certain, the inline pass
(:mod:`.inline`). Those were proven token for token against markdown-it-py's own rules (the
``tests/read/test_parse_*`` comparisons, on generated text and on every page of the corpus) for
the versions :data:`PROVEN` names, the range ``pyproject.toml`` pins. With any other installed
version (:func:`detected_version`) this package uses markdown-it-py's stock parser instead, with
its own table rule (folded into the same :data:`ROW` tokens by
:func:`~.tokens.fold_stock_tables`) and no fast inline path: slower, but read the same.
Either way hrefs are kept as written (no percent-encoding or link validation).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import markdown_it
from markdown_it import MarkdownIt
from markdown_it.token import Token

from docgen.read.mdit.tokens import ROW, fold_stock_tables, plain
from docgen.read.text import Link

__all__ = [
    "PROVEN",
    "ROW",
    "block_parser",
    "build_block_parser",
    "build_inline_parser",
    "detected_version",
    "in_range",
    "inline_parser",
    "own_rules",
    "parse",
    "quick_links",
    "read_inline",
    "reset",
]

PROVEN = ">=4.3,<4.4"
"""The markdown-it-py versions docgen's replacements were proven equal to markdown-it-py's own
rules on; ``pyproject.toml`` requires the same range (``tests/read/test_parse_fallback.py`` checks
both say it). Widen it only after the token comparisons pass on the new version."""

_OWN: bool | None = None
_PARSERS: dict[str, MarkdownIt] = {}
_fast_read: (
    Callable[[str], tuple[str, tuple[Link, ...], tuple[str, ...]] | None] | None
) = None
_simple_links: Callable[[str], tuple[Link, ...] | None] | None = None
_CLAUSE_RE = re.compile(r"\s*(>=|<=|==|!=|>|<)\s*([0-9][0-9.]*)\s*")


def detected_version() -> str:
    """The installed markdown-it-py's version (``markdown_it.__version__``)."""
    return markdown_it.__version__


def _release(version: str) -> tuple[int, ...]:
    """The numeric release of ``version`` (``"4.3.0rc1"`` -> ``(4, 3, 0)``), trailing zeros cut."""
    match = re.match(r"\d+(?:\.\d+)*", version.strip())
    numbers = [int(part) for part in match.group().split(".")] if match else [0]
    while len(numbers) > 1 and numbers[-1] == 0:
        numbers.pop()
    return tuple(numbers)


def in_range(version: str, spec: str) -> bool:
    """Whether ``version`` satisfies every comma-separated clause of ``spec`` (``>=4.3,<4.4``;
    the operators ``>= <= == != > <`` on numeric releases)."""
    have = _release(version)
    for clause in spec.split(","):
        match = _CLAUSE_RE.fullmatch(clause)
        if match is None:
            raise ValueError(f"cannot read version clause {clause!r} of {spec!r}")
        op, want = match.group(1), _release(match.group(2))
        ok = {
            ">=": have >= want,
            "<=": have <= want,
            "==": have == want,
            "!=": have != want,
            ">": have > want,
            "<": have < want,
        }[op]
        if not ok:
            return False
    return True


def own_rules() -> bool:
    """True when docgen's replacements run (the installed markdown-it-py is in :data:`PROVEN`);
    decided once per process (:func:`reset` forgets it)."""
    global _OWN, _fast_read, _simple_links
    if _OWN is None:
        _OWN = in_range(detected_version(), PROVEN)
        if _OWN:  # imported only then: they reach into markdown-it's internals
            from docgen.read.mdit import inline

            _fast_read, _simple_links = inline.read, inline.simple_links
    return _OWN


def reset() -> None:
    """Forget the decision of :func:`own_rules` and the parsers built on it (for tests)."""
    global _OWN, _fast_read, _simple_links
    _OWN = _fast_read = _simple_links = None
    _PARSERS.clear()


def _configure(md: MarkdownIt, own: bool) -> MarkdownIt:
    # Hrefs are kept as written: docgen resolves them itself, and percent-encoding every
    # destination (mdurl) costs about 7% of a page's parse.
    md.normalizeLink = lambda url: url  # type: ignore[method-assign]
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    if own:
        from docgen.read.mdit.block import normalize

        md.core.ruler.at("normalize", normalize)
    return md


def build_block_parser(own: bool) -> MarkdownIt:
    """A new block parser: CommonMark + tables, no inline pass, linkify off; with docgen's
    table rule and block loop when ``own``, markdown-it's stock ones otherwise."""
    md = _configure(MarkdownIt("commonmark").enable("table").disable("inline"), own)
    if own:
        from docgen.read.mdit import block, table

        md.block.ruler.at("table", table.table, {"alt": ["paragraph", "reference"]})
        block.install(md)
    return md


def build_inline_parser(own: bool) -> MarkdownIt:
    """A new parser for inline runs (the same rules, inline pass on)."""
    return _configure(MarkdownIt("commonmark").enable("table"), own)


def block_parser() -> MarkdownIt:
    """The process-wide block parser (:func:`build_block_parser` for :func:`own_rules`)."""
    md = _PARSERS.get("block")
    if md is None:
        md = _PARSERS["block"] = build_block_parser(own_rules())
    return md


def inline_parser() -> MarkdownIt:
    """The process-wide inline parser (:func:`build_inline_parser` for :func:`own_rules`)."""
    md = _PARSERS.get("inline")
    if md is None:
        md = _PARSERS["inline"] = build_inline_parser(own_rules())
    return md


def parse(text: str, env: dict) -> list[Token]:
    """The block tokens of ``text`` (inline runs left unparsed in each ``inline`` token's
    ``content``), each table row one :data:`ROW` token; link reference definitions go to
    ``env``."""
    tokens = block_parser().parse(text, env)
    return tokens if _OWN else fold_stock_tables(tokens)


def read_inline(
    raw: str, env: dict | None
) -> tuple[str, tuple[Link, ...], tuple[str, ...]]:
    """(plain text, links, code spans) of the inline run ``raw``, with the link reference
    definitions of ``env`` (the page's)."""
    if _OWN is None:
        own_rules()
    if _OWN:
        fast = _fast_read(raw)  # type: ignore[misc]
        if fast is not None:
            return fast
    tokens = inline_parser().parseInline(raw, env if env is not None else {})
    if tokens:
        return plain(tokens[0].children or ())
    return raw.strip(), (), ()


def quick_links(raw: str, env: dict | None) -> tuple[Link, ...] | None:
    """The links of ``raw`` when they can be told without reading the whole run (no ``](``, no
    ``<`` and no reference definitions: none; or only simple links); None when the run must be
    read (:func:`read_inline`)."""
    if _OWN is None:
        own_rules()
    if not _OWN:
        return None
    # No link can start without "](" (inline), "<" (autolink) or a reference definition on the
    # page.
    if "](" not in raw and "<" not in raw and not (env or {}).get("references"):
        return ()
    return _simple_links(raw)  # type: ignore[misc]
