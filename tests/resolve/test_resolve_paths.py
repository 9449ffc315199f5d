"""Navigation properties that request URLs declare (docgen.resolve.paths), on excerpts of the real
Graph docs: tests/fixtures/pages/nav-urls/<folder>/<page>.md is graph-docs-v1.0/<folder>/<page>.md
cut down to its front matter, title and the sections read here (resource tables keep a few rows)."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.checks.drift.compare import compare, load_metadata
from docgen.model.core import Model, Property, TypeDef
from docgen.pipeline.build import build_model
from docgen.pipeline.cache import Cache
from docgen.resolve.paths import (
    ADDED_CODE,
    CONFLICT_CODE,
    KEY,
    PROPERTY,
    REQUEST_URL_CELL,
    normalise,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
DOCS = FIXTURES / "pages" / "nav-urls"
CSDL = FIXTURES / "csdl" / "nav-urls-excerpt.csdl.xml"


@pytest.fixture(scope="module")
def model() -> Model:
    return build_model([DOCS], jobs=1, cache=Cache(None), root=DOCS)


def typedef(model: Model, name: str) -> TypeDef:
    (found,) = [t for t in model.types if t.qualified_name == f"microsoft.graph.{name}"]
    return found


def prop(model: Model, type_name: str, name: str) -> Property | None:
    found = [p for p in typedef(model, type_name).properties if p.name.lower() == name.lower()]
    assert len(found) <= 1
    return found[0] if found else None


def codes(model: Model, code: str) -> list[str]:
    return [d.format() for d in model.diagnostics if d.code == code]


@pytest.mark.parametrize(
    "path, segments",
    [
        # api/user-list-joinedteams.md, api/user-get.md
        ("/users/{id | user-principal-name}/joinedTeams", ("users", KEY, "joinedTeams")),
        ("/me/joinedTeams", ("users", KEY, "joinedTeams")),
        # api/user-list-manager.md: the query string is dropped
        ("/users/{id | userPrincipalName}/?$expand=manager($levels=n)", ("users", KEY)),
        # api/educationassignmentdefaults-get.md: a sample id where a key belongs
        (
            "/education/classes/acdefc6b-2dc6-4e71-b1e9-6d9810ab1793/assignmentDefaults",
            ("education", "classes", KEY, "assignmentDefaults"),
        ),
        # api/workbookcomment-list-replies.md: root:/path: is an item
        (
            "/me/drive/root:/{item-path}:/workbook/comments/{id}/replies",
            ("users", KEY, "drive", "items", KEY, "workbook", "comments", KEY, "replies"),
        ),
        # api/user-get.md's note: a key in parentheses and quotes
        ("/users('$AdeleVance@contoso.com')", ("users", KEY)),
        # api/formatprotection-get.md, reportroot-getemailactivityuserdetail.md: calls stay calls
        (
            "/me/drive/items/{id}/workbook/worksheets/{id|name}/range(<address>)/format/protection",
            ("users", KEY, "drive", "items", KEY, "workbook", "worksheets", KEY, "range(<address>)")
            + ("format", "protection"),
        ),
        ("/reports/getEmailActivityUserDetail(period='D7')", ("reports", "getEmailActivityUserDetail(period='D7')")),
        # api/organizationalbrandingproperties-get.md: a placeholder that names a property is no key
        ("/organization/{tenant id}/branding/{property name}", ("organization", KEY, "branding", PROPERTY)),
        # api/list-list.md (written with the host)
        ("https://graph.microsoft.com/v1.0/sites/{site-id}/lists", ("sites", KEY, "lists")),
        # api/driveitem-get.md: an item path relative to an item is not read
        ("/drives/{drive-id}/items/{parent-id}:/{filename}:/content", None),
    ],
)
def test_normalise(path, segments):
    assert normalise(path) == segments


def test_a_list_page_declares_a_collection(model):
    # api/user-list-joinedteams.md:21: GET /me/joinedTeams (/me is /users/{id}: user-get.md:32);
    # the Response sentence says "collection of [group](…)": the docs' word is kept (the metadata
    # says Collection(team); drift reports that disagreement)
    joined = prop(model, "user", "joinedTeams")
    assert joined is not None
    assert (joined.type, joined.collection, joined.navigation) == ("microsoft.graph.group", True, True)
    assert (joined.location.path, joined.location.line, joined.location.col) == ("api/user-list-joinedteams.md", 21, 1)
    assert joined.type_cell == f"{REQUEST_URL_CELL} GET /me/joinedTeams"
    assert "api/user-list-joinedteams.md:21:1: info: navigation-only-in-request-url: " + (
        'type "microsoft.graph.user" has no property "joinedTeams", but the request URL at '
        "api/user-list-joinedteams.md:21 navigates to it (collection of microsoft.graph.group); "
        "added as a navigation property"
    ) in codes(model, ADDED_CODE)


def test_a_get_page_declares_one_object(model):
    # api/presence-get.md:19: GET /me/presence, "[presence](…) object"
    presence = prop(model, "user", "presence")
    assert presence is not None
    assert (presence.type, presence.collection, presence.navigation) == ("microsoft.graph.presence", False, True)
    assert (presence.location.path, presence.location.line) == ("api/presence-get.md", 19)


def test_a_key_after_the_segment_declares_a_collection(model):
    # api/timeoffrequest-get.md:21: GET /teams/{teamId}/schedule/timeOffRequests/{timeOffRequestId};
    # /teams/{teamId}/schedule is a schedule (schedule-get.md), whose Relationships table has
    # "timeoffrequest" (singular) but no timeOffRequests
    requests = prop(model, "schedule", "timeOffRequests")
    assert requests is not None
    assert (requests.type, requests.collection, requests.navigation) == ("microsoft.graph.timeOffRequest", True, True)
    assert (requests.location.path, requests.location.line) == ("api/timeoffrequest-get.md", 21)
    assert prop(model, "schedule", "timeoffrequest") is not None  # the table row stays as it is


def test_a_cast_extension_of_a_line_is_not_read(model):
    # api/user-list-transitivememberof.md: GET /users/{id | userPrincipalName}/transitiveMemberOf
    members = prop(model, "user", "transitiveMemberOf")
    assert members is not None
    assert (members.type, members.collection) == ("microsoft.graph.directoryObject", True)


def test_a_singleton_is_its_type(model):
    # api/securescore-get.md:21: GET /security/secureScores/{id}; no page GETs /security, no line
    # follows it with a key, and security.md documents the entity type "security"
    scores = prop(model, "security", "secureScores")
    assert scores is not None
    assert (scores.type, scores.collection, scores.navigation) == ("microsoft.graph.secureScore", True, True)
    assert (scores.location.path, scores.location.line) == ("api/securescore-get.md", 21)


def test_one_diagnostic_per_added_property(model):
    added = codes(model, ADDED_CODE)
    assert len(added) == 5
    declared = [p for t in model.types for p in t.properties if p.type_cell.startswith(REQUEST_URL_CELL)]
    assert sorted(p.name for p in declared) == [
        "joinedTeams",
        "presence",
        "secureScores",
        "timeOffRequests",
        "transitiveMemberOf",
    ]


def test_known_properties_are_left_alone(model):
    # api/user-list-memberof.md: GET /me/memberOf, "collection of [directoryObject](…)";
    # api/user-list-manager.md: GET /me/manager; user.md's Relationships table has both
    for name in ("memberOf", "manager"):
        (row,) = [p for p in typedef(model, "user").properties if p.name.lower() == name.lower()]
        assert row.location.path == "resources/user.md"
        assert not row.type_cell.startswith(REQUEST_URL_CELL)


def test_function_calls_are_not_properties(model):
    # api/user-reminderview.md: GET /users/{id | userPrincipalName}/reminderView(startDateTime=…,endDateTime=…)
    assert prop(model, "user", "reminderView") is None
    # api/driveitem-search.md: GET /me/drive/root/search(q='{search-text}') answers a collection
    # of driveItem, the type /me/drive/root addresses (drive.md's root row)
    assert [p.name for p in typedef(model, "driveItem").properties if p.navigation] == ["children"]


def test_a_name_called_as_a_function_elsewhere_is_that_function(model):
    # api/range-update.md: PATCH /me/drive/items/{id}/workbook/names/{name}/range answers a
    # workbookRange, and nameditem-get.md says /…/names/{name} is a workbookNamedItem; but
    # range-get.md:27 calls range(address='<address>'): range is a function, not a property
    assert prop(model, "workbookNamedItem", "range") is None


def test_a_request_annotated_as_an_action_is_not_a_property(model):
    # api/drive-recent.md: GET /me/drive/recent answers a collection of driveItem (an entity), but
    # its request annotation says "target": "action" (recent() is a function of drive)
    assert prop(model, "Drive", "recent") is None
    assert prop(model, "user", "drive") is not None


def test_ref_segments_and_casts_are_not_properties(model):
    # api/application-delete-tokenissuancepolicies.md: DELETE /applications/{id}/tokenIssuancePolicies/{id}/$ref
    assert [p.name for p in typedef(model, "application").properties if p.navigation] == ["owners"]
    # api/directory-deleteditems-list.md: GET /directory/deletedItems/microsoft.graph.group …
    # (directory.md's excerpt has no deletedItems row; /directory is the singleton named after
    # its type): every line ends with a cast
    assert [p.name for p in typedef(model, "directory").properties] == []


def test_disagreeing_urls_add_nothing_and_say_why(model):
    # api/swapshiftschangerequest-get.md:21 writes the list's line (no key) and "a
    # swapShiftsChangeRequest object"; api/swapshiftschangerequest-list.md:21 answers a collection
    assert prop(model, "schedule", "swapShiftsChangeRequests") is None
    expected = (
        "api/swapshiftschangerequest-get.md:21:1: warning: navigation-evidence-conflict: request URLs declare "
        'navigation property "swapShiftsChangeRequests" of "microsoft.graph.schedule" but disagree '
        "(api/swapshiftschangerequest-get.md:21 microsoft.graph.swapShiftsChangeRequest; "
        "api/swapshiftschangerequest-list.md:21 microsoft.graph.swapShiftsChangeRequest collection); not added"
    )
    assert codes(model, CONFLICT_CODE) == [expected]


def test_the_model_is_the_same_twice():
    first = build_model([DOCS], jobs=1, cache=Cache(None), root=DOCS)
    again = build_model([DOCS], jobs=1, cache=Cache(None), root=DOCS)
    assert first == again


def test_drift_counts_them_as_found(model):
    metadata, diagnostics = load_metadata(CSDL)
    assert metadata is not None and diagnostics == []
    report = compare(model, metadata)
    missing = {(f.type, f.property) for f in report.findings if f.kind == "property-missing-in-docs"}
    # swapShiftsChangeRequests: the URLs disagree; shifts is a row of schedule.md's table
    assert missing == {("microsoft.graph.schedule", "swapShiftsChangeRequests")}
    (joined,) = [f for f in report.findings if f.kind == "property-type-mismatch" and f.property == "joinedTeams"]
    assert (joined.docs_value, joined.metadata_value) == ("microsoft.graph.group", "microsoft.graph.team")
    assert joined.docs_cell == f"{REQUEST_URL_CELL} GET /me/joinedTeams"
