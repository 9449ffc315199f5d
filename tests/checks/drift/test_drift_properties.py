"""docgen.checks.drift.compare invariants, checked with hypothesis on models mirrored from CSDL.

A model that says exactly what the metadata says has no findings, whatever the case of its names;
removing one property or member from it gives exactly one finding of the matching kind.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from docgen.checks.drift.compare import compare
from docgen.checks.drift.csdl import CsdlMetadata, read_csdl
from docgen.diagnostics import Location
from docgen.model.core import EnumMember, Model, Property, TypeDef

EXCERPT = Path(__file__).resolve().parents[2] / "fixtures" / "csdl" / "graph-v1.0-excerpt.csdl.xml"
METADATA, _ = read_csdl(EXCERPT, "excerpt.xml")


def mirror(metadata: CsdlMetadata) -> Model:
    """The docs model that says exactly what ``metadata`` says."""
    types = []
    for t in metadata.types:
        page = f"docs/{t.name.lower()}.md"
        types.append(
            TypeDef(
                name=t.name,
                namespace=t.namespace,
                kind=t.kind,
                location=Location(page, 1),
                base=t.base,
                properties=tuple(
                    Property(
                        p.name,
                        p.type,
                        p.collection,
                        Location(page, 10 + i),
                        navigation=p.navigation,
                    )
                    for i, p in enumerate(t.properties)
                ),
                members=tuple(
                    EnumMember(m.name, Location(page, 10 + i))
                    for i, m in enumerate(t.members)
                ),
            )
        )
    return Model(types=tuple(types))


def recase(text: str, flips: list[bool]) -> str:
    return "".join(
        c.swapcase() if flips[i % len(flips)] else c for i, c in enumerate(text)
    )


def test_mirror_of_the_excerpt_has_no_findings():
    report = compare(mirror(METADATA), METADATA)
    assert report.findings == ()
    assert all(f.ratio == 1.0 for f in report.summary.figures)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.booleans(), min_size=1, max_size=7))
def test_case_of_names_does_not_matter(flips):
    model = mirror(METADATA)
    types = tuple(
        replace(
            t,
            name=recase(t.name, flips),
            base=recase(t.base, flips) if t.base else None,
            properties=tuple(
                replace(p, name=recase(p.name, flips), type=recase(p.type, flips))
                for p in t.properties
            ),
            members=tuple(replace(m, name=recase(m.name, flips)) for m in t.members),
        )
        for t in model.types
    )
    assert compare(Model(types=types), METADATA).findings == ()


PROPERTY_SLOTS = [
    (ti, pi)
    for ti, t in enumerate(mirror(METADATA).types)
    for pi in range(len(t.properties))
]
MEMBER_SLOTS = [
    (ti, mi)
    for ti, t in enumerate(mirror(METADATA).types)
    for mi in range(len(t.members))
]


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(PROPERTY_SLOTS))
def test_dropping_one_property_is_one_miss(slot):
    ti, pi = slot
    model = mirror(METADATA)
    target = model.types[ti]
    dropped = target.properties[pi]
    types = list(model.types)
    types[ti] = replace(
        target, properties=target.properties[:pi] + target.properties[pi + 1 :]
    )
    report = compare(Model(types=tuple(types)), METADATA)
    assert [(f.kind, f.type, f.property) for f in report.findings] == [
        ("property-missing-in-docs", target.qualified_name, dropped.name)
    ]
    recall = report.summary.figure("property_recall")
    assert recall.denominator - recall.numerator == 1


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(MEMBER_SLOTS))
def test_dropping_one_member_is_one_miss(slot):
    ti, mi = slot
    model = mirror(METADATA)
    target = model.types[ti]
    types = list(model.types)
    types[ti] = replace(target, members=target.members[:mi] + target.members[mi + 1 :])
    report = compare(Model(types=tuple(types)), METADATA)
    assert [(f.kind, f.property) for f in report.findings] == [
        ("enum-member-missing-in-docs", target.members[mi].name)
    ]


def test_base_cycles_in_the_docs_terminate():
    model = mirror(METADATA)
    types = tuple(
        replace(t, base="microsoft.graph.event") if t.name == "entity" else t
        for t in model.types
    )
    report = compare(Model(types=types), METADATA)
    assert [(f.kind, f.type) for f in report.findings] == [
        ("base-type-mismatch", "microsoft.graph.entity")
    ]


def test_mirror_of_the_whole_v1_metadata_has_no_findings(corpus):
    """Every type of the real metadata (three namespaces, deep base chains) agrees with itself."""
    metadata, diagnostics = read_csdl(corpus / "graph-metadata" / "v1.0.csdl.xml")
    assert metadata is not None and diagnostics == []
    report = compare(mirror(metadata), metadata)
    assert report.findings == ()
    coverage = report.summary.figure("type_coverage")
    assert coverage.numerator == coverage.denominator == 1025
