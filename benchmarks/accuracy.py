"""How well docgen reads the real Graph docs (issue 3's bar), measured against the service metadata.

    python benchmarks/accuracy.py CORPUS_DIR [--top 10] [--examples 3] [--json] [--report FILE]

CORPUS_DIR holds ``graph-docs-v1.0/`` and ``graph-metadata/v1.0.csdl.xml`` (``$DOCGEN_CORPUS``).
Builds the model of ``graph-docs-v1.0`` with :func:`docgen.pipeline.build.build_model`, compares it with
the CSDL (:func:`docgen.checks.drift.compare.compare`) and prints:

- the accuracy figures with their targets (type coverage of metadata entity+complex types that
  have a page, property recall and precision, type+collection agreement, enum member recall, base
  type agreement);
- the number of findings per kind;
- the largest disagreement classes (finding kind + pattern) with counts and ``path:line``
  examples, which is where to look for parser gaps or docs errors.

``--report FILE`` also writes the whole drift report as JSON. Exit status 0, or 2 when the corpus
or the metadata cannot be read.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docgen.checks.drift.report import DriftReport

REPO = Path(__file__).resolve().parent.parent
"""The checkout this script belongs to: its ``docgen`` is measured even when not installed."""


def build(docs: Path, root: Path, jobs: int | None, use_cache: bool):
    """The model of ``docs``, pages named relative to ``root`` (through the user cache unless disabled)."""
    from docgen.pipeline.build import build_model
    from docgen.pipeline.cache import Cache, user_cache_dir

    cache = Cache(user_cache_dir() if use_cache else None)
    return build_model([docs], jobs=jobs, cache=cache, root=root)


_COMMENT_RE = re.compile(r"<!--.*?-->", re.DOTALL)


def _row_re(name: str) -> re.Pattern:
    """A table row whose first cell is ``name`` (backticks/bold allowed) and whose second is not empty."""
    return re.compile(
        r"^\s*\|?\s*[`*_]*" + re.escape(name) + r"[`*_]*\s*\|\s*[^|\s]",
        re.IGNORECASE | re.MULTILINE,
    )


def with_page_evidence(report: DriftReport, root: Path) -> DriftReport:
    """Tag ``property-missing-in-docs`` findings whose page has a table row for the property.

    Such a row (outside HTML comments) is evidence of a parser gap rather than a docs omission; the
    tag is appended to the finding's pattern so that these findings form their own classes, and the
    finding points at the row.
    """
    texts: dict[str, str] = {}
    findings = []
    for finding in report.findings:
        if (
            finding.kind == "property-missing-in-docs"
            and finding.location
            and finding.property
        ):
            path = finding.location.path
            if path not in texts:
                try:
                    raw = (root / path).read_text(encoding="utf-8", errors="replace")
                except OSError:
                    raw = ""
                texts[path] = _COMMENT_RE.sub(
                    lambda m: "\n" * m.group(0).count("\n"), raw
                )
            match = _row_re(finding.property).search(texts[path])
            if match:
                line = texts[path].count("\n", 0, match.start()) + 1
                finding = replace(
                    finding,
                    pattern=f"{finding.pattern} [the page has a row for it]",
                    location=replace(finding.location, line=line, col=1),
                )
        findings.append(finding)
    return replace(report, findings=tuple(findings))


def classes_json(report: DriftReport, top: int, examples: int) -> list[dict]:
    """The ``top`` largest disagreement classes as JSON objects."""
    from docgen.checks.drift.report import disagreement_classes

    return [
        {
            "kind": c.kind,
            "pattern": c.pattern,
            "count": c.count,
            "types": c.types,
            "examples": [c.format_example(f) for f in c.examples],
        }
        for c in disagreement_classes(report.findings, examples=examples)[:top]
    ]


def print_text(
    report: DriftReport, model, timings: dict[str, float], top: int, examples: int
) -> None:
    """The human-readable benchmark output."""
    from docgen.checks.drift.report import disagreement_classes

    print(f"docgen accuracy against {report.metadata_path}")
    kinds: dict[str, int] = {}
    for page in model.pages:
        kinds[page.kind] = kinds.get(page.kind, 0) + 1
    pages = ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))
    print(f"  pages: {len(model.pages)} ({pages})")
    documented = sum(1 for t in model.types if t.documented)
    print(
        f"  model: {len(model.types)} types ({documented} documented), "
        f"{len(model.operations)} operations, {len(model.diagnostics)} diagnostics"
    )
    print("  " + ", ".join(f"{k} {v:.1f} s" for k, v in timings.items()))
    print()
    print("figures")
    for figure in report.summary.figures:
        ratio = figure.ratio
        mark = ""
        if figure.target is not None and ratio is not None:
            mark = "ok  " if ratio >= figure.target else "LOW "
        print(f"  {mark:4}{figure.format()}")
    print()
    print("populations")
    for name, size in report.summary.populations:
        print(f"  {name}: {size}")
    print()
    print("findings per kind")
    for kind, count in report.summary.counts:
        print(f"  {kind}: {count}")
    print()
    print(f"largest disagreement classes (warning and error findings; top {top})")
    for rank, group in enumerate(
        disagreement_classes(report.findings, examples=examples)[:top], 1
    ):
        print(
            f"{rank:3}. [{group.count} in {group.types} types] {group.kind}: {group.pattern}"
        )
        for finding in group.examples:
            print(f"       {group.format_example(finding)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "corpus", type=Path, help="folder holding graph-docs-v1.0/ and graph-metadata/"
    )
    parser.add_argument(
        "--top", type=int, default=10, help="disagreement classes to list (10)"
    )
    parser.add_argument(
        "--examples", type=int, default=3, help="examples per class (3)"
    )
    parser.add_argument(
        "--jobs", type=int, default=None, help="worker processes (default: the cores)"
    )
    parser.add_argument(
        "--no-cache", action="store_true", help="parse every page again"
    )
    parser.add_argument(
        "--json", action="store_true", help="print the summary and classes as JSON"
    )
    parser.add_argument(
        "--report", type=Path, help="also write the whole drift report (JSON) here"
    )
    args = parser.parse_args(argv)
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    from docgen.checks.drift.compare import compare, load_metadata
    from docgen.diagnostics import Severity

    docs = args.corpus / "graph-docs-v1.0"
    csdl = args.corpus / "graph-metadata" / "v1.0.csdl.xml"
    if not docs.is_dir():
        print(f"accuracy: no graph-docs-v1.0/ under {args.corpus}", file=sys.stderr)
        return 2
    start = time.perf_counter()
    metadata, diagnostics = load_metadata(csdl)
    for diagnostic in diagnostics:
        print(diagnostic.format(), file=sys.stderr)
    if metadata is None:
        return 2
    read = time.perf_counter()
    model = build(docs, args.corpus, args.jobs, not args.no_cache)
    built = time.perf_counter()
    report = with_page_evidence(compare(model, metadata), args.corpus)
    compared = time.perf_counter()
    timings = {
        "metadata": read - start,
        "build": built - read,
        "compare": compared - built,
    }

    if args.report:
        args.report.write_text(
            json.dumps(report.to_json(), indent=1, sort_keys=True) + "\n",
            encoding="utf-8",
        )
    if args.json:
        document = {
            "summary": report.summary.to_json(),
            "classes": classes_json(report, args.top, args.examples),
            "errors": len(report.at_or_above(Severity.ERROR)),
        }
        print(json.dumps(document, indent=1, sort_keys=True))
    else:
        print_text(report, model, timings, args.top, args.examples)
    return 0


if __name__ == "__main__":
    sys.exit(main())
