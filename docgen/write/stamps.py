"""Stat records ("stamps"): telling that a file is unchanged without reading it, like git's index.

In: files docgen read or wrote, with the ``os.stat`` of what was read and the time before it was
read. Out: a stamp per file, ``(size, mtime_ns, ctime_ns, inode, sha256)``; later, a file whose
``os.stat`` still gives the same size, times and inode is taken to still hold bytes of that
sha256 (:func:`unchanged`). Nothing here writes; the pipeline keeps stamps in its cache folder,
never in the output folder (whose manifest is committed and stays deterministic).

What is trusted, exactly: any write to a file through the file system sets its ctime to the
current time (a process cannot set ctime back; ``os.utime`` setting the mtime back sets the ctime
to now), and replacing it by a rename gives another inode. A change therefore shows in the stamp
unless it happened within one tick of the file system's clock of the stamped ctime. So a stamp is
only made when the file's mtime and ctime are older, by more than :func:`racy_margin`, than the
clock reading taken *before* the file was stat'ed and read ("racily clean" files, as git calls
them, get no stamp and are read next time): a write after the read lands at least that late, so
its ctime differs from the stamped one. This assumes the output's file system stamps times from
this machine's clock (a network file system whose server clock runs behind by more than the
margin is not covered) and that nobody sets the system clock back.
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
from collections.abc import Iterable, Iterator, Mapping

Stamp = tuple[int, int, int, int, str]
"""``(size, mtime_ns, ctime_ns, inode, sha256 hex)`` of a regular file."""

FINE_MARGIN_NS = 50_000_000
"""How much older than the clock reading a file's times must be for a stamp (50 ms) on a file
system with fine timestamps: Linux stamps files from a clock that advances once a tick (1–10 ms)."""
COARSE_MARGIN_NS = 3_000_000_000
"""The same for a file system whose timestamps are whole milliseconds or coarser (FAT's 2 s,
HFS+'s 1 s)."""


STAMPS = os.name != "nt"
"""Whether files are stamped at all: on Windows ``st_ctime`` is the creation time, which a write
does not change, so a stamp could not see a write that set the mtime back."""


def racy_margin(mtime_ns: int, ctime_ns: int) -> int:
    """How much older than the clock reading a file with these times must be to be stamped."""
    if mtime_ns % 1_000_000 == 0 or ctime_ns % 1_000_000 == 0:
        return COARSE_MARGIN_NS
    return FINE_MARGIN_NS


def make_stamp(info: os.stat_result, sha256: str, taken_ns: int, *, folder: bool = False) -> Stamp | None:
    """The stamp of a file whose ``info`` was taken (with its bytes, of ``sha256``) after the clock
    read ``taken_ns``; None when it is not a regular file or is racily clean (see the module).
    With ``folder``, of a folder instead (an entry added, removed or renamed in it changes its
    mtime and ctime as a write does a file's)."""
    if not STAMPS or not (stat.S_ISDIR if folder else stat.S_ISREG)(info.st_mode):
        return None
    newest = max(info.st_mtime_ns, info.st_ctime_ns)
    if newest + racy_margin(info.st_mtime_ns, info.st_ctime_ns) >= taken_ns:
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, sha256)


def unchanged(stamp: Stamp | None, info: os.stat_result) -> str | None:
    """The sha256 the file of ``info`` still holds by ``stamp``; None when the stamp does not
    vouch for it (no stamp, another size, time or inode, not a regular file)."""
    if stamp is None or not stat.S_ISREG(info.st_mode):
        return None
    if (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino) != stamp[:4]:
        return None
    sha = stamp[4]
    return sha if type(sha) is str and len(sha) == 64 else None


def valid_stamps(value: object) -> dict[str, Stamp]:
    """Stamps read back from the cache (see :func:`stored_stamps`); empty when ``value`` has
    another shape. Each stamp's fields are not checked one by one: :func:`unchanged` vouches
    only for a stamp whose size, times and inode equal a file's and whose sha256 is one."""
    if not (isinstance(value, tuple) and len(value) == 6 and all(type(column) is tuple for column in value)):
        return {}
    paths, *columns = value
    if any(len(column) != len(paths) for column in columns):
        return {}
    return dict(zip(paths, zip(*columns)))


def stored_stamps(stamps: dict[str, Stamp]) -> tuple[tuple, ...]:
    """``stamps`` as the cache stores them: six columns (paths, sizes, mtimes, ctimes, inodes,
    sha256), sorted by path; decoding scalar tuples costs nothing per item."""
    items = sorted(stamps.items())
    if not items:
        return ((),) * 6
    return (tuple(path for path, _ in items), *(tuple(column) for column in zip(*(stamp for _, stamp in items))))


def read_stat(path: str) -> tuple[bytes, os.stat_result] | None:
    """The bytes of the regular file at ``path`` and the ``fstat`` of what was opened; None when
    it does not exist or is not a regular file (a FIFO is not waited on)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None
        chunks = []
        want, total = max(info.st_size + 1, 65536), 0
        while True:
            chunk = os.read(fd, want)
            chunks.append(chunk)
            total += len(chunk)
            # The end: nothing more, or a short read past the size fstat gave (no second read)
            if not chunk or (total >= info.st_size and len(chunk) < want):
                return b"".join(chunks), info
    except OSError:
        return None
    finally:
        os.close(fd)


def merged(old: dict[str, Stamp], new: dict[str, Stamp], dropped: Iterable[str] = ()) -> dict[str, Stamp]:
    """``old`` updated with ``new``, without the paths of ``dropped``."""
    result = dict(old)
    result.update(new)
    for path in dropped:
        result.pop(path, None)
    return result


def stamp_written(base: str, written: Iterable[str], hashes: Mapping[str, str]) -> dict[str, Stamp]:
    """Stamps of the files just written, read back (a file someone changed meanwhile gets none;
    one written too recently is racily clean and gets none either: see :mod:`docgen.write.stamps`)."""
    taken = time.time_ns()
    found: dict[str, Stamp] = {}
    for rel in written:
        got = read_stat(os.path.join(base, rel))
        if got is not None and hashlib.sha256(got[0]).hexdigest() == hashes[rel]:
            stamp = make_stamp(got[1], hashes[rel], taken)
            if stamp is not None:
                found[rel] = stamp
    return found


class StampsOver(Mapping[str, Stamp]):
    """The stamps of ``base`` but those of ``dropped`` (paths of ``base``), with ``fresh``'s
    over them (each a path of ``dropped`` or not of ``base``), read through without being copied:
    a warm write's 5,720 stamps, vouched for as stored (:func:`docgen.write.state.survey`), are
    handed on to :func:`docgen.pipeline.unchanged.remember` without a pass over them (each stamp
    copied writes its reference count: a copy-on-write fault of its page while a forked child
    shares it). ``base`` must not change while this is used."""

    __slots__ = ("base", "dropped", "fresh")

    def __init__(self, base: Mapping[str, Stamp], dropped: Iterable[str], fresh: Mapping[str, Stamp]) -> None:
        self.base = base
        self.dropped = frozenset(dropped)
        self.fresh = fresh

    def __getitem__(self, rel: str) -> Stamp:
        found = self.fresh.get(rel)
        if found is not None:
            return found
        if rel in self.dropped:
            raise KeyError(rel)
        return self.base[rel]

    def __contains__(self, rel: object) -> bool:
        return rel in self.fresh or (rel in self.base and rel not in self.dropped)

    def __iter__(self) -> Iterator[str]:
        fresh, dropped = self.fresh, self.dropped
        for rel in self.base:
            if rel not in dropped and rel not in fresh:
                yield rel
        yield from fresh

    def __len__(self) -> int:
        base, dropped = self.base, self.dropped
        gone = sum(1 for rel in dropped if rel in base)
        return len(base) - gone + sum(1 for rel in self.fresh if rel not in base or rel in dropped)
