"""Lint baselines: ``docgen lint --baseline FILE`` fails only on findings the file does not hold.

Runs the command line (click's CliRunner) on the lint fixture pages in a scratch project folder,
and the baseline module on hand-made keys.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_lint_fixtures import FIXTURES, GET_PAGE

from docgen.checks.lint import baseline
from docgen.cli import formats
from docgen.cli.main import main
from docgen.diagnostics import FindingKey, Location, finding_keys, warning

NEW_KEY = '  "favouriteColour": "teal",'


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project (pyproject.toml) whose docs/ hold the example-property-unknown case; the CWD."""
    shutil.copytree(FIXTURES / "shared", tmp_path / "docs")
    shutil.copytree(
        FIXTURES / "example-property-unknown" / "bad",
        tmp_path / "docs",
        dirs_exist_ok=True,
    )
    (tmp_path / "pyproject.toml").write_text(
        '[tool.docgen]\nsource = "docs"\n', encoding="utf-8"
    )
    monkeypatch.setenv("DOCGEN_CACHE_DIR", str(tmp_path / ".cache"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def lint(*args: str):
    return CliRunner().invoke(main, ["lint", "--fail-on", "warning", *args])


def edit(page: Path, old: str, new: str) -> None:
    text = page.read_text(encoding="utf-8")
    assert old in text
    page.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_baseline_hit_new_finding_moved_text_and_stale_entry(project):
    page = project / "docs" / GET_PAGE
    assert lint().exit_code == 1  # the misspelt property
    written = lint("--baseline", "lint-baseline.json", "--update-baseline")
    assert written.exit_code == 0, written.output
    entries = json.loads((project / "lint-baseline.json").read_text(encoding="utf-8"))[
        "findings"
    ]
    assert entries == [
        {
            "code": "example-property-unknown",
            "page": f"docs/{GET_PAGE}",
            "context": "response get_calendarpermission /isRemoveable",
        }
    ]

    hit = lint("--baseline", "lint-baseline.json")
    assert (hit.exit_code, hit.stdout) == (0, "")
    assert "0 new, 1 baselined, 0 stale" in hit.stderr

    edit(
        page, '  "isRemoveable": true,\n', '  "isRemoveable": true,\n' + NEW_KEY + "\n"
    )
    new = lint("--baseline", "lint-baseline.json")
    assert new.exit_code == 1
    assert new.stdout.splitlines() == [
        f"docs/{GET_PAGE}:73:3: warning: example-property-unknown: property `favouriteColour` is not in the "
        "tables of `microsoft.graph.calendarPermission` (the page names no base type it could inherit it from)"
    ]

    edit(page, NEW_KEY + "\n", "")
    text = page.read_text(encoding="utf-8")
    end = text.index("\n---\n", 3) + len("\n---\n")
    page.write_text(text[:end] + "\n" * 10 + text[end:], encoding="utf-8")
    moved = lint("--baseline", "lint-baseline.json")
    assert (moved.exit_code, moved.stdout) == (0, "")
    assert lint().stdout.startswith(f"docs/{GET_PAGE}:82:3:")  # it did move (72 -> 82)

    edit(
        page, '"isRemoveable"', '"isRemovable"'
    )  # fixed: the entry is stale, never a failure
    stale = lint("--baseline", "lint-baseline.json")
    assert (stale.exit_code, stale.stdout) == (0, "")
    assert "0 new, 0 baselined, 1 stale" in stale.stderr


def test_baseline_output_formats_leave_baselined_findings_out(project):
    assert lint("--baseline", "b.json", "--update-baseline").exit_code == 0
    for fmt in ("json", "sarif", "github"):
        result = lint("--baseline", "b.json", "--format", fmt)
        assert result.exit_code == 0
        assert "isRemoveable" not in result.stdout


def test_a_missing_or_broken_baseline_is_a_usage_error(project):
    missing = lint("--baseline", "nope.json")
    assert missing.exit_code == 2 and "--update-baseline" in missing.stderr
    (project / "bad.json").write_text('{"findings": []}', encoding="utf-8")
    assert lint("--baseline", "bad.json").exit_code == 2
    assert lint("--update-baseline").exit_code == 2  # no file named


def test_pyproject_lint_settings_and_the_command_line_winning(project):
    pyproject = project / "pyproject.toml"
    pyproject.write_text(
        '[tool.docgen]\nsource = "docs"\n[tool.docgen.lint]\nfail-on = "warning"\nbaseline = "ci/base.json"\n',
        encoding="utf-8",
    )
    run = CliRunner().invoke
    assert (
        run(main, ["lint"]).exit_code == 2
    )  # the configured baseline is not written yet
    assert run(main, ["lint", "--update-baseline"]).exit_code == 0
    assert (
        project / "ci" / "base.json"
    ).is_file()  # relative to the pyproject's folder
    assert run(main, ["lint"]).exit_code == 0
    assert (
        run(main, ["lint", "--no-baseline"]).exit_code == 1
    )  # fail-on = "warning" from the file
    assert (
        run(main, ["lint", "--no-baseline", "--fail-on", "error"]).exit_code == 0
    )  # the option wins
    other = project / "other.json"
    other.write_text('{"docgen-lint-baseline": 1, "findings": []}', encoding="utf-8")
    assert (
        run(main, ["lint", "--baseline", str(other)]).exit_code == 1
    )  # the option's file wins

    pyproject.write_text(
        '[tool.docgen]\nsource = "docs"\n[tool.docgen.lint]\nfail-on = "warning"\nignore = ["example-property-unknown"]\n',
        encoding="utf-8",
    )
    assert run(main, ["lint"]).exit_code == 0
    replaced = run(
        main, ["lint", "--ignore", "invalid-json"]
    )  # --ignore replaces the list
    assert replaced.exit_code == 1 and "isRemoveable" in replaced.stdout

    pyproject.write_text(
        '[tool.docgen]\nsource = "docs"\n[tool.docgen.lint]\nignore = ["no-such"]\n',
        encoding="utf-8",
    )
    typo = run(main, ["lint"])
    assert typo.exit_code == 2 and "no-such" in typo.stderr
    pyproject.write_text(
        '[tool.docgen]\nsource = "docs"\n[tool.docgen.lint]\nfail_on = "info"\n',
        encoding="utf-8",
    )
    unknown = run(main, ["lint", "docs"])
    assert (
        unknown.exit_code == 2
        and "config-key" in unknown.stderr
        and "fail_on" in unknown.stderr
    )


# -- the file and the key ---------------------------------------------------------------------------


def test_dump_is_sorted_counted_deterministic_and_loads_back():
    items = [
        warning("c2", "m", Location("b.md", 1)),
        warning("c1", "m", Location("a.md", 9)),
        warning("c1", "m", Location("a.md", 3)),
    ]
    keys = finding_keys(items, ["b.md", "a.md", "a.md"])
    text = baseline.dump(keys)
    assert text == baseline.dump(list(reversed(keys)))
    document = json.loads(text)
    assert document["findings"] == [
        {"code": "c1", "page": "a.md", "context": "m", "count": 2},
        {"code": "c2", "page": "b.md", "context": "m"},
    ]
    assert baseline.load(text) == {("c1", "a.md", "m"): 2, ("c2", "b.md", "m"): 1}
    for broken in ("{", "[]", '{"docgen-lint-baseline": 1, "findings": [{"code": 1}]}'):
        with pytest.raises(baseline.BaselineError):
            baseline.load(broken)


def test_the_nth_alike_finding_is_new_when_the_baseline_holds_fewer():
    items = [warning("c", "m", Location("a.md", line)) for line in (5, 9, 2)]
    keys = finding_keys(items, ["a.md"] * 3)
    assert [k.number for k in keys] == [2, 3, 1]  # numbered in page order
    result = baseline.compare(
        items, keys, {("c", "a.md", "m"): 2, ("gone", "a.md", "x"): 1}
    )
    assert [d.location.line for d in result.new] == [9]
    assert [d.location.line for d in result.baselined] == [5, 2]
    assert result.stale == ((("gone", "a.md", "x"), 1),)


def test_sarif_fingerprints_hash_the_baselines_key(tmp_path):
    import hashlib

    items = [warning("c", "m", Location(str(tmp_path / "a.md"), 4))]
    (key,) = formats.finding_keys(items, tmp_path)
    assert key == FindingKey("c", "a.md", "m", 1)
    sarif = formats.to_sarif(items, root=tmp_path)
    fingerprint = sarif["runs"][0]["results"][0]["partialFingerprints"][
        formats.FINGERPRINT_KEY
    ]
    assert fingerprint == hashlib.sha256("c\0a.md\0m\x001".encode()).hexdigest()


def test_input_errors_are_never_baselined_nor_written(project):
    """A missing input fails the run whatever the baseline holds, and a run that could not read
    every input writes no baseline (it would hold a partial tree's findings)."""
    assert lint("--baseline", "lint-baseline.json", "--update-baseline").exit_code == 0
    before = (project / "lint-baseline.json").read_bytes()
    missing = lint("docs", "nosuch", "--baseline", "lint-baseline.json")
    assert missing.exit_code == 1
    assert "input-missing" in missing.stdout
    again = lint("nosuch", "--baseline", "lint-baseline.json", "--update-baseline")
    assert again.exit_code == 1 and "input-missing" in again.stdout
    assert (project / "lint-baseline.json").read_bytes() == before
