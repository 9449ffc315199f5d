"""CPU seconds of the render jobs of a cold ``docgen generate --jobs 1``, checkouts alternating (issue 18).

    python benchmarks/render_jobs_cpu.py DOCS --code BASE_DIR --code NEW_DIR [--repeat N]

A whole cold generate's CPU moves by a few tenths of a second between runs on a shared machine,
more than a change to one part of rendering saves. This measures the part itself: each run is
one process (``--code DIR`` first on PYTHONPATH) doing ``docgen generate DOCS --no-cache --jobs 1``
into a fresh folder with a fresh cache, with ``time.process_time`` summed around every render
job (``_Renderer._run_job``, rendering and finishing) and around its finishing alone
(``_Renderer.finish``: black_could_change and the ``ast`` check). It prints, per checkout, the
median (lowest-highest) CPU seconds of the jobs, of their rendering (jobs minus finishing) and of
the whole process, and each median's ratio to the first checkout's, measured in the same run.
The files written by every run are compared with the first run's (byte for byte); with
``--changed-output`` (a change meant to change the generated files) each checkout's runs are
compared with that checkout's first run instead.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

TIMED = r"""
import gc, json, sys, time
from docgen.cli.main import main
from docgen.render import package
gc.disable()
spent = {"jobs": 0.0, "finish": 0.0}
def timed(key, f):
    def wrapper(*args, **kwargs):
        start = time.process_time()
        try:
            return f(*args, **kwargs)
        finally:
            spent[key] += time.process_time() - start
    return wrapper
package._Renderer._run_job = timed("jobs", package._Renderer._run_job)
package._Renderer.finish = timed("finish", package._Renderer.finish)
sys.argv = ["docgen", "generate", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
spent["process"] = time.process_time()
print(json.dumps(spent), file=sys.stderr)
"""


def _same_tree(a: Path, b: Path) -> bool:
    cmp = filecmp.dircmp(a, b)
    if cmp.left_only or cmp.right_only or cmp.funny_files:
        return False
    _, mismatch, errors = filecmp.cmpfiles(a, b, cmp.common_files, shallow=False)
    return not mismatch and not errors and all(_same_tree(a / d, b / d) for d in cmp.common_dirs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("docs", type=Path)
    ap.add_argument("--code", action="append", required=True, type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--changed-output", action="store_true",
                    help="the checkouts write different files: compare each one's runs with its own first")
    args = ap.parse_args()
    results: dict[Path, list[dict[str, float]]] = {code: [] for code in args.code}
    with tempfile.TemporaryDirectory(prefix="render-jobs-cpu-") as tmp:
        firsts: dict[Path, Path] = {}
        for rep in range(args.repeat):
            order = args.code if rep % 2 == 0 else list(reversed(args.code))
            for code in order:
                out = Path(tmp) / f"out-{rep}-{args.code.index(code)}"
                env = dict(os.environ, PYTHONPATH=str(code), DOCGEN_CACHE_DIR=str(Path(tmp) / f"cache-{rep}-{code.name}"))
                proc = subprocess.run(
                    [sys.executable, "-c", TIMED, str(args.docs), "--output", str(out), "--no-cache", "--jobs", "1", "-q"],
                    env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False,
                )
                spent = json.loads(proc.stderr.strip().splitlines()[-1])
                results[code].append(spent)
                first = firsts.setdefault(code if args.changed_output else args.code[0], out)
                if first != out and not _same_tree(first, out):
                    sys.exit(f"{code}: output differs from the first run's")
                elif first != out:
                    shutil.rmtree(out)
                print(f"  repeat {rep} {code}: " + ", ".join(f"{k} {v:.3f}" for k, v in spent.items()), flush=True)
    base = args.code[0]

    def med(code: Path, key: str) -> float:
        if key == "rendering":
            return statistics.median(r["jobs"] - r["finish"] for r in results[code])
        return statistics.median(r[key] for r in results[code])

    for code in args.code:
        parts = []
        for key in ("jobs", "rendering", "finish", "process"):
            values = [r["jobs"] - r["finish"] if key == "rendering" else r[key] for r in results[code]]
            parts.append(
                f"{key} {med(code, key):.3f} s ({min(values):.3f}-{max(values):.3f}) x{med(code, key) / med(base, key):.3f}"
            )
        print(f"{code}: " + "; ".join(parts))
    print("outputs identical: True" + (" (each checkout's runs)" if args.changed_output else ""))


if __name__ == "__main__":
    main()
