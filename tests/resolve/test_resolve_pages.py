"""Resolution across pages: corpus excerpts (tests/fixtures/pages/corpus-*.md) and small pages
written here for the situations the corpus shows only in larger pages."""

from __future__ import annotations

from pathlib import Path

from docgen.extract.dispatch import extract_page
from docgen.read.source import decode_source, read_source
from docgen.resolve.join import resolve

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"


def from_fixtures(*names: str):
    pages = []
    for name in names:
        src, _ = read_source(PAGES / name, f"resources/{name}")
        pages.append(extract_page(src))
    return resolve(pages)


def from_texts(**texts: str):
    pages = []
    for name, text in texts.items():
        src, _ = decode_source(text.encode(), f"resources/{name.replace('_', '-')}.md")
        pages.append(extract_page(src))
    return resolve(pages)


def resource(name: str, body: str, namespace: str = "microsoft.graph") -> str:
    return f"---\ndoc_type: resourcePageType\n---\n# {name} resource type\n\nNamespace: {namespace}\n\n{body}\n"


def test_derived_types_table_gives_the_base():
    model = from_fixtures("corpus-resources-participantjoiningresponse.md", "corpus-resources-acceptjoinresponse.md")
    index = model.type_index()
    assert index["microsoft.graph.acceptJoinResponse"].base == "microsoft.graph.participantJoiningResponse"


def test_link_to_values_anchor_resolves_to_the_enum():
    model = from_fixtures("corpus-resources-user-excerpt.md")
    user = model.type_index()["microsoft.graph.user"]
    age = next(p for p in user.properties if p.name == "ageGroup")
    assert age.type == "microsoft.graph.ageGroup"
    assert model.type_index()["microsoft.graph.ageGroup"].kind == "enum"
    assert user.base == "microsoft.graph.directoryObject" and user.kind == "entity"
    unresolved = [d for d in model.diagnostics if d.code == "unresolved-type"]
    assert any('"assignedLicense"' in d.message and d.location.line == 32 for d in unresolved)


def test_inherited_rows_make_the_base_when_it_has_no_page():
    model = from_fixtures("corpus-resources-accessreviewinstance.md")
    index = model.type_index()
    assert [p.name for p in index["microsoft.graph.entity"].properties] == ["id"]
    instance = index["microsoft.graph.accessReviewInstance"]
    assert instance.base == "microsoft.graph.entity" and "id" not in [p.name for p in instance.properties]


ENTITY = resource("entity", "## Properties\n|Property|Type|Description|\n|:--|:--|:--|\n|id|String|The id.|")


def test_base_claims_disagree():
    child = resource(
        "child",
        "Inherits from [parentA](parenta.md).\n\n## Properties\n|Property|Type|Description|\n|--|--|--|\n"
        "|x|String|An x.|\n\n## JSON representation\n<!-- {\"blockType\": \"resource\", "
        '"baseType": "microsoft.graph.parentB", "@odata.type": "microsoft.graph.child"} -->\n```json\n{"x": "s"}\n```',
    )
    empty = "## Properties\n|Property|Type|Description|\n|--|--|--|\n|y|Int32|A y.|"
    model = from_texts(child=child, parenta=resource("parentA", empty), parentb=resource("parentB", empty))
    assert model.type_index()["microsoft.graph.child"].base == "microsoft.graph.parentB"  # the annotation
    (mismatch,) = [d for d in model.diagnostics if d.code == "base-type-mismatch"]
    assert "parentA" in mismatch.message and mismatch.location.line == 8


def test_base_cycle_reported_and_cut():
    a = resource("alpha", "Inherits from [beta](beta.md).\n\n## Properties\n|Property|Type|Description|\n|--|--|--|\n|a|String|A.|")
    b = resource("beta", "Inherits from [alpha](alpha.md).\n\n## Properties\n|Property|Type|Description|\n|--|--|--|\n|b|String|B.|")
    model = from_texts(alpha=a, beta=b)
    index = model.type_index()
    assert [d.code for d in model.diagnostics].count("base-type-cycle") == 1
    assert (index["microsoft.graph.alpha"].base is None) != (index["microsoft.graph.beta"].base is None)


def test_enum_documented_twice_is_merged_with_a_diagnostic():
    enums = (
        "---\ndoc_type: enumPageType\n---\n# Enum values\n\nNamespace: microsoft.graph\n\n"
        "### riskLevel values\n\n|Member|\n|:---|\n|low|\n|high|\n"
    )
    user = resource(
        "account",
        "## Properties\n|Property|Type|Description|\n|--|--|--|\n"
        "|risk|[riskLevel](enums.md#risklevel-values)|The risk. Possible values are: `low`, `medium`.|",
    )
    model = from_texts(enums=enums, account=user)
    risk = model.type_index()["microsoft.graph.riskLevel"]
    assert [m.name for m in risk.members] == ["low", "high", "medium"]
    (mismatch,) = [d for d in model.diagnostics if d.code == "enum-mismatch"]
    assert "missing high" in mismatch.message and "extra medium" in mismatch.message
    prop = model.type_index()["microsoft.graph.account"].properties[0]
    assert prop.type == "microsoft.graph.riskLevel"


def test_type_documented_on_two_pages_is_merged():
    main = resource("widget", "## Properties\n|Property|Type|Description|\n|--|--|--|\n|a|String|A.|")
    extra = resource("widget", "## Properties\n|Property|Type|Description|\n|--|--|--|\n|a|String|A.|\n|b|Int32|B.|")
    model = from_texts(widget=main, intune_extra_widget=extra)
    widget = model.type_index()["microsoft.graph.widget"]
    assert [p.name for p in widget.properties] == ["a", "b"]
    assert widget.location.path == "resources/widget.md"  # the page named after the type is primary
    assert any(d.code == "duplicate-type" for d in model.diagnostics)


def test_entity_default_base_and_link_through_prefixed_file():
    thing = resource(
        "thing",
        "## Properties\n|Property|Type|Description|\n|--|--|--|\n|id|String|Id.|\n"
        "|category|[deviceCategory](intune-shared-devicecategory.md)|Its category.|\n\n"
        "## Relationships\n|Relationship|Type|Description|\n|--|--|--|\n|owner|[entity](entity.md)|Owner.|",
    )
    category = resource("deviceCategory", "## Properties\n|Property|Type|Description|\n|--|--|--|\n|name|String|N.|")
    model = from_texts(thing=thing, intune_shared_devicecategory=category, entity=ENTITY)
    index = model.type_index()
    assert index["microsoft.graph.thing"].kind == "entity" and index["microsoft.graph.thing"].base == "microsoft.graph.entity"
    props = {p.name: p for p in index["microsoft.graph.thing"].properties}
    assert props["category"].type == "microsoft.graph.deviceCategory"
    assert props["owner"].navigation
    assert not [d for d in model.diagnostics if d.code in ("unresolved-link", "unresolved-type")]


def test_output_is_sorted_and_deterministic():
    names = ("corpus-resources-user-excerpt.md", "corpus-resources-accessreviewinstance.md", "corpus-api-user-get-excerpt.md")
    first = from_fixtures(*names)
    second = from_fixtures(*reversed(names))
    assert first == second
    assert [t.qualified_name.lower() for t in first.types] == sorted(t.qualified_name.lower() for t in first.types)


def test_rows_naming_an_ancestor_are_not_a_conflict():
    """As in intune-apps-androidlobapp.md: rows "Inherited from [mobileApp]" and "Inherited from
    [mobileLobApp]", prose "Inherits from [mobileLobApp]", and mobileLobApp derives from mobileApp."""
    table = "## Properties\n|Property|Type|Description|\n|--|--|--|\n"
    app = resource("mobileApp", table + "|displayName|String|Name.|")
    lob = resource("mobileLobApp", "Inherits from [mobileApp](mobileapp.md).\n\n" + table + "|fileName|String|File.|")
    android = resource(
        "androidLobApp",
        table
        + "|displayName|String|Name. Inherited from [mobileApp](mobileapp.md)|\n"
        + "|fileName|String|File. Inherited from [mobileLobApp](mobilelobapp.md)|\n"
        + "|packageId|String|Package.|",
    )
    model = from_texts(mobileapp=app, mobilelobapp=lob, androidlobapp=android)
    index = model.type_index()
    assert index["microsoft.graph.androidLobApp"].base == "microsoft.graph.mobileLobApp"
    assert [p.name for p in index["microsoft.graph.androidLobApp"].properties] == ["packageId"]
    found = [d for d in model.diagnostics if d.code == "base-type-mismatch"]
    assert [d.severity.label for d in found] == ["info"] and "ancestor" in found[0].message


def test_a_base_type_for_others_is_not_a_claim():
    """printerbase.md: "Represents a base type for [printer](printer.md) and [printerShare](…)"."""
    table = "## Properties\n|Property|Type|Description|\n|--|--|--|\n|id|String|Id.|"
    base = resource("printerBase", "Represents a base type for [printer](printer.md) entity types.\n\n" + table)
    printer = resource("printer", "Inherits from [printerBase](printerbase.md).\n\n" + table)
    model = from_texts(printerbase=base, printer=printer)
    index = model.type_index()
    assert index["microsoft.graph.printer"].base == "microsoft.graph.printerBase"
    assert index["microsoft.graph.printerBase"].base is None
    assert not [d for d in model.diagnostics if d.code == "base-type-cycle"]


def test_duplicate_operation_names_reported():
    api = (
        "---\ndoc_type: apiPageType\n---\n# List things\n\n## HTTP request\n```http\nGET /things\n```\n"
        '## Examples\n<!-- {"blockType": "request", "name": "list_things"} -->\n```http\nGET https://x/things\n```\n'
    )
    model = from_texts(a_list=api, b_list=api)
    assert [op.name for op in model.operations] == ["list_things", "list_things"]
    (found,) = [d for d in model.diagnostics if d.code == "duplicate-operation-name"]
    assert found.location.path == "resources/b-list.md" and "resources/a-list.md" in found.message


def test_body_rows_do_not_invent_a_type_the_linked_page_documents():
    """As api/range-update.md: "Update the properties of [range](range.md)" where range.md
    documents workbookRange; the body table must not create a type "Range"."""
    page_range = (
        "---\ndoc_type: resourcePageType\n---\n# Range resource type\n\nNamespace: microsoft.graph\n\n"
        "## Properties\n|Property|Type|Description|\n|--|--|--|\n|address|String|A1.|\n\n## JSON representation\n"
        '<!-- {"blockType": "resource", "@odata.type": "microsoft.graph.workbookRange"} -->\n```json\n{"address": "s"}\n```\n'
    )
    update = (
        "---\ndoc_type: apiPageType\n---\n# Update range\n\nNamespace: microsoft.graph\n\n"
        "Update the properties of [Range](range.md) object.\n\n## HTTP request\n```http\nPATCH /range\n```\n"
        "## Request body\n|Property|Type|Description|\n|--|--|--|\n|columnHidden|Boolean|Hidden.|\n\n"
        "## Response\nIf successful, this method returns a `200 OK` response code and updated [Range](range.md) object.\n"
    )
    model = from_texts(range=page_range, range_update=update)
    assert [t.qualified_name for t in model.types] == ["microsoft.graph.workbookRange"]
    (op,) = model.operations
    assert op.request_body.type == "microsoft.graph.workbookRange"
    assert op.response.type == "microsoft.graph.workbookRange"


def test_or_cell_takes_the_common_base_of_its_types():
    # call.md: "mediaConfig | [appHostedMediaConfig](…) or [serviceHostedMediaConfig](…)"; both pages
    # say their base is mediaConfig (baseType annotation, "inherited from" prose)
    model = from_fixtures(
        "corpus-resources-call-excerpt.md",
        "corpus-resources-mediaconfig.md",
        "corpus-resources-apphostedmediaconfig.md",
        "corpus-resources-servicehostedmediaconfig.md",
    )
    call = model.type_index()["microsoft.graph.call"]
    props = {p.name: p for p in call.properties}
    assert props["mediaConfig"].type == "microsoft.graph.mediaConfig"
    # organizerMeetingInfo/tokenMeetingInfo have no page here: no shared base is known, the first stays
    assert props["meetingInfo"].type == "microsoft.graph.organizerMeetingInfo"
    assert props["callChainId"].type == "Edm.String"


def test_function_parameters_reach_the_operation():
    # driveitem-delta.md: "## Function parameters" | token | string | Optional. …
    src, _ = read_source(PAGES / "corpus-api-driveitem-delta-excerpt.md", "api/driveitem-delta.md")
    model = resolve([extract_page(src)])
    (op,) = model.operations
    assert [(p.name, p.type, p.collection, p.location.line) for p in op.parameters] == [("token", "Edm.String", False, 54)]
    assert op.parameters[0].description.startswith("Optional.")


def test_relationship_targets_are_entities():
    # resources/agreement.md:41-44: Relationships rows point at agreementFileLocalization and
    # agreementFileVersion, whose own pages have no key and no Relationships section.
    model = from_fixtures(
        "corpus-resources-agreement.md",
        "corpus-resources-agreementfilelocalization.md",
        "corpus-resources-agreementfileversion.md",
        "corpus-resources-agreementfiledata.md",
    )
    kinds = {t.name: t.kind for t in model.types}
    assert kinds["agreementFileLocalization"] == "entity"
    assert kinds["agreementFileVersion"] == "entity"
    assert kinds["agreementFileData"] == "complex"  # a Properties row's type, not navigated to


def test_an_assumed_base_is_told_from_a_stated_one():
    # policybase.md names no base (no prose, no baseType, no "Inherited from" rows); its key makes it
    # an entity, so the convention's `entity` is assumed and an info diagnostic says so. The metadata
    # says directoryObject: drift classes that as "docs silent", not as a wrong statement.
    policy = from_fixtures("corpus-resources-policybase.md")
    stated = from_texts(
        entity=ENTITY,
        thing=resource("thing", "Inherits from [entity](entity.md).\n\n## Properties\n|Property|Type|Description|\n|--|--|--|\n|name|String|N.|"),
    )
    assert policy.type_index()["microsoft.graph.policyBase"].base is None  # no entity page among the input
    model = resolve_with_entity("corpus-resources-policybase.md")
    assert model.type_index()["microsoft.graph.policyBase"].base == "microsoft.graph.entity"
    (assumed,) = [d for d in model.diagnostics if d.code == "base-type-assumed"]
    assert (assumed.severity.label, assumed.location.line) == ("info", 10)
    assert '"microsoft.graph.policyBase"' in assumed.message
    assert not [d for d in stated.diagnostics if d.code == "base-type-assumed"]
    assert not [d for d in policy.diagnostics if d.code == "base-type-assumed"]


def resolve_with_entity(*names: str):
    pages = []
    for name in names:
        src, _ = read_source(PAGES / name, f"resources/{name}")
        pages.append(extract_page(src))
    src, _ = decode_source(ENTITY.encode(), "resources/entity.md")
    return resolve([*pages, extract_page(src)])


def test_an_undocumented_type_s_message_says_what_its_row_lists():
    # set-e/resources/channel.md:66 (today's beta page): "|membershipType|channelMembershipType|…
    # The possible values are: `standard`, `private`, `unknownFutureValue`, `shared`.…" with no
    # page for channelMembershipType: an enum whose values are known, not one "known only by name"
    rows = (
        "## Properties\n|Property|Type|Description|\n|:--|:--|:--|\n"
        "|membershipType|channelMembershipType|The type of the channel. The possible values are: "
        "`standard`, `private`, `unknownFutureValue`, `shared`.|\n"
        "|moderationSettings|[channelModerationSettings](channelmoderationsettings.md)|Settings.|\n"
    )
    model = from_texts(channel=resource("channel", rows))
    index = model.type_index()
    assert [m.name for m in index["microsoft.graph.channelMembershipType"].members] == [
        "standard", "private", "unknownFutureValue", "shared"]
    messages = sorted(d.message for d in model.diagnostics if d.code == "unresolved-type")
    assert messages == [
        'type "channelMembershipType" is not documented by any input page; kept as an enum of the 4 '
        "values its row lists",
        'type "channelModerationSettings" (cell "[channelModerationSettings](channelmoderationsettings.md)") '
        "is not documented by any input page; kept as a complex type known only by name",
    ]
