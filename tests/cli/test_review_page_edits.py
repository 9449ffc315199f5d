"""Edits the stamps of ``lint`` and ``todos`` (Run.remember_pages) and ``todos``' per-page entries
(todos_cache) must see: same size and mtime, at once after a run (within the clock's tick), a page
renamed, removed or added, a folder added, a symlinked page retargeted, single pages named. After
each, the warm answer is the one ``--no-cache`` gives."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.cli.main import main
from docgen.write import stamps

pytestmark = pytest.mark.skipif(not stamps.STAMPS, reason="no stamps where ctime is the creation time")

USER = Path("docs/resources/user.md")
GROUP = Path("docs/resources/group.md")


def out(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def same_as_cold(command: str, *docs: str) -> str:
    warm = out(command, *docs, "--format", "json")
    assert warm == out(command, *docs, "--format", "json", "--no-cache")
    return warm


def settle() -> None:
    time.sleep(stamps.FINE_MARGIN_NS / 1e9 * 2)


def same_size_edit(page: Path, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` (same length) and put the mtime back as it was."""
    assert len(old.encode()) == len(new.encode())
    info = page.stat()
    text = page.read_text(encoding="utf-8")
    assert old in text
    page.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.utime(page, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert page.stat().st_size == info.st_size and page.stat().st_mtime_ns == info.st_mtime_ns


@pytest.mark.parametrize("command", ["todos", "lint"])
def test_same_size_and_mtime(incremental_tree, command):
    settle()
    first = same_as_cold(command, "docs")
    same_as_cold(command, "docs")  # read from the stamps
    same_size_edit(USER, "The user's job title.", "TODO: the job title!!")
    edited = same_as_cold(command, "docs")
    if command == "todos":
        assert edited != first


@pytest.mark.parametrize("command", ["todos", "lint"])
def test_edits_at_once_after_a_run(incremental_tree, command):
    """No pause: each edit falls within the clock's tick of the run before it."""
    settle()
    same_as_cold(command, "docs")
    for n in range(3):
        same_size_edit(USER, "The user's job title." if n == 0 else f"TODO: job title {n - 1}....",
                       f"TODO: job title {n}....")
        same_as_cold(command, "docs")


@pytest.mark.parametrize("command", ["todos", "lint"])
def test_pages_renamed_removed_added_and_a_folder_added(incremental_tree, command):
    Path("docs/resources/todo-page.md").write_text("# To do\n\nTODO: write this page.\n", encoding="utf-8")
    settle()
    same_as_cold(command, "docs")
    settle()
    Path("docs/resources/todo-page.md").rename("docs/resources/renamed-page.md")  # same bytes, another name
    found = same_as_cold(command, "docs")
    if command == "todos":
        assert "renamed-page.md" in found and "todo-page.md" not in found
    settle()
    Path("docs/resources/renamed-page.md").unlink()
    assert "renamed-page.md" not in same_as_cold(command, "docs")
    settle()
    Path("docs/extra").mkdir()
    Path("docs/extra/note.md").write_text("# Note\n\nTODO: write this page.\n", encoding="utf-8")
    found = same_as_cold(command, "docs")
    if command == "todos":
        assert "docs/extra/note.md" in found
    settle()
    Path("docs/extra/deeper").mkdir()  # a folder added below a folder of the listing
    Path("docs/extra/deeper/more.md").write_text("# More\n\nTODO: and this.\n", encoding="utf-8")
    found = same_as_cold(command, "docs")
    if command == "todos":
        assert "docs/extra/deeper/more.md" in found


@pytest.mark.parametrize("command", ["todos", "lint"])
def test_a_symlinked_page_retargeted(incremental_tree, command):
    Path("elsewhere").mkdir()
    Path("elsewhere/a.md").write_text("# A\n\nTODO: aaaa.\n", encoding="utf-8")
    Path("elsewhere/b.md").write_text("# B\n\nTODO: bbbb.\n", encoding="utf-8")  # same size
    link = Path("docs/linked.md")
    link.symlink_to(Path("../elsewhere/a.md"))
    settle()
    same_as_cold(command, "docs")
    same_as_cold(command, "docs")
    link.unlink()
    link.symlink_to(Path("../elsewhere/b.md"))
    found = same_as_cold(command, "docs")
    if command == "todos":
        assert "bbbb" in found and "aaaa" not in found
    settle()
    same_size_edit(Path("elsewhere/b.md"), "bbbb", "cccc")  # the target edited, the link untouched
    found = same_as_cold(command, "docs")
    if command == "todos":
        assert "cccc" in found


@pytest.mark.parametrize("command", ["todos", "lint"])
def test_single_pages_named(incremental_tree, command):
    pages = [os.fspath(USER), os.fspath(GROUP)]
    settle()
    same_as_cold(command, *pages)
    same_as_cold(command, *pages)
    same_size_edit(USER, "The user's job title.", "TODO: the job title!!")
    same_as_cold(command, *pages)
    same_as_cold(command, os.fspath(USER))
    same_as_cold(command, "docs")
