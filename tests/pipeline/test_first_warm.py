"""The first warm render after a cold one costs what later warm renders cost (issue 18): the cold
render leaves the job memo, the key index, every type's digest and the objects holding no
suspicious text (made and stored by a child, docgen.pipeline.remember_later and
JobCache.cold_entries), so the render after it looks no job up on its own, keys no job, walks no
type and scans no text, and gives the bytes of a render without a cache."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from test_incremental_render import FIXTURE, _edit

from docgen.pipeline import job_memo, job_runs, key_index, render_jobs
from docgen.pipeline.build import build_model
from docgen.pipeline.cache import Cache
from docgen.pipeline.render_jobs import PoolRunner
from docgen.render.package import RenderOptions, render_package
from docgen.render import escaping
from docgen.render import reads as reads_module
from docgen.render.type_reads import TYPE_READS, type_reads
from docgen.render.verify import SUSPICIOUS_CLEAN


@pytest.fixture()
def docs(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    shutil.copytree(FIXTURE, folder)
    return folder


class _Counts:
    """What a render does that a warm one should not: jobs looked up one by one, types walked (not
    told), texts scanned for suspicious characters, and memos made in this process."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.looked_up: list[str] = []
        self.walked: list[str] = []
        self.scanned = 0
        self.memos = 0
        lookup_many, type_digest = render_jobs.JobCache.lookup_many, reads_module.Reads._type_digest
        suspicious, memo_payload = escaping.suspicious, job_memo.memo_payload

        def counted_lookup(cache: render_jobs.JobCache, keys):
            self.looked_up += keys
            return lookup_many(cache, keys)

        def counted_walk(reads: reads_module.Reads, t):
            if id(t) not in reads._by_id:
                self.walked.append(t.qualified_name)
            return type_digest(reads, t)

        def counted_scan(text: str):
            self.scanned += 1
            return suspicious(text)

        def counted_memo(entries):
            self.memos += 1
            return memo_payload(entries)

        monkeypatch.setattr(render_jobs.JobCache, "lookup_many", counted_lookup)
        monkeypatch.setattr(reads_module.Reads, "_type_digest", counted_walk)
        monkeypatch.setattr(escaping, "suspicious", counted_scan)
        monkeypatch.setattr(job_memo, "memo_payload", counted_memo)

    def clear(self) -> None:
        self.looked_up.clear()
        self.walked.clear()
        self.scanned = self.memos = 0


@pytest.mark.parametrize("workers", [1, 2])
def test_the_render_after_a_cold_one_reuses_everything_the_cold_one_left(
    docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    # with 2 workers every job runs on a forked worker, as on the corpus: this process then knows
    # no type's digest, and the child storing the cold entries walks every type itself
    monkeypatch.setattr(job_runs, "PARALLEL_THRESHOLD", 1)
    counts = _Counts(monkeypatch)
    job_cache = render_jobs.JobCache(Cache(tmp_path / "cache"), "context")
    cold = _render(docs, job_cache, workers)
    jobs = job_cache.rendered
    assert jobs > 20 and job_cache.reused == 0
    if sys.platform.startswith("linux"):
        assert counts.memos == 0  # made by the child, not by this process
    memo = job_cache.memo()
    assert memo is not None and len(memo) == jobs
    index = job_cache.key_index()
    assert index is not None and len(index) == jobs
    kept = type_reads(job_cache.cache.get(TYPE_READS, job_cache.key(TYPE_READS)))
    types = _render_types(docs)
    assert kept is not None and len(kept) == types  # every type, whether this process walked it or not
    clean = job_cache.cache.get(SUSPICIOUS_CLEAN, job_cache.key(SUSPICIOUS_CLEAN))
    assert type(clean) is tuple and len(clean) > types // 2

    counts.clear()
    keyed = job_cache.keyed
    assert _render(docs, job_cache, workers) == cold
    first = job_cache.keyed - keyed
    assert job_cache.rendered == jobs and job_cache.reused == jobs  # every job reused
    assert counts.looked_up == []  # every one answered by the memo
    assert first < jobs // 2  # the keys from the index (but the few the scope keys each time)
    assert counts.walked == []  # every type's digest told
    assert counts.scanned == 0  # every object known clean
    assert counts.memos == 0  # nothing new to remember
    assert cold == _render(docs, None)
    keyed = job_cache.keyed
    _render(docs, job_cache, workers)
    assert job_cache.keyed - keyed == first  # as a later warm render keys

    # an edit after it: the jobs that read the type, the type walked, the output a cold one's
    _edit(docs / "resources/gizmo.md", "|count|Int32|", "|count|Int64|")
    counts.clear()
    warm = _render(docs, job_cache, workers)
    assert job_cache.rendered - jobs == 2
    assert set(counts.walked) == {"microsoft.graph.gizmo"}
    assert warm == _render(docs, None)


def test_a_cold_render_without_a_child_stores_the_same(docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Where no child can be forked the entries are made and stored in this process: the same."""
    forked = render_jobs.JobCache(Cache(tmp_path / "forked"), "context")
    _render(docs, forked)
    from docgen.pipeline import entry_writer

    monkeypatch.setattr(entry_writer.os, "fork", _no_fork)
    here = render_jobs.JobCache(Cache(tmp_path / "here"), "context")
    _render(docs, here)
    for kind in (job_memo.MEMO, key_index.INDEX, TYPE_READS, SUSPICIOUS_CLEAN):
        assert here.cache.get_payload(kind, here.key(kind)) == forked.cache.get_payload(kind, forked.key(kind)), kind
        assert here.cache.get_payload(kind, here.key(kind)) is not None, kind


def _no_fork() -> int:
    raise OSError("no process to spare")


def _render(docs: Path, job_cache: render_jobs.JobCache | None, workers: int = 1) -> tuple[dict[str, str], list[str]]:
    model = build_model([docs], cache=Cache(None), root=docs)
    files, diagnostics = render_package(model, RenderOptions(), runner=PoolRunner(workers, job_cache))
    return dict(files), [d.format() for d in diagnostics]


def _render_types(docs: Path) -> int:
    return len(build_model([docs], cache=Cache(None), root=docs).types)
