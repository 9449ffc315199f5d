"""Action/function request bodies are parameter bags, not the subject entity's properties
(excerpts of the real pages in tests/fixtures/pages/corpus-api-*-excerpt.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.diagnostics import Location
from docgen.extract.api_request import is_action
from docgen.extract.dispatch import extract_page
from docgen.model.core import RequestLine
from docgen.read.source import read_source

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"


def page(name: str):
    src, diagnostics = read_source(PAGES / name, name)
    assert src is not None and diagnostics == []
    return extract_page(src)


def test_addpassword_body_is_a_parameter_bag_not_an_application():
    # api/application-addpassword.md:43-49: "provide an optional `passwordCredential` object with the
    # following properties" + Property table: the body is {"passwordCredential": {…}}, the rows are
    # the member's properties (the example sends exactly that)
    model = page("corpus-api-application-addpassword-excerpt.md")
    (op,) = model.operations
    assert op.body is not None and op.body.ref is None
    (member,) = op.body.properties
    assert member.name == "passwordCredential" and member.ref.name == "passwordCredential"
    assert member.location.line == 43 and not member.ref.collection
    assert model.types == ()  # nothing attributed to microsoft.graph.application
    assert op.subject is not None and op.subject.name == "application"  # still bound to application


def test_clone_title_verb_marks_the_action():
    # api/team-clone.md:63: "Clone a team", POST /teams/{id}/clone, a Property table of group settings
    model = page("corpus-api-team-clone-excerpt.md")
    (op,) = model.operations
    assert op.body.ref is None and "partsToClone" in [p.name for p in op.body.properties]
    assert model.types == ()


def test_getschedule_parameters_not_attributed_to_the_response_type():
    # api/calendar-getschedule.md:42: "provide a JSON object with the following parameters"
    model = page("corpus-api-calendar-getschedule-excerpt.md")
    (op,) = model.operations
    assert op.body.ref is None and [p.name for p in op.body.properties][:2] == ["availabilityViewInterval", "endTime"]
    assert not any(t.name == "scheduleInformation" for t in model.types)


def test_create_page_still_declares_the_subject():
    # api/todo-post-lists.md: POST to the collection the subject lives in keeps its typed body
    model = page("corpus-api-todo-post-lists-excerpt.md")
    (op,) = model.operations
    assert op.body.ref.name == "todoTaskList"
    assert [(t.name, [p.name for p in t.properties]) for t in model.types] == [("todoTaskList", ["displayName"])]


def _line(method: str, path: str) -> RequestLine:
    return RequestLine(method, path, Location("x.md", 1, 1))


@pytest.mark.parametrize(
    ("method", "path", "title", "expected"),
    [
        ("POST", "/applications/{id}/addPassword", "application: addPassword", True),
        ("POST", "/teams/{id}/clone", "Clone a team", True),
        ("POST", "/deviceManagement/deviceConfigurations/{id}/assign", "assign action", True),
        ("GET", "/me/drive/root/delta()", "driveItem: delta", True),
        ("GET", "/reports/getEmailActivityCounts(period='D7')", "reportRoot: getEmailActivityCounts", True),
        ("POST", "/me/todo/lists", "Create todoTaskList", False),
        ("POST", "/identityGovernance/termsOfUse/agreements", "Create agreement", False),
        ("PATCH", "/users/{id | userPrincipalName}", "Update user", False),
        ("POST", "/groups/{id}/members/$ref", "Add member", False),
        ("POST", "/termsAndConditions", "Create termsAndConditions", False),
        ("PUT", "/me/drive/root:/{path}:", "Upload", False),
    ],
)
def test_is_action(method, path, title, expected):
    assert is_action([_line(method, path)], title) is expected
