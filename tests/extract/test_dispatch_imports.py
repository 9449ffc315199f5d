"""Reading a page loads the API page readers only when the page is an API page: a warm edit of a
resource page (the one page re-read) does not import them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_API_READERS = {"docgen.extract.api", "docgen.extract.api_body", "docgen.extract.api_response"}

_API_PAGE = """---
title: "Get user"
doc_type: apiPageType
---

# Get user

Namespace: microsoft.graph

Read a user.

## HTTP request

```http
GET /users/{id}
```
"""


def _loaded_after(code: str) -> set[str]:
    script = f"import sys\n{code}\nprint(' '.join(m for m in sys.modules if m.startswith('docgen')))"
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": str(ROOT), "PATH": ""})
    return set(out.stdout.split())


def test_dispatch_does_not_import_the_api_readers():
    loaded = _loaded_after("import docgen.extract.dispatch")
    assert "docgen.extract.dispatch" in loaded
    assert not loaded & _API_READERS


def test_an_api_page_imports_them(tmp_path):
    page = tmp_path / "user-get.md"
    page.write_text(_API_PAGE, encoding="utf-8")
    loaded = _loaded_after(
        "from pathlib import Path\n"
        "from docgen.extract.dispatch import extract_page\n"
        "from docgen.read.source import SourcePage\n"
        f"text = Path({str(page)!r}).read_text(encoding='utf-8')\n"
        "model = extract_page(SourcePage('api/user-get.md', text, ''))\n"
        "assert model.operations and not model.info.kind == 'unknown', model"
    )
    assert _API_READERS <= loaded
