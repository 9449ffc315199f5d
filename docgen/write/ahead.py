"""The output folder looked at by a forked child while the render runs: the write's disk checks
off the critical path of a warm edit.

In: the output folder and the stamps an earlier run stored for its files (``known``,
:mod:`docgen.write.stamps`). Out: what :func:`docgen.write.output.write_output` would find by
walking the folder and stat'ing every stamped file (:class:`Seen`: the stamped files whose stamps
no longer hold, the symlinks and folders inside, whether the stamped path set passes
:func:`~docgen.write.paths.check_paths` against that tree), or None. Nothing here writes.

A warm edit's write used to stat the 5,720 stamped files (20-33 ms), walk the folder (9 ms) and
check the path set against the tree (4-8 ms) on the critical path, while the second core idled
once the edited page was parsed. :func:`docgen.pipeline.look_aside.look_early` forks a child for it at plan time (beside the
parse of :mod:`docgen.pipeline.parse_aside`, ); the write takes
its answer (:func:`take`) once it needs it and, holding the output lock, uses it only when
:meth:`Seen.still` proves that nothing docgen writes changed in between.

Why the answer may stand for a survey made under the lock:

- The child reads the clock first, then checks that no journal is there, stats the manifest,
  then each folder (before listing it: :func:`~docgen.write.paths.walk_output`), then each
  stamped file. Every stat it takes is thus taken after the command started: a hand edit (or a
  removal) made before the command is seen exactly as the survey sees it: the file's stamp no
  longer holds, it is read and compared by the parent (restored, or refused as hand-edited).
- Every docgen write that changes a file moves a staged file into place by a rename (a new
  entry in that file's folder) after creating its journal in the output folder, removes what it
  removes, and replaces the manifest by a rename: each changes the modification and change time
  of a folder the child stamped. A write made between the child's look and our lock (a
  concurrent docgen, a killed one's recovery) therefore changes a folder's or the manifest's
  stamp, and :meth:`Seen.still` (one ``lstat`` per folder, the manifest's and the journal's,
  under the lock) refuses the answer: the write surveys as it did before. A leftover temporary
  or journal at the look, an unreadable folder, a folder or manifest changed too recently to be
  stamped (the racy rule of :mod:`docgen.write.stamps`: its times must be older than the clock
  reading by the margin, or an entry added within the same clock tick could leave the times as
  they were), and the child gives no answer.
- A stamped file whose ``lstat`` the child found equal to its stamp holds the stamp's bytes by
  the argument of :mod:`docgen.write.stamps` (stamps are only made of files that were not racily
  clean); the parent still checks that those are the bytes it wants.

What is not covered is what no survey covers either: a file edited in place by hand while the
command runs (before or after the survey: the run's look at the disk is one moment within it).

The pipeline forks the child (:mod:`docgen.pipeline.look_aside`: no SQLite connection, dies with
this process, one :mod:`marshal` tuple through a pipe, read back as data through
:mod:`docgen.pipeline.unmarshal`, waited for at most a fraction of the survey it spares) and hands
it over (:func:`expect`); here the answer is checked for its shape (:func:`_seen`): a bad answer is
no answer.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from pathlib import Path
from stat import S_ISREG
from typing import Any, NamedTuple, Protocol

from docgen.write.commit import JOURNAL_NAME, is_temporary
from docgen.write.paths import MANIFEST_NAME, check_paths, path_set_digest, walk_output
from docgen.write.stamps import Stamp, make_stamp

FORM = 2
"""The shape of the child's answer (its first field)."""

Times = tuple[int, int, int, int]
"""``(inode, mtime_ns, ctime_ns, size)`` of a folder or the manifest."""


def _times(info: os.stat_result) -> Times:
    return (info.st_ino, info.st_mtime_ns, info.st_ctime_ns, info.st_size)


class Seen(NamedTuple):
    """What the child found (:func:`look`), as the write uses it (a tuple, not a dataclass: no
    code compiled ahead for it, see :mod:`docgen.model.dataclass_ahead`)."""

    out: str
    """The output folder (absolute)."""
    manifest: Times
    """The manifest's times when the child looked."""
    folders: tuple[tuple[str, Times], ...]
    """Each folder inside the output folder (relative posix path; ``""`` the folder itself)
    with its times, stat'ed before it was listed."""
    links: frozenset[str]
    """The symlinks inside the output folder."""
    dirs: frozenset[str]
    """The folders inside the output folder (not itself)."""
    failed: frozenset[str]
    """The stamped files whose stamps did not hold (changed, removed, not a regular file)."""
    passed: str
    """The :func:`~docgen.write.paths.path_set_digest` of a path set (the manifest's) that passes
    :func:`~docgen.write.paths.check_paths` against this tree; ``""`` when none was found to."""
    listed: str
    """The sha256 of the manifest's bytes the child read, when they are the writer's own text of
    what they record (:meth:`~docgen.write.state.Manifest.to_text`) and it also put in
    :attr:`failed` every stamped file whose stamp's sha256 is not the one that manifest records
    of it. A file not in :attr:`failed` then holds the bytes the manifest records, and a write
    that reads the same manifest bytes tells it unchanged by comparing digests it has at hand (no
    stamp touched, see :func:`~docgen.write.state.survey`) and makes the manifest it writes by
    changing those bytes' few lines (:func:`~docgen.write.state.spliced`). ``""`` when the manifest
    could not be read or is in another form."""

    def still(self) -> bool:
        """True when no docgen write changed the folder since the look: each folder's and the
        manifest's times are those the child saw and there is no journal (call with the output
        lock held; see the module)."""
        base = self.out
        try:
            if _times(os.lstat(os.path.join(base, MANIFEST_NAME))) != self.manifest:
                return False
            for rel, times in self.folders:
                if _times(os.lstat(os.path.join(base, rel) if rel else base)) != times:
                    return False
        except OSError:
            return False
        return not os.path.lexists(os.path.join(base, JOURNAL_NAME))


def look(out: str, known: Mapping[str, Stamp]) -> tuple | None:
    """The child's answer for ``out`` (absolute) and its stored stamps ``known``: a marshal
    tuple (see :func:`_seen`), or None when it cannot vouch for the folder (see the module)."""
    taken = time.time_ns()
    base = os.fspath(out)
    if os.path.lexists(os.path.join(base, JOURNAL_NAME)):
        return None  # a write in progress or killed: the write recovers it as before
    try:
        info = os.lstat(os.path.join(base, MANIFEST_NAME))
    except OSError:
        return None
    if make_stamp(info, "", taken) is None:  # not a regular file, or changed too recently
        return None
    manifest = _times(info)
    seen_folders: list[tuple[str, os.stat_result]] = []
    links, dirs, temporaries = walk_output(Path(base), is_temporary, folders=seen_folders)
    if temporaries or not seen_folders or seen_folders[0][0] != "":
        return None  # leftovers to remove (the write does it), or no folder at all
    folders = []
    for rel, folder in seen_folders:
        if folder is None or make_stamp(folder, "", taken, folder=True) is None:
            return None  # unreadable, or changed too recently for its times to show a change
        folders.append((rel, _times(folder)))
    failed = []
    prefix = os.path.join(base, "")
    lstat = os.lstat
    for rel, stamp in known.items():  # what survey tells of each stamped file, without the digest
        try:
            file = lstat(prefix + rel)
        except (OSError, TypeError, ValueError):
            failed.append(rel)
            continue
        if not (file.st_ino == stamp[3] and file.st_mtime_ns == stamp[1] and file.st_ctime_ns == stamp[2]
                and file.st_size == stamp[0] and S_ISREG(file.st_mode)):
            failed.append(rel)
    unheld = set(failed)
    from docgen.write.state import manifest_data, sha256

    data, recorded, _ = manifest_data(Path(base))
    listed = ""
    if recorded is not None and recorded.to_text().encode("utf-8") == data:
        # what survey would tell of a stamp's digest, against the manifest's
        record = recorded.hashes()
        failed += [rel for rel, stamp in known.items() if rel not in unheld and record.get(rel) != stamp[4]]
        listed = sha256(data)
    passed = _passed(base, links, dirs, recorded)
    return (FORM, base, manifest, tuple(folders), tuple(sorted(links)), tuple(sorted(dirs)),
            tuple(sorted(failed)), passed, listed)


def _passed(base: str, links: set[str], dirs: set[str], manifest: Any) -> str:
    """The :func:`~docgen.write.paths.path_set_digest` of the paths of ``manifest`` (the one in
    ``base``, or None) when :func:`~docgen.write.paths.check_paths` (every rule, none taken as
    checked) finds nothing to report of them against this tree, else ``""``: a warm edit nearly
    always writes the path set it wrote last time. The manifest is only where the paths come
    from: nothing of it is trusted."""
    if manifest is None:
        return ""
    names = [rel for rel, _ in manifest.files]
    if check_paths(names, Path(base), str, tree=(links, dirs)):
        return ""
    return path_set_digest(names)


def _seen(value: Any, out: str) -> Seen | None:
    """The :class:`Seen` of the child's answer ``value`` for ``out``; None when it has another shape."""
    if not (type(value) is tuple and len(value) == 9 and value[0] == FORM and value[1] == out):
        return None
    _, _, manifest, folders, links, dirs, failed, passed, listed = value
    if not (_is_times(manifest) and type(folders) is tuple and type(passed) is str and type(listed) is str):
        return None
    if not all(type(f) is tuple and len(f) == 2 and type(f[0]) is str and _is_times(f[1]) for f in folders):
        return None
    if not folders or folders[0][0] != "":
        return None
    for names in (links, dirs, failed):
        if type(names) is not tuple or not all(type(name) is str for name in names):
            return None
    return Seen(out, manifest, folders, frozenset(links), frozenset(dirs), frozenset(failed), passed, listed)


def _is_times(value: Any) -> bool:
    return type(value) is tuple and len(value) == 4 and all(type(field) is int for field in value)


class Pending(Protocol):
    """A child forked to :func:`look` at ``out`` with ``known`` (the pipeline forks it:
    :mod:`docgen.pipeline.look_aside`)."""

    out: str
    known: Mapping[str, Stamp]

    def answer(self) -> Any:
        """What the child sent, read back as data (None: no answer in time, or not data)."""

    def discard(self) -> None:
        """End the child."""


_EARLY: list[Pending] = []
"""The child forked for the write to take (:func:`expect`), until :func:`take` or :func:`discard_early`."""


def expect(pending: Pending) -> None:
    """Keep ``pending`` for the write of its folder to take (:func:`take`); any other is ended."""
    discard_early()
    _EARLY.append(pending)


def take(out: Path, known: Mapping[str, Stamp] | None) -> Seen | None:
    """What the child forked for ``out`` and exactly these stamps (the same object) found, as
    :class:`Seen`; None when there is none, it gave no answer or an answer of another shape.
    Any other child is ended."""
    base = os.path.abspath(out)
    found = next((one for one in _EARLY if one.out == base and one.known is known), None)
    if found is not None:
        _EARLY.remove(found)
    discard_early()
    if found is None:
        return None
    value = found.answer()
    return None if value is None else _seen(value, base)


def discard_early() -> None:
    """End the child forked for a write that nothing took (the end of a run)."""
    while _EARLY:
        _EARLY.pop().discard()
