"""Where a cold ``docgen generate`` spends its wall time, phase by phase, in the main process (issue 18).

    python benchmarks/cold_timeline.py CORPUS_DOCS_DIR [--code DIR ...] [--jobs N] [--without WHAT ...] [--no-cache] [--baseline]

Runs ``docgen generate DOCS -o OUT --format json`` with an empty cache and output folder once for
each ``--code DIR`` (that folder first on PYTHONPATH; without it, the docgen importable here), in
a fresh process whose pipeline functions are wrapped to log when they start and end (wall clock and
the CPU of the main process and its threads), and prints the phases of the run: start-up, planning the pages, parsing
them (on the workers), resolving, the renderer's planning in the main process, the render jobs (on
the workers), what the main process does after them (storing the package, merging diagnostics),
writing the files, and the end (stamps for the next check, JSON); rows starting "of which" split the
row above them. A phase whose wall time is far
above its main-process CPU ran on the workers, or waited on the disk. A function a checkout lacks
is not wrapped; a phase whose start or end was not logged is printed as "-". The wrapping costs a
few microseconds a call (only functions called a few times each are wrapped). Timings on a shared
machine vary: compare checkouts in one run, and run it twice, a minute apart (its folders are
deleted at the end, and on ext4 creating files soon after thousands were deleted costs several
times the CPU: the writing phase shows it).

On Linux a last column gives the machine's busy cores in each phase (``/proc/stat`` read every
0.1 s while the run goes: user, system and interrupt time of every process, other processes'
included, steal time not): a phase whose workers or threads keep every core busy cannot be made
shorter by overlapping it with another, only by spending less CPU. A column beside it gives those of
the busy cores that ran in the kernel (system, irq and softirq time): creating, syncing and
renaming files, page faults, pipes.

``--without ast-check`` and ``--without syncs`` run each checkout once more with that safety work
left out (the harness replaces the check of every rendered module by one that finds nothing, or
``os.fsync`` by a no-op; given both, one run without each and one without both): what the work
costs a cold generate, phase by phase. docgen itself has no way to leave either out.
``--no-cache`` runs docgen with that option: what storing the cache for the next runs costs.

Each run ends with the CPU of every process it waited for (docgen, its workers and the children
it reaped: a child left to finish after docgen exits is not counted), and the shortest the run could
take with that CPU spread over every core; ``--baseline`` also times ``scale.py``'s baseline first
and gives that as a ratio to it: a run whose CPU over the cores is above a bar cannot meet it by
any overlapping of its phases.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HARNESS = r"""
import functools, gc, importlib, os, sys, time
log = open(sys.argv[1], "w", encoding="utf-8")
def wrap(module, attribute):
    try:
        owner = importlib.import_module(module)
        *path, name = attribute.split(".")
        for part in path:
            owner = getattr(owner, part)
        function = getattr(owner, name)
    except (ImportError, AttributeError):
        return
    @functools.wraps(function)
    def logged(*args, **kwargs):
        wall, cpu = time.monotonic(), time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            if os.getpid() == MAIN:
                log.write(f"{attribute}\t{wall}\t{time.monotonic()}\t{cpu}\t{time.process_time()}\n")
    setattr(owner, name, logged)
MAIN = os.getpid()
START = (time.monotonic(), time.process_time())
for module, attribute in [
    ("docgen.pipeline.run", "Run.plan"), ("docgen.pipeline.build", "load_pages"),
    ("docgen.pipeline.build", "build"), ("docgen.pipeline.render_jobs", "run_jobs"),
    ("docgen.write.output", "write_output"), ("docgen.render.package", "render_package"),
    ("docgen.pipeline.render_cache", "render_cached"), ("docgen.pipeline.run", "Run.remember"),
]:
    wrap(module, attribute)
# --without: what the run leaves out, to show its cost (never how docgen runs): the ``ast`` check
# of every rendered module, the syncs of the writer (the workers are forked: they inherit both)
WITHOUT = set(filter(None, os.environ.get("DOCGEN_TIMELINE_WITHOUT", "").split(",")))
if "ast-check" in WITHOUT:
    import docgen.render.verify
    docgen.render.verify.check_module = lambda text, role, expected: []
if "syncs" in WITHOUT:
    os.fsync = lambda fd: None
from docgen.cli.main import main
gc.disable()
sys.argv = ["docgen", *sys.argv[2:]]
try:
    main()
except SystemExit:
    pass
log.write(f"START\t{START[0]}\t{START[0]}\t{START[1]}\t{START[1]}\n")
log.write(f"END\t{time.monotonic()}\t{time.monotonic()}\t{time.process_time()}\t{time.process_time()}\n")
log.close()
sys.stdout.flush()
os._exit(0)
"""

WITHOUT = ("ast-check", "syncs")
"""What ``--without`` may leave out of a run (to measure its cost)."""

PHASES = [
    ("start-up (imports, options)", ("START", 0), ("plan", 0)),
    ("planning the pages", ("plan", 0), ("plan", 1)),
    ("parsing the pages (workers)", ("load_pages", 0), ("load_pages", 1)),
    ("resolving", ("build", 0), ("build", 1)),
    ("render: planning in the main process", ("build", 1), ("run_jobs", 0)),
    ("render: the jobs (workers)", ("run_jobs", 0), ("run_jobs", 1)),
    ("after the jobs (package stored, diagnostics)", ("run_jobs", 1), ("write_output", 0)),
    ("  of which: the jobs' results merged", ("run_jobs", 1), ("render_package", 1)),
    ("  of which: the package stored", ("render_package", 1), ("render_cached", 1)),
    ("  of which: diagnostics placed, stamps read", ("render_cached", 1), ("write_output", 0)),
    ("writing the files", ("write_output", 0), ("write_output", 1)),
    ("the end (stamps, JSON)", ("write_output", 1), ("END", 0)),
    ("  of which: stamps stored", ("write_output", 1), ("remember", 1)),
]
"""Each phase: its name, and the (function, 0 for its start or 1 for its end) it runs between
(functions by their last name: ``plan`` is ``Run.plan``)."""


def _cpu_ticks() -> tuple[int, int, int] | None:
    """(busy, all, kernel) jiffies of every core since boot (``/proc/stat``), None where there is none."""
    try:
        with open("/proc/stat", encoding="ascii") as handle:
            fields = [int(f) for f in handle.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    # user nice system idle iowait irq softirq steal …: idle and iowait are not busy, steal is no one's here
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    steal = fields[7] if len(fields) > 7 else 0
    total = sum(fields[:8])
    kernel = sum(fields[2:3] + fields[5:7])  # system, irq, softirq
    return total - idle - steal, total, kernel


class BusyCores:
    """The machine's busy cores, sampled every ``period`` seconds on a thread while a run goes."""

    def __init__(self, period: float = 0.1) -> None:
        self.period = period
        self.samples: list[tuple[float, float, float, float]] = []  # (start, end, busy cores, of which in the kernel)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self.cores = os.cpu_count() or 1

    def __enter__(self) -> BusyCores:
        if _cpu_ticks() is not None:
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _sample(self) -> None:
        last, at = _cpu_ticks(), time.monotonic()
        while not self._stop.wait(self.period):
            now, when = _cpu_ticks(), time.monotonic()
            if now is None or last is None:
                return
            busy, total, kernel = now[0] - last[0], now[1] - last[1], now[2] - last[2]
            if total > 0:
                self.samples.append((at, when, self.cores * busy / total, self.cores * kernel / total))
            last, at = now, when

    def between(self, start: float, end: float, column: int = 2) -> float | None:
        """Busy cores over [start, end] (``column`` 3: those busy in the kernel), each sample
        weighted by its overlap (None: no sample)."""
        weight = value = 0.0
        for sample in self.samples:
            overlap = min(end, sample[1]) - max(start, sample[0])
            if overlap > 0:
                weight += overlap
                value += overlap * sample[column]
        return value / weight if weight else None


def phases(log: Path) -> list[tuple[str, float | None, float | None, tuple[float, float] | None]]:
    """(phase, wall seconds, main-process CPU seconds, (start, end) on the monotonic clock) of one
    logged run (None: not logged)."""
    events: dict[str, tuple[float, float, float, float]] = {}
    for line in log.read_text(encoding="utf-8").splitlines():
        name, *numbers = line.split("\t")
        events.setdefault(name.rpartition(".")[2] if name not in ("START", "END") else name,
                          tuple(float(n) for n in numbers))  # type: ignore[arg-type]
    out = []
    for phase, (first, first_end), (last, last_end) in PHASES:
        if first not in events or last not in events:
            out.append((phase, None, None, None))
            continue
        wall = events[last][last_end] - events[first][first_end]
        cpu = events[last][2 + last_end] - events[first][2 + first_end]
        out.append((phase, wall, cpu, (events[first][first_end], events[last][last_end])))
    total = ("total", events["END"][0] - events["START"][0], events["END"][2] - events["START"][2],
             (events["START"][0], events["END"][0]))
    # "of which" rows are parts of the row above them: not added to the total
    return [*out, total]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("docs", type=Path, help="folder of pages, e.g. $DOCGEN_CORPUS/graph-docs-v1.0")
    parser.add_argument("--code", type=Path, action="append", default=[],
                        help="a checkout whose docgen to measure (repeatable; default: the importable one)")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: docgen's)")
    parser.add_argument("--without", action="append", default=[], choices=WITHOUT,
                        help="also run each checkout without this safety work, to show what it costs: "
                             "'ast-check' (no rendered module is parsed and checked), 'syncs' (os.fsync does "
                             "nothing); repeatable: a run without each, then one without all of them")
    parser.add_argument("--no-cache", action="store_true",
                        help="run docgen with --no-cache: what storing the cache for the next runs costs "
                             "a cold generate, against a run without this option")
    parser.add_argument("--baseline", action="store_true",
                        help="first time scale.py's baseline (markdown-it-py tokenising every page, one process) "
                             "and give each run's CPU over the cores as a ratio to it")
    args = parser.parse_args()
    baseline = None
    if args.baseline:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from scale import run_baseline

        baseline = run_baseline(args.docs)[0]
        print(f"baseline (markdown-it-py, one process): {baseline:.2f} s")
    left_out = tuple(dict.fromkeys(args.without))  # each run's left-out work: none, each alone, then all
    leaving = [(), *[(item,) for item in left_out], *([left_out] if len(left_out) > 1 else [])]
    runs = [(c.resolve(), left) for c in args.code for left in leaving] or [(None, left) for left in leaving]
    with tempfile.TemporaryDirectory(prefix="docgen-timeline-") as work:
        for number, (code, left) in enumerate(runs):
            env = dict(os.environ, DOCGEN_CACHE_DIR=os.path.join(work, f"cache-{number}"),
                       DOCGEN_TIMELINE_WITHOUT=",".join(left))
            if code is not None:
                env["PYTHONPATH"] = os.pathsep.join(p for p in (str(code), env.get("PYTHONPATH", "")) if p)
            log = Path(work, f"log-{number}")
            argv = [sys.executable, "-c", HARNESS, str(log), "generate", str(args.docs.resolve()), "-o",
                    os.path.join(work, f"out-{number}"), "--format", "json"]
            argv += ["--jobs", str(args.jobs)] if args.jobs else []
            argv += ["--no-cache"] if args.no_cache else []
            os.sync()
            # run in the temporary folder: ``python -c`` puts the working directory first on the
            # path, and a checkout there would be measured instead of ``--code``
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            with BusyCores() as busy:
                done = subprocess.run(argv, env=env, cwd=work, capture_output=True, text=True, check=False)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            user, system = after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime
            if not log.exists() or "END" not in log.read_text(encoding="utf-8"):
                sys.stderr.write(done.stderr[-2000:])
                raise SystemExit(f"{code or 'docgen'}: the run did not finish")
            print(f"{'importable docgen' if code is None else code}"
                  + (f", without {' and '.join(left)}" if left else "") + ":")
            print(f"  {'phase':<46} {'wall s':>7} {'CPU s':>7} {'busy':>5} {'kernel':>6}  (CPU: the main process and its"
                  f" threads; busy: cores of the machine's {busy.cores}; kernel: of those, busy in the kernel)")
            for phase, wall, cpu, span in phases(log):
                shown = "-" if wall is None else f"{wall:.2f}"
                shown_cpu = "-" if cpu is None else f"{cpu:.2f}"
                cores = None if span is None else busy.between(*span)
                shown_busy = "-" if cores is None else f"{cores:.2f}"
                kernel = None if span is None else busy.between(*span, column=3)
                shown_kernel = "-" if kernel is None else f"{kernel:.2f}"
                print(f"  {phase:<46} {shown:>7} {shown_cpu:>7} {shown_busy:>5} {shown_kernel:>6}")
            print(f"  CPU of every process it waited for: user {user:.2f} s, system {system:.2f} s; on"
                  f" {busy.cores} cores no shorter than {(user + system) / busy.cores:.2f} s"
                  + (f" ({(user + system) / busy.cores / baseline:.2f}x the baseline's {baseline:.2f} s)"
                     if baseline else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
