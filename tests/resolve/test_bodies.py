"""Which example edits :func:`docgen.resolve.bodies.changed_bodies` takes, and that the patch they
give is the whole resolve's."""

from __future__ import annotations

import pytest

from docgen.pipeline.build import _parse_one
from docgen.resolve import join
from docgen.resolve.bodies import changed_bodies
from docgen.resolve.patch import Changes, patch

PAGE = """# Create shelf

Namespace: microsoft.graph

Create a shelf.

## HTTP request

```http
POST /shelves
```

## Request body

| Property | Type | Description |
|:---|:---|:---|
| label | String | The label. |

## Response

If successful, this method returns a `201 Created` response code and a shelf object.

## Examples

### Request

<!-- { "blockType": "request", "name": "create_shelf" } -->

```http
POST https://graph.microsoft.com/v1.0/shelves
Content-type: application/json

{
  "label": "Top",
  "size": 3
}
```

### Response

<!-- { "blockType": "response", "@odata.type": "microsoft.graph.shelf" } -->

```http
HTTP/1.1 201 Created
Content-type: application/json

{
  "id": "1",
  "label": "Top"
}
```
"""


def parse(text: str):
    return _parse_one(("shelf.md", "docs/api/shelf-create.md", text.encode("utf-8")))[0]


@pytest.mark.parametrize(
    "what, old, new, taken",
    [
        ("a value", '"label": "Top",', '"label": "Bottom",', 1),
        ("a value on more lines", '"size": 3', '"size":\n    3', 1),
        ("both examples' values", '"Top"', '"Middle"', 2),
        ("a key renamed", '"size": 3', '"width": 3', 0),
        ("a key added", '"size": 3', '"size": 3,\n  "depth": 2', 0),
        ("JSON broken", '"size": 3', '"size": 3,', 0),
        ("the URL", "v1.0/shelves", "v1.0/shelves?x=1", 0),
    ],
)
def test_bodies_taken(what: str, old: str, new: str, taken: int) -> None:
    before = parse(PAGE)
    after = parse(PAGE.replace(old, new) if taken == 2 else PAGE.replace(old, new, 1))
    assert after != before, what
    _, table = changed_bodies(before, after)
    assert len(table) == taken, what


@pytest.mark.parametrize("old, new", [('"label": "Top",', '"label": "Bottom",'), ('"size": 3', '"size":\n    3')])
def test_the_patch_is_the_whole_resolve(old: str, new: str) -> None:
    before, after = parse(PAGE), parse(PAGE.replace(old, new, 1))
    model, inherited, compared, _ = join.resolve_indexed([before])
    changes = Changes()
    assert changes.add(before, after)
    got = patch(model, changes, inherited, compared)
    assert got is not None
    assert got == join.resolve([after])
    assert got != model
