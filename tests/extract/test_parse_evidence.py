"""Evidence the parser reads beyond the obvious tables (kinds, bases, members), on excerpts of the
real Graph docs (tests/fixtures/pages/corpus-*.md; the file name gives the corpus page)."""

from __future__ import annotations

from pathlib import Path

from docgen.extract.dispatch import extract_page
from docgen.read.source import decode_source, read_source

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"


def page(name: str):
    src, diagnostics = read_source(PAGES / name, f"resources/{name}")
    assert src is not None and diagnostics == []
    return extract_page(src)


def text_page(body: str, name: str = "resources/x.md"):
    src, _ = decode_source(body.encode(), name)
    return extract_page(src)


def test_methods_table_of_operation_pages_makes_an_entity():
    # workforceintegration.md: no keyProperty, no id, "Relationships: None." — only its Methods table
    # (Create/List/Get/Update/Delete pages) says the type is addressable
    model = page("corpus-resources-workforceintegration-excerpt.md")
    (own,) = [t for t in model.types if t.origin == "resource"]
    assert own.name == "workforceIntegration" and own.kind == "entity"


def test_methods_table_without_operation_links_says_nothing():
    body = (
        "---\ndoc_type: resourcePageType\n---\n# thing resource type\n\n## Methods\n\nNone.\n\n"
        "| Method | Return Type | Description |\n|:--|:--|:--|\n| [Docs](https://example.com/x.md) | None | x |\n\n"
        "## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n| name | String | The name. |\n"
    )
    (own,) = text_page(body).types
    assert own.kind == ""


def api_page(name: str):
    src, diagnostics = read_source(PAGES / name, f"api/{name}")
    assert src is not None and diagnostics == []
    return extract_page(src)


def test_request_body_named_by_a_json_body_of_sentence():
    # "Provide a JSON body of an [openTypeExtension](../resources/opentypeextension.md), with …"
    (op,) = api_page("corpus-api-opentypeextension-post-opentypeextension-excerpt.md").operations
    assert op.body is not None and op.body.ref is not None
    assert (op.body.ref.name, op.body.ref.target) == ("openTypeExtension", "resources/opentypeextension.md")


def test_request_body_named_by_a_json_representation_for_sentence():
    # "In the request body, supply a JSON representation for the [androidLobApp](…) object."
    (op,) = api_page("corpus-api-intune-apps-androidlobapp-update-excerpt.md").operations
    assert op.body is not None and op.body.ref is not None
    assert (op.body.ref.name, op.body.ref.target) == ("androidLobApp", "resources/intune-apps-androidlobapp.md")
    assert [p.name for p in op.body.properties][:3] == ["id", "displayName", "description"]


def test_properties_table_headed_like_a_methods_table():
    # agreementfiledata.md: "## Properties" holds "| Method | Return Type | Description |" with a
    # plain `data | Binary` row
    model = page("corpus-resources-agreementfiledata.md")
    (own,) = [t for t in model.types if t.origin == "resource"]
    assert [(p.name, p.ref.name) for p in own.properties] == [("data", "Edm.Binary")]
    assert not any(d.code == "properties-from-representation" for d in model.diagnostics)


def test_derived_types_table_inside_properties_is_not_read_as_properties():
    # teleconferencedevicemediaquality.md: "### Derived types" (a `Type | Description` table) sits
    # under "## Properties"; its rows are subtypes, not properties
    model = page("corpus-resources-teleconferencedevicemediaquality.md")
    (own,) = [t for t in model.types if t.origin == "resource"]
    names = [p.name for p in own.properties]
    assert names[0] == "averageInboundJitter" and names[-1] == "remotePort" and len(names) == 21
    assert not any(name.startswith("teleconferenceDevice") for name in names)
    assert [ref.name for ref in own.derived] == [
        "teleconferenceDeviceAudioQuality",
        "teleconferenceDeviceVideoQuality",
        "teleconferenceDeviceScreenSharingQuality",
    ]


def test_response_of_plural_objects_is_a_collection():
    # openshift-list.md: "… a `200 OK` response code and all [openShift](…) objects in the team …";
    # callrecords-session-list.md: "… the requested [session](…) objects in the response body."
    (op,) = api_page("corpus-api-openshift-list-excerpt.md").operations
    assert op.response is not None and (op.response.status, op.response.ref.name) == (200, "openShift")
    assert op.response.ref.collection
    (op,) = api_page("corpus-api-callrecords-session-list-excerpt.md").operations
    assert op.response.ref.name == "session" and op.response.ref.collection


def test_response_of_one_object_is_single():
    (op,) = api_page("corpus-api-user-get-excerpt.md").operations
    assert op.response is not None and op.response.ref is not None and not op.response.ref.collection


def test_path_and_query_parameters_tables():
    # opentypeextension-post-opentypeextension.md:84 "## Path parameters" | id | string | … Required.
    (op,) = api_page("corpus-api-opentypeextension-post-opentypeextension-excerpt.md").operations
    assert [(p.name, p.ref.name, p.required) for p in op.parameters] == [("id", "Edm.String", True)]
    # user-delta.md:36 "## Query parameters" with `$deltatoken` and `$skiptoken` rows
    (op,) = api_page("corpus-api-user-delta-excerpt.md").operations
    assert [(p.name, p.location.line) for p in op.parameters] == [("$deltatoken", 46), ("$skiptoken", 47)]
    assert not [d for d in api_page("corpus-api-user-delta-excerpt.md").diagnostics if d.code == "invalid-property-name"]


def test_function_parameters_table():
    # driveitem-delta.md: "## Function parameters" | token | string | Optional. …
    (op,) = api_page("corpus-api-driveitem-delta-excerpt.md").operations
    assert [(p.name, p.ref.name, p.location.line) for p in op.parameters] == [("token", "Edm.String", 54)]
    assert op.body is None or not op.body.properties


def test_row_that_says_key_makes_an_entity():
    # delegatedpermissionclassification.md: no keyProperty, no Methods or Relationships section, but
    # "| id | String | A unique identifier for the **delegatedPermissionClassification** Key. …"
    model = page("corpus-resources-delegatedpermissionclassification.md")
    (own,) = [t for t in model.types if t.origin == "resource"]
    assert own.kind == "entity"


def test_key_as_a_word_in_a_description_says_nothing():
    body = (
        "---\ndoc_type: resourcePageType\n---\n# keyValue resource type\n\n## Properties\n\n"
        "| Property | Type | Description |\n|:--|:--|:--|\n| key | String | Key for the key-value pair. |\n"
        "| value | String | Value for the key-value pair. |\n"
    )
    (own,) = text_page(body).types
    assert own.kind == ""


def test_property_listed_under_properties_and_relationships_is_navigation():
    # permissiongrantpolicy.md lists includes/excludes in both tables (lines 42-43 and 49-50)
    model = page("corpus-resources-permissiongrantpolicy.md")
    (own,) = [t for t in model.types if t.origin == "resource"]
    rows = {p.name: p for p in own.properties}
    assert [p.name for p in own.properties].count("includes") == 1
    assert rows["includes"].navigation and rows["excludes"].navigation and not rows["displayName"].navigation
    assert rows["includes"].location.line == 42
    twice = [(d.code, d.location.line) for d in model.diagnostics if d.code == "duplicate-property"]
    assert twice == [("duplicate-property", 49), ("duplicate-property", 50)]
