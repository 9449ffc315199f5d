"""Import time of a generated package and one model, against msgraph-sdk's, in the same run.

Usage::

    python benchmarks/import_time.py OUT_PARENT PACKAGE MODEL_CLASS [--msgraph-python PY]

``OUT_PARENT`` holds the generated ``PACKAGE`` (e.g. ``docgen generate DOCS -o /tmp/g/graphsdk``
then ``/tmp/g graphsdk User``). ``--msgraph-python`` is an interpreter with ``msgraph-sdk``
installed; without it only docgen's figure is printed. Each figure is the median of fresh
interpreters, minus the interpreter's own start-up (``python -c pass``) measured the same way.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

RUNS = 7
_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
"""Byte code is written on the first run and read after (as for an installed package)."""


def _median_seconds(python: str, code: str, cwd: str | None = None) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run([python, "-c", code], check=True, cwd=cwd, env=_ENV)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("parent")
    parser.add_argument("package")
    parser.add_argument("model")
    parser.add_argument("--msgraph-python")
    args = parser.parse_args()
    ours_code = f"import {args.package}; from {args.package}.models import {args.model}"
    base = _median_seconds(sys.executable, "pass")
    ours = _median_seconds(sys.executable, ours_code, cwd=args.parent) - base
    print(
        f"docgen package + {args.model}: {ours * 1000:.1f} ms (median of {RUNS}, start-up subtracted)"
    )
    if args.msgraph_python:
        snake = "".join(
            "_" + c.lower() if c.isupper() else c for c in args.model
        ).lstrip("_")
        code = f"from msgraph.generated.models.{snake} import {args.model}"
        base_ms = _median_seconds(args.msgraph_python, "pass")
        theirs = _median_seconds(args.msgraph_python, code) - base_ms
        print(f"msgraph-sdk {args.model}: {theirs * 1000:.1f} ms")
        print(f"ratio msgraph-sdk / docgen: {theirs / ours:.1f}x")


if __name__ == "__main__":
    main()
