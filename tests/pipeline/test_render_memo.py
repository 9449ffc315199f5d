"""The job memo (docgen.pipeline.job_memo, issue 18): the stored jobs of a whole render in one
entry, answering a warm render's lookups. It must never stand for more than the job entries it was
made from: a job whose reads changed is rendered again, a damaged memo is not read, and the output
is a cold render's after every edit."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_incremental_render import FIXTURE, _edit, _render

from docgen.diagnostics import Location, warning
from docgen.pipeline import job_memo, render_jobs
from docgen.pipeline.cache import Cache
from docgen.pipeline.plain import encode
from docgen.render.jobs import StoredJob



@pytest.fixture
def docs(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    shutil.copytree(FIXTURE, folder)
    return folder


def test_the_memo_answers_a_warm_render_and_a_job_whose_reads_changed_is_rendered_again(
    docs: Path, tmp_path: Path, monkeypatch
) -> None:
    looked_up: list[list[str]] = []
    real = render_jobs.JobCache.lookup_many

    def counted(self, keys):
        looked_up.append(list(keys))
        return real(self, keys)

    monkeypatch.setattr(render_jobs.JobCache, "lookup_many", counted)
    cache = Cache(tmp_path / "cache")
    job_cache = render_jobs.JobCache(cache, "context")
    first = _render(docs, job_cache)
    memo = job_cache.memo()
    assert memo is not None and len(memo) == job_cache.rendered  # every job, written for the cold render
    looked_up.clear()
    assert _render(docs, job_cache) == first
    assert sum(len(keys) for keys in looked_up) == 0  # every job answered by the memo
    rendered = job_cache.rendered
    # gizmo's module and the one operation that reads gizmo: the memo holds that operation with
    # reads no longer current; it is looked up on its own, found stale and rendered again
    _edit(docs / "resources/gizmo.md", "|count|Int32|", "|count|Int64|")
    looked_up.clear()
    warm = _render(docs, job_cache)
    assert job_cache.rendered - rendered == 2
    assert 2 <= sum(len(keys) for keys in looked_up) <= 4  # the stale ones (and the probe's), not all
    assert warm == _render(docs, None)
    # the memo was written again (2 of the fixture's jobs are more than one in REWRITE_SHARE):
    # the next render checks all at once
    looked_up.clear()
    assert _render(docs, job_cache) == warm and sum(len(keys) for keys in looked_up) == 0
    # a description: the type's module only, the other jobs from the memo
    _edit(docs / "resources/widget.md", "The widget's name.", "The widget's full name.")
    rendered = job_cache.rendered
    warm = _render(docs, job_cache)
    assert job_cache.rendered - rendered == 1
    assert warm == _render(docs, None)


def test_a_memo_with_a_few_stale_jobs_is_kept_and_answers_for_the_others(
    docs: Path, tmp_path: Path, monkeypatch
) -> None:
    """On the corpus a type-cell edit makes a few jobs of 5,735 stale: the memo is not written
    again for them (REWRITE_SHARE, made as large here as the corpus's share), the stale ones are
    found by halving (JobMemo.stale_jobs) and looked up on their own, on every render while the
    edit stands, and the memo answers all again once the page is put back."""
    looked_up: list[str] = []
    real, payload = render_jobs.JobCache.lookup_many, job_memo.memo_payload
    memos: list[int] = []
    monkeypatch.setattr(render_jobs.JobCache, "lookup_many", lambda self, keys: looked_up.extend(keys) or real(self, keys))
    monkeypatch.setattr(job_memo, "memo_payload", lambda entries: memos.append(len(entries)) or payload(entries))
    monkeypatch.setattr(job_memo, "REWRITE_SHARE", 1)
    job_cache = render_jobs.JobCache(Cache(tmp_path / "cache"), "context")
    first = _render(docs, job_cache)
    jobs = job_cache.rendered
    memos.clear()
    _edit(docs / "resources/gizmo.md", "|count|Int32|", "|count|Int64|")
    warm = _render(docs, job_cache)
    assert job_cache.rendered - jobs == 2 and warm == _render(docs, None)
    assert memos == []  # not written again
    memo = job_cache.memo()
    assert memo is not None and len(memo) == jobs  # the cold render's
    for _ in range(2):  # the edit standing: the same two looked up, nothing rendered
        looked_up.clear()
        rendered = job_cache.rendered
        assert _render(docs, job_cache) == warm
        assert len(looked_up) == 2 and job_cache.rendered == rendered and memos == []
    _edit(docs / "resources/gizmo.md", "|count|Int64|", "|count|Int32|")
    looked_up.clear()
    assert _render(docs, job_cache) == first
    assert looked_up == [] and job_cache.rendered == rendered and memos == []


def _answered(memo, keys, jobs, current):
    """The oracle of :meth:`JobMemo.results`: each key's stored job, one by one, None when it is
    not in the memo or its reads are stale."""
    positions = {key: i for i, (key, _) in enumerate(jobs)}
    stale = memo.stale_jobs(current)
    return [None if positions.get(key) is None or positions[key] in stale else memo.stored(key) for key in keys]


def test_stale_jobs_are_found_by_halving_as_one_by_one() -> None:
    jobs = [(f"k{i}", StoredJob((), (), (), tuple(f"t\0{j}" for j in range(i % 4)), tuple("d" for _ in range(i % 4))))
            for i in range(37)]
    memo = job_memo.read_memo(job_memo.memo_payload(jobs))
    assert memo is not None
    for bad in [set(), {"t\x000"}, {"t\x002"}, {"t\x001", "t\x002"}]:
        calls: list[int] = []

        def current(tokens, digests, bad=bad):
            calls.append(len(tokens))
            return not bad.intersection(tokens)

        fresh = job_memo.read_memo(job_memo.memo_payload(jobs))
        assert fresh is not None
        stale = fresh.stale_jobs(current)
        assert stale == {i for i, (_, job) in enumerate(jobs) if bad.intersection(job.tokens)}
        answers = _answered(fresh, [key for key, _ in jobs], jobs, current)
        assert [a is None for a in answers] == [i in stale for i in range(len(jobs))]
        assert all(a == job for a, (_, job) in zip(answers, jobs) if a is not None)
    assert memo.stale_jobs(None) == {i for i, (_, job) in enumerate(jobs) if job.tokens}


def test_a_damaged_memo_is_not_read_and_the_render_is_still_a_cold_one(docs: Path, tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    job_cache = render_jobs.JobCache(cache, "context")
    _render(docs, job_cache)  # writes the memo
    key = job_cache.key(job_memo.MEMO)
    payload = cache.get_payload(job_memo.MEMO, key)
    assert job_memo.read_memo(payload) is not None
    for damaged in (b"\x00not marshal", payload[: len(payload) // 2], b"\xe9" + payload[1:]):
        cache.put_payload(job_memo.MEMO, key, damaged)
        assert job_cache.memo() is None
        rendered = job_cache.rendered
        assert _render(docs, job_cache) == _render(docs, None)
        assert job_cache.rendered == rendered  # the jobs' own entries answered


def _columns(payload: bytes) -> tuple:
    import marshal

    return marshal.loads(payload)


def test_a_memo_of_any_other_shape_is_refused() -> None:
    import marshal

    at = Location("p.md", 3, 4)
    jobs = [
        ("k1", StoredJob((("a.py", "1" * 64), ("b.py", "2" * 64)), (), (), ("t\0x", "t\0y"), ("d1", "d2"))),
        ("k2", StoredJob((("c.py", "3" * 64),), (warning("w", "m", at),), (), (), ())),
        ("k3", StoredJob((), (), (warning("s", "n", at),), ("t\0x",), ("d1",))),
    ]
    payload = job_memo.memo_payload(jobs)
    memo = job_memo.read_memo(payload)
    assert memo is not None and len(memo) == 3
    for key, stored in jobs:
        assert memo.stored(key) == stored
    assert memo.stored("k4") is None
    assert memo.all_current(lambda tokens, digests: tokens == ("t\0x", "t\0y", "t\0x") and digests == ("d1", "d2", "d1"))
    assert not memo.stale
    data = _columns(payload)

    def changed(index: int, column: object) -> bytes:
        return marshal.dumps((*data[:index], column, *data[index + 1:]), 4)

    for bad in [
        None,
        marshal.dumps(data[:8], 4),
        marshal.dumps(("job-memo-0", *data[1:]), 4),
        changed(1, ("k1", "k1", "k3")),  # a key twice
        changed(1, ("k1", 2, "k3")),  # a key that is no string
        changed(2, (2, 1, 1)),  # file counts that do not add up
        changed(2, (2, -1, 2)),  # nor a negative one
        changed(2, (2.0, 1, 0)),  # a count that is no integer
        changed(4, ("1" * 64, "2" * 64, 3)),  # a digest that is no string
        changed(6, data[6][:2]),  # tokens cut short
        changed(7, ("d1", "d2", None)),  # a token digest that is no string
        changed(8, (0, 1)),  # a diagnostic count missing
        changed(8, (0, 2, 0)),  # counts that do not add up
        changed(9, (0, -1, 2)),  # nor a negative one
        changed(9, (0, 0, True)),  # a count that is no integer
        changed(10, encode((warning("w", "m", at), "not a diagnostic"))),
        changed(10, ["Diagnostic", "damaged"]),  # data that does not decode
    ]:
        assert job_memo.read_memo(bad) is None


def test_results_from_the_columns_are_the_stored_jobs_results() -> None:
    diagnostic = warning("odd", "an odd thing", Location("a.md", 3, 1))
    jobs = [(f"k{i}", StoredJob(tuple((f"f{i}_{n}.py", f"sha{i}{n}") for n in range(i % 3)),
                                (diagnostic,) if i % 5 == 0 else (), (diagnostic,) if i % 7 == 0 else (),
                                tuple(f"t\0{j}" for j in range(i % 4)), tuple(f"d{j}" for j in range(i % 4))))
            for i in range(23)]
    memo = job_memo.read_memo(job_memo.memo_payload(jobs))
    assert memo is not None
    keys = ["missing", *(key for key, _ in jobs)]
    given: list[tuple] = []

    def files(hashes, n):
        given.append((hashes, n))
        return dict(hashes)

    def current(tokens, digests):
        return "t\x002" not in tokens

    results = memo.results(keys, current, files)
    answers = _answered(memo, keys, jobs, current)
    assert [r is None for r in results] == [a is None for a in answers]
    assert results[0] is None and any(r is None for r in results[1:])  # a stale job, not stood for
    for result, answer in zip(results, answers):
        if answer is not None:
            assert result == answer.result(dict(answer.hashes))  # files, diagnostics, shared and reads
            assert result.reads == answer.reads and result.files == dict(answer.hashes)
    assert [n for _, n in given] == [n for n, a in enumerate(answers) if a is not None]
