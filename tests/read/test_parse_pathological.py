"""Hostile markdown must finish and yield a page model (no timing assertions)."""

from __future__ import annotations

import pytest

from docgen.extract.dispatch import extract_page
from docgen.read.source import decode_source

CASES = {
    "brackets": "[](" * 20000,
    "emphasis": "**_* " * 20000,
    "underscores": "?c_" * 100000,
    "blockquotes": ">" * 5000 + " deep\n",
    "nested-quote-lines": "".join(">" * i + " x\n" for i in range(0, 2000, 7)),
    "table-pipes": "|a|b|\n|-|-|\n" + "|x|" * 20000 + "\n",
    "annotation": "<!-- {" + '"a": [' * 5000 + " -->\n```http\nGET /x\n```\n",
    "json-body": "---\ndoc_type: apiPageType\n---\n# t\n## HTTP request\n```http\nGET /x\n```\n"
    '<!-- {"blockType": "request", "name": "n"} -->\n```http\nPOST /x\n\n'
    + "[" * 20000
    + "\n```\n",
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_pathological_page_finishes(name):
    src, _ = decode_source(CASES[name].encode(), f"{name}.md")
    model = extract_page(src)
    assert model.info.path == f"{name}.md"
    assert not [d for d in model.diagnostics if d.code == "internal-error"]
