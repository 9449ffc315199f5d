"""Why an example contradicts its page, said exactly: a single object wrapped in ``value``, a
collection where one object is documented and the reverse; the docs' placeholders (``<name>-value``,
a value naming its own type) are filled, not reported."""

from __future__ import annotations

import json

import pytest
from test_generated_runtime import at, model

from docgen.render.checker import Checker
from docgen.render.example_json import trailing_commas, truncated_body
from docgen.render.models import Registry, plan_classes
from docgen.render.placeholders import names_type

ITEM = "ref:item:Item"


@pytest.fixture(scope="module")
def checker() -> Checker:
    reg = Registry.build(model())
    plans, _ = plan_classes(reg)
    return Checker.build(reg, plans)


def problems(checker: Checker, body, spec=ITEM) -> list[str]:
    found: list[str] = []
    checker.check(body, spec, "$", found)
    return found


def test_single_object_wrapped_in_value_is_named_as_such(checker):
    # api/fido2authenticationmethod-get.md:87: {"value": {"id": …, "displayName": …}}
    body = {"@odata.context": "x", "value": {"id": "1", "count": 2}}
    assert checker.value_wrapper(body, ITEM) == (
        '$: the microsoft.graph.item object is wrapped in {"value": {...}}; '
        "the page documents the object itself"
    )
    # the object itself is fine; the wrapper is the whole defect
    assert problems(checker, body["value"]) == []


def test_collection_and_bare_value_where_one_object_is_documented(checker):
    # api/directoryaudit-get.md: GET …/directoryAudits/{id} answered with {"value": [...]}
    assert checker.value_wrapper({"value": [{"id": "1"}]}, ITEM) == (
        '$: a collection {"value": [...]} where the page documents a single microsoft.graph.item'
    )
    assert checker.value_wrapper({"value": "Welcome"}, ITEM) == (
        '$: a bare value {"value": "Welcome"} where the page documents a microsoft.graph.item object'
    )


def test_value_beside_other_properties_is_an_ordinary_unknown_property(checker):
    body = {"id": "1", "value": {"id": "2"}}
    assert checker.value_wrapper(body, ITEM) is None
    assert problems(checker, body) == ["$: microsoft.graph.item has no property 'value'"]
    # not an object type: no wrapper to speak of
    assert checker.value_wrapper({"value": "light"}, "ref:shade:Shade") is None


def test_a_single_object_where_a_collection_is_documented(checker):
    assert checker.not_a_collection({"id": "1"}, ITEM) == (
        "$: a single microsoft.graph.item object where the page documents a collection "
        "(an object with a 'value' array)"
    )
    assert checker.not_a_collection({"value": {"id": "1"}}, ITEM) == (
        '$: "value" holds one microsoft.graph.item object where the page documents a '
        "collection (an array)"
    )
    assert checker.not_a_collection([{"id": "1"}], ITEM) == (
        "$: expected an object with a 'value' array (the page documents a collection)"
    )


def test_hyphenated_and_numbered_value_placeholders_are_filled(checker):
    # api/eventmessage-post-attachments.md: "contentBytes": "base64-contentBytes-value";
    # api/group-assignlicense.md: "skuId": "skuId-value-1"
    filled = checker.fill(
        {"blob": "base64-contentBytes-value", "key": "skuId-value-1", "id": "id-value"},
        ITEM,
    )
    assert filled == {
        "blob": "AAEC",
        "key": "00000000-0000-0000-0000-000000000001",
        "id": "id-value",  # a string slot keeps its text
    }
    # a real (invalid) value is not a placeholder: it stays and is reported
    assert checker.fill({"blob": "R0lGODdhEAYEAA7"}, ITEM) == {"blob": "R0lGODdhEAYEAA7"}
    assert problems(checker, {"blob": "R0lGODdhEAYEAA7"}) == [
        '$.blob: expected bytes, got "R0lGODdhEAYEAA7"'
    ]


def test_a_value_naming_its_own_type_is_a_placeholder(checker):
    # api/alert-update.md: "feedback": "@odata.type: microsoft.graph.alertFeedback"
    assert names_type("@odata.type: microsoft.graph.shade", "microsoft.graph.shade")
    assert names_type("#microsoft.graph.shade", "microsoft.graph.shade")
    assert names_type("shade", "microsoft.graph.shade")
    assert not names_type("microsoft.graph.item", "microsoft.graph.shade")
    filled = checker.fill(
        {"shade": "@odata.type: microsoft.graph.shade", "shades": ["microsoft.graph.shade"]},
        ITEM,
    )
    assert filled == {"shade": "light", "shades": ["light"]}
    assert problems(checker, filled) == []
    # a member is never replaced, and other strings stay to be reported
    assert checker.fill({"shade": "dark"}, ITEM) == {"shade": "dark"}
    assert problems(checker, checker.fill({"shade": "neon"}, ITEM)) == [
        '$.shade: "neon" is not a documented shade value'
    ]


def test_trailing_commas_are_dropped_outside_strings_only():
    # api/user-list-createdobjects.md:123: '"signInAudience": "AzureADMyOrg",' then '}'
    text = '{"a": [1, 2,\n ],\n "b": "x,}", "c": "q\\",]",\n}'
    cleaned, dropped = trailing_commas(text)
    assert dropped == 2
    assert json.loads(cleaned) == {"a": [1, 2], "b": "x,}", "c": 'q",]'}
    assert truncated_body(text) == ({"a": [1, 2], "b": "x,}", "c": 'q",]'}, 2)
    # nothing to forgive, or still not JSON without the commas: no lenient reading
    assert truncated_body('{"a": 1}') is None
    assert truncated_body('{"a": 1, ...,}') is None
    assert truncated_body("{'a': 1,}") is None


def test_a_property_spelled_with_another_case_is_named(checker):
    # api/event-cancel.md:79: {"Comment": …} where the parameters table has `comment`
    assert problems(checker, {"Count": 1}) == [
        "$: microsoft.graph.item has no property 'Count' (the page spells it 'count')"
    ]


def url_reason(lines: list[str], url: str) -> str | None:
    from docgen.model.core import Operation, RequestLine
    from docgen.render.example_urls import split_url, why_unmatched
    from docgen.render.requests import plan_operation

    op = Operation(
        "op",
        "Op",
        at(1),
        request_lines=tuple(RequestLine("GET", line, at(2)) for line in lines),
    )
    plan, _ = plan_operation(Registry.build(model()), op, "op")
    path, pairs = split_url(url)
    return why_unmatched(plan, url, path, pairs)


def test_why_an_example_url_matches_no_request_line():
    # api/team-put-schedule.md: PUT https://graph.microsoft.com/v1/teams/{teamId}/schedule
    assert url_reason(["/teams/{id}/schedule"], "https://graph.microsoft.com/v1/teams/{teamId}/schedule") == (
        "its version segment '/v1/' is not the service's ('/v1.0/' or '/beta/')"
    )
    # api/educationclass-delete-members.md: …/members/{member-id} for …/members/{id}/$ref
    assert url_reason(["/classes/{id}/members/{id}/$ref"], "/classes/1/members/2") == (
        "it lacks the '/$ref' segment the page's request line ends with"
    )
    # api/intune-rbac-devicemanagement-geteffectivepermissions.md: getEffectivePermissions(scope='…')
    assert url_reason(
        ["/deviceManagement/getEffectivePermissions"],
        "/deviceManagement/getEffectivePermissions(scope='parameterValue')",
    ) == (
        "it passes the arguments (scope='parameterValue') to a function the page's request line "
        "calls without any"
    )
    # api/group-list-transitivemembers.md: …/transitiveMembers/microsoft.graph.user
    assert url_reason(["/groups/{id}/transitiveMembers"], "/groups/1/transitiveMembers/microsoft.graph.user") == (
        "it casts to microsoft.graph.user, a form the page's request lines do not list"
    )
    # an unrelated URL: no single difference explains it
    assert url_reason(["/groups/{id}/members/$ref"], "/users/1") is None


def test_what_the_page_says_of_a_property_its_tables_lack():
    from docgen.model.core import Example, Model, Property, TypeDef

    # resources/printerdefaults.md: "inputBin" only in the JSON representation;
    # resources/openshift.md: an entity naming no base, an example with createdDateTime
    shown = Example("resource", "", at(40), body={"outputBin": "String", "inputBin": "String"})
    defaults = TypeDef(
        "printerDefaults",
        "microsoft.graph",
        "complex",
        at(1),
        properties=(Property("outputBin", "Edm.String", False, at(2)),),
        representation=shown,
    )
    shift = TypeDef(
        "openShift",
        "microsoft.graph",
        "entity",
        at(3),
        base="microsoft.graph.entity",
        properties=(Property("schedulingGroupId", "Edm.String", False, at(4)),),
    )
    entity = TypeDef("entity", "microsoft.graph", "entity", at(5), properties=(Property("id", "Edm.String", False, at(6)),))
    reg = Registry.build(Model(types=(defaults, entity, shift)))
    plans, _ = plan_classes(reg)
    local = Checker.build(reg, plans)
    spec = {p.type.name: f"ref:{p.ref.module}:{p.ref.name}" for p in plans}
    assert problems(local, {"inputBin": "tray1", "size": 1}, spec["printerDefaults"]) == [
        "$: microsoft.graph.printerDefaults has no property 'inputBin' (the JSON representation of "
        "microsoft.graph.printerDefaults shows it; no table row documents it)",
        "$: microsoft.graph.printerDefaults has no property 'size'",
    ]
    assert problems(local, {"createdDateTime": "2024-01-01T00:00:00Z"}, spec["openShift"]) == [
        "$: microsoft.graph.openShift has no property 'createdDateTime' (the page names no base "
        "type it could inherit it from)"
    ]
    # the request body of a parameter table is no type: no such hint
    assert problems(local, {"createdDateTime": "x"}, "local:Body") == [
        "$: the request body has no property 'createdDateTime'"
    ]


def test_a_second_request_line_in_the_body_is_named():
    from docgen.model.core import Example
    from docgen.render.example_bodies import invalid_json_reason

    # api/user-list-agreementacceptances.md:52: two GET lines in one request block
    second = "GET https://graph.microsoft.com/v1.0/users/f2f4f8e9/agreementAcceptances"
    ex = Example("request", "x", at(52), method="GET", url="/me/agreementAcceptances", body_text=second)
    assert invalid_json_reason(ex) == (
        f"request example holds a second request line ({second!r}) where its body belongs: "
        "two requests in one block"
    )
    ex = Example("request", "x", at(52), body_text="The contents of the file")
    assert invalid_json_reason(ex) == (
        "request example body is not valid JSON: it does not start with '{' or '['"
    )


def test_what_an_objects_odata_type_says_of_a_property_its_type_lacks(checker):
    # api/chat-sendactivitynotification.md:158: "@odata.type": "Microsoft.Teams.GraphSvc.aadUser…"
    assert problems(checker, {"@odata.type": "Other.Ns.specialItem", "extra": "x"}) == [
        "$: microsoft.graph.item has no property 'extra' (its @odata.type 'Other.Ns.specialItem' is "
        "no documented type; microsoft.graph.specialItem is)"
    ]
    # api/accessreviewscheduledefinition-update.md: a derived type's property, no @odata.type
    assert problems(checker, {"extra": "x"}) == [
        "$: microsoft.graph.item has no property 'extra' (microsoft.graph.specialItem has it; "
        "the object names no @odata.type)"
    ]
    # named and documented: checked as that type, nothing to say
    assert problems(checker, {"@odata.type": "#microsoft.graph.specialItem", "extra": "x"}) == []
    # documented but not derived from the declared type
    assert problems(checker, {"@odata.type": "#microsoft.graph.shade", "zzz": 1}) == [
        "$: microsoft.graph.item has no property 'zzz' (its @odata.type names microsoft.graph.shade, "
        "which does not derive from microsoft.graph.item)"
    ]


def test_a_placeholder_that_would_take_ref_is_no_missing_ref():
    # api/organizationalbrandingproperties-get.md:67: …/branding for …/branding/{property-name}
    assert url_reason(["/organization/{id}/branding/{property-name}"], "/organization/1/branding") is None


def test_an_error_answer_without_a_body_imports_no_json(tmp_path):
    # api/organizationalbrandingproperties-get.md:147: "HTTP/1.1 404 Not Found", no body; the other
    # examples' bodies are valid JSON, so nothing in the module uses json
    from render_helpers import render_to

    from docgen.model.core import Example, Operation, RequestLine, Response

    examples = (
        Example("request", "get", at(10), method="GET", url="/me/items/1"),
        Example("response", "get", at(14), status=404),
        Example("request", "get2", at(20), method="GET", url="/me/items/2"),
        Example("response", "get2", at(24), status=200, body_text='{"id": "2"}', body={"id": "2"}),
    )
    op = Operation(
        "get_item",
        "Get item",
        at(1),
        request_lines=(RequestLine("GET", "/me/items/{id}", at(2)),),
        response=Response(at(3), 200, "microsoft.graph.item"),
        examples=examples,
    )
    m = model()
    package, _ = render_to(type(m)(types=m.types, operations=(op,)), tmp_path, "jsonpkg")
    text = (package / "tests" / "test_things.py").read_text()
    assert "_rt.Response(404, {}, b\"\")" in text
    assert "import json" not in text


def test_an_elided_base64_value_stands_for_a_binary_value(checker):
    # api/application-addkey.md:90: "key": "MIIDYDCCAki..." (a certificate, shortened)
    assert checker.fill({"blob": "MIIDYDCCAki..."}, ITEM) == {"blob": "AAEC"}
    assert checker.fill({"blob": "JVBERi0xLjUNCiW1\u2026"}, ITEM) == {"blob": "AAEC"}
    # in a string slot it stays text; not base64 before the dots, or no dots: left and reported
    assert checker.fill({"id": "MIIDYDCCAki..."}, ITEM) == {"id": "MIIDYDCCAki..."}
    assert problems(checker, checker.fill({"blob": "not base64!..."}, ITEM)) == [
        '$.blob: expected bytes, got "not base64!..."'
    ]
