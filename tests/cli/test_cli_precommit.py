""".pre-commit-hooks.yaml: the three hooks exist, and their commands work from a git repository.

``pre-commit`` itself is not a test dependency, so each hook is run the way pre-commit runs it:
``entry`` + ``args`` (+ the staged file names when ``pass_filenames``), in the repository's root,
through a subprocess. The ``docgen`` console script is used when installed, ``python -m docgen``
otherwise.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, SEED

HOOKS_FILE = REPO / ".pre-commit-hooks.yaml"
LINT_TREE = REPO / "tests" / "fixtures" / "lint" / "shared"
"""A docs tree lint finds nothing in (api/ links resources/)."""
BAD_PAGE = REPO / "tests" / "fixtures" / "lint" / "invalid-json" / "bad" / "api" / "calendarpermission-get.md"
"""LINT_TREE's api page with a trailing comma in its response example."""


def parse_hooks(text: str) -> list[dict]:
    """The hooks file's list of mappings (the YAML subset it uses: scalars and [a, b] lists)."""
    hooks: list[dict] = []
    for raw in text.splitlines():
        line = raw.split(" #")[0].rstrip() if not raw.lstrip().startswith("#") else ""
        if not line.strip():
            continue
        match = re.match(r"^(- )?\s*([A-Za-z_]+):\s*(.*)$", line)
        assert match, f"unexpected line in {HOOKS_FILE.name}: {raw!r}"
        if match.group(1):
            hooks.append({})
        key, value = match.group(2), match.group(3).strip()
        if value.startswith("[") and value.endswith("]"):
            parsed: object = [v.strip() for v in value[1:-1].split(",") if v.strip()]
        elif value in ("true", "false"):
            parsed = value == "true"
        else:
            parsed = value
        hooks[-1][key] = parsed
    return hooks


@pytest.fixture(scope="module")
def hooks() -> dict[str, dict]:
    try:
        import yaml  # used when available: the real parser must agree with the subset parser
    except ImportError:
        yaml = None
    text = HOOKS_FILE.read_text(encoding="utf-8")
    parsed = parse_hooks(text)
    if yaml is not None:
        assert yaml.safe_load(text) == parsed
    return {hook["id"]: hook for hook in parsed}


def test_hooks_file_declares_the_three_hooks(hooks):
    assert sorted(hooks) == ["docgen-check", "docgen-lint", "docgen-todos"]
    for hook_id, hook in hooks.items():
        assert hook["language"] == "python"
        assert shlex.split(hook["entry"])[:2] == ["docgen", hook_id.removeprefix("docgen-")]
        assert hook["name"] and hook["description"]
    assert hooks["docgen-check"]["pass_filenames"] is False and hooks["docgen-check"]["always_run"] is True
    assert hooks["docgen-lint"].get("pass_filenames", True) is True  # the changed pages, against the tree
    assert hooks["docgen-lint"]["types"] == ["markdown"] and hooks["docgen-lint"]["require_serial"] is True
    assert hooks["docgen-todos"]["types"] == ["markdown"]
    assert "--fail-on visible" in hooks["docgen-todos"]["entry"]


def docgen_command() -> list[str]:
    installed = shutil.which("docgen")
    return [installed] if installed else [sys.executable, "-m", "docgen"]


def run_hook(hook: dict, repo: Path, staged: list[str]) -> subprocess.CompletedProcess:
    """Run ``hook`` the way pre-commit does, on the staged files."""
    entry = shlex.split(hook["entry"])
    command = docgen_command() + entry[1:] + list(hook.get("args", []))
    if hook.get("pass_filenames", True):
        types = hook.get("types", [])
        files = [f for f in staged if "markdown" not in types or f.endswith(".md")]
        if not files:
            return subprocess.CompletedProcess(command, 0, "", "")  # pre-commit skips the hook
        command += files
    env = dict(os.environ, PYTHONPATH=str(REPO), DOCGEN_CACHE_DIR=str(repo / ".cache"))
    return subprocess.run(command, check=False, cwd=repo, capture_output=True, text=True, env=env, timeout=300)


@pytest.fixture
def git_repo(tmp_path) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "repo"
    (repo / "docs").mkdir(parents=True)
    (repo / "pyproject.toml").write_text('[tool.docgen]\nsource = "docs"\noutput = "gen"\npackage = "gen"\n')
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    return repo


def stage(repo: Path, *paths: str) -> list[str]:
    subprocess.run(["git", "add", *paths], cwd=repo, check=True)
    listed = subprocess.run(["git", "diff", "--cached", "--name-only"], cwd=repo, check=True,
                            capture_output=True, text=True)
    return listed.stdout.split()


CLEAN_PAGE = """---
title: "Get widget"
description: "Get a widget."
author: "someone"
ms.prod: "widgets"
doc_type: apiPageType
---

# Get widget

Namespace: microsoft.graph

Get a widget.
"""


def test_todos_hook_fails_on_the_seed_and_passes_on_a_clean_page(hooks, git_repo):
    (git_repo / "docs" / "clean.md").write_text(CLEAN_PAGE)
    staged = stage(git_repo, "docs/clean.md", "pyproject.toml")
    passed = run_hook(hooks["docgen-todos"], git_repo, staged)
    assert passed.returncode == 0, passed.stderr
    assert "0 placeholder(s) in 0 of 1 page(s)" in passed.stdout
    shutil.copy(SEED, git_repo / "docs" / SEED.name)
    staged = stage(git_repo, f"docs/{SEED.name}")
    failed = run_hook(hooks["docgen-todos"], git_repo, staged)
    assert failed.returncode == 1
    assert f"docs/{SEED.name}:46:1: warning: todo-instructions:" in failed.stdout


def test_lint_hook_lints_the_staged_pages_against_the_configured_source(hooks, git_repo):
    shutil.copytree(LINT_TREE, git_repo / "docs", dirs_exist_ok=True)
    staged = stage(git_repo, "docs", "pyproject.toml")
    result = run_hook(hooks["docgen-lint"], git_repo, staged)
    assert result.returncode == 0 and result.stdout == "", result.stdout + result.stderr
    assert result.stderr.strip().endswith("in 3 pages")
    subprocess.run(["git", "commit", "-qm", "docs", "--no-verify"], cwd=git_repo, check=True,
                   env=dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@t", GIT_COMMITTER_NAME="t",
                            GIT_COMMITTER_EMAIL="t@t"))
    page = "docs/api/calendarpermission-get.md"
    shutil.copy(BAD_PAGE, git_repo / page)
    staged = stage(git_repo, page)
    assert staged == [page]  # one page is given: its links still resolve against docs/ ([tool.docgen] source)
    failed = run_hook(hooks["docgen-lint"], git_repo, staged)
    assert failed.returncode == 1
    assert failed.stdout.splitlines() == [f"{page}:70:30: error: invalid-json: response example: trailing comma before `}}`"]


@pytest.mark.skipif(importlib.util.find_spec("docgen.render.package") is None,
                    reason="docgen.render.package (the generator helper's module) is not there yet")
def test_check_hook_passes_when_generated_and_fails_after_a_docs_change(hooks, git_repo):
    shutil.copy(SEED, git_repo / "docs" / SEED.name)
    env = dict(os.environ, PYTHONPATH=str(REPO), DOCGEN_CACHE_DIR=str(git_repo / ".cache"))
    subprocess.run(docgen_command() + ["generate"], cwd=git_repo, check=True, env=env, capture_output=True)
    staged = stage(git_repo, "docs", "gen", "pyproject.toml")
    assert run_hook(hooks["docgen-check"], git_repo, staged).returncode == 0
    page = git_repo / "docs" / SEED.name
    page.write_text(page.read_text().replace("|assignerUserId|String|**TODO: Add Description** Optional.|",
                                             "|assignerUserId|String|**TODO: Add Description** Required.|"))
    staged = stage(git_repo, "docs")
    result = run_hook(hooks["docgen-check"], git_repo, staged)
    assert result.returncode == 1
    assert "out-of-date" in result.stdout
