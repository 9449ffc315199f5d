"""Request lines as URL templates: function arguments written as sample values and GUID sample
ids are parameters (lines quoted from the Graph docs pages named in each test)."""

from __future__ import annotations

from docgen.diagnostics import Location
from docgen.render.requests import split_path


def template(path: str) -> tuple[str, list[str]]:
    diags: list = []
    segments, _ = split_path(path, Location("docs/page.md", 3), diags)
    text = "".join("{" + s.param + "}" if s.param else s.text for s in segments)
    return text, [d.code + ": " + d.message for d in diags]


def test_function_arguments_written_as_samples_are_parameters():
    # api/workbookrange-columnsafter.md: …/range/columnsAfter(count=n)
    assert template("/me/drive/items/{id}/workbook/worksheets/{id|name}/range/columnsAfter(count=n)") == (
        "/me/drive/items/{item_id}/workbook/worksheets/{worksheet_id}/range/columnsAfter(count={count})",
        [],
    )
    # api/notebook-getrecentnotebooks.md: (includePersonalNotebooks=includePersonalNotebooks-value)
    assert template(
        "/me/onenote/notebooks/getRecentNotebooks(includePersonalNotebooks=includePersonalNotebooks-value)"
    )[0] == "/me/onenote/notebooks/getRecentNotebooks(includePersonalNotebooks={include_personal_notebooks})"
    # api/itemactivitystat-getactivitybyinterval.md: quoted sample values keep their quotes
    assert template(
        "/drives/{drive-id}/items/{item-id}/getActivitiesByInterval(startDateTime='2017-01-01',"
        "endDateTime='2017-01-10',interval='day')"
    )[0] == (
        "/drives/{drive_id}/items/{item_id}/getActivitiesByInterval(startDateTime='{start_date_time}',"
        "endDateTime='{end_date_time}',interval='{interval}')"
    )


def test_calls_that_are_not_argument_lists_are_left_alone():
    # api/chatmessage-update.md: "/teams/(team-id)/channels/…" is a typo, not a call
    assert template("/teams/(team-id)/channels/{channel-id}")[0] == "/teams/(team-id)/channels/{channel_id}"
    assert template("/me/drive/root/delta()")[0] == "/me/drive/root/delta()"
    # already a placeholder: unchanged
    assert template("/range(address='<address>')")[0] == "/range(address='{address}')"


def test_guid_sample_ids_in_a_line_are_parameters_with_a_warning():
    # api/educationassignment-get.md: GET /education/classes/acdefc6b-…/assignments/cf6005fc-…
    line = "/education/classes/acdefc6b-2dc6-4e71-b1e9-6d9810ab1793/assignments/cf6005fc-9e13-44a2-a6ac-a53322006454"
    text, diags = template(line)
    assert text == "/education/classes/{class_id}/assignments/{assignment_id}"
    assert diags == [
        f"request-line-sample-id: request line {line!r} holds the sample ids "
        "'acdefc6b-2dc6-4e71-b1e9-6d9810ab1793', 'cf6005fc-9e13-44a2-a6ac-a53322006454' "
        "where a {placeholder} belongs; read as a parameter"
    ]
    # a GUID inside a key is not a whole segment (no warning); the key's sample value is an argument
    assert template("/servicePrincipals(appId='00000003-0000-0000-c000-000000000000')") == (
        "/servicePrincipals(appId='{app_id}')",
        [],
    )
