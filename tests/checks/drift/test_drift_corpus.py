"""docgen drift on the real Graph docs against their CSDL (skipped without DOCGEN_CORPUS).

Pins floors under the accuracy figures of issue 3 so that a parser change that reads less of the
corpus fails here. The floors sit a little under what was measured (``python
benchmarks/accuracy.py $DOCGEN_CORPUS``); raise them when the parser improves. Where a floor is
below the issue's bar, the remaining gap is listed in the benchmark's disagreement classes (mostly
docs errors: see the README's ``docgen drift`` section).
"""

from __future__ import annotations

import json

import pytest

from docgen.checks.drift.compare import compare, load_metadata

FLOORS = {
    # figure name: (floor, issue-3 bar); measured 2026-11-27 01:20 UTC:
    # 99.90%, 98.71%, 99.33%, 98.09%, 97.77%, 90.50%
    # (navigation properties read from request URLs, docgen.resolve.paths: recall 5147 -> 5183 of
    # 5251; 34 of the 36 new type pairs agree: user.joinedTeams, whose page says group where the
    # metadata says team, and organization.branding, typed by its pages as the metadata's base
    # organizationalBrandingProperties, do not: type agreement 98.12% -> 98.09%)
    # (a type its page calls an entity that only structural properties use is complex,
    # docgen.resolve.kinds: kind-mismatch 18 -> 7, base agreement 524/579 -> 524/571 = 91.77%)
    "type_coverage": (0.998, 0.99),
    "property_recall": (0.987, 0.99),
    "property_precision": (0.993, 0.98),
    "property_type_agreement": (0.980, 0.99),
    "enum_member_recall": (0.977, 0.98),
    "base_type_agreement": (0.917, 0.95),
}


@pytest.fixture(scope="module")
def corpus_report(corpus, corpus_model):
    metadata, diagnostics = load_metadata(corpus / "graph-metadata" / "v1.0.csdl.xml")
    assert metadata is not None, diagnostics
    return compare(corpus_model, metadata)


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_accuracy_floor(corpus_report, name):
    floor, bar = FLOORS[name]
    figure = corpus_report.summary.figure(name)
    assert figure.target == bar
    assert figure.denominator > 0
    assert figure.ratio >= floor, f"{figure.format()} fell under the floor {floor:.2%}"


def test_population_is_the_whole_metadata(corpus_report):
    populations = dict(corpus_report.summary.populations)
    assert populations["metadata_entity_and_complex_types"] == 507 + 518
    assert populations["metadata_enum_types"] == 323
    # nearly every entity/complex type of the metadata has a page in the v1.0 docs
    assert populations["types_with_page"] >= 900


def test_report_is_deterministic_and_json(corpus, corpus_model, corpus_report):
    metadata, _ = load_metadata(corpus / "graph-metadata" / "v1.0.csdl.xml")
    again = compare(corpus_model, metadata)
    first = json.dumps(corpus_report.to_json(), sort_keys=False)
    assert first == json.dumps(again.to_json(), sort_keys=False)
    assert corpus_report.to_text() == again.to_text()
    every_kind = {f.kind for f in corpus_report.findings}
    assert {
        "property-type-mismatch",
        "property-missing-in-docs",
        "base-type-mismatch",
        "property-only-in-representation",
    } <= every_kind
    # a base the pages do not state is told from a stated one
    assert any("docs silent" in f.pattern for f in corpus_report.findings if f.kind == "base-type-mismatch")


def test_kind_mismatches_stay_few(corpus_report):
    # 18 before docgen.resolve.kinds; the 7 left: resourceData and shiftActivity (chained evidence),
    # applicationServicePrincipal and recentNotebook (no property uses them), and three entity types
    # whose pages give no entity signal (inviteParticipantsOperation, participant*Notification)
    mismatches = [f for f in corpus_report.findings if f.kind == "kind-mismatch"]
    assert len(mismatches) <= 7, [str(f.location) for f in mismatches]
