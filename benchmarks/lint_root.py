"""Issue 17's ``--root`` bar: ``docgen lint <one page> --root <tree>`` reports nothing the whole-tree
run does not, and how long a one-page run takes (what a pre-commit hook pays).

    python benchmarks/lint_root.py [CORPUS_DOCS_DIR] [--sample 50] [--seed 17] [--edits 5]

CORPUS_DOCS_DIR defaults to ``$DOCGEN_CORPUS/graph-docs-v1.0``. The tree is copied to a temporary
folder (pages are edited there) and docgen gets a fresh cache folder. Every run is the command
line (``python -m docgen``, this checkout first on ``PYTHONPATH``), as a hook runs it:

1. the whole tree, ``--format json``: cold (empty cache), then warm;
2. for ``--sample`` pages drawn with ``--seed``: ``lint PAGE --root TREE --format json``; a page
   whose findings are not a subset of the whole-tree run's is counted (the bar: 0), and so is one
   whose findings differ from the whole-tree run's for that page at all; the first two pages are
   also run with ``--no-cache`` (nothing from the cache decides them);
3. for ``--edits`` of those pages: a line appended to the page, then the one-page run (the page
   parsed again, the tree's model resolved and linted again: a pre-commit hook after an edit);
4. the same page without ``--root`` (its folder is the root) for comparison.

Prints each figure with its command; exit status 1 when a page's findings are not a subset.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def docgen(args: list[str], cwd: Path, env: dict) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "docgen", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False)
    return time.perf_counter() - start, done


def findings(done: subprocess.CompletedProcess) -> set[tuple]:
    if done.returncode not in (0, 1):
        raise SystemExit(f"docgen failed ({done.returncode}): {done.stderr[-2000:]}")
    return {(d["path"], d["line"], d["col"], d["code"], d["message"]) for d in json.loads(done.stdout)["diagnostics"]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default = Path(os.environ.get("DOCGEN_CORPUS", "")) / "graph-docs-v1.0"
    parser.add_argument("docs", nargs="?", type=Path, default=default)
    parser.add_argument("--sample", type=int, default=50)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--edits", type=int, default=5)
    options = parser.parse_args()
    if not options.docs.is_dir():
        print(f"no docs tree at {options.docs} (set DOCGEN_CORPUS or pass the folder)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="docgen-root-") as tmp:
        work = Path(tmp)
        tree = work / "docs"
        shutil.copytree(options.docs, tree, ignore=shutil.ignore_patterns("LICENSE*"))
        env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
                   DOCGEN_CACHE_DIR=str(work / "cache"))
        cold, done = docgen(["lint", "docs", "--format", "json"], work, env)
        whole = findings(done)
        warm, done = docgen(["lint", "docs", "--format", "json"], work, env)
        assert findings(done) == whole
        pages = sorted(p.relative_to(work).as_posix() for p in tree.rglob("*.md"))
        print(f"whole tree: {len(pages):,} pages, {len(whole):,} findings")
        print(f"  docgen lint docs --format json: cold {cold:.2f} s, warm {warm:.2f} s")
        sample = random.Random(options.seed).sample(pages, min(options.sample, len(pages)))
        not_subset, differ, times = [], [], []
        for page in sample:
            took, done = docgen(["lint", page, "--root", "docs", "--format", "json"], work, env)
            times.append(took)
            got = findings(done)
            if not got <= whole:
                not_subset.append((page, sorted(got - whole)[:3]))
            if got != {f for f in whole if f[0] == page}:
                differ.append(page)
        uncached = []
        for page in sample[:2]:
            took, done = docgen(["lint", page, "--root", "docs", "--format", "json", "--no-cache"], work, env)
            uncached.append(took)
            if not findings(done) <= whole:
                not_subset.append((page + " (--no-cache)", []))
        print(f"--root, {len(sample)} pages drawn with seed {options.seed}: docgen lint PAGE --root docs --format json")
        print(f"  pages whose findings are not a subset of the whole tree's: {len(not_subset)}")
        for page, extra in not_subset:
            print(f"    {page}: {extra}")
        print(f"  pages whose findings differ from the whole tree's for that page: {len(differ)}")
        print(f"  one page, unchanged tree (cache): median {statistics.median(times):.2f} s, max {max(times):.2f} s")
        print(f"  one page, --no-cache: {', '.join(f'{t:.2f} s' for t in uncached)}")
        edited = []
        for page in sample[: options.edits]:
            path = work / page
            path.write_text(path.read_text(encoding="utf-8") + "\nEdited for the benchmark.\n", encoding="utf-8")
            took, done = docgen(["lint", page, "--root", "docs", "--format", "json"], work, env)
            findings(done)
            edited.append(took)
        if edited:
            print(f"  one page after an edit to it (parsed again, tree resolved and linted again): "
                  f"median {statistics.median(edited):.2f} s of {len(edited)}")
        alone = [docgen(["lint", page, "--format", "json"], work, env)[0] for page in sample[:5]]
        print(f"  one page without --root (its folder is the root; cached): median {statistics.median(alone):.2f} s")
        return 1 if not_subset else 0


if __name__ == "__main__":
    sys.exit(main())
