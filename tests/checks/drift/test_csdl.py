"""docgen.checks.drift.csdl: reading OData CSDL metadata (fixtures are excerpts of graph-metadata/v1.0.csdl.xml)."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.checks.drift.csdl import CsdlMetadata, parse_csdl, read_csdl
from docgen.diagnostics import Severity

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "csdl"
EXCERPT = FIXTURES / "graph-v1.0-excerpt.csdl.xml"


@pytest.fixture(scope="module")
def metadata() -> CsdlMetadata:
    meta, diagnostics = read_csdl(EXCERPT, "excerpt.xml")
    assert diagnostics == []
    assert meta is not None
    return meta


def test_types_per_namespace_sorted(metadata):
    names = [t.qualified_name for t in metadata.types]
    assert names == sorted(names, key=str.lower)
    assert "microsoft.graph.callRecords.clientUserAgent" in names
    assert metadata.namespaces == ("microsoft.graph", "microsoft.graph.callRecords")
    assert metadata.aliases == (("graph", "microsoft.graph"),)
    kinds = {t.name: t.kind for t in metadata.types}
    assert (
        kinds["entity"] == "entity"
        and kinds["identity"] == "complex"
        and kinds["mailTipsType"] == "enum"
    )


def test_aliases_collections_and_nullable(metadata):
    index = metadata.type_index()
    policy = index["microsoft.graph.appliedconditionalaccesspolicy"]
    props = {p.name: p for p in policy.properties}
    assert (
        props["result"].type == "microsoft.graph.appliedConditionalAccessPolicyResult"
    )
    assert props["result"].collection is False
    assert props["enforcedGrantControls"].type == "Edm.String"
    assert props["enforcedGrantControls"].collection is True
    assert props["displayName"].nullable is True
    assert index["microsoft.graph.entity"].properties[0].nullable is False


def test_navigation_base_abstract_open(metadata):
    index = metadata.type_index()
    root = index["microsoft.graph.auditlogroot"]
    (nav,) = root.properties
    assert nav.navigation and nav.contains_target and nav.collection
    assert nav.type == "microsoft.graph.directoryAudit"
    assert nav.line == 41
    assert root.base == "microsoft.graph.entity"
    assert index["microsoft.graph.entity"].abstract is True
    assert index["microsoft.graph.entity"].key == ("id",)
    assert index["microsoft.graph.identity"].open_type is True
    assert index["microsoft.graph.useridentity"].base == "microsoft.graph.identity"
    assert (
        index["microsoft.graph.callrecords.clientuseragent"].base
        == "microsoft.graph.callRecords.userAgent"
    )


def test_enum_members_and_flags(metadata):
    index = metadata.type_index()
    result = index["microsoft.graph.appliedconditionalaccesspolicyresult"]
    assert [m.name for m in result.members][-1] == "unknownFutureValue"
    assert result.members[3].value == 3 and result.members[3].line == 10
    assert result.flags is False
    assert index["microsoft.graph.mailtipstype"].flags is True


def test_malformed_xml_is_a_diagnostic():
    meta, diagnostics = read_csdl(FIXTURES / "malformed.csdl.xml", "bad.xml")
    assert meta is None
    (diag,) = diagnostics
    assert diag.severity == Severity.ERROR and diag.code == "csdl-invalid-xml"
    assert diag.location.path == "bad.xml" and diag.location.line == 8


@pytest.mark.parametrize("text", ["", "not xml at all", "<a><b></a>", "\x00"])
def test_garbage_never_raises(text):
    meta, diagnostics = parse_csdl(text, "x.xml")
    assert meta is None
    assert diagnostics and diagnostics[0].severity == Severity.ERROR


def test_not_csdl_and_missing_file(tmp_path):
    meta, diagnostics = parse_csdl("<root><child/></root>", "x.xml")
    assert meta is None and diagnostics[0].code == "csdl-no-schema"
    meta, diagnostics = read_csdl(tmp_path / "absent.xml", "absent.xml")
    assert meta is None and diagnostics[0].code == "csdl-unreadable"


def test_nameless_and_duplicate_elements_are_warnings():
    text = """<Edmx><DataServices><Schema Namespace="ns">
      <EntityType><Property Name="a" Type="Edm.String"/></EntityType>
      <ComplexType Name="c"><Property Type="Edm.String"/><Property Name="p"/></ComplexType>
      <ComplexType Name="C"/>
      <EnumType Name="e"><Member Value="1"/><Member Name="m" Value="x"/></EnumType>
    </Schema></DataServices></Edmx>"""
    meta, diagnostics = parse_csdl(text, "x.xml")
    assert meta is not None
    assert [t.qualified_name for t in meta.types] == ["ns.c", "ns.e"]
    codes = [d.code for d in diagnostics]
    assert sorted(codes) == sorted(
        [
            "csdl-type-without-name",
            "csdl-property-without-name",
            "csdl-property-without-type",
            "csdl-duplicate-type",
            "csdl-member-without-name",
            "csdl-member-bad-value",
        ]
    )
    assert all(d.severity == Severity.WARNING for d in diagnostics)
    assert meta.type_index()["ns.e"].members[0].value is None


def test_same_bytes_same_result():
    data = EXCERPT.read_bytes()
    assert parse_csdl(data, "a.xml") == parse_csdl(data, "a.xml")
