"""PoolRunner.remember asked before any job was looked up (verify.recalled_suspicious is) stores
after the render's jobs, when they reused some: before, it never stored (reused was 0 then), so
every warm render scanned, and now decoded, every type's and operation's texts."""

from __future__ import annotations

from docgen.pipeline import render_jobs
from docgen.pipeline.cache import Cache
from docgen.pipeline.render_jobs import PoolRunner


def test_a_value_remembered_before_the_jobs_is_stored_after_a_warm_run(tmp_path) -> None:
    job_cache = render_jobs.JobCache(Cache(tmp_path / "cache"), "context")
    runner = PoolRunner(1, job_cache)
    runner.remember("suspicious-clean", lambda: ("a", "b"))
    assert runner.recalled("suspicious-clean") is None  # no job looked up yet: not stored now
    runner.run([], lambda: None)
    assert runner.recalled("suspicious-clean") is None  # a run that reused nothing (cold): never stored
    runner.remember("suspicious-clean", lambda: ("a", "b"))
    job_cache.reused = 1  # (what looking up a warm render's jobs does)
    runner.run([], lambda: None)
    assert runner.recalled("suspicious-clean") == ("a", "b")
    runner.remember("suspicious-clean", lambda: ("c",))  # asked after jobs were reused: stored now
    assert runner.recalled("suspicious-clean") == ("c",)
