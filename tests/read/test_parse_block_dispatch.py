"""docgen's block loop (``docgen.read.mdit.block``) against markdown-it-py's own: each rule it skips
refuses the lines it is skipped for, and whole documents give the same tokens, generated and from
the corpus."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from conftest import corpus_sources
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.rules_block.state_block import StateBlock

from docgen.read.front_matter import split_front_matter
from docgen.read.mdit import build_block_parser, table
from docgen.read.mdit.block import FIRST_CHARACTERS, line_markers, new_state

OWN = build_block_parser(own=True)
"""docgen's block parser with its own rules, whichever markdown-it-py is installed (these tests
are what proves them equal to markdown-it's on a new version)."""


def markdown() -> MarkdownIt:
    return OWN


def undispatched() -> MarkdownIt:
    """docgen's block parser as it was before :func:`docgen.read.mdit.block.install`."""
    md = MarkdownIt("commonmark").enable("table").disable("inline")
    md.normalizeLink = lambda url: url
    md.validateLink = lambda url: True
    md.block.ruler.at("table", table.table, {"alt": ["paragraph", "reference"]})
    return md


def tokens(md: MarkdownIt, text: str) -> list[tuple]:
    return [
        (
            t.type,
            t.tag,
            t.nesting,
            t.map,
            t.level,
            t.content,
            t.markup,
            t.info,
            t.meta,
            t.block,
            t.hidden,
        )
        for t in md.parse(text, {})
    ]


def same(text: str) -> None:
    assert tokens(markdown(), text) == tokens(undispatched(), text)


def _rules() -> dict[str, object]:
    return {rule.name: rule.fn for rule in undispatched().block.ruler.__rules__}


def _opening(name: str, char: str) -> str:
    """A line beginning with ``char`` that rule ``name`` reads when ``char`` is one of its."""
    if name == "fence":
        return char * 3 + "\n" + char * 3
    if name == "hr":
        return " ".join(char * 3)
    if name == "list" and char.isdigit():
        return char + ". x"
    return char + {"reference": "a]: /u", "html_block": "div>"}.get(name, " x")


@pytest.mark.parametrize("name", sorted(FIRST_CHARACTERS))
def test_each_skipped_rule_refuses_every_other_first_character(name):
    """Every line some skipped rule reads, and a few more, with its first character replaced by
    one outside ``name``'s: the rule reads none of them (were a character missing from its set,
    the line that rule reads with it would be accepted here)."""
    rule = _rules()[name]
    md = undispatched()
    rests = ["", "x", " x", ". x", ") x", "\n===", "\n---"]
    others = [
        c
        for c in string.printable + "\u00a0é→|"
        if c not in FIRST_CHARACTERS[name] and not c.isspace()
    ]
    for indent in ("", "  ", "   "):
        for char in others:
            lines = sorted(
                {_opening(n, char) for n in FIRST_CHARACTERS}
                | {char + rest for rest in rests}
            )
            for line in lines:
                text = f"{indent}{line}\n"
                for silent in (False, True):
                    state = StateBlock(text, md, {}, [])
                    assert not rule(state, 0, state.lineMax, silent), (name, text)
                    assert state.tokens == [] and state.line == 0


@pytest.mark.parametrize("name", sorted(FIRST_CHARACTERS))
def test_each_skipped_rule_reads_a_line_beginning_with_each_of_its_characters(name):
    rule = _rules()[name]
    for char in FIRST_CHARACTERS[name]:
        text = _opening(name, char) + "\n"
        state = StateBlock(text, undispatched(), {}, [])
        assert rule(state, 0, state.lineMax, False), (name, text)


def test_the_rules_that_read_any_line_are_always_tried():
    md = markdown()
    names = [rule.name for rule in md.block.ruler.__rules__ if rule.enabled]
    assert {"code", "table", "lheading", "paragraph"} <= set(names) - set(
        FIRST_CHARACTERS
    )
    assert set(FIRST_CHARACTERS) <= set(
        names
    )  # a renamed rule would silently be tried always


LINES = st.sampled_from(
    [
        "",
        "text",
        "more text",
        "# heading",
        "## h2 ##",
        "#nospace",
        "Setext",
        "===",
        "---",
        "***",
        "- item",
        "* item",
        "+ item",
        "1. one",
        "2) two",
        "10. ten",
        "  - nested",
        "    code",
        "\tcode",
        "> quote",
        ">> deep",
        "> - quoted item",
        "```",
        "```json",
        "~~~",
        "    ```",
        "<div>",
        "</div>",
        "<!-- c -->",
        "<br/>",
        "[ref]: /url",
        "[ref]: /url 'title'",
        "[x]",
        "| a | b |",
        "|---|---|",
        "a | b",
        "--- | ---",
        "_ _ _",
        "-",
        "1.",
        ">",
        "  > lazy",
        "   # three",
        " \t- tabbed",
        "\\# escaped",
        "`code`",
        "**bold**",
        "[link](x.md)",
        "  text",
        "   ***",
        "- [ ] task",
    ]
)


@settings(max_examples=1500, deadline=None)
@given(st.lists(LINES, max_size=14).map("\n".join))
def test_generated_documents_tokenise_alike(text):
    same(text)


@settings(max_examples=400, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("ab- *\t>#`~[]:|0123456789.<=\n_+)")), max_size=80
    )
)
def test_any_text_tokenises_alike(text):
    same(text)


@settings(max_examples=800, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab \t\n-")), max_size=40))
def test_line_markers_are_markdown_its(text):
    md = undispatched()
    stock = StateBlock(text, md, {}, [])
    ours = new_state(text, md, {}, [])
    assert line_markers(text) == (
        stock.bMarks,
        stock.eMarks,
        stock.tShift,
        stock.sCount,
    )
    assert (ours.bsCount, ours.lineMax, ours.src) == (
        stock.bsCount,
        stock.lineMax,
        stock.src,
    )


def test_every_corpus_page_tokenises_alike(corpus: Path):
    pages = 0
    for source in corpus_sources(corpus):
        same(split_front_matter(source.text)[2])
        pages += 1
    assert pages > 3000


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab -#>|\n\r\0")), max_size=40))
def test_line_ends_and_nul_are_normalised_as_markdown_it_does(text):
    """docgen runs markdown-it's normalize rule only on text with a CR or NUL in it."""
    same(text)
