"""A content-addressed cache for parsed pages, resolved models and formatted files.

Entries are keyed by hashes of everything that decides them (page bytes, docgen's own code,
templates, options), so a stale entry is never looked up: it just stops being used. Each entry is
pickled and signed with an HMAC whose key lives outside the cache folder (``docgen-key`` beside
it); a corrupt, truncated or planted entry fails the check and is discarded, never trusted.
Entries live in one SQLite database (see :class:`Cache`); a write is one transaction, so a crash
leaves no half-written entry, and a database file that is not one, or is damaged, is replaced.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import secrets
import sqlite3
import struct
import sys
import tempfile
import weakref
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any


def user_cache_dir() -> Path:
    """``$DOCGEN_CACHE_DIR``, else ``$XDG_CACHE_HOME/docgen``, else ``~/.cache/docgen``."""
    explicit = os.environ.get("DOCGEN_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "docgen"


_WRITERS: list[tuple[int, frozenset[str]]] = []
"""The children of closed :class:`EntryWriter` objects still to be waited for, with the kinds of
entry each was given."""

_HEADER = struct.Struct("<HHI")
"""An entry sent to an :class:`EntryWriter`'s child: the lengths of kind, key and payload."""


class EntryWriter:
    """Entries stored by a child process, forked when this is made, that receives them through
    a pipe and writes them once they have all come (or the pipe breaks).

    For the pages of a parallel parse (20 MB on the corpus). While the workers parse, both cores
    are busy, and storing the entries here as they came (0.12 s of HMACs and SQLite writes) took
    that time from the workers; sending them costs a copy. The child writes them after the parse,
    while this process resolves the model on one core. It is forked before the parse, while this
    process is small: a child forked after it shared 250 MB with this process, whose every write
    to a shared page then cost a copy (resolve ran 0.05 s slower). A thread could not do it: each
    SQLite step and HMAC releases the GIL, and while the main thread ran Python the writes took
    0.42 s instead of 0.12. :func:`finish_writes` waits for the child. Without ``fork`` (or with
    ``--no-cache``) the entries are stored here, on :meth:`close`.
    """

    def __init__(self, cache: Cache):
        self._cache = cache
        self._pending: list[tuple[str, str, bytes]] = []
        self._kinds: set[str] = set()
        self._out = None
        self._pid = 0
        if not cache.enabled or not hasattr(os, "fork") or not sys.platform.startswith("linux"):
            return
        read_end, write_end = os.pipe()
        try:
            pid = os.fork()
        except OSError:  # no process to spare (a limit on processes, no memory): stored here
            os.close(read_end)
            os.close(write_end)
            return
        if pid == 0:  # the child: store what comes, then leave without the parent's exit handlers
            code = 1
            try:
                os.close(write_end)
                _store_from(read_end, cache.detached())
                code = 0
            finally:
                os._exit(code)
        os.close(read_end)
        self._pid = pid
        self._out = os.fdopen(write_end, "wb", buffering=1 << 20)

    def put(self, kind: str, key: str, payload: bytes) -> None:
        """Send (or keep) one entry."""
        if self._out is None:
            if self._cache.enabled:
                self._pending.append((kind, key, payload))
            return
        self._kinds.add(kind)
        kind_bytes, key_bytes = kind.encode(), key.encode()
        try:
            self._out.write(_HEADER.pack(len(kind_bytes), len(key_bytes), len(payload)))
            self._out.write(kind_bytes + key_bytes)
            self._out.write(payload)
        except OSError:  # the child died: the cache is optional
            self._out = None

    def close(self) -> None:
        """No more entries: the child writes them (:func:`finish_writes` waits for it)."""
        if self._out is not None:
            try:
                self._out.close()
            except OSError:
                pass
            self._out = None
        if self._pid:
            _WRITERS.append((self._pid, frozenset(self._kinds)))
            self._pid = 0
        _put_grouped(self._cache, self._pending)
        self._pending = []


def _store_from(read_end: int, cache: Cache) -> None:
    """Read entries from ``read_end`` until it closes, then store them (a truncated last one is
    dropped: a parent that died mid-send loses that entry, nothing else)."""
    entries: list[tuple[str, str, bytes]] = []
    with os.fdopen(read_end, "rb", buffering=1 << 20) as stream:
        while True:
            header = stream.read(_HEADER.size)
            if len(header) < _HEADER.size:
                break
            kind_size, key_size, size = _HEADER.unpack(header)
            names = stream.read(kind_size + key_size)
            payload = stream.read(size)
            if len(names) < kind_size + key_size or len(payload) < size:
                break
            entries.append((names[:kind_size].decode(), names[kind_size:].decode(), payload))
    _put_grouped(cache, entries)


STORE_BATCH = 256
"""Entries stored per transaction by an :class:`EntryWriter`."""


def _put_grouped(cache: Cache, entries: list[tuple[str, str, bytes]]) -> None:
    """Store ``entries`` by kind, in batches of :data:`STORE_BATCH`, in the order they came."""
    by_kind: dict[str, list[tuple[str, bytes]]] = {}
    for kind, key, payload in entries:
        by_kind.setdefault(kind, []).append((key, payload))
    for kind, rows in by_kind.items():
        for start in range(0, len(rows), STORE_BATCH):
            cache.put_payloads(kind, rows[start : start + STORE_BATCH])


def finish_writes(kind: str | None = None) -> None:
    """Wait for the children of closed :class:`EntryWriter` objects: those given entries of
    ``kind``, or all of them. Called before a read of the cache (of that kind) and when a command
    ends (a later run must find what this one stored)."""
    for writer in [w for w in _WRITERS if kind is None or kind in w[1]]:
        _WRITERS.remove(writer)
        try:
            os.waitpid(writer[0], 0)
        except ChildProcessError:  # already reaped
            pass


def _key_file() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "docgen-key"


@lru_cache(maxsize=None)
def _secret(path: Path) -> bytes:
    try:
        data = path.read_bytes()
        if len(data) == 32:
            return data
    except OSError:
        pass
    secret = secrets.token_bytes(32)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".docgen-key-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(secret)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except OSError:
        pass  # an unwritable home: entries signed with a per-process key are simply not reused
    return secret


def digest(*parts: bytes | str) -> str:
    """A hex SHA-256 over ``parts``, each length-prefixed so that no two splits collide."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


@lru_cache(maxsize=None)
def code_fingerprint() -> str:
    """A hash of docgen's own source files: a code change invalidates every cached result."""
    package = Path(__file__).resolve().parents[1]  # the docgen package, every stage
    parts: list[bytes] = []
    for path in sorted(package.rglob("*.py")):
        parts.append(path.relative_to(package).as_posix().encode())
        parts.append(path.read_bytes())
    return digest(*parts)


def dumps(value: Any) -> bytes:
    """``value`` pickled the way entries are stored."""
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


SIZE_LIMIT = 2 * 1024**3
"""Bytes of database pages in use past which the oldest entries are dropped (a cold build of
the 3,341 Graph v1.0 pages stores about 60 MB)."""

QUERY_KEYS = 500
"""Keys looked up per query by :meth:`Cache.get_payloads` (SQLite allows 999 parameters at least)."""
DB_NAME = "cache-1.sqlite3"
"""The cache's database file in the cache folder (with SQLite's ``-wal``/``-shm`` companions)."""

# A rowid table: the (kind, key) index stays small and a lookup never reads a payload. (In a
# WITHOUT ROWID table the whole row is the index key, and a lookup that lands next to a large
# payload, a 20 MB model, read it: 5 ms a lookup on the corpus.)
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS entries (kind TEXT NOT NULL, key TEXT NOT NULL, mac BLOB NOT NULL,"
    " payload BLOB NOT NULL, PRIMARY KEY (kind, key))"
)


class Cache:
    """Signed pickles in one SQLite database, keyed by kind (``page``, ``model`` …) and hash.

    One database rather than a file per entry: a cold build of the v1.0 corpus stores about
    7,000 entries, and creating that many files cost more than a second of system time here
    (SQLite: an insert is a few dozen microseconds). The database runs in WAL mode, so the
    worker processes that parse pages and render files write to it side by side and a crash
    loses at most the entries being written; each process opens its own connection.
    """

    def __init__(self, root: Path | None):
        """``root`` None gives a cache that stores nothing (``--no-cache``)."""
        self.root = root
        self.hits = 0
        self.misses = 0
        self._db: sqlite3.Connection | None = None
        self._db_pid = 0
        self._unusable = False
        self._secret: bytes | None = None

    def __getstate__(self) -> dict:
        """Sent to worker processes without the connection (each opens its own)."""
        state = self.__dict__.copy()
        state["_db"], state["_db_pid"], state["_secret"] = None, 0, None
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

    def _connect(self) -> sqlite3.Connection:
        assert self.root is not None
        self.root.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.root / DB_NAME, timeout=60, isolation_level=None, check_same_thread=False)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            # No fsync: a cold generate of the corpus writes ~60 MB here, and the syncs of WAL
            # checkpoints cost ~0.2 s of it. Data SQLite has handed to the OS survives a crash of
            # docgen; an OS crash may damage the file, which _failed replaces, and a damaged
            # entry fails its signature (a cache may lose entries, never serve a wrong one).
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
        return db

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

    def _mac(self, kind: str, key: str, payload: bytes) -> bytes:
        if self._secret is None:
            self._secret = _secret(_key_file())
        return hmac.new(self._secret, f"{kind}\0{key}\0".encode() + payload, "sha256").digest()

    def get_payload(self, kind: str, key: str) -> bytes | None:
        """The pickled value stored under ``key`` once its signature is checked, or None."""
        finish_writes(kind)  # a read sees every write of its kind this process began
        db = self._connection()
        if db is None:
            return None
        try:
            row = db.execute("SELECT mac, payload FROM entries WHERE kind = ? AND key = ?", (kind, key)).fetchone()
        except sqlite3.Error as exc:
            self._failed(exc)
            row = None
        if row is None:
            self.misses += 1
            return None
        mac, payload = row
        if not isinstance(payload, bytes) or not hmac.compare_digest(bytes(mac), self._mac(kind, key, payload)):
            self._discard(kind, key)
            self.misses += 1
            return None
        self.hits += 1
        return payload

    def get_payloads(self, kind: str, keys: Sequence[str]) -> dict[str, bytes]:
        """The pickled values stored under ``keys`` (signatures checked), by key; absent,
        corrupt and foreign entries are left out. One query per :data:`QUERY_KEYS` keys: a
        tree's pages are looked up in a few queries instead of one each."""
        found: dict[str, bytes] = {}
        if not keys:
            return found
        finish_writes(kind)  # a read sees every write of its kind this process began
        db = self._connection()
        if db is None:
            return found
        unique = list(dict.fromkeys(keys))
        for start in range(0, len(unique), QUERY_KEYS):
            chunk = unique[start : start + QUERY_KEYS]
            marks = ",".join("?" * len(chunk))
            try:
                rows = db.execute(
                    f"SELECT key, mac, payload FROM entries WHERE kind = ? AND key IN ({marks})", (kind, *chunk)
                ).fetchall()
            except sqlite3.Error as exc:
                self._failed(exc)
                rows = []
            for key, mac, payload in rows:
                if isinstance(payload, bytes) and hmac.compare_digest(bytes(mac), self._mac(kind, key, payload)):
                    found[key] = payload
                else:
                    self._discard(kind, key)
        self.hits += len(found)
        self.misses += len(unique) - len(found)
        return found

    def get(self, kind: str, key: str) -> Any | None:
        """The value stored under ``key``, or None when absent, corrupt or not ours."""
        payload = self.get_payload(kind, key)
        if payload is None:
            return None
        try:
            value = pickle.loads(payload)
        except Exception:  # a signed entry from an older docgen whose classes changed
            self._discard(kind, key)
            self.hits -= 1
            self.misses += 1
            return None
        return value

    def put(self, kind: str, key: str, value: Any) -> None:
        """Store ``value``; a failure to write is not an error (the cache is optional)."""
        if self.root is not None:
            self.put_payload(kind, key, dumps(value))

    def put_payload(self, kind: str, key: str, payload: bytes) -> None:
        """Store a value already pickled with :func:`dumps`."""
        self.put_payloads(kind, [(key, payload)])

    def put_payloads(self, kind: str, entries: Iterable[tuple[str, bytes]]) -> None:
        """Store many pickled values in one transaction (the main process stores what the
        workers send back: one writer, no waiting on each other's locks)."""
        db = self._connection()
        if db is None:
            return
        rows = [(kind, key, self._mac(kind, key, payload), payload) for key, payload in entries]
        if not rows:
            return
        try:
            with db:  # one transaction
                db.execute("BEGIN")
                db.executemany("INSERT OR REPLACE INTO entries (kind, key, mac, payload) VALUES (?, ?, ?, ?)", rows)
            self._keep_within_limit(db)
        except sqlite3.Error as exc:  # locked for a minute, disk full: the entries are not stored
            self._failed(exc)

    def _keep_within_limit(self, db: sqlite3.Connection) -> None:
        """Past :data:`SIZE_LIMIT` of pages in use, drop the oldest written quarter (a rewritten
        entry counts as new). Stale entries are never read again, so without this the cache
        would only grow; the freed pages are reused, so the file stops growing."""
        (pages,) = db.execute("PRAGMA page_count").fetchone()
        (free,) = db.execute("PRAGMA freelist_count").fetchone()
        (page_size,) = db.execute("PRAGMA page_size").fetchone()
        if (pages - free) * page_size <= SIZE_LIMIT:
            return
        (count,) = db.execute("SELECT count(*) FROM entries").fetchone()
        with db:
            db.execute("BEGIN")
            db.execute(
                "DELETE FROM entries WHERE rowid IN (SELECT rowid FROM entries ORDER BY rowid LIMIT ?)",
                (max(1, count // 4),),
            )

    def _discard(self, kind: str, key: str) -> None:
        db = self._connection()
        if db is None:
            return
        try:
            db.execute("DELETE FROM entries WHERE kind = ? AND key = ?", (kind, key))
        except sqlite3.Error:
            pass
