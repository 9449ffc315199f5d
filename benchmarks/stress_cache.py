"""Stress the cache: its multi-process writes (issue 19), or its size and eviction under many edits.

    python benchmarks/stress_cache.py [--runs 50] [--test NODEID]
    python benchmarks/stress_cache.py --growth DOCS [--code DIR] [--pairs 10] [--kind desc|type]
        [--start REP] [--limit BYTES] [--work DIR]

Without ``--growth``: each run is a fresh pytest process (``-p no:cacheprovider``) on
``tests/pipeline/test_pipeline_cache.py::test_parallel_build_fills_the_same_cache``: a parse on
two forked workers whose entries an entry writer (a forked child) stores, then a second build that
must find every one of them. Before issue 19 this failed about one run in eight (a child forked
while its parent held an SQLite connection wrote without a real lock). Prints each failure's last
lines and a summary; exits 1 when any run failed. Not part of the default suite (it takes minutes).

With ``--growth DOCS`` (a docs tree, e.g. ``$DOCGEN_CORPUS/graph-docs-v1.0``; session 21): the
checkout ``--code`` (default: this one; its ``docgen/`` compiled first) generates a copy of DOCS
cold, then ``--pairs`` times makes scale.py's edit of repeat ``REP`` (``--kind``: a description or
a type cell, ``--start`` the first repeat: a different page each), generates, puts the page back
and generates again: as a writer who generates after every change. After each pair (once the
model stores have ended) it prints the bytes of database pages the cache has in use, their growth
over the pair, each run's wall time and how many whole resolves (``docgen.resolve.join.
resolve_indexed`` calls, counted by a wrapper this script runs docgen through) it made: a warm
edit that is patched makes none. ``--limit`` sets ``$DOCGEN_CACHE_LIMIT`` (the cache's size
limit; a checkout before session 21 ignores it: give such a one the limit by editing its
``SIZE_LIMIT``), to see what eviction leaves the next edit. Prints a summary line at the end.
"""

from __future__ import annotations

import argparse
import fcntl
import importlib.util
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEST = "tests/pipeline/test_pipeline_cache.py::test_parallel_build_fills_the_same_cache"

_COUNTING = """\
import os, sys
import docgen.resolve.join as join
real = join.resolve_indexed
def counted(pages):
    with open(os.environ["STRESS_RESOLVES"], "a") as log:
        log.write("1\\n")
    return real(pages)
join.resolve_indexed = counted
sys.argv[0] = "docgen"
from docgen.__main__ import main
main()
"""
"""docgen's ``python -m docgen``, each whole resolve noted in ``$STRESS_RESOLVES`` (a line per call;
written at once: docgen ends with ``os._exit``)."""


def stress(runs: int, test: str) -> int:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    failures = 0
    for run in range(1, runs + 1):
        proc = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", test],
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
    print(f"{runs} runs, {failures} failed")
    return 1 if failures else 0


def in_use(cache: Path) -> int:
    """Bytes of database pages in use in the cache folder ``cache`` (its newest database), once
    no docgen child is storing into it any more (its writers lock taken exclusively)."""
    lock = cache / "writers.lock"
    if lock.exists():
        with open(lock, "rb") as held:
            fcntl.flock(held, fcntl.LOCK_EX)
    databases = sorted(cache.glob("cache-*.sqlite3"))
    if not databases:
        return 0
    db = sqlite3.connect(databases[-1])
    try:
        pages, free, size = (db.execute(f"PRAGMA {name}").fetchone()[0] for name in ("page_count", "freelist_count", "page_size"))
    finally:
        db.close()
    return (pages - free) * size


def growth(args: argparse.Namespace) -> int:
    spec = importlib.util.spec_from_file_location("scale", ROOT / "benchmarks" / "scale.py")
    assert spec is not None and spec.loader is not None
    scale = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scale)
    code = args.code.resolve()
    work = (args.work or Path(tempfile.mkdtemp(prefix="docgen-stress-cache-"))).resolve()
    docs, cache, log = work / "docs", work / "cache", work / "resolves"
    env = dict(os.environ, PYTHONPATH=str(code), DOCGEN_CACHE_DIR=str(cache), STRESS_RESOLVES=str(log))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("CI", None)
    if args.limit:
        env["DOCGEN_CACHE_LIMIT"] = str(args.limit)
    edit = scale.type_cell_edit if args.kind == "type" else (lambda p, r: scale._table_row_edit(p, r, own=True))

    def generate() -> tuple[float, int]:
        before = log.read_text().count("\n") if log.exists() else 0
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-c", _COUNTING, "generate", str(docs), "-o", str(work / "out"),
                               "--format", "json"], env=env, capture_output=True, cwd=work)
        wall = time.perf_counter() - start
        if proc.returncode not in (0, 1):
            raise SystemExit(proc.stderr.decode(errors="replace")[-2000:])
        return wall, (log.read_text().count("\n") if log.exists() else 0) - before

    try:
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(code / "docgen")], check=True, env=env)
        shutil.copytree(args.docs, docs)
        wall, _ = generate()
        size = in_use(cache)
        print(f"cold: {wall:.2f} s, {size / 1e6:.1f} MB in use", flush=True)
        grown: list[int] = []
        edits: list[float] = []
        resolved = 0
        for rep in range(args.start, args.start + args.pairs):
            page, text, changed = edit(sorted(docs.rglob("*.md")), rep)
            page.write_text(changed, encoding="utf-8")
            wall, resolves = generate()
            page.write_text(text, encoding="utf-8")
            back, back_resolves = generate()
            now = in_use(cache)
            grown.append(now - size)
            edits.append(wall)
            resolved += resolves + back_resolves
            print(f"rep {rep} {page.name}: edit {wall:.2f} s ({resolves} whole resolves), undo {back:.2f} s"
                  f" ({back_resolves}); {now / 1e6:.1f} MB in use, {(now - size) / 1e6:+.2f} MB", flush=True)
            size = now
        print(f"{code}: {args.pairs} pairs, growth per pair median {statistics.median(grown) / 1e6:.2f} MB"
              f" ({min(grown) / 1e6:.2f} to {max(grown) / 1e6:.2f}), edit median {statistics.median(edits):.2f} s,"
              f" whole resolves {resolved}")
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--test", default=TEST, help="the pytest node id to repeat")
    parser.add_argument("--growth", dest="docs", type=Path, default=None, help="a docs tree: measure growth instead")
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout to measure (--growth)")
    parser.add_argument("--pairs", type=int, default=10)
    parser.add_argument("--kind", choices=("desc", "type"), default="desc")
    parser.add_argument("--start", type=int, default=700, help="the first repeat's number (scale.py's rep)")
    parser.add_argument("--limit", type=int, default=0, help="bytes: $DOCGEN_CACHE_LIMIT for the runs")
    parser.add_argument("--work", type=Path, default=None, help="folder for the copy and cache (kept)")
    args = parser.parse_args()
    if args.docs is not None:
        return growth(args)
    return stress(args.runs, args.test)


if __name__ == "__main__":
    sys.exit(main())
