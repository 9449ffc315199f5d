"""Corpus-scale benchmark (issue 6): docgen against bare markdown-it-py, in one run.

    python benchmarks/scale.py CORPUS_DOCS_DIR [--jobs N]

Measures, each in a fresh process so that peak memory (max RSS) is its own:
  baseline   markdown-it-py ``commonmark`` + ``table`` tokenising every page, one process
  model      ``docgen model`` cold (empty cache)
  generate   ``docgen generate`` cold (empty cache, empty output)
  check      ``docgen check`` on the unchanged tree (warm cache)
  one-page   ``docgen generate`` after a one-word change to one page (warm cache): the first
             "the " on the page becomes "a " (often in the front matter or prose docgen does not
             read, which re-renders nothing: see docgen.pipeline.render_cache)
  one-row    ``docgen generate`` after a one-word change to a property's description in a
             resource page's table: text docgen reads, so the model is built and the jobs that
             hold the text are rendered again (no bar of its own; the slow case of one-page)
  type-cell  ``docgen generate`` after one ``String`` type cell of a resource page's properties
             table becomes ``Int64`` (:func:`type_cell_edit`): the model is built again and the
             render jobs that read that type (recorded per job) are rendered again
and prints seconds, the ratio to the baseline (with issue 6's bar) and peak memory. The docs are
copied to a temporary folder first so that the one-page change never touches the input.
``--repeat N`` runs the whole sequence N times (different pages changed each time) and prints
medians: on a shared two-core machine single runs vary by a fifth. Before each timed step the
disk is synced (untimed): without it, the writeback of one step's files (a cold generate writes
~80 MB of cache and output) slowed the next step by up to a third.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

BASELINE = r"""
import resource, sys, time
from pathlib import Path
from markdown_it import MarkdownIt
paths = sorted(Path(sys.argv[1]).rglob("*.md"))
start = time.perf_counter()
md = MarkdownIt("commonmark").enable("table")
for p in paths:
    md.parse(p.read_text(encoding="utf-8", errors="replace"))
elapsed = time.perf_counter() - start
print(elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""

TIMED = r"""
import resource, subprocess, sys, time
start = time.perf_counter()
proc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
elapsed = time.perf_counter() - start
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(elapsed, rss, proc.returncode)
if proc.returncode not in (0, 1):
    sys.stderr.write(proc.stderr.decode(errors="replace")[-2000:])
"""


BASELINE_ROW = "baseline: markdown-it-py, 1 process"
BARS = {
    "docgen model (cold)": 0.75,
    "docgen generate (cold)": 1.5,
    "docgen check (unchanged)": 0.1,
    "docgen generate (one page changed)": 0.15,
}
"""Issue 6's bars, as ratios to the baseline."""


def _settle() -> None:
    """Write the dirty pages earlier steps left (untimed), so that the disk's writeback of one
    step's output is not charged to the next (like hyperfine's ``--prepare sync``)."""
    if hasattr(os, "sync"):
        os.sync()


def run_baseline(docs: Path) -> tuple[float, int]:
    _settle()
    out = subprocess.run([sys.executable, "-c", BASELINE, str(docs)], check=True, capture_output=True, text=True)
    seconds, rss = out.stdout.split()
    return float(seconds), int(rss)


def run_timed(argv: list[str], env: dict[str, str], cwd: Path) -> tuple[float, int, int]:
    _settle()
    out = subprocess.run([sys.executable, "-c", TIMED, *argv], capture_output=True, text=True, env=env, cwd=cwd)
    if out.stderr:
        sys.stderr.write(out.stderr)
    seconds, rss, code = out.stdout.split()
    return float(seconds), int(rss), int(code)


def _table_row_edit(pages: list[Path], rep: int) -> tuple[Path, str, str]:
    """A resource page (a different one each repeat), its text, and its text with the first
    "the " of a properties-table row's description changed to "a "."""
    resources = [p for p in pages if p.parent.name == "resources"]
    for offset in range(len(resources)):
        page = resources[(len(resources) // 2 + 7 * rep + offset) % len(resources)]
        text = page.read_text(encoding="utf-8", errors="replace")
        lines = text.split("\n")
        for index, line in enumerate(lines):
            if line.startswith("|") and line.count("|") >= 4 and " the " in line.rsplit("|", 2)[-2]:
                cells = line.rsplit("|", 2)
                lines[index] = cells[0] + "|" + cells[1].replace(" the ", " a ", 1) + "|" + cells[2]
                return page, text, "\n".join(lines)
    raise SystemExit("no resource page has a table row whose last cell says 'the '")


def type_cell_edit(pages: list[Path], rep: int) -> tuple[Path, str, str]:
    """A resource page (a different one each repeat), its text, and its text with the type cell
    of one properties-table row changed from ``String`` to ``Int64``: the edit that changes a
    type's structure (issue 18's type-cell step; see docgen.render.reads)."""
    resources = [p for p in pages if p.parent.name == "resources"]
    for offset in range(len(resources)):
        page = resources[(len(resources) // 3 + 11 * rep + offset) % len(resources)]
        text = page.read_text(encoding="utf-8", errors="replace")
        lines = text.split("\n")
        in_properties = False
        for index, line in enumerate(lines):
            if line.startswith("#"):
                in_properties = line.lstrip("#").strip().lower() == "properties"
            cells = line.split("|")
            if in_properties and line.startswith("|") and len(cells) >= 5 and cells[2].strip() == "String":
                cells[2] = cells[2].replace("String", "Int64")
                lines[index] = "|".join(cells)
                return page, text, "\n".join(lines)
    raise SystemExit("no resource page has a properties-table row typed String")


def _ratio_spread(runs: dict[str, list[tuple[float, int, int]]]) -> dict[str, tuple[float, float]]:
    """For each row, the lowest and highest of its runs' seconds, each over the baseline measured
    in the same repeat: how far this machine moved between runs (a shared VM's speed drifts by
    a fifth within minutes; the medians are the figures, this shows how firm they are)."""
    bases = [r[0] for r in runs[BASELINE_ROW]]
    spread = {}
    for what, got in runs.items():
        ratios = [r[0] / base for r, base in zip(got, bases)]
        spread[what] = (min(ratios), max(ratios))
    return spread


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("docs", type=Path, help="folder of pages, e.g. $DOCGEN_CORPUS/graph-docs-v1.0")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes for docgen (default: all cores)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--repeat", type=int, default=1, help="run everything N times and print medians")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="docgen-bench-"))
    try:
        docs = work / "docs"
        shutil.copytree(args.docs, docs)
        docgen = [sys.executable, "-m", "docgen"]
        jobs = ["--jobs", str(args.jobs)] if args.jobs else []
        pages = sorted(docs.rglob("*.md"))
        runs: dict[str, list[tuple[float, int, int]]] = {}
        # Each run gets new cache and output folders: nothing is deleted before a measurement
        # (removing thousands of files slows the file system's next writes for a while).
        for rep in range(args.repeat):
            runs.setdefault(BASELINE_ROW, []).append((*run_baseline(docs), 0))
            env = dict(os.environ, DOCGEN_CACHE_DIR=str(work / f"model-cache-{rep}"))
            runs.setdefault("docgen model (cold)", []).append(
                run_timed([*docgen, "model", str(docs), "--format", "json", *jobs], env, work))
            env = dict(os.environ, DOCGEN_CACHE_DIR=str(work / f"cache-{rep}"))
            out = work / f"out-{rep}"
            runs.setdefault("docgen generate (cold)", []).append(
                run_timed([*docgen, "generate", str(docs), "-o", str(out), *jobs], env, work))
            runs.setdefault("docgen check (unchanged)", []).append(
                run_timed([*docgen, "check", str(docs), "-o", str(out), *jobs], env, work))
            page = pages[(len(pages) // 2 + rep) % len(pages)]  # a different page each time
            text = page.read_text(encoding="utf-8", errors="replace")
            page.write_text(text.replace("the ", "a ", 1), encoding="utf-8")
            runs.setdefault("docgen generate (one page changed)", []).append(
                run_timed([*docgen, "generate", str(docs), "-o", str(out), *jobs], env, work))
            page.write_text(text, encoding="utf-8")  # the next run starts from the same docs
            page, text, changed = _table_row_edit(pages, rep)
            page.write_text(changed, encoding="utf-8")
            runs.setdefault("docgen generate (one table row changed)", []).append(
                run_timed([*docgen, "generate", str(docs), "-o", str(out), *jobs], env, work))
            page.write_text(text, encoding="utf-8")
            page, text, changed = type_cell_edit(pages, rep)
            page.write_text(changed, encoding="utf-8")
            runs.setdefault("docgen generate (one type cell changed)", []).append(
                run_timed([*docgen, "generate", str(docs), "-o", str(out), *jobs], env, work))
            page.write_text(text, encoding="utf-8")

        rows = [(what, statistics.median(r[0] for r in got), max(r[1] for r in got), max(r[2] for r in got))
                for what, got in runs.items()]
        base_s = rows[0][1]
        spread = _ratio_spread(runs)
        if args.json:
            print(json.dumps([{"what": w, "seconds": s, "ratio": s / base_s, "bar": BARS.get(w),
                               "ratio_min": spread[w][0], "ratio_max": spread[w][1],
                               "peak_rss_mib": r / 1024, "exit": c} for w, s, r, c in rows], indent=2))
        else:
            print(f"pages: {len(pages)}, cores: {os.cpu_count()}, runs: {args.repeat} (medians; peak memory: the largest;"
                  " range: each run's seconds over that run's baseline, lowest and highest)")
            print(f"{'what':<40} {'seconds':>9} {'× baseline':>11} {'bar':>6} {'range':>13} {'peak MiB':>9} {'exit':>5}")
            for what, seconds, rss, code in rows:
                ratio = seconds / base_s
                bar = BARS.get(what)
                shown = "" if bar is None else f"{'≤' if ratio <= bar else '>'}{bar:g}"
                low, high = spread[what]
                print(f"{what:<40} {seconds:>9.2f} {ratio:>11.3f} {shown:>6} {f'{low:.3f}–{high:.3f}':>13}"
                      f" {rss / 1024:>9.0f} {code:>5}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
