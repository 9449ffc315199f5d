"""``--format markdown``: counts by code, the first findings linked to their lines, nothing from the
docs rendered as markup."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner
from conftest import REPO, SEED
from markdown_it import MarkdownIt

from docgen.cli.main import main
from docgen.cli.markdown import escape, source_base, to_markdown
from docgen.diagnostics import Diagnostic, Location, Severity

CSDL = REPO / "tests" / "fixtures" / "csdl" / "graph-v1.0-excerpt.csdl.xml"


def invoke(*args: object, env=None):
    return CliRunner(env=env).invoke(main, [str(a) for a in args])


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "docs").mkdir()
    shutil.copy(SEED, tmp_path / "docs" / SEED.name)
    (tmp_path / "pyproject.toml").write_text('[tool.docgen]\nsource = "docs"\noutput = "gen"\n', encoding="utf-8")
    monkeypatch.setenv("DOCGEN_CACHE_DIR", str(tmp_path / ".cache"))
    for name in ("DOCGEN_SOURCE_URL", "GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


HOSTILE = ('<script>alert(1)</script> **bold** [click](https://evil.example/x) `code` | pipe '
           '![img](x.png) <img src=x onerror=alert(1)> # heading\n- item')


def test_escape_leaves_no_markup_from_the_docs():
    html = MarkdownIt("commonmark").enable("table").render(escape(HOSTILE))
    assert "<script" not in html and "<img" not in html and "<a " not in html
    assert "<strong>" not in html and "<code>" not in html and "<h1>" not in html and "<li>" not in html
    assert "alert(1)" in html and "bold" in html  # the words are all there, as text


def test_bare_urls_and_mentions_are_not_autolinked_by_github():
    """GitHub links bare URLs and www. names in comments; a message's URL stays text."""
    text = escape("see https://evil.example/x and www.evil.example")
    assert "https://" not in text and "www." not in text
    assert "evil.example/x" in text


def test_a_finding_with_a_hostile_message_and_path_is_one_link_and_text():
    d = Diagnostic(Severity.ERROR, "invalid-json", HOSTILE, Location("docs/a [x](y).md", 7, 2))
    text = to_markdown([d], title="docgen lint", pages=1, page_of=lambda p: p)
    html = MarkdownIt("commonmark").enable("table").render(text)
    assert html.count("<a ") == 1 and 'href="docs/a%20%5Bx%5D%28y%29.md#L7"' in html
    assert "<script" not in html and "<img" not in html


def _sample() -> list[Diagnostic]:
    return [
        Diagnostic(Severity.WARNING, "unresolved-link", "link x", Location("docs/b.md", 3, 1)),
        Diagnostic(Severity.ERROR, "invalid-json", "bad", Location("docs/a.md", 12, 5)),
        Diagnostic(Severity.WARNING, "unresolved-link", "link y", Location("docs/a.md", 20, 1)),
    ]


def test_counts_by_code_with_severity_then_the_first_findings():
    text = to_markdown(_sample(), title="docgen lint", pages=2, page_of=lambda p: p, limit=2, base="")
    lines = text.splitlines()
    assert lines[0] == "### docgen lint"
    assert "1 error, 2 warnings, 0 infos in 2 pages." in lines
    table = [line for line in lines if line.startswith("| `")]
    assert table == ["| `invalid-json` | error | 1 |", "| `unresolved-link` | warning | 2 |"]
    items = [line for line in lines if line.startswith("- ")]
    assert len(items) == 2 and "[docs/a.md:12](docs/a.md#L12)" in items[0]
    assert "#### First 2 of 3 findings" in lines and any("1 more not listed" in line for line in lines)


def test_a_rule_level_wins_over_the_findings():
    text = to_markdown(_sample()[:1], title="t", pages=1, page_of=lambda p: p,
                       rules={"unresolved-link": (Severity.ERROR, "x")}, base="")
    assert "| `unresolved-link` | error | 1 |" in text


def test_link_base_from_the_environment():
    assert source_base({}) == ""
    actions = {"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "o/docs", "GITHUB_SHA": "abc123"}
    assert source_base(actions) == "https://github.com/o/docs/blob/abc123/"
    assert source_base({**actions, "DOCGEN_SOURCE_URL": "https://git.example/d/tree/main"}) == \
        "https://git.example/d/tree/main/"
    text = to_markdown(_sample(), title="t", pages=2, page_of=lambda p: p, base=source_base(actions))
    assert "(https://github.com/o/docs/blob/abc123/docs/a.md#L12)" in text


def test_lint_todos_drift_print_markdown(project):
    lint = invoke("lint", "--format", "markdown")
    assert lint.stdout.startswith("### docgen lint\n") and lint.exit_code in (0, 1)
    listed = [line for line in lint.stdout.splitlines() if line.startswith("- **")]
    count = len(json.loads(invoke("lint", "--format", "json").stdout)["diagnostics"])
    assert len(listed) == min(count, 50)
    assert f"](docs/{SEED.name}#L" in lint.stdout
    assert lint.stderr == ""  # a document on stdout; no summary line in the way of $GITHUB_STEP_SUMMARY
    limited = invoke("lint", "--format", "markdown", "--limit", "3")
    assert len([line for line in limited.stdout.splitlines() if line.startswith("- **")]) == min(count, 3)
    todos = invoke("todos", "--format", "markdown")
    assert todos.stdout.startswith("### docgen todos\n") and "| `todo-description` | warning |" in todos.stdout
    drift = invoke("drift", "--metadata", CSDL, "--format", "markdown")
    assert drift.stdout.startswith("### docgen drift\n")


def test_markdown_links_are_absolute_in_github_actions(project):
    env = {"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "o/docs", "GITHUB_SHA": "abc"}
    result = invoke("todos", "--format", "markdown", env=env)
    assert f"](https://github.com/o/docs/blob/abc/docs/{SEED.name}#L" in result.stdout


def test_markdown_baseline_counts_are_in_the_document(project):
    assert invoke("lint", "--baseline", "b.json", "--update-baseline").exit_code == 0
    result = invoke("lint", "--baseline", "b.json", "--format", "markdown")
    assert result.exit_code == 0 and "No findings." in result.stdout
    assert "baseline b.json: 0 new" in result.stdout
