"""The inline fast path (``docgen.read.mdit.inline``) against markdown-it itself.

Whenever the fast path answers, its links and plain text must be exactly what markdown-it's
inline parse gives; when it cannot be sure it must say so (None) and leave the run to markdown-it.
"""

from __future__ import annotations

from pathlib import Path

from conftest import corpus_sources
from hypothesis import given, settings
from hypothesis import strategies as st

from docgen.read.mdit import inline_parser as markdown_inline
from docgen.read.mdit.inline import marked_inline, simple_inline, simple_links
from docgen.read.mdit.tokens import plain as _plain
from docgen.read.page import Inline
from docgen.read.parse import parse_page


def reference(raw: str, env: dict | None = None):
    """(text, links) from markdown-it's inline parse, as :class:`Inline` reads it."""
    tokens = markdown_inline().parseInline(raw, env if env is not None else {})
    text, links, _ = _plain(tokens[0].children or ())
    return text, links


def test_simple_links_and_text_of_a_type_cell():
    raw = "[user](../resources/user.md) collection"
    links = simple_links(raw)
    assert links is not None and [(link.text, link.href) for link in links] == [
        ("user", "../resources/user.md")
    ]
    assert simple_inline(raw) == reference(raw) == ("user collection", links)


def test_runs_the_fast_path_must_refuse():
    for raw in [
        r"[a\]b](x.md)",  # escape
        "[`code`](x.md)",  # code span in the text
        "![alt](img.png)",  # image, not a link
        "[a](<x y.md>)",  # angle-bracket destination
        "[a](x.md 'title')",  # title
        "[a][ref]",  # reference link
        "[a] (x.md)",  # not a link at all
        "[a](x(1).md)",  # parentheses in the destination
        "[a&amp;b](x.md)",  # entity
        "[*a*](x.md)",  # emphasis inside the text
    ]:
        assert simple_links(raw) is None, raw


def test_plain_text_around_links_with_markup_is_left_to_markdown_it():
    raw = "**Required.** See [x](x.md)."
    assert simple_links(raw) is not None
    assert simple_inline(raw) is None
    inline = Inline(raw, None, 1, env={})
    assert (inline.text, inline.links) == reference(raw)


ALPHABET = st.sampled_from(
    list("ab x.-/:#?=()[]*_!`\\<>&|~\n") + ["](", "[a](b.md)", "  \n", "http://h/p"]
)


@settings(max_examples=600, deadline=None)
@given(st.lists(ALPHABET, max_size=14).map("".join))
def test_fast_path_agrees_with_markdown_it(raw):
    links = simple_links(raw)
    expected_text, expected_links = reference(raw)
    if links is not None:
        assert links == expected_links
    simple = simple_inline(raw)
    if simple is not None:
        assert simple == (expected_text, expected_links)
    inline = Inline(raw, None, 1, env={})
    assert inline.links == expected_links
    assert inline.text == expected_text


def full_reference(raw: str, env: dict | None = None):
    """(text, links, code spans) from markdown-it's inline parse."""
    tokens = markdown_inline().parseInline(raw, env if env is not None else {})
    return _plain(tokens[0].children or ())


def test_marked_runs_of_table_cells():
    for raw, expected in [
        ("`string` collection", ("string collection", (), ("string",))),
        ("**Required.** See [x](x.md).", ("Required. See x.", None, ())),
        ("` a ` and `b`", ("a and b", (), ("a", "b"))),
        ("**`id`** of [`x`]", None),  # a bracket that is not a link
        ("**[user](user.md)** `x_y`", ("user x_y", None, ("x_y",))),
    ]:
        found = marked_inline(raw)
        reference_ = full_reference(raw)
        if expected is None:
            assert found is None, raw
            continue
        assert found == reference_, raw
        assert found[0] == expected[0] and found[2] == expected[2], raw


def test_runs_marked_inline_must_refuse():
    for raw in [
        "a**b**c",  # both-flanking runs: CommonMark's rule of three decides
        "***a***",  # strong and emphasis
        "*a*",  # emphasis
        "``a ` b``",  # double backticks
        "`a",  # an unclosed backtick
        "[`x`](x.md)",  # a code span in a link's text
        "**a",  # an unclosed strong
        "a ** b",  # a run that neither opens nor closes
        "x_y",  # underscores outside code
        "a\\*b*",  # an escape
        "`a\nb`",  # a code span over two lines
    ]:
        assert marked_inline(raw) is None, raw


MARKED = st.sampled_from(
    list("ab x.-/:()[]*_!`\\<>\n")
    + ["**", "`c`", "` d `", "[a](b.md)", "[a](b*c.md)", "**x**", "é", "\u00a0", ","]
)


@settings(max_examples=1500, deadline=None)
@given(st.lists(MARKED, max_size=12).map("".join))
def test_marked_inline_agrees_with_markdown_it(raw):
    found = marked_inline(raw)
    if found is not None:
        assert found == full_reference(raw)
    inline = Inline(raw, None, 1, env={})
    assert (inline.text, inline.links, inline.codes) == full_reference(raw)


def test_every_run_of_the_corpus_reads_as_markdown_it_reads_it(corpus: Path):
    checked = fast = marked = 0
    for source in corpus_sources(corpus):
        page = parse_page(source.path, source.text)
        for block in page.blocks:
            runs = [block.inline] if block.inline is not None else []
            if block.table is not None:
                runs += [
                    *block.table.header,
                    *(cell for row in block.table.rows for cell in row),
                ]
            for run in runs:
                if run._env is None:
                    continue
                marked_ = marked_inline(run.raw)
                if marked_ is not None:
                    marked += 1
                    assert marked_ == full_reference(run.raw, run._env), (
                        source.path,
                        run.line,
                        run.raw,
                    )
                if "[" not in run.raw:
                    continue
                simple = simple_inline(run.raw)
                links = simple_links(run.raw)
                checked += 1
                if links is None:
                    continue
                fast += 1
                text, expected = reference(run.raw, run._env)
                assert links == expected, (source.path, run.line, run.raw)
                if simple is not None:
                    assert simple == (text, expected), (source.path, run.line, run.raw)
    assert checked > 10_000 and fast > checked * 0.8, (checked, fast)
    assert marked > 6_000, marked
