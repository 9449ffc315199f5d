"""The warm render's shortcuts (issue 18, branch warmrender) against the plain way, in one run.

    python benchmarks/warm_shortcuts.py CORPUS_DOCS_DIR [--repeat N] [--cache FOLDER]

Builds the model of the pages (a cache in a temporary folder: about 20 s for the corpus), renders
it once with a job cache and then times, best of ``--repeat`` (default 7), each shortcut and the
code it replaced, on the same data in the same process, printing seconds and the ratio:

- ``without_page_meta``: pages made by setting their fields, against ``dataclasses.replace``;
- ``long_names``: snake_case worked out only for names that can pass the limit, against every name;
- ``memo answers``: every job of the job memo answered as a warm render's look-up answers it
  (``JobMemo.stored`` and a reused job's result), against the same with ``job_diagnostics`` called
  for every job and ``JobResult`` made by its ``__init__``;
- ``texts looked for``: the text entries ``render_cached`` asks the cache about (the package's own
  files, ``Texts.given``), against asking about every file's;
- ``type names`` and ``operation modules``: the names read back from the job cache
  (``docgen.render.names_cache``), against ``Registry.build`` and ``operation_modules``.
"""

from __future__ import annotations

import argparse
import gc
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from docgen.model.core import Model
from docgen.pipeline import job_memo
from docgen.pipeline.build import build
from docgen.pipeline.cache import Cache
from docgen.pipeline.job_entries import job_diagnostics
from docgen.pipeline.render_cache import long_names, render_context, without_page_meta
from docgen.pipeline.render_jobs import JobCache, PoolRunner, StoredTexts
from docgen.pipeline.text_entries import TEXT
from docgen.render import names_cache, naming
from docgen.render.jobs import JobResult, StoredJob
from docgen.render.models import Registry
from docgen.render.package import RenderOptions, render_package
from docgen.render.planning import operation_modules
from docgen.write.texts import Texts


def _best(call: Callable[[], object], repeat: int) -> float:
    """The best of ``repeat`` timings, the collector off (as in a real run: see docgen.pipeline.memory)."""
    times = []
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            call()
            times.append(time.perf_counter() - start)
        finally:
            gc.enable()
    return min(times)


def _replaced(model: Model) -> Model:
    return replace(model, pages=tuple(replace(p, front_matter={}, sha256="") for p in model.pages))


def _every_long_name(model: Model) -> list[str]:
    named = [(t.name, "type") for t in model.types] + [(op.name, "operation") for op in model.operations]
    return [name for name, fallback in named if len(naming.snake(name, fallback)) > naming.MODULE_NAME_MAX]


def _answers(memo: job_memo.JobMemo, keys: list[str], source: StoredTexts) -> list[JobResult]:
    out = []
    for key in keys:
        stored = memo.stored(key)
        assert stored is not None
        out.append(stored.result(source.lazy(stored.hashes, lambda: None)))  # type: ignore[arg-type,return-value]
    return out


def _answers_before(memo: job_memo.JobMemo, keys: list[str], source: StoredTexts) -> list[JobResult]:
    out = []
    for key in keys:
        i = memo._index[key]
        found = job_diagnostics(memo._extras[i])  # called for every job
        assert found is not None
        f0, f1, t0, t1 = memo._files[i], memo._files[i + 1], memo._reads[i], memo._reads[i + 1]
        stored = StoredJob(tuple(zip(memo._rels[f0:f1], memo._shas[f0:f1])), found[0], found[1],
                           memo._tokens[t0:t1], memo._digests[t0:t1])
        out.append(JobResult(source.lazy(stored.hashes, lambda: None), stored.diagnostics,  # type: ignore[arg-type,return-value]
                             stored.shared, stored.reads))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("docs", type=Path)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--cache", type=Path, help="a cache folder to keep (default: a temporary one)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="docgen-warm-shortcuts-"))
    try:
        cache = Cache(args.cache or work / "cache")
        model = without_page_meta(build([args.docs], cache=cache, root=args.docs).model)
        full = build([args.docs], cache=cache, root=args.docs).model
        options = RenderOptions()
        job_cache = JobCache(cache, render_context(options))
        render_package(model, options, runner=PoolRunner(2, job_cache))  # stores the jobs
        files, _ = render_package(model, options, runner=PoolRunner(1, job_cache))  # writes the memo
        memo = job_cache.memo()
        assert memo is not None and isinstance(files, Texts)
        keys = list(memo._index)
        source = StoredTexts(job_cache)
        assert _answers(memo, keys, source) == _answers_before(memo, keys, source)
        assert without_page_meta(full) == _replaced(full)
        assert [d.message.split()[2] for d in long_names(full)] == [n[:60] + "..." for n in _every_long_name(full)]
        hashes = files.hashes
        given = sorted({hashes[rel] for rel in files.given()})
        every = sorted(set(hashes.values()))
        runner = PoolRunner(1, job_cache)
        assert list(names_cache.registry(model, runner).refs.items()) == list(Registry.build(model).refs.items())
        assert names_cache.modules(model, runner) == operation_modules(model)
        rows = [
            ("without_page_meta", len(full.pages), lambda: without_page_meta(full), lambda: _replaced(full)),
            ("long_names", len(full.types) + len(full.operations), lambda: long_names(full),
             lambda: _every_long_name(full)),
            ("memo answers", len(keys), lambda: _answers(memo, keys, StoredTexts(job_cache)),
             lambda: _answers_before(memo, keys, StoredTexts(job_cache))),
            (f"texts looked for ({len(given)} of {len(every)})", len(every), lambda: cache.present(TEXT, given),
             lambda: cache.present(TEXT, every)),
            ("type names", len(model.types), lambda: names_cache.registry(model, runner), lambda: Registry.build(model)),
            ("operation modules", len(model.operations), lambda: names_cache.modules(model, runner),
             lambda: operation_modules(model)),
        ]
        print(f"{'piece':40} {'items':>6} {'now s':>9} {'before s':>9} {'ratio':>6}")
        for name, count, now, before in rows:
            b, a = _best(before, args.repeat), _best(now, args.repeat)
            print(f"{name:40} {count:6d} {a:9.5f} {b:9.5f} {a / b:6.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
