"""A type's name from its resource annotation (issue 16 item 3): the Dynamics pages title the type
"vendors" and annotate it ``microsoft.graph.vendor``; the annotation is the type. Modern excerpt in
tests/fixtures/modern/annotation_name/."""

from __future__ import annotations

from pathlib import Path

from docgen.extract.dispatch import extract_page
from docgen.read.source import read_source

PAGE = Path(__file__).resolve().parents[1] / "fixtures" / "modern" / "annotation_name" / "resources" / "dynamics-vendor.md"


def test_the_annotation_names_the_type_and_the_title_mismatch_is_said_once():
    src, _ = read_source(PAGE, "resources/dynamics-vendor.md")
    page = extract_page(src)
    (vendor,) = [t for t in page.types if t.origin == "resource"]
    assert (vendor.namespace, vendor.name, vendor.kind) == ("microsoft.graph", "vendor", "entity")
    assert [p.name for p in vendor.properties] == ["id", "number", "displayName", "balance"]
    (mismatch,) = [d for d in page.diagnostics if d.code == "type-name-mismatch"]
    assert '"vendors"' in mismatch.message and "microsoft.graph.vendor" in mismatch.message
    assert mismatch.location.line == 10
