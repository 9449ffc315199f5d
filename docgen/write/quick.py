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
from collections.abc import Iterable, Mapping
from pathlib import Path

from docgen.write.commit import JOURNAL_NAME, is_temporary
from docgen.write.paths import check_overlap, check_paths
from docgen.write.state import Display, read_manifest, sha256
from docgen.write.stamps import Stamp, make_stamp, read_stat, unchanged


def _tree(out: Path) -> tuple[set[str], set[str]] | None:
    """The folders inside ``out`` (relative posix paths) and the names of its top level; None
    when a symlink, a journal, a staged temporary or an unreadable folder is found."""
    dirs: set[str] = set()
    pending = [("", os.fspath(out))]
    while pending:
        prefix, folder = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            return None
        for entry in entries:
            name = entry.name
            if entry.is_symlink() or is_temporary(name) or (not prefix and name == JOURNAL_NAME):
                return None
            if entry.is_dir(follow_symlinks=False):
                dirs.add(prefix + name)
                pending.append((prefix + name + "/", entry.path))
    return dirs, set()


def proven_current(
    expected: Mapping[str, str],
    out: Path,
    *,
    inputs: Iterable[Path],
    version: str,
    stamps: Mapping[str, Stamp],
    display: Display = str,
) -> tuple[bool, dict[str, Stamp]]:
    """(True when a check of a generation whose files have the sha256 of ``expected`` would be
    clean, the stamps of the files read on the way); see the module's docstring."""
    taken = time.time_ns()
    if not expected or check_overlap(out, tuple(inputs), display):
        return False, {}
    manifest, problems = read_manifest(out, display)
    if manifest is None or problems or manifest.docgen_version != version:
        return False, {}
    if manifest.files != tuple(sorted(expected.items())):
        return False, {}
    tree = _tree(out)
    if tree is None:
        return False, {}
    dirs, links = tree
    if check_paths(expected.keys(), out, display, tree=(links, dirs)):
        return False, {}
    base = os.fspath(out)
    read: dict[str, Stamp] = {}
    for rel, wanted in expected.items():
        path = os.path.join(base, rel)
        try:
            info = os.stat(path)
        except OSError:
            return False, read
        found = unchanged(stamps.get(rel), info)
        if found is None:  # no stamp vouches for it: read it
            got = read_stat(path)
            if got is None:
                return False, read
            found = sha256(got[0])
            stamp = make_stamp(got[1], found, taken)
            if stamp is not None and found == wanted:
                read[rel] = stamp
        if found != wanted:
            return False, read
    return True, read
