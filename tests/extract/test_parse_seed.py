"""Parsing the seed page (tests/fixtures/pages/seed-learningassignment-update.md, a copy of
api-docs/learningassignment-update.md) into its page model."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.extract.dispatch import extract_page
from docgen.read.parse import parse_page
from docgen.read.source import read_source

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "pages" / "seed-learningassignment-update.md"
DISPLAY = "api-docs/learningassignment-update.md"


@pytest.fixture(scope="module")
def seed():
    src, diagnostics = read_source(FIXTURE, DISPLAY)
    assert src is not None and diagnostics == []
    return extract_page(src)


def test_front_matter_and_title(seed):
    info = seed.info
    assert info.kind == "api"
    assert info.title == "Update learningAssignment"
    assert info.front_matter["title"] == "Update learningAssignment"
    assert info.front_matter["doc_type"] == "apiPageType"
    assert info.front_matter["description"] == "Update the properties of a learningAssignment object."
    assert info.front_matter["author"].startswith("**TODO: Provide Github Name")
    assert info.front_matter["ms.prod"].startswith("**TODO: Add MS prod")
    assert len(info.sha256) == 64


def test_front_matter_keeps_line_numbers():
    page = parse_page(DISPLAY, FIXTURE.read_text(encoding="utf-8"))
    assert page.front_matter_lines["doc_type"] == 7
    title = page.title_block()
    assert title is not None and title.line == 10 and title.level == 1


def test_namespace_line(seed):
    assert seed.namespace == "microsoft.graph"
    assert seed.namespace_location.line == 11


def test_permissions_rows_kept_with_placeholders(seed):
    perms = seed.operations[0].permissions
    assert perms.location.line == 20
    assert [row[0] for row in perms.raw] == [
        "Delegated (work or school account)",
        "Delegated (personal Microsoft account)",
        "Application",
    ]
    assert all("TODO" in row[1] for row in perms.raw)
    assert perms.delegated_work == perms.delegated_personal == perms.application == ()


def test_http_request_line_after_ignored_annotation(seed):
    op = seed.operations[0]
    assert op.method == "PATCH"
    assert [(r.method, r.path, r.location.line) for r in op.request_lines] == [("PATCH", "/learningAssignment", 33)]


def test_request_headers(seed):
    headers = seed.operations[0].headers
    assert [(h.name, h.required, h.location.line) for h in headers] == [
        ("Authorization", True, 39),
        ("Content-Type", True, 40),
    ]
    assert headers[0].description == "Bearer {token}. Required."


def test_request_body_rows(seed):
    body = seed.operations[0].body
    rows = {row.name: row for row in body.properties}
    assert len(body.properties) == 12
    assert body.ref.name == "learningAssignment"
    status = rows["status"]
    assert status.ref.name == "courseStatus" and not status.ref.primitive
    assert status.enum_values == ("notStarted", "inProgress", "completed", "unknownFutureValue")
    assert status.inherited_from.name == "microsoft.vivaLearning.learningCourseActivity"
    assert status.inherited_from.target == "resources/learningcourseactivity.md"
    assert status.location.line == 53
    assert rows["learningContentId"].required and rows["learnerUserId"].required
    assert not rows["externalcourseActivityId"].required
    assert rows["assignmentType"].required and rows["assignmentType"].inherited_from is None
    assert rows["assignmentType"].enum_values == ("required", "recommended", "unknownFutureValue")
    assert rows["completedDateTime"].ref.name == "Edm.DateTimeOffset"
    assert rows["completionPercentage"].ref.name == "Edm.Int32"
    assert rows["dueDateTime"].ref.name == "microsoft.vivaLearning.dateTimeTimeZone"
    assert rows["dueDateTime"].ref.target == "resources/datetimetimezone.md"
    assert rows["notes"].description == "TODO: Add Description Optional."


def test_response_section(seed):
    response = seed.operations[0].response
    assert response.status == 200
    assert response.ref.name == "learningAssignment" and not response.ref.collection
    assert response.location.line == 66


def test_examples(seed):
    request, response = seed.operations[0].examples
    assert request.kind == "request" and request.name == "update_learningassignment"
    assert request.method == "PATCH" and request.url == "https://graph.microsoft.com/v1.0/learningAssignment"
    assert request.headers == (("Content-Type", "application/json"),)
    assert request.body["@odata.type"] == "#microsoft.graph.learningAssignment"
    assert request.body["dueDateTime"] == {"@odata.type": "microsoft.graph.dateTimeTimeZone"}
    assert request.location.line == 77 and request.body_error is None
    assert response.kind == "response"
    assert response.name == "update_learningassignment"  # paired with the preceding request
    assert response.status == 200 and response.truncated
    assert response.annotation == {"blockType": "response", "truncated": True}
    assert response.body["completionPercentage"] == "Integer"


def test_operation_name_from_request_example(seed):
    assert seed.operations[0].name == "update_learningassignment"


def test_include_reported_not_text(seed):
    includes = [d for d in seed.diagnostics if d.code == "unresolved-include"]
    assert [(d.location.line, d.severity.label) for d in includes] == [(43, "warning")]
    assert "update-property-table-intro.md" in includes[0].message
    body = seed.operations[0].body
    assert all("INCLUDE" not in row.description for row in body.properties)


def test_examples_namespace_disagreement_located_in_fence(seed):
    found = [(d.location.line, d.message) for d in seed.diagnostics if d.code == "namespace-mismatch"]
    assert (94, ('example says "microsoft.graph.dateTimeTimeZone" but the table says '
            '"microsoft.vivaLearning.dateTimeTimeZone" (line 59)')) in found
    assert {line for line, _ in found} == {94, 97, 128, 131}


def test_page_model_pickles(seed):
    import pickle

    assert pickle.loads(pickle.dumps(seed)) == seed
