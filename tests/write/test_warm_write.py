"""A write after a write: what the stored stamps spare (no state, no read, no text check for the
files they vouch for) must leave the result a write without them gives, hand edits refused."""

from __future__ import annotations

import os

import pytest

from docgen.write import commit, paths, stamps
from docgen.write.output import write_output
from docgen.write.paths import MANIFEST_NAME
from stamped_files import FILES, HEAD, stamped_write as _stamped_write

pytestmark = pytest.mark.skipif(not stamps.STAMPS, reason="no stamps where ctime is the creation time")

def test_vouched_files_give_the_result_and_manifest_of_a_write_without_stamps(tmp_path) -> None:
    out, plain = tmp_path / "out", tmp_path / "plain"
    known = _stamped_write(out)
    write_output(FILES, plain)
    changed = {**FILES, "pkg/models/m3.py": f"{HEAD}x = 'changed'\n", "pkg/models/new.py": f"{HEAD}y = 1\n"}
    del changed["pkg/requests/m7.py"]
    with_stamps = write_output(changed, out, known=known)
    without = write_output(changed, plain)
    assert with_stamps.ok and without.ok
    assert (with_stamps.written, with_stamps.removed) == (without.written, without.removed) == (
        ("pkg/models/m3.py", "pkg/models/new.py"), ("pkg/requests/m7.py",))
    assert with_stamps.unchanged == without.unchanged == tuple(sorted(set(FILES) - {"pkg/models/m3.py", "pkg/requests/m7.py"}))
    assert (out / MANIFEST_NAME).read_bytes() == (plain / MANIFEST_NAME).read_bytes()
    assert set(with_stamps.stamps) >= set(with_stamps.unchanged)


def test_a_hand_edit_of_a_stamped_file_is_still_refused(tmp_path) -> None:
    out = tmp_path / "out"
    known = _stamped_write(out)
    edited = out / "pkg/requests/m4.py"
    edited.write_text(f"{HEAD}x = 'by hand'\n")
    wanted = {**FILES, "pkg/requests/m4.py": f"{HEAD}x = 'new'\n"}
    result = write_output(wanted, out, known=known)
    assert [d.code for d in result.diagnostics] == ["hand-edited"] and not result.written
    assert edited.read_text() == f"{HEAD}x = 'by hand'\n"


def test_a_leftover_temporary_found_by_the_walk_is_removed_and_links_still_refused(tmp_path) -> None:
    out = tmp_path / "out"
    known = _stamped_write(out)
    leftover = out / "pkg/models/.docgen-999999-1.tmp"
    leftover.write_text("staged by a killed run")
    links, dirs, temporaries = paths.walk_output(out, commit.is_temporary)
    assert temporaries == ["pkg/models/.docgen-999999-1.tmp"] and not links and {"pkg", "pkg/models"} <= dirs
    assert write_output(FILES, out, known=known).ok
    assert not leftover.exists()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    os.rename(out / "pkg/requests", elsewhere / "requests")
    os.symlink(elsewhere / "requests", out / "pkg/requests")  # the same files (inodes), now outside
    result = write_output({**FILES, "pkg/requests/m1.py": f"{HEAD}x = 'new'\n"}, out, known=known)
    assert "unsafe-output-path" in {d.code for d in result.diagnostics} and not result.written


def test_checked_paths_are_still_checked_together_and_against_the_disk(tmp_path) -> None:
    out = tmp_path / "out"
    (out / "pkg" / "dir.py").mkdir(parents=True)
    checked = {"pkg/a.py", "pkg/A.py", "pkg/dir.py", "pkg/b", "pkg/b/c.py"}
    codes = sorted(d.code for d in paths.check_paths(sorted(checked) + ["../x.py"], out, str, checked=checked))
    assert codes == ["output-path-collision"] * 3 + ["unsafe-output-path"]


def test_a_hand_edit_of_a_stamped_file_docgen_would_leave_as_it_is_is_refused(tmp_path) -> None:
    """A file edited behind docgen's
    back whose wanted bytes did not change is read, and refused as any hand edit is."""
    out = tmp_path / "out"
    known = _stamped_write(out)
    edited = out / "pkg/models/m9.py"
    edited.write_text(f"{HEAD}x = 'by hand, same size'\n"[: len(FILES['pkg/models/m9.py'])])
    result = write_output(FILES, out, known=known)
    assert [d.code for d in result.diagnostics] == ["hand-edited"] and not result.written
    assert "m9.py" in result.diagnostics[0].message


def test_stamped_files_removed_behind_docgens_back_are_written_again(tmp_path) -> None:
    """A stamped file that is gone is written again:
    the write is the one a write without stamps makes."""
    out, plain = tmp_path / "out", tmp_path / "plain"
    known = _stamped_write(out)
    write_output(FILES, plain)
    for folder in (out, plain):
        (folder / "pkg/models/m2.py").unlink()
        (folder / "pkg/requests/m8.py").unlink()
    with_stamps, without = write_output(FILES, out, known=known), write_output(FILES, plain)
    assert with_stamps.ok and without.ok
    assert with_stamps.written == without.written == ("pkg/models/m2.py", "pkg/requests/m8.py")
    assert with_stamps.unchanged == without.unchanged
    assert (out / MANIFEST_NAME).read_bytes() == (plain / MANIFEST_NAME).read_bytes()
    assert set(with_stamps.stamps) >= set(with_stamps.unchanged) - {"pkg/models/m2.py", "pkg/requests/m8.py"}
