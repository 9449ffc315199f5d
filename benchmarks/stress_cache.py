"""Stress the cache's multi-process writes (issue 19): run the parallel-parse cache test N times.

    python benchmarks/stress_cache.py [--runs 50] [--test NODEID]

Each run is a fresh pytest process (``-p no:cacheprovider``) on
``tests/pipeline/test_pipeline_cache.py::test_parallel_build_fills_the_same_cache``: a parse on
two forked workers whose entries an entry writer (a forked child) stores, then a second build that
must find every one of them. Before issue 19 this failed about one run in eight (a child forked
while its parent held an SQLite connection wrote without a real lock). Prints each failure's last
lines and a summary; exits 1 when any run failed. Not part of the default suite (it takes minutes).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEST = "tests/pipeline/test_pipeline_cache.py::test_parallel_build_fills_the_same_cache"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--test", default=TEST, help="the pytest node id to repeat")
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    failures = 0
    for run in range(1, args.runs + 1):
        proc = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", args.test],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode != 0:
            failures += 1
            tail = "\n".join(proc.stdout.splitlines()[-15:])
            print(f"run {run}: FAILED (exit {proc.returncode})\n{tail}\n", flush=True)
    print(f"{args.runs} runs, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
