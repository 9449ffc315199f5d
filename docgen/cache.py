"""A content-addressed cache for parsed pages, resolved models and formatted files.

Entries are keyed by hashes of everything that decides them (page bytes, docgen's own code,
templates, options), so a stale entry is never looked up: it just stops being used. Each entry is
pickled and signed with an HMAC whose key lives in the user's cache directory, not beside the
entries; a corrupt, truncated or planted entry fails the check and is discarded, never trusted.
Writes go to a temporary file and ``os.replace``, so a crash leaves no half-written entry.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import secrets
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

_MAGIC = b"docgen-cache-1\n"
_DIGEST = hashlib.sha256().digest_size


def user_cache_dir() -> Path:
    """``$DOCGEN_CACHE_DIR``, else ``$XDG_CACHE_HOME/docgen``, else ``~/.cache/docgen``."""
    explicit = os.environ.get("DOCGEN_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "docgen"


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
    package = Path(__file__).resolve().parent
    parts: list[bytes] = []
    for path in sorted(package.rglob("*.py")):
        parts.append(path.relative_to(package).as_posix().encode())
        parts.append(path.read_bytes())
    return digest(*parts)


def dumps(value: Any) -> bytes:
    """``value`` pickled the way entries are stored."""
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


class Cache:
    """A folder of signed pickles, one file per key, grouped by kind (``page``, ``model`` …)."""

    def __init__(self, root: Path | None):
        """``root`` None gives a cache that stores nothing (``--no-cache``)."""
        self.root = root
        self.hits = 0
        self.misses = 0

    @property
    def enabled(self) -> bool:
        """False for the ``--no-cache`` cache."""
        return self.root is not None

    def _path(self, kind: str, key: str) -> Path:
        assert self.root is not None
        return self.root / kind / key[:2] / key

    def get(self, kind: str, key: str) -> Any | None:
        """The value stored under ``key``, or None when absent, corrupt or not ours."""
        if self.root is None:
            return None
        try:
            data = self._path(kind, key).read_bytes()
        except OSError:
            self.misses += 1
            return None
        head = len(_MAGIC)
        mac, payload = data[head : head + _DIGEST], data[head + _DIGEST :]
        expected = hmac.new(_secret(_key_file()), key.encode() + payload, "sha256").digest()
        if not data.startswith(_MAGIC) or not hmac.compare_digest(mac, expected):
            self._discard(kind, key)
            self.misses += 1
            return None
        try:
            value = pickle.loads(payload)
        except Exception:  # a signed entry from an older docgen whose classes changed
            self._discard(kind, key)
            self.misses += 1
            return None
        self.hits += 1
        return value

    def put(self, kind: str, key: str, value: Any) -> None:
        """Store ``value`` atomically; a failure to write is not an error (the cache is optional)."""
        if self.root is not None:
            self.put_payload(kind, key, dumps(value))

    def put_payload(self, kind: str, key: str, payload: bytes) -> None:
        """Store a value already pickled with :func:`dumps` (a worker pickles its result once,
        for the cache and for the trip back to the main process)."""
        if self.root is None:
            return
        mac = hmac.new(_secret(_key_file()), key.encode() + payload, "sha256").digest()
        path = self._path(kind, key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(_MAGIC + mac + payload)
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError:
            pass

    def _discard(self, kind: str, key: str) -> None:
        try:
            self._path(kind, key).unlink()
        except OSError:
            pass
