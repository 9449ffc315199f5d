"""docgen's table rule (``docgen.read.mdit.table``) against markdown-it-py's own: the same tables,
rows, cells and lines, and the same tokens around them, on generated input and on the corpus.
"""

from __future__ import annotations

from pathlib import Path

from conftest import corpus_sources
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from docgen.read.front_matter import split_front_matter
from docgen.read.mdit import ROW, build_block_parser
from docgen.read.mdit.table import split_row
from docgen.read.mdit.tokens import fold_stock_tables
from docgen.read.parse import parse_page

OWN = build_block_parser(own=True)
"""docgen's block parser with its own rules, whichever markdown-it-py is installed."""


def markdown() -> MarkdownIt:
    return OWN


def stock() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table").disable("inline")


def normalise_stock(tokens) -> list[tuple]:
    """markdown-it's table tokens folded into one entry per row, other tokens as they are."""
    out: list[tuple] = []
    in_head = False
    row: list[str] | None = None
    row_map = None
    for token in tokens:
        kind = token.type
        if kind in ("thead_open", "thead_close"):
            in_head = kind == "thead_open"
        elif kind == "tr_open":
            row, row_map = [], token.map
        elif kind == "tr_close":
            out.append(("row", row_map, row, in_head))
            row = None
        elif kind == "inline" and row is not None:
            row.append(token.content)
        elif kind in (
            "tbody_open",
            "tbody_close",
            "th_open",
            "th_close",
            "td_open",
            "td_close",
        ):
            continue
        else:
            out.append((kind, token.map, token.content, token.info, token.markup))
    return out


def normalise_ours(tokens) -> list[tuple]:
    out: list[tuple] = []
    for token in tokens:
        if token.type == ROW:
            out.append(
                ("row", token.map, token.meta["cells"], bool(token.meta.get("head")))
            )
        else:
            out.append((token.type, token.map, token.content, token.info, token.markup))
    return out


def same_tokens(text: str) -> None:
    ours = normalise_ours(markdown().parse(text, {}))
    stock_tokens = stock().parse(text, {})
    assert ours == normalise_stock(stock_tokens)
    # the fallback (stock parser) hands out the same rows, folded
    assert normalise_ours(fold_stock_tables(stock_tokens)) == ours


def test_rule_keeps_markdown_its_terminator_names():
    ours = {rule.name: rule.alt for rule in markdown().block.ruler.__rules__}
    theirs = {rule.name: rule.alt for rule in stock().block.ruler.__rules__}
    assert ours == theirs


def test_split_row_matches_escaped_split():
    from markdown_it.rules_block.table import escapedSplit

    for text in ["a|b", r"a\|b|c", r"a\\|b", "|x|", "", r"\|", "a||b", r"x\\\|y"]:
        assert split_row(text) == escapedSplit(text), text


def test_a_property_table_reads_into_rows_and_cells():
    text = "| Property | Type |\n|:--|--|\n| id | String |\n| a \\| b | [x](x.md) |\n\nafter\n"
    same_tokens(text)
    page = parse_page("p.md", text)
    table = page.blocks[0].table
    assert [c.raw for c in table.header] == ["Property", "Type"]
    assert [[c.raw for c in row] for row in table.rows] == [
        ["id", "String"],
        ["a | b", "[x](x.md)"],
    ]
    assert [row[0].line for row in table.rows] == [3, 4]
    assert page.blocks[1].kind == "paragraph"


LINES = st.sampled_from(
    [
        "| a | b |",
        "|---|---|",
        "a | b",
        "--- | ---",
        ":-:|--:",
        "|:--|",
        "| x \\| y | z |",
        "|a|b|c|",
        "| only |",
        "- item",
        "-|-",
        "- | -",
        "> quote | q",
        "```",
        "~~~",
        "# head |",
        "<div>",
        "",
        "  | indented | row |",
        "    | code | row |",
        "text",
        "1. one | two",
        "***",
        "|",
        "||",
        "| a |  |",
        "\t| tab | row |",
        "Term | Def",
        "---|---|---",
    ]
)


@settings(max_examples=800, deadline=None)
@given(st.lists(LINES, max_size=10).map("\n".join))
def test_generated_documents_tokenise_alike(text):
    same_tokens(text)


def test_every_corpus_page_tokenises_alike(corpus: Path):
    tables = 0
    for source in corpus_sources(corpus):
        body = split_front_matter(source.text)[2]
        ours = normalise_ours(markdown().parse(body, {}))
        stock_tokens = stock().parse(body, {})
        assert ours == normalise_stock(stock_tokens), source.path
        assert normalise_ours(fold_stock_tables(stock_tokens)) == ours, source.path
        tables += sum(1 for entry in ours if entry[0] == "table_open")
    assert tables > 3000
