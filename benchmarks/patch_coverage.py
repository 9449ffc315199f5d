"""How many type-cell edits the model patch takes, each checked against a whole resolve (issue 18).

    python benchmarks/patch_coverage.py DOCS_DIR [--edit type-cell|named-cell|unnamed-cell|lines|add-row|add-named-row|remove-row|example-value|add-member|remove-member|body-desc] [--sample N] [--seed S] [--with-id]

Parses every page of DOCS_DIR in this process and resolves them once (with the indexes a patch
needs: :func:`docgen.resolve.join.resolve_indexed`). Then, for a seeded sample of resource-page
rows whose own type cell is ``String``, ``Int32``, ``Boolean`` or ``DateTimeOffset`` (not an
"Inherited from" row; ``id`` rows only with ``--with-id``), makes that cell ``Int64`` (``String``
when it is already ``Int64``), one edit at a time on the unedited tree. ``--edit lines`` instead
inserts a paragraph of prose (``This sentence was added.`` and a blank line) at a seeded blank line
of a seeded page (any page, outside fenced code): every place below it moves two lines
(:mod:`docgen.resolve.shift`). ``--edit add-row`` adds a row (``addedNote``, ``String``) after a
seeded row of a table under a resource page's "Properties" heading, and its key at the top of the page's JSON representation
(:mod:`docgen.resolve.added`); ``--edit remove-row`` removes a row the type-cell edit would sample,
and its key from the JSON representation. ``--edit example-value`` changes a string value in a
request or response example of an API page (``"key": "value"`` -> ``"key": "value, edited"``:
:mod:`docgen.resolve.bodies`). ``--edit named-cell`` makes a sampled type cell a link to a seeded
documented complex type or enum of the tree (``[identitySet](identityset.md)``:
:mod:`docgen.resolve.renamed`); ``--edit unnamed-cell`` makes a sampled type cell that links a
page (``[identitySet](identityset.md)``, ``... collection``) ``String``; ``--edit add-named-row`` adds
a row as ``add-row`` does, its cell a link to such a type; ``--edit body-desc`` makes the first
" the " of the description of a row of an API page's request body table " a " (the text before an
"Inherited from [base](…)" link of an Intune row moves the link along the line:
:func:`docgen.resolve.skeleton.reference_changes`). It counts: ``refused``
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
import re
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parents[1]))  # after PYTHONPATH: another checkout can be measured

from docgen.pipeline.build import _parse_one  # noqa: E402
from docgen.resolve import join  # noqa: E402
from docgen.resolve.patch import Changes, patch  # noqa: E402

try:  # (a checkout without it is measured without it)
    from docgen.resolve.members import type_cell_of
except ImportError:
    type_cell_of = None

PRIMITIVES = ("String", "Int32", "Boolean", "DateTimeOffset")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("docs", type=Path)
    parser.add_argument("--sample", type=int, default=120)
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--with-id", action="store_true", help="sample id rows too (an entity's key)")
    parser.add_argument("--edit", choices=("type-cell", "named-cell", "unnamed-cell", "lines", "add-row", "add-named-row", "remove-row", "example-value", "add-member", "remove-member", "body-desc"), default="type-cell")
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
    elif args.edit in ("add-row", "add-named-row"):
        edits = _added_rows(paths, texts, args.sample, args.seed, _targets(model) if args.edit == "add-named-row" else None)
    elif args.edit in ("add-member", "remove-member"):
        edits = _added_members(paths, texts, pages, args.sample, args.seed, remove=args.edit == "remove-member")
    elif args.edit == "example-value":
        edits = _example_values(paths, texts, args.sample, args.seed)
    elif args.edit == "body-desc":
        edits = _body_descriptions(paths, texts, args.sample, args.seed)
    elif args.edit == "named-cell":
        edits = _type_cell_edits(paths, texts, args.sample, args.seed, args.with_id, targets=_targets(model))
    elif args.edit == "unnamed-cell":
        edits = _unnamed_cells(paths, texts, args.sample, args.seed)
    elif args.edit == "remove-row":
        edits = _type_cell_edits(paths, texts, args.sample, args.seed, args.with_id, remove=True)
    else:
        edits = _type_cell_edits(paths, texts, args.sample, args.seed, args.with_id)
    counts = {"refused": 0, "unsure": 0, "patched": 0, "wrong": 0}
    refusals: dict[str, int] = {}
    for path, changed, what in edits:
        after = parse(path, changed)
        changes = Changes()
        if not changes.add(pages[path], after):
            counts["refused"] += 1
            if args.edit in ("add-row", "add-named-row"):
                refusals[_refusal(after)] = refusals.get(_refusal(after), 0) + 1
            continue
        extra = (resolved[2],) if with_comparisons else ()
        if "type_cell" in inspect.signature(patch).parameters:
            by_display = {pages[p].info.path: pages[p] for p in order}
            by_display[after.info.path] = after
            extra = (*extra, lambda row: type_cell_of(by_display[row.path], row) if row.path in by_display else None)
        if "table" in inspect.signature(patch).parameters:
            extra = (*extra, resolved[3])
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
    if refusals:
        print("refused: " + ", ".join(f"{why} {count}" for why, count in sorted(refusals.items())))
    return 1 if counts["wrong"] else 0


def _targets(model) -> list[tuple[str, str]]:
    """(name, page file name) of each documented complex type and enum of ``model`` documented on
    a resource page: what a ``named-cell`` edit links to."""
    return sorted({(t.name, Path(t.location.path).name) for t in model.types
                   if t.documented and t.kind in ("complex", "enum") and "/resources/" in "/" + t.location.path})


_LINK_CELL = re.compile(r"\s*\[[^\]]+\]\([^)]+\.md\)( collection)?\s*")
"""A type cell that links a page (``[identitySet](identityset.md)``, ``... collection``)."""


def _resource_rows(paths, texts, keep):
    """(page, line, cells) of each table row of a resource page that is not an "Inherited from"
    row and that ``keep(line, cells)`` accepts."""
    rows = []
    for path in paths:
        if path.parent.name != "resources":
            continue
        for line in texts[path].split("\n"):
            cells = line.split("|")
            if len(cells) >= 5 and "inherited" not in line.lower() and keep(line, cells):
                rows.append((path, line, cells))
    return rows


def _type_cell_edits(paths, texts, sample, seed, with_id, remove=False, targets=None):
    """(page, its text after the edit, the row) for a seeded sample of own primitive type cells
    (``remove``: each row removed instead; ``targets``: each cell made a link to one of them)."""
    rows = _resource_rows(paths, texts, lambda line, cells: cells[2].strip() in PRIMITIVES and (with_id or cells[1].strip() != "id"))
    out = []
    rng = random.Random(seed)
    for path, line, cells in rng.sample(rows, min(sample, len(rows))):
        new_type = " Int64 " if cells[2].strip() != "Int64" else " String "
        if targets:
            name, page = targets[rng.randrange(len(targets))]
            new_type = f" [{name}]({page}) "
        changed = "" if remove else "|".join([*cells[:2], new_type, *cells[3:]])
        changed = texts[path].replace(line + "\n" if remove else line, changed, 1)
        out.append((path, _json_key(changed, cells[1].strip(), add=False) if remove else changed, line[:100]))
    return out


def _unnamed_cells(paths, texts, sample, seed):
    """(page, its text after the edit, the row) for a seeded sample of resource rows whose type
    cell is a link to a page, each made ``String``."""
    rows = _resource_rows(paths, texts, lambda line, cells: bool(_LINK_CELL.fullmatch(cells[2])))
    out = []
    for path, line, cells in random.Random(seed).sample(rows, min(sample, len(rows))):
        out.append((path, texts[path].replace(line, "|".join([*cells[:2], " String ", *cells[3:]]), 1), line[:100]))
    return out


def _added_rows(paths, texts, sample, seed, targets=None):
    """(page, its text after the edit, the row) for a seeded sample of the rows of resource pages'
    tables under a "Properties" heading, each followed by a new ``String`` row of as many cells
    (``targets``: a row linking one of them instead)."""
    rows = []
    for path in paths:
        if path.parent.name != "resources":
            continue
        section = ""
        for line in texts[path].split("\n"):
            if line.startswith("#"):
                section = line.lower()
            cells = line.split("|")
            if ("properties" in section and len(cells) >= 5 and line.startswith("|")
                    and set(cells[2].strip()) - set("-: ") and cells[1].strip() not in ("Property", "Name")):
                rows.append((path, line, cells))
    out = []
    rng = random.Random(seed)
    for path, line, cells in rng.sample(rows, min(sample, len(rows))):
        cell = " String "
        if targets:
            name, page = targets[rng.randrange(len(targets))]
            cell = f" [{name}]({page}) "
        added = "|".join(["", " addedNote ", cell, " Added by the benchmark. ", *([" "] * (len(cells) - 5)), ""])
        changed = texts[path].replace(line, line + "\n" + added, 1)
        out.append((path, _json_key(changed, "addedNote", add=True), line[:100]))
    return out


def _json_key(text: str, name: str, add: bool) -> str:
    """``text`` with ``"name": "String",`` added at the top of the JSON representation's object
    (``add``), or the line of its key ``name`` removed from it; as it is without one."""
    lines = text.split("\n")
    heading = next((i for i, line in enumerate(lines) if line.lower().startswith("## json representation")), None)
    if heading is None:
        return text
    fenced = False
    for index in range(heading + 1, len(lines)):
        line = lines[index]
        if line.startswith("## "):
            break
        if line.strip().startswith("```"):
            fenced = not fenced
            continue
        if not fenced:  # (an annotation's comment may hold a "{" line too)
            continue
        if add and line.strip() == "{":
            lines.insert(index + 1, f'  "{name}": "String",')
            return "\n".join(lines)
        if not add and line.strip().startswith(f'"{name}":'):
            del lines[index]
            if line.rstrip().endswith(",") is False and lines[index - 1].rstrip().endswith(","):
                lines[index - 1] = lines[index - 1].rstrip()[:-1]  # the key was the last: no comma left
            return "\n".join(lines)
    return text


_STRING_VALUE = re.compile(r'^(\s*"[A-Za-z@][^"]*"\s*:\s*")([^"\\]*)(",?\s*)$')


def _example_values(paths, texts, sample, seed):
    """(page, its text after the edit, the line) for a seeded sample of ``"key": "value"`` lines
    inside fenced blocks of API pages, each value changed."""
    lines_found = []
    for path in paths:
        if path.parent.name != "api":
            continue
        fenced = False
        for line in texts[path].split("\n"):
            if line.lstrip().startswith("```"):
                fenced = not fenced
            elif fenced and _STRING_VALUE.match(line):
                lines_found.append((path, line))
    out = []
    for path, line in random.Random(seed).sample(lines_found, min(sample, len(lines_found))):
        changed = _STRING_VALUE.sub(lambda m: m.group(1) + m.group(2) + ", edited" + m.group(3), line)
        out.append((path, texts[path].replace(line, changed, 1), line.strip()[:100]))
    return out


def body_rows(paths, texts):
    """(page, row) of each API page's first request body table row whose description says " the "."""
    rows = []
    for path in paths:
        if path.parent.name != "api":
            continue
        in_body = False
        for line in texts[path].split("\n"):
            if line.startswith("#"):
                in_body = line.lstrip("#").strip().lower() == "request body"
            elif in_body and line.startswith("|") and line.count("|") >= 4 and " the " in line.rsplit("|", 2)[-2]:
                rows.append((path, line))
                break
    return rows


def body_edit(text: str, line: str) -> str:
    """``text`` with the first " the " of the description (last cell) of its row ``line`` made " a "."""
    cells = line.rsplit("|", 2)
    return text.replace(line, cells[0] + "|" + cells[1].replace(" the ", " a ", 1) + "|" + cells[2], 1)


def _body_descriptions(paths, texts, sample, seed):
    """(page, its text after :func:`body_edit`, the row) for a seeded sample of :func:`body_rows`."""
    rows = body_rows(paths, texts)
    return [(path, body_edit(texts[path], line), line.strip()[:100])
            for path, line in random.Random(seed).sample(rows, min(sample, len(rows)))]


def _added_members(paths, texts, pages, sample, seed, remove=False):
    """(page, its text after the edit, the member) for a seeded sample of enum members of tables,
    each followed by a row ``addedMember`` of as many cells (``remove``: each removed instead)."""
    found = []
    for path in paths:
        page = pages[path]
        if page is None:
            continue
        lines = texts[path].split("\n")
        for page_type in page.types:
            for member in page_type.members:
                line = lines[member.location.line - 1] if member.location.line <= len(lines) else ""
                if line.startswith("|") and line.count("|") >= 3:
                    found.append((path, member.location.line, line))
    out = []
    for path, number, line in random.Random(seed).sample(found, min(sample, len(found))):
        cells = line.split("|")
        added = "|".join(["", " addedMember ", *([" Added by the benchmark. "] if len(cells) > 3 else []), *([" "] * (len(cells) - 4)), ""])
        lines = texts[path].split("\n")
        if remove:
            del lines[number - 1]
        else:
            lines.insert(number, added)
        out.append((path, "\n".join(lines), line[:100]))
    return out


def _refusal(after) -> str:
    """What the added row became in the edited page's parse (why an add-row edit is refused)."""
    for page_type in after.types:
        if any(member.name == "addedNote" for member in page_type.members):
            return "an enum member (a members table)"
        for row in page_type.properties:
            if row.name == "addedNote":
                return "a navigation property (a Relationships table)" if row.navigation else "another row"
    return "no row of a type (another table)"


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
