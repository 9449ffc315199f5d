"""How many type-cell edits the model patch takes, each checked against a whole resolve (issue 18).

    python benchmarks/patch_coverage.py DOCS_DIR [--edit type-cell|lines] [--sample N] [--seed S] [--with-id]

Parses every page of DOCS_DIR in this process and resolves them once (with the indexes a patch
needs: :func:`docgen.resolve.join.resolve_indexed`). Then, for a seeded sample of resource-page
rows whose own type cell is ``String``, ``Int32``, ``Boolean`` or ``DateTimeOffset`` (not an
"Inherited from" row; ``id`` rows only with ``--with-id``), makes that cell ``Int64`` (``String``
when it is already ``Int64``), one edit at a time on the unedited tree. ``--edit lines`` instead
inserts a paragraph of prose (``This sentence was added.`` and a blank line) at a seeded blank line
of a seeded page (any page, outside fenced code): every place below it moves two lines
(:mod:`docgen.resolve.shift`). It counts: ``refused``
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
    parser.add_argument("--edit", choices=("type-cell", "lines"), default="type-cell")
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
    if args.edit == "lines":
        edits = _line_edits(paths, texts, args.sample, args.seed)
    else:
        edits = _type_cell_edits(paths, texts, args.sample, args.seed, args.with_id)
    counts = {"refused": 0, "unsure": 0, "patched": 0, "wrong": 0}
    for path, changed, what in edits:
        after = parse(path, changed)
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
            print(f"wrong: {path.relative_to(docs)}: {what}")
    print(f"{len(edits)} {args.edit} edits (seed {args.seed}): "
          + ", ".join(f"{name} {count}" for name, count in counts.items()))
    return 1 if counts["wrong"] else 0


def _type_cell_edits(paths, texts, sample, seed, with_id):
    """(page, its text after the edit, the row) for a seeded sample of own primitive type cells."""
    rows = []
    for path in paths:
        if path.parent.name != "resources":
            continue
        for line in texts[path].split("\n"):
            cells = line.split("|")
            if (len(cells) >= 5 and cells[2].strip() in PRIMITIVES and "inherited" not in line.lower()
                    and (with_id or cells[1].strip() != "id")):
                rows.append((path, line, cells))
    out = []
    for path, line, cells in random.Random(seed).sample(rows, min(sample, len(rows))):
        new_type = " Int64 " if cells[2].strip() != "Int64" else " String "
        out.append((path, texts[path].replace(line, "|".join([*cells[:2], new_type, *cells[3:]]), 1), line[:100]))
    return out


def _line_edits(paths, texts, sample, seed):
    """(page, its text after the edit, where) for a seeded sample of pages, each with a paragraph
    inserted at a seeded blank line outside fenced code."""
    chooser = random.Random(seed)
    out = []
    for path in chooser.sample(paths, min(sample, len(paths))):
        lines = texts[path].split("\n")
        fenced, blanks = False, []
        for index, line in enumerate(lines):
            if line.lstrip().startswith(("```", "~~~")):
                fenced = not fenced
            elif not fenced and not line.strip() and index > 0:
                blanks.append(index)
        if not blanks:
            continue
        at = chooser.choice(blanks)
        changed = "\n".join([*lines[:at], "", "This sentence was added.", *lines[at:]])
        out.append((path, changed, f"line {at + 1}"))
    return out


if __name__ == "__main__":
    sys.exit(main())
