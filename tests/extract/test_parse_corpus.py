"""The whole v1.0 corpus: every page parses, and yields a type, an operation or a diagnostic saying
why not. Needs DOCGEN_CORPUS (the folder holding graph-docs-v1.0/)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from docgen.diagnostics import Severity
from docgen.extract.dispatch import extract_page
from docgen.read.source import read_source
from docgen.resolve.join import resolve


@pytest.fixture(scope="module")
def corpus_pages():
    root = os.environ.get("DOCGEN_CORPUS")
    if not root or not (Path(root) / "graph-docs-v1.0").is_dir():
        pytest.skip("DOCGEN_CORPUS is not set to a folder holding graph-docs-v1.0/")
    docs = Path(root) / "graph-docs-v1.0"
    out = []
    for path in sorted(docs.glob("*/*.md")):
        src, diagnostics = read_source(path, path.relative_to(docs).as_posix())
        assert src is not None, diagnostics
        out.append(extract_page(src))
    return out


def test_every_page_yields_something(corpus_pages):
    assert len(corpus_pages) == 3341
    silent = [
        p.info.path
        for p in corpus_pages
        if not p.types
        and not p.operations
        and not any(d.severity >= Severity.WARNING or d.code == "conceptual-page" for d in p.diagnostics)
    ]
    assert silent == []
    crashed = [d.format() for p in corpus_pages for d in p.diagnostics if d.code == "internal-error"]
    assert crashed == []


def test_page_kinds_and_operations(corpus_pages):
    kinds = {}
    for p in corpus_pages:
        kinds[p.info.kind] = kinds.get(p.info.kind, 0) + 1
    assert kinds["api"] >= 2090 and kinds["resource"] >= 1000 and kinds["enum"] >= 140
    operations = [op for p in corpus_pages for op in p.operations]
    with_lines = sum(1 for op in operations if op.request_lines)
    assert with_lines >= len(operations) - 5
    with_response = sum(1 for op in operations if op.response is not None)
    assert with_response >= len(operations) - 10
    # 86 pages have a "Function parameters" section (one says only "Do not supply a request body"),
    # others "Path parameters" or "Query parameters" tables: 122 operations measured
    assert sum(1 for op in operations if op.parameters) >= 120
    typed_bodies = sum(1 for op in operations if op.body is not None and op.body.ref is not None)
    assert typed_bodies >= 500


def test_whole_tree_resolves(corpus_pages):
    model = resolve(corpus_pages)
    index = model.type_index()
    user = index["microsoft.graph.user"]
    assert user.base == "microsoft.graph.directoryObject" and user.kind == "entity"
    assert len([t for t in model.types if t.documented]) > 1300
    assert index["microsoft.graph.riskLevel"].kind == "enum"
