"""The model after an edit, built through the cache, is byte for byte the model a cold build gives.

Each edit below is made to a small tree in turn (a property's description, a type's, an enum
member's, a request body row's, a type cell, a member added, a base type's property, a line
moved, an API page's sentence, a page added and one removed); after each, ``docgen model --format
json`` through the warm cache must print exactly what ``--no-cache`` prints, and the stored model
must equal a cold build's field for field. Description edits and primitive type cells a page's
type declares (in a base type too) must be patched (no whole resolve: :mod:`docgen.resolve.patch`),
the others (a type cell another row repeats or that names a type, a redeclared property...)
resolved; a variant edits pages of the corpus ($DOCGEN_CORPUS, skipped without it).
"""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.cli.main import main

ENTITY = """---
title: "entity resource type"
---

# entity resource type

Namespace: microsoft.graph

The base type of every object.

## Properties

| Property | Type | Description |
|:---|:---|:---|
| createdDateTime | DateTimeOffset | When the object was created. |
| id | String | The unique identifier. Read-only. |

## JSON representation

```json
{
  "createdDateTime": "String (timestamp)",
  "id": "String (identifier)"
}
```
"""

WIDGET = """---
title: "widget resource type"
---

# widget resource type

Namespace: microsoft.graph

A widget on a shelf.

Inherits from [entity](entity.md), the base of every object.

## Properties

| Property | Type | Description |
|:---|:---|:---|
| color | widgetColor | The widget's color. The possible values are: `red`, `blue`, `unknownFutureValue`. |
| id | String | The unique identifier. Inherited from [entity](entity.md). |
| name | String | The widget's display name. |
| parts | [part](part.md) collection | The parts the widget is made of: see [part](part.md) and [gizmo](gizmo.md). |
| size | Int32 | The widget's size in millimetres. |

### widgetColor values

| Member | Description |
|:---|:---|
| red | A red widget. |
| blue | A blue widget. |
| unknownFutureValue | Evolvable enumeration sentinel value. Do not use. |

## JSON representation

<!-- { "blockType": "resource", "@odata.type": "microsoft.graph.widget", "baseType": "microsoft.graph.entity" } -->

```json
{
  "color": "String",
  "id": "String (identifier)",
  "name": "String",
  "parts": [{"@odata.type": "microsoft.graph.part"}],
  "size": "Int32"
}
```
"""

PART = """---
title: "part resource type"
---

# part resource type

Namespace: microsoft.graph

One part of a widget.

## Properties

| Property | Type | Description |
|:---|:---|:---|
| label | String | The part's label. |
| weight | Double | The part's weight in grams, as on the [widget](widget.md) page. |

## JSON representation

```json
{
  "label": "String",
  "weight": "Double"
}
```
"""

UPDATE = """---
title: "Update widget"
---

# Update widget

Namespace: microsoft.graph

Update the properties of a [widget](../resources/widget.md) object.

## HTTP request

<!-- { "blockType": "ignored" } -->

```http
PATCH /widgets/{id}
```

## Request headers

| Name | Description |
|:---|:---|
| Authorization | Bearer {token}. Required. |

## Request body

| Property | Type | Description |
|:---|:---|:---|
| name | String | The widget's new name. Optional. |
| size | Int32 | The widget's new size. Optional. |

## Response

If successful, this method returns a `200 OK` response code and an updated [widget](../resources/widget.md) object in the response body.

## Examples

### Request

<!-- { "blockType": "request", "name": "update_widget" } -->

```http
PATCH https://graph.microsoft.com/v1.0/widgets/1
Content-type: application/json

{
  "name": "Box"
}
```

### Response

<!-- { "blockType": "response", "truncated": true, "@odata.type": "microsoft.graph.widget" } -->

```http
HTTP/1.1 200 OK
Content-type: application/json

{
  "id": "1",
  "name": "Box"
}
```
"""

GADGET = PART.replace("part resource type", "gadget resource type").replace("One part of a widget", "A gadget")

PATCHED, RESOLVED, EITHER = "patched", "resolved", "either"

# (what, page, old text, new text, how the model must be built); applied in turn, each on the last
EDITS = [
    ("a property's description", "resources/widget.md", "The widget's display name.", "The name shown.", PATCHED),
    ("a type's description", "resources/widget.md", "A widget on a shelf.", "A widget, on a shelf.", PATCHED),
    # the sentence is also the prose base claim's cell, which the resolve reads only to warn of a
    # base no page documents (docgen.resolve.skeleton.reference_changes): patched
    ("the sentence naming the base", "resources/widget.md", "the base of every", "the base of all", PATCHED),
    ("an enum member's description", "resources/widget.md", "| A red widget. |", "| A widget painted red. |", PATCHED),
    ("a request body row's description", "api/widget-update.md", "new name. Optional.", "name, changed. Optional.", PATCHED),
    ("a base type's property description", "resources/entity.md", "The unique identifier. Read-only.", "The key. Read-only.", PATCHED),
    ("two pages' descriptions", "resources/part.md", "The part's label.", "The label.", PATCHED),
    # a primitive type cell made another primitive: patched when no other row names the property
    ("a property's type cell", "resources/widget.md", "| size | Int32 |", "| size | Int64 |", PATCHED),
    ("a type cell made a collection", "resources/widget.md", "| name | String |", "| name | String collection |", PATCHED),
    ("a type cell and a description", "resources/part.md", "| weight | Double | The part's weight in grams", "| weight | Single | The part's weight in kilograms", PATCHED),
    ("a request body row's type cell", "api/widget-update.md", "| size | Int32 | The widget's new size", "| size | Int16 | The widget's new size", PATCHED),
    ("a base type's property type", "resources/entity.md", "| createdDateTime | DateTimeOffset |", "| createdDateTime | String |", PATCHED),
    # the derived page repeats the row ("Inherited from"): its inherited-row-mismatch is made again
    ("a base type's property type a derived row repeats", "resources/entity.md", "| id | String |", "| id | Guid |", PATCHED),
    ("a base type's property type another again", "resources/entity.md", "| id | Guid |", "| id | Int64 |", PATCHED),
    ("a base type's property type as the derived row's", "resources/entity.md", "| id | Int64 |", "| id | String |", PATCHED),
    # a type cell naming a documented complex type or enum, looked up as the resolve looks it up
    # (docgen.resolve.renamed): patched; an entity, a type no page documents, a page not among
    # the inputs: resolved
    ("a type cell naming a type", "resources/part.md", "| label | String |", "| label | widgetColor |", PATCHED),
    ("a type cell naming a primitive again", "resources/part.md", "| label | widgetColor |", "| label | Int32 |", PATCHED),
    ("a type cell linking a complex type", "resources/widget.md", "| size | Int64 |", "| size | [part](part.md) |", PATCHED),
    ("a type cell linking another type", "resources/widget.md", "| size | [part](part.md) |", "| size | [widgetColor](widget.md#widgetcolor-values) collection |", PATCHED),
    ("a type cell linking an entity", "resources/widget.md", "| size | [widgetColor](widget.md#widgetcolor-values) collection |", "| size | [entity](entity.md) |", RESOLVED),
    ("a type cell naming no documented type", "resources/widget.md", "| size | [entity](entity.md) |", "| size | sizeClass |", RESOLVED),
    ("a type cell linking a page not among the inputs", "resources/widget.md", "| size | sizeClass |", "| size | [gizmo](gizmo.md) |", RESOLVED),
    ("a type cell primitive again", "resources/widget.md", "| size | [gizmo](gizmo.md) |", "| size | Int16 |", RESOLVED),
    # the tree as it was before the cells above: its model is the one stored then
    ("a type cell as it was", "resources/widget.md", "| size | Int16 |", "| size | Int64 |", EITHER),
    ("a derived type redeclaring a base's property", "resources/widget.md", "| size | Int64 |",
     "| size | Int64 |\n| createdDateTime | DateTimeOffset | When the widget was made. |", RESOLVED),
    # the property-redeclared warning comparing them is made again (see REDECLARED below)
    ("a redeclared property's type", "resources/widget.md", "| createdDateTime | DateTimeOffset |", "| createdDateTime | Date |", PATCHED),
    ("its base's type, as the derived row's", "resources/entity.md", "| createdDateTime | String |", "| createdDateTime | Date |", PATCHED),
    ("its base's type, another again", "resources/entity.md", "| createdDateTime | Date |", "| createdDateTime | Int32 |", PATCHED),
    # a member added (docgen.resolve.members): the color row lists the members and agreed with
    # the table; its new enum-mismatch warning goes to its type cell, found on its page's parse
    ("an enum member added", "resources/widget.md", "| blue | A blue widget. |", "| blue | A blue widget. |\n| green | A green widget. |", PATCHED),
    # now it disagrees: its warning is made again, at the same place
    ("another enum member added", "resources/widget.md", "| green | A green widget. |", "| green | A green widget. |\n| yellow | Yellow. |", PATCHED),
    ("an enum member removed", "resources/widget.md", "| yellow | Yellow. |\n", "", PATCHED),
    ("a member of a name the table has added", "resources/widget.md", "| green | A green widget. |", "| green | A green widget. |\n| unknownFutureValue | Sentinel. |", RESOLVED),
    ("a member the row lists removed", "resources/widget.md", "| blue | A blue widget. |\n", "", RESOLVED),
    # lines inserted or removed, nothing else: the places below them move (docgen.resolve.shift)
    ("a line moved", "resources/part.md", "## Properties\n", "## Properties\n\n", PATCHED),
    ("a sentence of prose added", "resources/widget.md", "A widget, on a shelf.\n",
     "A widget, on a shelf.\n\nWidgets are sold in boxes of ten.\n", PATCHED),
    ("lines added above a derived page's rows", "resources/entity.md", "The base type of every object.\n",
     "> [!NOTE]\n> Every object has one.\n\nThe base type of every object.\n", PATCHED),
    ("a line removed", "resources/widget.md", "\nWidgets are sold in boxes of ten.\n", "", PATCHED),
    ("a line moved in an API page", "api/widget-update.md", "Update the properties of", "\nUpdate the properties of", PATCHED),
    # a primitive own row added: patched (docgen.resolve.added) unless something else reads its name
    ("a line moved and a row added", "resources/part.md", "| label | Int32 |", "| code | String | A code. |\n| label | Int32 |", PATCHED),
    # the sentence names the operation's subject by a link: the extractor keeps the whole line as the
    # subject reference's cell, which the resolve reads only to warn of an undocumented subject
    # (docgen.resolve.skeleton.reference_changes)
    ("an API page's sentence", "api/widget-update.md", "Update the properties of", "Change the properties of", PATCHED),
    ("an API page's sentence after its link", "api/widget-update.md", "](../resources/widget.md) object.", "](../resources/widget.md) object, as given.", PATCHED),
    # an undocumented subject is warned of, quoting the line: the warning is made again
    ("an API page's subject linking no input page", "api/widget-update.md", "[widget](../resources/widget.md) object, as given.", "[gizmo](../resources/gizmo.md) object, as given.", RESOLVED),
    ("a sentence naming an undocumented subject", "api/widget-update.md", "Change the properties of", "Update the properties of", RESOLVED),
    ("the subject's link put back", "api/widget-update.md", "Update the properties of a [gizmo](../resources/gizmo.md) object", "Change the properties of a [widget](../resources/widget.md) object", EITHER),  # (the tree as it was: its model is stored)
    # a link and an "Inherited from" reference move along their line: resolved ones leave no trace
    ("a description before a link", "resources/widget.md", "The parts the widget", "The parts a widget", RESOLVED),
    ("a description before a resolved link", "resources/part.md", "The part's weight", "The weight", PATCHED),
    # here the row is also a base claim, its reference moved along the line with the link and its
    # cell changed, which the resolve reads only to warn of an undocumented base: patched
    ("a description before a base's row", "resources/widget.md", "The unique identifier. Inherited", "The key. Inherited", PATCHED),
    ("a description put back", "resources/widget.md", "The name shown.", "The widget's display name.", PATCHED),
    ("a row added", "resources/widget.md", "| size | Int64 |", "| material | String | What it is made of. |\n| size | Int64 |", PATCHED),
    ("two rows added to a base type", "resources/entity.md", "| id | String | The key. Read-only. |",
     "| deletedDateTime | DateTimeOffset | When it was deleted. |\n| id | String | The key. Read-only. |\n| etag | String | Its version. |", PATCHED),
    ("a row added that a derived type has", "resources/entity.md", "| id |", "| size | Int16 | A size. |\n| id |", RESOLVED),
    ("a row added that a request URL names", "resources/part.md", "| code |", "| widgets | String | Where it is used. |\n| code |", RESOLVED),
    ("a row naming a type added", "resources/part.md", "| code |", "| maker | [widget](widget.md) | Who made it. |\n| code |", RESOLVED),
    ("a row and a description", "resources/part.md", "| code | String | A code. |", "| code | String | The code. |\n| batch | Int32 | A batch. |", PATCHED),
    # rows removed: the same, the other way
    ("a row removed", "resources/widget.md", "| material | String | What it is made of. |\n", "", PATCHED),
    ("a base type's last row removed", "resources/entity.md", "\n| etag | String | Its version. |", "", PATCHED),
    ("a row removed that a derived type has too", "resources/entity.md", "| size | Int16 | A size. |\n", "", RESOLVED),
    ("a row removed before another", "resources/part.md", "| code | String | The code. |\n| batch", "| batch", PATCHED),
    ("a row naming a type removed", "resources/part.md", "| maker | [widget](widget.md) | Who made it. |\n", "", RESOLVED),
    # an example's body with its keys kept: patched (docgen.resolve.bodies); a key renamed, or
    # JSON made invalid, resolved
    ("an example's value", "api/widget-update.md", '"name": "Box"', '"name": "Crate"', PATCHED),
    ("an example's value on more lines", "api/widget-update.md", '"name": "Crate"\n', '"name":\n    "Crate"\n', PATCHED),
    ("an example's key", "api/widget-update.md", '"name":\n    "Crate"', '"title": "Crate"', RESOLVED),
    ("an example's JSON broken", "api/widget-update.md", '"title": "Crate"', '"title": "Crate",', RESOLVED),
    ("an example's JSON mended", "api/widget-update.md", '"title": "Crate",', '"title": "Box"', RESOLVED),
    # links added to or taken out of a description: the resolve reads a link only to warn when it
    # names no input page (docgen.resolve.skeleton.link_changes)
    ("a link added to a description", "resources/entity.md", "The key. Read-only.", "The key. Read-only. See [widget](widget.md).", PATCHED),
    ("a link to no input page instead", "resources/entity.md", "See [widget](widget.md).", "See [box](box.md).", RESOLVED),
    ("the link to no input page taken out", "resources/entity.md", "The key. Read-only. See [box](box.md).", "The key.", RESOLVED),
    ("a resolved link's text changed", "resources/part.md", "as on the [widget](widget.md) page", "as on the [widget page](widget.md)", PATCHED),
    # a base claim naming no input page is warned of at its place, quoting its sentence: an edit
    # of the sentence alone is resolved (the warning is made again)
    ("a base no page documents", "resources/widget.md", "from [entity](entity.md), the base of all", "from [gizmo](gizmo.md), the base of all", RESOLVED),
    ("the sentence naming an undocumented base", "resources/widget.md", "the base of all", "the base of each", RESOLVED),
    ("the base put back", "resources/widget.md", "[gizmo](gizmo.md), the base of each", "[entity](entity.md), the base of every", EITHER),
]


REDECLARED = 'redeclares the inherited property \\"createdDateTime\\"'
"""The property-redeclared warning of widget's createdDateTime row (as the JSON spells it)."""
REDECLARED_AFTER = {
    "a derived type redeclaring a base's property": True,
    "a redeclared property's type": True,
    "its base's type, as the derived row's": False,
    "its base's type, another again": True,
}


MISMATCH = 'row of \\"id\\" types it Edm.String where'
"""The inherited-row-mismatch warning of widget's "Inherited from" id row (as the JSON spells it)."""
MISMATCH_AFTER = {
    "a base type's property type a derived row repeats": True,
    "a base type's property type another again": True,
    "a base type's property type as the derived row's": False,
}


@pytest.fixture()
def tree(tmp_path: Path, monkeypatch) -> Path:
    docs = tmp_path / "docs"
    for name, text in (
        ("resources/entity.md", ENTITY),
        ("resources/widget.md", WIDGET),
        ("resources/part.md", PART),
        ("api/widget-update.md", UPDATE),
    ):
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DOCGEN_CACHE_DIR", str(tmp_path / "cache"))
    return docs


def _model(docs: Path, *options: str) -> str:
    result = CliRunner().invoke(main, ["model", str(docs), "--format", "json", "--jobs", "1", *options])
    assert result.exit_code in (0, 1), result.output
    return result.output



def _same_models(docs: Path) -> bool:
    """True when the model stored by the last warm run equals a cold build's, field for field
    (the JSON leaves out columns and type cells, which the patch of a type cell rewrites)."""
    from docgen.pipeline.build import build
    from docgen.pipeline.cache import Cache, user_cache_dir

    warm = build([docs], cache=Cache(user_cache_dir()), jobs=1).model
    return warm == build([docs], cache=Cache(None), jobs=1).model


def _check(docs: Path, resolves: list[int], how: str, what: str, whole: bool = True) -> bool:
    """Build through the cache and without; True when the model was patched. ``whole`` also
    compares the models themselves (:func:`_same_models`)."""
    resolves.clear()
    warm = _model(docs)
    made = len(resolves)
    cold = _model(docs, "--no-cache")
    assert warm == cold, what
    assert not whole or _same_models(docs), what
    if how == PATCHED:
        assert made == 0, f"{what}: resolved, not patched"
    elif how == RESOLVED:
        assert made == 1, f"{what}: patched, not resolved"
    return made == 0


def test_the_fixture_tree_is_what_the_edits_need(tree: Path) -> None:
    text = _model(tree, "--no-cache")
    for needed in ('"widgetColor"', '"microsoft.graph.entity"', "The widget's display name.", "A red widget.",
                   "The widget's new name. Optional.", '"Edm.Int32"', '"update_widget"'):
        assert needed in text, needed


def test_every_edit_gives_the_cold_model(tree: Path, resolves: list[int]) -> None:
    _model(tree)  # the cache is filled
    for what, name, old, new, how in EDITS:
        page = tree / name
        text = page.read_text(encoding="utf-8")
        assert old in text, what
        page.write_text(text.replace(old, new, 1), encoding="utf-8")
        _check(tree, resolves, how, what)
        if what in REDECLARED_AFTER:
            assert (REDECLARED in _model(tree)) is REDECLARED_AFTER[what], what
        if what in MISMATCH_AFTER:
            assert (MISMATCH in _model(tree)) is MISMATCH_AFTER[what], what


def test_pages_added_and_removed_give_the_cold_model(tree: Path, resolves: list[int]) -> None:
    _model(tree)
    (tree / "resources" / "gadget.md").write_text(GADGET, encoding="utf-8")
    _check(tree, resolves, RESOLVED, "a page added")
    (tree / "resources" / "part.md").unlink()
    _check(tree, resolves, RESOLVED, "a page removed")
    page = tree / "resources" / "widget.md"
    page.write_text(page.read_text(encoding="utf-8").replace("A blue widget.", "A bluish widget."), encoding="utf-8")
    _check(tree, resolves, PATCHED, "a description after a page was removed")


def test_a_body_row_that_declares_the_type_is_resolved(tree: Path, resolves: list[int]) -> None:
    """Without widget.md the update page's body rows declare widget's properties: a type cell of
    one types the type's property too, which the patch of an operation's row does not do."""
    (tree / "resources" / "widget.md").unlink()
    _model(tree)
    page = tree / "api" / "widget-update.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("| size | Int32 |", "| size | Int64 |"), encoding="utf-8")
    _check(tree, resolves, RESOLVED, "a declaring body row's type cell")
    assert '"Edm.Int64"' in _model(tree)


BODY_BASE = ("## Request body\n\nIn the request body, supply a JSON representation of a [widget](../resources/widget.md) "
             "object.\n\n| Property | Type | Description |\n|:---|:---|:---|\n"
             "| id | String | The widget's key. Inherited from [entity](../resources/entity.md) |\n")
"""A request body that names its type and whose row is "Inherited from" a base, as the corpus's
Intune update pages' are: the row is a base claim whose reference holds the whole description as
its cell, and the body's second type is declared by that reference."""


def test_a_body_row_inherited_from_a_base_is_patched(tree: Path, resolves: list[int]) -> None:
    """An edit of such a row's description before its link changes the base claim's cell, and its
    place when the link moves along the line, with the place of the type the link declares
    (:func:`docgen.resolve.skeleton.reference_changes`): patched either way, the model a cold build's."""
    from docgen.extract.dispatch import extract_page
    from docgen.read.source import decode_source

    page = tree / "api" / "widget-update.md"
    text = page.read_text(encoding="utf-8").replace("## Request body\n\n| Property | Type | Description |\n|:---|:---|:---|\n", BODY_BASE)
    page.write_text(text, encoding="utf-8")
    source, _ = decode_source(text.encode("utf-8"), "api/widget-update.md")
    assert source is not None
    parsed = extract_page(source)
    claims = [claim for t in parsed.types for claim in t.bases if claim.source == "rows"]
    assert [claim.ref.cell for claim in claims] == ["The widget's key. Inherited from [entity](../resources/entity.md)"]
    assert any(t.declared_by == claims[0].ref for t in parsed.types)
    _model(tree)
    page.write_text(text.replace("The widget's key.", "The entity's key."), encoding="utf-8")
    _check(tree, resolves, PATCHED, "a body row's description before its base's link, the link where it was")
    page.write_text(text.replace("The widget's key.", "The key."), encoding="utf-8")
    _check(tree, resolves, PATCHED, "a body row's description before its base's link, the link moved")
    page.write_text(text.replace("The widget's key. Inherited from [entity]", "Inherited from [widget]"), encoding="utf-8")
    _check(tree, resolves, RESOLVED, "a body row inherited from another base")


WIDGET_MORE = """---
title: "widget resource type (more)"
---

# widget resource type

Namespace: microsoft.graph

More about widgets (a second page documenting the type, as the corpus's Intune pages do).

## Properties

| Property | Type | Description |
|:---|:---|:---|
| name | String | The widget's name, again. |
| weight | Int32 | The widget's weight. |
"""


def test_a_row_another_page_of_its_type_shadows_is_patched(tree: Path, resolves: list[int]) -> None:
    """Two pages document widget: the model keeps the first row of a name (widget.md's ``name``),
    so a type cell of the second page's ``name`` row is read by nothing the model holds; its own
    ``weight`` row is the model's property. Both are patched, each edit giving the cold model; a
    type cell of the first page's row is patched too (the issue's doubled tree edits both)."""
    (tree / "resources" / "widget-more.md").write_text(WIDGET_MORE, encoding="utf-8")
    before = _model(tree)
    assert "The widget's weight." in before and "The widget's name, again." not in before
    for what, name, old, new in (
        ("a shadowed row's type cell", "resources/widget-more.md", "| name | String |", "| name | Int64 |"),
        ("the second page's own row", "resources/widget-more.md", "| weight | Int32 |", "| weight | Double |"),
        ("the row that shadows it", "resources/widget.md", "| name | String |", "| name | Int64 |"),
        ("the shadowed row again", "resources/widget-more.md", "| name | Int64 |", "| name | String |"),
    ):
        page = tree / name
        text = page.read_text(encoding="utf-8")
        assert old in text, what
        page.write_text(text.replace(old, new, 1), encoding="utf-8")
        _check(tree, resolves, PATCHED, what)
    assert '"Edm.Double"' in _model(tree)


def test_rows_added_where_another_page_documents_the_type(tree: Path, resolves: list[int]) -> None:
    """widget-more.md documents widget too, after widget.md: a row added to widget.md comes before
    widget-more.md's rows in the model and is patched; one of a name widget-more.md has would
    shadow that row, and one added to widget-more.md is not the first page's: both resolved."""
    (tree / "resources" / "widget-more.md").write_text(WIDGET_MORE, encoding="utf-8")
    _model(tree)
    for what, name, old, new, how in (
        ("a row the second page lacks", "resources/widget.md", "| size |", "| height | Int32 | Its height. |\n| size |", PATCHED),
        ("a row the second page has", "resources/widget.md", "| size |", "| weight | Int64 | Its weight. |\n| size |", RESOLVED),
        ("a row added to the second page", "resources/widget-more.md", "| weight |", "| depth | Int32 | Its depth. |\n| weight |", RESOLVED),
    ):
        page = tree / name
        text = page.read_text(encoding="utf-8")
        assert old in text, what
        page.write_text(text.replace(old, new, 1), encoding="utf-8")
        _check(tree, resolves, how, what)


def test_rows_added_and_removed_with_their_json_keys(tree: Path, resolves: list[int]) -> None:
    """A writer adds a property's row and its key in the JSON representation together, and removes
    both together: patched, the type's representation the page's. A key added alone, its row added
    after (the key was read as a property no table has), or a row removed while its key stays, is
    resolved. (Each step makes a tree new to the cache: one seen before is read, neither.)"""
    _model(tree)
    page = tree / "resources" / "widget.md"
    row, key = "| size |", '  "size": "Int32"'
    for what, edits, how in (
        ("a row and its key added", [(row, "| grade | String | Its grade. |\n" + row), (key, '  "grade": "String",\n' + key)], PATCHED),
        ("a row and its key removed", [("| grade | String | Its grade. |\n", ""), ('  "grade": "String",\n', "")], PATCHED),
        ("a key added alone", [(key, '  "level": "String",\n' + key)], RESOLVED),
        ("its row added after", [(row, "| level | String | Its level. |\n" + row)], RESOLVED),
        ("another row and key", [(row, "| rank | Int32 | Its rank. |\n" + row), (key, '  "rank": "Int32",\n' + key)], PATCHED),
        ("the row removed, its key kept", [("| rank | Int32 | Its rank. |\n", "")], RESOLVED),
    ):
        text = page.read_text(encoding="utf-8")
        for old, changed in edits:
            assert old in text, what
            text = text.replace(old, changed, 1)
        page.write_text(text, encoding="utf-8")
        _check(tree, resolves, how, what)
    assert "table-row-missing" in _model(tree)  # the key without its row


def test_an_edit_after_one_undone_is_patched_from_the_tree_as_it_is(tree: Path, resolves: list[int]) -> None:
    """An edit made and undone, then another: the second is patched from the model of the tree as
    it was before both (the cached model an unchanged tree reads becomes the one patched), not
    from the undone edit's (a type cell naming an entity made a primitive again: a whole resolve)."""
    _model(tree)
    page = tree / "resources" / "widget.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("| size | Int32 |", "| size | [entity](entity.md) |"), encoding="utf-8")
    _check(tree, resolves, RESOLVED, "a type cell naming an entity")
    page.write_text(text, encoding="utf-8")
    resolves.clear()
    _model(tree)
    assert resolves == [], "the unchanged tree's model is read, not resolved"
    part = tree / "resources" / "part.md"
    part.write_text(part.read_text(encoding="utf-8").replace("The part's label.", "The label."), encoding="utf-8")
    _check(tree, resolves, PATCHED, "a description after an edit undone")


def test_an_edit_undone_by_a_generate_answered_from_its_render(tree: Path, resolves: list[int]) -> None:
    """``generate`` of a tree rendered before is answered without its model (the render is
    cached): the model the next edit is patched from is still that tree's, not the undone edit's."""
    def generate() -> None:
        result = CliRunner().invoke(main, ["generate", str(tree), "-o", str(tree.parent / "out"), "--jobs", "1"])
        assert result.exit_code in (0, 1), result.output

    generate()
    page = tree / "resources" / "widget.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("| size | Int32 |", "| size | [part](part.md) |"), encoding="utf-8")
    generate()
    page.write_text(text, encoding="utf-8")
    resolves.clear()
    generate()
    assert resolves == [], "the undone tree's render is read"
    part = tree / "resources" / "part.md"
    part.write_text(part.read_text(encoding="utf-8").replace("The part's label.", "The label."), encoding="utf-8")
    generate()
    assert resolves == [], "the description is patched into the model of the tree as it was"


def test_a_damaged_last_model_is_resolved_again(tree: Path, resolves: list[int]) -> None:
    import sqlite3
    from contextlib import closing

    from docgen.pipeline.cache import DB_NAME

    _model(tree)
    with closing(sqlite3.connect(tree.parent / "cache" / DB_NAME)) as db, db:
        db.execute("UPDATE entries SET payload = x'00' WHERE kind = 'model'")
    page = tree / "resources" / "widget.md"
    page.write_text(page.read_text(encoding="utf-8").replace("A red widget.", "A reddish widget."), encoding="utf-8")
    _check(tree, resolves, RESOLVED, "a description edit with the last model damaged")


CORPUS = os.environ.get("DOCGEN_CORPUS")


@pytest.mark.skipif(not CORPUS, reason="set DOCGEN_CORPUS to the corpus folder")
def test_edits_of_corpus_pages_give_the_cold_model(tmp_path: Path, monkeypatch, resolves: list[int]) -> None:
    """A slice of the corpus (every page whose name starts with c or e, 462 pages), edited as
    writers do: descriptions of rows (most patched), type cells (one in a base type)."""
    source = Path(CORPUS or "") / "graph-docs-v1.0"
    docs = tmp_path / "docs"
    for page in sorted(source.rglob("*.md")):
        relative = page.relative_to(source)
        if relative.name[0] in "ce":
            (docs / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(page, docs / relative)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DOCGEN_CACHE_DIR", str(tmp_path / "cache"))
    _model(docs)
    rows = []
    for page in sorted(docs.rglob("*.md")):
        for line in page.read_text(encoding="utf-8", errors="replace").split("\n"):
            cells = line.split("|")
            if page.parent.name == "resources" and len(cells) >= 5 and " the " in cells[-2]:
                rows.append((page, line, cells))
    chosen = random.Random(18).sample(rows, 6)
    patched = 0
    for page, line, cells in chosen:
        changed = "|".join([*cells[:-2], cells[-2].replace(" the ", " a ", 1), cells[-1]])
        text = page.read_text(encoding="utf-8", errors="replace")
        page.write_text(text.replace(line, changed, 1), encoding="utf-8")
        patched += _check(docs, resolves, EITHER, f"description in {page.name}: {line[:60]}", whole=False)
    assert patched >= 3  # most description edits of the corpus are patched (210 of 213 sampled)
    page, line, cells = chosen[0]
    typed = "|".join([*cells[:2], " Int64 ", *cells[3:]])
    text = page.read_text(encoding="utf-8", errors="replace")
    page.write_text(text.replace(line.replace(" the ", " a ", 1), typed, 1), encoding="utf-8")
    _check(docs, resolves, EITHER, f"type cell in {page.name}")
    # primitive type cells of rows pages declare themselves, one in a base type: patched (every
    # one of 400 sampled on the whole v1.0 corpus, "Inherited from" rows repeating them or not),
    # each giving the cold model
    owned = [
        (page, line, cells)
        for page, line, cells in rows
        if cells[2].strip() in ("String", "Int32", "Boolean", "DateTimeOffset") and "inherited" not in line.lower()
    ]
    # educationResource: the base of five types (educationFileResource ...)
    base = [row for row in owned if row[0].name == "educationresource.md" and row[2][1].strip() == "createdDateTime"]
    assert base
    typed_patched = 0
    sampled = random.Random(18).sample(owned, 3)
    for page, line, cells in [*sampled, *base[:1]]:
        new_type = " Int64 " if cells[2].strip() != "Int64" else " String "
        text = page.read_text(encoding="utf-8", errors="replace")
        assert line in text, line
        page.write_text(text.replace(line, "|".join([*cells[:2], new_type, *cells[3:]]), 1), encoding="utf-8")
        how = PATCHED if page.name == "educationresource.md" else EITHER  # no derived page repeats the row
        typed_patched += _check(docs, resolves, how, f"type cell in {page.name}: {line[:60]}")
    assert typed_patched >= 3  # contact.lastModifiedDateTime, certificationControl.url, educationResource's
    # an API page's parameter or request body row (50 of 60 sampled on the v1.0 corpus patched)
    api_rows = []
    for page in sorted((docs / "api").glob("*.md")):
        for line in page.read_text(encoding="utf-8", errors="replace").split("\n"):
            cells = line.split("|")
            if len(cells) >= 5 and cells[2].strip() in ("String", "Int32", "Boolean"):
                api_rows.append((page, line, cells))
    api_patched = 0
    for page, line, cells in random.Random(18).sample(api_rows, 2):
        text = page.read_text(encoding="utf-8", errors="replace")
        page.write_text(text.replace(line, "|".join([*cells[:2], " Int64 ", *cells[3:]]), 1), encoding="utf-8")
        api_patched += _check(docs, resolves, EITHER, f"type cell in {page.name}: {line[:60]}")
    assert api_patched >= 1
    # own primitive rows added with their JSON key (229 of 240 sampled on the v1.0 corpus patched)
    added_patched = 0
    for n, (page, line, cells) in enumerate(random.Random(5).sample(owned, 3)):
        text = page.read_text(encoding="utf-8", errors="replace")
        if line not in text:
            continue
        name = f"addedByTest{n}"
        text = text.replace(line, f"| {name} | String | Added. |{' |' * (len(cells) - 5)}\n{line}", 1)
        text = text.replace('```json\n{\n', f'```json\n{{\n  "{name}": "String",\n', 1) if "## JSON representation" in text else text
        page.write_text(text, encoding="utf-8")
        added_patched += _check(docs, resolves, EITHER, f"row added in {page.name}: {line[:60]}")
    assert added_patched >= 2


def _others(tree: Path):
    """The page models of the fixture tree but widget.md."""
    from docgen.pipeline.build import _parse_one

    for page in sorted(tree.rglob("*.md")):
        if page.name != "widget.md":
            yield _parse_one((str(page), f"docs/{page.relative_to(tree).as_posix()}", page.read_bytes()))[0]


def test_a_patch_that_cannot_be_proved_is_refused(tree: Path) -> None:
    from dataclasses import replace

    from docgen.pipeline.build import _parse_one, build
    from docgen.pipeline.cache import Cache
    from docgen.resolve.patch import Changes, patch

    model = build([tree], cache=Cache(None), root=tree.parent, jobs=1).model
    widget = tree / "resources" / "widget.md"
    text = widget.read_text(encoding="utf-8")

    def parsed(changed: str):
        page, _ = _parse_one((str(widget), "docs/resources/widget.md", changed.encode()))
        return page

    old = parsed(text)
    changes = Changes()
    assert changes.add(old, parsed(text.replace("The widget's display name.", "Another name.")))
    patched = patch(model, changes)
    assert patched is not None and "Another name." in repr(patched) and "display name" not in repr(patched)
    # a model that holds another description at the row's place: not the model the edit was made to
    props = [replace(t, properties=tuple(replace(p, description="x") for p in t.properties)) for t in model.types]
    assert patch(replace(model, types=tuple(props)), changes) is None
    # a moved link whose old place the model holds (an unresolved link's diagnostic)
    changes.unseen.add(next(d.location for d in model.diagnostics if d.code == "unresolved-link"))
    assert patch(model, changes) is None
    # a primitive type cell made another: patched only with the resolve's index of "Inherited
    # from" rows, and only where the model holds the old type at the row's place
    from docgen.resolve.join import resolve_indexed

    retyped = Changes()
    assert retyped.add(old, parsed(text.replace("| size | Int32 |", "| size | Int64 |")))
    assert patch(model, retyped) is None
    index = resolve_indexed([old, *(parsed_page for parsed_page in _others(tree))])[1]
    assert ("microsoft.graph.widget", "id") in index
    typed = patch(model, retyped, index)
    assert typed is not None
    size = next(p for t in typed.types if t.name == "widget" for p in t.properties if p.name == "size")
    assert (size.type, size.type_cell) == ("Edm.Int64", "Int64")
    int16 = [replace(t, properties=tuple(replace(p, type="Edm.Int16") if p.name == "size" else p for p in t.properties))
             for t in model.types]
    assert patch(replace(model, types=tuple(int16)), retyped, index) is None
    # "Inherited from" rows repeat the property (the derived page's id row): refused
    keyed = Changes()
    assert keyed.add(old, parsed(text.replace("| id | String | The unique identifier. Inherited", "| id | Guid | The unique identifier. Inherited")))  is False
    # a type cell made to name a type: noted; patched only with the table of the pages' types the
    # resolve recorded (docgen.resolve.renamed), and only when the type is a documented complex
    # type or enum that no request URL goes through
    resolved = resolve_indexed([old, *_others(tree)])
    linked = Changes()
    assert linked.add(old, parsed(text.replace("| size | Int32 |", "| size | [part](part.md) |")))
    assert patch(model, linked, index) is None
    part = patch(model, linked, index, resolved[2], None, resolved[3])
    assert part is not None
    size = next(p for t in part.types if t.name == "widget" for p in t.properties if p.name == "size")
    assert (size.type, size.collection) == ("microsoft.graph.part", False)
    entity = Changes()
    assert entity.add(old, parsed(text.replace("| size | Int32 |", "| size | [entity](entity.md) |")))
    assert patch(model, entity, index, resolved[2], None, resolved[3]) is None  # an entity: its uses may change its kind
    unknown = Changes()
    assert unknown.add(old, parsed(text.replace("| size | Int32 |", "| size | sizeClass |")))
    assert patch(model, unknown, index, resolved[2], None, resolved[3]) is None  # no page documents it
    # a type renamed: refused before any patch
    assert not Changes().add(old, parsed(text.replace("# widget resource type", "# gadget resource type")))
    # a member added: noted (docgen.resolve.members), but the color row lists the members and
    # agreed with the table: its enum-mismatch warning would be new, at a column the model does not
    # hold (the type cell's): refused by the patch
    pink = Changes()
    assert pink.add(old, parsed(text.replace("| red | A red widget. |", "| red | A red widget. |\n| pink | Pink. |")))
    assert patch(model, pink, index) is None
