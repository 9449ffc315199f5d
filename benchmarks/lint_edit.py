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
and prints seconds, the ratio to the baseline, and the pages whose lint rules ran (from
``DOCGEN_LINT_LOG``, see docgen/pipeline/lint_cache.py: "-" when the run never reached the
per-page cache, e.g. an unchanged tree, or when the code measured has no such log). Each edited
page is put back after its step and the tree linted once more, untimed, so every edit step starts
from a warm cache of the same docs. ``--code DIR`` (repeatable) measures the docgen found in DIR
(put first on PYTHONPATH) instead of the one importable here, each in the same run against the
same baseline: ``--code /path/to/main --code .`` gives before/after figures. ``--repeat N``
runs the whole sequence N times and prints medians (different pages edited each time).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale import _table_row_edit, run_baseline, run_timed, type_cell_edit  # noqa: E402

BASELINE_ROW = "baseline: markdown-it-py, 1 process"
STEPS = ("lint (cold)", "lint (unchanged)", "lint (one type cell changed)", "lint (one description changed)")


def _checked(log: Path, before: int) -> int | None:
    """Pages checked by the run that wrote line ``before`` of ``log`` (None: it wrote none)."""
    lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    if len(lines) <= before:
        return None
    return json.loads(lines[before])["checked"]


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
        runs: dict[str, list[tuple[float, int | None]]] = {}

        def record(what: str, seconds: float, checked: int | None, base: float) -> None:
            runs.setdefault(what, []).append((seconds, checked))
            shown = "-" if checked is None else checked
            print(f"{what}: {seconds:.2f} s, {seconds / base:.3f}× baseline, pages checked {shown}",
                  file=sys.stderr, flush=True)

        for rep in range(args.repeat):
            base = run_baseline(docs)[0]
            record(BASELINE_ROW, base, None, base)
            for number, code in enumerate(codes):
                label = "" if code is None else f" [{code.name or code}]"
                env = dict(os.environ, DOCGEN_CACHE_DIR=str(work / f"cache-{rep}-{number}"))
                if code is not None:
                    env["PYTHONPATH"] = os.pathsep.join([str(code), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
                log = work / f"lint-{rep}-{number}.log"
                env["DOCGEN_LINT_LOG"] = str(log)
                argv = [sys.executable, "-m", "docgen", "lint", str(docs), "--format", "json"]

                def lint(what: str | None) -> None:
                    lines = len(log.read_text(encoding="utf-8").splitlines()) if log.exists() else 0
                    seconds, _, status, _ = run_timed(argv, env, work)
                    if status not in (0, 1):
                        raise SystemExit(f"docgen lint exited {status}")
                    if what is not None:
                        record(what + label, seconds, _checked(log, lines), base)

                lint(STEPS[0])
                lint(STEPS[1])
                for step, edit in ((STEPS[2], type_cell_edit), (STEPS[3], _table_row_edit)):
                    page, text, changed = edit(pages, rep)
                    page.write_text(changed, encoding="utf-8")
                    try:
                        lint(step)
                    finally:
                        page.write_text(text, encoding="utf-8")
                    lint(None)  # warm again on the original docs (untimed)

        base_s = statistics.median(s for s, _ in runs[BASELINE_ROW])
        rows = []
        for what, got in runs.items():
            seconds = statistics.median(s for s, _ in got)
            checked = [c for _, c in got if c is not None]
            rows.append((what, seconds, seconds / base_s, statistics.median(checked) if checked else None))
        if args.json:
            print(json.dumps([{"what": w, "seconds": s, "ratio": r, "pages_checked": c} for w, s, r, c in rows],
                             indent=2))
        else:
            print(f"pages: {len(pages)}, cores: {os.cpu_count()}, runs: {args.repeat} (medians)")
            print(f"{'what':<56} {'seconds':>8} {'× baseline':>11} {'pages checked':>14}")
            for what, seconds, ratio, checked in rows:
                shown = "-" if checked is None else f"{checked:g}"
                print(f"{what:<56} {seconds:>8.2f} {ratio:>11.3f} {shown:>14}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
