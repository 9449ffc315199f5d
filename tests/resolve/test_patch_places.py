"""A patch looks only at the types and operations holding a place on the edited pages
(docgen.resolve.places): the others are kept, the same objects, their lazy fields unread."""

from __future__ import annotations

from dataclasses import replace

import pytest

from docgen.extract.dispatch import extract_page
from docgen.model import lazy
from docgen.model.core import Model
from docgen.pipeline import plain
from docgen.read.source import decode_source
from docgen.resolve import patch as patching
from docgen.resolve.join import resolve_indexed
from docgen.resolve.places import PageIndex, carried, extras, held_paths, named_paths

PAGES = {
    "resources/entity.md": """# entity resource type

Namespace: microsoft.graph

The base type.

## Properties

| Property | Type | Description |
|:---|:---|:---|
| id | String | The identifier. Read-only. |
""",
    "resources/widget.md": """# widget resource type

Namespace: microsoft.graph

A widget.

Inherits from [entity](entity.md).

## Properties

| Property | Type | Description |
|:---|:---|:---|
| name | String | The widget's name. |
| size | Int32 | The widget's size. |
""",
    "resources/part.md": """# part resource type

Namespace: microsoft.graph

A part.

## Properties

| Property | Type | Description |
|:---|:---|:---|
| label | String | The part's label. |
""",
    "api/widget-get.md": """# Get widget

Namespace: microsoft.graph

Read a widget.

## HTTP request

```http
GET /widgets/{id}
```

## Response

If successful, this method returns a `200 OK` response code and a [widget](../resources/widget.md) object in the response body.
""",
    "api/part-get.md": """# Get part

Namespace: microsoft.graph

Read a part.

## HTTP request

```http
GET /parts/{id}
```

## Response

If successful, this method returns a `200 OK` response code and a [part](../resources/part.md) object in the response body.
""",
}


def _page(path: str, text: str):
    src, _ = decode_source(text.encode(), path)
    assert src is not None
    return extract_page(src)


def _resolved(pages: dict[str, str]):
    return resolve_indexed([_page(path, text) for path, text in pages.items()])


EDITS = [
    ("a row's description", "resources/widget.md", "The widget's name.", "The shown name."),
    ("a type's description", "resources/part.md", "A part.", "A part of a widget."),
    ("an operation's description", "api/widget-get.md", "Read a widget.", "Read one widget."),
    ("a primitive type cell", "resources/widget.md", "| size | Int32 |", "| size | Int64 |"),
    ("a line inserted", "resources/part.md", "A part.\n", "A part.\n\nMore prose.\n"),
]


RELATED = {"a primitive type cell": ("microsoft.graph.entity",)}
"""Types an edit reads beyond the edited page's: a type cell's row is compared with the rows of
its name in the type's bases and derived types (``property-redeclared``)."""


@pytest.mark.parametrize(("what", "path", "old", "new"), EDITS, ids=[e[0] for e in EDITS])
def test_a_patch_reads_only_the_objects_of_the_edited_page(what: str, path: str, old: str, new: str) -> None:
    model, inherited, compared, table = _resolved(PAGES)
    edited = {**PAGES, path: PAGES[path].replace(old, new, 1)}
    assert edited[path] != PAGES[path]
    changes = patching.Changes()
    assert changes.add(_page(path, PAGES[path]), _page(path, edited[path])), what
    stored = plain.decode(plain.encode(model))  # lazy, as a warm run reads it
    assert isinstance(stored, Model)
    index = PageIndex(stored, extras(model))
    before = sum(lazy.READS.values())
    patched = patching.patch(stored, changes, inherited, compared, None, table, index)
    assert patched is not None, what
    every = (*model.types, *model.operations)  # (the eager model, walked here: the lazy one is not)
    holding = [value for value, eager in zip((*stored.types, *stored.operations), every) if path in held_paths(eager)]
    assert patching.LAST_NEAR[0] == len(holding) > 0
    assert len(holding) < len(stored.types) + len(stored.operations)
    for old_value, new_value in zip((*stored.types, *stored.operations), (*patched.types, *patched.operations)):
        if not any(old_value is value for value in holding):
            assert new_value is old_value, what  # kept, the same object
            if getattr(old_value, "qualified_name", None) not in RELATED.get(what, ()):
                assert lazy.pending(old_value) == old_value.__dict__.get(lazy.PENDING, {}), what  # never read
    assert sum(lazy.READS.values()) - before <= 3 * len(holding)
    cold = _resolved(edited)[0]
    assert patched == replace(cold, pages=patched.pages), what
    assert plain.encode(patched.types) == plain.encode(cold.types)
    assert plain.encode(patched.operations) == plain.encode(cold.operations)
    # without an index every object is looked at, and the patch is the same
    assert patching.patch(plain.decode(plain.encode(model)), changes, inherited, compared, None, table) == patched
    assert patching.LAST_NEAR[0] == -1


def test_places_beyond_an_objects_own_pages_are_recorded_and_carried() -> None:
    model, *_ = _resolved(PAGES)
    found = extras(model)
    for path, type_indices, operation_indices in found:
        for i in type_indices:
            assert path in held_paths(model.types[i]) and path not in named_paths(model.types[i])
        for i in operation_indices:
            assert path in held_paths(model.operations[i]) and path not in named_paths(model.operations[i])
    for values in (model.types, model.operations):
        for value in values:
            beyond = held_paths(value) - named_paths(value)
            assert all(any(row[0] == path for row in found) for path in beyond)
    # a patched model keeps the rows of the objects it kept, walks the ones it made
    changed = replace(model, types=(replace(model.types[0], description="x"), *model.types[1:]))
    assert carried(model, found, changed) == extras(changed)
    assert carried(model, found, replace(model, types=model.types[1:])) is None
