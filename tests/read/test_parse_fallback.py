"""The markdown-it-py facade (``docgen.read.mdit``): docgen's own rules run only on the versions
they were proven on (``PROVEN``, which pyproject.toml pins); any other version gets markdown-it's
stock parser, and pages read the same either way."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import REPO, SEED, corpus_sources
from markdown_it.rules_block.table import table as stock_table
from markdown_it.rules_core.normalize import normalize as stock_normalize

from docgen.extract.dispatch import extract_page
from docgen.read import mdit
from docgen.read.mdit import inline as fast_inline
from docgen.read.page import Inline, Page
from docgen.read.parse import parse_page
from docgen.read.source import read_source

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

FIXTURES = sorted((REPO / "tests" / "fixtures").rglob("*.md")) + [SEED]
"""Every fixture page (the seed, the corpus excerpts, the rule and kind fixtures ...)."""


@pytest.fixture(autouse=True)
def _forget_the_decision():
    """Each test starts and ends with the facade deciding afresh (from the real version once the
    test's monkeypatching is undone)."""
    mdit.reset()
    yield
    mdit.reset()


def pretend(monkeypatch, version: str) -> None:
    """Make the facade see markdown-it-py ``version`` installed."""
    monkeypatch.setattr(mdit, "detected_version", lambda: version)
    mdit.reset()


def _run(inline: Inline | None) -> tuple | None:
    # links first: the own rules answer them without reading the whole run when they can
    return (
        None
        if inline is None
        else (
            inline.raw,
            inline.links,
            inline.text,
            inline.codes,
            inline.line,
            inline.col,
        )
    )


def read_out(page: Page) -> tuple:
    """Everything ``page`` holds, every run read now (under whichever parser is in force)."""
    blocks = []
    for block in page.blocks:
        table = block.table
        if table is not None:
            table = (
                table.line,
                tuple(map(_run, table.header)),
                tuple(tuple(map(_run, row)) for row in table.rows),
            )
        blocks.append(
            (
                block.kind,
                block.line,
                block.end_line,
                block.level,
                block.info,
                block.content,
                _run(block.inline),
                table,
            )
        )
    sections = [(s.title, s.level, s.line, len(s.blocks)) for s in page.sections()]
    return (
        page.path,
        page.lines,
        page.front_matter,
        page.front_matter_lines,
        page.problems,
        blocks,
        sections,
    )


def read_fixtures() -> tuple[list[tuple], list]:
    pages, models = [], []
    for path in FIXTURES:
        source, _ = read_source(path, path.relative_to(REPO).as_posix())
        assert source is not None, path
        pages.append(read_out(parse_page(source.path, source.text)))
        models.append(extract_page(source))
    return pages, models


@pytest.mark.parametrize(
    ("version", "inside"),
    [
        ("4.3.0", True),
        ("4.3", True),
        ("4.3.12", True),
        ("4.2.9", False),
        ("4.4.0", False),
        ("4.4.0rc1", False),
        ("5.0.0", False),
        ("3.9", False),
    ],
)
def test_in_range(version, inside):
    assert mdit.in_range(version, ">=4.3,<4.4") is inside


def test_in_range_refuses_what_it_cannot_read():
    with pytest.raises(ValueError):
        mdit.in_range("4.3.0", "~=4.3")


def test_pyproject_pins_the_proven_range_and_it_is_installed():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))[
        "project"
    ]
    pins = [dep for dep in project["dependencies"] if dep.startswith("markdown-it-py")]
    assert pins == [f"markdown-it-py{mdit.PROVEN}"]
    assert mdit.in_range(mdit.detected_version(), mdit.PROVEN)
    assert mdit.own_rules()


def test_a_proven_version_gets_docgens_rules(monkeypatch):
    pretend(monkeypatch, "4.3.7")
    assert mdit.own_rules()
    md = mdit.block_parser()
    rules = {rule.name: rule.fn for rule in md.block.ruler.__rules__}
    assert rules["table"] is not stock_table
    assert "tokenize" in vars(md.block)  # the block loop is docgen's
    assert {rule.name: rule.fn for rule in md.core.ruler.__rules__}[
        "normalize"
    ] is not stock_normalize


@pytest.mark.parametrize("version", ["4.2.0", "4.4.0", "5.0.0"])
def test_any_other_version_gets_the_stock_parser(monkeypatch, version):
    pretend(monkeypatch, version)
    assert not mdit.own_rules()
    for md in (mdit.block_parser(), mdit.inline_parser()):
        assert {rule.name: rule.fn for rule in md.block.ruler.__rules__}[
            "table"
        ] is stock_table
        assert "tokenize" not in vars(md.block) and "parse" not in vars(md.block)
        assert {rule.name: rule.fn for rule in md.core.ruler.__rules__}[
            "normalize"
        ] is stock_normalize
    assert [t.type for t in mdit.parse("| a | b |\n|---|---|\n| c | d |\n", {})] == [
        "table_open",
        mdit.ROW,
        mdit.ROW,
        "table_close",
    ]


def test_the_fallback_reads_no_run_the_fast_way(monkeypatch):
    def refuse(raw):
        raise AssertionError(f"fast path used on {raw!r}")

    monkeypatch.setattr(fast_inline, "read", refuse)
    monkeypatch.setattr(fast_inline, "simple_links", refuse)
    pretend(monkeypatch, "5.0.0")
    page = parse_page(
        "p.md", "# Title\n\n| a | b |\n|---|---|\n| `x` | [y](y.md) |\n\nplain words\n"
    )
    read_out(page)
    pretend(monkeypatch, "4.3.0")
    with pytest.raises(AssertionError, match="fast path used"):
        read_out(parse_page("p.md", "plain words\n"))


def test_fixture_pages_read_the_same_with_the_stock_parser(monkeypatch):
    """Blocks, tables, every run's text, links and code spans, and the extracted page models of
    every fixture page: equal whether docgen's rules or markdown-it's stock parser read them.
    """
    assert mdit.own_rules()
    own_pages, own_models = read_fixtures()
    pretend(monkeypatch, "4.4.0")
    assert not mdit.own_rules()
    stock_pages, stock_models = read_fixtures()
    for path, own, stock in zip(FIXTURES, own_pages, stock_pages):
        assert own == stock, path
    for path, own, stock in zip(FIXTURES, own_models, stock_models):
        assert own == stock, path
    # the fixtures hold what the replaced rules read: tables, links, code spans, strong text
    tables = [b for page in own_pages for b in page[5] if b[0] == "table"]
    runs = [cell for table in tables for row in table[7][2] for cell in row]
    assert len(FIXTURES) > 150 and len(tables) > 250
    assert sum(bool(run[1]) for run in runs) > 300  # cells with links
    assert sum(bool(run[3]) for run in runs) > 100  # with code spans
    assert sum("**" in run[0] for run in runs) > 100


def test_every_corpus_page_reads_the_same_with_the_stock_parser(
    corpus: Path, monkeypatch
):
    sources = list(corpus_sources(corpus))
    own = [extract_page(source) for source in sources]
    pretend(monkeypatch, "4.4.0")
    for source, model in zip(sources, own):
        assert extract_page(source) == model, source.path
    assert len(sources) > 3000


@pytest.mark.parametrize("version", ["4.3.0", "5.0.0"])
def test_hrefs_are_kept_as_written_either_way(monkeypatch, version):
    pretend(monkeypatch, version)
    page = parse_page(
        "p.md", "See [a](<x y.md>), [b](café.md#é) and [c](javascript:x) `z`.\n"
    )
    assert [link.href for link in page.blocks[0].inline.links] == [
        "x y.md",
        "café.md#é",
        "javascript:x",
    ]
