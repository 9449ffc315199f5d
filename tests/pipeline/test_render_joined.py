"""A warm render's package joined with the memo's jobs as one part (PoolRunner.joined, MemoTexts):
the same files, digests and texts as joining every job's files in order (Texts.joined), each job's
own mapping made only when one of its texts is read, and the job-by-job join whenever the one part
would not be the same (a path in two jobs, a later part holding a memo job's path)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_incremental_render import FIXTURE, _edit

from docgen.pipeline import job_memo, render_jobs
from docgen.pipeline.build import build_model
from docgen.pipeline.cache import Cache
from docgen.pipeline.job_memo import MemoTexts
from docgen.pipeline.render_jobs import PoolRunner
from docgen.render.jobs import JobResult, StoredJob
from docgen.render.package import RenderOptions, render_package
from docgen.write.texts import Texts


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    shutil.copytree(FIXTURE, folder)
    return folder


def _jobs(count: int, shared: str | None = None) -> list[tuple[str, StoredJob]]:
    """``count`` stored jobs of 0-2 files each (``shared``: a path the first two jobs both hold)."""
    jobs = []
    for i in range(count):
        hashes = tuple((f"f{i}_{n}.py", f"{i:02d}{n}".ljust(64, "0")) for n in range(i % 3))
        if shared is not None and i < 2:
            hashes += ((shared, f"s{i}".ljust(64, "0")),)
        jobs.append((f"k{i}", StoredJob(hashes, (), ())))
    return jobs


def test_a_warm_render_joins_the_memos_jobs_as_one_part_with_the_same_files(docs: Path, tmp_path: Path) -> None:
    model = build_model([docs], cache=Cache(None), root=docs)
    reference, diagnostics = render_package(model, RenderOptions(), runner=PoolRunner(1, None))
    job_cache = render_jobs.JobCache(Cache(tmp_path / "cache"), "context")
    render_package(model, RenderOptions(), runner=PoolRunner(1, job_cache))
    files, warm = render_package(model, RenderOptions(), runner=PoolRunner(1, job_cache))
    assert isinstance(files, Texts) and files._owners is not None
    parts = {id(part): part for part in files._owners.values()}.values()
    memo_parts = [part for part in parts if type(part) is MemoTexts]
    assert len(memo_parts) == 1 and len(memo_parts[0]) >= len(reference) - 10  # all but the package files
    assert not any("files" in result.__dict__ for result in memo_parts[0]._results)  # no job's own files made
    assert list(files) == sorted(reference) and files.hashes == Texts.joined([reference]).hashes
    assert dict(files) == reference and [d.format() for d in warm] == [d.format() for d in diagnostics]
    assert memo_parts[0].loaded  # every text read: each through its job
    # after a description edit: the type's module rendered again, a part of its own
    _edit(docs / "resources/widget.md", "The widget's name.", "The widget's full name.")
    model = build_model([docs], cache=Cache(None), root=docs)
    rendered = job_cache.rendered
    files, _ = render_package(model, RenderOptions(), runner=PoolRunner(1, job_cache))
    assert job_cache.rendered == rendered + 1
    assert dict(files) == dict(render_package(model, RenderOptions(), runner=PoolRunner(1, None))[0])


@pytest.mark.parametrize("asked", [1, 20])  # few jobs' files (one by one) or most (all, then the rest out)
def test_hashes_at_is_the_union_of_the_jobs_files(asked: int) -> None:
    jobs = _jobs(24)
    memo = job_memo.read_memo(job_memo.memo_payload(jobs))
    assert memo is not None
    positions = list(range(24))[-asked:]
    assert memo.hashes_at(positions) == {rel: sha for i in positions for rel, sha in jobs[i][1].hashes}
    assert memo.hashes_at([*positions, positions[0]]) is None or not jobs[positions[0]][1].hashes


@pytest.mark.parametrize("asked", [[0, 1], list(range(24))])
def test_a_path_in_two_memo_jobs_is_joined_job_by_job(asked: list[int]) -> None:
    jobs = _jobs(24, shared="both.py")
    memo = job_memo.read_memo(job_memo.memo_payload(jobs))
    assert memo is not None and memo.hashes_at(asked) is None
    results = memo.results([jobs[i][0] for i in asked], None, lambda hashes, n: dict(hashes))
    assert PoolRunner(1, None).joined(results, {}) is None  # render_package joins them in order


def test_a_later_part_holding_a_memo_jobs_path_is_joined_job_by_job() -> None:
    jobs = _jobs(6)
    memo = job_memo.read_memo(job_memo.memo_payload(jobs))
    assert memo is not None
    keys = [key for key, _ in jobs]
    results = memo.results(keys, None, lambda hashes, n: dict(hashes))
    runner = PoolRunner(1, None)
    extra = {"__init__.py": "x = 1\n"}
    joined = runner.joined(results, extra)
    assert joined is not None
    assert joined.hashes == Texts.joined([Texts(dict(stored.hashes), dict) for _, stored in jobs] + [extra]).hashes
    assert joined["__init__.py"] == "x = 1\n"
    fresh = memo.results(keys, None, lambda hashes, n: dict(hashes))
    assert runner.joined(fresh, {"f2_0.py": "y = 2\n"}) is None  # the package's file replaces job 2's
    rendered = JobResult({"f2_1.py": "z = 3\n"}, (), ())
    assert runner.joined([*fresh[:4], rendered], {}) is None  # a later job's file replaces job 2's
    assert runner.joined([rendered], {}) is None  # no memo job: joined as any runner's
