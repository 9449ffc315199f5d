"""The block pass's loop, with each line's rules chosen by its first character, and its line markers.

In: a ``MarkdownIt`` whose block rules are final. Out: the same parser, its block pass running
:func:`tokenize` on a state from :func:`new_state` (:func:`install`); and :func:`normalize`, the
core rule that stands in for markdown-it's ``normalize``. Only :mod:`docgen.read.mdit` installs
them, for the markdown-it-py versions :data:`docgen.read.mdit.PROVEN` names.

markdown-it-py's ``ParserBlock.tokenize`` (``markdown_it/parser_block.py``, MIT licence) tries
every block rule, in order, at the start of each block until one matches: on the corpus that was
789,000 rule calls (317,000 with this loop), most of them on lines that cannot open the block the
rule reads. Seven of the CommonMark rules give up at once unless the line's first non-blank
character is one of theirs (:data:`FIRST_CHARACTERS`: a fence needs a backtick or tilde, a
heading ``#``, and so on).
:func:`tokenize` is markdown-it's loop with those rules left out for lines that cannot start
them; the others (``code``, which reads indentation, docgen's ``table``, which reads the next
line, ``lheading`` and ``paragraph``) are tried for every line, in markdown-it's order. The tokens
are the same: ``tests/read/test_parse_block_dispatch.py`` compares them with markdown-it's on generated
documents and on every page of the corpus. :func:`new_state` gives the parse state markdown-it's
constructor gives, its per-line markers computed with string operations (:func:`line_markers`).
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import accumulate
from types import MethodType

from markdown_it import MarkdownIt
from markdown_it.rules_block.state_block import StateBlock
from markdown_it.rules_core.normalize import normalize as markdown_normalize
from markdown_it.rules_core.state_core import StateCore

FIRST_CHARACTERS = {
    "fence": "`~",
    "blockquote": ">",
    "hr": "*-_",
    "list": "*-+0123456789",
    "reference": "[",
    "html_block": "<",
    "heading": "#",
}
"""For each rule that needs it: the characters a line must begin with (after its indentation)
for the rule to read it. Each rule returns False before anything else for any other."""

Rule = Callable[[StateBlock, int, int, bool], bool]


def dispatch_table(md: MarkdownIt) -> tuple[dict[str, list[Rule]], list[Rule]]:
    """For each first character some rule needs, the rules to try on a line beginning with it;
    and the rules for any other line. Both keep the ruler's order."""
    ruler = md.block.ruler
    active = [rule for rule in ruler.__rules__ if rule.enabled]
    by_char: dict[str, list[Rule]] = {}
    for char in sorted({c for chars in FIRST_CHARACTERS.values() for c in chars}):
        by_char[char] = [
            r.fn
            for r in active
            if r.name not in FIRST_CHARACTERS or char in FIRST_CHARACTERS[r.name]
        ]
    other = [r.fn for r in active if r.name not in FIRST_CHARACTERS]
    return by_char, other


def normalize(state: StateCore) -> None:
    """markdown-it's ``normalize`` core rule, run only when there is something to normalise.

    The rule rewrites every line ending (each ``\n`` too) and NUL; docgen's pages come with
    ``\n`` line ends and no NUL (:func:`docgen.read.source.decode_source`), so on the corpus it only
    copied 13 MB of text through a regular expression (3% of the parse)."""
    if "\r" in state.src or "\0" in state.src:
        markdown_normalize(state)


def install(md: MarkdownIt) -> MarkdownIt:
    """Make ``md``'s block pass use :func:`new_state` and :func:`tokenize` (the nested passes of
    lists and blockquotes too). Call it once the block rules are final."""
    by_char, other = dispatch_table(md)
    block = md.block
    block.tokenize = MethodType(  # type: ignore[method-assign]
        lambda _, state, start, end: tokenize(by_char, other, state, start, end), block
    )

    def parse(_, src: str, md: MarkdownIt, env, out_tokens: list) -> list | None:
        if not src:
            return None
        state = new_state(src, md, env, out_tokens)
        block.tokenize(state, state.line, state.lineMax)
        return state.tokens

    block.parse = MethodType(parse, block)  # type: ignore[method-assign]
    return md


def line_markers(src: str) -> tuple[list[int], list[int], list[int], list[int]]:
    """The ``bMarks``, ``eMarks``, ``tShift`` and ``sCount`` markdown-it's ``StateBlock`` computes
    for ``src`` (each line's start, end, count of leading spaces and tabs, and indentation with
    tabs expanded to multiples of 4), fake last line included, with C-speed string operations
    instead of a loop over each line's leading characters (JSON examples are deeply indented).

    As markdown-it does, a last line without a newline that holds only spaces and tabs gets no
    marker.
    """
    lines = src.split("\n")
    if not lines[-1].lstrip(" \t"):
        lines.pop()  # what follows a final newline; or a final line of blanks (no marker)
    lengths = list(map(len, lines))
    shifts = [length - len(line.lstrip(" \t")) for line, length in zip(lines, lengths)]
    ends = list(accumulate(lengths, lambda end, length: end + 1 + length, initial=-1))[
        1:
    ]
    begins = [end - length for end, length in zip(ends, lengths)]
    counts = list(shifts)
    if "\t" in src:
        for index, (line, shift) in enumerate(zip(lines, shifts)):
            if "\t" in line[:shift]:
                offset = 0
                for character in line[:shift]:
                    offset += 4 - offset % 4 if character == "\t" else 1
                counts[index] = offset
    length = len(src)
    return begins + [length], ends + [length], shifts + [0], counts + [0]


def new_state(src: str, md: MarkdownIt, env, tokens: list) -> StateBlock:
    """A ``StateBlock`` for ``src``, as markdown-it makes it, its line markers from
    :func:`line_markers` (markdown-it's constructor runs on an empty text for the rest).
    """
    state = StateBlock("", md, env, tokens)
    state.src = src
    state.bMarks, state.eMarks, state.tShift, state.sCount = line_markers(src)
    state.bsCount = [0] * len(state.bMarks)
    state.lineMax = len(state.bMarks) - 1
    return state


def tokenize(
    by_char: dict[str, list[Rule]],
    other: list[Rule],
    state: StateBlock,
    startLine: int,
    endLine: int,
) -> None:
    """markdown-it's ``ParserBlock.tokenize``, trying only the rules that can read each line."""
    line = startLine
    maxNesting = state.md.options.maxNesting
    hasEmptyLines = False
    get = by_char.get

    while line < endLine:
        state.line = line = state.skipEmptyLines(line)
        if line >= endLine:
            break
        if state.sCount[line] < state.blkIndent:
            # Termination condition for nested calls (blockquotes and lists).
            break
        if state.level >= maxNesting:
            # Nesting too deep: skip the rest, as markdown-it does.
            state.line = endLine
            break

        ok = False
        for rule in get(state.src[state.bMarks[line] + state.tShift[line]], other):
            ok = rule(state, line, endLine, False)
            if ok:
                if state.line <= line:
                    raise RuntimeError("block rule didn't increment state.line")
                break

        if not ok:  # only when the paragraph rule is disabled
            raise RuntimeError("none of the block rules matched")

        # An empty line before this block makes the list it is in loose.
        state.tight = not hasEmptyLines

        line = state.line

        # A paragraph may take one empty line after it in nested lists.
        if (line - 1) < endLine and state.isEmpty(line - 1):
            hasEmptyLines = True

        if line < endLine and state.isEmpty(line):
            hasEmptyLines = True
            line += 1
            state.line = line
