"""Rendering's per-file work, on every core: one job per model module or operation.

The renderer plans everything that spans files (class and module names, operation plans) in
one process, then hands each job — render a model module, or an operation's request builder and
test module, each formatted and checked — to :func:`run_jobs`. With more than one core and the
``fork`` start method (Linux only), workers are forked after planning, so they share the planned model
without pickling it and send back only file texts and diagnostics; elsewhere the jobs run in turn.

Both ways give the same bytes: jobs keep their order, and what a job adds to the shared
registry's diagnostics (an unknown type, reported where it is first met) comes back with it and is
merged in job order, the first report of each kept — which is what a run in one process reports.
"""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from .cache import Cache, digest, dumps
from .diagnostics import Diagnostic

PARALLEL_THRESHOLD = 64
"""Fewer jobs than this run in-process: forking workers costs more than it saves."""
CHUNKS_PER_WORKER = 8
"""Jobs are handed out in about this many chunks per worker, so both finish together."""


@dataclass(frozen=True)
class JobResult:
    """What one job produced."""

    files: dict[str, str]
    """Relative path -> final text of each file the job wrote."""
    diagnostics: tuple[Diagnostic, ...]
    """What rendering, formatting and checking those files found."""
    shared: tuple[Diagnostic, ...]
    """What the job added to the shared registry's diagnostics (deduplicated across jobs)."""


class JobCache:
    """Job results in the cache (kind ``job``), keyed by everything that decides them.

    ``context`` names what every job depends on (docgen's code, black, the templates, the
    options); :meth:`key` adds a job's own inputs, pickled. Equal inputs pickle to equal bytes
    within a run; a difference in how they pickle only costs a miss, never a wrong hit.
    """

    def __init__(self, cache: Cache, context: str):
        self.cache = cache
        self.context = context

    def key(self, *parts: object) -> str:
        """The key of a job whose inputs are ``parts`` (strings as they are, others pickled)."""
        return digest(self.context, *(part if isinstance(part, str) else dumps(part) for part in parts))

    def lookup(self, key: str) -> bytes | None:
        """The stored result, pickled (signature checked), or None."""
        return self.cache.get_payload("job", key)

    def store(self, entries: Sequence[tuple[str, bytes]]) -> None:
        """Store (key, pickled result) pairs in one transaction (a failure to write is not an error)."""
        self.cache.put_payloads("job", entries)


@dataclass(frozen=True)
class Outcome:
    """A job run with the job cache: its key and its result, pickled."""

    key: str
    """The job's cache key."""
    payload: bytes
    """The :class:`JobResult`, pickled (as stored)."""
    fresh: bool
    """True when it was rendered now (to be stored), False when it came from the cache."""


Job = Callable[[], "JobResult | Outcome"]
"""A job: called in this process or in a forked worker."""

_FORKED_JOBS: Sequence[Job] = ()
"""The jobs of the render being run, as the forked workers inherit them."""


def _run_chunk(bounds: tuple[int, int]) -> list[JobResult | Outcome]:
    """Run jobs ``start``…``stop`` in a worker."""
    start, stop = bounds
    return [_FORKED_JOBS[i]() for i in range(start, stop)]


def _fork_context():
    """The ``fork`` start method on Linux; None elsewhere (Windows has none, and on macOS a
    forked child may crash in system libraries, which is why Python does not default to it)."""
    if not sys.platform.startswith("linux"):
        return None
    return multiprocessing.get_context("fork")


def run_jobs(jobs: Sequence[Job], workers: int) -> list[JobResult | Outcome]:
    """Every job's result, in order (see the module's docstring)."""
    global _FORKED_JOBS
    context = _fork_context()
    if workers <= 1 or len(jobs) < PARALLEL_THRESHOLD or context is None:
        return [job() for job in jobs]
    size = max(1, len(jobs) // (workers * CHUNKS_PER_WORKER))
    chunks = [(start, min(start + size, len(jobs))) for start in range(0, len(jobs), size)]
    _FORKED_JOBS = jobs
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            return [result for chunk in pool.map(_run_chunk, chunks) for result in chunk]
    except BrokenProcessPool:  # a worker died (out of memory, killed): do the work here
        return [job() for job in jobs]
    finally:
        _FORKED_JOBS = ()


def merge_shared(results: Sequence[JobResult], already: Sequence[Diagnostic]) -> list[Diagnostic]:
    """The jobs' shared diagnostics in job order, each (code, message) once and not in ``already``."""
    seen = {(d.code, d.message) for d in already}
    merged: list[Diagnostic] = []
    for result in results:
        for diagnostic in result.shared:
            key = (diagnostic.code, diagnostic.message)
            if key not in seen:
                seen.add(key)
                merged.append(diagnostic)
    return merged
