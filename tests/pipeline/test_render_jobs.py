"""Rendering on forked workers gives what rendering in one process gives (docgen.pipeline.render_jobs)."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

import pytest

from docgen.diagnostics import Location
from docgen.model.core import Model, Operation, RequestLine, Response
from docgen.pipeline import job_entries, job_runs, render_jobs
from docgen.pipeline.build import build_model
from docgen.pipeline.cache import Cache
from docgen.pipeline.render_jobs import PoolRunner
from docgen.render.jobs import JobResult, merge_shared
from docgen.render.package import RenderOptions, render_package
from docgen.write.texts import Texts

PAGE = """---
doc_type: resourcePageType
---

# widget{n} resource type

Namespace: microsoft.graph

A widget.

## Properties

| Property | Type | Description |
|:---|:---|:---|
| id | String | The identifier. |
| shape{n} | [shape{m}](shape{m}.md) | A type no page defines. |
| size | Int32 | The size. |
"""


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    docs = tmp_path_factory.mktemp("widgets")
    for n in range(job_runs.PARALLEL_THRESHOLD + 16):
        (docs / f"widget{n}.md").write_text(PAGE.format(n=n, m=n % 5), encoding="utf-8")
    return build_model([docs], cache=Cache(None), root=docs)


def test_forked_workers_render_the_same_files_and_diagnostics(model):
    assert len(model.types) > job_runs.PARALLEL_THRESHOLD
    serial = render_package(model, RenderOptions(), runner=PoolRunner(1, None))
    parallel = render_package(model, RenderOptions(), runner=PoolRunner(2, None))
    assert parallel[0] == serial[0]
    assert [d.format() for d in parallel[1]] == [d.format() for d in serial[1]]
    assert len(serial[0]) > job_runs.PARALLEL_THRESHOLD


def test_merge_keeps_the_first_report_of_each_shared_diagnostic():
    from docgen.diagnostics import Location, warning

    first = warning("unknown-type", "type x is not in the model", Location("a.md", 3))
    later = warning("unknown-type", "type x is not in the model", Location("b.md", 1))
    other = warning("unknown-type", "type y is not in the model", Location("c.md", 2))
    results = [
        JobResult({}, (), (first,)),
        JobResult({}, (), (later, other)),
    ]
    assert merge_shared(results, ()) == [first, other]
    assert merge_shared(results, (other,)) == [first]


def test_jobs_run_in_order_on_workers():
    jobs = [lambda i=i: JobResult({f"f{i}": str(i)}, (), ()) for i in range(100)]
    results = render_jobs.run_jobs(jobs, 2)
    assert [r.files for r in results] == [{f"f{i}": str(i)} for i in range(100)]


def test_job_cache_renders_only_the_jobs_whose_inputs_changed(tmp_path: Path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for n in range(12):
        (docs / f"widget{n}.md").write_text(PAGE.format(n=n, m=n % 5), encoding="utf-8")
    cache = Cache(tmp_path / "cache")
    job_cache = render_jobs.JobCache(cache, "context")

    def render(jobs_cache):
        model = build_model([docs], cache=Cache(None), root=docs)
        return render_package(model, RenderOptions(), runner=PoolRunner(1, jobs_cache))

    first = render(job_cache)
    # a module per widget and per type known only by name (shape0 … shape4), the client, the
    # package's own eight files
    jobs = 12 + 5 + 1 + 8
    assert (job_cache.reused, job_cache.rendered) == (0, jobs)
    again = render(job_cache)
    assert (job_cache.reused, job_cache.rendered) == (jobs, jobs)
    assert isinstance(again[0], Texts) and not again[0].loaded  # no text read yet
    hits = cache.hits
    assert again[0]["models/widget4.py"] == first[0]["models/widget4.py"]
    assert cache.hits == hits + 1  # that job's one text
    assert again == first

    page = docs / "widget5.md"
    page.write_text(page.read_text(encoding="utf-8").replace("The size.", "The size in cm."), encoding="utf-8")
    changed = render(job_cache)
    assert (job_cache.reused, job_cache.rendered) == (2 * jobs - 1, jobs + 1)  # only widget5's module again
    assert changed == render(None)
    assert "The size in cm." in changed[0]["models/widget5.py"]
    assert changed[0]["models/widget4.py"] == first[0]["models/widget4.py"]


def test_job_cache_on_forked_workers_gives_the_one_process_result(model, tmp_path: Path):
    import sqlite3

    from docgen.pipeline.cache import DB_NAME

    cache = Cache(tmp_path / "cache")
    job_cache = render_jobs.JobCache(cache, "context")
    reference = render_package(model, RenderOptions(), runner=PoolRunner(1, None))
    cold = render_package(model, RenderOptions(), runner=PoolRunner(2, job_cache))
    with closing(sqlite3.connect(tmp_path / "cache" / DB_NAME)) as db, db:  # closed: 3.13 warns of an open one
        stored = db.execute("SELECT count(*) FROM entries WHERE kind = 'job'").fetchone()[0]
    # one job per model module, the client's and the package's own eight files (no operations here)
    assert stored == len(model.types) + 1 + 8
    warm = render_package(model, RenderOptions(), runner=PoolRunner(2, job_cache))
    assert cold[0] == warm[0] == reference[0]
    assert [d.format() for d in cold[1]] == [d.format() for d in warm[1]] == [d.format() for d in reference[1]]


def _op(n: int) -> Operation:

    at = Location(f"api/gadget{n}-get.md", 20)
    return Operation(
        f"get_gadget{n}",
        f"Get gadget{n}",
        at,
        request_lines=(RequestLine("GET", f"/gadgets{n}/{{id}}", at),),
        response=Response(at, 200, "microsoft.graph.gadget"),  # a type no page defines
    )


def test_a_cached_job_reports_what_it_reported_when_it_ran_first(tmp_path: Path):
    """An operation job reports an unknown type even when another job reported it first in the
    same process: its stored result must not depend on which jobs ran before it."""

    def unknown(diagnostics):
        return sorted(d.format() for d in diagnostics if d.code == "unknown-type")

    both = Model(operations=(_op(1), _op(2)))
    second_only = Model(operations=(_op(2),))
    cache = Cache(tmp_path / "cache")
    job_cache = render_jobs.JobCache(cache, "context")
    render_package(both, RenderOptions(), runner=PoolRunner(1, job_cache))
    hits = cache.hits
    files, diagnostics = render_package(second_only, RenderOptions(), runner=PoolRunner(1, job_cache))
    assert cache.hits > hits  # gadget2's job came from the cache
    plain_files, plain = render_package(second_only, RenderOptions(), runner=PoolRunner(1, None))
    assert files == plain_files
    assert unknown(diagnostics) == unknown(plain) == [
        "api/gadget2-get.md:20:1: warning: unknown-type: type microsoft.graph.gadget is not in the model; kept as raw JSON"
    ]


API_PAGE = """---
doc_type: apiPageType
---

# Get widget3

Namespace: microsoft.graph

Read a widget.

## HTTP request

```http
GET /widgets/{id}
```

## Response

If successful, this method returns a `200 OK` response code and a [widget3](widget3.md) object in the response body.

## Examples

### Request

<!-- { "blockType": "request", "name": "get_widget3" } -->
```http
GET https://graph.microsoft.com/v1.0/widgets/1
```

### Response

<!-- { "blockType": "response", "@odata.type": "microsoft.graph.widget3" } -->
```http
HTTP/1.1 200 OK
Content-Type: application/json

{ "id": "1", "size": 3 }
```
"""


def test_a_types_description_edit_renders_its_module_not_the_operations(tmp_path: Path):
    """Operation jobs read the types' structure, not their descriptions: after a property's
    description changes, the warm render equals a cold one and only that type's module (and
    the package files) were rendered again."""
    docs = tmp_path / "docs"
    docs.mkdir()
    for n in range(6):
        (docs / f"widget{n}.md").write_text(PAGE.format(n=n, m=n % 5), encoding="utf-8")
    (docs / "widget3-get.md").write_text(API_PAGE, encoding="utf-8")
    cache = Cache(tmp_path / "cache")
    job_cache = render_jobs.JobCache(cache, "context")

    def render(jobs_cache):
        model = build_model([docs], cache=Cache(None), root=docs)
        assert [op.name for op in model.operations] == ["get_widget3"]
        return render_package(model, RenderOptions(), runner=PoolRunner(1, jobs_cache))

    first = render(job_cache)
    assert any(path.startswith("requests/") for path in first[0])
    rendered = job_cache.rendered
    page = docs / "widget3.md"
    page.write_text(page.read_text(encoding="utf-8").replace("The size.", "The size in cm."), encoding="utf-8")
    changed = render(job_cache)
    assert job_cache.rendered == rendered + 1  # widget3's module: the operation's job came from the cache
    assert changed == render(None)
    assert changed[0] != first[0]
    page.write_text(page.read_text(encoding="utf-8").replace("| size | Int32 |", "| size | Double |"), encoding="utf-8")
    retyped = render(job_cache)
    assert job_cache.rendered == rendered + 1 + 2  # a property's type: the module and the operation
    assert job_cache.stale == 1  # the operation's stored result read widget3: no longer current
    assert retyped == render(None)
    other = docs / "widget4.md"
    other.write_text(other.read_text(encoding="utf-8").replace("| size | Int32 |", "| size | Int64 |"), encoding="utf-8")
    elsewhere = render(job_cache)
    assert job_cache.rendered == rendered + 1 + 2 + 1  # widget4's module only: the operation never read widget4
    assert elsewhere == render(None)


@pytest.mark.parametrize("batch", [render_jobs.TEXT_BATCH, 2])
def test_a_reused_jobs_missing_or_damaged_text_is_rendered_again(tmp_path: Path, monkeypatch, batch: int):
    """A stored job's texts are entries of their own: one that is gone, damaged past its entry
    digest or holding another text is never trusted; the job is rendered again (giving the stored
    digests' texts) and the entries are stored again. ``batch`` 2 reads the texts of every
    stored job at the second one asked for."""
    import sqlite3

    from docgen.pipeline.cache import DB_NAME
    from docgen.write.texts import sha256_text

    monkeypatch.setattr(render_jobs, "TEXT_BATCH", batch)
    docs = tmp_path / "docs"
    docs.mkdir()
    for n in range(8):
        (docs / f"widget{n}.md").write_text(PAGE.format(n=n, m=n % 5), encoding="utf-8")
    model = build_model([docs], cache=Cache(None), root=docs)
    reference, diagnostics = render_package(model, RenderOptions(), runner=PoolRunner(1, None))
    cache = Cache(tmp_path / "cache")
    job_cache = render_jobs.JobCache(cache, "context")
    render_package(model, RenderOptions(), runner=PoolRunner(1, job_cache))
    gone, damaged, other = (sha256_text(reference[f"models/widget{n}.py"]) for n in (2, 3, 4))
    cache.put_payloads(render_jobs.TEXT, [(other, render_jobs.text_payload("x = 1\n"))])  # a valid entry, another text
    cache.release()
    with closing(sqlite3.connect(tmp_path / "cache" / DB_NAME)) as db, db:
        db.execute("DELETE FROM entries WHERE kind = 'text' AND key = ?", (gone,))
        db.execute("UPDATE entries SET payload = CAST('garbage' AS BLOB) WHERE kind = 'text' AND key = ?", (damaged,))

    files, warm = render_package(model, RenderOptions(), runner=PoolRunner(1, job_cache))
    assert isinstance(files, Texts) and job_cache.texts_rendered == 0
    assert dict(files) == reference and [d.format() for d in warm] == [d.format() for d in diagnostics]
    assert job_cache.texts_rendered == 3  # widget2's, widget3's and widget4's modules
    files, _ = render_package(model, RenderOptions(), runner=PoolRunner(1, job_cache))
    assert dict(files) == reference and job_cache.texts_rendered == 3  # stored again: read this time


def test_a_job_rendered_differently_from_its_stored_digests_is_an_error(tmp_path: Path):
    """The texts of a reused job rendered again must be those of its stored digests (the writer
    was given them): anything else is docgen's bug, reported, never written."""
    import sqlite3
    from dataclasses import replace

    from docgen.pipeline import job_memo
    from docgen.pipeline.cache import DB_NAME, finish_writes

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "widget0.md").write_text(PAGE.format(n=0, m=0), encoding="utf-8")
    model = build_model([docs], cache=Cache(None), root=docs)
    cache = Cache(tmp_path / "cache")
    job_cache = render_jobs.JobCache(cache, "context")
    render_package(model, RenderOptions(), runner=PoolRunner(1, job_cache))
    finish_writes()  # the cold render's memo, stored by a child
    cache.release()
    with closing(sqlite3.connect(tmp_path / "cache" / DB_NAME)) as db, db:
        db.execute("DELETE FROM entries WHERE kind IN ('text', ?)", (job_memo.MEMO,))  # the job entries answer
        rows = db.execute("SELECT key, payload FROM entries WHERE kind = 'job'").fetchall()
    wrong = []
    for key, payload in rows:
        stored = job_entries.stored_job(payload)
        assert stored is not None
        if dict(stored.hashes).get("models/widget0.py"):
            wrong.append((key, job_entries.job_payload(replace(stored, hashes=(("models/widget0.py", "0" * 64),)))))
    assert len(wrong) == 1
    cache.put_payloads("job", wrong)
    files, _ = render_package(model, RenderOptions(), runner=PoolRunner(1, job_cache))
    assert files.hashes["models/widget0.py"] == "0" * 64  # type: ignore[attr-defined]
    with pytest.raises(RuntimeError, match="rendered the same job differently"):
        files["models/widget0.py"]
