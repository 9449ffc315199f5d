"""Running a render's jobs: in this process, or on forked workers (split from
:mod:`docgen.pipeline.render_jobs`).

In: the jobs (calls giving a :class:`~docgen.render.jobs.JobResult` or, with the job cache, an
:class:`Outcome`), the number of workers, what to load before forking and where workers store
what they render. Out: every job's result, in order (:func:`run_jobs`). With more than one core
and the ``fork`` start method (Linux only), workers are forked after planning, so they share the
planned model without pickling it and send back only file texts and diagnostics; elsewhere, or
for fewer than :data:`PARALLEL_THRESHOLD` jobs, the jobs run in turn.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from docgen.model.dataclass_ahead import dataclass
from docgen.pipeline import job_entries
from docgen.pipeline.procs import fork_context, pool
from docgen.render.jobs import JobResult, StoredJob
from docgen.write.texts import sha256_text

PARALLEL_THRESHOLD = 64
"""Fewer jobs than this run in-process: forking workers costs more than it saves."""
CHUNKS_PER_WORKER = 8
"""Jobs are handed out in about this many chunks per worker, so both finish together."""


@dataclass(frozen=True)
class Outcome:
    """A job run with the job cache: its key and its result, encoded."""

    key: str
    """The job's cache key."""
    payload: bytes
    """The :class:`~docgen.render.jobs.StoredJob`, encoded (as stored)."""
    texts: Mapping[str, str] | None
    """The texts of its files when it was rendered now (None when it came from the cache)."""
    hashes: tuple[tuple[str, str], ...]
    """(path, sha256) of its files when it was rendered now (else empty)."""
    fresh: bool
    """True when it was rendered now and is still to be stored."""
    rendered: bool = True
    """True when it was rendered now (stored or not), False when it came from the cache."""
    stale: bool = False
    """True when a stored result was found but its reads were no longer current."""


def rendered(key: str, result: JobResult, stale: bool = False) -> Outcome:
    """The :class:`Outcome` of a job rendered now (its texts digested here, on the worker)."""
    hashes = tuple((rel, sha256_text(text)) for rel, text in result.files.items())
    tokens = tuple(token for token, _ in result.reads)
    stored = StoredJob(hashes, result.diagnostics, result.shared, tokens, tuple(d for _, d in result.reads))
    return Outcome(key, job_entries.job_payload(stored), dict(result.files), hashes, True, True, stale)


Job = Callable[[], "JobResult | Outcome"]
"""A job: called in this process or in a forked worker."""

_FORKED_JOBS: Sequence[Job] = ()
"""The jobs of the render being run, as the forked workers inherit them."""
_FORKED_STORE: Callable[[Sequence[Outcome]], None] | None = None
"""Where the forked workers store the results they render (see :func:`run_jobs`)."""


def _run_chunk(bounds: tuple[int, int]) -> list[JobResult | Outcome]:
    """Run jobs ``start``…``stop`` in a worker; store the results rendered now (returned as
    stored, so that nobody stores them twice)."""
    start, stop = bounds
    done = [_FORKED_JOBS[i]() for i in range(start, stop)]
    fresh = [outcome for outcome in done if isinstance(outcome, Outcome) and outcome.fresh]
    if _FORKED_STORE is None or not fresh:
        return done
    _FORKED_STORE(fresh)
    return [replace(o, fresh=False) if isinstance(o, Outcome) and o.fresh else o for o in done]


def run_jobs(
    jobs: Sequence[Job],
    workers: int,
    before_fork: Callable[[], None] | None = None,
    store: Callable[[Sequence[Outcome]], None] | None = None,
) -> list[JobResult | Outcome]:
    """Every job's result, in order (see the module's docstring). ``before_fork`` runs first
    when the jobs go to forked workers (what it loads, every worker inherits). With ``store``,
    forked workers store the fresh :class:`Outcome` of each chunk themselves, while both cores
    are busy: stored here afterwards, the 18 MB of a cold corpus render took 0.1 s with one core
    idle. Jobs run in this process are left to the caller to store."""
    global _FORKED_JOBS, _FORKED_STORE
    if workers <= 1 or len(jobs) < PARALLEL_THRESHOLD or fork_context() is None:
        return [job() for job in jobs]  # (multiprocessing is not even imported: a warm edit's few jobs)
    from concurrent.futures.process import BrokenProcessPool
    if before_fork is not None:
        before_fork()
    size = max(1, len(jobs) // (workers * CHUNKS_PER_WORKER))
    chunks = [(start, min(start + size, len(jobs))) for start in range(0, len(jobs), size)]
    _FORKED_JOBS, _FORKED_STORE = jobs, store
    try:
        with pool(workers) as executor:
            return [result for chunk in executor.map(_run_chunk, chunks) for result in chunk]
    except BrokenProcessPool:  # a worker died (out of memory, killed): do the work here
        return [job() for job in jobs]
    finally:
        _FORKED_JOBS, _FORKED_STORE = (), None
