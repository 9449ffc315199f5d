"""Issue #20's classes of false or unhelpful findings, each through the real parser.

Pages are the shared calendarPermission fixtures (tests/fixtures/lint/shared, excerpts of the
v1.0 Graph docs) edited per case, and short excerpts of today's beta pages
(microsoftgraph/microsoft-graph-docs-contrib: reportroot-getemailactivitycounts.md,
opentypeextension-post-opentypeextension.md, opentypeextension.md, extension.md), © Microsoft,
CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/); tabs and includes left out.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from docgen.checks.lint.core import lint
from docgen.checks.lint.jsonscan import json_errors
from docgen.diagnostics import Diagnostic
from docgen.pipeline.build import build_model

SHARED = Path(__file__).resolve().parents[2] / "fixtures" / "lint" / "shared"
GET = "api/calendarpermission-get.md"
RES = "resources/calendarpermission.md"


def tree(tmp_path: Path, edits: dict[str, tuple[str, str]] = {}, extra: dict[str, str] = {}) -> Path:  # noqa: B006
    root = tmp_path / "docs"
    shutil.copytree(SHARED, root)
    for page, (old, new) in edits.items():
        path = root / page
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    for page, text in extra.items():
        (root / page).parent.mkdir(parents=True, exist_ok=True)
        (root / page).write_text(text, encoding="utf-8")
    return root


def run(root: Path) -> list[Diagnostic]:
    return lint(build_model([root], jobs=1))


def codes(found: list[Diagnostic], *wanted: str) -> list[Diagnostic]:
    return [d for d in found if d.code in wanted]


# -- example-unpaired and ignored examples --------------------------------------------------------

REPORT = """---
title: "reportRoot: getEmailActivityCounts"
doc_type: apiPageType
---

# reportRoot: getEmailActivityCounts

Namespace: microsoft.graph

Enables you to understand the trends of email activity in your organization.

## HTTP request

<!-- { "blockType": "ignored" } -->

```http
GET /reports/getEmailActivityCounts(period='{period_value}')
```

## Response

If successful, this method returns a `302 Found` response.

## Example

#### Request

<!-- {
  "blockType": "ignored",
  "name": "reportroot_getemailactivitycounts_csv"
}-->

```msgraph-interactive
GET https://graph.microsoft.com/v1.0/reports/getEmailActivityCounts(period='D7')?$format=text/csv
```

#### Response

<!-- { "blockType": "response", "@odata.type": "stream" } -->

```http
HTTP/1.1 302 Found
Location: https://reports.office.com/data/download/JDFKdf2_eJXKS034dbc7e0t__XDe
```
"""


def test_a_response_after_an_ignored_request_is_paired(tmp_path):
    found = run(tree(tmp_path, extra={"api/reportroot-getemailactivitycounts.md": REPORT}))
    assert codes(found, "example-unpaired") == []


def test_an_ignored_fence_under_http_request_does_not_pair(tmp_path):
    # Only the syntax block is ignored; the example's request is missing: the finding stays.
    page = REPORT.replace(
        """<!-- {
  "blockType": "ignored",
  "name": "reportroot_getemailactivitycounts_csv"
}-->

```msgraph-interactive
GET https://graph.microsoft.com/v1.0/reports/getEmailActivityCounts(period='D7')?$format=text/csv
```
""",
        "",
    )
    found = run(tree(tmp_path, extra={"api/reportroot-getemailactivitycounts.md": page}))
    assert [d.message for d in codes(found, "example-unpaired")] == [
        "a response has no request example on this page"
    ]


# -- open types -----------------------------------------------------------------------------------

OPEN_EXTENSION = """# openTypeExtension resource type

An **openTypeExtension** is an OData v4 open type which allows you to specify at runtime custom data.

This resource is derived from the [extension](extension.md) abstract type.

### JSON representation

<!-- {
  "blockType": "resource",
  "@odata.type": "microsoft.graph.opentypeextension"
}-->

```json
{
  "extensionName": "string",
  "id": "string (identifier)"
}
```

### Properties

| Property | Type |Description|
|:---------------|:--------|:----------|
|extensionName|String|A unique text identifier for an open type data extension. Required.|
|id|String| A fully qualified identifier. Read-only.|
"""

POST_EXTENSION = """---
title: "Create openTypeExtension"
doc_type: apiPageType
---

# Create openTypeExtension

Namespace: microsoft.graph

Create an open extension.

## HTTP request

<!-- { "blockType": "ignored" } -->
```http
POST /me/messages/{id}/extensions
```

## Request body

Provide a JSON body of an [openTypeExtension](../resources/opentypeextension.md).

## Response

If successful, this method returns `201 Created` and an [openTypeExtension](../resources/opentypeextension.md) object.

## Example

<!-- {
  "blockType": "request",
  "name": "post_opentypeextension_2"
}-->
```http
POST https://graph.microsoft.com/v1.0/me/messages/AAMk/extensions
Content-Type: application/json

{
  "@odata.type" : "ODATA_TYPE",
  "extensionName" : "Com.Contoso.Referral",
  "companyName" : "Wingtip Toys",
  "dealValue" : 500050
}
```

<!-- {
  "blockType": "response",
  "@odata.type": "microsoft.graph.openTypeExtension"
} -->
```http
HTTP/1.1 201 Created
Content-type: application/json

{
  "@odata.type": "ODATA_TYPE",
  "id": "microsoft.graph.openTypeExtension.Com.Contoso.Referral",
  "extensionName": "Com.Contoso.Referral",
  "companyName": "Wingtip Toys",
  "dealValue": 500050
}
```
"""


def _extension_tree(tmp_path: Path, odata_type: str, resource: str = OPEN_EXTENSION) -> Path:
    return tree(
        tmp_path,
        extra={
            "resources/opentypeextension.md": resource,
            "api/opentypeextension-post.md": POST_EXTENSION.replace("ODATA_TYPE", odata_type),
        },
    )


def test_custom_properties_of_an_open_extension_are_not_unknown(tmp_path):
    found = run(_extension_tree(tmp_path, "microsoft.graph.openTypeExtension"))
    assert codes(found, "example-property-unknown", "type-name-case") == []


def test_the_extension_is_open_by_its_name_even_when_the_page_does_not_say_so(tmp_path):
    resource = OPEN_EXTENSION.replace("is an OData v4 open type which allows", "lets")
    found = run(_extension_tree(tmp_path, "microsoft.graph.openTypeExtension", resource))
    assert codes(found, "example-property-unknown") == []


def test_a_type_name_in_the_wrong_case_is_one_finding_of_its_own(tmp_path):
    found = run(_extension_tree(tmp_path, "#Microsoft.Graph.OpenTypeExtension"))
    assert codes(found, "example-property-unknown") == []
    wrong = codes(found, "type-name-case")
    assert len(wrong) == 2  # once in the request, once in the response
    assert "`#Microsoft.Graph.OpenTypeExtension` but the type is spelt `microsoft.graph.openTypeExtension`" in (
        wrong[0].message
    )


def test_directory_extension_keys_are_accepted(tmp_path):
    root = tree(
        tmp_path,
        edits={GET: ('  "isRemovable": true,', '  "isRemovable": true,\n  "extension_1d6f8d9b2f0a4c1e9b7a5d3c2e1f0a9b_skills": "x",')},
    )
    assert codes(run(root), "example-property-unknown") == []


def test_a_misspelt_key_still_is_unknown_with_did_you_mean(tmp_path):
    root = tree(tmp_path, edits={GET: ('"isRemovable": true', '"isRemoveable": true')})
    (unknown,) = codes(run(root), "example-property-unknown")
    assert unknown.message.endswith("(did you mean `isRemovable`?)")


# -- representations, tables, links --------------------------------------------------------------


def test_comments_in_a_json_representation_are_not_invalid_json_and_its_keys_are_checked(tmp_path):
    root = tree(
        tmp_path,
        edits={RES: ('  "role": "string"', '  "role": "string", /* inherited from baseItem */\n  // a deliberate style\n  "canShare": "boolean"')},
    )
    found = run(root)
    assert codes(found, "invalid-json") == []
    assert [d.message.split(" is not")[0] for d in codes(found, "table-row-missing")] == ["property `canShare`"]


def test_comments_in_an_example_are_still_invalid_json(tmp_path):
    root = tree(tmp_path, edits={GET: ('"isRemovable": true,', '"isRemovable": true, // yes')})
    (bad,) = codes(run(root), "invalid-json")
    assert bad.message == "response example: a comment; JSON has none"


def test_bold_group_rows_are_not_properties(tmp_path):
    root = tree(
        tmp_path,
        edits={RES: ("|emailAddress|", "|**Sharing**|||\n|emailAddress|")},
    )
    found = run(root)
    assert not [d for d in found if "Sharing" in d.message]
    model = build_model([root], jobs=1)
    (permission,) = [t for t in model.types if t.name == "calendarPermission"]
    assert "Sharing" not in {p.name for p in permission.properties}


def test_links_into_the_other_version_or_out_of_the_tree_are_not_checked(tmp_path):
    line = "Get, update, and delete of calendar permissions is supported on behalf of only the calendar owner."
    root = tree(
        tmp_path,
        edits={
            RES: (
                line,
                line + " See [rooms](/graph/api/user-findrooms?view=graph-rest-beta), the [overview](../index.md)"
                " and [missing](nosuchpage.md).",
            )
        },
    )
    found = run(root)
    assert sorted(d.code for d in codes(found, "unresolved-link", "link-not-checked")) == [
        "link-not-checked",
        "link-not-checked",
        "unresolved-link",
    ]
    (unresolved,) = codes(found, "unresolved-link")
    assert '"missing"' in unresolved.message


# -- causes, not symptoms -------------------------------------------------------------------------


def test_every_syntax_error_of_a_body_is_reported_at_its_place(tmp_path):
    root = tree(
        tmp_path,
        edits={GET: ('    "name": "My Organization"\n', '    "name": "My Organization",\n')},
    )
    text = (root / GET).read_text(encoding="utf-8").replace('    "write"\n', '    "write",\n')
    (root / GET).write_text(text.replace('"id": "RGVmYXVsdA=="', '"id": "RGVmYXVsdA==",'), encoding="utf-8")
    errors = codes(run(root), "invalid-json")
    assert [d.message for d in errors] == [
        "response example: trailing comma before `}`",
        "response example: trailing comma before `]`",
        "response example: trailing comma before `}`",
    ]
    lines = (root / GET).read_text(encoding="utf-8").splitlines()
    assert [lines[d.location.line - 1][d.location.col - 1] for d in errors] == [",", ",", ","]


def test_json_errors_repairs_and_reads_on():
    body = '{\n "a": 1,\n b: 2\n "c": \'x\',\n "d": ...,\n}'
    assert [reason for _, reason in json_errors(body)] == [
        "an unquoted key",
        "a missing comma at the end of the line",
        "a single-quoted string",
        "a `...` placeholder; cut the text and mark the example truncated instead",
        "trailing comma before `}`",
    ]
    assert json_errors('{"a": 1}') == []


def test_a_comma_list_in_one_enum_string_is_one_finding(tmp_path):
    root = tree(tmp_path, edits={GET: ('"role": "write"', '"role": "write, read, bogus"')})
    found = codes(run(root), "enum-value-unknown", "enum-value-case", "example-value-type")
    assert len(found) == 1
    assert "`write, read, bogus`" in found[0].message and "`bogus` is none" in found[0].message


def test_a_status_line_without_the_protocol_version_is_reported(tmp_path):
    root = tree(tmp_path, edits={GET: ("HTTP/1.1 200 OK", "HTTP 200 OK")})
    (finding,) = codes(run(root), "example-status-line")
    assert finding.message == "status line `HTTP 200 OK` has no protocol version; write `HTTP/1.1 200 OK`"
    text = (root / GET).read_text(encoding="utf-8").splitlines()
    assert text[finding.location.line - 1] == "HTTP 200 OK"


# -- the cause, once ------------------------------------------------------------------------------


def test_a_response_annotation_naming_the_wrong_type_is_one_finding_on_the_annotation(tmp_path):
    root = tree(
        tmp_path,
        edits={GET: ('"@odata.type": "microsoft.graph.calendarPermission"', '"@odata.type": "microsoft.graph.emailAddress"')},
    )
    found = run(root)
    assert codes(found, "example-property-unknown") == []
    (wrong,) = codes(found, "annotation-type-mismatch")
    assert "`microsoft.graph.emailAddress`" in wrong.message
    assert wrong.message.endswith("did you mean `microsoft.graph.calendarPermission`?")
    line = (root / GET).read_text(encoding="utf-8").splitlines()[wrong.location.line - 1]
    assert '"@odata.type": "microsoft.graph.emailAddress"' in line


def test_an_annotation_of_the_right_family_is_not_blamed(tmp_path):
    # One odd key is the key's fault, not the annotation's.
    root = tree(tmp_path, edits={GET: ('"isRemovable": true', '"isRemoveable": true')})
    assert codes(run(root), "annotation-type-mismatch") == []


def test_a_representation_naming_an_undocumented_type(tmp_path):
    root = tree(
        tmp_path,
        edits={RES: ('"emailAddress": {"@odata.type": "microsoft.graph.emailAddress"}', '"emailAddress": {"@odata.type": "microsoft.graph.emailAdress"}')},
    )
    (finding,) = codes(run(root), "unresolved-type")
    assert "`microsoft.graph.emailAdress`, which no input page documents; did you mean `microsoft.graph.emailAddress`?" in (
        finding.message
    )


def test_an_annotation_type_in_a_namespace_no_page_uses(tmp_path):
    root = tree(
        tmp_path,
        edits={GET: ('"@odata.type": "microsoft.graph.calendarPermission"', '"@odata.type": "microsoft.devices.gadget"')},
    )
    (finding,) = codes(run(root), "namespace-mismatch")
    assert "namespace `microsoft.devices`, which no input page uses; the page is in `microsoft.graph`" in finding.message


def test_an_annotation_type_in_the_wrong_namespace_names_the_local_type(tmp_path):
    root = tree(
        tmp_path,
        edits={GET: ('"@odata.type": "microsoft.graph.calendarPermission"', '"@odata.type": "microsoft.devices.calendarPermission"')},
    )
    (finding,) = codes(run(root), "namespace-mismatch")
    assert finding.message.endswith("did you mean `microsoft.graph.calendarPermission`?")


def test_an_example_url_calling_another_api(tmp_path):
    url = "GET https://graph.microsoft.com/v1.0/users/{id}/calendar/calendarPermissions/{id}"
    root = tree(tmp_path, edits={GET: (url, "GET https://graph.microsoft.com/v1.0/users/{id}/calendar/calendarView")})
    page = (root / GET).read_text(encoding="utf-8")
    line = "GET /users/{id}/calendar/calendarPermissions/{id}\n```"
    assert line in page
    (root / GET).write_text(page.replace(line, "GET /users/{id}/calendar/calendarPermissions\n```"), encoding="utf-8")
    (finding,) = codes(run(root), "example-url-unmatched")
    assert "ends in `calendarview`" in finding.message


def test_an_example_url_with_an_id_where_the_line_has_a_placeholder_is_fine(tmp_path):
    assert codes(run(tree(tmp_path)), "example-url-unmatched") == []


SHARING = """# sharingBase resource type

Namespace: microsoft.graph

A base type of sharing settings.

## Properties

| Property | Type | Description |
|:---|:---|:---|
|sharedBy|String|Who shared.|
|sharedDateTime|DateTimeOffset|When.|
|shareScope|String|The scope.|
"""


def test_keys_that_all_belong_to_another_type_are_one_finding_naming_it(tmp_path):
    keys = '  "sharedBy": "Megan",\n  "sharedDateTime": "2024-01-01T00:00:00Z",\n  "shareScope": "org",\n'
    root = tree(
        tmp_path,
        edits={GET: ('  "isRemovable": true,\n', '  "isRemovable": true,\n' + keys)},
        extra={"resources/sharingbase.md": SHARING},
    )
    (finding,) = codes(run(root), "example-property-unknown")
    assert finding.message.startswith("3 properties (`sharedBy`, `sharedDateTime`, `shareScope`) are not in the tables")
    assert "all are properties of `microsoft.graph.sharingBase`" in finding.message
    assert (root / GET).read_text(encoding="utf-8").splitlines()[finding.location.line - 1].strip().startswith('"sharedBy"')


def test_two_unknown_keys_are_two_findings(tmp_path):
    keys = '  "sharedBy": "Megan",\n  "shareScope": "org",\n'
    root = tree(
        tmp_path,
        edits={GET: ('  "isRemovable": true,\n', '  "isRemovable": true,\n' + keys)},
        extra={"resources/sharingbase.md": SHARING},
    )
    assert len(codes(run(root), "example-property-unknown")) == 2
