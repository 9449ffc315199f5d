"""The page index against looking at every object (review2, issue 18): each patch a warm run makes
with the index (docgen.resolve.places) equals the patch of the same model and changes made looking
at every type and operation, for every edit of test_incremental_model's list and for pages whose
objects hold places on other pages (an enum table and a body row's type on an API page, a type
documented on two pages)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "pipeline"))
from test_incremental_model import EDITS, WIDGET_MORE, tree  # noqa: F401 - the fixture

from docgen.cli.main import main
from docgen.resolve import patch as patching

API_ENUM = """---
title: "Sort widgets"
---

# widget: sort

Namespace: microsoft.graph

Sort the widgets.

## HTTP request

<!-- { "blockType": "ignored" } -->

```http
POST /widgets/sort
```

## Request body

| Parameter | Type | Description |
|:---|:---|:---|
| order | sortOrder | The order. |
| gauge | gauge | What to sort by. |

### sortOrder values

| Member | Description |
|:---|:---|
| ascending | Smallest first. |
| descending | Largest first. |

## Response

If successful, this method returns a `204 No Content` response code.
"""


API_LIST = """---
title: "List things"
---

# List things

Namespace: microsoft.graph

Get the things of a widget.

## HTTP request

<!-- { "blockType": "ignored" } -->

```http
GET /widgets/{id}/things
```

## Response

If successful, this method returns a `200 OK` response code and a collection of [widget](../resources/widget.md) objects in the response body.
"""


@pytest.fixture()
def compared(monkeypatch) -> list[tuple[int, bool]]:
    """Every patch made, as (objects the index named, whether it equals the patch of every object)."""
    made: list[tuple[int, bool]] = []
    original = patching.patch

    def both(model, changes, inherited=None, compared=None, type_cell=None, table=None, index=None):
        got = original(model, changes, inherited, compared, type_cell, table, index)
        near = patching.LAST_NEAR[0]
        every = original(model, changes, inherited, compared, type_cell, table, None)
        made.append((near if got is not None else -2, (got is None) == (every is None) and (got is None or got == every)))
        return got

    monkeypatch.setattr(patching, "patch", both)
    return made


def _model(docs: Path) -> None:
    result = CliRunner().invoke(main, ["model", str(docs), "--format", "json", "--jobs", "1", "-q"])
    assert "Traceback" not in result.output


def _edits(docs: Path, edits) -> None:
    _model(docs)
    for what, name, old, new, *_ in edits:
        page = docs / name
        text = page.read_text(encoding="utf-8")
        assert old in text, what
        page.write_text(text.replace(old, new, 1), encoding="utf-8")
        _model(docs)


def test_every_listed_edit_patches_as_looking_at_every_object(tree: Path, compared) -> None:  # noqa: F811
    _edits(tree, EDITS)
    assert all(same for _, same in compared), compared
    assert sum(1 for near, _ in compared if near >= 0) >= 30, compared  # the index was used


def test_objects_holding_places_on_other_pages_are_found(tree: Path, compared) -> None:  # noqa: F811
    (tree / "api" / "widget-sort.md").write_text(API_ENUM, encoding="utf-8")
    (tree / "resources" / "widget-more.md").write_text(WIDGET_MORE, encoding="utf-8")
    (tree / "api" / "widget-list-things.md").write_text(API_LIST, encoding="utf-8")
    _edits(tree, [
        ("a page whose request URL gives a type a property: a line moved", "api/widget-list-things.md",
         "Get the things", "\nGet the things"),
        ("its description", "api/widget-list-things.md", "Get the things of a widget.", "Get a widget's things."),
        ("an API page's enum member description", "api/widget-sort.md", "Smallest first.", "Least first."),
        ("an API page's line moved", "api/widget-sort.md", "Sort the widgets.", "\nSort the widgets."),
        ("an API page's body row description", "api/widget-sort.md", "What to sort by.", "The sort key."),
        ("an API page's body row type", "api/widget-sort.md", "| gauge | gauge |", "| gauge | String |"),
        ("an API page's enum member added", "api/widget-sort.md", "| descending | Largest first. |",
         "| descending | Largest first. |\n| random | Any order. |"),
        ("a second page's row description", "resources/widget-more.md", "The widget's weight.", "Its weight."),
        ("a second page's line moved", "resources/widget-more.md", "More about widgets", "\nMore about widgets"),
        ("a second page's row type", "resources/widget-more.md", "| weight | Int32 |", "| weight | Double |"),
        ("the first page's line moved", "resources/widget.md", "A widget on a shelf.", "\nA widget on a shelf."),
        ("an inherited row's description", "resources/widget.md", "Inherited from [entity](entity.md).",
         "Inherited from the [entity](entity.md)."),
        ("the base's row the derived page repeats", "resources/entity.md", "| id | String |", "| id | Guid |"),
    ])
    assert all(same for _, same in compared), compared
    assert sum(1 for near, _ in compared if near >= 0) >= 5, compared
