"""Cache entries written by a child process while this one works on (see :class:`EntryWriter`).

In: (kind, key, encoded value) entries and the :class:`~docgen.pipeline.cache.Cache` to store them
in. Out: nothing; :func:`finish_writes` waits until they are stored.

A model stored by :func:`store_later` may outlive the command: the program does not wait for it
at its end (``finish_writes(detached=False)``: 0.2 s of a ``lint`` after an edit), and the next
docgen process waits for it before it reads the cache (:func:`await_writers`, at most
:data:`AWAIT_LIMIT` seconds): such a child holds a shared lock on :data:`LOCK_NAME` in the cache
folder, taken before it is forked, from its start until it exits (killed or not: the kernel drops
the lock with the process).
"""

from __future__ import annotations

import atexit
import os
import struct
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Protocol


class Cache(Protocol):
    """What an :class:`EntryWriter` needs of :class:`docgen.pipeline.cache.Cache` (named here
    without importing it: the cache module imports this one)."""

    @property
    def enabled(self) -> bool: ...

    def detached(self) -> Cache: ...

    def put_payloads(self, kind: str, entries: Iterable[tuple[str, bytes]]) -> None: ...

    def put(self, kind: str, key: str, value: object) -> None: ...

    @property
    def root(self) -> Path | None: ...

_WRITERS: list[tuple[int, frozenset[str], bool]] = []
"""The children of closed :class:`EntryWriter` objects and of :func:`store_later` still to be
waited for, with the kinds of entry each was given and whether it may outlive this process
(:func:`store_later`'s)."""

LOCK_NAME = "writers.lock"
"""The file in the cache folder a :func:`store_later` child holds a shared lock on while it
lives (:func:`await_writers` takes it exclusively: it waits for every such child)."""

_PIPES: set[int] = set()
"""The write ends of the pipes of this process's open :class:`EntryWriter` objects: a
:func:`store_later` child points them at the null device, or it would hold them open, and the
writer's child, which stores what came once the pipe ends, would wait for it (and the program's
end, waiting for the writer's child, with it)."""

_HEADER = struct.Struct("<HHI")
"""An entry sent to an :class:`EntryWriter`'s child: the lengths of kind, key and payload (the
kind's with :data:`_ASIDE` set: the payload is in the side file, at the offset that follows)."""

_ASIDE = 0x8000
"""Set in an entry's kind length when its payload is in the writer's side file (:data:`SIDE_FROM`)."""

_OFFSET = struct.Struct("<Q")
"""Where in the side file an entry's payload starts."""

SIDE_FROM = 256 * 1024
"""Payloads of this many bytes or more go to the child through a side file (an anonymous
``memfd`` both processes hold, made before the fork), the pipe carrying where: a pipe holds 64 KB,
so the 2.9 MB package entry a warm render sends at its end waited for the child to be scheduled
and drain it (3 ms of the parent's critical path on a quiet machine, 11-30 ms with the
model's storing child and other work on the second core: ``seq_run.py``, session 25); written
to the file it is a copy. Without ``memfd_create`` every payload goes through the pipe."""


class EntryWriter:
    """Entries stored by a child process, forked when this is made, that receives them through
    a pipe and writes them once they have all come (or the pipe breaks).

    For the pages of a parallel parse (20 MB on the corpus). While the workers parse, both cores
    are busy, and storing the entries here as they came (0.12 s of digests and SQLite writes) took
    that time from the workers; sending them costs a copy. The child writes them after the parse,
    while this process resolves the model on one core. It is forked before the parse, while this
    process is small: a child forked after it shared 250 MB with this process, whose every write
    to a shared page then cost a copy (resolve ran 0.05 s slower). A thread could not do it: each
    SQLite step and digest releases the GIL, and while the main thread ran Python the writes took
    0.42 s instead of 0.12. :func:`finish_writes` waits for the child. Without ``fork`` (or with
    ``--no-cache``) the entries are stored here, on :meth:`close`.

    The child is forked with no SQLite connection open in this process (the cache closes them
    before every fork) and opens its own; it dies with this process
    (:func:`~docgen.pipeline.procs.die_with_parent`), so this process waits for it before it
    exits (:func:`finish_writes`, also at interpreter exit).
    """

    def __init__(self, cache: Cache):
        self._cache = cache
        self._pending: list[tuple[str, str, bytes]] = []
        self._kinds: set[str] = set()
        self._out = None
        self._pid = 0
        self._side: int | None = None
        self._side_at = 0
        if not cache.enabled or not hasattr(os, "fork") or not sys.platform.startswith("linux"):
            return
        from docgen.pipeline.procs import die_with_parent  # (multiprocessing: only when a child is made)

        read_end, write_end = os.pipe()
        side = _side_file()
        parent = os.getpid()
        try:
            pid = os.fork()
        except OSError:  # no process to spare (a limit on processes, no memory): stored here
            os.close(read_end)
            os.close(write_end)
            if side is not None:
                os.close(side)
            return
        if pid == 0:  # the child: store what comes, then leave without the parent's exit handlers
            code = 1
            try:
                die_with_parent(parent)
                os.close(write_end)
                _store_from(read_end, cache.detached(), side)
                code = 0
            finally:
                os._exit(code)
        os.close(read_end)
        self._pid = pid
        self._out = os.fdopen(write_end, "wb", buffering=1 << 20)
        _PIPES.add(write_end)
        self._side = side
        self._side_at = 0

    def put(self, kind: str, key: str, payload: bytes) -> None:
        """Send (or keep) one entry."""
        if self._out is None:
            if self._cache.enabled:
                self._pending.append((kind, key, payload))
            return
        self._kinds.add(kind)
        kind_bytes, key_bytes = kind.encode(), key.encode()
        try:
            at = self._aside(payload) if len(payload) >= SIDE_FROM and len(kind_bytes) < _ASIDE else None
            if at is not None:
                self._out.write(_HEADER.pack(len(kind_bytes) | _ASIDE, len(key_bytes), len(payload)))
                self._out.write(kind_bytes + key_bytes + _OFFSET.pack(at))
                return
            self._out.write(_HEADER.pack(len(kind_bytes), len(key_bytes), len(payload)))
            self._out.write(kind_bytes + key_bytes)
            self._out.write(payload)
        except OSError:  # the child died: the cache is optional
            _PIPES.discard(self._out.fileno())
            self._out = None

    def _aside(self, payload: bytes) -> int | None:
        """Write ``payload`` at the end of the side file: where it starts (None: no side file,
        or it could not be written: the payload goes through the pipe)."""
        side = self._side
        if side is None:
            return None
        at = self._side_at
        view = memoryview(payload)
        try:
            done = 0
            while done < len(view):
                done += os.pwrite(side, view[done:], at + done)
        except OSError:  # (no memory for it)
            return None
        self._side_at = at + len(view)
        return at

    def close(self) -> None:
        """No more entries: the child writes them (:func:`finish_writes` waits for it)."""
        if self._side is not None:  # (the child holds its own)
            os.close(self._side)
            self._side = None
        if self._out is not None:
            _PIPES.discard(self._out.fileno())
            try:
                self._out.close()
            except OSError:
                pass
            self._out = None
        if self._pid:
            _WRITERS.append((self._pid, frozenset(self._kinds), False))
            self._pid = 0
        _put_grouped(self._cache, self._pending)
        self._pending = []


def _side_file() -> int | None:
    """A new anonymous file (``memfd``) for :data:`SIDE_FROM` payloads, or None when there is none."""
    make = getattr(os, "memfd_create", None)
    if make is None:
        return None
    try:
        return make("docgen-entries", getattr(os, "MFD_CLOEXEC", 0))  # type: ignore[no-any-return]
    except OSError:
        return None


class Later:
    """An entry's value that the storing child works out (:func:`store_later`), not the process
    that asks for it to be stored: a value made only to be stored, from data the child shares
    (without ``fork``, it is worked out here)."""

    def __init__(self, make: Callable[[], object]) -> None:
        self.make = make


class Writes:
    """An entry the storing child writes itself (:func:`store_later`), through the cache it is
    given: for entries whose payloads are not a value's plain encoding (a stored model's fields
    apart: :mod:`docgen.pipeline.stored_model`). Its kind in the list is what
    :func:`finish_writes` waits on."""

    def __init__(self, write: Callable[[Cache], None]) -> None:
        self.write = write


def _value(value: object) -> object:
    return value.make() if isinstance(value, Later) else value


def _put(cache: Cache, kind: str, key: str, value: object) -> None:
    if isinstance(value, Writes):
        value.write(cache)
    else:
        cache.put(kind, key, _value(value))


def store_later(cache: Cache, entries: list[tuple[str, str, object]]) -> None:
    """Store ``entries`` (kind, key, value: not yet encoded; a :class:`Later` value is worked out
    by the child) from a child forked now, while this process goes on; :func:`finish_writes` waits for it. Without ``fork`` they are stored here.

    For a resolved model (13 MB encoded on the corpus; encoding it took more than half as long
    as resolving it): the child encodes and writes it on the other core while this process renders. The child
    shares this process's memory until either writes to a page of it (the collector is paused, so
    only what each touches is copied) and opens its own connection (none is open at a fork).

    The child may outlive this process (see the module's docstring): it holds the writers lock
    shared (taken here, before the fork, so no later process can miss it), does not die with this
    process, and has no stdin, stdout or stderr of its own (a reader of this process's output sees
    its end when this process ends). Killed, it loses at most the entry it was writing.
    """
    if not cache.enabled:
        return
    if hasattr(os, "fork") and sys.platform.startswith("linux"):
        lock = _shared_lock(cache.root)
        try:
            pid = os.fork()
        except OSError:
            pid = -1
        if pid == 0:
            code = 1
            try:
                _quiet()
                detached = cache.detached()
                for kind, key, value in entries:
                    _put(detached, kind, key, value)
                code = 0
            finally:
                os._exit(code)  # the lock goes with the process
        if lock is not None:
            os.close(lock)  # the child holds it now
        if pid > 0:
            _WRITERS.append((pid, frozenset(kind for kind, _, _ in entries), True))
            return
    for kind, key, value in entries:
        _put(cache, kind, key, value)


_AT_END: list[tuple[Cache, list[tuple[str, str, object]]]] = []
"""What :func:`store_at_end` was given that no child stores yet."""


def store_at_end(cache: Cache, entries: list[tuple[str, str, object]]) -> None:
    """As :func:`store_later`, the child forked only when this process waits for its writes
    (:func:`finish_writes`: before a read of one of their kinds, at the command's end, at exit):
    for the entries a cold render leaves (:mod:`docgen.pipeline.remember_later`), made by the child
    from this process's memory. Forked right after the jobs, the child lived while this process
    wrote the output, and every page either touched was copied: 0.1 s more CPU of this process on
    the corpus than the 0.03 s it saved."""
    if cache.enabled:
        _AT_END.append((cache, entries))


def _start_at_end(kind: str | None) -> None:
    """Fork the children of what :func:`store_at_end` holds (of entries of ``kind``, or all)."""
    for item in [item for item in _AT_END if kind is None or any(k == kind for k, _, _ in item[1])]:
        _AT_END.remove(item)
        store_later(*item)


def _shared_lock(root: Path | None) -> int | None:
    """A descriptor of ``root``'s :data:`LOCK_NAME` locked shared (a child forked now inherits
    the lock), or None when it cannot be had (no folder, no ``flock``: nothing waits then)."""
    if root is None:
        return None
    try:
        import fcntl

        root.mkdir(parents=True, exist_ok=True)
        lock = os.open(root / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    except (ImportError, OSError):
        return None
    try:
        fcntl.flock(lock, fcntl.LOCK_SH)
    except OSError:
        os.close(lock)
        return None
    return lock


AWAIT_LIMIT = 10.0
"""Seconds :func:`await_writers` waits at most. A store takes well under that (the corpus's
model: 0.2-0.5 s); a child that never ends (stopped by ``SIGSTOP``, hung on a file system)
must not hang every later docgen, and not waiting costs at most a cache miss."""

_POLL = 0.005
"""Seconds between two tries of the writers lock."""


def writers_done(root: Path | None) -> bool:
    """Whether no :func:`store_later` child of any process holds ``root``'s writers lock now
    (never waits): what it stored is then there to be read. True where it cannot be told (no such
    file: no child has ever stored there; no ``flock``; not Linux, where no such child runs)."""
    if root is None or not sys.platform.startswith("linux"):
        return True
    try:
        import fcntl

        lock = os.open(root / LOCK_NAME, os.O_RDONLY | os.O_NONBLOCK)  # (a FIFO planted there: no wait)
    except (ImportError, OSError):
        return True
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # granted once every shared holder has gone
        return True
    except BlockingIOError:
        return False
    except OSError:
        return True
    finally:
        os.close(lock)  # and released at once


def await_writers(root: Path | None, limit: float | None = None) -> None:
    """Wait until :func:`writers_done` (an earlier command's child may still be storing its
    model), at most ``limit`` seconds (default :data:`AWAIT_LIMIT`)."""
    deadline = time.monotonic() + (AWAIT_LIMIT if limit is None else limit)
    while not writers_done(root) and time.monotonic() < deadline:
        time.sleep(_POLL)


def _quiet() -> None:
    """Point this (child) process's stdin, stdout and stderr, and the pipes to the parent's
    entry writers (:data:`_PIPES`), at the null device: a pipe reading the parent's output, or
    an entry writer's child waiting for its pipe to end, must not wait for a child that outlives
    the parent. (Pointed elsewhere, not closed: the descriptors' numbers stay taken, so nothing
    the parent's objects still name is reused.)"""
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2, *_PIPES):
        try:
            os.dup2(null, fd)
        except OSError:
            pass
    if null > 2:
        os.close(null)


def _store_from(read_end: int, cache: Cache, side: int | None = None) -> None:
    """Read entries from ``read_end`` until it closes (a payload put aside from ``side``, the
    writer's side file), then store them (a truncated last one is dropped: a parent that died
    mid-send loses that entry, nothing else)."""
    entries: list[tuple[str, str, bytes]] = []
    with os.fdopen(read_end, "rb", buffering=1 << 20) as stream:
        while True:
            header = stream.read(_HEADER.size)
            if len(header) < _HEADER.size:
                break
            kind_size, key_size, size = _HEADER.unpack(header)
            aside = bool(kind_size & _ASIDE)
            kind_size &= ~_ASIDE
            names = stream.read(kind_size + key_size)
            if len(names) < kind_size + key_size:
                break
            if aside:
                offset = stream.read(_OFFSET.size)
                if len(offset) < _OFFSET.size or side is None:
                    break
                payload = _read_aside(side, _OFFSET.unpack(offset)[0], size)
            else:
                payload = stream.read(size)
            if len(payload) < size:
                break
            entries.append((names[:kind_size].decode(), names[kind_size:].decode(), payload))
    if side is not None:
        os.close(side)
    _put_grouped(cache, entries)


def _read_aside(side: int, at: int, size: int) -> bytes:
    """``size`` bytes of the side file from ``at`` (fewer when it ends before)."""
    parts: list[bytes] = []
    got = 0
    while got < size:
        part = os.pread(side, size - got, at + got)
        if not part:
            break
        parts.append(part)
        got += len(part)
    return b"".join(parts)


STORE_BATCH = 256
"""Entries stored per transaction by an :class:`EntryWriter`."""


def _put_grouped(cache: Cache, entries: list[tuple[str, str, bytes]]) -> None:
    """Store ``entries`` by kind, in batches of :data:`STORE_BATCH`, in the order they came."""
    by_kind: dict[str, list[tuple[str, bytes]]] = {}
    for kind, key, payload in entries:
        by_kind.setdefault(kind, []).append((key, payload))
    from docgen.pipeline.parts import put_split

    for kind, rows in by_kind.items():
        rows = put_split(cache, kind, rows)  # a render's large entry in parts (docgen.pipeline.parts)
        for start in range(0, len(rows), STORE_BATCH):
            cache.put_payloads(kind, rows[start : start + STORE_BATCH])


def finish_writes(kind: str | None = None, *, detached: bool = True, at_end: bool = True) -> None:
    """Wait for the children of closed :class:`EntryWriter` objects and of :func:`store_later`:
    those given entries of ``kind``, or all of them. Called before a read of the cache (of that
    kind) and when a command ends (a later run must find what this one stored). With ``detached``
    False, :func:`store_later`'s children are not waited for, only reaped when they have ended
    (the program's end: the next process waits for them, :func:`await_writers`). What
    :func:`store_at_end` holds of those kinds is handed to a child first; with ``at_end`` False
    it is left to a later call (a run's close when the program calls this itself once its
    output is written: :attr:`docgen.pipeline.run.Run.STORES_AT_EXIT`)."""
    if at_end:
        _start_at_end(kind)
    for writer in [w for w in _WRITERS if kind is None or kind in w[1]]:
        pid, _, may_outlive = writer
        try:
            if may_outlive and not detached:
                if os.waitpid(pid, os.WNOHANG)[0] == 0:  # still storing: left to finish alone
                    continue
            else:
                os.waitpid(pid, 0)
        except ChildProcessError:  # already reaped
            pass
        _WRITERS.remove(writer)


def reap_ended() -> None:
    """Reap every child of :data:`_WRITERS` that has ended, waiting for none (``--watch`` between
    runs: a store left running is reaped once it ends, no zombie stays)."""
    for writer in list(_WRITERS):
        try:
            if os.waitpid(writer[0], os.WNOHANG)[0] == 0:  # still running
                continue
        except ChildProcessError:  # already reaped
            pass
        _WRITERS.remove(writer)


atexit.register(finish_writes)  # a child dies with this process: let it finish first
