"""Warm edits of two checkouts, alternated: issue 18's type-cell and description edits, whole process.

    python benchmarks/warm_edits.py $DOCGEN_CORPUS/graph-docs-v1.0 --code OLD --code NEW
        [--kind desc|type] [--start REP] [--count N] [--work DIR]

Each checkout (put first on ``PYTHONPATH``, its ``docgen/`` compiled first) gets its own copy of
the docs, cache and output folder, generated twice untimed. Then for each repeat ``REP`` from
``--start`` (``--count`` of them), the checkouts in turn (the order alternating between repeats):
scale.py's edit of that repeat is made to the checkout's copy (``type_cell_edit`` or
``_table_row_edit(own=True)``: a different page each repeat, never one the cache has seen when the
start is new), ``python -m docgen generate docs -o out --format json`` is timed (wall seconds,
and the CPU seconds of the process and the children it waited for), the page is put back and the
tree generated again, untimed. Prints each run, then per checkout the median wall (with its range)
and CPU, and in how many pairs the second checkout was faster. It deletes its folder at the end.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _scale():
    spec = importlib.util.spec_from_file_location("scale", Path(__file__).with_name("scale.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("docs", type=Path)
    parser.add_argument("--code", type=Path, action="append", required=True, help="a checkout (give two)")
    parser.add_argument("--kind", choices=("desc", "type"), default="desc")
    parser.add_argument("--start", type=int, default=500, help="the first repeat's number (scale.py's rep)")
    parser.add_argument("--count", type=int, default=6)
    parser.add_argument("--work", type=Path, default=None, help="folder for the copies (default: a new one)")
    args = parser.parse_args()
    if len(args.code) != 2:
        parser.error("give --code twice")
    scale = _scale()
    codes = [c.resolve() for c in args.code]
    work = (args.work or Path(tempfile.mkdtemp(prefix="docgen-warm-edits-"))).resolve()
    edit = scale.type_cell_edit if args.kind == "type" else (lambda p, r: scale._table_row_edit(p, r, own=True))

    def env(i: int) -> dict[str, str]:
        e = dict(os.environ, PYTHONPATH=str(codes[i]), DOCGEN_CACHE_DIR=str(work / f"c{i}" / "cache"))
        e.pop("PYTHONDONTWRITEBYTECODE", None)
        e.pop("CI", None)  # (CI makes docgen wait for its model store before it exits)
        return e

    def generate(i: int) -> tuple[float, float]:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "docgen", "generate", "docs", "-o", "out", "--format", "json"],
                              cwd=work / f"c{i}", env=env(i), capture_output=True)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if proc.returncode not in (0, 1):
            raise SystemExit(proc.stderr.decode(errors="replace")[-2000:])
        return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime

    try:
        for i, code in enumerate(codes):
            subprocess.run([sys.executable, "-m", "compileall", "-q", str(code / "docgen")], check=True, env=env(i))
            shutil.copytree(args.docs, work / f"c{i}" / "docs")
            generate(i)
            generate(i)
        walls: list[list[float]] = [[], []]
        cpus: list[list[float]] = [[], []]
        for n, rep in enumerate(range(args.start, args.start + args.count)):
            for i in ((0, 1) if n % 2 == 0 else (1, 0)):
                pages = sorted((work / f"c{i}" / "docs").rglob("*.md"))
                page, text, changed = edit(pages, rep)
                page.write_text(changed, encoding="utf-8")
                wall, cpu = generate(i)
                page.write_text(text, encoding="utf-8")
                generate(i)
                walls[i].append(wall)
                cpus[i].append(cpu)
                print(f"rep {rep} {codes[i]} {page.name}: wall {wall:.3f} s, CPU {cpu:.3f} s", flush=True)
        for i, code in enumerate(codes):
            print(f"{code}: wall median {statistics.median(walls[i]):.3f} s ({min(walls[i]):.3f}-{max(walls[i]):.3f}),"
                  f" CPU median {statistics.median(cpus[i]):.3f} s")
        faster = sum(1 for a, b in zip(walls[0], walls[1]) if b < a)
        print(f"{codes[1]} faster in {faster} of {args.count} pairs")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
