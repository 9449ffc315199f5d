"""Stamps in the cache: read back whole (an entry and the small change stored beside it), and the
entries that store the next ones (:mod:`docgen.pipeline.unchanged` keeps the stamps of a tree's
pages and of an output folder's files this way).

In: the cache and a key; then the stamps a run ends with. Out: :class:`StoredStamps`, and the
entries to write (none when nothing changed, a small change against the whole entry while few
paths differ, else the whole entry again). Split from :mod:`docgen.pipeline.unchanged`.
"""

from __future__ import annotations

import marshal
from collections.abc import Mapping

from docgen.pipeline.cache import Cache, digest
from docgen.write.stamps import Stamp, stored_stamps, valid_stamps

STAMPS = "stamps"
"""The kind of the entries holding stamps of input pages and of output files."""


class StoredStamps(dict):
    """Stamps read from the cache (path -> :data:`~docgen.write.stamps.Stamp`), with
    :attr:`base`, the whole entry they were read from before its :func:`_delta_key` entry
    was applied: what :func:`_stamps_entries` stores the next stamps against."""

    base: dict[str, Stamp]
    delta: object
    differs: set
    """The paths whose stamps here may differ from :attr:`base`'s: the ones the change applied
    to it names."""


def _delta_key(key: str) -> str:
    return digest("delta", key)


def _read_stamps(cache: Cache, key: str) -> StoredStamps:
    """The stamps stored under ``key``: the whole entry, updated by the small entry of what
    changed since (:func:`_stamps_entries`). Any stamp docgen ever made is true of its file for
    as long as the file's stat matches (:mod:`docgen.write.stamps`), so an entry and a change
    that do not belong together (stored by two runs at once) can only cost a read."""
    base = valid_stamps(cache.get(STAMPS, key))
    delta = cache.get(STAMPS, _delta_key(key))
    found = StoredStamps(base)
    found.base, found.delta, found.differs = base, delta, set()
    if type(delta) is tuple and len(delta) == 2 and type(delta[1]) is tuple:
        changed = valid_stamps(delta[0])
        found.update(changed)
        for path in delta[1]:
            found.pop(path, None)
        found.differs = set(changed).union(delta[1])
    return found


DELTA_SHARE = 16
"""The stamps stored as a change to the whole entry while they differ from it in at most one
path in this many (and at least :data:`DELTA_LEAST`); more, and the whole entry is stored again.
After a one-cell edit a few of the corpus's 5,720 output stamps and one of its 3,341 pages'
change: storing only those spares sorting, encoding and writing 1.4 MB a run."""
DELTA_LEAST = 64


def _stamps_entries(
    key: str, stamps: dict[str, Stamp], stored: Mapping[str, Stamp], touched: set[str] | None = None
) -> list[tuple[str, bytes]]:
    """The entries to store for ``stamps`` under ``key``, where ``stored`` is what
    :func:`_read_stamps` gave (or plain stamps read otherwise): none when they are the same, a
    change against the whole entry when small, else the whole entry and an empty change.

    ``touched``: when given, every path whose stamp in ``stamps`` may differ from ``stored``'s
    (or be in one and not the other): only those, and the ones ``stored``'s change names
    (:attr:`StoredStamps.differs`), are compared, not the 3,341 pages' or 5,720 files' (2 ms
    each a run)."""
    base = stored.base if isinstance(stored, StoredStamps) else None
    differs = stored.differs if isinstance(stored, StoredStamps) else None
    quick = touched is not None and differs is not None  # (plain stamps: every one compared)
    if quick:
        now, before = stamps.get, stored.get
        if all(now(path) == before(path) for path in touched):  # type: ignore[union-attr]
            return []
    elif stamps == stored:
        return []
    if base:
        if quick:
            candidates = touched | differs  # type: ignore[operator]
            changed = {path: stamps[path] for path in candidates if path in stamps and base.get(path) != stamps[path]}
            removed = tuple(sorted(path for path in candidates if path in base and path not in stamps))
        else:
            changed = {path: stamp for path, stamp in stamps.items() if base.get(path) != stamp}
            removed = tuple(sorted(path for path in base if path not in stamps))
        if len(changed) + len(removed) <= max(DELTA_LEAST, len(base) // DELTA_SHARE):
            delta = (stored_stamps(changed), removed)
            return [] if delta == stored.delta else [(_delta_key(key), _scalars(delta))]  # type: ignore[attr-defined]
    return [(key, _scalars(stored_stamps(stamps))), (_delta_key(key), _scalars((stored_stamps({}), ())))]


def _put_stamps(cache: Cache, key: str, stamps: dict[str, Stamp], stored: Mapping[str, Stamp]) -> None:
    entries = _stamps_entries(key, stamps, stored)
    if entries:
        cache.put_payloads(STAMPS, entries)


def _scalars(value: tuple) -> bytes:
    """What :func:`~docgen.pipeline.cache.dumps` gives ``value``, a tuple of tuples of strings
    and integers (plain data as it is: its encoding returns the same tuples), without the
    encoder's walk over each of its items (the corpus's 5,720 paths and stamps: 4 ms a run)."""
    from docgen.pipeline import plain

    return marshal.dumps(value, plain.MARSHAL_VERSION)
