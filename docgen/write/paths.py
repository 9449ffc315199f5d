"""Where generated files may go: relative paths confined to the output folder.

Output paths come from names the docs chose, so each one is checked as text (no ``..``, no absolute,
drive-letter or UNC path, no NUL or control character, no backslash) and then against the file
system (no symlink inside the output folder leading out of it, no output folder inside an input
folder). Every check returns a reason or diagnostics; nothing here writes.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Sequence
from itertools import repeat
from operator import itemgetter
from pathlib import Path

from docgen import lazy_re
from docgen.diagnostics import Diagnostic, Location, error

COMPONENT_MAX = 100
"""The longest file or folder name docgen writes, in UTF-8 bytes. File systems allow 255 bytes
(ext4, XFS, APFS, NTFS: 255 UTF-16 units), eCryptfs 143; a staged file's name adds up to about
40 (``.docgen-<pid>-<n>.tmp``). Module names are shortened to fit
(:func:`docgen.render.naming.module`); a longer component is refused before anything is written
(issue 19: a 300-character type name failed halfway through the moves)."""

MANIFEST_NAME = ".docgen-manifest.json"
"""The file in the output folder that records what docgen wrote (see :mod:`docgen.write.output`)."""

_INVISIBLE = frozenset({"Cc", "Cf", "Zl", "Zp"})
"""Unicode categories refused in output paths: controls, bidi and other format characters, separators."""
_DRIVE = lazy_re.compile(r"^[A-Za-z]:")
_WINDOWS_DEVICES = frozenset(
    {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
)


_PLAIN_PART = r"[A-Za-z0-9_][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*"
_PLAIN = re.compile(rf"{_PLAIN_PART}(?:/{_PLAIN_PART})*")
"""Paths every rule below accepts, but for a long component or a device name: ASCII letters,
digits, ``_`` and ``-``, dots inside names (not first or last), ``/`` between names. Nearly
every generated path is one; checking them by this one match is 5x faster."""
_DEVICE_PART = re.compile(r"(?:^|/)(?:CON|PRN|AUX|NUL|COM[1-9]|LPT[1-9])(?:[./]|$)", re.IGNORECASE)
_LONG_PART = re.compile(rf"[^/]{{{COMPONENT_MAX + 1}}}")


def unsafe_reason(rel: object) -> str | None:
    """Why ``rel`` is not an acceptable relative posix output path, or None when it is."""
    if (type(rel) is str and _PLAIN.fullmatch(rel) and not _DEVICE_PART.search(rel)
            and not _LONG_PART.search(rel)):
        return None
    if not isinstance(rel, str) or not rel:
        return "is empty or not text"
    if "\x00" in rel:
        return "contains a NUL character"
    if not (rel.isascii() and rel.isprintable()) and any(unicodedata.category(c) in _INVISIBLE for c in rel):
        return "contains a control, format or line-separator character"
    if "\\" in rel:
        return "contains a backslash (a Windows or UNC path)"
    if _DRIVE.match(rel):
        return "starts with a drive letter"
    if rel.startswith("/"):
        return "is absolute"
    parts = rel.split("/")
    if any(part in ("", ".", "..") for part in parts):
        return "has an empty, '.' or '..' component"
    if any(len(part.encode("utf-8", "surrogatepass")) > COMPONENT_MAX for part in parts):
        return f"has a component longer than {COMPONENT_MAX} bytes"
    if any(part[-1] in ". " for part in parts):
        return "has a component ending in a dot or space (Windows drops them)"
    if any(part.split(".")[0].upper() in _WINDOWS_DEVICES for part in parts):
        return "names a Windows device (CON, NUL, COM1 …)"
    if rel == MANIFEST_NAME:
        return "is the name of docgen's manifest"
    return None


_HEAD = itemgetter(0)


def _folders_of(names: list[str]) -> set[str]:
    """Every folder (relative posix path) above one of ``names``."""
    parents = set(map(_HEAD, map(str.rpartition, names, repeat("/"))))  # (in C: 5,720 names a write)
    parents.discard("")
    folders: set[str] = set()
    for parent in parents:
        while parent and parent not in folders:
            folders.add(parent)
            parent = parent.rpartition("/")[0]
    return folders


def _nothing_to_report(
    rels: Sequence[object], names: list[str], folders: set[str], links: set[str], dirs: set[str],
    checked: Collection[str] = frozenset(),
) -> bool:
    """True when :func:`check_paths` would report nothing, found in a few passes over all the
    paths (5,720 paths: 12 ms instead of 20): every path text and acceptable (but those of
    ``checked``, known to be), no two alike but for case, none a folder of another or on disk,
    no symlink in the folder."""
    return (len(names) == len(rels) and not links and folders.isdisjoint(names) and dirs.isdisjoint(names)
            and len(set(map(str.casefold, names))) == len(names)
            and all(unsafe_reason(name) is None for name in (set(names).difference(checked) if checked else names)))


def _inside(child: Path, parent: Path) -> bool:
    """True when ``child`` is ``parent`` or below it (both already resolved)."""
    return child == parent or parent in child.parents


def check_paths(
    rels: Iterable[str],
    out: Path,
    display: Callable[[Path], str],
    *,
    tree: tuple[set[str], set[str]] | None = None,
    checked: Collection[str] = frozenset(),
) -> list[Diagnostic]:
    """Diagnostics for every output path that is unsafe as text or leads outside ``out``.

    Also refused: two paths differing only in letter case (one overwrites the other on
    case-insensitive file systems), a path that is both a file and a folder of another path, and an
    existing folder where a file should go. ``tree`` is ``(symlinks, folders)`` inside ``out``
    when the caller has walked it already (see :func:`walk_output`). ``checked``: paths known to
    pass :func:`unsafe_reason` (written by this docgen before: its text rules depend on nothing
    else); the rules over all the paths together and the file system's are checked anyway.
    """
    diagnostics: list[Diagnostic] = []
    out_real = out.resolve()
    seen_folded: dict[str, str] = {}
    rels = list(rels)
    names = sorted(rels if set(map(type, rels)) <= {str} else [r for r in rels if isinstance(r, str)])
    folders = _folders_of(names)
    links, dirs = tree if tree is not None else _links_and_dirs(out)
    if _nothing_to_report(rels, names, folders, links, dirs, checked):  # a generate's usual case
        return diagnostics
    for rel in sorted(rels, key=repr):
        reason = unsafe_reason(rel)
        if reason is not None:
            message = f"refusing output path {rel!r}: it {reason}"
            diagnostics.append(error("unsafe-output-path", message, Location(display(out))))
            continue
        problems: list[tuple[str, str]] = []
        other = seen_folded.setdefault(rel.casefold(), rel)
        if other != rel:
            problems.append(("output-path-collision", f"output paths {other!r} and {rel!r} differ only in case"))
        if rel in folders:
            problems.append(("output-path-collision", f"{rel!r} is both a file and a folder"))
        parts = rel.split("/")
        through_link = bool(links) and any("/".join(parts[:i]) in links for i in range(1, len(parts) + 1))
        if through_link and not _inside((out / rel).resolve(), out_real):
            problems.append(("unsafe-output-path", f"refusing {rel!r}: a symlink leads it outside the output folder"))
        elif rel in dirs:
            problems.append(("output-path-collision", f"{rel!r} exists as a folder"))
        if problems:
            where = Location(display(out / rel))
            diagnostics.extend(error(code, message, where) for code, message in problems)
    return diagnostics


def _links_and_dirs(out: Path) -> tuple[set[str], set[str]]:
    """Paths (relative to ``out``) of the symlinks and of the real folders inside ``out``.

    One walk of the tree instead of resolving every output path: only a path that passes
    through a symlink can lead outside ``out``.
    """
    links, dirs, _ = walk_output(out, lambda name: False)
    return links, dirs


def path_set_digest(rels: Iterable[str]) -> str:
    """A digest telling a set of output paths: equal for two sets with no newline in a path only
    when they are the same set (the count comes first; a path holding a newline would add a
    line too many to equal a digest of paths :func:`check_paths` passed)."""
    names = sorted(rels)
    return hashlib.sha256(f"{len(names)}\n{chr(10).join(names)}".encode("utf-8", "surrogatepass")).hexdigest()


def walk_output(
    out: Path, is_temporary: Callable[[str], bool], *, folders: list[tuple[str, os.stat_result | None]] | None = None,
) -> tuple[set[str], set[str], list[str]]:
    """(symlinks, real folders, staged temporaries) inside ``out``, as relative posix paths, in
    one walk that follows no symlink: what :func:`check_paths` needs and what a killed write left
    (:func:`docgen.write.commit.temporaries` finds the same files, sorted; a write walks the
    tree once for both: a second walk of the corpus's 5,720 files was 6 ms of a warm edit).
    ``is_temporary``: :func:`docgen.write.commit.is_temporary` (passed in: that module imports this one).
    ``folders``: each folder walked (``""`` for ``out``, first) is appended to it with its
    ``lstat`` taken before it was listed (None when either failed: see :mod:`docgen.write.ahead`)."""
    links: set[str] = set()
    dirs: set[str] = set()
    temps: list[str] = []
    if not out.is_dir():
        return links, dirs, temps
    pending = [("", os.fspath(out))]
    while pending:
        prefix, folder = pending.pop()
        try:
            if folders is not None:
                folders.append((prefix[:-1], None))
                info = os.lstat(folder)
            entries = list(os.scandir(folder))
        except OSError:  # unreadable: the write will report what fails
            continue
        if folders is not None:
            folders[-1] = (prefix[:-1], info)
        for entry in entries:  # is_symlink/is_dir use the directory entry's type: no stat per file
            rel = prefix + entry.name
            if entry.is_symlink():
                links.add(rel)
                if entry.name[0] == "." and is_temporary(entry.name) and not _is_dir(entry):
                    temps.append(rel)  # (as os.walk lists it: among the files)
            elif entry.is_dir():
                dirs.add(rel)
                pending.append((rel + "/", entry.path))
            elif entry.name[0] == "." and is_temporary(entry.name):
                temps.append(rel)
    temps.sort()
    return links, dirs, temps


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def check_overlap(out: Path, inputs: Iterable[Path], display: Callable[[Path], str]) -> list[Diagnostic]:
    """Refuse an output folder that is, or is inside, an input folder, or that holds an input."""
    diagnostics: list[Diagnostic] = []
    out_real = out.resolve()
    if out.exists() and not out.is_dir():
        diagnostics.append(error("output-not-folder", "the output path exists and is not a folder", Location(display(out))))
    for source in sorted(set(inputs)):
        real = source.resolve()
        if real.is_dir() and _inside(out_real, real):
            diagnostics.append(
                error(
                    "output-in-input",
                    f"refusing to write into {display(out)}: it is, or is inside, the input folder {display(source)}",
                    Location(display(out)),
                )
            )
        elif _inside(real, out_real):
            diagnostics.append(
                error(
                    "output-in-input",
                    f"refusing to write into {display(out)}: it holds the input {display(source)}",
                    Location(display(out)),
                )
            )
    return diagnostics
