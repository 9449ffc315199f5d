"""The model stage after one edit (issue 18), against bare markdown-it-py, in one run.

    python benchmarks/model_edit.py CORPUS_DOCS_DIR [--repeat N]

Copies the docs to a temporary folder and, each in a fresh process: the baseline (markdown-it-py
tokenising every page, as ``scale.py``), ``docgen model --format json`` cold (empty cache), then
warm after one edit of each kind, each undone before the next: ``row description`` (the first
"the " of a resource page's table-row description becomes "a ", as ``scale.py``'s one-row edit:
patched when only descriptions changed), ``type cell`` (issue 18's edit, ``scale.py``'s
``type_cell_edit``: a ``String`` cell of a row the page's type declares itself becomes ``Int64``:
patched when no other row names the property), ``type cell, resolved`` (the description edit's
row's type cell becomes ``Int64``: on the page chosen, an "Inherited from" row typed by an enum,
which a whole resolve must read) and ``unchanged`` (the model entry); each edit is timed twice: with every process
docgen starts, and (``own``) docgen's own process alone, run in the timing process (the
critical path: the child that stores the model runs beside it). Prints seconds, the ratio to the baseline,
CPU seconds (steadier than wall time on a loaded machine) and peak memory (medians over
``--repeat`` runs, a different page each run). The render stage is not measured here
(``scale.py`` times whole ``generate`` runs).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale import _settle, _table_row_edit, run_baseline, type_cell_edit  # noqa: E402

TIMED = r"""
import io, os, resource, subprocess, sys, time
start = time.perf_counter()
if sys.argv[1] == "--in-process":  # docgen's own process only: what every other process waits for
    sys.argv = ["docgen", *sys.argv[2:]]
    out = os.dup(1)
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
    sys.stdout = io.TextIOWrapper(os.fdopen(os.dup(1), "wb"))
    from docgen.cli.main import main
    try:
        main(standalone_mode=False)
        code = 0
    except SystemExit as exc:
        code = exc.code or 0
    sys.stdout.flush()
    from docgen.pipeline.entry_writer import finish_writes
    finish_writes()
    use = resource.getrusage(resource.RUSAGE_SELF)
    os.dup2(out, 1)
    sys.stdout = sys.__stdout__
else:
    code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
    use = resource.getrusage(resource.RUSAGE_CHILDREN)
elapsed = time.perf_counter() - start
print(elapsed, use.ru_utime + use.ru_stime, use.ru_maxrss, code, flush=True)
"""


def run_timed(argv: list[str], env: dict[str, str], cwd: Path, own: bool = False) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds and peak KiB: of docgen and every process it started, or with
    ``own`` of docgen's own process alone (the children it waits for excluded)."""
    _settle()
    args = ["--in-process", *argv[3:]] if own else argv
    out = subprocess.run([sys.executable, "-c", TIMED, *args], capture_output=True, text=True, env=env, cwd=cwd)
    wall, cpu, rss, code = out.stdout.split()
    if int(code) not in (0, 1):
        raise SystemExit(f"{argv[2:4]} exited {code}: {out.stderr[-500:]}")
    return float(wall), float(cpu), int(rss)


def _row(text: str, changed: str) -> str:
    """The line of ``text`` that ``changed`` edits."""
    return next(old for old, new in zip(text.split("\n"), changed.split("\n")) if old != new)


def _description_edit(text: str, row: str, word: str) -> str:
    """``text`` with the first "the " of ``row``'s last cell replaced by ``word``."""
    cells = row.rsplit("|", 2)
    return text.replace(row, cells[0] + "|" + cells[1].replace(" the ", f" {word} ", 1) + "|" + cells[2], 1)


def _type_cell_edit(text: str, row: str, type_name: str) -> str:
    """``text`` with the type cell of ``row`` set to ``type_name``."""
    cells = row.split("|")
    return text.replace(row, "|".join([*cells[:2], f" {type_name} ", *cells[3:]]), 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("docs", type=Path)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="docgen-model-edit-"))
    try:
        docs = work / "docs"
        shutil.copytree(args.docs, docs)
        pages = sorted(docs.rglob("*.md"))
        model = [sys.executable, "-m", "docgen", "model", str(docs), "--format", "json"]
        runs: dict[str, list[tuple[float, float, int]]] = {}
        for rep in range(args.repeat):
            seconds, rss = run_baseline(docs)
            runs.setdefault("baseline: markdown-it-py", []).append((seconds, seconds, rss))
            env = dict(os.environ, DOCGEN_CACHE_DIR=str(work / f"cache-{rep}"))
            runs.setdefault("model (cold)", []).append(run_timed(model, env, work))
            runs.setdefault("model (unchanged)", []).append(run_timed(model, env, work))
            page, text, changed = _table_row_edit(pages, rep)
            row = _row(text, changed)
            typed_page, typed_text, typed = type_cell_edit(pages, rep)
            typed_row = _row(typed_text, typed)
            edits = [
                ("row description", page, text, [_description_edit(text, row, "a"), _description_edit(text, row, "one")]),
                ("type cell", typed_page, typed_text,
                 [typed, _type_cell_edit(typed_text, typed_row, "Int16")]),
                ("type cell, resolved", page, text,
                 [_type_cell_edit(text, row, "Int64"), _type_cell_edit(text, row, "Int16")]),
            ]
            for what, page, text, variants in edits:
                # all processes, then docgen's own; two edits of the kind (the second run must not
                # find the first one's model)
                for own, edited in zip((False, True), variants):
                    page.write_text(edited, encoding="utf-8")
                    label = f"model ({what}){' own' if own else ''}"
                    runs.setdefault(label, []).append(run_timed(model, env, work, own))
                    page.write_text(text, encoding="utf-8")
                    run_timed(model, env, work)  # back to the unedited tree's model
        base = statistics.median(s for s, _, _ in runs["baseline: markdown-it-py"])
        print(f"pages: {len(pages)}, runs: {args.repeat} (medians; CPU: docgen's processes, user + system;"
              " the baseline's CPU is its wall time)")
        print(f"{'what':<36} {'seconds':>8} {'× baseline':>11} {'CPU s':>7} {'peak MiB':>9}")
        for what, got in runs.items():
            seconds = statistics.median(s for s, _, _ in got)
            cpu = statistics.median(c for _, c, _ in got)
            print(f"{what:<36} {seconds:>8.2f} {seconds / base:>11.3f} {cpu:>7.2f} {max(r for _, _, r in got) / 1024:>9.0f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
