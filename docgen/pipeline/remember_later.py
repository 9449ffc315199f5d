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

from collections.abc import Callable
from typing import Any

from docgen.pipeline.entry_writer import Later


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

    def after_run(self, job_cache: Any, reused: int, background: list[tuple[str, str, Any]] | None = None) -> None:
        """Store what waited: here when the run reused ``reused`` > 0 jobs; else, with
        ``background`` (the entries a child stores after a cold render), as entries the child
        makes (:class:`~docgen.pipeline.entry_writer.Later`); else not at all. Forgets it either way."""
        waiting, self.waiting = self.waiting, []
        if job_cache is None or not job_cache.cache.enabled:
            return
        if reused:
            for kind, make in waiting:
                job_cache.cache.put(kind, job_cache.key(kind), make())
        elif background is not None:
            background.extend((kind, job_cache.key(kind), Later(make)) for kind, make in waiting)
