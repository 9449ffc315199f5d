"""A plan with the stored stamps of its pages (docgen.pipeline.plan): the plan
must be the one a plan without stamps gives (same keys, same diagnostics), but for the bytes of
the vouched pages, which are left unread; whatever a stamp no longer vouches for is read."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from docgen.pipeline.cache import code_fingerprint, digest
from docgen.pipeline.plan import plan
from docgen.write import stamps

pytestmark = pytest.mark.skipif(not stamps.STAMPS, reason="no stamps where ctime is the creation time")

PAGE = "# {name}\n\nSome text about {name}.\n"


@pytest.fixture
def pages(tmp_path: Path) -> tuple[Path, list[tuple[str, str]], dict]:
    docs = tmp_path / "docs"
    docs.mkdir()
    for n in range(12):
        (docs / f"p{n:02}.md").write_text(PAGE.format(name=f"page {n}"), encoding="utf-8")
    time.sleep(stamps.FINE_MARGIN_NS / 1e9 * 2)  # settled: old enough to be stamped
    first = plan([docs], tmp_path)
    taken = time.time_ns()
    known = {path: stamps.make_stamp(os.stat(path), key, taken) for (path, _, _), key in zip(first.items, first.keys)}
    assert all(known.values())
    found = [(path, display) for path, display, _ in first.items]
    return tmp_path, found, known


def _same_as_unstamped(root: Path, found, known) -> object:
    stamped = plan([root / "docs"], root, known=known, found=found)
    plain = plan([root / "docs"], root, found=found)
    assert (stamped.keys, stamped.key, stamped.diagnostics, stamped.skipped) == (
        plain.keys, plain.key, plain.diagnostics, plain.skipped)
    assert [item[:2] for item in stamped.items] == [item[:2] for item in plain.items]
    return stamped


def test_every_page_vouched_for_is_left_unread(pages) -> None:
    root, found, known = pages
    planned = _same_as_unstamped(root, found, known)
    assert all(data is None for _, _, data in planned.items)


def test_a_page_edited_behind_its_stamp_is_read(pages) -> None:
    root, found, known = pages
    edited = root / "docs" / "p05.md"
    edited.write_text(PAGE.format(name="page 5, edited"), encoding="utf-8")
    planned = _same_as_unstamped(root, found, known)
    read = [display for _, display, data in planned.items if data is not None]
    assert read == ["docs/p05.md"]
    assert planned.keys[5] == digest(code_fingerprint(), "docs/p05.md", edited.read_bytes())


def test_a_stamped_page_gone_is_reported_as_without_stamps(pages) -> None:
    root, found, known = pages
    (root / "docs" / "p03.md").unlink()
    planned = _same_as_unstamped(root, found, known)
    assert planned.skipped == ("docs/p03.md",) and planned.diagnostics
    assert len(planned.items) == len(found) - 1


@pytest.mark.parametrize("damage", ["not-a-sha", "short-sha", "other-inode"])
def test_a_damaged_stored_stamp_vouches_for_nothing(pages, damage: str) -> None:
    root, found, known = pages
    path = found[7][0]
    size, mtime, ctime, inode, sha = known[path]
    known = dict(known)
    known[path] = {"not-a-sha": (size, mtime, ctime, inode, 12345), "short-sha": (size, mtime, ctime, inode, sha[:10]),
                   "other-inode": (size, mtime, ctime, inode + 1, "0" * 64)}[damage]
    planned = _same_as_unstamped(root, found, known)
    assert [display for _, display, data in planned.items if data is not None] == ["docs/p07.md"]


def test_pages_without_stamps_among_stamped_ones_are_read(pages) -> None:
    root, found, known = pages
    known = {path: stamp for n, (path, stamp) in enumerate(known.items()) if n % 3}
    planned = _same_as_unstamped(root, found, known)
    read = [display for _, display, data in planned.items if data is not None]
    assert read == [found[n][1] for n in range(0, len(found), 3)]
