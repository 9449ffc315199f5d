"""PoolRunner.remember asked before any job was looked up (verify.recalled_suspicious and
type_reads.remember_types are) stores once the render's jobs have run: made here after a run that
reused jobs, made by a child forked at the end after one that reused none (a cold one: before, it
never stored then, and the first warm render scanned and walked every type)."""

from __future__ import annotations

import sys

from docgen.pipeline import render_jobs
from docgen.pipeline.cache import Cache
from docgen.pipeline.render_jobs import PoolRunner
from docgen.render.jobs import JobResult


def test_a_value_remembered_before_the_jobs_is_stored_after_the_run(tmp_path) -> None:
    job_cache = render_jobs.JobCache(Cache(tmp_path / "cache"), "context")
    runner = PoolRunner(1, job_cache)
    made: list[str] = []

    def make(value: str):
        return lambda: made.append(value) or (value,)

    work = [(("file", "a"), lambda: JobResult({"a.py": "x = 1\n"}, (), ()))]
    runner.remember("suspicious-clean", make("a"))
    assert runner.recalled("suspicious-clean") is None  # no job looked up yet: not stored now
    runner.run(work, lambda: None)  # cold: the job rendered, none reused
    assert job_cache.rendered == 1 and job_cache.reused == 0
    assert runner.recalled("suspicious-clean") == ("a",)  # stored all the same
    if sys.platform.startswith("linux"):
        assert made == []  # by the child (forked when the value was read back here)
    runner.remember("suspicious-clean", make("b"))
    assert runner.recalled("suspicious-clean") == ("a",)  # asked before the run: waits for it
    runner.run(work, lambda: None)  # warm: the job reused
    assert job_cache.reused == 1
    assert made[-1:] == ["b"] and runner.recalled("suspicious-clean") == ("b",)  # made and stored here
    runner.run(work, lambda: None)
    assert runner.recalled("suspicious-clean") == ("b",)  # nothing asked: nothing stored


def test_nothing_is_remembered_without_a_cache(tmp_path) -> None:
    for job_cache in (None, render_jobs.JobCache(Cache(None), "context")):
        runner = PoolRunner(1, job_cache)
        made: list[int] = []
        runner.remember("suspicious-clean", lambda: made.append(1) or ("a",))
        runner.run([(("file", "a"), lambda: JobResult({}, (), ()))], lambda: None)
        assert made == [] and runner.recalled("suspicious-clean") is None


def test_with_a_writer_a_warm_runs_values_are_stored_by_its_child(tmp_path) -> None:
    """A render's :class:`~docgen.pipeline.entry_writer.EntryWriter` stores what a warm run
    remembers (its child writes it once the writer is closed); read back as the cache's own."""
    from docgen.pipeline.entry_writer import EntryWriter, finish_writes

    cache = Cache(tmp_path / "cache")
    job_cache = render_jobs.JobCache(cache, "context")
    work = [(("file", "a"), lambda: JobResult({"a.py": "x = 1\n"}, (), ()))]
    PoolRunner(1, job_cache).run(work, lambda: None)  # cold: the job stored
    finish_writes()
    writer = EntryWriter(cache)
    runner = PoolRunner(1, job_cache, writer)
    runner.remember("suspicious-clean", lambda: ("warm",))
    runner.remember("type-reads", lambda: None)  # None: nothing stored
    runner.run(work, lambda: None)
    assert job_cache.reused == 1
    if sys.platform.startswith("linux"):  # by the child: not in the cache before the writer is closed
        assert runner.recalled("suspicious-clean") is None
    writer.close()
    assert runner.recalled("suspicious-clean") == ("warm",) and runner.recalled("type-reads") is None
    writer = EntryWriter(cache)
    runner = PoolRunner(1, job_cache, writer)
    runner.remember("suspicious-clean", lambda: {1j})  # not storable: nothing stored, no error
    runner.run(work, lambda: None)
    writer.close()
    assert runner.recalled("suspicious-clean") == ("warm",)
