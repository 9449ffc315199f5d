"""Pages added and removed: the warm ``generate`` writes what a ``--no-cache`` run writes (issue 18).

Adding or removing a page is a whole resolve (no patch): every type and operation of the model is
a new object, the navigation tree is keyed anew, and the render must still reuse only what is
current. An API page and a resource page are each added and then removed, one warm generate per
step on one cache and one output folder, and after every step the output folder and the printed
diagnostics are compared byte for byte with a ``--no-cache`` run into an empty folder. The corpus
variant (``$DOCGEN_CORPUS``) does the same on a copy of the v1.0 pages.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from test_incremental_render import FIXTURE, _generate, _tree

NEW_API = """---
title: "Get gizmo parts"
description: "Get the parts of a gizmo."
doc_type: apiPageType
---

# List gizmo parts

Namespace: microsoft.graph

Get the parts of a [gizmo](../resources/gizmo.md).

## HTTP request
<!-- { "blockType": "ignored" } -->
```http
GET /gizmos/{id}/parts
```

## Request headers
| Header | Value |
|:-------|:------|
| Authorization | Bearer {token}. Required. |

## Request body
Don't supply a request body for this method.

## Response

If successful, this method returns a `200 OK` response code and a collection of
[part](../resources/part.md) objects in the response body.

## Example

### Request
<!-- {
  "blockType": "request",
  "name": "list_gizmo_parts"
} -->
```http
GET https://graph.microsoft.com/v1.0/gizmos/3/parts
```
### Response
<!-- {
  "blockType": "response",
  "truncated": true,
  "@odata.type": "microsoft.graph.part",
  "isCollection": true
} -->
```http
HTTP/1.1 200 OK
Content-type: application/json

{
  "value": [
    {
      "id": "9"
    }
  ]
}
```
"""

NEW_RESOURCE = """---
title: "sprocket resource type"
description: "A sprocket."
doc_type: resourcePageType
---

# sprocket resource type

Namespace: microsoft.graph

A sprocket. Inherits from [thing](thing.md).

## Properties
| Property | Type | Description |
|:---------|:-----|:------------|
|teeth|Int32|How many teeth it has.|
|gauge|String|Its gauge.|
"""


def _add(docs: Path, rel: str, text: str) -> Callable[[], None]:
    def step() -> None:
        page = docs / rel
        assert not page.exists(), rel
        page.write_text(text, encoding="utf-8")
    return step


def _remove(docs: Path, rel: str, keep: Path) -> Callable[[], None]:
    def step() -> None:
        keep.mkdir(exist_ok=True)
        shutil.move(str(docs / rel), str(keep / Path(rel).name))
    return step


def _steps_give_the_bytes_of_cold_runs(tmp_path: Path, docs: Path, steps: list[tuple[str, Callable[[], None]]]) -> None:
    out, cache = tmp_path / "out", tmp_path / "cache"
    _generate(docs, out, cache)
    before = _tree(out)
    for n, (what, step) in enumerate(steps):
        step()
        printed, warm = _generate(docs, out, cache)
        after = _tree(out)
        # (what the run printed last, should it write nothing: one such failure, once, under load)
        assert after != before, f"{what}: no generated file changed (the step tests nothing): {printed[-1500:]!r}"
        cold_out = tmp_path / f"cold-{n}"
        _, cold = _generate(docs, cold_out, tmp_path / f"unused-{n}", "--no-cache")
        assert after == _tree(cold_out), what
        assert warm == cold, what
        shutil.rmtree(cold_out)
        before = after


def test_pages_added_and_removed_give_the_bytes_of_a_cold_run(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(FIXTURE, docs)
    (docs / "NOTE.txt").unlink()
    keep = tmp_path / "kept"
    _steps_give_the_bytes_of_cold_runs(tmp_path, docs, [
        ("API page added", _add(docs, "api/gizmo-list-parts.md", NEW_API)),
        ("resource page added", _add(docs, "resources/sprocket.md", NEW_RESOURCE)),
        ("API page removed", _remove(docs, "api/widget-list-parts.md", keep)),
        ("resource page removed", _remove(docs, "resources/sprocket.md", keep)),
        ("added API page removed", _remove(docs, "api/gizmo-list-parts.md", keep)),
        ("API page back", lambda: shutil.move(str(keep / "widget-list-parts.md"), str(docs / "api"))),
    ])


def _renamed_api_page(source: Path, title: str) -> str:
    """``source``'s text with its ``# `` title replaced by ``title`` (a new operation name)."""
    lines = source.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("# "))
    lines[at] = f"# {title}"
    return "\n".join(lines)


def test_corpus_pages_added_and_removed_give_the_bytes_of_a_cold_run(corpus: Path, tmp_path: Path) -> None:
    """On a copy of the v1.0 pages: an API page added (a copy of one under a new title), an API
    page removed, a resource page removed and a new resource page added, one generate each."""
    docs = tmp_path / "docs"
    shutil.copytree(corpus / "graph-docs-v1.0", docs)
    keep = tmp_path / "kept"
    added = _renamed_api_page(docs / "api" / "group-get.md", "Get group again")
    resource = NEW_RESOURCE.replace("[thing](thing.md)", "[directoryObject](directoryobject.md)")
    _steps_give_the_bytes_of_cold_runs(tmp_path, docs, [
        ("API page added", _add(docs, "api/group-get-again.md", added)),
        ("API page removed", _remove(docs, "api/application-delete.md", keep)),
        ("resource page removed", _remove(docs, "resources/plannerplandetails.md", keep)),
        ("resource page added", _add(docs, "resources/sprocket.md", resource)),
    ])
