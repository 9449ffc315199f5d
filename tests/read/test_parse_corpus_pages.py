"""Page extraction on excerpts of the real Graph docs (tests/fixtures/pages/corpus-*.md; each file
name gives the corpus page it was copied from, graph-docs-v1.0/<folder>/<page>.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.extract.dispatch import extract_page, kind_from_doc_type
from docgen.read.source import read_source

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"


def page(name: str):
    src, diagnostics = read_source(PAGES / name, name)
    assert src is not None and diagnostics == []
    return extract_page(src)


def codes(model) -> list[tuple[str, int]]:
    return [(d.code, d.location.line) for d in model.diagnostics]


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("apiPageType", "api"),
        ('"resourcePageType "', "resource"),
        ("resourcePageType_", "resource"),
        ("enumTypes", "enum"),
        ("enumPageType", "enum"),
        ("conceptualPageType", "conceptual"),
        ("", None),
        ("somethingElse", None),
    ],
)
def test_doc_type_variants(value, kind):
    assert kind_from_doc_type(value) == kind


def test_resource_page_user():
    model = page("corpus-resources-user-excerpt.md")
    assert model.info.kind == "resource"
    user = model.types[0]
    assert (user.name, user.namespace, user.origin, user.kind) == (
        "user",
        "microsoft.graph",
        "resource",
        "entity",
    )
    assert user.open_type and not user.abstract
    assert [(b.ref.name, b.source) for b in user.bases] == [
        ("directoryObject", "prose"),
        ("microsoft.graph.directoryObject", "annotation"),
    ]
    rows = {p.name: p for p in user.properties}
    assert not rows["aboutMe"].navigation and rows["aboutMe"].ref.name == "Edm.String"
    assert (
        rows["assignedLicenses"].ref.collection
        and rows["assignedLicenses"].ref.target == "assignedlicense.md"
    )
    assert rows["assignedPlans"].read_only and rows["assignedPlans"].nullable is False
    assert rows["ageGroup"].ref.anchor == "agegroup-values"
    # "Possible values are: `null`, `minor`, …": null is the JSON literal, not a member
    assert rows["ageGroup"].enum_values == ("minor", "notAdult", "adult")
    nav = rows["activities"]
    assert (
        nav.navigation
        and nav.ref.name == "userActivity"
        and nav.ref.target == "projectrome-activity.md"
    )
    assert rows["calendar"].navigation and not rows["calendar"].ref.collection
    assert user.representation is not None and user.representation.kind == "resource"
    assert user.representation.body["assignedLicenses"] == [
        {"@odata.type": "microsoft.graph.assignedLicense"}
    ]
    enums = {
        t.name: [m.name for m in t.members] for t in model.types if t.kind == "enum"
    }
    assert enums["consentProvidedForMinor"] == [
        "granted",
        "denied",
        "notRequired",
    ]  # the |null| row is no member
    assert set(enums) == {
        "legalAgeGroupClassification",
        "ageGroup",
        "consentProvidedForMinor",
    }
    age = next(t for t in model.types if t.name == "ageGroup")
    assert "agegroup-values" in age.anchors and age.origin == "values"


def test_inherited_rows_attributed_to_the_base():
    model = page("corpus-resources-accessreviewinstance.md")
    own, base = model.types
    assert own.name == "accessReviewInstance" and own.key_property == "id"
    assert "id" not in [p.name for p in own.properties]
    assert (
        [p.name for p in base.properties] == ["id"]
        and base.name == "entity"
        and base.origin == "declared"
    )
    assert sorted(b.source for b in own.bases) == ["annotation", "prose", "rows"]
    status = next(p for p in own.properties if p.name == "status")
    assert (
        status.enum_values[:2] == ("Initializing", "NotStarted")
        and len(status.enum_values) == 8
    )
    decisions = next(p for p in own.properties if p.name == "decisions")
    assert decisions.navigation and decisions.ref.collection
    # the fixture sits at the top of its folder, so "../resources/…" stays relative
    assert decisions.ref.target == "../resources/accessreviewinstancedecisionitem.md"


def test_enum_page_members_with_values():
    model = page(
        "corpus-resources-intune-devices-devicemanagementexchangeaccessstate.md"
    )
    (enum,) = model.types
    assert (enum.name, enum.kind, enum.origin) == (
        "deviceManagementExchangeAccessState",
        "enum",
        "enum",
    )
    assert [(m.name, m.value, m.location.line) for m in enum.members] == [
        ("none", 0, 21),
        ("unknown", 1, 22),
        ("allowed", 2, 23),
        ("blocked", 3, 24),
        ("quarantined", 4, 25),
    ]
    assert enum.members[1].description == "Device access state to Exchange is unknown"


def test_multi_enum_page():
    model = page("corpus-resources-enums-excerpt.md")
    assert model.info.kind == "enum"
    assert [(t.name, len(t.members)) for t in model.types] == [
        ("lifecycleEventType", 3),
        ("changeType", 2),
        ("countryLookupMethodType", 2),
        ("consentRequestFilterByCurrentUserOptions", 1),
    ]
    # "### consentRequestFilterByCurrentUserOptions values " has a trailing space in the page
    assert "consentrequestfilterbycurrentuseroptions-values" in model.types[3].anchors


def test_property_section_with_prefix_and_type_notes():
    model = page(
        "corpus-resources-operationerror.md"
    )  # "## operationError Properties", "string (readonly)"
    (error,) = model.types
    assert [(p.name, p.ref.name) for p in error.properties] == [
        ("code", "Edm.String"),
        ("message", "Edm.String"),
    ]


def test_properties_from_json_representation_when_no_table():
    model = page("corpus-resources-filtercriteria.md")
    (criteria,) = model.types
    assert (
        criteria.name == "workbookFilterCriteria"
    )  # the annotation's @odata.type, not the title
    refs = {p.name: (p.ref.name, p.ref.collection) for p in criteria.properties}
    assert refs["icon"] == ("microsoft.graph.workbookIcon", False)
    assert refs["values"] == ("microsoft.graph.Json", False)
    assert refs["color"] == ("Edm.String", False)
    assert ("type-name-mismatch", 10) in codes(model)
    assert ("properties-from-representation", 28) in codes(model)


def test_derived_types_table():
    model = page("corpus-resources-participantjoiningresponse.md")
    (base,) = model.types
    assert [r.name for r in base.derived] == [
        "acceptJoinResponse",
        "rejectJoinResponse",
        "inviteNewBotResponse",
    ]
    assert base.derived[0].target == "acceptjoinresponse.md"


def test_api_page_user_get():
    model = page("corpus-api-user-get-excerpt.md")
    (op,) = model.operations
    assert op.name == "get_user_1"
    assert [(r.method, r.path, r.location.line) for r in op.request_lines] == [
        ("GET", "/users/{id | userPrincipalName}", 33),
        ("GET", "/me", 43),
    ]
    assert op.permissions.delegated_personal == ("User.Read", "User.ReadWrite")
    assert op.permissions.application[0] == "User.Read.All"
    assert [(h.name, h.required) for h in op.headers] == [
        ("Authorization", True),
        ("Content-Type", False),
    ]
    assert op.body is None  # "Do not supply a request body for this method."
    assert (
        op.response.status == 200
        and op.response.ref.name == "user"
        and not op.response.ref.collection
    )
    request, response = op.examples
    assert (
        request.url == "https://graph.microsoft.com/v1.0/users/{id | userPrincipalName}"
    )
    assert (
        response.name == "get_user_1"
        and response.annotation["@odata.type"] == "microsoft.graph.user"
    )
    assert response.body["displayName"] == "Adele Vance"


def test_transposed_permissions_and_many_request_lines():
    model = page("corpus-api-calendar-get-excerpt.md")
    (op,) = model.operations
    perms = op.permissions
    assert perms.delegated_work == (
        "Calendars.Read",
        "Calendars.ReadWrite",
        "Group.Read.All",
        "Group.ReadWrite.All",
    )
    assert perms.delegated_personal == ("Calendars.Read", "Calendars.ReadWrite")
    assert ("Application", "Not supported.") in perms.raw
    assert (
        len(op.request_lines) > 3
        and op.request_lines[1].path == "/users/{id | userPrincipalName}/calendar"
    )


def test_several_http_request_sections_and_item_paths():
    model = page("corpus-api-driveitem-put-content-excerpt.md")
    paths = [r.path for r in model.operations[0].request_lines]
    assert paths[0] == "/drives/{drive-id}/items/{item-id}/content"
    assert "/drives/{drive-id}/items/{parent-id}:/{filename}:/content" in paths
    assert len(paths) == 10 and all(
        r.method == "PUT" for r in model.operations[0].request_lines
    )


def test_invalid_annotation_read_tolerantly():
    model = page("corpus-api-chat-delete-tabs.md")
    op = model.operations[0]
    response = op.examples[1]
    assert response.kind == "response" and response.status == 204
    assert response.annotation == {"blockType": "response"}
    assert response.name == "delete_tab_in_chat"  # paired with the request before it
    assert ("invalid-annotation", 83) in codes(model)  # the trailing comma's line
    assert op.response.status == 204 and op.response.ref is None
    includes = [d for d in model.diagnostics if d.code == "unresolved-include"]
    assert includes and all(
        d.severity.label == "info" for d in includes
    )  # snippets inside language tabs


def test_unannotated_examples_and_invalid_json_located_in_page():
    model = page("corpus-api-administrativeunit-get-members.md")
    request, response = model.operations[0].examples
    assert (
        request.kind == "request"
        and request.annotation == {}
        and request.method == "GET"
    )
    assert (
        response.kind == "response" and response.status == 200 and response.body is None
    )
    error = response.body_error
    assert (error.code, error.location.line, error.location.col) == (
        "invalid-json",
        61,
        46,  # the end of the line that lacks its comma
    )
    assert ("invalid-json", 61) in codes(model)
    assert (
        model.operations[0].name == "corpus-api-administrativeunit-get-members"
    )  # the file name


def test_table_that_markdown_it_does_not_see_is_recovered():
    from docgen.read.parse import parse_page

    text = (PAGES / "corpus-api-authenticationmethod-get-excerpt.md").read_text(
        encoding="utf-8"
    )
    blocks = parse_page("p.md", text).blocks
    recovered = [b for b in blocks if b.kind == "table" and b.line == 30]
    assert len(recovered) == 1  # header has 2 cells, the delimiter row 3
    rows = recovered[0].table.rows
    assert [row[0].text for row in rows] == [
        "Delegated (work or school account)",
        "Delegated (personal Microsoft account)",
        "Application",
    ]
    assert (
        rows[0][1].text
        == "UserAuthenticationMethod.Read.All, UserAuthenticationMethod.ReadWrite.All"
    )
    assert rows[2][0].line == 34


def test_literal_line_break_inside_a_cell():
    model = page("corpus-resources-securescorecontrolprofile-excerpt.md")
    rows = {p.name: p for p in model.types[0].properties}
    threats = rows["threats"]
    assert threats.ref.name == "Edm.String" and threats.ref.collection
    assert threats.description.endswith("phishingOrWhaling,spoofing).")
    assert "tier" in rows and not any(
        d.code == "invalid-property-name" for d in model.diagnostics
    )


def test_response_sentences(tmp_path):
    """Response sentences as the corpus writes them (alert-get, getauditcategories, getcachedreport,
    user-list in graph-docs-v1.0/api)."""
    from docgen.extract.api_response import response
    from docgen.read.parse import parse_page

    def read(sentence: str):
        text = f"---\ndoc_type: apiPageType\n---\n# t\n\n## Response\n\n{sentence}\n"
        section = next(
            s for s in parse_page("api/x.md", text).sections() if s.title == "Response"
        )
        found = response(section, "api/x.md")
        return found.status, found.ref and (
            found.ref.name,
            found.ref.collection,
            found.ref.target,
        )

    assert read(
        "If successful, this method returns a `200 OK` response code and an **alert** object in the response body. "
        "For more information, see [Microsoft Graph Security API error responses](../resources/security-error-codes.md)."
    ) == (200, ("alert", False, None))
    assert read(
        "If successful, this function returns a `200 OK` response code and a String collection in the response body."
    ) == (200, ("Edm.String", True, None))
    assert read(
        "If successful, this action returns a `200 OK` response code and a Stream in the response body."
    ) == (
        200,
        ("Edm.Stream", False, None),
    )
    assert read(
        "If successful, this method returns a `200 OK` response code and collection of [user](../resources/user.md) "
        "objects in the response body."
    ) == (200, ("user", True, "resources/user.md"))
    assert read(
        "If successful, this method returns `204 No Content` response code."
    ) == (204, None)
    assert read(
        "If successful, this method returns a `201 Created` response code and a new\n[group](../resources/group.md) object in the response body."
    ) == (
        201,
        ("group", False, "resources/group.md"),
    )


def test_language_tabs_are_not_sections():
    from docgen.read.parse import parse_page

    text = (PAGES / "corpus-api-chat-delete-tabs.md").read_text(encoding="utf-8")
    parsed = parse_page("p.md", text)
    sections = {s.title: s for s in parsed.sections()}
    assert "HTTP" not in sections and "C#" not in sections
    example = sections["Example"]
    assert (example.line, example.level) == (46, 2)
    # the Example section runs past the tabs and their closing '---' up to "## See also"
    assert example.blocks[-1].line < 90 and any(
        b.kind == "heading" and b.line == 79 for b in example.blocks
    )
    tabs = [b.line for b in parsed.blocks if b.kind == "tab"]
    assert tabs == [51, 59, 63, 67, 71]
    assert parsed.title_block().line == 10


def test_include_lines_above_a_tab_closing_rule_are_not_a_heading():
    from docgen.read.parse import parse_page

    text = (
        "# t\n\n## Example\n\n# [C#](#tab/csharp)\n"
        "[!INCLUDE [sample-code](../includes/snippets/csharp/x.md)]\n"
        "[!INCLUDE [sdk-documentation](../includes/snippets/link.md)]\n---\n\n### Response\n"
    )
    blocks = parse_page("api/x.md", text).blocks
    assert [(b.kind, b.line) for b in blocks] == [
        ("heading", 1),
        ("heading", 3),
        ("tab", 5),
        ("include", 6),
        ("include", 7),
        ("hr", 8),
        ("heading", 10),
    ]


def test_front_matter_opened_with_trailing_blank():
    """resources/cancelmediaprocessingoperation.md opens its front matter with "--- "."""
    from docgen.read.parse import parse_page

    parsed = parse_page(
        "r.md",
        '--- \ntitle: "x"\ndoc_type: resourcePageType\n---\n\n# x resource type\n',
    )
    assert parsed.front_matter == {"title": "x", "doc_type": "resourcePageType"}
    assert [(b.kind, b.line) for b in parsed.blocks] == [("heading", 6)]


def test_null_in_possible_values_is_not_a_member():
    # resources/microsoftauthenticatorauthenticationmethodtarget.md:20
    model = page("corpus-resources-microsoftauthenticatorauthenticationmethodtarget.md")
    (target,) = [t for t in model.types if t.kind != "enum"]
    rows = {p.name: p for p in target.properties}
    assert rows["featureSettings"].enum_values == ("requireNumberMatching",)
    assert rows["authenticationMode"].enum_values == ("any", "deviceBasedPush", "push")
