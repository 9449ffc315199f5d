"""Lines moved on an edited page, carried into the model (docgen.resolve.shift; issue 18).

Whole-model equality with a resolve after line moves is checked in
tests/pipeline/test_incremental_model.py; here each rule on its own.
"""

from __future__ import annotations

import pytest

from docgen.diagnostics import Location, warning
from docgen.pipeline.build import _parse_one
from docgen.resolve.retype import Unsure
from docgen.resolve.shift import line_moves, relocate

PATH = "docs/resources/widget.md"
PAGE = """---
title: "widget resource type"
---

# widget resource type

Namespace: microsoft.graph

A widget on a shelf.

## Properties

| Property | Type | Description |
|:---|:---|:---|
| name | String | The widget's name. |
| size | Int32 | The widget's size. |
"""


def parsed(text: str):
    page, _ = _parse_one((PATH, PATH, text.encode("utf-8")))
    return page


def row(page, name: str):
    return next(p for t in page.types for p in t.properties if p.name == name)


def test_a_paragraph_inserted_moves_every_place_below_it():
    old = parsed(PAGE)
    new = parsed(PAGE.replace("## Properties\n", "A note.\n\n## Properties\n"))
    moves = line_moves(old, new)
    assert moves is not None
    assert moves[row(old, "name").location.line] == row(new, "name").location.line == row(old, "name").location.line + 2
    assert moves[old.types[0].location.line] == old.types[0].location.line  # above the insertion: stays
    moved = relocate(old, {PATH: moves})
    assert row(moved, "size").location == row(new, "size").location


def test_anything_but_lines_and_descriptions_changed_is_no_move():
    old = parsed(PAGE)
    assert line_moves(old, parsed(PAGE.replace("| size | Int32 |", "\n| size | Int64 |"))) is None  # a type too
    assert line_moves(old, parsed(PAGE.replace("| size |", "|  size |"))) is None  # a column moved
    swapped = PAGE.replace("| name | String | The widget's name. |\n| size | Int32 | The widget's size. |",
                           "| size | Int32 | The widget's size. |\n| name | String | The widget's name. |")
    assert line_moves(old, parsed(swapped)) is None
    described = line_moves(old, parsed(PAGE.replace("The widget's name.", "Its name.")))
    assert described is not None and all(a == b for a, b in described.items())  # nothing moved


def test_messages_that_write_a_place_of_the_page_move_with_it():
    moves = {PATH: {10: 12, 16: 18}}
    elsewhere = warning("property-redeclared", f"types it Int64 where {PATH}:16:3 says String", Location("docs/b.md", 4, 1))
    here = warning("x", f"first seen at {PATH}:10", Location(PATH, 16, 3))
    moved = relocate((elsewhere, here), moves)
    assert moved[0].message == f"types it Int64 where {PATH}:18:3 says String" and moved[0].location == elsewhere.location
    assert moved[1].message == f"first seen at {PATH}:12" and moved[1].location == Location(PATH, 18, 3)
    untouched = warning("y", "docs/other.md:10:1 says so", Location("docs/other.md", 10, 1))
    assert relocate(untouched, moves) is untouched  # nothing on the page: the very object
    front_matter = {"title": "widget resource type"}
    assert relocate(front_matter, moves) is front_matter
    listed = [Location(PATH, 10, 1)]
    assert relocate(listed, moves) == [Location(PATH, 12, 1)] and listed == [Location(PATH, 10, 1)]


@pytest.mark.parametrize(
    "value",
    [
        Location(PATH, 11, 1),  # a line the page's parse holds no place on
        warning("x", f"see {PATH}:11", Location("docs/b.md", 1, 1)),
        warning("listed-twice", "listed twice (first at line 10)", Location(PATH, 16, 1)),
        (f"a text other than a message naming {PATH}:16",),
    ],
)
def test_what_cannot_be_proved_moved_is_refused(value):
    with pytest.raises(Unsure):
        relocate(value, {PATH: {10: 12, 16: 18}})
