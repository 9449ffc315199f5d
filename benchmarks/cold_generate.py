"""Cold ``docgen generate`` of one or more checkouts, against markdown-it-py in the same run (issue 18).

    python benchmarks/cold_generate.py CORPUS_DOCS_DIR [--code DIR ...] [--repeat N] [--no-one-core] [--json]

scale.py's two cold rows alone, for before/after figures in one run: the docs are copied to a
temporary folder, then each repeat measures the baseline (markdown-it-py ``commonmark`` + ``table``
tokenising every page, one process: scale.py's) and, for each ``--code DIR`` in turn (that folder
first on PYTHONPATH; without ``--code``, the docgen importable here), ``docgen generate DOCS -o OUT
--format json`` with an empty cache and an empty output folder on all cores, and the same pinned
to one core (``taskset -c 0``, where it exists; ``--no-one-core`` skips it). The order of the
checkouts alternates between repeats, so neither always runs right after the other. It prints
the median wall seconds, their ratio to the baseline of the same repeat (median, with the lowest
and highest), the bar of issue 18 (1.2x on all cores, 2.0x on one), the CPU seconds (user +
system of docgen and its children: steadier than wall time on a shared machine) and the best
(lowest) wall and CPU seconds of the runs, the firmest figures when other work shares the cores. Nothing is
deleted before a measurement (removing thousands of files slows the file system's next creations
for a while, see benchmarks/README.md); the temporary folder goes at the end. Each generate's
files written and exit status are checked (5,720 files on the v1.0 corpus, exit 0 or 1).
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

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale import BARS, GENERATE, ONE_CORE, run_baseline  # noqa: E402

TIMED = r"""
import json, os, resource, subprocess, sys, time
start = time.perf_counter()
proc = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
elapsed = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
try:
    written = len(json.loads(proc.stdout)["written"])
except (ValueError, KeyError, TypeError):
    written = -1
print(elapsed, usage.ru_utime + usage.ru_stime, proc.returncode, written)
if proc.returncode not in (0, 1):
    sys.stderr.write(proc.stderr.decode(errors="replace")[-2000:])
"""

Step = tuple[float, float, int, int]
"""wall seconds, CPU seconds, exit status, files written."""


def cold(docs: Path, out: Path, env: dict[str, str], cwd: Path, prefix: tuple[str, ...]) -> Step:
    """One cold generate in a fresh process (the disk synced first, untimed, as scale.py does)."""
    os.sync()
    argv = [*prefix, sys.executable, "-c", TIMED, sys.executable, "-m", "docgen", "generate", str(docs),
            "-o", str(out), "--format", "json"]
    done = subprocess.run(argv, capture_output=True, text=True, env=env, cwd=cwd, check=False)
    if done.stderr:
        sys.stderr.write(done.stderr)
    wall, cpu, code, written = done.stdout.split()
    return float(wall), float(cpu), int(code), int(written)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("docs", type=Path, help="folder of pages, e.g. $DOCGEN_CORPUS/graph-docs-v1.0")
    parser.add_argument("--code", type=Path, action="append", default=[],
                        help="a checkout whose docgen to measure (repeatable; default: the importable one)")
    parser.add_argument("--repeat", type=int, default=3, help="repeats (medians are printed)")
    parser.add_argument("--no-one-core", action="store_true", help="skip the generate pinned to one core")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    codes = [c.resolve() for c in args.code] or [None]
    pin = ("taskset", "-c", "0") if shutil.which("taskset") and not args.no_one_core else None
    rows = [(GENERATE, ())] + ([(ONE_CORE, pin)] if pin else [])
    work = Path(tempfile.mkdtemp(prefix="docgen-cold-"))
    runs: dict[tuple[str, str], list[tuple[Step, float]]] = {}
    try:
        docs = work / "docs"
        shutil.copytree(args.docs, docs)
        for rep in range(args.repeat):
            base = run_baseline(docs)[0]
            print(f"run {rep + 1}: baseline {base:.2f} s", file=sys.stderr, flush=True)
            order = list(enumerate(codes))
            if rep % 2:
                order.reverse()
            for number, code in order:
                name = "importable" if code is None else str(code)
                env = dict(os.environ)
                env.pop("DOCGEN_CACHE_DIR", None)
                if code is not None:
                    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(code), env.get("PYTHONPATH", "")) if p)
                for row, prefix in rows:
                    tag = f"{rep}-{number}-{'one' if prefix else 'all'}"
                    env["DOCGEN_CACHE_DIR"] = str(work / f"cache-{tag}")
                    step = cold(docs, work / f"out-{tag}", env, work, prefix)
                    if step[2] not in (0, 1) or step[3] <= 0:
                        raise SystemExit(f"{name}: {row} exited {step[2]}, {step[3]} files written")
                    runs.setdefault((row, name), []).append((step, base))
                    print(f"run {rep + 1}: {name}: {row}: {step[0]:.2f} s wall ({step[0] / base:.3f}x), "
                          f"{step[1]:.2f} s CPU, {step[3]} written", file=sys.stderr, flush=True)
        table = []
        for (row, name), got in runs.items():
            ratios = [step[0] / base for step, base in got]
            table.append({"what": row, "code": name, "seconds": statistics.median(s[0] for s, _ in got),
                          "cpu_seconds": statistics.median(s[1] for s, _ in got),
                          "best_seconds": min(s[0] for s, _ in got), "best_cpu_seconds": min(s[1] for s, _ in got),
                          "ratio": statistics.median(ratios), "ratio_min": min(ratios), "ratio_max": max(ratios),
                          "bar": BARS[row], "written": got[0][0][3], "runs": len(got)})
        if args.json:
            print(json.dumps(table, indent=2))
        else:
            print(f"cores: {os.cpu_count()}, runs: {args.repeat} (medians; range: each run over its own baseline)")
            print(f"{'what':<38} {'code':<28} {'wall s':>7} {'x base':>7} {'range':>13} {'bar':>5} {'CPU s':>7}"
                  f" {'best wall':>9} {'best CPU':>8}")
            for r in table:
                print(f"{r['what']:<38} {r['code'][-28:]:<28} {r['seconds']:>7.2f} {r['ratio']:>7.3f} "
                      f"{r['ratio_min']:.3f}-{r['ratio_max']:.3f} {r['bar']:>5g} {r['cpu_seconds']:>7.2f}"
                      f" {r['best_seconds']:>9.2f} {r['best_cpu_seconds']:>8.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
