"""``lint``, ``todos`` and ``drift`` name pages relative to the working directory (no root of
their own), so the stamps and folder listing they keep (``Run.remember_pages``) hold for that
directory only: the same folder named from elsewhere must not be planned from them.

Found in review: the stamps were keyed by the inputs' absolute paths alone, while the listing
held the pages' paths as given (``docs/x.md``) and their names relative to the old working
directory; ``cd docs && docgen todos .`` after ``docgen todos docs`` reported every page as an
``unreadable-file`` error (exit 1), and from another directory reached by an absolute path the
findings kept the old directory's names."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.cli.main import main
from docgen.write import stamps

pytestmark = pytest.mark.skipif(not stamps.STAMPS, reason="no stamps where ctime is the creation time")

REPO = Path(__file__).resolve().parents[2]
CSDL = REPO / "tests" / "fixtures" / "csdl" / "incremental.csdl.xml"


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, result.stdout


def settle() -> None:
    """Let the pages and folders written last stop being racily clean (else nothing is stamped)."""
    time.sleep(stamps.FINE_MARGIN_NS / 1e9 * 2)


@pytest.mark.parametrize("command", ["todos", "lint", "drift"])
def test_the_same_folder_from_another_working_directory(incremental_tree, monkeypatch, command):
    extra = ["--metadata", str(CSDL)] if command == "drift" else []
    settle()
    invoke(command, "docs", "--format", "json", *extra)  # stamps and a listing, seen from the project
    invoke(command, "docs", "--format", "json", *extra)
    # the same folder, named relatively from inside it
    monkeypatch.chdir(incremental_tree / "docs")
    warm = invoke(command, ".", "--format", "json", *extra)
    cold = invoke(command, ".", "--format", "json", "--no-cache", *extra)
    assert warm == cold
    assert "unreadable-file" not in warm[1]
    # the same folder, named by its absolute path from a third directory
    elsewhere = incremental_tree / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    absolute = os.fspath(incremental_tree / "docs")
    invoke(command, absolute, "--format", "json", *extra)
    warm = invoke(command, absolute, "--format", "json", *extra)
    assert warm == invoke(command, absolute, "--format", "json", "--no-cache", *extra)
    # and back where it started, by its absolute path this time
    monkeypatch.chdir(incremental_tree)
    assert invoke(command, absolute, "--format", "json", *extra) == invoke(
        command, absolute, "--format", "json", "--no-cache", *extra)


def tree_bytes(folder: Path) -> dict[str, bytes]:
    return {os.fspath(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("command", ["todos", "lint", "generate"])
@pytest.mark.parametrize("change", ["removed", "made-a-folder"])
def test_a_page_named_beside_a_folder_then_removed(incremental_tree, command, change):
    """DOCS naming a folder and a page: the folder's stamp does not see the page removed (or made
    a folder), so no stored listing may stand for that page (found in review: the warm run said
    ``unreadable-file`` where ``--no-cache`` says ``input-missing``, or refused the folder)."""
    docs = ["docs/api", "docs/resources/user.md"]

    def run(*more: str) -> tuple[int, str]:
        if command != "generate":
            return invoke(command, *docs, "--format", "json", *more)
        out = "gen-cold" if more else "gen"
        code, text = invoke(command, *docs, "--format", "json", "-o", out, *more)
        return code, json.dumps(json.loads(text)["diagnostics"])

    settle()
    run()
    run()  # whatever the first one stored, the second one read it
    page = Path("docs/resources/user.md")
    text = page.read_text(encoding="utf-8")
    page.unlink()
    if change == "made-a-folder":
        page.mkdir()
        (page / "user.md").write_text(text, encoding="utf-8")
    settle()
    warm = run()
    assert warm == run("--no-cache")
    if change == "removed":
        assert "input-missing" in warm[1]
    elif command == "generate":
        assert tree_bytes(Path("gen")) == tree_bytes(Path("gen-cold"))


@pytest.mark.parametrize("command", ["lint", "drift", "todos"])
def test_root_and_named_pages_from_two_working_directories(incremental_tree, monkeypatch, command):
    """--root with single pages named, run from the project and from inside the tree (the same
    tree through two relative roots), an edit in between: each answer is --no-cache's."""
    extra = ["--metadata", str(CSDL)] if command == "drift" else []
    places = [(incremental_tree, "docs", "docs/resources/user.md"),
              (incremental_tree / "docs" / "api", "..", "../resources/user.md")]
    settle()
    for number in range(2):
        for cwd, root, page in places:
            monkeypatch.chdir(cwd)
            args = [command, "--root", root, page, "--format", "json", *extra]
            warm = invoke(*args)
            assert warm == invoke(*args) == invoke(*args, "--no-cache")
        monkeypatch.chdir(incremental_tree)
        user = Path("docs/resources/user.md")
        user.write_text(user.read_text(encoding="utf-8").replace("|The user's job title.|", f"|TODO {number}.|"),
                        encoding="utf-8")
        settle()
