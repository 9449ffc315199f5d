"""Issue 17's bar on a real docs tree: a lint baseline a team can adopt, and SARIF code scanning takes.

    python benchmarks/ci_bar.py [CORPUS_DOCS_DIR] [--schema SARIF_SCHEMA_JSON] [--keep DIR]

CORPUS_DOCS_DIR defaults to ``$DOCGEN_CORPUS/graph-docs-v1.0``; the schema to
``../shared/schemas/sarif-schema-2.1.0.json`` beside the repository. The tree is copied to
``TMP/docs`` beside a ``pyproject.toml`` (``[tool.docgen] source = "docs"``: the project root the
baseline's pages and SARIF's ``%SRCROOT%`` are relative to), with a fresh docgen cache. Every step
is the command line (``python -m docgen``, this checkout first on ``PYTHONPATH``) run in TMP:

1. ``docgen lint --baseline lint-baseline.json --update-baseline``: the baseline from today's findings;
2. ``docgen lint --baseline lint-baseline.json --fail-on info``: must exit 0 and print no finding;
3. one defect planted in ``api/team-get.md``'s first response example: (a) a property no table
   documents (a warning; ``--fail-on info``), (b) a doubled comma (``invalid-json``, an error; the
   default ``--fail-on``): each must exit 1 printing only that finding, on that page;
4. the page restored, then ten blank lines inserted after every page's front matter (every
   finding's line moves): must exit 0 again; the no-baseline run shows every finding moved by 10;
5. ``docgen lint --no-baseline --format sarif``: results, distinct ``partialFingerprints``
   (one per result), and validation against the SARIF 2.1.0 schema (jsonschema).

Prints each figure with its command; exit status 0 when the bar is met, 1 when it is not.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PLANTED_PAGE = "docs/api/team-get.md"
"""A page whose response type is no open type (lint checks its examples' properties)."""
PLANTED = '  "docgenPlantedProperty": "planted by benchmarks/ci_bar.py",'
"""A property no table documents: ``example-property-unknown``, a warning."""
PLANTED_ERROR = '  "docgenPlantedComma": 1,,'
"""Invalid JSON: ``invalid-json``, an error (found with the default ``--fail-on error``)."""
DIAGNOSTIC = re.compile(r"^(\S+):(\d+):(\d+): (error|warning|info): (\S+): ")


def docgen(args: list[str], cwd: Path, env: dict) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "docgen", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False)
    return time.perf_counter() - start, done


def plant(text: str, planted: str = PLANTED) -> str:
    """``text`` with ``planted`` as the first member of the first JSON object of a response example."""
    lines = text.split("\n")
    in_response = False
    for index, line in enumerate(lines):
        if '"blockType": "response"' in line:
            in_response = True
        if in_response and line.strip() == "{":
            lines.insert(index + 1, planted)
            return "\n".join(lines)
    raise SystemExit(f"{PLANTED_PAGE}: no response example found to plant a defect in")


def move_down(text: str, count: int = 10) -> str:
    """``text`` with ``count`` blank lines after its front matter (at the top when it has none)."""
    lines = text.split("\n")
    at = 0
    if lines and lines[0].strip() == "---":
        closing = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
        at = closing + 1 if closing is not None else 0
    return "\n".join(lines[:at] + [""] * count + lines[at:])


def printed(done: subprocess.CompletedProcess) -> list[tuple]:
    return [m.groups() for line in done.stdout.splitlines() if (m := DIAGNOSTIC.match(line))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default = Path(os.environ.get("DOCGEN_CORPUS", "")) / "graph-docs-v1.0"
    parser.add_argument("docs", nargs="?", type=Path, default=default)
    parser.add_argument("--schema", type=Path, default=REPO.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json")
    parser.add_argument("--keep", type=Path, default=None, help="work in this folder and leave it there")
    options = parser.parse_args()
    if not options.docs.is_dir():
        print(f"no docs tree at {options.docs} (set DOCGEN_CORPUS or pass the folder)", file=sys.stderr)
        return 2
    tmp = None if options.keep else tempfile.TemporaryDirectory(prefix="docgen-ci-bar-")
    work = options.keep or Path(tmp.name)
    work.mkdir(parents=True, exist_ok=True)
    try:
        return measure(options, work)
    finally:
        if tmp is not None:
            tmp.cleanup()


def measure(options, work: Path) -> int:
    ok = True

    def bar(met: bool, what: str) -> None:
        nonlocal ok
        ok &= met
        print(f"  {'met' if met else 'NOT MET'}: {what}")

    shutil.rmtree(work / "docs", ignore_errors=True)
    shutil.copytree(options.docs, work / "docs", ignore=shutil.ignore_patterns("LICENSE*"))
    (work / "pyproject.toml").write_text('[tool.docgen]\nsource = "docs"\n', encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
               DOCGEN_CACHE_DIR=str(work / "cache"))
    base = ["lint", "--baseline", "lint-baseline.json"]

    took, done = docgen([*base, "--update-baseline"], work, env)
    entries = json.loads((work / "lint-baseline.json").read_text(encoding="utf-8"))["findings"]
    held = sum(entry.get("count", 1) for entry in entries)
    print(f"1. docgen {' '.join(base)} --update-baseline: exit {done.returncode}, {held:,} findings in "
          f"{len(entries):,} entries ({took:.1f} s)")
    print(f"   {done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ''}")

    took, done = docgen([*base, "--fail-on", "info"], work, env)
    print(f"2. docgen {' '.join(base)} --fail-on info: exit {done.returncode}, {len(printed(done))} printed ({took:.1f} s)")
    print(f"   {done.stderr.strip().splitlines()[0]}")
    bar(done.returncode == 0 and not printed(done), "the baseline of today's findings makes lint exit 0")

    page = work / PLANTED_PAGE
    original = page.read_text(encoding="utf-8")
    for step, planted, fail_on, word in (("3a", PLANTED, ["--fail-on", "info"], "docgenPlantedProperty"),
                                         ("3b", PLANTED_ERROR, [], "invalid-json")):
        page.write_text(plant(original, planted), encoding="utf-8")
        took, done = docgen([*base, *fail_on], work, env)
        found = printed(done)
        print(f"{step}. `{planted.strip()}` planted in {PLANTED_PAGE}, docgen {' '.join(base + fail_on)}: "
              f"exit {done.returncode}, {len(found)} printed ({took:.1f} s)")
        for line in done.stdout.splitlines():
            print(f"   {line}")
        bar(done.returncode == 1 and len(found) == 1 and found[0][0] == PLANTED_PAGE and word in done.stdout,
            "the planted defect makes it exit 1, naming only it")
    page.write_text(original, encoding="utf-8")

    _, before = docgen(["lint", "--no-baseline", "--format", "json"], work, env)
    pages = sorted((work / "docs").rglob("*.md"))
    for path in pages:
        path.write_text(move_down(path.read_text(encoding="utf-8")), encoding="utf-8")
    took, done = docgen([*base, "--fail-on", "info"], work, env)
    _, after = docgen(["lint", "--no-baseline", "--format", "json"], work, env)
    old = json.loads(before.stdout)["diagnostics"]
    new = json.loads(after.stdout)["diagnostics"]
    moved = sum(1 for a, b in zip(old, new) if b["line"] == a["line"] + 10 and a["path"] == b["path"])
    print(f"4. ten blank lines after every page's front matter ({len(pages):,} pages): exit {done.returncode}, "
          f"{len(printed(done))} printed ({took:.1f} s); {moved:,} of {len(old):,} findings moved down 10 lines")
    print(f"   {done.stderr.strip().splitlines()[0]}")
    bar(done.returncode == 0 and not printed(done) and moved == len(old) == len(new),
        "moving every page's text keeps lint at exit 0")

    took, done = docgen(["lint", "--no-baseline", "--format", "sarif"], work, env)
    log = json.loads(done.stdout)
    results = log["runs"][0]["results"]
    prints = {r["partialFingerprints"]["docgenFinding/v2"] for r in results}
    print(f"5. docgen lint --no-baseline --format sarif: {len(results):,} results, {len(prints):,} distinct "
          f"fingerprints, {len(log['runs'][0]['tool']['driver']['rules'])} rules ({took:.1f} s)")
    bar(len(prints) == len(results) > 0, "one fingerprint per result")
    try:
        import jsonschema

        schema = json.loads(options.schema.read_text(encoding="utf-8"))
        errors = list(jsonschema.Draft7Validator(schema).iter_errors(log))
        print(f"   validated against {options.schema.name}: {len(errors)} error(s)")
        bar(not errors, "the SARIF log validates against the schema")
    except (ImportError, OSError) as exc:
        print(f"   schema validation not run: {exc}")
        ok = False
    print("bar met" if ok else "bar NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
