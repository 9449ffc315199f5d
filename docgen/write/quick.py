"""Proving, without reading every file, that the output folder is what docgen would write.

In: the sha256 of every file a fresh generation holds (recorded when that generation was last
written or checked), the output folder and the stamps (:mod:`docgen.write.stamps`) of its files.
Out: whether :func:`~docgen.write.output.check_output` would find nothing at all, and the stamps
of the files that had to be read. It answers True only when every condition of a clean check
holds: no refusal (paths, symlinks, output inside an input), docgen's manifest readable, of this
version and equal to the expected one, no killed write's journal or temporary, and every file's
bytes of the expected sha256 (by its stamp, else read). Anything else, or any doubt (a symlink
anywhere in the folder, an unreadable folder), answers False: the caller then makes the full
check, which says what differs. Nothing here writes.
"""

from __future__ import annotations

import os
import time
from stat import S_ISREG
from collections.abc import Iterable, Mapping
from pathlib import Path

from docgen.write.commit import JOURNAL_NAME, is_temporary
from docgen.write.paths import check_overlap, check_paths
from docgen.write.stamps import Stamp, make_stamp, read_stat, unchanged
from docgen.write.state import Display, read_manifest, sha256


def _files(out: Path) -> dict[str, os.stat_result] | None:
    """The ``lstat`` of every file below ``out`` by relative posix path (one walk, each folder
    listed through its descriptor: a third faster than a stat of each joined path); None when a
    symlink, a journal, a staged temporary or an unreadable folder is found."""
    found: dict[str, os.stat_result] = {}
    try:
        pending = [("", os.open(out, _FOLDER))]
    except OSError:
        return None
    try:
        while pending:
            prefix, fd = pending.pop()
            try:
                with os.scandir(fd) as entries:
                    for entry in entries:
                        name = entry.name
                        if entry.is_symlink() or (name[0] == "." and (  # (both start with a dot)
                                is_temporary(name) or (not prefix and name == JOURNAL_NAME))):
                            return None
                        if entry.is_dir(follow_symlinks=False):
                            pending.append((prefix + name + "/", os.open(name, _FOLDER, dir_fd=fd)))
                        else:
                            found[prefix + name] = entry.stat(follow_symlinks=False)
            finally:
                os.close(fd)
    except OSError:
        return None
    finally:
        for _, fd in pending:
            os.close(fd)
    return found


_FOLDER = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)


def proven_current(
    expected: Mapping[str, str],
    out: Path,
    *,
    inputs: Iterable[Path],
    version: str,
    stamps: Mapping[str, Stamp],
    display: Display = str,
    paths_checked: bool = False,
    manifest_current: bool = False,
) -> tuple[bool, dict[str, Stamp]]:
    """(True when a check of a generation whose files have the sha256 of ``expected`` would be
    clean, the stamps of the files read on the way); see the module's docstring.

    ``paths_checked``: the paths of ``expected`` are known to pass the text rules of
    :func:`~docgen.write.paths.check_paths` (they were validated when the sha256 were recorded,
    by this docgen: the text rules depend on nothing else); the file system's part (symlinks,
    folders where files should be) is checked here anyway. ``manifest_current``: the caller
    found the manifest's bytes to be :meth:`~docgen.write.state.Manifest.to_text` of ``version``
    and ``expected`` (it is not read and parsed again)."""
    taken = time.time_ns()
    if not expected or check_overlap(out, tuple(inputs), display):
        return False, {}
    if not manifest_current:
        manifest, problems = read_manifest(out, display)
        if manifest is None or problems or manifest.docgen_version != version:
            return False, {}
        if manifest.files != tuple(sorted(expected.items())):
            return False, {}
    if not paths_checked and check_paths(expected.keys(), out, display, tree=(set(), set())):
        return False, {}  # unsafe as text (symlinks and folders are refused below)
    disk = _files(out)
    if disk is None:
        return False, {}
    base = os.fspath(out)
    read: dict[str, Stamp] = {}
    on_disk, stamp_of, regular = disk.get, stamps.get, S_ISREG
    for rel, wanted in expected.items():
        info = on_disk(rel)
        if info is None:  # missing, or a folder
            return False, read
        stamp = stamp_of(rel)
        if (stamp is not None and regular(info.st_mode) and stamp[4] == wanted
                and (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino) == stamp[:4]):
            continue  # what unchanged() tells, inline (5,720 files): its stamp vouches for it
        found = unchanged(stamp, info)
        if found is None:  # no stamp vouches for it: read it
            got = read_stat(os.path.join(base, rel))
            if got is None:
                return False, read
            found = sha256(got[0])
            stamp = make_stamp(got[1], found, taken)
            if stamp is not None and found == wanted:
                read[rel] = stamp
        if found != wanted:
            return False, read
    return True, read
