"""docgen.checks.drift.compare: hand-built models against tests/fixtures/csdl/graph-v1.0-excerpt.csdl.xml."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from docgen.checks.drift.compare import compare, load_metadata, pages_by_type_name
from docgen.checks.drift.csdl import CsdlMetadata
from docgen.checks.drift.report import KINDS, disagreement_classes
from docgen.diagnostics import Diagnostic, Location, Severity
from docgen.model.core import EnumMember, Model, PageInfo, Property, TypeDef

EXCERPT = Path(__file__).resolve().parents[2] / "fixtures" / "csdl" / "graph-v1.0-excerpt.csdl.xml"
NS = "microsoft.graph"


@pytest.fixture(scope="module")
def metadata() -> CsdlMetadata:
    meta, diagnostics = load_metadata(EXCERPT)
    assert meta is not None and diagnostics == []
    return meta


def prop(
    name, type_="Edm.String", collection=False, line=10, page="docs/x.md", **kw
) -> Property:
    return Property(
        name=name,
        type=type_,
        collection=collection,
        location=Location(page, line),
        **kw,
    )


def typedef(
    name, kind="entity", props=(), base=None, namespace=NS, members=(), documented=True
) -> TypeDef:
    page = f"docs/{name.lower()}.md"
    return TypeDef(
        name=name,
        namespace=namespace,
        kind=kind,
        location=Location(page, 1),
        base=base,
        properties=tuple(
            replace(p, location=Location(page, p.location.line)) for p in props
        ),
        members=tuple(
            EnumMember(m, Location(page, 20 + i)) for i, m in enumerate(members)
        ),
        documented=documented,
    )


def faithful_types() -> list[TypeDef]:
    """Docs that say exactly what the excerpt says."""
    return [
        typedef("entity", props=[prop("id")]),
        typedef(
            "appliedConditionalAccessPolicy",
            "complex",
            [
                prop("displayName"),
                prop("enforcedGrantControls", collection=True),
                prop("enforcedSessionControls", collection=True),
                prop("id"),
                prop("result", f"{NS}.appliedConditionalAccessPolicyResult"),
            ],
        ),
        typedef("identity", "complex", [prop("displayName"), prop("id")]),
        typedef(
            "userIdentity",
            "complex",
            [prop("ipAddress"), prop("userPrincipalName")],
            base=f"{NS}.identity",
        ),
        typedef(
            "auditLogRoot",
            props=[
                prop("directoryAudits", f"{NS}.directoryAudit", True, navigation=True)
            ],
            base=f"{NS}.entity",
        ),
        typedef(
            "directoryAudit",
            props=[
                prop("activityDateTime", "Edm.DateTimeOffset"),
                prop("activityDisplayName"),
                prop("category"),
            ],
            base=f"{NS}.entity",
        ),
        typedef(
            "outlookItem",
            props=[prop("categories", collection=True), prop("changeKey")],
            base=f"{NS}.entity",
        ),
        typedef(
            "event",
            props=[prop("allowNewTimeProposals", "Edm.Boolean"), prop("bodyPreview")],
            base=f"{NS}.outlookItem",
        ),
        typedef(
            "userAgent",
            "complex",
            [prop("applicationVersion"), prop("headerValue")],
            namespace=f"{NS}.callRecords",
        ),
        typedef(
            "clientUserAgent",
            "complex",
            [prop("platform", f"{NS}.callRecords.clientPlatform")],
            base=f"{NS}.callRecords.userAgent",
            namespace=f"{NS}.callRecords",
        ),
        typedef(
            "appliedConditionalAccessPolicyResult",
            "enum",
            members=[
                "success",
                "failure",
                "notApplied",
                "notEnabled",
                "unknown",
                "unknownFutureValue",
            ],
        ),
        typedef(
            "mailTipsType",
            "enum",
            members=["automaticReplies", "mailboxFullStatus", "customMailTip"],
        ),
    ]


def model_of(types) -> Model:
    return Model(types=tuple(sorted(types, key=lambda t: t.qualified_name)))


def replaced(types, type_name, **changes) -> list[TypeDef]:
    return [replace(t, **changes) if t.name == type_name else t for t in types]


def kinds(report) -> list[tuple[str, str, str | None]]:
    return [(f.kind, f.type, f.property) for f in report.findings]


def test_faithful_docs_have_no_findings_and_full_figures(metadata):
    report = compare(model_of(faithful_types()), metadata)
    assert report.findings == ()
    summary = report.summary
    for name in (
        "type_coverage",
        "property_recall",
        "property_precision",
        "property_type_agreement",
    ):
        assert summary.figure(name).ratio == 1.0, name
    assert summary.figure("type_coverage").denominator == 10
    assert summary.figure("property_recall").denominator == 21
    assert summary.figure("enum_member_recall").numerator == 9
    assert summary.figure("base_type_agreement").denominator == 6


def test_missing_and_extra_properties(metadata):
    types = replaced(
        faithful_types(),
        "directoryAudit",
        properties=(
            prop("activityDateTime", "Edm.DateTimeOffset", line=12),
            prop("extra", line=14),
        ),
    )
    types = [
        (
            replace(t, location=Location("docs/directoryaudit.md", 1))
            if t.name == "directoryAudit"
            else t
        )
        for t in types
    ]
    report = compare(model_of(types), metadata)
    assert kinds(report) == [
        ("property-missing-in-docs", f"{NS}.directoryAudit", "activityDisplayName"),
        ("property-missing-in-docs", f"{NS}.directoryAudit", "category"),
        ("property-missing-in-metadata", f"{NS}.directoryAudit", "extra"),
    ]
    extra = report.findings[-1]
    assert extra.location == Location("docs/x.md", 14)
    assert extra.severity == Severity.ERROR
    missing = report.findings[0]
    assert (
        missing.metadata_location.line > 40 and missing.metadata_value == "Edm.String"
    )
    recall = report.summary.figure("property_recall")
    assert (recall.numerator, recall.denominator) == (19, 21)
    precision = report.summary.figure("property_precision")
    assert (precision.numerator, precision.denominator) == (19, 20)


def test_names_compare_case_insensitively(metadata):
    types = replaced(
        faithful_types(),
        "identity",
        name="Identity",
        properties=(prop("DisplayName"), prop("ID")),
    )
    types = replaced(types, "userIdentity", base=f"{NS}.IDENTITY")
    report = compare(model_of(types), metadata)
    assert report.findings == ()


def test_type_and_collection_mismatch(metadata):
    types = replaced(
        faithful_types(),
        "appliedConditionalAccessPolicy",
        properties=(
            prop("displayName"),
            prop("enforcedGrantControls", collection=False, line=30),
            prop("enforcedSessionControls", collection=True),
            prop("id"),
            prop("result", "Edm.String", line=33, type_cell="String"),
        ),
    )
    report = compare(model_of(types), metadata)
    assert kinds(report) == [
        ("property-type-mismatch", f"{NS}.appliedConditionalAccessPolicy", "result"),
        (
            "collection-mismatch",
            f"{NS}.appliedConditionalAccessPolicy",
            "enforcedGrantControls",
        ),
    ]
    mismatch = report.findings[0]
    assert (mismatch.docs_value, mismatch.metadata_value) == (
        "Edm.String",
        f"{NS}.appliedConditionalAccessPolicyResult",
    )
    assert mismatch.pattern == "Edm.String vs <enum>"
    assert mismatch.docs_cell == "String"
    assert report.findings[1].docs_cell is None
    assert mismatch.location.line == 33
    collection = report.findings[1]
    assert (collection.docs_value, collection.metadata_value) == (
        "single",
        "collection",
    )
    agreement = report.summary.figure("property_type_agreement")
    assert (agreement.numerator, agreement.denominator) == (19, 21)


def test_property_on_base_in_docs_but_on_subtype_in_metadata(metadata):
    # docs put outlookItem's changeKey on event, and event's bodyPreview on outlookItem: both in the chain.
    types = replaced(
        faithful_types(),
        "outlookItem",
        properties=(prop("categories", collection=True), prop("bodyPreview")),
    )
    types = replaced(
        types,
        "event",
        properties=(prop("allowNewTimeProposals", "Edm.Boolean"), prop("changeKey")),
    )
    report = compare(model_of(types), metadata)
    assert report.findings == ()
    assert report.summary.figure("property_recall").ratio == 1.0


def test_property_outside_the_chain_is_a_miss(metadata):
    # directoryAudit is not in event's chain: a property moved there is missing on one side, extra on the other.
    types = replaced(
        faithful_types(),
        "event",
        properties=(prop("allowNewTimeProposals", "Edm.Boolean"),),
    )
    types = replaced(
        types,
        "directoryAudit",
        properties=(
            prop("activityDateTime", "Edm.DateTimeOffset"),
            prop("activityDisplayName"),
            prop("category"),
            prop("bodyPreview"),
        ),
    )
    report = compare(model_of(types), metadata)
    assert kinds(report) == [
        ("property-missing-in-metadata", f"{NS}.directoryAudit", "bodyPreview"),
        ("property-missing-in-docs", f"{NS}.event", "bodyPreview"),
    ]


def test_base_type_mismatch_and_missing_base(metadata):
    types = replaced(faithful_types(), "event", base=f"{NS}.entity")
    types = replaced(types, "auditLogRoot", base=None)
    report = compare(model_of(types), metadata)
    bases = [f for f in report.findings if f.kind == "base-type-mismatch"]
    assert [(f.type, f.docs_value, f.metadata_value) for f in bases] == [
        (f"{NS}.auditLogRoot", None, f"{NS}.entity"),
        (f"{NS}.event", f"{NS}.entity", f"{NS}.outlookItem"),
    ]
    assert bases[0].pattern == "docs none vs metadata entity"
    assert bases[1].pattern == (
        "docs entity vs metadata <entity>: docs name an ancestor of the metadata's base"
    )
    figure = report.summary.figure("base_type_agreement")
    assert (figure.numerator, figure.denominator) == (4, 6)


def test_an_assumed_base_is_classed_docs_silent(metadata):
    # the resolver's base-type-assumed diagnostic at the type's title marks a base the docs do not state
    types = replaced(faithful_types(), "event", base=f"{NS}.entity")
    event = next(t for t in types if t.name == "event")
    assumed = Diagnostic(
        Severity.INFO,
        "base-type-assumed",
        f'no page names a base type for entity type "{NS}.event"; "{NS}.entity" is assumed',
        event.location,
    )
    stated = compare(model_of(types), metadata)
    silent = compare(replace(model_of(types), diagnostics=(assumed,)), metadata)
    (said,) = [f for f in stated.findings if f.kind == "base-type-mismatch"]
    (unsaid,) = [f for f in silent.findings if f.kind == "base-type-mismatch"]
    assert unsaid.pattern == said.pattern + "; docs silent, the convention's base assumed"
    assert "(the docs name none; assumed)" in unsaid.message and "assumed" not in said.message
    # the figure is the same either way: a silent page still disagrees with the metadata
    assert silent.summary.figure("base_type_agreement") == stated.summary.figure("base_type_agreement")


def test_enum_members(metadata):
    types = replaced(faithful_types(), "mailTipsType", members=())
    types = [
        (
            replace(
                t,
                members=t.members[:4]
                + (EnumMember("bogus value", Location("docs/e.md", 40)),),
            )
            if t.name == "appliedConditionalAccessPolicyResult"
            else t
        )
        for t in types
    ]
    types = replaced(types, "mailTipsType", documented=True)
    report = compare(model_of(types), metadata)
    found = [(f.kind, f.property, f.pattern) for f in report.findings]
    assert found == [
        ("enum-member-missing-in-docs", "unknown", "docs enum lacks some members"),
        ("enum-member-missing-in-docs", "unknownFutureValue", "unknownFutureValue"),
        (
            "enum-member-missing-in-metadata",
            "bogus value",
            "not an identifier (text read as a member?)",
        ),
        ("enum-member-missing-in-docs", "automaticReplies", "docs enum has no members"),
        ("enum-member-missing-in-docs", "customMailTip", "docs enum has no members"),
        (
            "enum-member-missing-in-docs",
            "mailboxFullStatus",
            "docs enum has no members",
        ),
    ]
    recall = report.summary.figure("enum_member_recall")
    assert (recall.numerator, recall.denominator) == (4, 9)


def test_types_missing_on_either_side(metadata):
    types = [t for t in faithful_types() if t.name not in ("event", "identity")]
    types.append(typedef("learningAssignment", props=[prop("assignedDateTime")]))
    types.append(typedef("unknownThing", "complex", documented=False))
    model = Model(
        types=tuple(types),
        pages=(
            PageInfo(
                "docs/resources/identity.md", "resource", "identity resource type"
            ),
        ),
    )
    report = compare(model, metadata)
    found = {(f.kind, f.type) for f in report.findings}
    assert ("type-page-not-read", f"{NS}.identity") in found
    assert ("type-missing-in-docs", f"{NS}.event") in found
    assert ("type-missing-in-metadata", f"{NS}.learningAssignment") in found
    assert not any(f.type.endswith("unknownThing") for f in report.findings)
    coverage = report.summary.figure("type_coverage")
    assert (coverage.numerator, coverage.denominator) == (
        8,
        9,
    )  # event has no page: not counted
    assert dict(report.summary.populations)["types_without_page"] == 1
    severities = {f.kind: f.severity for f in report.findings}
    assert severities["type-missing-in-docs"] == Severity.INFO


def test_known_only_by_name_types_are_not_compared(metadata):
    types = replaced(
        faithful_types(), "directoryAudit", documented=False, properties=()
    )
    report = compare(model_of(types), metadata)
    assert kinds(report) == [("type-missing-in-docs", f"{NS}.directoryAudit", None)]


def test_namespace_fallback_and_kind_mismatch(metadata):
    types = replaced(faithful_types(), "userAgent", namespace=NS)
    types = replaced(types, "identity", kind="entity")
    report = compare(model_of(types), metadata)
    found = [(f.kind, f.type, f.docs_value, f.metadata_value) for f in report.findings]
    assert found == [
        ("namespace-mismatch", f"{NS}.callRecords.userAgent", NS, f"{NS}.callRecords"),
        ("kind-mismatch", f"{NS}.identity", "entity", "complex"),
    ]


def test_pages_by_type_name_rules():
    model = Model(
        pages=(
            PageInfo(
                "r/intune-apps-ioslobapp.md", "resource", "iosLobApp resource type"
            ),
            PageInfo("r/user-get.md", "api", "Get user"),
            PageInfo("r/whatever.md", "resource", "`callRecord` resource type"),
            PageInfo("r/overview.md", "conceptual", "Overview"),
        )
    )
    names = pages_by_type_name(model)
    assert {"ioslobapp", "intune-apps-ioslobapp", "whatever", "callrecord"} <= set(
        names
    )
    assert "get" not in names and "user-get" not in names and "overview" not in names


def test_report_text_is_grouped_by_type_and_json_is_one_document(metadata):
    types = replaced(
        faithful_types(),
        "directoryAudit",
        properties=(prop("activityDateTime", "Edm.String"),),
    )
    report = compare(model_of(types), metadata)
    text = report.to_text()
    lines = text.splitlines()
    assert lines[0] == f"{NS}.directoryAudit"
    assert all(line.startswith("  ") for line in lines[1:4])
    assert "docs/x.md:10:1: error: property-type-mismatch" in text
    assert "property recall: 90.48% (19/21; target 99%)" in text
    document = json.loads(json.dumps(report.to_json()))
    assert document["summary"]["counts"]["property-missing-in-docs"] == 2
    assert set(document["summary"]["counts"]) == set(KINDS)
    assert document["findings"][0]["location"] == {
        "path": "docs/directoryaudit.md",
        "line": 1,
        "col": 1,
    }
    assert document["summary"]["figures"]["property_recall"]["denominator"] == 21
    errors_only = report.to_text(Severity.ERROR)
    assert "error: property-type-mismatch" in errors_only
    assert "property-missing-in-docs: activityDisplayName" in text
    assert "property-missing-in-docs: activityDisplayName" not in errors_only


def test_deterministic_whatever_the_input_order(metadata):
    types = replaced(
        faithful_types(), "directoryAudit", properties=(prop("zeta"), prop("alpha"))
    )
    forward = compare(Model(types=tuple(types)), metadata)
    backward = compare(Model(types=tuple(reversed(types))), metadata)
    assert json.dumps(forward.to_json()) == json.dumps(backward.to_json())
    assert forward.to_text() == backward.to_text()


def test_disagreement_classes_group_by_kind_and_pattern(metadata):
    types = replaced(
        faithful_types(),
        "appliedConditionalAccessPolicy",
        properties=(
            prop("displayName", "Edm.Int32", line=1),
            prop("enforcedGrantControls", "Edm.Int32", collection=True, line=2),
            prop("enforcedSessionControls", collection=True),
            prop("id", "Edm.Int32", line=4),
            prop("result", "Edm.String", line=5),
        ),
    )
    types = replaced(
        types,
        "directoryAudit",
        properties=(prop("activityDateTime", "Edm.Int32", line=7),),
    )
    report = compare(model_of(types), metadata)
    classes = disagreement_classes(report.findings, examples=2)
    top = classes[0]
    assert (top.kind, top.pattern, top.count) == (
        "property-type-mismatch",
        "Edm.Int32 vs Edm.String",
        3,
    )
    assert len(top.examples) == 2
    assert top.format_example(top.examples[0]) == (
        f"docs/x.md:1:1: {NS}.appliedConditionalAccessPolicy.displayName: docs Edm.Int32 / metadata Edm.String"
    )
    counted = {(c.kind, c.pattern): c.count for c in classes}
    assert counted[("property-type-mismatch", "Edm.String vs <enum>")] == 1
    assert (
        counted[
            (
                "property-missing-in-docs",
                "structural property; docs type has other properties",
            )
        ]
        == 2
    )
    assert sum(counted.values()) == len(report.at_or_above(Severity.WARNING))


def test_a_page_of_another_namespace_is_not_the_types_page(metadata):
    # callrecords-useragent.md documents callRecords.userAgent; microsoft.graph.userAgent (if the
    # metadata had one) would not have a page just because the file is named *-useragent.md.
    extra = (
        '<Edmx><DataServices><Schema Namespace="microsoft.graph">'
        '<ComplexType Name="userAgent"><Property Name="x" Type="Edm.String"/></ComplexType>'
        "</Schema></DataServices></Edmx>"
    )
    from docgen.checks.drift.csdl import parse_csdl

    other, _ = parse_csdl(extra, "other.xml")
    both = replace(metadata, types=metadata.types + other.types)
    types = [
        (
            replace(t, location=Location("docs/callrecords-useragent.md", 1))
            if t.name == "userAgent"
            else t
        )
        for t in faithful_types()
    ]
    pages = (
        PageInfo(
            "docs/callrecords-useragent.md", "resource", "userAgent resource type"
        ),
    )
    report = compare(Model(types=tuple(types), pages=pages), both)
    (finding,) = [f for f in report.findings if f.type == f"{NS}.userAgent"]
    assert finding.kind == "type-missing-in-docs"
    assert report.summary.figure("type_coverage").denominator == 10


def test_extra_enum_member_classes(metadata):
    members = [
        "success",
        "failure",
        "notApplied",
        "notEnabled",
        "unknown",
        "unknownFutureValue",
    ]
    types = replaced(
        faithful_types(),
        "mailTipsType",
        members=("automaticReplies", "mailboxFullStatus"),
    )
    types = [
        (
            replace(
                t,
                members=t.members + (EnumMember("customMailTip", Location("d.md", 3)),),
            )
            if t.name == "appliedConditionalAccessPolicyResult"
            else t
        )
        for t in types
    ]
    types = [
        (
            replace(
                t,
                members=tuple(
                    EnumMember(m, Location("m.md", i))
                    for i, m in enumerate(members[:3])
                )
                + (
                    EnumMember("unknownFutureValue", Location("m.md", 9)),
                    EnumMember("brandNew", Location("m.md", 10)),
                ),
            )
            if t.name == "mailTipsType"
            else t
        )
        for t in types
    ]
    report = compare(model_of(types), metadata)
    extra = {
        f.property: f.pattern
        for f in report.findings
        if f.kind == "enum-member-missing-in-metadata"
    }
    assert extra == {
        "customMailTip": "a member of another metadata enum",
        "success": "a member of another metadata enum",
        "failure": "a member of another metadata enum",
        "notApplied": "a member of another metadata enum",
        "unknownFutureValue": "unknownFutureValue (the metadata has no sentinel)",
        "brandNew": "in no metadata enum",
    }
    classes = disagreement_classes(report.findings)
    by_pattern = {
        c.pattern: c for c in classes if c.kind == "enum-member-missing-in-metadata"
    }
    another = by_pattern["a member of another metadata enum"]
    assert (another.count, another.types) == (4, 2)


def test_a_docs_type_of_unknown_kind_is_compared_without_a_kind_finding(metadata):
    types = replaced(faithful_types(), "identity", kind="")
    report = compare(model_of(types), metadata)
    assert report.findings == ()
    types = replaced(
        faithful_types(), "identity", kind="", properties=(prop("displayName"),)
    )
    report = compare(model_of(types), metadata)
    assert kinds(report) == [("property-missing-in-docs", f"{NS}.identity", "id")]
