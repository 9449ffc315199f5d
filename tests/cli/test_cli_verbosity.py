"""What commands print: --quiet, --min-severity, the one-line summary, generate's defaults and
progress for every stage on a terminal."""

from __future__ import annotations

import json
import re
import shutil
from contextlib import contextmanager

import pytest
from click.testing import CliRunner
from conftest import REPO, SEED

from docgen.cli import support
from docgen.cli.main import main

CSDL = REPO / "tests" / "fixtures" / "csdl" / "graph-v1.0-excerpt.csdl.xml"
DIAGNOSTIC = re.compile(r"^\S.*:\d+:\d+: (error|warning|info): ")


def invoke(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "docs").mkdir()
    shutil.copy(SEED, tmp_path / "docs" / SEED.name)
    (tmp_path / "pyproject.toml").write_text(
        '[tool.docgen]\nsource = "docs"\noutput = "gen"\npackage = "gen"\n', encoding="utf-8")
    monkeypatch.setenv("DOCGEN_CACHE_DIR", str(tmp_path / ".cache"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def severities(text: str) -> list[str]:
    return [m.group(1) for line in text.splitlines() if (m := DIAGNOSTIC.match(line))]


def test_lint_summary_line_counts_every_finding(project):
    result = invoke("lint")
    found = severities(result.stdout)
    counts = {s: found.count(s) for s in ("error", "warning", "info")}
    line = result.stderr.strip().splitlines()[-1]
    expected = f"lint: {counts['error']} errors, {counts['warning']} warnings"
    assert line.startswith(expected) and line.endswith("in 1 page"), line
    assert counts["warning"] > 0


def test_min_severity_and_quiet_filter_what_is_printed_not_the_exit(project):
    everything = invoke("lint", "--fail-on", "warning")
    warnings_up = invoke("lint", "--fail-on", "warning", "--min-severity", "warning")
    assert set(severities(warnings_up.stdout)) <= {"error", "warning"}
    assert severities(warnings_up.stdout) == [s for s in severities(everything.stdout) if s != "info"]
    quiet = invoke("lint", "--fail-on", "warning", "--quiet")
    assert set(severities(quiet.stdout)) <= {"error"}
    assert quiet.exit_code == everything.exit_code == 1  # the warnings still fail the run
    assert "below error not shown: --min-severity" in quiet.stderr
    as_json = json.loads(invoke("lint", "--format", "json", "--quiet").stdout)["diagnostics"]
    assert all(d["severity"] == "error" for d in as_json)


def test_todos_quiet_prints_only_the_summary(project):
    result = invoke("todos", "--quiet", "--fail-on", "visible")
    assert result.stdout == "" and result.exit_code == 1
    assert result.stderr == ("todos: 0 errors, 18 warnings in 1 page (18 diagnostics below error not shown: "
                             "--min-severity warning shows them)\n")


def test_drift_quiet_drops_the_summary_tables(project):
    loud = invoke("drift", "--metadata", CSDL)
    quiet = invoke("drift", "--metadata", CSDL, "--quiet")
    assert "summary: the docs against" in loud.stdout and "summary:" not in quiet.stdout
    assert quiet.stderr.startswith("drift: ") and quiet.exit_code == loud.exit_code


def test_generate_prints_no_warnings_by_default_and_counts_them(project):
    result = invoke("generate", "--no-cache")
    assert result.exit_code == 0, result.output
    assert severities(result.stderr) == []
    summary = [line for line in result.stderr.splitlines() if line.startswith("generate: ")]
    assert len(summary) == 1 and "0 errors" in summary[0] and "not shown: --min-severity" in summary[0]
    shown = invoke("generate", "--min-severity", "info")
    assert "warning" in severities(shown.stderr)
    as_json = json.loads(invoke("generate", "--format", "json").stdout)["diagnostics"]
    assert any(d["severity"] == "warning" for d in as_json)  # JSON lists everything unless asked


def test_readme_setup_command_prints_no_warning(tmp_path, monkeypatch):
    """The README's first command (`docgen generate` in docgen's repository) on a copy of it."""
    shutil.copytree(REPO / "api-docs", tmp_path / "api-docs")
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    monkeypatch.setenv("DOCGEN_CACHE_DIR", str(tmp_path / ".cache"))
    monkeypatch.chdir(tmp_path)
    result = invoke("generate")
    assert result.exit_code == 0
    assert ": warning: " not in result.output and ": info: " not in result.output
    assert result.stdout.startswith("generated: ") and "written" in result.stdout


def test_model_and_check_take_the_options(project):
    model = invoke("model", "--quiet")
    assert severities(model.stdout) == [] and model.stderr.startswith("model: ")
    assert invoke("generate").exit_code == 0
    check = invoke("check", "--min-severity", "error")
    assert check.exit_code == 0 and "check: 0 errors" in check.stderr


STAGES = {
    "lint": {"reading pages", "parsing pages", "resolving", "linting"},
    "drift": {"reading pages", "parsing pages", "resolving", "comparing with the metadata"},
    "generate": {"reading pages", "parsing pages", "resolving", "rendering", "writing"},
    "todos": {"reading pages"},
}


@pytest.mark.parametrize("command", sorted(STAGES))
def test_progress_on_a_terminal_names_every_stage(project, monkeypatch, command):
    shown: list[tuple[int, str]] = []

    @contextmanager
    def meter(total, label):
        shown.append((total, label))
        yield lambda done: None

    monkeypatch.setattr(support, "progress_meter", lambda: meter)
    extra = ["--metadata", CSDL] if command == "drift" else []
    result = invoke(command, "--no-cache", *extra)
    assert result.exit_code in (0, 1), result.output
    assert STAGES[command] <= {label for _, label in shown}
    assert (1, "parsing pages") in shown or command == "todos"


def test_no_progress_outside_a_terminal(project):
    assert support.progress_meter() is None  # CliRunner's stderr is no terminal
