"""How many type-cell edits the model patch takes, each checked against a whole resolve (issue 18).

    python benchmarks/patch_coverage.py DOCS_DIR [--sample N] [--seed S] [--with-id]

Parses every page of DOCS_DIR in this process and resolves them once (with the indexes a patch
needs: :func:`docgen.resolve.join.resolve_indexed`). Then, for a seeded sample of resource-page
rows whose own type cell is ``String``, ``Int32``, ``Boolean`` or ``DateTimeOffset`` (not an
"Inherited from" row; ``id`` rows only with ``--with-id``), makes that cell ``Int64`` (``String``
when it is already ``Int64``), one edit at a time on the unedited tree, and counts: ``refused``
(:meth:`docgen.resolve.patch.Changes.add` says the edit is more than a patch), ``unsure``
(:func:`docgen.resolve.patch.patch` gives None: a whole resolve), ``patched`` (the patched model
equals a whole resolve of the edited tree) and ``wrong`` (it does not: a bug; each is printed, and
the exit status is 1). A count, not a timing. ``PYTHONPATH=OTHER_CHECKOUT`` measures another
docgen (one whose patch takes no comparisons is called without them).
"""

from __future__ import annotations

import argparse
import gc
import inspect
import random
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parents[1]))  # after PYTHONPATH: another checkout can be measured

from docgen.pipeline.build import _parse_one  # noqa: E402
from docgen.resolve import join  # noqa: E402
from docgen.resolve.patch import Changes, patch  # noqa: E402

PRIMITIVES = ("String", "Int32", "Boolean", "DateTimeOffset")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("docs", type=Path)
    parser.add_argument("--sample", type=int, default=120)
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--with-id", action="store_true", help="sample id rows too (an entity's key)")
    args = parser.parse_args()
    gc.disable()
    docs = args.docs.resolve()
    paths = sorted(docs.rglob("*.md"))
    if not paths:
        parser.error(f"{args.docs}: no .md pages")
    texts = {p: p.read_text(encoding="utf-8", errors="replace") for p in paths}

    def parse(path: Path, text: str):
        return _parse_one((str(path), path.relative_to(docs.parent).as_posix(), text.encode("utf-8")))[0]

    pages = {p: parse(p, texts[p]) for p in paths}
    order = [p for p in paths if pages[p] is not None]
    resolved = join.resolve_indexed([pages[p] for p in order])
    model = resolved[0]
    with_comparisons = "compared" in inspect.signature(patch).parameters
    rows = []
    for path in paths:
        if path.parent.name != "resources":
            continue
        for line in texts[path].split("\n"):
            cells = line.split("|")
            if (len(cells) >= 5 and cells[2].strip() in PRIMITIVES and "inherited" not in line.lower()
                    and (args.with_id or cells[1].strip() != "id")):
                rows.append((path, line, cells))
    chosen = random.Random(args.seed).sample(rows, min(args.sample, len(rows)))
    counts = {"refused": 0, "unsure": 0, "patched": 0, "wrong": 0}
    for path, line, cells in chosen:
        new_type = " Int64 " if cells[2].strip() != "Int64" else " String "
        after = parse(path, texts[path].replace(line, "|".join([*cells[:2], new_type, *cells[3:]]), 1))
        changes = Changes()
        if not changes.add(pages[path], after):
            counts["refused"] += 1
            continue
        extra = (resolved[2],) if with_comparisons else ()
        got = patch(model, changes, resolved[1], *extra)
        if got is None:
            counts["unsure"] += 1
            continue
        edited = {**pages, path: after}
        if got == join.resolve_indexed([edited[p] for p in order])[0]:
            counts["patched"] += 1
        else:
            counts["wrong"] += 1
            print(f"wrong: {path.relative_to(docs)}: {line[:100]}")
    print(f"{len(chosen)} of {len(rows)} rows sampled (seed {args.seed}): "
          + ", ".join(f"{name} {count}" for name, count in counts.items()))
    return 1 if counts["wrong"] else 0


if __name__ == "__main__":
    sys.exit(main())
