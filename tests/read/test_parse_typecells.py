"""Type cells in every form the corpus README lists (cells written as in the real pages)."""

from __future__ import annotations

import pytest

from docgen.read.page import parse_inline
from docgen.read.typecells import normalise_target, parse_type_cell

PAGE = "docs/resources/user.md"


def cell(markdown: str, env: dict | None = None):
    return parse_type_cell(parse_inline(markdown, 7, 3, env), PAGE)


@pytest.mark.parametrize(
    ("markdown", "name", "collection"),
    [
        ("String", "Edm.String", False),
        ("string", "Edm.String", False),
        ("Int32", "Edm.Int32", False),
        ("Edm.String", "Edm.String", False),
        ("String collection", "Edm.String", True),
        ("Collection(String)", "Edm.String", True),
        ("Collection of String", "Edm.String", True),
        ("Collection(Edm.Guid)", "Edm.Guid", True),
        ("`DateTimeOffset`", "Edm.DateTimeOffset", False),
        ("**Boolean**", "Edm.Boolean", False),
        ("int", "Edm.Int32", False),
        ("datetime", "Edm.DateTimeOffset", False),
        ("Timestamp", "Edm.DateTimeOffset", False),
        ("Url", "Edm.String", False),
        ("bool", "Edm.Boolean", False),
        ("string (url)", "Edm.String", False),
        ("string (readonly)", "Edm.String", False),
        ("Json", "microsoft.graph.Json", False),
        ("Untyped JSON object", "microsoft.graph.Json", False),
        (
            "microsoft.graph.callRecords.session",
            "microsoft.graph.callRecords.session",
            False,
        ),
        ("importance", "importance", False),
        ("", "Edm.Untyped", False),
        ("v4_0", "v4_0", False),
        (
            "Object",
            "Edm.Untyped",
            False,
        ),  # api/externalconnectors-externalitem-update.md:56
        ("Object collection", "Edm.Untyped", True),
        ("error object", "error", False),  # resources/workbookoperationerror.md:20
    ],
)
def test_plain_cells(markdown, name, collection):
    ref = cell(markdown)
    assert (ref.name, ref.collection) == (name, collection)
    assert (ref.location.line, ref.location.col) == (7, 3)


def test_link_cell_keeps_the_target():
    ref = cell("[assignedLicense](assignedlicense.md) collection")
    assert (ref.name, ref.collection, ref.target) == (
        "assignedLicense",
        True,
        "docs/resources/assignedlicense.md",
    )


def test_link_text_differs_from_file():
    ref = cell("[userActivity](projectrome-activity.md)")
    assert (ref.name, ref.target) == (
        "userActivity",
        "docs/resources/projectrome-activity.md",
    )


def test_prefixed_and_relative_targets():
    ref = cell("[deviceCategory](../resources/intune-shared-devicecategory.md)")
    assert ref.target == "docs/resources/intune-shared-devicecategory.md"


def test_enum_anchor():
    ref = cell("[riskLevel](enums.md#risklevel-values)")
    assert (ref.name, ref.target, ref.anchor) == (
        "riskLevel",
        "docs/resources/enums.md",
        "risklevel-values",
    )


def test_reference_style_link():
    env: dict = {}
    from docgen.read.mdit import parse

    parse("[itemReference]: itemreference.md\n", env)
    ref = cell("[itemReference][]", env)
    assert (ref.name, ref.target) == (
        "itemReference",
        "docs/resources/itemreference.md",
    )


def test_collection_function_around_link():
    ref = cell("Collection([keyValue](keyvalue.md))")
    assert (ref.name, ref.collection) == ("keyValue", True)


def test_broken_link_without_closing_parenthesis():
    ref = cell("[invitedUserMessageInfo](invitedusermessageinfo.md")
    assert ref.name == "invitedUserMessageInfo"


def test_primitive_behind_a_link():
    assert cell("[String](https://docs.microsoft.com/x)").name == "Edm.String"


@pytest.mark.parametrize(
    ("href", "target", "anchor"),
    [
        ("../resources/user.md", "docs/resources/user.md", None),
        ("user.md#properties", "docs/resources/user.md", "properties"),
        ("/graph/api/resources/user?view=graph-rest-1.0", "resources/user.md", None),
        (
            "https://docs.microsoft.com/graph/api/resources/user",
            "resources/user.md",
            None,
        ),
        ("https://example.com/x.md", None, None),
        ("#agegroup-values", "docs/resources/user.md", "agegroup-values"),
        ("/graph/permissions-reference", None, None),
    ],
)
def test_normalise_target(href, target, anchor):
    assert normalise_target(PAGE, href) == (target, anchor)


def test_or_cell_keeps_every_linked_type():
    # resources/call.md:69
    ref = cell(
        "[appHostedMediaConfig](apphostedmediaconfig.md) or [serviceHostedMediaConfig](servicehostedmediaconfig.md)"
    )
    assert (
        ref.name == "appHostedMediaConfig"
        and ref.target == "docs/resources/apphostedmediaconfig.md"
    )
    assert [(alt.name, alt.target) for alt in ref.alternatives] == [
        ("serviceHostedMediaConfig", "docs/resources/servicehostedmediaconfig.md")
    ]
    assert cell("[x](x.md) and [y](y.md)").alternatives == ()
