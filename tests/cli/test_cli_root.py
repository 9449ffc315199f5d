"""``--root``: lint, todos and drift read the whole tree and report only the pages named.

The tree is ``tests/fixtures/examples`` (api/ pages linking ../resources/ pages), copied.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO

from docgen.cli.main import main

TREE = REPO / "tests" / "fixtures" / "examples"
CSDL = REPO / "tests" / "fixtures" / "csdl" / "graph-v1.0-excerpt.csdl.xml"


def invoke(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def tree(tmp_path, monkeypatch):
    """The docs tree under ``docs/`` of a folder without pyproject.toml; the CWD for the test."""
    shutil.copytree(TREE, tmp_path / "docs")
    monkeypatch.setenv("DOCGEN_CACHE_DIR", str(tmp_path / ".cache"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def findings(result) -> list[tuple]:
    return sorted((d["path"], d["line"], d["col"], d["code"], d["message"])
                  for d in json.loads(result.stdout)["diagnostics"])


PAGES = sorted(p.relative_to(TREE).as_posix() for p in TREE.rglob("*.md"))


def test_one_page_with_root_reports_what_the_whole_tree_run_reports_for_it(tree):
    whole = findings(invoke("lint", "docs", "--format", "json"))
    assert whole, "the fixture tree has findings to compare"
    for page in PAGES:
        one = invoke("lint", f"docs/{page}", "--root", "docs", "--format", "json")
        assert one.exit_code in (0, 1), one.output
        got = findings(one)
        assert got == [f for f in whole if f[0] == f"docs/{page}"], page


def test_without_root_a_lone_page_resolves_against_its_own_folder_only(tree):
    """The default root of a page outside any [tool.docgen] source is the folder holding it: api/
    alone lacks resources/, so its links there are not checked and the types they name are
    unknown; --root fixes that."""
    page = "docs/api/calendarpermission-get.md"
    alone = findings(invoke("lint", page, "--format", "json"))
    assert any(f[3] == "link-not-checked" and "docs/resources/" in f[4] for f in alone)
    assert any(f[3] == "unresolved-type" and "calendarPermission" in f[4] for f in alone)
    rooted = findings(invoke("lint", page, "--root", "docs", "--format", "json"))
    assert not any(f[3] in ("link-not-checked", "unresolved-type", "unresolved-link") for f in rooted)
    assert set(rooted) <= set(alone) | set(findings(invoke("lint", "docs", "--format", "json")))


def test_default_root_is_the_config_source_when_the_pages_lie_inside_it(tree):
    (tree / "pyproject.toml").write_text('[tool.docgen]\nsource = "docs"\noutput = "gen"\n', encoding="utf-8")
    page = "docs/api/calendarpermission-get.md"
    whole = findings(invoke("lint", "--format", "json"))
    one = findings(invoke("lint", page, "--format", "json"))
    assert one == [f for f in whole if f[0] == page]
    assert not any("not among the input pages" in f[4] for f in one)


def test_several_pages_and_a_folder_are_reported_and_nothing_else(tree):
    named = ["docs/api/user-list.md", "docs/resources"]
    got = findings(invoke("lint", *named, "--root", "docs", "--format", "json"))
    whole = findings(invoke("lint", "docs", "--format", "json"))
    wanted = [f for f in whole if f[0] == named[0] or f[0].startswith("docs/resources/")]
    assert got == wanted


def test_a_page_outside_the_root_is_read_and_reported(tree):
    shutil.copy(TREE / "api" / "user-list.md", tree / "elsewhere.md")
    result = invoke("lint", "elsewhere.md", "--root", "docs", "--format", "json")
    assert {f[0] for f in findings(result)} <= {"elsewhere.md"}
    text = invoke("lint", "elsewhere.md", "--root", "docs")
    assert "in 1 page" in text.stderr


def test_summary_counts_the_pages_named(tree):
    result = invoke("lint", "docs/api/user-list.md", "--root", "docs")
    assert result.stderr.strip().endswith("in 1 page")


def test_root_that_is_no_folder_is_a_usage_error(tree):
    missing = invoke("lint", "docs/api/user-list.md", "--root", "nosuch")
    assert missing.exit_code == 2 and "'--root'" in missing.stderr and "does not exist" in missing.stderr
    a_file = invoke("todos", "docs/api/user-list.md", "--root", "docs/api/user-list.md")
    assert a_file.exit_code == 2


def test_a_missing_page_is_an_error_with_root(tree):
    result = invoke("lint", "docs/api/nosuch.md", "--root", "docs", "--format", "json")
    assert result.exit_code == 1
    assert [f[3] for f in findings(result)] == ["input-missing"]


def test_todos_with_root_scans_the_pages_named(tree):
    page = "docs/api/user-list.md"
    plain = json.loads(invoke("todos", page, "--format", "json").stdout)
    rooted = json.loads(invoke("todos", page, "--root", "docs", "--format", "json").stdout)
    assert rooted == plain and rooted["summary"]["pages_scanned"] == 1


def test_drift_with_root_reports_only_the_pages_named(tree):
    whole = json.loads(invoke("drift", "--metadata", CSDL, "docs", "--format", "json").stdout)["findings"]
    located = [f for f in whole if f["location"]]
    assert located, "the fixture has drift findings located in pages"
    page = located[0]["location"]["path"]
    one = json.loads(invoke("drift", "--metadata", CSDL, page, "--root", "docs", "--format", "json").stdout)
    assert one["findings"] and all(f["location"]["path"] == page for f in one["findings"])
    assert one["findings"] == [f for f in whole if f["location"] and f["location"]["path"] == page]
    assert sum(one["summary"]["counts"].values()) == len(one["findings"])


def test_baseline_with_some_pages_matches_their_entries_and_calls_no_other_stale(tree):
    assert invoke("lint", "docs", "--baseline", "b.json", "--update-baseline").exit_code == 0
    held = json.loads(Path("b.json").read_text(encoding="utf-8"))["findings"]
    assert {entry["page"] for entry in held} - {"docs/api/user-list.md"}, "entries for other pages"
    result = invoke("lint", "docs/api/user-list.md", "--root", "docs", "--baseline", "b.json", "--fail-on", "info")
    assert result.exit_code == 0, result.output
    assert "b.json: 0 new, " in result.stderr and ", 0 stale" in result.stderr
    refused = invoke("lint", "docs/api/user-list.md", "--root", "docs", "--baseline", "b.json", "--update-baseline")
    assert refused.exit_code == 2 and "whole tree" in refused.stderr


def test_default_root_rules(tree):
    from docgen.cli.scope import resolve_scope

    docs = tree / "docs"
    one = resolve_scope((Path("docs/api/user-list.md"),), None)
    assert one.tree == (docs / "api",) and not one.whole
    two = resolve_scope((Path("docs/api/user-list.md"), Path("docs/resources/range.md")), None)
    assert two.tree == (docs,)
    folder = resolve_scope((Path("docs"),), None)
    assert folder.whole and folder.tree == (Path("docs"),)
    # A DOCS that does not exist is reported as missing; it does not widen the root to the CWD.
    missing = resolve_scope((Path("docs/api/user-list.md"), Path("nosuch/x.md")), None)
    assert missing.tree[0] == docs / "api"
    (tree / "pyproject.toml").write_text('[tool.docgen]\nsource = "docs"\n', encoding="utf-8")
    assert resolve_scope((Path("docs/api/user-list.md"),), None).tree == (docs,)
    given = resolve_scope((Path("docs/api/user-list.md"),), Path("docs/api"))
    assert given.tree == (docs / "api",)
