"""What a render's runner is asked to remember before its jobs are looked up (issue 18).

In: :meth:`~docgen.pipeline.render_jobs.PoolRunner.remember` calls (a kind and a maker of the
value). Out: the value stored under the kind and the job context, after a render that reused
jobs (a cold one's values would cost it what a warm one saves). A call made before any job was
looked up (:func:`docgen.render.verify.recalled_suspicious` is one) cannot know yet: it is kept
and decided after the run. Stored at once, such a value was never stored (nothing had been
reused yet), and every warm render scanned, and decoded, every type's and operation's texts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class RememberLater:
    """The values a runner was asked to remember that wait for its run."""

    def __init__(self) -> None:
        self.waiting: list[tuple[str, Callable[[], Any]]] = []

    def remember(self, job_cache: Any, kind: str, make: Callable[[], Any]) -> None:
        """Store ``make()`` now when ``job_cache`` (a :class:`~docgen.pipeline.render_jobs.JobCache`
        or None) reused jobs, else after the run (:meth:`after_run`)."""
        if job_cache is None or not job_cache.cache.enabled:
            return
        if job_cache.reused:
            job_cache.cache.put(kind, job_cache.key(kind), make())
        else:
            self.waiting.append((kind, make))

    def after_run(self, job_cache: Any) -> None:
        """Store what waited when the run reused jobs; forget it either way."""
        waiting, self.waiting = self.waiting, []
        if job_cache is not None and job_cache.cache.enabled and job_cache.reused:
            for kind, make in waiting:
                job_cache.cache.put(kind, job_cache.key(kind), make())
