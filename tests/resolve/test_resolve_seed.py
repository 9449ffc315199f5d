"""Resolving the seed page (tests/fixtures/pages/seed-learningassignment-update.md) into the model
issue 2 asks for."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.extract.dispatch import extract_page
from docgen.read.source import read_source
from docgen.resolve.join import resolve

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "pages" / "seed-learningassignment-update.md"
DISPLAY = "api-docs/learningassignment-update.md"


@pytest.fixture(scope="module")
def model():
    src, _ = read_source(FIXTURE, DISPLAY)
    return resolve([extract_page(src)])


def test_types_sorted_and_complete(model):
    assert [t.qualified_name for t in model.types] == [
        "microsoft.graph.assignmentType",
        "microsoft.graph.learningAssignment",
        "microsoft.vivaLearning.courseStatus",
        "microsoft.vivaLearning.dateTimeTimeZone",
        "microsoft.vivaLearning.itemBody",
        "microsoft.vivaLearning.learningCourseActivity",
    ]


def test_base_type_holds_the_inherited_rows(model):
    base = model.type_index()["microsoft.vivaLearning.learningCourseActivity"]
    assert [p.name for p in base.properties] == [
        "externalcourseActivityId",
        "learningProviderId",
        "learningContentId",
        "learnerUserId",
        "status",
        "completedDateTime",
        "completionPercentage",
    ]
    status = base.properties[4]
    assert status.type == "microsoft.vivaLearning.courseStatus"
    assert [p.required for p in base.properties] == [False, False, True, True, False, False, False]


def test_learning_assignment_derives_with_own_five(model):
    assignment = model.type_index()["microsoft.graph.learningAssignment"]
    assert assignment.base == "microsoft.vivaLearning.learningCourseActivity"
    assert assignment.documented
    assert [(p.name, p.type, p.collection) for p in assignment.properties] == [
        ("assignmentType", "microsoft.graph.assignmentType", False),
        ("assignerUserId", "Edm.String", False),
        ("assignedDateTime", "Edm.DateTimeOffset", False),
        ("dueDateTime", "microsoft.vivaLearning.dateTimeTimeZone", False),
        ("notes", "microsoft.vivaLearning.itemBody", False),
    ]
    assert assignment.kind == "entity"


def test_enums_with_unknown_future_value(model):
    index = model.type_index()
    status = index["microsoft.vivaLearning.courseStatus"]
    assert status.kind == "enum" and not status.documented
    assert [m.name for m in status.members] == ["notStarted", "inProgress", "completed", "unknownFutureValue"]
    kind = index["microsoft.graph.assignmentType"]
    assert [m.name for m in kind.members] == ["required", "recommended", "unknownFutureValue"]


def test_types_known_only_by_name(model):
    index = model.type_index()
    for name in ("microsoft.vivaLearning.dateTimeTimeZone", "microsoft.vivaLearning.itemBody"):
        assert index[name].kind == "complex"
        assert not index[name].documented
        assert index[name].properties == ()


def test_operation(model):
    (op,) = model.operations
    assert op.name == "update_learningassignment" and op.method == "PATCH"
    assert op.paths == ("/learningAssignment",)
    assert op.request_body.type == "microsoft.graph.learningAssignment"
    assert len(op.request_body.properties) == 12
    assert op.response.status == 200 and op.response.type == "microsoft.graph.learningAssignment"
    assert not op.response.collection
    assert [h.name for h in op.headers] == ["Authorization", "Content-Type"]


def test_diagnostics(model):
    by_code = {}
    for d in model.diagnostics:
        by_code.setdefault(d.code, []).append(d.location.line)
    assert by_code["unresolved-include"] == [43]
    assert 15 in by_code["unresolved-link"] and 49 in by_code["unresolved-link"] and 59 in by_code["unresolved-link"]
    assert 49 in by_code["namespace-mismatch"]  # the vivaLearning links vs the page's microsoft.graph
    assert 94 in by_code["namespace-mismatch"]  # the example's #microsoft.graph... types
    assert sorted(by_code["unresolved-type"]) == [53, 56, 59, 60]
    assert all(d.severity.label in ("warning", "info") for d in model.diagnostics)
    keys = [d.sort_key() for d in model.diagnostics]
    assert keys == sorted(keys)


def test_resolve_is_deterministic(model):
    src, _ = read_source(FIXTURE, DISPLAY)
    assert resolve([extract_page(src)]) == model
