"""The key index (docgen.pipeline.key_index, docgen.render.job_index; issue 18): a warm render keys
only the jobs whose named types changed and takes every other job's key from the last render of
the same scope. An edit reaching a model module's type (or a base of it) keys that job again; one
that does not leaves it keyed as before; a change of the scope (an operation, the type graph)
keys every job; an edit of what no tree reads of an operation keys the jobs that read it; a
damaged or missing index keys every job. The output is a cold render's each
time."""

from __future__ import annotations

import marshal
import shutil
from pathlib import Path

import pytest
from test_incremental_render import FIXTURE, _edit, _render

from docgen.pipeline import key_index, render_jobs
from docgen.pipeline.cache import Cache
from docgen.render.job_index import Scope

JOB_KINDS = ("model", "operation", "builder", "file")


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    shutil.copytree(FIXTURE, folder)
    return folder


@pytest.fixture
def keyed(monkeypatch) -> list[tuple[object, ...]]:
    """The parts of every job key made (JobCache.key wrapped: the real one still runs)."""
    made: list[tuple[object, ...]] = []
    real = render_jobs.JobCache.key

    def recorded(self, *parts):
        if parts and parts[0] in JOB_KINDS:
            made.append(parts)
        return real(self, *parts)

    monkeypatch.setattr(render_jobs.JobCache, "key", recorded)
    return made


def _models(made: list[tuple[object, ...]]) -> set[str]:
    return {parts[1].qualified_name for parts in made if parts[0] == "model"}  # type: ignore[attr-defined]


def _short(names: set[str]) -> set[str]:
    return {name.rsplit(".", 1)[-1].lower() for name in names}


def _warm(docs: Path, tmp_path: Path, keyed: list[tuple[object, ...]]) -> tuple[render_jobs.JobCache, int]:
    """A job cache after a cold render and a warm one (which keys nothing: the index stands)."""
    job_cache = render_jobs.JobCache(Cache(tmp_path / "cache"), "context")
    first = _render(docs, job_cache)
    jobs = job_cache.rendered
    keyed.clear()
    assert _render(docs, job_cache) == first
    assert {parts[0] for parts in keyed} <= {"file"}  # only the package files, keyed each time
    return job_cache, jobs


def test_an_edit_keys_the_model_modules_whose_type_or_base_changed_and_no_other(
    docs: Path, tmp_path: Path, keyed: list[tuple[object, ...]]
) -> None:
    job_cache, jobs = _warm(docs, tmp_path, keyed)
    # a base type's description: its module and those of the types deriving from it are keyed
    _edit(docs / "resources/thing.md", "When the thing was made.", "When the thing was built.")
    keyed.clear()
    warm = _render(docs, job_cache)
    assert _short(_models(keyed)) == {"thing", "widget", "part", "fancywidget"}  # thing and its derived types
    assert {parts[0] for parts in keyed} <= {"model", "file"}
    assert len([parts for parts in keyed if parts[0] == "model"]) == 4  # each once
    assert warm == _render(docs, None)
    # a type no other derives from: its module alone (widget's, kept, is not keyed again)
    _edit(docs / "resources/gizmo.md", "|count|Int32|", "|count|Int64|")
    keyed.clear()
    rendered = job_cache.rendered
    warm = _render(docs, job_cache)
    # gizmo's alone (the render before wrote the index again: a key of more than one job in 50
    # moved), no operation's: the one reading gizmo is rendered again for its reads
    assert _short(_models(keyed)) == {"gizmo"}
    assert {parts[0] for parts in keyed} <= {"model", "file"}
    assert job_cache.rendered - rendered == 2  # gizmo's module, and the operation reading gizmo (its reads)
    assert warm == _render(docs, None)


def test_an_api_page_s_description_keys_the_jobs_that_read_its_operation_and_no_other(
    docs: Path, tmp_path: Path, keyed: list[tuple[object, ...]]
) -> None:
    """A description no tree reads (docgen.render.tree_stand_ins) leaves the scope as it was: the
    jobs naming the operation's stand-in (its own and the builder module documenting it) are
    keyed, every other job's key is the index's."""
    job_cache, jobs = _warm(docs, tmp_path, keyed)
    for old, new in [("The widget's new name.", "A new name."), ("\nUpdate widget.\n", "\nUpdate a widget's name.\n")]:
        _edit(docs / "api/widget-update.md", old, new)
        keyed.clear()
        rendered = job_cache.rendered
        warm = _render(docs, job_cache)
        assert warm == _render(docs, None), old
        assert sorted(parts[0] for parts in keyed if parts[0] != "file") == ["builder", "operation"], old
        [operation] = [parts for parts in keyed if parts[0] == "operation"]
        assert "update" in str(operation[3]), operation  # its module
        assert job_cache.rendered - rendered == 2, old  # the two, each rendered again


def test_a_change_of_the_scope_keys_every_job(docs: Path, tmp_path: Path, keyed: list[tuple[object, ...]]) -> None:
    job_cache, jobs = _warm(docs, tmp_path, keyed)
    for page, old, new in [
        ("api/widget-get.md", '"size": 3,', '"size": "big",'),  # an operation: the tree's key
        ("resources/fancywidget.md", "|sparkle|Boolean|", "|glitter|Boolean|"),  # (a model job only)
        ("resources/thing.md", "|id|String|", "|id|String|The identifier.|\n|sparkle|String|"),
    ]:
        _edit(docs / page, old, new)
        keyed.clear()
        warm = _render(docs, job_cache)
        assert warm == _render(docs, None), page
        if page.startswith("api/"):
            assert len(keyed) == jobs  # every job keyed
    # a type added: the plan of jobs changed, every job keyed
    gizmo = (docs / "resources/gizmo.md").read_text(encoding="utf-8")
    (docs / "resources/doohickey.md").write_text(gizmo.replace("gizmo", "doohickey"), encoding="utf-8")
    keyed.clear()
    warm = _render(docs, job_cache)
    assert len(keyed) == jobs + 1
    assert warm == _render(docs, None)


def test_a_damaged_or_missing_index_keys_every_job_with_the_same_output(
    docs: Path, tmp_path: Path, keyed: list[tuple[object, ...]]
) -> None:
    job_cache, jobs = _warm(docs, tmp_path, keyed)
    cache = job_cache.cache
    key = job_cache.key(key_index.INDEX)
    payload = cache.get_payload(key_index.INDEX, key)
    assert key_index.read_index(payload) is not None
    expected = _render(docs, None)
    for damaged in (b"\x00not marshal", payload[: len(payload) // 2], b"\xe9" + payload[1:], None):
        if damaged is None:  # missing
            cache.drop_kinds([key_index.INDEX])
            assert cache.get_payload(key_index.INDEX, key) is None
        else:
            cache.put_payload(key_index.INDEX, key, damaged)
        assert job_cache.key_index() is None
        keyed.clear()
        assert _render(docs, job_cache) == expected
        assert len(keyed) == jobs  # every job keyed
        assert key_index.read_index(cache.get_payload(key_index.INDEX, key)) is not None  # written again
        keyed.clear()
        assert _render(docs, job_cache) == expected
        assert {parts[0] for parts in keyed} <= {"file"}  # and read by the next render


def _scope(digest: str, digests: dict[str, str], rekeyed: frozenset[int] = frozenset()) -> Scope:
    return Scope(digest, digests, rekeyed)


def test_the_index_names_the_jobs_to_key_and_refuses_what_is_not_an_index() -> None:
    scope = _scope("s1", {"a": "1", "b": "2", "c": "3"})
    kept = [("class", 1, None), (), (), ("enum",)]
    payload = key_index.index_payload(scope, ["k0", "k1", "k2", "k3"], [("a",), ("a", "b"), (), ("c",)], scope.digests,
                                      kept)
    index = key_index.read_index(payload)
    assert index is not None and len(index) == 4
    assert [index.key(i) for i in range(4)] == ["k0", "k1", "k2", "k3"]
    assert index.deps(1) == ("a", "b") and index.deps(2) == () and list(index.kept) == kept
    assert index.rekey(scope, 4) == set()
    assert index.rekey(_scope("s1", {"a": "1", "b": "9", "c": "3"}), 4) == {1}
    assert index.rekey(_scope("s1", {"a": "0", "b": "2"}), 4) == {0, 1, 3}  # c gone: changed too
    assert index.rekey(_scope("s1", {"a": "1", "b": "2", "c": "3"}, frozenset({2})), 4) == {2}
    assert index.rekey(_scope("s2", scope.digests), 4) is None  # another scope
    assert index.rekey(scope, 5) is None  # another number of jobs
    data = marshal.loads(payload)

    def changed(i: int, column: object) -> bytes:
        return marshal.dumps((*data[:i], column, *data[i + 1:]), 4)

    for bad in [
        None,
        b"\x00",
        marshal.dumps(data[:7], 4),
        marshal.dumps(("job-index-1", *data[1:]), 4),
        changed(1, 3),  # a scope that is no string
        changed(2, ("k0", 1, "k2", "k3")),  # a key that is no string
        changed(3, (1, 2, 0)),  # counts for fewer jobs than keys
        changed(3, (1, 2, 0, 2)),  # counts that do not add up
        changed(3, (1, 3, -1, 1)),  # a negative count
        changed(3, (1.0, 2, 0, 1)),  # a count that is no integer
        changed(4, (0, 0, 1, 7)),  # an id outside the table
        changed(6, ("1", "2")),  # digests cut short
        changed(7, kept[:3]),  # kept parts cut short
        changed(7, (("class",), [], (), ())),  # a kept part that is no tuple
        changed(7, (("class", 1.5), (), (), ())),  # nor of scalars
    ]:
        assert key_index.read_index(bad) is None
