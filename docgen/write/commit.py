"""The output folder's commit point: one writer at a time, and a journal that finishes a killed run.

In: the output folder, the moves a write is about to make (staged temporary -> final path), the
files it will remove and the manifest it will leave. Out: a lock held while the write runs
(:func:`locked`), the journal written before the first move (:func:`write_journal`) and, at the
next write, the killed write completed (:func:`recover`): every staged file still waiting is moved
into place, every removal done, and the journal's manifest written, so the files a killed run had
already replaced are never taken for hand edits. ``check`` reports an unfinished journal and
leftover temporaries (:func:`leftovers`).

A write takes an exclusive ``flock`` on the output folder itself (a descriptor opened on the
directory: no lock file to leave behind or to keep out of version control). A second ``docgen
generate`` on the same folder waits for it (saying so through ``waiting``) and then finds the
first one's output; after ``timeout`` seconds it gives up with ``output-locked``, having written
nothing. Where ``fcntl`` does not exist (Windows) there is no lock.

The journal (``.docgen-journal.json``) is written atomically (a temporary renamed over it) after
every file is staged and before anything is moved; it is removed once the manifest is in place.
A run killed before the journal leaves only temporaries (removed by the next write, which never
moved anything); one killed after it is completed by the next write. A write that changes the
manifest stages it with its files, and its journal names that staged file rather than holding
the manifest's text (:func:`write_journal`).

Power loss too: every staged file is synced (``fsync``, by the thread that staged it, many at
once: :func:`docgen.write.output._stage_all`) before the journal names it, the journal
and the manifest are synced before they are renamed into place, and each folder whose entries a
write renamed is synced after the renames (:func:`sync_folder`), so after a crash the journal never
names a staged file whose bytes did not reach the disk, and a manifest on disk never records a move
the disk lost.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from docgen.diagnostics import Diagnostic, Location, error, info
from docgen.write.faults import fault_point

JOURNAL_NAME = ".docgen-journal.json"
"""The journal in the output folder, present only while a write is between its first move and
its manifest (or after such a write was killed)."""
TEMP_PREFIX, TEMP_SUFFIX = ".docgen-", ".tmp"
"""Temporary files docgen stages are named ``.docgen-<pid>-<n>.tmp``."""
LOCK_TIMEOUT = 600.0
"""Seconds a write waits for another write of the same folder before giving up."""
POLL = 0.1
"""Seconds between two tries of the lock."""


class LockTimeout(Exception):
    """Another docgen kept the output folder locked for longer than the timeout."""


@contextmanager
def locked(
    out: Path, waiting: Callable[[str], None] | None = None, timeout: float = LOCK_TIMEOUT
) -> Iterator[None]:
    """Hold the exclusive lock of the folder ``out`` (which must exist) while the block runs.

    ``waiting`` is told once, with a sentence, when another write holds it; :class:`LockTimeout`
    after ``timeout`` seconds without it."""
    try:
        import fcntl
    except ImportError:  # Windows: no flock; one writer at a time is the user's business there
        yield
        return
    fd = os.open(out, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        deadline = time.monotonic() + timeout
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LockTimeout(out) from None
                if not told and waiting is not None:
                    waiting(f"docgen: waiting for another docgen writing {out} (at most {timeout:g} s)")
                    told = True
                time.sleep(POLL)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def is_temporary(name: str) -> bool:
    """True for the name of a file docgen stages (``.docgen-<pid>-<n>.tmp``)."""
    return name.startswith(TEMP_PREFIX) and name.endswith(TEMP_SUFFIX) and len(name) > len(TEMP_PREFIX + TEMP_SUFFIX)


def temporaries(out: Path) -> list[str]:
    """The relative paths of staged files left in ``out`` (by a killed run), sorted."""
    found: list[str] = []
    if not out.is_dir():
        return found
    for folder, dirs, files in os.walk(out):
        dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(folder, d))]
        for name in files:
            if is_temporary(name):
                found.append(Path(folder, name).relative_to(out).as_posix())
    return sorted(found)


def sync_file(handle) -> None:
    """Flush ``handle`` (an open binary file) and its bytes to the disk."""
    handle.flush()
    os.fsync(handle.fileno())


def sync_folder(folder: str | os.PathLike[str]) -> None:
    """Make the renames and removals inside ``folder`` durable (``fsync`` of the directory).

    Where directories cannot be opened or synced (Windows; some network file systems refuse with
    EINVAL) this does nothing: the rename itself is still atomic there.
    """
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
    try:
        fd = os.open(folder, flags)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def sync_folders(folders: Iterable[str]) -> None:
    """:func:`sync_folder` of each of ``folders``, all at once (a thread each when there are
    several): the syncs wait on the disk, not on this process (the three folders a warm edit's
    six files were moved into, synced one after the other: 1-12 ms, each waiting for the last)."""
    found = sorted(set(folders))
    if len(found) < 2:
        for folder in found:
            sync_folder(folder)
        return
    import threading

    threads = [threading.Thread(target=sync_folder, args=(folder,), name="docgen-sync") for folder in found]
    try:
        for thread in threads:
            thread.start()
    finally:  # (Ctrl-C while starting them: the ones started still end)
        for thread in threads:
            if thread.ident is not None:
                thread.join()


def _write_durably(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` (a new temporary name) and sync it before anyone renames it."""
    with open(path, "wb") as handle:
        handle.write(text.encode("utf-8"))
        sync_file(handle)


def write_journal(
    out: Path, moves: list[tuple[str, str]], removals: list[tuple[str, str]], manifest_text: str | None,
    manifest_file: str | None = None,
) -> None:
    """Record, before the first move, what this write is about to do: ``moves`` (staged file,
    final path, both relative to ``out``), ``removals`` (path, sha256 of the bytes to remove) and
    the manifest it leaves: its text, or (``manifest_text`` None) ``manifest_file``, the name in
    ``out`` of a temporary holding it, staged and synced with the files (the journal then stays
    small: the corpus's manifest is 0.7 MB, which the journal encoded, wrote and synced once more,
    2-4 ms of every warm write). Raises OSError (nothing moved yet: the write fails cleanly)."""
    data = {
        "about": "Written by docgen while it moves files into place; the next docgen completes it. Do not edit.",
        "moves": [list(m) for m in moves],
        "removals": [list(r) for r in removals],
    }
    if manifest_text is not None:
        data["manifest"] = manifest_text
    else:
        data["manifest_file"] = manifest_file
    path = out / JOURNAL_NAME
    tmp = out / f"{TEMP_PREFIX}journal-{os.getpid()}{TEMP_SUFFIX}"
    _write_durably(tmp, json.dumps(data, sort_keys=True))
    fault_point("journal")
    os.replace(tmp, path)
    sync_folder(out)


def remove_journal(out: Path) -> None:
    """The write is complete: forget it."""
    try:
        (out / JOURNAL_NAME).unlink()
    except FileNotFoundError:
        pass


def _read_journal(out: Path) -> dict | None:
    try:
        data = json.loads((out / JOURNAL_NAME).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _inside(out: Path, rel: object) -> Path | None:
    """``out/rel`` when ``rel`` is a plain relative path that stays in ``out``, else None."""
    if not isinstance(rel, str) or not rel or rel.startswith("/") or "\\" in rel or "\x00" in rel:
        return None
    if any(part in ("", ".", "..") for part in rel.split("/")):
        return None
    return out / rel


def recover(out: Path, sha256: Callable[[bytes], str], display: Callable[[Path], str],
            found: list[str] | None = None) -> list[Diagnostic]:
    """Complete the write a killed run journaled in ``out`` (call with the lock held).

    Each staged file still there is moved into place; each removal whose file still has the
    recorded bytes is done; then the journal's manifest is written, adjusted for any file the
    completion could not put in place (recorded with the hash on disk when it is docgen's old file,
    so it is rewritten as out of date rather than refused as edited), and the journal removed.
    Temporaries left by a run killed before its journal are removed too: ``found``, when the
    caller walked the folder already (:func:`docgen.write.paths.walk_output`) and there was no
    journal to complete, else those :func:`temporaries` finds (one found earlier that is gone
    since is passed over). An unreadable journal is an error: nothing is touched.
    """
    from docgen.write.paths import MANIFEST_NAME

    journal = _read_journal(out)
    diagnostics: list[Diagnostic] = []
    if journal is not None:
        moves, removals, text = journal.get("moves"), journal.get("removals"), journal.get("manifest")
        if text is None and "manifest_file" in journal:
            text = _staged_manifest(out, journal["manifest_file"])
        try:
            manifest = json.loads(text) if isinstance(text, str) else None
            files = manifest.get("files") if isinstance(manifest, dict) else None
        except ValueError:
            files = None
        if not isinstance(moves, list) or not isinstance(removals, list) or not isinstance(files, dict):
            where = Location(display(out / JOURNAL_NAME))
            return [error("journal-unreadable", "docgen's journal of an interrupted write cannot be read; "
                          "remove it and run docgen generate --force", where)]
        for move in moves:
            if not (isinstance(move, list) and len(move) == 2):
                continue
            source, target = _inside(out, move[0]), _inside(out, move[1])
            if source is not None and target is not None and is_temporary(source.name) and source.is_file():
                os.replace(source, target)
        for removal in removals:
            if not (isinstance(removal, list) and len(removal) == 2):
                continue
            target = _inside(out, removal[0])
            if target is not None and target.is_file() and sha256(target.read_bytes()) == removal[1]:
                target.unlink()
        for rel, digest in list(files.items()):
            target = _inside(out, rel)
            data = target.read_bytes() if target is not None and target.is_file() else None
            if data is None:
                files.pop(rel)
            elif sha256(data) != digest:
                files[rel] = sha256(data)  # docgen's bytes of some run, not the journal's: rewritten
        manifest["files"] = dict(sorted(files.items()))
        tmp = out / f"{TEMP_PREFIX}manifest-{os.getpid()}{TEMP_SUFFIX}"
        for folder in sorted({os.path.dirname(os.path.join(out, rel)) for rel in files}):
            sync_folder(folder)
        _write_durably(tmp, json.dumps(manifest, indent=2, sort_keys=True) + "\n")
        os.replace(tmp, out / MANIFEST_NAME)
        sync_folder(out)
        remove_journal(out)
        diagnostics.append(info("write-resumed", "completed the write of an earlier docgen that was interrupted",
                                Location(display(out / JOURNAL_NAME))))
    for rel in temporaries(out) if found is None or journal is not None else found:
        try:
            (out / rel).unlink()
        except OSError:
            pass
    return diagnostics


def _staged_manifest(out: Path, name: object) -> str | None:
    """The text of the manifest a journal names by its staged temporary (see
    :func:`write_journal`): that file's, or, once the killed write had renamed it into place,
    the manifest's own; None when neither can be read."""
    from docgen.write.paths import MANIFEST_NAME

    source = _inside(out, name)
    staged = [source] if source is not None and is_temporary(source.name) else []
    for path in [*staged, out / MANIFEST_NAME]:
        try:
            return path.read_bytes().decode("utf-8")
        except FileNotFoundError:
            continue
        except (OSError, UnicodeDecodeError):
            return None
    return None


def leftovers(out: Path, display: Callable[[Path], str]) -> list[Diagnostic]:
    """What a killed write left in ``out``, as ``check`` findings: an unfinished journal and
    staged temporaries (both cleaned up by the next ``docgen generate``)."""
    found: list[Diagnostic] = []
    if (out / JOURNAL_NAME).exists():
        found.append(error("interrupted-write", "a docgen write was interrupted before it finished; "
                           "run docgen generate to complete it", Location(display(out / JOURNAL_NAME))))
    for rel in temporaries(out):
        found.append(error("leftover-temporary", f"{rel} was left by an interrupted docgen; "
                           "run docgen generate to remove it", Location(display(out / rel))))
    return found
