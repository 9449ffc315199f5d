"""``docgen lint`` after one edit, against bare markdown-it-py measured in the same run (issue 18).

    python benchmarks/lint_edit.py CORPUS_DOCS_DIR [--repeat N] [--code DIR ...] [--json]

Copies the docs to a temporary folder and measures, each in a fresh process (the approach and
helpers of benchmarks/scale.py, imported from it):
  baseline     markdown-it-py ``commonmark`` + ``table`` tokenising every page, one process
  cold         ``docgen lint DOCS --format json`` with an empty cache
  unchanged    the same again (warm cache, nothing changed)
  type cell    after one type cell of a resource page's properties table changes type
               (``String`` -> ``Int64``: scale.py's ``type_cell_edit``)
  description  after a one-word change to a property's description in a resource page's table
               (scale.py's table-row edit)
and prints wall seconds, the ratio to the baseline, CPU seconds (user and system of docgen's
process and its children: steadier than wall time on a shared machine) and the pages whose lint
rules ran (from ``DOCGEN_LINT_LOG``, see docgen/pipeline/lint_cache.py: "-" when the run never
reached the per-page cache, e.g. an unchanged tree, or when the code measured has no such log).
Each edited page is put back after its step and the tree linted once more, untimed, so every
edit step starts from a warm cache of the same docs. ``--code DIR`` (repeatable) measures the
docgen found in DIR (put first on PYTHONPATH) instead of the one importable here, in the same run
against the same baseline, one after the other at each step (each with its own cache):
``--code /path/to/main --code .`` gives before/after figures. ``--repeat N`` runs the whole
sequence N times and prints medians (different pages edited each time).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale import _table_row_edit, run_baseline, type_cell_edit

BASELINE_ROW = "baseline: markdown-it-py, 1 process"
STEPS = ("lint (cold)", "lint (unchanged)", "lint (one type cell changed)", "lint (one description changed)")

Run = tuple[float, float | None, int | None]
"""One timed step: wall seconds, CPU seconds (None for the baseline), pages checked (None: not known)."""


def _checked(log: Path, before: int) -> int | None:
    """Pages checked by the run that wrote line ``before`` of ``log`` (None: it wrote none)."""
    lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    if len(lines) <= before:
        return None
    return json.loads(lines[before])["checked"]


def lint(docs: Path, env: dict[str, str], cwd: Path) -> Run:
    """``docgen lint DOCS --format json`` in a fresh process: wall seconds, CPU seconds (user and
    system, its children's included) and the pages it checked. The disk is synced first,
    untimed (as scale.py does)."""
    if hasattr(os, "sync"):
        os.sync()
    log = Path(env["DOCGEN_LINT_LOG"])
    lines = len(log.read_text(encoding="utf-8").splitlines()) if log.exists() else 0
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "docgen", "lint", str(docs), "--format", "json"], env=env, cwd=cwd,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise SystemExit(f"docgen lint exited {done.returncode}: {done.stderr.decode(errors='replace')[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return seconds, cpu, _checked(log, lines)


def _median(values: list) -> float | None:
    return statistics.median(values) if values else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("docs", type=Path, help="folder of pages, e.g. $DOCGEN_CORPUS/graph-docs-v1.0")
    parser.add_argument("--repeat", type=int, default=1, help="run everything N times and print medians")
    parser.add_argument("--code", type=Path, action="append", default=[],
                        help="a docgen checkout to measure (repeatable; default: the importable docgen)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    codes = [c.resolve() for c in args.code] or [None]

    work = Path(tempfile.mkdtemp(prefix="docgen-lint-bench-"))
    try:
        docs = work / "docs"
        shutil.copytree(args.docs, docs)
        pages = sorted(docs.rglob("*.md"))
        runs: dict[str, list[Run]] = {}

        def record(what: str, step: Run, base: float) -> None:
            """Keep a step's figures and show them on stderr at once (a stopped run keeps them)."""
            runs.setdefault(what, []).append(step)
            seconds, cpu, checked = step
            print(f"{what}: {seconds:.2f} s, {seconds / base:.3f}× baseline"
                  + ("" if cpu is None else f", CPU {cpu:.2f} s")
                  + ("" if checked is None else f", {checked} pages checked"), file=sys.stderr, flush=True)

        for rep in range(args.repeat):
            base = run_baseline(docs)[0]
            record(BASELINE_ROW, (base, None, None), base)
            envs = []
            for number, code in enumerate(codes):
                env = dict(os.environ, DOCGEN_CACHE_DIR=str(work / f"cache-{rep}-{number}"),
                           DOCGEN_LINT_LOG=str(work / f"lint-{rep}-{number}.log"))
                if code is not None:
                    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(code), env.get("PYTHONPATH", "")) if p)
                envs.append(("" if code is None else f" [{code.name}]", env))

            def lint_all(what: str | None, envs: list = envs, base: float = base) -> None:
                """Lint the docs with each code in turn (the same tree, each with its own cache)."""
                for label, env in envs:
                    step = lint(docs, env, work)
                    if what is not None:
                        record(what + label, step, base)

            lint_all(STEPS[0])
            lint_all(STEPS[1])
            for what, edit in ((STEPS[2], type_cell_edit), (STEPS[3], _table_row_edit)):
                page, text, changed = edit(pages, rep)
                page.write_text(changed, encoding="utf-8")
                try:
                    lint_all(what)
                finally:
                    page.write_text(text, encoding="utf-8")
                lint_all(None)  # warm again on the original docs (untimed)

        base_s = statistics.median(s for s, _, _ in runs[BASELINE_ROW])
        rows = []
        for what, got in runs.items():
            seconds = statistics.median(s for s, _, _ in got)
            cpu = _median([c for _, c, _ in got if c is not None])
            checked = _median([n for _, _, n in got if n is not None])
            rows.append((what, seconds, seconds / base_s, cpu, checked))
        if args.json:
            print(json.dumps([{"what": w, "seconds": s, "ratio": r, "cpu_seconds": c, "pages_checked": n}
                              for w, s, r, c, n in rows], indent=2))
        else:
            print(f"pages: {len(pages)}, cores: {os.cpu_count()}, runs: {args.repeat} (medians)")
            print(f"{'what':<52} {'seconds':>8} {'× baseline':>11} {'CPU s':>6} {'pages checked':>14}")
            for what, seconds, ratio, cpu, checked in rows:
                cpu_text = "" if cpu is None else f"{cpu:.2f}"
                checked_text = "-" if checked is None else f"{checked:g}"
                print(f"{what:<52} {seconds:>8.2f} {ratio:>11.3f} {cpu_text:>6} {checked_text:>14}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
