"""Members added to an enum's table (:mod:`docgen.resolve.members`): which edits are taken, and
that the patch is the whole resolve's, ``enum-mismatch`` warnings included."""

from __future__ import annotations

from docgen.pipeline.build import _parse_one
from docgen.resolve import join
from docgen.resolve.members import changed_members, type_cell_of
from docgen.resolve.patch import Changes, patch

ENUM = """# shelfKind enum type

Namespace: microsoft.graph

## Members

| Member | Description |
|:---|:---|
| wall | On a wall. |
| floor | On the floor. |
"""

SHELF = """# shelf resource type

Namespace: microsoft.graph

## Properties

| Property | Type | Description |
|:---|:---|:---|
| kind | [shelfKind](shelfkind.md) | The kind. The possible values are: `wall`, `floor`. |
| label | String | The label. |
"""

ADDED = ENUM.replace("| floor | On the floor. |", "| floor | On the floor. |\n| ceiling | Hung. |")


def parse(name: str, text: str):
    return _parse_one((name, f"docs/resources/{name}", text.encode("utf-8")))[0]


def test_members_added_are_taken_with_their_index() -> None:
    old, new = parse("shelfkind.md", ENUM), parse("shelfkind.md", ADDED)
    _, stripped, found, adding = changed_members(old, new)
    assert adding and [m.name for m in stripped.types[0].members] == ["wall", "floor"]
    ((place, (kept, added)),) = found.items()
    assert place == new.types[0].location and len(kept) == 2
    assert [(at, m.name) for at, m in added] == [(2, "ceiling")]
    renamed = parse("shelfkind.md", ENUM.replace("| floor |", "| ground |"))
    assert changed_members(old, renamed)[2] == {}
    # removed: the old table without them, by its place before the edit
    stripped, _, found, adding = changed_members(new, old)
    assert not adding and [m.name for m in stripped.types[0].members] == ["wall", "floor"]
    assert [(at, m.name) for at, m in found[new.types[0].location][1]] == [(2, "ceiling")]


def _patch(shelf: str, enum_after: str, with_cells: bool):
    pages = [parse("shelfkind.md", ENUM), parse("shelf.md", shelf)]
    after = parse("shelfkind.md", enum_after)
    model, inherited, compared, _ = join.resolve_indexed(pages)
    changes = Changes()
    assert changes.add(pages[0], after)
    by_path = {p.info.path: p for p in (after, pages[1])}
    cell = (lambda row: type_cell_of(by_path[row.path], row)) if with_cells else None
    return patch(model, changes, inherited, compared, cell), join.resolve([after, pages[1]])


def test_a_row_that_agreed_gets_its_warning_at_its_type_cell() -> None:
    got, whole = _patch(SHELF, ADDED, with_cells=True)
    assert got is not None and got == whole
    assert [d.code for d in whole.diagnostics if d.code == "enum-mismatch"] == ["enum-mismatch"]
    without, _ = _patch(SHELF, ADDED, with_cells=False)
    assert without is None  # the type cell's column is not in the model


def test_a_row_that_differed_has_its_warning_made_again() -> None:
    shelf = SHELF.replace("`wall`, `floor`.", "`wall`.")
    got, whole = _patch(shelf, ADDED, with_cells=False)
    assert got is not None and got == whole
    (warning,) = [d for d in got.diagnostics if d.code == "enum-mismatch"]
    assert "missing ceiling, floor" in warning.message


def test_a_member_the_row_added_is_not_patched() -> None:
    """``ceiling`` is the row's and was appended to the enum's members after the table's."""
    shelf = SHELF.replace("`wall`, `floor`.", "`wall`, `floor`, `ceiling`.")
    got, whole = _patch(shelf, ADDED, with_cells=True)
    assert got is None
    assert [m.name for t in whole.types if t.name == "shelfKind" for m in t.members] == ["wall", "floor", "ceiling"]


def test_a_member_removed_is_patched_unless_a_row_lists_it() -> None:
    pages = [parse("shelfkind.md", ADDED), parse("shelf.md", SHELF)]
    after = parse("shelfkind.md", ENUM)
    model, inherited, compared, _ = join.resolve_indexed(pages)
    changes = Changes()
    assert changes.add(pages[0], after)
    got = patch(model, changes, inherited, compared)
    assert got is not None and got == join.resolve([after, pages[1]])
    assert not [d for d in got.diagnostics if d.code == "enum-mismatch"]  # the row agrees again
    listing = SHELF.replace("`wall`, `floor`.", "`wall`, `floor`, `ceiling`.")
    pages = [parse("shelfkind.md", ADDED), parse("shelf.md", listing)]
    model, inherited, compared, _ = join.resolve_indexed(pages)
    changes = Changes()
    assert changes.add(pages[0], after)
    assert patch(model, changes, inherited, compared) is None  # the row would give it back
