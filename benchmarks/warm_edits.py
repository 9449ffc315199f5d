"""Warm edits of two checkouts, alternated: issue 18's type-cell and description edits, whole process.

    python benchmarks/warm_edits.py $DOCGEN_CORPUS/graph-docs-v1.0 --code OLD --code NEW
        [--kind desc|type|row|api|check] [--start REP] [--count N] [--work DIR] [--server] [--pause S]

Each checkout (put first on ``PYTHONPATH``, its ``docgen/`` compiled first) gets its own copy of
the docs, cache and output folder, generated twice untimed. Then for each repeat ``REP`` from
``--start`` (``--count`` of them), the checkouts in turn (the order alternating between repeats):
scale.py's edit of that repeat is made to the checkout's copy (``type_cell_edit`` or
``_table_row_edit(own=True)``: a different page each repeat, never one the cache has seen when the
start is new), ``python -m docgen generate docs -o out --format json`` is timed (wall seconds,
and the CPU seconds of the process and the children it waited for), the page is put back and the
tree generated again, untimed. Prints each run, then per checkout the median wall (with its range)
and CPU, and in how many pairs the second checkout was faster. It deletes its folder at the end.

``--kind row``: scale.py's description row as it is measured there: before the timed run the same
repeat's type-cell edit is generated (untimed) and its page put back without a generate, so the
timed description edit finds two pages changed (the undo of the type cell and the description).

``--kind api``: an API page's request body row (a different page each repeat): the first " the " of
its description made " a " (:func:`api_row_edit`; an Intune page's row is often "Inherited from" a
base, its link after the edit: the link moves along the line).

``--kind check``: no edit, ``python -m docgen check docs -o out`` timed (the unchanged check).

``--pause SECONDS``: wait that long before each timed run, the edit made (a writer's pause
between two commands; without it each command follows the last at once, as in scale.py).

``--server``: each checkout (one ``--code`` is then enough) runs twice in each repeat, on its own
and through a ``docgen serve`` started for that run's cache folder before the timed rows (and
stopped after): four rows (two) alternated, the order reversed every other repeat. The CPU of a
run through the server is the client's plus what the server's children used (the server's
``cutime + cstime`` in ``/proc/PID/stat``, in clock ticks: 10 ms steps).
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


def api_row_edit(pages: list[Path], rep: int) -> tuple[Path, str, str]:
    """An API page (a different one each repeat: every 37th of those with such a row), its text,
    and its text with the first " the " of the description of its first request body table row
    that has one made " a " (``patch_coverage.py --edit body-desc``'s edit)."""
    spec = importlib.util.spec_from_file_location("patch_coverage", Path(__file__).with_name("patch_coverage.py"))
    assert spec is not None and spec.loader is not None
    coverage = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(coverage)
    texts = {p: p.read_text(encoding="utf-8", errors="replace") for p in pages if p.parent.name == "api"}
    rows = coverage.body_rows(sorted(texts), texts)
    if not rows:
        raise SystemExit("no API page has a request body row whose description says 'the '")
    page, line = rows[(len(rows) // 2 + 37 * rep) % len(rows)]
    return page, texts[page], coverage.body_edit(texts[page], line)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("docs", type=Path)
    parser.add_argument("--code", type=Path, action="append", required=True, help="a checkout (give two)")
    parser.add_argument("--kind", choices=("desc", "type", "row", "api", "check"), default="desc")
    parser.add_argument("--start", type=int, default=500, help="the first repeat's number (scale.py's rep)")
    parser.add_argument("--count", type=int, default=6)
    parser.add_argument("--work", type=Path, default=None, help="folder for the copies (default: a new one)")
    parser.add_argument("--server", action="store_true", help="also run each checkout through docgen serve")
    parser.add_argument("--pause", type=float, default=0.0,
                        help="seconds waited before each timed run (a writer's pause; default none)")
    args = parser.parse_args()
    if len(args.code) != 2 and not (args.server and len(args.code) == 1):
        parser.error("give --code twice (or once with --server)")
    scale = _scale()
    codes = [c.resolve() for c in args.code]
    # a variant: (checkout, through a server); each has its own docs, cache and output
    variants = [(code, served) for code in codes for served in ((False, True) if args.server else (False,))]
    work = (args.work or Path(tempfile.mkdtemp(prefix="docgen-warm-edits-"))).resolve()
    if args.kind == "type":
        edit = scale.type_cell_edit
    elif args.kind in ("desc", "row"):
        edit = (lambda p, r: scale._table_row_edit(p, r, own=True))
    elif args.kind == "api":
        edit = api_row_edit
    else:
        edit = None
    servers: dict[int, subprocess.Popen] = {}

    def name(i: int) -> str:
        code, served = variants[i]
        return f"{code}{' (server)' if served else ''}"

    def env(i: int) -> dict[str, str]:
        code, served = variants[i]
        e = dict(os.environ, PYTHONPATH=str(code), DOCGEN_CACHE_DIR=str(work / f"c{i}" / "cache"))
        e.pop("PYTHONDONTWRITEBYTECODE", None)
        e.pop("CI", None)  # (CI makes docgen wait for its model store before it exits)
        e.pop("DOCGEN_NO_SERVER", None)
        if not served:
            e["DOCGEN_NO_SERVER"] = "1"
        return e

    def server_ticks(i: int) -> int:
        if i not in servers:
            return 0
        fields = Path(f"/proc/{servers[i].pid}/stat").read_text().rsplit(")", 1)[1].split()
        return int(fields[13]) + int(fields[14])  # cutime, cstime (fields 16 and 17 of stat)

    def generate(i: int, check: bool = False) -> tuple[float, float]:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        ticks = server_ticks(i)
        start = time.perf_counter()
        command = ["check", "docs", "-o", "out"] if check else ["generate", "docs", "-o", "out", "--format", "json"]
        proc = subprocess.run([sys.executable, "-m", "docgen", *command],
                              cwd=work / f"c{i}", env=env(i), capture_output=True)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if proc.returncode not in (0, 1):
            raise SystemExit(proc.stderr.decode(errors="replace")[-2000:])
        served = (server_ticks(i) - ticks) / os.sysconf("SC_CLK_TCK")
        return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime + served

    try:
        for i, (code, served) in enumerate(variants):
            if not served:
                subprocess.run([sys.executable, "-m", "compileall", "-q", str(code / "docgen")], check=True, env=env(i))
            shutil.copytree(args.docs, work / f"c{i}" / "docs")
            generate(i)
            generate(i)
            if served:
                log = open(work / f"c{i}" / "serve.log", "wb")
                servers[i] = subprocess.Popen([sys.executable, "-m", "docgen", "serve"], env=env(i), cwd=work / f"c{i}",
                                              stdin=subprocess.DEVNULL, stdout=log, stderr=log)
                deadline = time.time() + 60
                while b"listening on" not in (work / f"c{i}" / "serve.log").read_bytes():
                    if servers[i].poll() is not None or time.time() > deadline:
                        raise SystemExit((work / f"c{i}" / "serve.log").read_text(errors="replace"))
                    time.sleep(0.05)
        n_variants = len(variants)
        walls: list[list[float]] = [[] for _ in variants]
        cpus: list[list[float]] = [[] for _ in variants]
        for n, rep in enumerate(range(args.start, args.start + args.count)):
            order = list(range(n_variants)) if n % 2 == 0 else list(reversed(range(n_variants)))
            for i in order:
                pages = sorted((work / f"c{i}" / "docs").rglob("*.md"))
                if args.kind == "row":  # scale.py's row: the type edit generated, its page put back ungenerated
                    typed, typed_text, typed_changed = scale.type_cell_edit(pages, rep)
                    typed.write_text(typed_changed, encoding="utf-8")
                    generate(i)
                    typed.write_text(typed_text, encoding="utf-8")
                if edit is not None:
                    page, text, changed = edit(pages, rep)
                    page.write_text(changed, encoding="utf-8")
                time.sleep(args.pause)
                wall, cpu = generate(i, check=edit is None)
                if edit is not None:
                    page.write_text(text, encoding="utf-8")
                    generate(i)
                walls[i].append(wall)
                cpus[i].append(cpu)
                what = page.name if edit is not None else "check"
                print(f"rep {rep} {name(i)} {what}: wall {wall:.3f} s, CPU {cpu:.3f} s", flush=True)
        for i in range(n_variants):
            print(f"{name(i)}: wall median {statistics.median(walls[i]):.3f} s ({min(walls[i]):.3f}-{max(walls[i]):.3f}),"
                  f" CPU median {statistics.median(cpus[i]):.3f} s ({min(cpus[i]):.3f}-{max(cpus[i]):.3f})")
        for a in range(0, n_variants, 2 if args.server else n_variants):
            b = a + 1
            faster = sum(1 for x, y in zip(walls[a], walls[b]) if y < x)
            print(f"{name(b)} faster than {name(a)} in {faster} of {args.count} pairs")
    finally:
        for proc in servers.values():
            proc.terminate()
            proc.wait()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
