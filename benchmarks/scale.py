"""Corpus-scale benchmark (issues 6 and 18): docgen against bare markdown-it-py, in one run.

    python benchmarks/scale.py CORPUS_DOCS_DIR [--jobs N] [--repeat N] [--warm N] [--double] [--json] [--server]

Measures, each in a fresh process so that peak memory (max RSS) is its own:
  baseline   markdown-it-py ``commonmark`` + ``table`` tokenising every page, one process
  model      ``docgen model`` cold (empty cache)
  generate   ``docgen generate`` cold (empty cache, empty output), all cores
  one core   the same pinned to one core (``taskset -c 0``; skipped where taskset is missing)
  plain files the cold generate's files written again by a plain loop in a fresh process (read
             first, untimed; then each folder made and each file created and written, no
             docgen, no sync): what creating that many files costs this machine at that moment.
             No bar: it is the part of the cold generate the file system decides (on the
             two-core VM of issue 18 the same 5,720 files took 0.2 s at one moment and 3.5 s
             minutes later, the same loop, the same folder: see docs/performance.md)
  check      ``docgen check`` on the unchanged tree (warm cache)
  prose      ``docgen generate`` after a one-word change to one page (warm cache): the first
             "the " on the page becomes "a " (often in the front matter or prose docgen does not
             read, which re-renders nothing: see docgen.pipeline.render_cache)
  type cell  ``docgen generate`` after one type cell of a resource page's properties table
             changes type (``String`` -> ``Int64``): the edit of issue 18
  description ``docgen generate`` after a one-word change to a property's description in a
             resource page's table (a row the page's type declares itself and none of its bases
             does, read from an untimed ``docgen model`` of the docs first): text docgen reads
             and generates, so the model is built and the jobs that hold the text are rendered
             again
and prints seconds, the ratio to the baseline with the bar (issue 18's where it sets one, else
issue 6's), peak memory against the 1 GiB bar, and for each generate the number of files it
wrote (an edit that writes nothing measured nothing). The docs are copied to a temporary folder
first so that the edits never touch the input. ``--double`` copies them twice, under two names
(``a/`` and ``b/``: every page twice, ~6,700 pages for the v1.0 corpus), the larger tree of issue
18; each of its types is documented on two pages and merged, so an edit is made to both copies.
Each step's figures are also printed on stderr as it ends (a stopped run keeps what it measured).
docgen's modules are compiled to byte code first (untimed), and the timed steps run without an
inherited ``PYTHONDONTWRITEBYTECODE``: an installed docgen has its byte code (pip compiles it, as it
compiled markdown-it-py's for the baseline), and without it every step paid ~0.04-0.1 s compiling
modules whose cached byte code was missing or stale (``import_time.py`` and ``sdk_bar.py`` do the same).
``--repeat N`` runs the whole sequence N times (different pages changed each time) and prints
medians: on a shared two-core machine single runs vary by a fifth. ``--warm N`` runs the warm rows
N times in each repeat (a different page each time; each over that repeat's baseline): more of the
short rows, whose single runs straddle their bars, without more of the long cold ones. Before each timed step the
disk is synced (untimed): without it, the writeback of one step's files (a cold generate writes
~80 MB of cache and output) slowed the next step by up to a third.
After each warm row the page is put back and the docs generated again, untimed, so that each
timed run sees one edit since the last generate, as a writer's run after editing one cell does:
issue 18's bars are for one type-cell edit and one description edit. Until the nineteenth session
the page was put back without that generate, so the type-cell row also undid the prose edit and
the description row also undid the type-cell edit (two pages changed, one of them a type cell:
the description row measured about 0.03-0.05 s more than one description edit alone);
``--unsettled`` runs that sequence, to compare with the figures of those sessions.
``--server``: the warm rows (check, prose, type cell, description) run while a ``docgen serve`` for
their cache folder runs (started after the cold generate, untimed, and stopped after the
description edit), so the ``docgen`` command each row times sends its command to the server's
forked child (see the README's ``docgen serve``); the cold rows never use one. Those rows' peak
memory is then the client's alone (the server's children are not its children).
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
import json, resource, subprocess, sys, time
start = time.perf_counter()
proc = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
elapsed = time.perf_counter() - start
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
written = -1
if "generate" in sys.argv and "json" in sys.argv:
    try:
        written = len(json.loads(proc.stdout)["written"])
    except (ValueError, KeyError, TypeError):
        pass
print(elapsed, rss, proc.returncode, written)
if proc.returncode not in (0, 1):
    sys.stderr.write(proc.stderr.decode(errors="replace")[-2000:])
"""


PLAIN_WRITE = r"""
import os, resource, sys, time
from pathlib import Path
source, target = Path(sys.argv[1]), Path(sys.argv[2])
files = [(p.relative_to(source), p.read_bytes()) for p in sorted(source.rglob("*")) if p.is_file()]
start = time.perf_counter()
for relative, data in files:
    path = target / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(data)
elapsed = time.perf_counter() - start
print(elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, len(files))
"""
"""Writes the files of one folder (argv 1) into another (argv 2) and prints the seconds of the
writing alone, the peak memory and the number of files."""

BASELINE_ROW = "baseline: markdown-it-py, 1 process"
MODEL = "docgen model (cold)"
GENERATE = "docgen generate (cold)"
ONE_CORE = "docgen generate (cold, taskset -c 0)"
PLAIN = "plain loop writing its files (no docgen)"
CHECK = "docgen check (unchanged)"
PROSE = "docgen generate (one page changed)"
TYPE_CELL = "docgen generate (one type cell changed)"
DESCRIPTION = "docgen generate (one table row changed)"
BARS = {
    MODEL: 0.75,
    GENERATE: 1.2,
    ONE_CORE: 2.0,
    CHECK: 0.07,
    PROSE: 0.15,
    TYPE_CELL: 0.10,
    DESCRIPTION: 0.08,
}
"""The bars, as ratios to the baseline: issue 18's (cold generate on two cores and on one, the
unchanged check, the type-cell and description edits), else issue 6's (cold model, prose edit).
The "one page changed" row is the prose edit; "one table row changed" the description edit."""
MEMORY_BAR_MIB = 1024
"""Issue 18: every step's peak memory under 1 GiB."""


def _settle() -> None:
    """Write the dirty pages earlier steps left (untimed), so that the disk's writeback of one
    step's output is not charged to the next (like hyperfine's ``--prepare sync``)."""
    if hasattr(os, "sync"):
        os.sync()


def environ(**extra: str) -> dict[str, str]:
    """The timed steps' environment: this one without ``PYTHONDONTWRITEBYTECODE`` (see the module
    docstring), plus ``extra``."""
    return {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}, **extra}


def compile_docgen(cwd: Path) -> None:
    """Write the byte code of the docgen that ``python -m docgen`` runs from ``cwd`` (untimed)."""
    where = subprocess.run([sys.executable, "-c", "import docgen, os; print(os.path.dirname(docgen.__file__))"],
                           check=True, capture_output=True, text=True, env=environ(), cwd=cwd).stdout.strip()
    subprocess.run([sys.executable, "-m", "compileall", "-q", where], check=True, capture_output=True, env=environ())


def run_baseline(docs: Path) -> tuple[float, int]:
    _settle()
    out = subprocess.run([sys.executable, "-c", BASELINE, str(docs)], check=True, capture_output=True, text=True)
    seconds, rss = out.stdout.split()
    return float(seconds), int(rss)


def run_plain_write(source: Path, target: Path) -> tuple[float, int, int, int]:
    """The files under ``source`` written under ``target`` by :data:`PLAIN_WRITE` (seconds of the
    writing alone, peak RSS, exit 0, files written)."""
    _settle()
    out = subprocess.run([sys.executable, "-c", PLAIN_WRITE, str(source), str(target)], check=True,
                         capture_output=True, text=True)
    seconds, rss, count = out.stdout.split()
    return float(seconds), int(rss), 0, int(count)


Step = tuple[float, int, int, int]
"""One timed step: seconds, peak RSS (KiB), exit status, files written (-1: not a generate)."""


def run_timed(argv: list[str], env: dict[str, str], cwd: Path, prefix: tuple[str, ...] = ()) -> Step:
    """``argv`` timed in a fresh process (started under ``prefix``, e.g. ``taskset -c 0``)."""
    _settle()
    out = subprocess.run([*prefix, sys.executable, "-c", TIMED, *argv], check=False, capture_output=True, text=True,
                         env=env, cwd=cwd)
    if out.stderr:
        sys.stderr.write(out.stderr)
    seconds, rss, code, written = out.stdout.split()
    return float(seconds), int(rss), int(code), int(written)


def type_cell_edit(pages: list[Path], rep: int) -> tuple[Path, str, str]:
    """A resource page (a different one each repeat), its text, and its text with the type cell
    of one row of its properties table changed from ``String`` to ``Int64`` (issue 18's edit; the
    deps branch's function of the same name, plus the inherited-row rule below):
    the first row, after the "## Properties" heading, whose second cell is exactly ``String`` and
    that the page's type declares itself (a row "Inherited from" a base, or ``id``, changes no
    file: the base's row is the one generated)."""
    resources = [p for p in pages if p.parent.name == "resources"]
    for offset in range(len(resources)):
        page = resources[(len(resources) // 3 + 11 * rep + offset) % len(resources)]
        text = page.read_text(encoding="utf-8", errors="replace")
        lines = text.split("\n")
        in_properties = False
        for index, line in enumerate(lines):
            if line.startswith("#"):
                in_properties = line.lstrip("#").strip().lower() == "properties"
                continue
            cells = line.split("|")
            own = len(cells) >= 5 and "inherited" not in line.lower() and cells[1].strip() != "id"
            if in_properties and line.startswith("|") and own and cells[2].strip() == "String":
                cells[2] = cells[2].replace("String", "Int64", 1)
                lines[index] = "|".join(cells)
                return page, text, "\n".join(lines)
    raise SystemExit("no resource page has a properties-table row typed String")


ROWS = r"""
import json, subprocess, sys
from pathlib import Path
docs, double = Path(sys.argv[1]).resolve(), sys.argv[2] == "1"
out = subprocess.run([sys.executable, "-m", "docgen", "model", str(docs), "--format", "json"],
                     capture_output=True, text=True, check=False)
if out.returncode not in (0, 1):
    sys.exit("docgen model failed: " + out.stderr.strip()[-2000:])
types = {t["namespace"] + "." + t["name"]: t for t in json.loads(out.stdout)["types"]}
rows = set()
for kind in types.values():
    declared, seen, base = set(), set(), kind.get("base")
    while base in types and base not in seen:  # the names every base declares
        seen.add(base)
        declared.update(p["name"] for p in types[base]["properties"])
        base = types[base].get("base")
    for prop in kind["properties"]:
        source = prop.get("source")
        if source and prop.get("inherited_from") is None and prop["name"] not in declared:
            page = Path(source["path"]).resolve().relative_to(docs)
            rows.add((str(Path(*page.parts[1:]) if double else page), source["line"]))
print(json.dumps(sorted(rows)))
"""
"""Prints the rows :func:`generated_rows` returns, as a JSON list (run in a process of its own:
the model's JSON, 16 MB on the corpus, parsed in scale.py's process, made every process it
started afterwards report the parent's memory as its own peak)."""


def generated_rows(docs: Path, cwd: Path, env: dict[str, str], double: bool = False) -> set[tuple[str, int]]:
    """The (page, line) of every table row whose property docgen generates on the class of the
    page's own type, from an untimed ``docgen model --format json`` of ``docs`` (``env``'s cache
    folder: give it one of its own), in a process of its own (:data:`ROWS`): a property row of a
    type none of whose bases declares a property of that name. A derived page that repeats its
    base's rows without saying "Inherited from" (``aadUserConversationMember``'s ``displayName``)
    is read as declaring them, but their descriptions are generated on the base's class only: an
    edit there writes no file (the doubled tree's first description edit, twenty-first session).
    Pages are named relative to ``docs`` (with ``double``, without the copy's ``a/`` or ``b/``: an
    edit is made to both copies)."""
    _settle()
    out = subprocess.run([sys.executable, "-c", ROWS, str(docs), "1" if double else "0"], env=env, cwd=cwd,
                         capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"scale.py: reading the rows from the model failed: {out.stderr.strip()[-2000:]}")
    return {(page, line) for page, line in json.loads(out.stdout)}


def _table_row_edit(pages: list[Path], rep: int, own: bool = False,
                    rows: tuple[Path, set[tuple[str, int]], bool] | None = None) -> tuple[Path, str, str]:
    """A resource page (a different one each repeat), its text, and its text with the first
    "the " of a properties-table row's description changed to "a " (a row after the
    "## Properties" heading: the first table row of a page may be a "Methods" row, whose
    description docgen does not read, which made the doubled tree's row measure no edit).
    ``own``: only a row the page's type declares itself, as :func:`type_cell_edit` picks (an
    "Inherited from" row's description is in no generated file: the base's row is generated;
    the v1.0 corpus's first pick was such a row, so the description row wrote no file).
    ``rows``: (the docs folder, :func:`generated_rows`, whether the tree is doubled): only a row
    among them (a row whose description is generated on its own type's class)."""
    resources = [p for p in pages if p.parent.name == "resources"]
    for offset in range(len(resources)):
        page = resources[(len(resources) // 2 + 7 * rep + offset) % len(resources)]
        text = page.read_text(encoding="utf-8", errors="replace")
        lines = text.split("\n")
        in_properties = False
        for index, line in enumerate(lines):
            if line.startswith("#"):
                in_properties = line.lstrip("#").strip().lower() == "properties"
                continue
            if own and ("inherited" in line.lower() or [cell.strip() for cell in line.split("|")[1:2]] == ["id"]):
                continue  # (``|id|`` too: the v1.0 corpus's third pick was such a row, which wrote no file)
            if rows is not None and _row_key(page, index + 1, rows) not in rows[1]:
                continue
            if (in_properties and line.startswith("|") and line.count("|") >= 4
                    and " the " in line.rsplit("|", 2)[-2]):
                cells = line.rsplit("|", 2)
                lines[index] = cells[0] + "|" + cells[1].replace(" the ", " a ", 1) + "|" + cells[2]
                return page, text, "\n".join(lines)
    raise SystemExit("no resource page has a table row whose last cell says 'the '")


def _row_key(page: Path, line: int, rows: tuple[Path, set[tuple[str, int]], bool]) -> tuple[str, int]:
    """``page``'s line ``line`` named as :func:`generated_rows` names rows."""
    relative = page.resolve().relative_to(rows[0].resolve())
    return str(Path(*relative.parts[1:]) if rows[2] else relative), line


def _ratio_spread(runs: dict[str, list[Step]], repeats: dict[str, list[int]]) -> dict[str, tuple[float, float]]:
    """For each row, the lowest and highest of its runs' seconds, each over the baseline measured
    in the same repeat (``repeats``: the repeat of each run): how far this machine moved between
    runs (a shared VM's speed drifts by a fifth within minutes; the medians are the figures, this
    shows how firm they are)."""
    bases = [r[0] for r in runs[BASELINE_ROW]]
    spread = {}
    for what, got in runs.items():
        ratios = [r[0] / bases[rep] for r, rep in zip(got, repeats[what])]
        spread[what] = (min(ratios), max(ratios))
    return spread


def start_server(env: dict[str, str], cwd: Path) -> subprocess.Popen[bytes]:
    """``docgen serve`` for ``env``'s cache folder, once it listens (untimed)."""
    server = subprocess.Popen([sys.executable, "-m", "docgen", "serve", "--idle-timeout", "0"], env=env, cwd=cwd,
                              stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert server.stderr is not None
    line = server.stderr.readline().decode(errors="replace")
    if "listening on" not in line:
        server.kill()
        raise SystemExit(f"scale.py: docgen serve did not start: {line.strip() or 'no output'}")
    return server


def stop_server(server: subprocess.Popen[bytes]) -> None:
    """Stop a server :func:`start_server` started, wait for it and show its last words on stderr
    (how many commands it ran: the rows went through it)."""
    server.terminate()
    try:
        _, said = server.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        _, said = server.communicate()
    sys.stderr.write(said.decode(errors="replace"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("docs", type=Path, help="folder of pages, e.g. $DOCGEN_CORPUS/graph-docs-v1.0")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes for docgen (default: all cores)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--repeat", type=int, default=1, help="run everything N times and print medians")
    parser.add_argument("--warm", type=int, default=1,
                        help="run the warm rows (check, prose, type cell, description) N times in each repeat, "
                             "a different page each time (medians over all of them)")
    parser.add_argument("--double", action="store_true",
                        help="measure a tree holding the docs twice, under two names (issue 18's larger tree)")
    parser.add_argument("--no-one-core", action="store_true", help="skip the cold generate pinned to one core")
    parser.add_argument("--server", action="store_true",
                        help="run the warm rows through a `docgen serve` started for their cache folder")
    parser.add_argument("--unsettled", action="store_true",
                        help="do not generate the docs again (untimed) after a warm row puts its page back: each "
                             "edit row then also undoes the row before it (the sequence of the sessions before the "
                             "nineteenth)")
    args = parser.parse_args()
    if args.repeat < 1 or args.warm < 1:
        parser.error("--repeat and --warm take a number of runs: 1 or more")

    work = Path(tempfile.mkdtemp(prefix="docgen-bench-"))
    try:
        docs = work / "docs"
        if args.double:
            shutil.copytree(args.docs, docs / "a")
            shutil.copytree(args.docs, docs / "b")
        else:
            shutil.copytree(args.docs, docs)
        docgen = [sys.executable, "-m", "docgen"]
        jobs = ["--jobs", str(args.jobs)] if args.jobs else []
        pages = sorted(docs.rglob("*.md"))
        pin = ("taskset", "-c", "0") if shutil.which("taskset") and not args.no_one_core else None
        runs: dict[str, list[Step]] = {}
        repeats: dict[str, list[int]] = {}  # the repeat of each step of runs: its baseline
        compile_docgen(work)
        # the rows a description edit may pick: read from the docs' model, untimed, in a cache of its own
        rows = (docs, generated_rows(docs, work, environ(DOCGEN_CACHE_DIR=str(work / "rows-cache")), args.double),
                args.double)

        def generate(env: dict[str, str], out: Path, prefix: tuple[str, ...] = ()) -> Step:
            return run_timed([*docgen, "generate", str(docs), "-o", str(out), "--format", "json", *jobs], env, work,
                             prefix)

        def edited(page: Path, text: str, changed: str, env: dict[str, str], out: Path) -> Step:
            """A warm generate after ``page`` becomes ``changed``; the page is put back after.

            In the doubled tree the page's twin in the other copy gets the same edit: the two
            pages document the same type and are merged, so an edit to one copy alone may change
            nothing generated (measured: it wrote no file)."""
            twins = [page]
            if args.double:
                relative = page.relative_to(docs)
                twins.append(docs / ("b" if relative.parts[0] == "a" else "a") / Path(*relative.parts[1:]))
            for twin in twins:
                twin.write_text(changed, encoding="utf-8")
            try:
                return generate(env, out)
            finally:
                for twin in twins:
                    twin.write_text(text, encoding="utf-8")  # the next step starts from the same docs
                if not args.unsettled:  # ... generated, untimed: the next row's run sees its own edit alone
                    generate(env, out)

        def record(what: str, rep: int, step: Step) -> None:
            """Keep a step's figures, and show them on stderr at once (a corpus run under load
            takes long: a stopped run still leaves the rows it measured)."""
            runs.setdefault(what, []).append(step)
            repeats.setdefault(what, []).append(rep)
            base = runs[BASELINE_ROW][rep][0]
            print(f"run {rep + 1}: {what}: {step[0]:.2f} s, {step[0] / base:.3f}× baseline, "
                  f"{step[1] / 1024:.0f} MiB, exit {step[2]}" + (f", {step[3]} written" if step[3] >= 0 else ""),
                  file=sys.stderr, flush=True)

        def warm_rows(rep: int, env: dict[str, str], out: Path) -> None:
            for turn in range(rep * args.warm, (rep + 1) * args.warm):  # (rep itself when --warm 1)
                record(CHECK, rep, run_timed([*docgen, "check", str(docs), "-o", str(out), *jobs], env, work))
                page = pages[(len(pages) // 2 + turn) % len(pages)]  # a different page each time
                text = page.read_text(encoding="utf-8", errors="replace")
                record(PROSE, rep, edited(page, text, text.replace("the ", "a ", 1), env, out))
                record(TYPE_CELL, rep, edited(*type_cell_edit(pages, turn), env, out))
                record(DESCRIPTION, rep, edited(*_table_row_edit(pages, turn, own=True, rows=rows), env, out))

        # Each run gets new cache and output folders: nothing is deleted before a measurement
        # (removing thousands of files slows the file system's next writes for a while).
        for rep in range(args.repeat):
            record(BASELINE_ROW, rep, (*run_baseline(docs), 0, -1))
            env = environ(DOCGEN_CACHE_DIR=str(work / f"model-cache-{rep}"))
            record(MODEL, rep, run_timed([*docgen, "model", str(docs), "--format", "json", *jobs], env, work))
            env = environ(DOCGEN_CACHE_DIR=str(work / f"cache-{rep}"))
            out = work / f"out-{rep}"
            record(GENERATE, rep, generate(env, out))
            record(PLAIN, rep, run_plain_write(out, work / f"plain-{rep}"))
            server = start_server(env, work) if args.server else None
            try:
                warm_rows(rep, env, out)
            finally:
                if server is not None:
                    stop_server(server)
            if pin:  # last: on a loaded machine the pinned run is the longest, and the rest is printed by then
                env = environ(DOCGEN_CACHE_DIR=str(work / f"one-core-cache-{rep}"))
                record(ONE_CORE, rep, generate(env, work / f"one-core-out-{rep}", pin))

        order = [BASELINE_ROW, MODEL, GENERATE, PLAIN, ONE_CORE, CHECK, PROSE, TYPE_CELL, DESCRIPTION]
        rows = [(what, statistics.median(r[0] for r in runs[what]), max(r[1] for r in runs[what]),
                 max(r[2] for r in runs[what]), max(r[3] for r in runs[what])) for what in order if what in runs]
        base_s = rows[0][1]
        spread = _ratio_spread(runs, repeats)
        if args.json:
            print(json.dumps([{"what": w, "seconds": s, "ratio": s / base_s, "bar": BARS.get(w),
                               "ratio_min": spread[w][0], "ratio_max": spread[w][1],
                               "peak_rss_mib": r / 1024, "memory_bar_mib": MEMORY_BAR_MIB,
                               "exit": c, "written": None if n < 0 else n} for w, s, r, c, n in rows], indent=2))
        else:
            if args.server:
                print("check, prose, type cell and description: through `docgen serve` (peak memory: the client's)")
            print(f"pages: {len(pages)}{' (the docs twice)' if args.double else ''}, cores: {os.cpu_count()}, "
                  f"runs: {args.repeat}{f', warm rows {args.warm} times each' if args.warm > 1 else ''} (medians; peak memory: the largest;"
                  " range: each run's seconds over that run's baseline, lowest and highest)")
            print(f"{'what':<40} {'seconds':>9} {'× baseline':>11} {'bar':>6} {'range':>13} {'peak MiB':>9}"
                  f" {'<1 GiB':>6} {'exit':>5} {'written':>8}")
            for what, seconds, rss, code, written in rows:
                ratio = seconds / base_s
                bar = BARS.get(what)
                shown = "" if bar is None else f"{'≤' if ratio <= bar else '>'}{bar:g}"
                low, high = spread[what]
                memory = "yes" if rss / 1024 < MEMORY_BAR_MIB else "NO"
                print(f"{what:<40} {seconds:>9.2f} {ratio:>11.3f} {shown:>6} {f'{low:.3f}–{high:.3f}':>13}"
                      f" {rss / 1024:>9.0f} {memory:>6} {code:>5} {'' if written < 0 else written:>8}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
