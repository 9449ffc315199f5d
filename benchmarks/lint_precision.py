"""Precision of ``docgen lint`` on pages no rule was tuned on, from hand-reviewed verdicts.

    PYTHONPATH=. python benchmarks/lint_precision.py tests/fixtures/contrib-sample/set-b
    PYTHONPATH=. python benchmarks/lint_precision.py TREE --sample 60 --seed 20 --unreviewed

Lints TREE, keeps the warnings and errors, draws a seeded random sample of them (all of them
when there are fewer than ``--sample``), joins the sample with the reviewed verdicts
(``tests/fixtures/contrib-sample/reviewed.csv``: one row per finding, keyed by the page's path
inside TREE, the line and the code) and prints precision overall and per code. A finding with no
verdict is counted as unreviewed, not as true or false; ``--unreviewed`` prints those as CSV rows
to fill in.

Codes that only say the sample tree is incomplete are left out of the draw by default
(``--exclude``): ``unresolved-link`` and ``unresolved-type`` point at pages the sample did not
fetch (``resources/schedule.md``), which exist in the real docs tree; they say nothing about the
precision of the checks on the pages themselves.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from collections import Counter
from pathlib import Path

from docgen.checks.lint.core import lint
from docgen.diagnostics import Severity
from docgen.pipeline.build import build_model

REVIEWED = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "contrib-sample" / "reviewed.csv"
FIELDS = ("set", "page", "line", "code", "verdict", "reason", "message")


def findings(tree: Path, exclude: set[str]) -> list[dict[str, str]]:
    """Every warning and error of ``docgen lint TREE``, as rows keyed like the reviewed file."""
    root = tree.resolve()
    out = []
    for d in lint(build_model([tree], jobs=1)):
        if d.severity < Severity.WARNING or d.code in exclude:
            continue
        page = Path(d.location.path).resolve().relative_to(root).as_posix()
        out.append({"set": tree.name, "page": page, "line": str(d.location.line), "code": d.code,
                    "message": d.message})
    return out


def reviewed(path: Path) -> dict[tuple[str, str, str, str], dict[str, str]]:
    """(set, page, line, code) -> the reviewed row."""
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {(r["set"], r["page"], r["line"], r["code"]): r for r in csv.DictReader(handle)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tree", type=Path, help="a docs tree (api/, resources/) no rule was tuned on")
    parser.add_argument("--sample", type=int, default=60, help="findings to draw (default 60)")
    parser.add_argument("--seed", type=int, default=20, help="random seed of the draw (default 20)")
    parser.add_argument("--reviewed", type=Path, default=REVIEWED, help="CSV of hand-reviewed verdicts")
    parser.add_argument("--exclude", action="append", default=None,
                        help="a code left out of the draw (repeatable; default unresolved-link, unresolved-type)")
    parser.add_argument("--unreviewed", action="store_true", help="print sampled findings without a verdict as CSV")
    args = parser.parse_args(argv)
    exclude = set(args.exclude if args.exclude is not None else ("unresolved-link", "unresolved-type"))
    found = findings(args.tree, exclude)
    rng = random.Random(args.seed)
    sample = rng.sample(found, args.sample) if len(found) > args.sample else list(found)
    sample.sort(key=lambda r: (r["page"], int(r["line"]), r["code"]))
    verdicts = reviewed(args.reviewed)
    per_code: dict[str, Counter[str]] = {}
    missing = []
    for row in sample:
        review = verdicts.get((row["set"], row["page"], row["line"], row["code"]))
        verdict = review["verdict"] if review else "unreviewed"
        per_code.setdefault(row["code"], Counter())[verdict] += 1
        if review is None:
            missing.append(row)
    totals = Counter(r["code"] for r in found)
    print(f"{args.tree}: {len(found)} warnings/errors (excluded: {', '.join(sorted(exclude)) or 'none'}); "
          f"sample of {len(sample)}, seed {args.seed}")
    print(f"{'code':32} {'findings':>8} {'sampled':>8} {'true':>5} {'false':>6} {'unrev.':>7} {'precision':>10}")
    overall: Counter[str] = Counter()
    for code in sorted(per_code):
        c = per_code[code]
        overall.update(c)
        judged = c["true"] + c["false"]
        precision = f"{c['true'] / judged:.0%}" if judged else "-"
        print(f"{code:32} {totals[code]:>8} {sum(c.values()):>8} {c['true']:>5} {c['false']:>6} "
              f"{c['unreviewed']:>7} {precision:>10}")
    judged = overall["true"] + overall["false"]
    precision = f"{overall['true'] / judged:.1%}" if judged else "-"
    print(f"{'overall':32} {len(found):>8} {len(sample):>8} {overall['true']:>5} {overall['false']:>6} "
          f"{overall['unreviewed']:>7} {precision:>10}")
    unreviewed_codes = sorted({r["code"] for r in missing})
    if unreviewed_codes:
        print(f"codes with unreviewed findings: {', '.join(unreviewed_codes)}")
    if args.unreviewed and missing:
        writer = csv.DictWriter(sys.stdout, FIELDS)
        for row in missing:
            writer.writerow({**row, "verdict": "", "reason": ""})
    return 0


if __name__ == "__main__":
    sys.exit(main())
