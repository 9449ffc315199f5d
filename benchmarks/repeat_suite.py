"""Run a pytest selection N times in a row, each in a fresh process, and count the failures
(issue 19's bar: the suite passes 20 runs in a row).

    python benchmarks/repeat_suite.py [--runs 20] [PYTEST_ARGS ...]   # default: the whole suite

Prints each failing run's summary lines and ``N runs, F failed``; exits 1 when any run failed.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    args, pytest_args = parser.parse_known_args()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    failed = 0
    for run in range(1, args.runs + 1):
        proc = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *pytest_args],
            cwd=ROOT, env=env, capture_output=True, text=True, check=False,
        )
        last = proc.stdout.strip().splitlines()[-1:] or ["(no output)"]
        print(f"run {run}: exit {proc.returncode}: {last[0]}", flush=True)
        if proc.returncode != 0:
            failed += 1
            print("\n".join(line for line in proc.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))))
    print(f"{args.runs} runs, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
