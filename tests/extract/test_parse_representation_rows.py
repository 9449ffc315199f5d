"""JSON representation vs tables (issue 16 item 4): synthetic pages in the style of the
learningCourseActivity pages (whose tables spell ``externalcourseActivityId`` and ``Id``), and the
v1.0 pages printerlocation.md / printusagebyprinter.md (``subUnit`` / ``printerID`` rows,
``subunit`` / ``printerId`` in the representation, as the metadata spells them)."""

from __future__ import annotations

from docgen.checks.lint.core import lint
from docgen.extract.dispatch import extract_page
from docgen.read.source import decode_source
from docgen.resolve.join import resolve


def _page(name: str, rows: str, representation: str, intro: str = "") -> str:
    return (
        f"---\ndoc_type: resourcePageType\n---\n# {name} resource type\n\nNamespace: microsoft.graph\n\n{intro}\n\n"
        "## Properties\n|Property|Type|Description|\n|:--|:--|:--|\n"
        f"{rows}\n\n## JSON representation\n"
        f'<!-- {{"blockType": "resource", "@odata.type": "microsoft.graph.{name}"}} -->\n'
        f"```json\n{representation}\n```\n"
    )


def _extract(text: str, name: str = "thing"):
    src, _ = decode_source(text.encode(), f"resources/{name.lower()}.md")
    return extract_page(src)


def _resolve(**pages: str):
    return resolve([_extract(text, name) for name, text in pages.items()])


def test_a_row_spelled_in_another_case_takes_the_spelling_the_examples_use():
    course = _page("course", "|DateTime|DateTimeOffset|When.|\n|title|String|A title.|",
                   '{\n  "dateTime": "String (timestamp)",\n  "title": "String"\n}')
    page = _extract(course)
    (row,) = [p for t in page.types for p in t.properties if p.name == "DateTime"]
    assert row.shown_as == "dateTime"
    # no example uses either: the representation's spelling
    model = _resolve(course=course)
    assert [p.name for p in model.type_index()["microsoft.graph.course"].properties] == ["dateTime", "title"]
    # the row is read under another name: lint reports the row (its own checks no longer can)
    (found,) = [d for d in model.diagnostics if d.code == "representation-row-missing"]
    assert [d.location.line for d in lint(model) if d.code == "representation-row-missing"] == [13]
    assert '"DateTime"' in found.message and 'read as "dateTime"' in found.message and found.location.line == 13
    # printerlocation.md (v1.0): the row says subUnit, the representation subunit, the examples subUnit
    api = (
        "---\ndoc_type: apiPageType\n---\n# Get course\n\nNamespace: microsoft.graph\n\n"
        "Get a [course](../resources/course.md).\n\n## HTTP request\n```http\nGET /courses/{id}\n```\n\n"
        "## Response\nIf successful, this method returns a `200 OK` response code and a "
        "[course](../resources/course.md) object in the response body.\n\n## Example\n"
        '<!-- { "blockType": "response" } -->\n```http\nHTTP/1.1 200 OK\n\n{"DateTime": "2020-01-01T00:00:00Z"}\n```\n'
    )
    model = _resolve(course=course, **{"course-get": api})
    assert [p.name for p in model.type_index()["microsoft.graph.course"].properties] == ["DateTime", "title"]
    (found,) = [d for d in model.diagnostics if d.code == "property-case-mismatch"]
    assert "representation-row-missing" not in {d.code for d in model.diagnostics}
    assert 'examples use "DateTime" 1 times and "dateTime" 0: read as "DateTime"' in found.message


def test_case_only_duplicates_are_one_property_spelled_as_the_wire_name():
    text = _page(
        "courseActivity",
        "|externalcourseActivityId|String|A course activity id.|\n"
        "|externalCourseActivityId|String|A course activity id.|\n"
        "|Id|String|The id.|\n|ID|String|The id.|\n|id|String|The id.|",
        '{\n  "externalCourseActivityId": "String",\n  "id": "String"\n}',
    )
    page = _extract(text)
    assert sum(d.code == "duplicate-property" for d in page.diagnostics) == 3
    model = _resolve(courseActivity=text)
    activity = model.type_index()["microsoft.graph.courseActivity"]
    assert [p.name for p in activity.properties] == ["externalCourseActivityId", "id"]


def test_a_key_only_in_the_representation_is_a_property_with_one_finding():
    model = _resolve(
        call=_page("call", "|state|String|The state.|",
                   '{\n  "state": "String",\n  "replacesContext": "String",\n  "count": 1024\n}')
    )
    call = model.type_index()["microsoft.graph.call"]
    assert [(p.name, p.type) for p in call.properties] == [
        ("state", "Edm.String"), ("replacesContext", "Edm.String"), ("count", "Edm.Int32")]
    found = [d for d in model.diagnostics if d.code == "table-row-missing"]
    assert sorted(d.location.line for d in found) == [20, 21]
    assert len([d for d in lint(model) if d.code == "table-row-missing"]) == 2


def test_a_key_a_base_documents_is_not_a_new_property():
    base = _page("base", "|id|String|The id.|", '{\n  "id": "String"\n}')
    child = _page("child", "|name|String|A name.|", '{\n  "id": "String",\n  "name": "String"\n}',
                  intro="Inherits from [base](base.md).")
    model = _resolve(base=base, child=child)
    assert [p.name for p in model.type_index()["microsoft.graph.child"].properties] == ["name"]
    assert not [d for d in model.diagnostics if d.code == "table-row-missing"]


def test_a_derived_page_redeclaring_a_base_property_is_reported():
    base = _page("attendeeBase", "|type|[attendeeType](attendeetype.md)|The type.|", '{\n  "type": "String"\n}')
    enum = "---\ndoc_type: enumPageType\n---\n# attendeeType enum type\n\nNamespace: microsoft.graph\n\n## Members\n|Member|\n|:--|\n|required|\n|optional|\n"
    child = _page("attendee", "|Type|String|The type.|\n|status|String|A status.|",
                  '{\n  "Type": "String",\n  "status": "String"\n}', intro="Inherits from [attendeeBase](attendeebase.md).")
    model = _resolve(attendeeBase=base, attendeeType=enum, attendee=child)
    (found,) = [d for d in model.diagnostics if d.code == "property-redeclared"]
    assert found.location.path == "resources/attendee.md"
    assert 'spells it "Type"' in found.message and "microsoft.graph.attendeeType" in found.message
    # not silently lost: the derived row stays on the derived type
    assert "Type" in [p.name for p in model.type_index()["microsoft.graph.attendee"].properties]
