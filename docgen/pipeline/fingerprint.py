"""What every cached value depends on besides its own inputs: docgen's code and version, the
installed markdown-it-py and the entry encoding (:func:`code_fingerprint`), and the installed
version of a distribution read without importing it (:func:`dist_version`); :func:`digest`, the
hash every key is made with.

In: the docgen package's source files and the installed distributions' metadata folders.
Out: hex digests and version strings, part of every cache key (:mod:`docgen.pipeline.cache`).
"""

from __future__ import annotations

import hashlib
import importlib.util
import marshal
import os
import sys
import time
from functools import lru_cache
from pathlib import Path
from stat import S_ISREG


def digest(*parts: bytes | str) -> str:
    """A hex SHA-256 over ``parts``, each length-prefixed so that no two splits collide."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


FORMAT = "plain-marshal-1"
"""How entries are encoded (part of every key: a new encoding never reads an old entry)."""


_TOP_LEVEL = {"markdown-it-py": "markdown_it"}
"""Distributions whose package is not named like them (without it, ``markdown-it-py`` went to
``importlib.metadata``: 15 ms of importing on every command)."""


def dist_version(name: str) -> str:
    """The installed version of distribution ``name`` ("" when it is not installed).

    Read from the name of its ``<name>-<version>.dist-info`` folder beside the package, which is
    what ``importlib.metadata`` reads too, without importing the package (black's import is
    10 ms of an unchanged ``check``'s 450); ``importlib.metadata`` when the folder is not found.
    """
    dist = name.replace("-", "_")
    found = dist_info_folders(name)
    if len(found) == 1:
        return os.path.basename(found[0])[len(dist) + 1 : -len(".dist-info")]
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return ""


def dist_info_folders(name: str) -> list[str]:
    """The ``<name>-<version>.dist-info`` folders (``-`` in ``name`` read as ``_``) beside the
    package of distribution ``name``, sorted; none when the package is not found. What
    :func:`dist_version` reads a version from, and what ``docgen serve`` watches for an upgrade
    (:func:`docgen.serve_code.code_paths`)."""
    dist = name.replace("-", "_")
    try:
        spec = importlib.util.find_spec(_TOP_LEVEL.get(name, dist))
    except (ImportError, ValueError):
        return []
    if spec is None or not spec.origin:
        return []
    site = os.path.dirname(os.path.dirname(spec.origin))
    try:
        names = os.listdir(site)
    except OSError:
        return []
    return [os.path.join(site, n) for n in sorted(names) if n.startswith(dist + "-") and n.endswith(".dist-info")]


@lru_cache(maxsize=None)
def code_fingerprint() -> str:
    """A hash of what shapes every cached value besides its own inputs: docgen's source files
    and version, the installed markdown-it-py (the tokenizer every page goes through) and the
    entry encoding. A change to any of them invalidates every cached result.

    The sources' contents are read and hashed only when their stamps (:func:`_stamped`, beside
    the package's bytecode) do not vouch for the digest worked out last: reading and hashing the
    193 files (2.2 MB) was 6-8 ms of every process (a warm edit's, a check's), their ``stat``
    under 1 ms."""
    from docgen import __version__

    package = os.fspath(Path(__file__).resolve().parents[1])  # the docgen package, every stage
    return fingerprint_of(package, (FORMAT, __version__, dist_version("markdown-it-py")))


def fingerprint_of(package: str, head: tuple[str, ...]) -> str:
    """:func:`digest` of ``head`` and then each ``*.py`` below ``package`` (:func:`_sources`: its
    relative path, then its bytes), taken from the stamps file when it vouches for the sources
    (see :func:`code_fingerprint`), else read and stored there."""
    sources = _sources(package)
    taken = time.time_ns()  # before the first stat (see docgen.write.stamps)
    stats = _stats(sources)
    where = os.path.join(package, "__pycache__", f"{STAMPS_NAME}.{sys.implementation.cache_tag}")
    rels = tuple(rel for rel, _ in sources)
    if stats is not None:
        found = _stamped(where, package, head, rels, stats)
        if found is not None:
            return found
    parts: list[bytes | str] = [*head]
    for rel, path in sources:
        parts.append(rel.encode())
        with open(path, "rb") as stream:
            parts.append(stream.read())
    value = digest(*parts)
    if stats is not None and _settled(stats, taken):
        _stamp(where, (STAMPS_FORMAT, package, head, rels, stats, value))
    return value


STAMPS_NAME = "code-fingerprint"
"""The file, in the package's ``__pycache__`` (beside its bytecode, which Python writes and runs:
whoever may write there may change docgen's code anyway), holding the last fingerprint worked out
with the stamps of the sources it was made of (:func:`_stamped`). Not the cache's: a run with
``--no-cache`` reads and writes no cache, and the fingerprint is docgen's, not a tree's."""

STAMPS_FORMAT = "code-stamps-1"
"""The first item of the stamps' data: another shape is not read."""

STAMPS_MOST = 1 << 20
"""Bytes past which the stamps file is not read (the package's are about 10 kB)."""

Stat = tuple[int, int, int, int]
"""A source's ``(size, mtime_ns, ctime_ns, inode)`` (its ``os.stat``: a symlinked file's target's)."""


def _stats(sources: list[tuple[str, str]]) -> tuple[Stat, ...] | None:
    """Each source's :data:`Stat`; None when one is not a regular file or cannot be stat'ed."""
    out = []
    for _, path in sources:
        try:
            info = os.stat(path)
        except OSError:
            return None
        if not S_ISREG(info.st_mode):
            return None
        out.append((info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino))
    return tuple(out)


def _settled(stats: tuple[Stat, ...], taken: int) -> bool:
    """Whether every source's times are older than the clock reading ``taken`` (made before they
    were stat'ed) by the racy margin (:func:`docgen.write.stamps.racy_margin`): a write after they
    were read then shows in its ctime, so their stamps may vouch for the contents read."""
    from docgen.write.stamps import STAMPS, racy_margin

    return STAMPS and all(max(m, c) + racy_margin(m, c) < taken for _, m, c, _ in stats)


def _stamped(where: str, package: str, head: tuple[str, ...], rels: tuple[str, ...],
             stats: tuple[Stat, ...]) -> str | None:
    """The fingerprint stored at ``where`` when it was made of these very sources (the same
    package folder, head, file names and stamps); None otherwise (none stored, another shape)."""
    from docgen.pipeline import unmarshal

    try:
        with open(where, "rb") as stream:
            data = stream.read(STAMPS_MOST + 1)
    except OSError:
        return None
    if len(data) > STAMPS_MOST:
        return None
    try:
        value = unmarshal.loads(data)
    except unmarshal.NotMarshal:
        return None
    if not (type(value) is tuple and len(value) == 6 and value[0] == STAMPS_FORMAT):
        return None
    if value[1] != package or value[2] != head or value[3] != rels or value[4] != stats:
        return None
    found = value[5]
    return found if type(found) is str and len(found) == 64 else None


def _stamp(where: str, value: tuple[object, ...]) -> None:
    """Store ``value`` at ``where`` (written aside, then renamed over it); nothing when the
    folder cannot be written (an installed, read-only package: the sources are read each time)."""
    folder = os.path.dirname(where)
    temporary = f"{where}.{os.getpid()}.tmp"
    try:
        os.makedirs(folder, exist_ok=True)
        with open(temporary, "wb") as stream:
            stream.write(marshal.dumps(value))
        os.replace(temporary, where)
    except OSError:
        try:
            os.unlink(temporary)
        except OSError:
            pass


def _sources(package: str) -> list[tuple[str, str]]:
    """(relative posix path, path) of every ``*.py`` below ``package``, in the order of
    ``sorted(Path(package).rglob("*.py"))`` and with its rules (a name ending in ``.py`` of any
    kind of entry; folders walked but those a symlink names; an unreadable folder skipped): by
    :func:`os.scandir`, without pathlib's selectors and ``Path`` objects. Every process asks for
    :func:`code_fingerprint`: the walk and reads took 10 ms of a warm run the first time, 5 ms
    after (the corpus's description edit: about 0.6 s), and 1.7 ms this way."""
    found: list[tuple[tuple[str, ...], str, str]] = []
    pending = [((), package)]
    while pending:
        parts, folder = pending.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except PermissionError:  # as pathlib's glob: skipped
            continue
        for entry in entries:
            name = entry.name
            if name.endswith(".py"):
                found.append(((*parts, name), "/".join((*parts, name)), entry.path))
            try:
                walk = entry.is_dir() and not entry.is_symlink()
            except OSError:
                walk = False
            if walk:
                pending.append(((*parts, name), entry.path))
    found.sort()
    return [(rel, path) for _, rel, path in found]
