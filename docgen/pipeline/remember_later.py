"""What a render's runner is asked to remember, stored after its jobs (issue 18).

In: :meth:`~docgen.pipeline.render_jobs.PoolRunner.remember` calls (a kind and a maker of the
value), made before the jobs run (:func:`docgen.render.verify.recalled_suspicious`,
:func:`docgen.render.type_reads.remember_types`). Out: each value stored under its kind and the
job context once the jobs have run (:meth:`RememberLater.after_run`): made and stored here after
a render that reused jobs, or, after one that reused none (a cold one), made and stored by the
child that stores the render's other cold entries (:func:`~docgen.pipeline.entry_writer.store_later`).

A value asked for before the jobs cannot be made yet (the types' digests are known only once the
jobs' reads were checked), so every call waits for the run. A cold render once stored nothing
(its values would have cost it what a warm one saves): the first warm render after it then
scanned, and decoded, every type's and operation's texts and walked every type its jobs read
(0.3 s of scale.py's type-cell edit). Made by the child, they cost the cold render nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from docgen.pipeline import job_memo, key_index
from docgen.pipeline.cache import dumps
from docgen.pipeline.entry_writer import EntryWriter, Later, Writes
from docgen.pipeline.plain import PlainError
from docgen.render.job_index import Scope
from docgen.render.jobs import Current, StoredJob, Work


class RememberLater:
    """The values a runner was asked to remember that wait for its run."""

    def __init__(self) -> None:
        self.waiting: list[tuple[str, Callable[[], Any]]] = []

    def remember(self, job_cache: Any, kind: str, make: Callable[[], Any]) -> None:
        """Keep ``make`` until the run (:meth:`after_run`); nothing without a cache (``job_cache``
        a :class:`~docgen.pipeline.render_jobs.JobCache` or None)."""
        if job_cache is None or not job_cache.cache.enabled:
            return
        self.waiting.append((kind, make))

    def after_run(self, job_cache: Any, reused: int, background: list[tuple[str, str, Any]] | None = None,
                  writer: EntryWriter | None = None) -> None:
        """Store what waited (a value made as None is not stored: what is stands): made here when
        the run reused ``reused`` > 0 jobs, and stored by ``writer``'s child (while this process
        goes on: 2-3 ms of SQLite and digests of a warm edit) or, without one, the cache; else, with
        ``background`` (the entries a child stores after a cold render), as entries the child
        makes (:class:`~docgen.pipeline.entry_writer.Later`); else not at all. Forgets it either way."""
        waiting, self.waiting = self.waiting, []
        if job_cache is None or not job_cache.cache.enabled:
            return
        if reused:
            for kind, make in waiting:
                value = make()
                if value is None:  # None: what is stored stands
                    continue
                if writer is None:
                    job_cache.cache.put(kind, job_cache.key(kind), value)
                    continue
                try:
                    writer.put(kind, job_cache.key(kind), dumps(value))
                except PlainError:  # not storable: not stored (as by the cache)
                    pass
        elif background is not None:
            background.extend((kind, job_cache.key(kind), Later(make)) for kind, make in waiting)


def cold_entries(
    job_cache: Any, work: Sequence[Work], entries: Sequence[tuple[str, StoredJob]],
    deps: Mapping[int, tuple[tuple[str, ...], tuple[Any, ...]]], scope: Scope | None,
    current: Current | None = None,
) -> list[tuple[str, str, Writes]]:
    """The memo of ``entries`` (every job of a cold render, in order) and, with a ``scope``, the
    key index of ``work``, as entries the child forked after a cold render makes and stores
    (``job_cache`` a :class:`~docgen.pipeline.render_jobs.JobCache`): on the corpus 0.04 s of the
    memo's columns and 0.05 s of the jobs' parts made again for the index (the workers keyed the
    jobs: ``deps`` holds only those keyed here), off the cold render's main process. With
    ``current`` (the render's check of reads), the child then digests every token the jobs read
    (their workers did, not this process), so that the tokens' digests it remembers after the
    memo (:mod:`docgen.render.type_reads`) are all of them: the first warm render takes them."""
    def write_memo(cache: Any) -> None:
        job_cache.store_memo(entries, cache)
        if current is not None:  # every token the jobs read digested, for the values remembered after
            current(tuple([t for _, stored in entries for t in stored.tokens]),
                    tuple([d for _, stored in entries for d in stored.digests]))

    out = [(job_memo.MEMO, job_cache.key(job_memo.MEMO), Writes(write_memo))]
    if scope is not None:
        def write_index(cache: Any) -> None:
            keys = [key for key, _ in entries]
            index = key_index.to_store(work, keys, deps, None)  # (a cold render had no index to keep)
            if index is not None:
                job_cache.store_key_index(scope, keys, *index, cache=cache)

        out.append((key_index.INDEX, job_cache.key(key_index.INDEX), Writes(write_index)))
    return out
