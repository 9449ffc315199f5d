"""Random runs of edits, each followed by a warm ``generate``: every one writes what a cold run writes.

The other incremental tests make each kind of edit once, in an order chosen for it. Writers edit
in no order: an edit lands on a model an earlier edit patched, an edit is undone, a patched page
is edited again, a row comes back. Here a seeded random sequence of edits (descriptions, links, type
cells made other primitives or links to the tree's types, rows added and removed with their JSON
keys, enum members added and removed, example values, lines added and removed, earlier states of
a page put back) is made to a copy of a small tree (``tests/fixtures/incremental``; with
``$DOCGEN_CORPUS``, also a slice of the v1.0 corpus), and after each a warm ``docgen generate``
into one output folder must leave exactly the files a ``--no-cache`` run writes into an empty
one, with the same diagnostics, and a warm ``docgen lint`` (page by page through its cache) must
report what ``--no-cache`` reports. Some edits must be patched (no whole resolve), or the
sequence would not test the patches.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import REPO
from docgen.cli.main import main

FIXTURE = REPO / "tests" / "fixtures" / "incremental"
CORPUS = os.environ.get("DOCGEN_CORPUS")
PRIMITIVES = ("String", "Int32", "Int64", "Boolean", "DateTimeOffset", "Double", "Guid")
WORDS = ("the", "a", "of", "to", "is", "and")
Edit = Callable[[random.Random, str, int], "str | None"]
"""An edit: (random source, page text, step) -> the edited text, or None when the page has no place for it."""


def _rows(text: str) -> list[int]:
    """Indexes of the table body rows of ``text`` (not headers or delimiter rows)."""
    lines = text.split("\n")
    out = []
    for i, line in enumerate(lines):
        if line.startswith("|") and i >= 2 and lines[i - 1].startswith("|") and not set(line) <= set("|:- "):
            out.append(i)
    return out


def _cells(line: str) -> list[str]:
    return line.split("|")


def description(rng: random.Random, text: str, step: int) -> str | None:
    """A word of a table row's last cell changed."""
    lines = text.split("\n")
    found = [i for i in _rows(text) if any(f" {w} " in _cells(lines[i])[-2] for w in WORDS)]
    if not found:
        return None
    i = rng.choice(found)
    cells = _cells(lines[i])
    word = next(w for w in WORDS if f" {w} " in cells[-2])
    cells[-2] = cells[-2].replace(f" {word} ", f" {word} changed{step} ", 1)
    lines[i] = "|".join(cells)
    return "\n".join(lines)


def type_cell(rng: random.Random, text: str, step: int) -> str | None:
    """A primitive type cell made another primitive."""
    lines = text.split("\n")
    found = [i for i in _rows(text) if len(_cells(lines[i])) >= 4 and _cells(lines[i])[2].strip() in PRIMITIVES]
    if not found:
        return None
    i = rng.choice(found)
    cells = _cells(lines[i])
    cells[2] = rng.choice([p for p in PRIMITIVES if p != cells[2].strip()])
    lines[i] = "|".join(cells)
    return "\n".join(lines)


def named_cell(rng: random.Random, text: str, step: int, targets: Sequence[tuple[str, str]] = ()) -> str | None:
    """A type cell made a link to a resource page of the tree (``[name](page.md)``), or a link
    made ``String``."""
    lines = text.split("\n")
    found = [i for i in _rows(text) if len(_cells(lines[i])) >= 4
             and (_cells(lines[i])[2].strip() in PRIMITIVES or _cells(lines[i])[2].strip().startswith("["))]
    if not found or not targets:
        return None
    i = rng.choice(found)
    cells = _cells(lines[i])
    if cells[2].strip().startswith("["):
        cells[2] = " String "
    else:
        name, page = rng.choice(targets)
        cells[2] = f" [{name}]({page}) "
    lines[i] = "|".join(cells)
    return "\n".join(lines)


def link_added(rng: random.Random, text: str, step: int, targets: Sequence[tuple[str, str]] = ()) -> str | None:
    """A link added to a table row's description: to a page of the tree, or (one time in four) to
    a page that is not there."""
    lines = text.split("\n")
    found = [i for i in _rows(text) if len(_cells(lines[i])) >= 4 and _cells(lines[i])[-2].strip()]
    if not found or not targets:
        return None
    i = rng.choice(found)
    cells = _cells(lines[i])
    name, page = rng.choice(targets) if rng.random() < 0.75 else ("missing", "missing-page.md")
    cells[-2] = cells[-2].rstrip() + f" See [{name}]({page}). "
    lines[i] = "|".join(cells)
    return "\n".join(lines)


def row_added(rng: random.Random, text: str, step: int, targets: Sequence[tuple[str, str]] = ()) -> str | None:
    """A row added to a properties table (a primitive, or a link to a type of the tree), with its
    JSON representation key."""
    lines = text.split("\n")
    if "## Properties" not in text:
        return None
    start = text[: text.index("## Properties")].count("\n")
    found = [i for i in _rows(text) if i > start and len(_cells(lines[i])) >= 4]
    if not found:
        return None
    i = rng.choice(found)
    name = f"added{step}"
    width = len(_cells(lines[i])) - 2
    cell = rng.choice(PRIMITIVES)
    if targets and rng.random() < 0.5:
        cell = "[{}]({})".format(*rng.choice(targets))
    lines.insert(i, "|" + "|".join([name, cell, "Added by the test."] + [""] * (width - 3)) + "|")
    edited = "\n".join(lines)
    return edited.replace("```json\n{\n", f'```json\n{{\n  "{name}": "String",\n', 1)


def row_removed(rng: random.Random, text: str, step: int) -> str | None:
    """A table row removed, and the line of its JSON key (if any)."""
    lines = text.split("\n")
    found = [i for i in _rows(text) if _cells(lines[i])[1].strip().lower() != "id"]
    if not found:
        return None
    i = rng.choice(found)
    name = _cells(lines.pop(i))[1].strip()
    key = re.compile(r'^\s*"' + re.escape(name) + r'"\s*:.*,$')
    return "\n".join(line for line in lines if not key.match(line))


def member(rng: random.Random, text: str, step: int) -> str | None:
    """An enum member added after a member row, or a member row removed."""
    lines = text.split("\n")

    def header(i: int) -> str:  # the first cell of the table's header row
        while i > 0 and lines[i - 1].startswith("|"):
            i -= 1
        return _cells(lines[i])[1].strip().lower()

    found = [i for i in _rows(text) if header(i) in ("member", "value", "name") and "values" in text.lower()]
    if not found:
        return None
    i = rng.choice(found)
    if rng.random() < 0.5:
        lines.insert(i + 1, f"|member{step}|Added by the test.|")
    else:
        lines.pop(i)
    return "\n".join(lines)


def example_value(rng: random.Random, text: str, step: int) -> str | None:
    """A string value of a JSON example changed (its key kept)."""
    found = list(re.finditer(r'^(\s*"[a-z][A-Za-z]*"\s*:\s*")([^"\\]+)(",?)$', text, re.M))
    if not found:
        return None
    m = rng.choice(found)
    return text[: m.start(2)] + m.group(2) + f" {step}" + text[m.end(2) :]


def lines_moved(rng: random.Random, text: str, step: int) -> str | None:
    """A paragraph added at a blank line, or a blank line removed."""
    lines = text.split("\n")
    blank = [i for i, line in enumerate(lines) if not line.strip() and 0 < i < len(lines) - 1]
    if not blank:
        return None
    i = rng.choice(blank)
    if rng.random() < 0.5:
        lines[i:i] = ["", f"A paragraph the test added ({step})."]
    elif not lines[i - 1].strip() or not lines[i + 1].strip():
        del lines[i]
    else:
        return None
    return "\n".join(lines)


EDITS: list[Edit] = [description, link_added, type_cell, named_cell, row_added, row_removed, member, example_value, lines_moved]


def _generate(docs: Path, out: Path, *options: str) -> list[object]:
    """``docgen generate`` into ``out``: its diagnostics (the JSON report's)."""
    result = CliRunner().invoke(main, ["generate", str(docs), "-o", str(out), "--format", "json", "--jobs", "1", *options])
    assert result.exit_code in (0, 1), result.output[-3000:]
    return json.loads(result.output)["diagnostics"]


def _lint(docs: Path, *options: str) -> str:
    """``docgen lint`` of ``docs``: its JSON report."""
    result = CliRunner().invoke(main, ["lint", str(docs), "--format", "json", "--no-baseline", "--fail-on", "error", *options])
    assert result.exit_code in (0, 1), result.output[-3000:]
    return result.output


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _run(docs: Path, tmp_path: Path, seed: int, steps: int, resolves: list[int]) -> tuple[int, list[str]]:
    """Make ``steps`` random edits to ``docs``, comparing each warm generate with a cold one;
    (how many edits were patched, what was done)."""
    rng = random.Random(seed)
    pages = sorted(docs.rglob("*.md"))
    targets = []  # each resource page's type: what a type cell may link to
    for page in pages:
        title = re.search(r"^# (\w+) (?:resource|enum) type", page.read_text(encoding="utf-8"), re.M)
        if title and page.parent.name == "resources":
            targets.append((title.group(1), page.name))
    history: dict[Path, list[str]] = {page: [page.read_text(encoding="utf-8")] for page in pages}
    warm = tmp_path / "warm"
    _generate(docs, warm)
    patched, done = 0, []
    for step in range(steps):
        edited, page, what = None, pages[0], ""
        if rng.random() < 0.15:  # a page edited before put back as it was at some point
            earlier = [page for page in pages if len(history[page]) > 1]
            if earlier:
                page = rng.choice(earlier)
                edited, what = rng.choice(history[page][:-1]), "an earlier state put back"
        else:
            edit = rng.choice(EDITS)
            for page in rng.sample(pages, len(pages)):  # the first page with a place for the edit
                text = page.read_text(encoding="utf-8")
                edited = edit(rng, text, step, targets) if edit in (named_cell, link_added, row_added) else edit(rng, text, step)
                what = edit.__name__
                if edited is not None and edited != text:
                    break
        if edited is None or edited == page.read_text(encoding="utf-8"):
            continue
        page.write_text(edited, encoding="utf-8")
        history[page].append(edited)
        done.append(f"{step}: {what} in {page.relative_to(docs)}")
        resolves.clear()
        found = _generate(docs, warm)
        patched += not resolves
        cold = tmp_path / f"cold-{step}"
        assert found == _generate(docs, cold, "--no-cache"), done
        assert _files(warm) == _files(cold), done
        assert _lint(docs) == _lint(docs, "--no-cache"), done
        shutil.rmtree(cold)
    return patched, done



@pytest.mark.parametrize("seed", [3, 18])
def test_random_edits_give_the_cold_output(tmp_path: Path, monkeypatch, resolves: list[int], seed: int) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(FIXTURE, docs, ignore=shutil.ignore_patterns("NOTE.txt"))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DOCGEN_CACHE_DIR", str(tmp_path / "cache"))
    patched, done = _run(docs, tmp_path, seed, 16, resolves)
    assert len(done) >= 10, done  # most steps found a place for their edit
    assert patched >= 3, done


@pytest.mark.skipif(not CORPUS or not (Path(CORPUS) / "graph-docs-v1.0").is_dir(),
                    reason="DOCGEN_CORPUS is not set to a folder holding graph-docs-v1.0/ (the real Graph docs)")
def test_random_edits_of_corpus_pages_give_the_cold_output(tmp_path: Path, monkeypatch, resolves: list[int]) -> None:
    """The same on the corpus's pages whose names start with "ed" (education: base and derived types,
    enums, many API pages)."""
    source = Path(CORPUS or "") / "graph-docs-v1.0"
    docs = tmp_path / "docs"
    for page in sorted(source.rglob("*.md")):
        relative = page.relative_to(source)
        if relative.name.startswith("ed"):
            (docs / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(page, docs / relative)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DOCGEN_CACHE_DIR", str(tmp_path / "cache"))
    patched, done = _run(docs, tmp_path, 7, 14, resolves)
    assert len(done) >= 10, done
    assert patched >= 3, done
