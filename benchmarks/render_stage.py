"""Where the render stage of a warm ``generate`` spends its time after a one-cell edit (issue 18).

    python benchmarks/render_stage.py CORPUS_DOCS_DIR [--repeat N]

Copies the pages to a temporary folder, builds the model of the pages and of the pages after
``scale.py``'s type-cell edit (``String`` -> ``Int64`` in a resource page's properties table),
renders the pages once with an empty job cache (untimed), then ``--repeat`` times renders the
edited pages and the original ones again with that warm cache, as ``docgen generate`` does
(``render_package`` with the pipeline's job runner, the collector paused). Each render of the
edited pages is timed whole, and its parts by wrapping functions with ``time.perf_counter`` (no
profiler: a profiler's per-call cost would inflate the parts made of many small calls): the jobs'
keys, the stored results' lookups and decoding, the planning done in the main process, the jobs
run. Each render is given a model decoded from the cache just before it (untimed), as a
``generate`` is, so nothing a render worked out about the model's objects is remembered from the
render before it. Prints the median seconds of each part and its share of the render, the jobs rendered per
edited render, and the render against bare markdown-it-py tokenising the same pages in this run
(the baseline of ``scale.py``). A part missing in the docgen measured (an older one) is left out,
so ``PYTHONPATH=OTHER_CHECKOUT python benchmarks/render_stage.py …`` measures another commit.
``--verify`` also renders the edited pages without a cache and says whether the files and
diagnostics are the same.
"""

from __future__ import annotations

import argparse
import functools
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale import type_cell_edit  # noqa: E402

from docgen.pipeline import plain, render_jobs  # noqa: E402
from docgen.pipeline.build import build_model  # noqa: E402
from docgen.pipeline.cache import Cache  # noqa: E402
from docgen.pipeline.memory import paused_gc  # noqa: E402
from docgen.pipeline.render_cache import cached_formatter, without_page_meta  # noqa: E402
from docgen.render import package  # noqa: E402
from docgen.render.package import RenderOptions, render_package  # noqa: E402

TIMES: dict[str, float] = {}
CALLS: dict[str, int] = {}


def _wrap(owner: Any, name: str, label: str) -> None:
    """Time calls of ``owner.name`` under ``label`` (a call inside another of the same is not counted twice)."""
    function = getattr(owner, name, None)
    if function is None:
        return
    depth = [0]

    @functools.wraps(function)
    def timed(*args: Any, **kwargs: Any) -> Any:
        if depth[0]:
            return function(*args, **kwargs)
        depth[0] += 1
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            depth[0] -= 1
            TIMES[label] = TIMES.get(label, 0.0) + time.perf_counter() - start
            CALLS[label] = CALLS.get(label, 0) + 1

    setattr(owner, name, timed)


PARTS = [
    (render_jobs.JobCache, "key", "job keys (JobCache.key)"),
    (render_jobs.JobCache, "lookup_many", "lookups (get_payloads)"),
    (render_jobs, "_loads", "decoding stored results"),
    (render_jobs, "_current", "reads current (digests)"),
    (package, "suspicious_text", "suspicious_text"),
    (package.Registry, "build", "Registry.build"),
    (package, "plan_classes", "plan_classes"),  # before class plans were lazy
    (package, "LazyPlans", "LazyPlans (index)"),
    (getattr(package, "LazyPlans", None), "order", "LazyPlans.order"),  # None in older checkouts
    (getattr(package, "LazyPlans", None), "inputs", "LazyPlans.inputs"),
    (getattr(package, "LazyPlans", None), "planned", "class plans made (main process)"),
    (package.TrackedChecker, "build", "TrackedChecker.build"),
    (package, "operation_modules", "operation_modules"),
    (package, "build_navigation", "build_navigation"),  # before the tree was cached
    (package, "cached_tree", "cached_tree (navigation, names)"),
    (package, "tree_answers", "tree_answers"),
    (package, "name_nodes", "name_nodes"),
    (package, "plan_operation", "plan_operation (main process)"),
    (package, "answers", "answers"),
    (package, "navigation_view", "navigation_view"),
    (package._Renderer, "builder_work", "builder_work"),
    (package._Renderer, "package_files", "package_files"),
    (package, "job_scope", "job_index.scope (key index)"),  # absent before the key index
    (render_jobs.JobCache, "key_index", "key index read"),
    (render_jobs, "_store_index", "key index stored"),
    (render_jobs, "run_jobs", "run_jobs (jobs rendered)"),
    (render_jobs, "started_results", "started_results (classes' jobs looked up)"),
    (package._Renderer, "finish", "finish (format, ast-check)"),
    (package, "readme_examples", "readme_examples"),
]


def _baseline(pages: list[Path]) -> float:
    from markdown_it import MarkdownIt

    start = time.perf_counter()
    md = MarkdownIt("commonmark").enable("table")
    for path in pages:
        md.parse(path.read_text(encoding="utf-8", errors="replace"))
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("docs", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--verify", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="docgen-render-stage-"))
    try:
        docs = work / "docs"
        shutil.copytree(args.docs, docs)
        pages = sorted(docs.rglob("*.md"))
        baseline = _baseline(pages)
        models, store = Cache(work / "models"), Cache(work / "jobs")
        page, text, changed = type_cell_edit(pages, 0)

        def model() -> Any:
            """The model as ``generate`` reads it: decoded from the cache, each type's and
            operation's digest noted meanwhile (where it has ``digesting``), none remembered
            from an earlier render of this process (each repeat is a fresh command's render)."""
            if hasattr(plain, "retain_digests"):
                plain.retain_digests(())
                with plain.digesting():
                    return without_page_meta(build_model([docs], cache=models, root=docs, jobs=2))
            return without_page_meta(build_model([docs], cache=models, root=docs, jobs=2))

        original = model()
        page.write_text(changed, encoding="utf-8")
        edited = model()
        page.write_text(text, encoding="utf-8")
        formatter = cached_formatter(store, 2, packaged_templates_only=True)
        job_cache = render_jobs.JobCache(store, "bench")

        def render(m: Any, cache: render_jobs.JobCache | None) -> Any:
            with paused_gc():
                return render_package(m, RenderOptions(), format_all=formatter, runner=render_jobs.PoolRunner(2, cache))

        render(original, job_cache)  # cold: untimed
        for owner, name, label in PARTS:
            _wrap(owner, name, label)
        runs: list[tuple[float, dict[str, float], int, dict[str, int]]] = []
        cpus: list[float] = []  # this process's CPU seconds of each edited render (its few jobs run here)
        result = None
        for _ in range(args.repeat):
            TIMES.clear()
            CALLS.clear()
            before = job_cache.rendered
            page.write_text(changed, encoding="utf-8")
            edited = model()  # decoded again (untimed: the model read is not the render stage)
            page.write_text(text, encoding="utf-8")
            start, cpu = time.perf_counter(), time.process_time()
            result = render(edited, job_cache)
            runs.append((time.perf_counter() - start, dict(TIMES), job_cache.rendered - before, dict(CALLS)))
            cpus.append(time.process_time() - cpu)
            original = model()
            render(original, job_cache)  # back: the next edited render finds the same entries
        total = statistics.median(r[0] for r in runs)
        print(f"pages: {len(pages)}; edit: {page.relative_to(docs)}; jobs rendered per edited render: "
              f"{[r[2] for r in runs]}; baseline (markdown-it-py): {baseline:.2f} s")
        print(f"{'render stage after the edit':34s} {total:7.3f} s  {total / baseline:6.3f}× baseline")
        print(f"{'  its CPU seconds (this process)':34s} {statistics.median(cpus):7.3f} s  "
              f"(range {min(cpus):.3f}-{max(cpus):.3f})")
        for _, _, label in PARTS:
            values = [r[1][label] for r in runs if label in r[1]]
            if values:
                value = statistics.median(values)
                print(f"  {label:32s} {value:7.3f} s  {value / total:6.1%} of the stage  ({runs[0][3].get(label, 0)} calls)")
        if args.verify:
            same = render(edited, None) == result
            print(f"warm result equals a render with no job cache: {same}")
            return 0 if same else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
