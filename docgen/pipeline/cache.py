"""A content-addressed cache for parsed pages, resolved models and formatted files.

Entries are keyed by hashes of everything that decides them (page bytes, docgen's own code and
version, markdown-it-py's version, templates, options), so a stale entry is never looked up: it
just stops being used. Each entry is plain data (marshal of tuples made by :mod:`docgen.pipeline.plain`, which
can build only docgen's own values: loading an entry never runs code) stored with a SHA-256 of its
kind, key and bytes, checked on every read: a corrupt or truncated entry is a miss, and a planted
one can at worst be a wrong value of docgen's own types, never code. No key or secret is kept
anywhere: everything lives in the one cache folder (:func:`user_cache_dir`), so CI can cache and
restore that folder and the next run, on a fresh machine, finds its entries.

Entries live in one SQLite database (see :class:`Cache`); a write is one transaction, so a crash
leaves no half-written entry, and a database file that is not one, or is damaged, is replaced.
No process is ever forked while it holds a connection (see :func:`_close_before_fork`): a child
that inherits one shares SQLite's per-process lock bookkeeping with its parent and writes without
a real lock (issue 19: lost entries, damaged databases).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import time
import weakref
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from docgen.cache_folder import cache_folder
from docgen.pipeline import parts, plain
from docgen.pipeline.entry_writer import EntryWriter, await_writers, finish_writes
from docgen.pipeline.fingerprint import FORMAT, code_fingerprint, digest, dist_version
from docgen.pipeline.cache_trust import untrusted
from docgen.pipeline.in_use import kept, size_limit, victims

__all__ = ["FORMAT", "Cache", "EntryWriter", "code_fingerprint", "digest", "dist_version", "dumps", "finish_writes", "loads", "untrusted", "user_cache_dir"]


def user_cache_dir() -> Path:
    """``$DOCGEN_CACHE_DIR``, else ``$XDG_CACHE_HOME/docgen``, else ``~/.cache/docgen``
    (:func:`docgen.cache_folder.cache_folder`: the ``docgen serve`` client's rule too)."""
    return Path(cache_folder())


def dumps(value: Any) -> bytes:
    """``value`` encoded the way entries are stored (plain data in marshal: see :mod:`docgen.pipeline.plain`)."""
    return plain.dumps(value)


def loads(payload: bytes) -> Any:
    """The value of an entry stored with :func:`dumps`; :class:`~docgen.pipeline.plain.PlainError`
    when it is not one (it can never be code: see :mod:`docgen.pipeline.plain`)."""
    return plain.loads(payload)


PARTED = {"model": "model-fields", "render": parts.PARTS}
"""The kinds whose large entries are stored in parts (:mod:`docgen.pipeline.parts`: a model's
columns by :mod:`docgen.pipeline.stored_model`, among its fields' entries; a render's by the
entry writer's child), with the kind of their parts: :meth:`Cache.get` puts them back."""


def entry_digest(kind: str, key: str, payload: bytes) -> bytes:
    """The SHA-256 stored with each entry and checked when it is read (the payload hashed where
    it lies, not copied behind the kind and key first: a warm run reads megabytes of entries)."""
    found = hashlib.sha256(f"{kind}\0{key}\0".encode())
    found.update(payload)
    return found.digest()


SIZE_LIMIT = 2 * 1024**3
"""Bytes of database pages in use past which the entries used least recently are dropped (a cold
build of the 3,341 Graph v1.0 pages stores about 60 MB), unless ``$DOCGEN_CACHE_LIMIT`` sets
another (:func:`~docgen.pipeline.in_use.size_limit`)."""

QUERY_KEYS = 500
"""Keys looked up per query by :meth:`Cache.get_payloads` (SQLite allows 999 parameters at least)."""
DB_NAME = "cache-3.sqlite3"
"""The cache's database file in the cache folder (with SQLite's ``-wal``/``-shm`` companions).
``cache-1.sqlite3`` held the signed pickles of docgen before issue 19, ``cache-2.sqlite3`` entries
without their last use (session 21): removed when found."""
OLD_DB_NAMES = ("cache-1.sqlite3", "cache-2.sqlite3")

# A rowid table: the (kind, key) index stays small and a lookup never reads a payload. (In a
# WITHOUT ROWID table the whole row is the index key, and a lookup that lands next to a large
# payload, a 20 MB model, read it: 5 ms a lookup on the corpus.) ``used``: when the entry was
# last written or read (time.time_ns(); reads marked by Cache.mark_used): what eviction orders by.
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS entries (kind TEXT NOT NULL, key TEXT NOT NULL, sha256 BLOB NOT NULL,"
    " payload BLOB NOT NULL, used INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (kind, key))"
)


_OPEN: weakref.WeakSet[Cache] = weakref.WeakSet()
"""The caches that have opened a connection in this process."""


def _value(kind: str, key: str, sha: Any, payload: Any) -> Any | None:
    """The value of an entry read as a row (None: damaged, or not plain data)."""
    if not isinstance(payload, bytes) or bytes(sha) != entry_digest(kind, key, payload):
        return None
    try:
        return loads(payload)
    except plain.PlainError:
        return None


def _close_before_fork() -> None:
    """Close every connection this process holds, before it forks (``os.register_at_fork``).

    SQLite keeps, per process, which files it has open and which locks it holds (POSIX locks
    belong to a process, so it must). A child forked while its parent holds a connection inherits
    that bookkeeping: a connection it opens to the same file believes it holds locks it never took,
    its writes race the parent's, and when the parent's last connection closes SQLite checkpoints
    and deletes the WAL the child is still writing to (issue 19: ``test_parallel_build_fills_the_
    same_cache`` lost entries about one run in eight; a second connection damaged databases). With
    no connection open at the fork the child starts clean and opens its own; the parent reopens on
    its next use (under a millisecond). Every fork docgen makes (pools, :class:`EntryWriter`)
    happens in the main thread between cache calls, never inside a transaction.
    """
    for cache in list(_OPEN):
        cache.release()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(before=_close_before_fork)


_SELECT_ONE = "SELECT CAST(sha256 AS BLOB), CAST(payload AS BLOB) FROM entries WHERE kind = ? AND key = ?"
_SELECT_HEAD = (
    "SELECT CAST(sha256 AS BLOB), CASE WHEN typeof(payload) = 'blob' AND length(payload) >= ?1 THEN NULL"
    " ELSE CAST(payload AS BLOB) END, rowid, CASE WHEN typeof(payload) = 'blob' AND length(payload) >= ?1"
    " THEN NULL ELSE used END FROM entries WHERE kind = ?2 AND key = ?3"
)
"""An entry's digest, its payload unless a blob of :data:`LARGE` bytes or more (NULL then: the column is NOT
NULL; SQLite gives a blob's type and length without reading it), its rowid, and ``used`` with the payload only."""
LARGE = 256 * 1024
"""Bytes from which an entry's payload is read through SQLite's incremental blob I/O
(:meth:`sqlite3.Connection.blobopen`) instead of a column of the row: 6 ms instead of 9.5 for the
corpus's 5.5 MB model (a column's value is copied from the overflow pages, then into a ``bytes``)."""
_MARK_USED = "UPDATE entries SET used = ? WHERE kind = ? AND key = ? AND (length(payload) < ? OR used < ?)"
MARK_LARGE_EVERY_NS = 60 * 10**9
"""An entry of :data:`MARK_LATELY_FROM` bytes or more marked used is not marked again for a minute: SQLite
rewrites a whole row to change a field, ``used`` after the payload (their order within a minute is lost)."""
MARK_LATELY_FROM = 16 * 1024
"""From this size (not 256 kB): a warm edit reads ~100 model fields of 2-300 kB the run before read too;
rewriting them was most of ``Run.close`` (5-14 ms). Their read notes ``used`` (``_marks``): no look-up then."""
_SELECT_MANY = "SELECT key, CAST(sha256 AS BLOB), CAST(payload AS BLOB), used FROM entries WHERE kind = ? AND key IN"
"""Digest and payload read as bytes whatever type a row holds them as: a planted TEXT value that is
not UTF-8 made SQLite's decoding fail the whole query (up to QUERY_KEYS entries missed, not one)."""
_SELECT_KEYS = "SELECT key FROM entries WHERE kind = ? AND key IN"
_SELECT_DIGESTS = "SELECT key, CAST(sha256 AS BLOB) FROM entries WHERE kind = ? AND key IN"


class Cache:
    """Plain-data entries in one SQLite database, keyed by kind (``page``, ``model`` …) and hash.

    One database rather than a file per entry: a cold build of the v1.0 corpus stores about
    7,000 entries, and creating that many files cost more than a second of system time here
    (SQLite: an insert is a few dozen microseconds). The database runs in WAL mode, so the
    worker processes that parse pages and render files write to it side by side and a crash
    loses at most the entries being written; each process opens its own connection, after it
    was forked (every open connection is closed before any fork: :func:`_close_before_fork`).
    """

    def __init__(self, root: Path | None):
        """``root`` None gives a cache that stores nothing (``--no-cache``); so does a folder
        another user could have put entries in (:func:`untrusted`), with :attr:`refused` saying why."""
        self.refused = untrusted(root) if root is not None else None
        """Why the folder asked for is not used (None: it is, or none was asked for)."""
        self.root = None if self.refused else root
        self.hits = 0
        self.misses = 0
        self.evictions = 0
        """How many times this handle dropped entries to keep the cache within its limit."""
        self._read: list[tuple[str, str]] = []  # entries read since the last mark_used
        self._marks: dict[tuple[str, str], int] = {}  # when some of them were last marked used
        self._db: sqlite3.Connection | None = None
        self._db_pid = 0
        self._unusable = False

    def __getstate__(self) -> dict:
        """Sent to worker processes without the connection (each opens its own)."""
        state = self.__dict__.copy()
        state["_db"], state["_db_pid"], state["_read"], state["_marks"] = None, 0, [], {}
        return state

    def detached(self) -> Cache:
        """Another handle on the same database, without this one's connection: what an
        :class:`EntryWriter`'s child writes through (it opens a connection of its own and never
        uses, or closes, the one it inherited from its parent)."""
        other = Cache.__new__(Cache)
        other.__dict__.update(self.__getstate__())
        return other

    @property
    def enabled(self) -> bool:
        """False for the ``--no-cache`` cache."""
        return self.root is not None

    def await_writers(self) -> None:
        """Wait for the children of earlier docgen processes still storing into this cache (a
        model stored after its command ended: :func:`~docgen.pipeline.entry_writer.await_writers`)."""
        await_writers(self.root)

    def _connect(self) -> sqlite3.Connection:
        assert self.root is not None
        self.root.mkdir(parents=True, exist_ok=True, mode=0o700)  # only its user writes in it
        db = sqlite3.connect(self.root / DB_NAME, timeout=60, isolation_level=None, check_same_thread=False)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            # No fsync: a cold generate of the corpus writes ~60 MB here, and the syncs of WAL
            # checkpoints cost ~0.2 s of it. Data SQLite has handed to the OS survives a crash of
            # docgen; an OS crash may damage the file, which _failed replaces, and a damaged
            # entry fails its digest (a cache may lose entries, never serve a wrong one).
            db.execute("PRAGMA synchronous=OFF")
            db.execute(_SCHEMA)
        except BaseException:
            db.close()
            raise
        return db

    def _connection(self) -> sqlite3.Connection | None:
        """This process's connection; a database that cannot be read is replaced by a new one."""
        if self.root is None or self._unusable:
            return None
        if self._db is not None and self._db_pid == os.getpid():
            return self._db
        try:
            db = self._connect()
        except sqlite3.DatabaseError:  # not a database (truncated, overwritten): start afresh
            self._remove_database()
            try:
                db = self._connect()
            except (sqlite3.Error, OSError):
                self._unusable = True
                return None
        except (sqlite3.Error, OSError):  # an unwritable folder: run without a cache
            self._unusable = True
            return None
        self._db, self._db_pid = db, os.getpid()
        weakref.finalize(self, db.close)
        _OPEN.add(self)
        self._remove_old_databases()
        return db

    def release(self) -> None:
        """Close this process's connection (the next use opens a new one). Called for every
        open cache before a fork (:func:`_close_before_fork`); a connection inherited by a child
        is never used or closed there (``_db_pid``)."""
        db, self._db = self._db, None
        if db is not None and self._db_pid == os.getpid():
            try:
                db.close()
            except sqlite3.Error:
                pass
        self._db_pid = 0

    def _remove_old_databases(self) -> None:
        assert self.root is not None
        for name in OLD_DB_NAMES:
            for suffix in ("", "-wal", "-shm"):
                try:
                    (self.root / (name + suffix)).unlink()
                except OSError:
                    pass

    def _failed(self, exc: sqlite3.Error) -> None:
        """After a failed statement: a damaged database (``database disk image is malformed``,
        ``file is not a database``: plain ``DatabaseError``, not a lock or a full disk) is
        removed, and the next use starts a new one."""
        if type(exc) is not sqlite3.DatabaseError or self._db is None:
            return
        try:
            self._db.close()
        except sqlite3.Error:
            pass
        self._db, self._db_pid = None, 0
        self._remove_database()

    def _remove_database(self) -> None:
        assert self.root is not None
        for suffix in ("", "-wal", "-shm"):
            try:
                (self.root / (DB_NAME + suffix)).unlink()
            except OSError:
                pass

    def get_payload(self, kind: str, key: str) -> bytes | None:
        """The encoded value stored under ``key`` once its digest is checked, or None."""
        finish_writes(kind)  # a read sees every write of its kind this process began
        db = self._connection()
        if db is None:
            return None
        try:
            row = self._select_one(db, kind, key)
        except sqlite3.Error as exc:
            self._failed(exc)
            row = None
        if row is None:
            self.misses += 1
            return None
        sha, payload, used = row
        if not isinstance(payload, bytes) or bytes(sha) != entry_digest(kind, key, payload):
            self._discard(kind, key)
            self.misses += 1
            return None
        self.hits += 1
        self._read.append((kind, key))
        if len(payload) >= MARK_LATELY_FROM and type(used) is int:  # (mark_used decides by it)
            self._marks[(kind, key)] = used
        return payload

    @staticmethod
    def _select_one(db: sqlite3.Connection, kind: str, key: str) -> tuple[Any, Any, Any] | None:
        """The digest, payload and ``used`` (or None) of the entry of ``kind`` and ``key`` (None: no
        such entry); a payload of :data:`LARGE` bytes or more read as a blob, in the same read
        transaction as the row it was found in (another process may replace the entry meanwhile)."""
        if not hasattr(db, "blobopen"):  # Python 3.10
            return next(((sha, payload, None) for sha, payload in db.execute(_SELECT_ONE, (kind, key))), None)
        row = db.execute(_SELECT_HEAD, (LARGE, kind, key)).fetchone()
        if row is None or row[1] is not None:
            return None if row is None else (row[0], row[1], row[3])
        begun = not db.in_transaction
        if begun:
            db.execute("BEGIN")
        try:
            row = db.execute(_SELECT_HEAD, (LARGE, kind, key)).fetchone()
            if row is None or row[1] is not None:  # replaced meanwhile
                return None if row is None else (row[0], row[1], row[3])
            with db.blobopen("entries", "payload", row[2], readonly=True) as blob:
                return row[0], blob.read(), None
        finally:
            if begun:
                db.execute("COMMIT")

    def get_payloads(self, kind: str, keys: Sequence[str]) -> dict[str, bytes]:
        """The encoded values stored under ``keys`` (digests checked), by key; absent and
        corrupt entries are left out. One query per :data:`QUERY_KEYS` keys: a
        tree's pages are looked up in a few queries instead of one each."""
        found: dict[str, bytes] = {}
        if not keys:
            return found
        finish_writes(kind)  # a read sees every write of its kind this process began
        db = self._connection()
        if db is None:
            return found
        unique = list(dict.fromkeys(keys))
        for key, sha, payload, used in self._select(db, _SELECT_MANY, kind, unique):
            if isinstance(payload, bytes) and bytes(sha) == entry_digest(kind, key, payload):
                found[key] = payload
                if len(payload) >= MARK_LATELY_FROM and type(used) is int:
                    self._marks[(kind, key)] = used
            else:
                self._discard(kind, key)
        self.hits += len(found)
        self.misses += len(unique) - len(found)
        self._read.extend([(kind, key) for key in found])
        return found

    def present(self, kind: str, keys: Sequence[str]) -> set[str]:
        """Which of ``keys`` have an entry (not read, nor its digest checked: an entry found
        damaged when it is read is a miss then)."""
        finish_writes(kind)
        db = self._connection()
        if db is None:
            return set()
        return {key for (key,) in self._select(db, _SELECT_KEYS, kind, list(dict.fromkeys(keys)))}

    def _select(self, db: sqlite3.Connection, select: str, kind: str, keys: list[str]) -> Iterable[tuple]:
        """The rows of ``select ... IN (keys)`` for ``kind``, one query per :data:`QUERY_KEYS`
        keys; a query that fails gives no rows (the failure handled by :meth:`_failed`)."""
        for start in range(0, len(keys), QUERY_KEYS):
            chunk = keys[start : start + QUERY_KEYS]
            try:
                yield from db.execute(f"{select} ({','.join('?' * len(chunk))})", (kind, *chunk)).fetchall()
            except sqlite3.Error as exc:
                self._failed(exc)

    def get(self, kind: str, key: str) -> Any | None:
        """The value stored under ``key``, or None when absent, corrupt or not plain data."""
        payload = self.get_payload(kind, key)
        if payload is None:
            return None
        try:
            value = loads(payload) if kind not in PARTED else parts.loads(self, payload, PARTED[kind])
        except plain.PlainError:  # not what dumps writes (planted, damaged past the digest), or a part gone
            self._discard(kind, key)
            self.hits -= 1
            self.misses += 1
            return None
        return value

    def stamps(self, kind: str, keys: Sequence[str]) -> dict[str, bytes]:
        """The digests stored with the entries of ``keys`` (their payloads not read), by key, the
        entries found noted as read: what a decoded value kept in memory is checked against
        (:mod:`docgen.pipeline.kept_model`)."""
        db = self._connection() if keys else None
        if db is None:
            return {}
        found = {key: bytes(sha) for key, sha in self._select(db, _SELECT_DIGESTS, kind, list(keys))}
        self._read.extend((kind, key) for key in found)
        return found

    def put(self, kind: str, key: str, value: Any) -> None:
        """Store ``value``; a failure to write, or a value that is not plain data, is not an
        error (the cache is optional)."""
        if self.root is not None:
            try:
                payload = dumps(value)
            except plain.PlainError:
                return
            self.put_payload(kind, key, payload)

    def drop_kinds(self, kinds: Iterable[str]) -> None:
        """Delete every entry of ``kinds`` (a failure to write is not an error, as for :meth:`put`)."""
        db = self._connection()
        if db is None:
            return
        names = sorted(set(kinds))
        try:
            with db:
                db.execute(f"DELETE FROM entries WHERE kind IN ({', '.join('?' * len(names))})", names)
        except sqlite3.Error as exc:
            self._failed(exc)

    def put_payload(self, kind: str, key: str, payload: bytes) -> None:
        """Store a value already encoded with :func:`dumps`."""
        self.put_payloads(kind, [(key, payload)])

    def put_payloads(self, kind: str, entries: Iterable[tuple[str, bytes]]) -> None:
        """Store many encoded values in one transaction (the main process stores what the
        workers send back: one writer, no waiting on each other's locks)."""
        db = self._connection()
        if db is None:
            return
        now = time.time_ns()
        rows = [(kind, key, entry_digest(kind, key, payload), payload, now) for key, payload in entries]
        if not rows:
            return
        try:
            with db:  # one transaction
                db.execute("BEGIN")
                db.executemany("INSERT OR REPLACE INTO entries (kind, key, sha256, payload, used) VALUES (?, ?, ?, ?, ?)", rows)
            self._keep_within_limit(db)
        except sqlite3.Error as exc:  # locked for a minute, disk full: the entries are not stored
            self._failed(exc)

    def mark_used(self) -> None:
        """Note the entries read through this handle since the last call as used now (one transaction;
        not one of :data:`MARK_LATELY_FROM` bytes or more marked lately), so that eviction, which drops
        the entries used least recently, keeps them. Called when a run ends (a write may fail)."""
        read, marks, self._read, self._marks = self._read, self._marks, [], {}
        now = time.time_ns()
        since = now - MARK_LARGE_EVERY_NS  # (an entry whose read saw a later mark: not looked up)
        read = [entry for entry in dict.fromkeys(read) if marks.get(entry, since - 1) < since]
        db = self._connection() if read else None
        if db is None:
            return
        try:
            with db:
                db.execute("BEGIN")
                db.executemany(_MARK_USED, [(now, kind, key, MARK_LATELY_FROM, since) for kind, key in read])
        except sqlite3.Error as exc:
            self._failed(exc)

    def _keep_within_limit(self, db: sqlite3.Connection) -> None:
        """Past :func:`~docgen.pipeline.in_use.size_limit` of pages in use, drop entries down to
        three quarters of it (:func:`~docgen.pipeline.in_use.victims`: those used least recently,
        the large ones first, never those in use by reference). Stale entries are never read
        again, so without this the cache would only grow; the freed pages are reused, so the
        file stops growing."""
        (pages,) = db.execute("PRAGMA page_count").fetchone()
        (free,) = db.execute("PRAGMA freelist_count").fetchone()
        (page_size,) = db.execute("PRAGMA page_size").fetchone()
        limit = size_limit(SIZE_LIMIT)
        if (pages - free) * page_size <= limit:
            return
        with db:
            db.execute("BEGIN IMMEDIATE")  # (what is kept is read in the same transaction)
            db.execute("CREATE TEMP TABLE IF NOT EXISTS kept (kind TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY (kind, key))")
            db.execute("DELETE FROM temp.kept")
            def read(kind: str, key: str) -> Any:
                row = db.execute(_SELECT_ONE, (kind, key)).fetchone()
                return None if row is None else _value(kind, key, *row)

            db.executemany("INSERT OR IGNORE INTO temp.kept VALUES (?, ?)", kept(db, read))
            db.executemany("DELETE FROM entries WHERE rowid = ?",
                           [(rowid,) for rowid in victims(db, (pages - free) * page_size - limit * 3 // 4)])
            db.execute("DELETE FROM temp.kept")
        self.evictions += 1

    def _discard(self, kind: str, key: str) -> None:
        db = self._connection()
        if db is None:
            return
        try:
            db.execute("DELETE FROM entries WHERE kind = ? AND key = ?", (kind, key))
        except sqlite3.Error:
            pass
