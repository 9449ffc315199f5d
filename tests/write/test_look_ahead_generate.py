"""A warm description edit through ``docgen generate``: the plan forks the child that looks at the
output folder (docgen.write.ahead), the write takes its answer, and a file edited by hand before
the command is still refused (restored with --force): the output and the JSON report are those of
a --no-cache run of the same pages."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.cli.main import main
from docgen.write import ahead, stamps
from docgen.write.paths import MANIFEST_NAME

pytestmark = pytest.mark.skipif(
    not (stamps.STAMPS and hasattr(os, "fork") and sys.platform.startswith("linux")), reason="fork and stamps on Linux")


def invoke(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def _settle() -> None:
    time.sleep(stamps.FINE_MARGIN_NS / 1e9 * 2)


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _report(stdout: str) -> dict:
    data = json.loads(stdout)
    data.pop("output", None)
    return data


@pytest.fixture
def looks(monkeypatch) -> list:
    """The answers the writes took (a spy on docgen.write.ahead.take)."""
    seen: list = []
    real = ahead.take
    monkeypatch.setattr(ahead, "take", lambda *args: seen.append(real(*args)) or seen[-1])
    return seen


def _description_edit(tree: Path, words: str) -> None:
    page = tree / "docs" / "resources" / "drive.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Describes the type of drive.", words, 1), encoding="utf-8")


@pytest.mark.parametrize("force", [False, True])
def test_a_hand_edit_before_a_warm_description_edit_is_seen(incremental_tree, looks, force) -> None:
    tree = incremental_tree
    assert invoke("generate", "docs", "-o", "gen", "--jobs", "2")[0] == 0
    _settle()
    assert invoke("generate", "docs", "-o", "gen", "--jobs", "2")[0] == 0  # stamps every file
    _settle()
    assert invoke("generate", "docs", "-o", "plain", "--jobs", "2", "--no-cache")[0] == 0  # the same, uncached
    edited = next(p for p in sorted((tree / "gen").rglob("*.py")) if "directory_object" in p.name)
    plain_edited = tree / "plain" / edited.relative_to(tree / "gen")
    for file in (edited, plain_edited):
        file.write_bytes(file.read_bytes() + b"# by hand\n")
    _description_edit(tree, "Describes the kind of drive.")
    _settle()
    args = ["--force"] if force else []
    warm = invoke("generate", "docs", "-o", "gen", "--jobs", "2", "--format", "json", *args)
    assert looks and looks[-1] is not None and edited.relative_to(tree / "gen").as_posix() in looks[-1].failed
    assert ahead._EARLY == []
    cold = invoke("generate", "docs", "-o", "plain", "--jobs", "2", "--no-cache", "--format", "json", *args)
    assert warm[0] == cold[0] == (0 if force else 1)
    assert _report(warm[1]) == _report(cold[1].replace('"plain/', '"gen/'))  # (the folder's name aside)
    assert _tree(tree / "gen") == _tree(tree / "plain")
    if force:
        assert b"# by hand" not in edited.read_bytes()
        assert "kind of drive" in (tree / "gen" / MANIFEST_NAME).read_text() or any(
            b"kind of drive" in data for data in _tree(tree / "gen").values())
    else:
        assert "hand-edited" in warm[1] and edited.read_bytes().endswith(b"# by hand\n")


def test_jobs_1_forks_no_look(incremental_tree, looks) -> None:
    tree = incremental_tree
    assert invoke("generate", "docs", "-o", "gen", "--jobs", "1")[0] == 0
    _settle()
    assert invoke("generate", "docs", "-o", "gen", "--jobs", "1")[0] == 0
    _settle()
    _description_edit(tree, "Describes the kind of drive.")
    _settle()
    assert invoke("generate", "docs", "-o", "gen", "--jobs", "1")[0] == 0
    assert looks and all(seen is None for seen in looks) and ahead._EARLY == []  # every write surveyed
