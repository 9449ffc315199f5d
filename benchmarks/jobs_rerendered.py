"""How many render jobs one edit re-renders (issue 18), and whether the result is a cold run's.

    python benchmarks/jobs_rerendered.py CORPUS_DOCS_DIR [--jobs N] [--edit type-cell|row] [--verify]
    python benchmarks/jobs_rerendered.py CORPUS_DOCS_DIR --edit remove|add --page api/NAME.md [--verify]

Copies the pages to a temporary folder, renders them once with an empty job cache, makes one
edit (``type-cell``: a ``String`` type cell of a resource page's properties table becomes
``Int64``, as ``scale.py``'s type-cell step; ``row``: a description cell, as its one-row step;
``remove``: the page ``--page`` removed; ``add``: a copy of ``--page`` added beside it under a new
name, its ``# `` title followed by `` again``, a new operation: both whole resolves), renders again with the warm job cache and prints how many jobs were reused and rendered
(``stale``: stored but no longer current) and how many keys the main process made (the others
taken from the key index, :mod:`docgen.pipeline.key_index`). ``--verify`` also renders the edited tree with no
cache and says whether the files and diagnostics are the same. A count, not a timing: the
``scale.py`` ratios are the timings.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale import _table_row_edit, type_cell_edit  # noqa: E402

from docgen.pipeline.build import build_model  # noqa: E402
from docgen.pipeline.cache import Cache  # noqa: E402
from docgen.pipeline.render_jobs import JobCache, PoolRunner  # noqa: E402
from docgen.pipeline.render_cache import without_page_meta  # noqa: E402
from docgen.render.package import RenderOptions, render_package  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("docs", type=Path)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--edit", choices=("type-cell", "row", "remove", "add"), default="type-cell")
    parser.add_argument("--page", help="for --edit remove/add: the page, relative to the docs folder")
    parser.add_argument("--verify", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="docgen-jobs-"))
    try:
        docs = work / "docs"
        shutil.copytree(args.docs, docs)
        pages = sorted(docs.rglob("*.md"))
        model_cache = Cache(work / "models")
        jobs_store = Cache(work / "jobs")
        job_cache = JobCache(jobs_store, "bench")

        def counts() -> tuple[int, int]:
            """(reused, rendered) so far. A docgen without the counters (before issue 18) keyed
            every job on all the types, so each job was either a hit or a miss: with ``--jobs 1``
            every lookup happens in this process and the cache's own counts are the answer."""
            if hasattr(job_cache, "rendered"):
                return job_cache.reused, job_cache.rendered
            return jobs_store.hits, jobs_store.misses

        def render(runner: PoolRunner) -> tuple[dict[str, str], list[str]]:
            model = without_page_meta(build_model([docs], cache=model_cache, root=docs, jobs=args.jobs))
            files, diagnostics = render_package(model, RenderOptions(), runner=runner)
            return files, [d.format() for d in diagnostics]

        render(PoolRunner(args.jobs, job_cache))
        cold = counts()
        if args.edit in ("remove", "add"):
            if not args.page:
                parser.error("--edit remove/add needs --page")
            page = docs / args.page
            if args.edit == "remove":
                page.unlink()
            else:
                lines = page.read_text(encoding="utf-8").split("\n")
                at = next(i for i, line in enumerate(lines) if line.startswith("# "))
                lines[at] += " again"
                page = page.with_name("added-" + page.name)
                page.write_text("\n".join(lines), encoding="utf-8")
        else:
            page, _, changed = (type_cell_edit if args.edit == "type-cell" else _table_row_edit)(pages, 0)
            page.write_text(changed, encoding="utf-8")
        keyed = getattr(job_cache, "keyed", None)  # (a docgen before the key index keys every job)
        warm = render(PoolRunner(args.jobs, job_cache))
        now = counts()
        reused, rendered = now[0] - cold[0], now[1] - cold[1]
        print(f"edit: {args.edit} in {page.relative_to(docs)}")
        print(f"cold: {cold[1]} jobs rendered; after the edit: {rendered} rendered "
              f"({getattr(job_cache, 'stale', '?')} stale), {reused} reused, of {reused + rendered}; "
              f"keyed in this process: {'?' if keyed is None else job_cache.keyed - keyed}")
        if args.verify:
            same = warm == render(PoolRunner(args.jobs, None))
            print(f"warm result equals a render with no job cache: {same}")
            return 0 if same else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
