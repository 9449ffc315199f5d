"""Properties a resource page shows only in its JSON representation (docgen.extract.representation
and the drift rule that finds them there), on an excerpt of the real Graph docs."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from docgen.checks.drift.compare import compare, load_metadata
from docgen.diagnostics import Location
from docgen.extract.representation import (
    NO_ROW_CELL,
    placeholder_type,
    representation_only,
)
from docgen.model.core import Example, Model, Property, TypeDef
from docgen.pipeline.build import build_model

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
PAGE = FIXTURES / "pages" / "corpus-resources-printjobconfiguration-excerpt.md"
CSDL = FIXTURES / "csdl" / "printjobconfiguration-excerpt.csdl.xml"


@pytest.mark.parametrize(
    "value, expected",
    [
        ("String", ("Edm.String", False)),
        ("string (identifier)", ("Edm.String", False)),
        ("String (timestamp)", ("Edm.DateTimeOffset", False)),
        ("String (ISO 8601 duration)", ("Edm.Duration", False)),
        ("String (time of day)", ("Edm.TimeOfDay", False)),
        ("Integer", ("Edm.Int32", False)),
        ("Guid", ("Edm.Guid", False)),
        ("<Unknown Primitive Type Edm.Stream>", ("Edm.Stream", False)),
        ("2016-01-01T15:20:01.125Z", ("Edm.DateTimeOffset", False)),
        ("notStarted | running | completed | failed", ("Edm.String", False)),
        (True, ("Edm.Boolean", False)),
        (["String"], ("Edm.String", True)),
        ({"@odata.type": "microsoft.graph.identitySet"}, ("microsoft.graph.identitySet", False)),
        ([{"@odata.type": "#microsoft.graph.passwordCredential"}], ("microsoft.graph.passwordCredential", True)),
        ("collection(microsoft.graph.permissionGrantConditionSet)", ("microsoft.graph.permissionGrantConditionSet", True)),
        ("@odata.type: microsoft.graph.securityResourceType", ("microsoft.graph.securityResourceType", False)),
        ({"id": "String"}, ("Edm.Untyped", False)),
    ],
)
def test_placeholder_types(value, expected):
    assert placeholder_type(value) == expected


@pytest.fixture(scope="module")
def model(tmp_path_factory) -> Model:
    root = tmp_path_factory.mktemp("docs")
    (root / "resources").mkdir()
    shutil.copy(PAGE, root / "resources" / "printjobconfiguration.md")
    return build_model([root], jobs=1, root=root)


def test_a_key_the_tables_lack_is_read_from_the_representation(model):
    # printjobconfiguration.md: the table has no fitPdfToPage row; the representation has
    # `"fitPdfToPage": "Boolean"` (line 43 of the excerpt)
    (typedef,) = [t for t in model.types if t.name == "printJobConfiguration"]
    # issue 16: the key is a property of the model, marked as no table row's
    (read,) = [p for p in typedef.properties if p.name == "fitPdfToPage"]
    assert read.type_cell.startswith(NO_ROW_CELL)
    (extra,) = representation_only(typedef)
    assert (extra.name, extra.type, extra.collection) == ("fitPdfToPage", "Edm.Boolean", False)
    assert (extra.location.path, extra.location.line, extra.location.col) == ("resources/printjobconfiguration.md", 43, 3)


def test_drift_finds_it_there_and_still_reports_the_gap(model):
    metadata, diagnostics = load_metadata(CSDL)
    assert metadata is not None and diagnostics == []
    report = compare(model, metadata)
    kinds = [(f.kind, f.property) for f in report.findings if f.severity.label != "info"]
    assert kinds == [("property-only-in-representation", "fitPdfToPage")]
    (finding,) = [f for f in report.findings if f.kind == "property-only-in-representation"]
    assert finding.location.line == 43 and finding.docs_value == "Edm.Boolean"
    assert report.summary.figure("property_recall").ratio == 1.0
    assert report.summary.figure("property_type_agreement").ratio == 1.0


def _typedef(body: dict, **kw) -> TypeDef:
    example = Example("resource", "", Location("resources/x.md", 30), {"blockType": "resource"}, body=body)
    return TypeDef("x", "microsoft.graph", "complex", Location("resources/x.md", 1), representation=example, **kw)


def test_open_types_and_data_keys_are_not_properties():
    body = {"name": "String", "DistortedSpeech": True, "4e98f8f1-bb03": "String", "@odata.type": "#x"}
    assert [p.name for p in representation_only(_typedef(body))] == ["name"]
    assert representation_only(_typedef(body, open_type=True)) == ()
    tabled = _typedef(body, properties=(Property("Name", "Edm.String", False, Location("resources/x.md", 20)),))
    assert representation_only(tabled) == ()
    # an unqualified placeholder type takes the type's namespace
    (prop,) = representation_only(replace(_typedef({"size": {"@odata.type": "sizeInfo"}})))
    assert prop.type == "microsoft.graph.sizeInfo"
