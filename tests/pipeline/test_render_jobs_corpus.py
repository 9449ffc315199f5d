"""On the real Graph docs (skipped without DOCGEN_CORPUS): what an edit to a type's description
re-renders, through the job cache, is exactly what a cold render gives."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from docgen.pipeline import render_jobs
from docgen.pipeline.cache import Cache
from docgen.pipeline.render_jobs import PoolRunner
from docgen.render.package import RenderOptions, render_package


def test_a_description_edit_rerenders_one_module_and_equals_a_cold_render(corpus_model, tmp_path: Path):
    model = corpus_model
    index = next(i for i, t in enumerate(model.types) if t.qualified_name == "microsoft.graph.user")
    user = model.types[index]
    assert user.properties
    edited_property = replace(user.properties[0], description=user.properties[0].description + " Edited.")
    edited_user = replace(user, properties=(edited_property, *user.properties[1:]))
    edited = replace(model, types=model.types[:index] + (edited_user,) + model.types[index + 1 :])

    cache = Cache(tmp_path / "cache")
    job_cache = render_jobs.JobCache(cache, "context")
    render_package(model, RenderOptions(), runner=PoolRunner(2, job_cache))
    rendered, reused = job_cache.rendered, job_cache.reused
    warm = render_package(edited, RenderOptions(), runner=PoolRunner(2, job_cache))
    # user's model module; every operation came from the cache (the job counts: the cache also
    # misses entries that are not jobs, e.g. the types' kept digests after a cold render)
    assert job_cache.rendered - rendered == 1
    assert job_cache.reused - reused == rendered - 1  # the first render rendered every job
    cold = render_package(edited, RenderOptions(), runner=PoolRunner(2, None))
    assert warm[0] == cold[0]
    assert [d.format() for d in warm[1]] == [d.format() for d in cold[1]]
    assert "Edited." in warm[0]["models/user.py"]
