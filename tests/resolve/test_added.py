"""Which edits :func:`docgen.resolve.added.changed_rows` takes as rows added or removed, and what
:func:`~docgen.resolve.added.with_added` makes of them: the model a whole resolve gives, or
:class:`~docgen.resolve.retype.Unsure`."""

from __future__ import annotations

from dataclasses import replace

import pytest

from docgen.pipeline.build import _parse_one
from docgen.resolve import join
from docgen.resolve.added import changed_rows
from docgen.resolve.patch import Changes, patch

PAGE = """# shelf resource type

Namespace: microsoft.graph

A shelf.

## Properties

| Property | Type | Description |
|:---|:---|:---|
| label | String | The shelf's label. |
| size | Int32 | Its size. |

## Relationships

| Relationship | Type | Description |
|:---|:---|:---|
| books | [book](book.md) collection | The books on it. |

## JSON representation

<!-- { "blockType": "resource", "@odata.type": "microsoft.graph.shelf" } -->

```json
{
  "label": "String",
  "size": "Int32"
}
```
"""

ROW = "| height | Int32 | Its height. |\n"


def parse(text: str):
    return _parse_one(("shelf.md", "docs/resources/shelf.md", text.encode("utf-8")))[0]


def test_a_primitive_row_added_is_taken_with_its_index() -> None:
    old, new = parse(PAGE), parse(PAGE.replace("| size |", ROW + "| size |"))
    found = changed_rows(old, new)
    assert found is not None
    _, stripped, (place, kept, rows, shown), adding = found
    assert adding and shown is None
    assert [(at, row.name) for at, row in rows] == [(1, "height")]
    assert [row.name for row in stripped.types[0].properties] == ["label", "size", "books"]
    assert place == new.types[0].location and len(kept) == 3


def test_a_row_removed_is_taken_too() -> None:
    old, new = parse(PAGE.replace("| size |", ROW + "| size |")), parse(PAGE)
    found = changed_rows(old, new)
    assert found is not None and found[3] is False
    assert [(at, row.name) for at, row in found[2][2]] == [(1, "height")]


@pytest.mark.parametrize(
    "what, old, new",
    [
        ("a navigation row", "| books |", "| shelves | [shelf](shelf.md) collection | Nested. |\n| books |"),
        ("an Inherited from row", "| size |", "| id | String | The key. Inherited from [entity](entity.md). |\n| size |"),
        ("a row renamed", "| size | Int32 |", "| width | Int32 |"),
        ("a key added that no row has", '  "size": "Int32"', '  "depth": "Int32",\n  "size": "Int32"'),
    ],
)
def test_other_edits_are_not_rows_added(what: str, old: str, new: str) -> None:
    before = parse(PAGE)
    after = parse(PAGE.replace(old, new, 1))
    assert after != before, what
    assert changed_rows(before, after) is None, what


def test_a_row_with_its_key_gives_the_representation_before_and_after() -> None:
    old = parse(PAGE)
    new = parse(PAGE.replace("| size |", ROW + "| size |").replace('  "size"', '  "height": "Int32",\n  "size"'))
    found = changed_rows(old, new)
    assert found is not None
    before, after = found[2][3]
    assert "height" not in before.body and "height" in after.body
    assert before.location == after.location == new.types[0].representation.location


def _patched(old_text: str, new_text: str):
    old, new = parse(old_text), parse(new_text)
    model, inherited, compared, _ = join.resolve_indexed([old])
    changes = Changes()
    assert changes.add(old, new)
    return patch(model, changes, inherited, compared), join.resolve([new])


@pytest.mark.parametrize(
    "what, new",
    [
        ("added", PAGE.replace("| size |", ROW + "| size |")),
        ("added first, with its key", PAGE.replace("| label |", ROW + "| label |").replace('  "label"', '  "height": "Int32",\n  "label"')),
        ("removed with its key", PAGE.replace("| size | Int32 | Its size. |\n", "").replace(',\n  "size": "Int32"', "")),
    ],
)
def test_the_patch_is_the_whole_resolve(what: str, new: str) -> None:
    got, whole = _patched(PAGE, new)
    assert got is not None, what
    assert got == whole, what


def test_a_row_removed_whose_key_stays_is_not_patched() -> None:
    """The key left in the representation is then read as a property no table has."""
    got, whole = _patched(PAGE, PAGE.replace("| size | Int32 | Its size. |\n", ""))
    assert got is None
    assert any(d.code == "table-row-missing" for d in whole.diagnostics)


def test_a_row_whose_name_a_request_url_holds_is_not_patched() -> None:
    api = parse(
        "# Get shelf height\n\nNamespace: microsoft.graph\n\n## HTTP request\n\n```http\nGET /shelves/{id}/height\n```\n"
    )
    api = replace(api, info=replace(api.info, path="docs/api/shelf-height.md"))
    old, new = parse(PAGE), parse(PAGE.replace("| size |", ROW + "| size |"))
    model, inherited, compared, _ = join.resolve_indexed([old, api])
    changes = Changes()
    assert changes.add(old, new)
    assert patch(model, changes, inherited, compared) is None


DIMENSION = """# dimension resource type

Namespace: microsoft.graph

A size in two directions.

## Properties

| Property | Type | Description |
|:---|:---|:---|
| width | Int32 | The width. |
"""


def _dimension():
    """The page documenting ``dimension``, parsed at its own path."""
    return _parse_one(("dimension.md", "docs/resources/dimension.md", DIMENSION.encode("utf-8")))[0]


def _named(new_text: str, table: bool = True):
    """(the patched model, the whole resolve) of PAGE edited to ``new_text``, beside a page that
    documents a complex type (what a row's cell may name)."""
    other = _dimension()
    old, new = parse(PAGE), parse(new_text)
    model, inherited, compared, pages_types = join.resolve_indexed([old, other])
    changes = Changes()
    assert changes.add(old, new)
    return patch(model, changes, inherited, compared, None, pages_types if table else None), join.resolve([new, other])


@pytest.mark.parametrize(
    "what, new",
    [
        ("a row naming a complex type by link", PAGE.replace("| size |", "| extent | [dimension](dimension.md) | Its extent. |\n| size |")),
        ("a row naming a complex type by name", PAGE.replace("| size |", "| extent | dimension collection | Its extents. |\n| size |")),
        ("a row naming a type removed", PAGE.replace("| size |", "| extent | [dimension](dimension.md) | Its extent. |\n| size |")),
    ],
)
def test_rows_naming_a_documented_type_are_patched(what: str, new: str) -> None:
    old_text = PAGE
    if "removed" in what:  # the row is there before the edit, not after
        old_text, new = new, PAGE
    other = _dimension()
    old, after = parse(old_text), parse(new)
    model, inherited, compared, pages_types = join.resolve_indexed([old, other])
    changes = Changes()
    assert changes.add(old, after), what
    assert patch(model, changes, inherited, compared) is None, what  # without the table: unsure
    got = patch(model, changes, inherited, compared, None, pages_types)
    assert got is not None, what
    assert got == join.resolve([after, other]), what


def test_rows_naming_what_the_patch_cannot_prove_are_not_patched() -> None:
    # a page not among the inputs (a new unresolved-link warning) and a type no page documents
    got, whole = _named(PAGE.replace("| size |", "| owner | [user](user.md) | Who owns it. |\n| size |"))
    assert got is None and any(d.code == "unresolved-link" for d in whole.diagnostics)
    got, whole = _named(PAGE.replace("| size |", "| owner | person | Who owns it. |\n| size |"))
    assert got is None and any(d.code == "unresolved-type" for d in whole.diagnostics)
    # a link in the row's description as well: patched when it names an input page (no warning)
    got, whole = _named(PAGE.replace("| size |", "| extent | [dimension](dimension.md) | See [dimension](dimension.md). |\n| size |"))
    assert got is not None and got == whole
    got, whole = _named(PAGE.replace("| size |", "| extent | [dimension](dimension.md) | See [box](box.md). |\n| size |"))
    assert got is None and any(d.code == "unresolved-link" for d in whole.diagnostics)



def test_a_row_removed_from_a_type_another_page_documents_too_is_not_patched() -> None:
    """The other page's row of that name was shadowed (the first row of a name is kept), so the
    model held no property of it; a whole resolve gives it one once the row is gone (found by
    review3: a warm ``docgen lint`` then reported the property unknown, a cold one did not)."""
    second = _parse_one(("shelf-copy.md", "docs/resources/shelf-copy.md",
                         PAGE.split("## Relationships")[0].encode("utf-8")))[0]
    new_text = PAGE.replace("| size | Int32 | Its size. |\n", "").replace(',\n  "size": "Int32"', "")
    old, new = parse(PAGE), parse(new_text)
    model, inherited, compared, _ = join.resolve_indexed([old, second])
    changes = Changes()
    assert changes.add(old, new)
    got, whole = patch(model, changes, inherited, compared), join.resolve([new, second])
    shelf = next(t for t in whole.types if t.name == "shelf")
    assert [(p.name, p.location.path) for p in shelf.properties if p.name == "size"] == [
        ("size", "docs/resources/shelf-copy.md")
    ]
    assert got is None or got == whole


_ROWS = ("| label | String | The shelf's label. |", "| size | Int32 | Its size. |", "| height | Int32 | Its height. |",
         "| width | Int64 | W. |", "| size | String | S. |", "| label | Int32 | L. |", "| color | String | C. |")
_PATHS = ("docs/resources/ashelf.md", "docs/resources/shelf.md", "docs/resources/shelf-copy.md", "docs/resources/zshelf.md")


def _page_at(path: str, text: str):
    return _parse_one((path.rsplit("/", 1)[1], path, text.encode("utf-8")))[0]


def test_random_row_edits_of_a_type_two_pages_document_patch_to_the_whole_resolve() -> None:
    """Two pages document ``shelf`` (its rows merged, the first of a name kept); a row of one is
    added, removed, retyped or redescribed: the patch is the whole resolve's model or refused."""
    import random

    rng = random.Random(7)
    patched = 0
    for _ in range(200):
        texts = []
        for _page in range(2):
            own = "".join(f"{row}\n" for row in rng.sample(_ROWS, rng.randrange(0, 4)))
            text = PAGE.replace("| label | String | The shelf's label. |\n| size | Int32 | Its size. |\n", own)
            texts.append(text.split("## Relationships")[0] if rng.random() < 0.5 else text)
        paths = sorted(rng.sample(_PATHS, 2))
        which = rng.randrange(2)
        lines = texts[which].split("\n")
        rows = [i for i, line in enumerate(lines) if line.startswith("| ") and "Property" not in line]
        what = rng.choice(("add", "remove", "cell", "description"))
        if what == "add" or not rows:
            lines.insert(rows[0] if rows else lines.index("|:---|:---|:---|") + 1, rng.choice(_ROWS))
        elif what == "remove":
            del lines[rng.choice(rows)]
        else:
            at = rng.choice(rows)
            cells = lines[at].split("|")
            cells[2 if what == "cell" else 3] = rng.choice((" Int64 ", " String ", " Boolean ", " Other. "))
            lines[at] = "|".join(cells)
        pages = [_page_at(path, text) for path, text in zip(paths, texts)]
        edited = list(pages)
        edited[which] = _page_at(paths[which], "\n".join(lines))
        model, inherited, compared, pages_types = join.resolve_indexed(pages)
        changes = Changes()
        if not changes.add(pages[which], edited[which]):
            continue
        got = patch(model, changes, inherited, compared, None, pages_types)
        if got is not None:
            patched += 1
            assert got == join.resolve(edited), (paths, which, texts, lines)
    assert patched > 50  # the edits are mostly patched: the test compares something
