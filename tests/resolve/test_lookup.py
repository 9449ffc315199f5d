"""A type cell is looked up the same way from a resolved model's index as the resolver looks it up.

:mod:`docgen.resolve.renamed` patches a type cell by looking it up in a
:class:`~docgen.resolve.lookup.StoredIndex` (the model's pages and types, and the table of the pages'
types the resolve recorded) instead of the resolver. For every non-primitive type cell of every page
(the fixture tree's; with ``$DOCGEN_CORPUS``, the v1.0 corpus's), where no undocumented type has a
name the lookup reads (those the patch refuses), both must give the same type.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import REPO
from docgen.pipeline.build import _parse_one
from docgen.read.typecells import TypeRef
from docgen.resolve import join
from docgen.resolve.lookup import StoredIndex, is_page_types_table, lookup, names_looked_at

CORPUS = os.environ.get("DOCGEN_CORPUS")


def _pages(docs: Path) -> list:
    out = []
    for path in sorted(docs.rglob("*.md")):
        page = _parse_one((str(path), path.relative_to(docs.parent).as_posix(), path.read_bytes()))[0]
        if page is not None:
            out.append(page)
    return out


def _compare(pages: list) -> tuple[int, int]:
    """(cells compared, cells left out); asserts every compared cell gives the same key."""
    model, _, _, table = join.resolve_indexed(pages)
    assert is_page_types_table(table)
    index = StoredIndex([p.path for p in model.pages],
                        [(t.name, t.namespace, t.qualified_name.lower(), t.documented) for t in model.types], table)
    resolver = join._Resolver(pages)  # as the resolve has it when it reads the rows: every page's types
    resolver.collect()
    resolver.collect_derived()
    undocumented = {t.name.lower() for t in model.types if not t.documented}
    compared = left = 0
    for page in pages:
        namespace = page.namespace or "microsoft.graph"
        refs: list[TypeRef] = [row.ref for t in page.types for row in t.properties]
        refs += [row.ref for op in page.operations for row in op.parameters]
        for ref in refs:
            if ref.primitive:
                continue
            if names_looked_at(ref, namespace) & undocumented:
                left += 1
                continue
            compared += 1
            assert lookup(index, ref, namespace) == resolver.lookup(ref, namespace), (ref, page.info.path)
    return compared, left


def test_the_fixture_trees_cells_are_looked_up_alike() -> None:
    compared, _ = _compare(_pages(REPO / "tests" / "fixtures" / "incremental"))
    assert compared >= 5


def test_a_damaged_table_is_not_a_table() -> None:
    assert not is_page_types_table((("docs/a.md", (("a", ("x",), "resource", "entity")),),))  # 4 fields
    assert not is_page_types_table((("docs/a.md", (("a", "x", "resource", "entity", "k"),)),))  # anchors not a tuple
    assert is_page_types_table((("docs/a.md", (("a", ("x",), "resource", "entity", "k"),)),))


@pytest.mark.skipif(not CORPUS or not (Path(CORPUS) / "graph-docs-v1.0").is_dir(),
                    reason="DOCGEN_CORPUS is not set to a folder holding graph-docs-v1.0/ (the real Graph docs)")
def test_the_corpus_cells_are_looked_up_alike() -> None:
    compared, left = _compare(_pages(Path(CORPUS or "") / "graph-docs-v1.0"))
    assert compared > 2000 and left < compared  # 2,967 and 2 on the v1.0 corpus
