"""Several request-body tables, one per subtype (issue 16 item 5): the modern
learningcourseactivity-update.md excerpt in tests/fixtures/modern/body_tables/."""

from __future__ import annotations

from pathlib import Path

from docgen.extract.dispatch import extract_page
from docgen.read.source import decode_source, read_source

PAGE = Path(__file__).resolve().parents[1] / "fixtures" / "modern" / "body_tables" / "api" / "learningcourseactivity-update.md"


def _operation():
    src, _ = read_source(PAGE, "api/learningcourseactivity-update.md")
    (op,) = extract_page(src).operations
    return op


def test_every_table_is_read():
    body = _operation().body
    assert [row.name for row in body.properties] == [
        "assignedDateTime", "completedDateTime", "completionPercentage", "dueDateTime", "notes", "status",
        "startedDateTime",
    ]
    assert [(label.name if label else None, [r.name for r in rows]) for label, rows in body.tables] == [
        ("learningAssignment", ["assignedDateTime", "completedDateTime", "completionPercentage", "dueDateTime", "notes", "status"]),
        ("learningSelfInitiated", ["completedDateTime", "completionPercentage", "status", "startedDateTime"]),
    ]
    assert body.ref.name == "learningCourseActivity"


def test_a_single_table_has_no_table_list():
    text = (
        "---\ndoc_type: apiPageType\n---\n# Update thing\n\nNamespace: microsoft.graph\n\n"
        "Update a [thing](../resources/thing.md).\n\n## HTTP request\n```http\nPATCH /things/{id}\n```\n\n"
        "## Request body\n|Property|Type|Description|\n|:--|:--|:--|\n|name|String|A name.|\n\n"
        "## Response\nIf successful, this method returns a `204 No Content` response code.\n"
    )
    src, _ = decode_source(text.encode(), "api/thing-update.md")
    (op,) = extract_page(src).operations
    assert [r.name for r in op.body.properties] == ["name"] and op.body.tables == ()


def test_a_table_of_a_parameters_values_is_not_a_second_body_table():
    # api/user-findmeetingtimes.md (v1.0), a page the rule was not built from: after the
    # parameters table, "activityDomain value | Suggestions for meeting times"
    text = (
        "---\ndoc_type: apiPageType\n---\n# user: findMeetingTimes\n\nNamespace: microsoft.graph\n\n"
        "## HTTP request\n```http\nPOST /me/findMeetingTimes\n```\n\n## Request body\n"
        "| Parameter | Type |Description|\n|:--|:--|:--|\n|maxCandidates|Edm.Int32|At most.|\n"
        "|timeConstraint|[timeConstraint](../resources/timeconstraint.md)|When.|\n\n"
        "The following table describes the **activityDomain** restrictions you can further specify.\n\n"
        "|activityDomain value|Suggestions for meeting times|\n|:--|:--|\n|work|Work hours.|\n|personal|Any day.|\n\n"
        "## Response\nIf successful, this method returns a `200 OK` response code.\n"
    )
    src, _ = decode_source(text.encode(), "api/user-findmeetingtimes.md")
    (op,) = extract_page(src).operations
    assert [r.name for r in op.body.properties] == ["maxCandidates", "timeConstraint"]
    assert op.body.tables == ()
