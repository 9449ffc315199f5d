"""``lint``, ``todos`` and ``drift`` keep stamps of the pages they read (``Run.remember_pages``),
so the next one reads only the pages changed since; what they report stays what ``--no-cache``
reports."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.cli.main import main
from docgen.pipeline.run import Run
from docgen.write import stamps

pytestmark = pytest.mark.skipif(not stamps.STAMPS, reason="no stamps where ctime is the creation time")

REPO = Path(__file__).resolve().parents[2]
CSDL = REPO / "tests" / "fixtures" / "csdl"


def invoke(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def settle() -> None:
    """Wait until the pages written last are no longer racily clean (a page changed within the
    clock's last tick is never stamped)."""
    time.sleep(stamps.FINE_MARGIN_NS / 1e9 * 2)


def read_pages() -> list[str]:
    """The pages a plan of ``docs/`` reads now (those no stored stamp vouches for)."""
    with Run(jobs=1) as run:
        planned = run.plan([Path("docs")])
    return [display for _, display, data in planned.items if data is not None]


def metadata() -> list[str]:
    found = [CSDL / "incremental.csdl.xml"]
    return ["--metadata", str(found[0])] if found else []


@pytest.mark.parametrize("command", ["lint", "todos", "drift"])
def test_a_check_stamps_the_pages_it_read(incremental_tree, command):
    extra = metadata() if command == "drift" else []
    if command == "drift" and not extra:
        pytest.skip("no CSDL fixture")
    settle()
    assert len(read_pages()) == 16  # nothing stamped yet: every page read
    first = invoke(command, "docs", "--format", "json", *extra)
    assert read_pages() == []
    page = Path("docs/resources/user.md")
    page.write_text(page.read_text(encoding="utf-8").replace("|The user's job title.|", "|TODO: the job.|"),
                    encoding="utf-8")
    settle()
    assert read_pages() == ["docs/resources/user.md"]
    edited = invoke(command, "docs", "--format", "json", *extra)
    assert edited == invoke(command, "docs", "--format", "json", "--no-cache", *extra)
    assert read_pages() == []
    if command == "todos":
        assert edited != first


def test_no_cache_stamps_nothing(incremental_tree):
    settle()
    invoke("lint", "docs", "--format", "json", "--no-cache")
    assert len(read_pages()) == 16


def test_a_page_saved_again_unchanged_is_stamped_again(incremental_tree):
    """A page whose bytes are the stamped ones but whose stat changed (saved again, touched) is
    read once, then vouched for again: its old stamp would never hold."""
    settle()
    invoke("lint", "docs", "--format", "json")
    page = Path("docs/resources/user.md")
    page.write_bytes(page.read_bytes())  # the same bytes, a new mtime and ctime
    settle()
    assert read_pages() == ["docs/resources/user.md"]
    invoke("lint", "docs", "--format", "json")
    assert read_pages() == []
