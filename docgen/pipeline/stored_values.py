"""Values of a render stored beside its jobs: the navigation tree, the builders' answers (issue 18).

In: the job cache (:class:`~docgen.pipeline.render_jobs.JobCache`: its context and its cache), a
kind, what the value is made of and how to make it. Out: the value, from its entry when one is
stored (and, for :func:`cached_each`, while the reads stored with it are current), else made and
stored. What :meth:`~docgen.pipeline.render_jobs.PoolRunner.cached` and
:meth:`~docgen.pipeline.render_jobs.PoolRunner.cached_each` do.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from docgen.pipeline.cache import Cache, dumps, loads
from docgen.pipeline.plain import PlainError
from docgen.render.jobs import Current, Made, V


class JobCache(Protocol):
    """What of :class:`docgen.pipeline.render_jobs.JobCache` is used here (it imports this module)."""

    cache: Cache

    def key(self, *parts: object) -> str: ...


def cached(
    job_cache: JobCache | None, kind: str, parts: tuple[Any, ...], make: Callable[[], V],
    to_plain: Callable[[V], Any], from_plain: Callable[[Any], V | None],
) -> V:
    """``make()`` stored in the cache (kind ``kind``) under the job context and ``parts``."""
    if job_cache is None or not job_cache.cache.enabled or _empty_stand_in(parts):
        return make()
    key = job_cache.key(kind, *parts)
    payload = job_cache.cache.get_payload(kind, key)
    if payload is not None:
        try:
            found = from_plain(loads(payload))
        except PlainError:
            found = None
        if found is not None:
            return found
    value = make()
    try:
        job_cache.cache.put_payload(kind, key, dumps(to_plain(value)))
    except PlainError:  # not storable: made each time
        pass
    return value


def cached_each(
    job_cache: JobCache | None, kind: str, items: Sequence[tuple[tuple[Any, ...], Made[V]]], current: Current,
    from_plain: Callable[[Any], V | None],
) -> list[V]:
    """Each item's value: stored (kind ``kind``) with its reads under the job context and its
    parts, reused while ``current`` accepts those reads; the values made are stored in one
    transaction."""
    if job_cache is None or not job_cache.cache.enabled or any(_empty_stand_in(p) for p, _ in items):
        return [make()[0] for _, make in items]
    keys = [job_cache.key(kind, *parts) for parts, _ in items]
    stored = job_cache.cache.get_payloads(kind, keys)
    out: list[V] = []
    fresh: list[tuple[str, bytes]] = []
    for key, (_, make) in zip(keys, items):
        found = _stored_value(stored.get(key), current, from_plain)
        if found is None:
            value, reads = make()
            found = (value,)
            try:
                fresh.append((key, dumps((value, tuple(t for t, _ in reads), tuple(d for _, d in reads)))))
            except PlainError:  # not storable: made each time
                pass
        out.append(found[0])
    if fresh:
        job_cache.cache.put_payloads(kind, fresh)
    return out


def _stored_value(
    payload: bytes | None, current: Current, from_plain: Callable[[Any], V | None]
) -> tuple[V] | None:
    """(the value,) a :meth:`PoolRunner.cached_each` entry holds when its reads are current;
    None when there is none, it is not such an entry, or its reads are stale."""
    if payload is None:
        return None
    try:
        data = loads(payload)
    except PlainError:
        return None
    if not (type(data) is tuple and len(data) == 3 and type(data[1]) is tuple and type(data[2]) is tuple):
        return None
    value, tokens, digests = data  # two flat tuples: decoded at C speed
    if len(tokens) != len(digests) or not all(type(t) is str for t in tokens + digests):
        return None
    if tokens and not current(tuple(zip(tokens, digests))):
        return None
    found = from_plain(value)
    return None if found is None else (found,)


def _empty_stand_in(parts: tuple[Any, ...]) -> bool:
    """True when a part is an empty string or a tuple holding one (a stand-in of nothing cached)."""
    return any(part == "" or (type(part) is tuple and "" in part) for part in parts)

