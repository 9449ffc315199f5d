"""Kinds read from how types are used (docgen.resolve.kinds): pages of the v1.0 corpus under
tests/fixtures/kinds/ (``resources/`` and ``api/`` as in the docs), resolved together."""

from __future__ import annotations

from pathlib import Path

from docgen.extract.dispatch import extract_page
from docgen.read.source import decode_source, read_source
from docgen.resolve.join import resolve
from docgen.resolve.kinds import COMPLEX_BY_USE_CODE

KINDS = Path(__file__).resolve().parents[1] / "fixtures" / "kinds"


def from_fixtures(*names: str, **texts: str):
    """The model of the fixture pages ``names`` ("resources/x.md", "api/y.md") and of the pages
    written here (``texts``: file stem -> text, placed under resources/)."""
    pages = []
    for name in names:
        src, _ = read_source(KINDS / name, name)
        pages.append(extract_page(src))
    for stem, text in texts.items():
        src, _ = decode_source(text.encode(), f"resources/{stem}.md")
        pages.append(extract_page(src))
    return resolve(pages)


def notes(model) -> dict[str, str]:
    """The ``complex-by-use`` infos by the path of the page they stand on."""
    return {d.location.path: d.message for d in model.diagnostics if d.code == COMPLEX_BY_USE_CODE}


TIME_OFF = ("resources/entity.md", "resources/timeoff.md", "resources/timeoffitem.md")


def test_a_type_only_structural_properties_use_is_complex():
    # timeoffitem.md says keyProperty "id" (an entity), but timeOff's Properties table is its only
    # use (sharedTimeOff, draftTimeOff): the metadata has timeOffItem as a complex type
    alone = from_fixtures("resources/entity.md", "resources/timeoffitem.md")
    assert alone.type_index()["microsoft.graph.timeOffItem"].kind == "entity"  # its page's own signal
    model = from_fixtures(*TIME_OFF)
    index = model.type_index()
    item = index["microsoft.graph.timeOffItem"]
    assert (item.kind, item.base) == ("complex", None)  # no entity base assumed for a complex type
    assert index["microsoft.graph.timeOff"].kind == "entity"
    assert not [d for d in model.diagnostics if d.code == "base-type-assumed" and d.location.path.endswith("timeoffitem.md")]


def test_the_info_names_the_evidence_and_its_page():
    model = from_fixtures(*TIME_OFF)
    (note,) = [d for d in model.diagnostics if d.code == COMPLEX_BY_USE_CODE]
    assert (note.severity.label, note.location.path, note.location.line) == ("info", "resources/timeoffitem.md", 10)
    assert '"microsoft.graph.timeOffItem"' in note.message
    assert '"microsoft.graph.timeOff.sharedTimeOff" at resources/timeoff.md:31' in note.message
    assert not notes(from_fixtures("resources/entity.md", "resources/timeoffitem.md"))


def test_a_type_a_relationships_row_points_at_stays_an_entity():
    history = (
        "---\ndoc_type: resourcePageType\n---\n# timeOffHistory resource type\n\nNamespace: microsoft.graph\n\n"
        "## Relationships\n| Relationship | Type | Description |\n|:--|:--|:--|\n"
        "| versions | [timeOffItem](timeoffitem.md) collection | Earlier versions. |\n"
    )
    model = from_fixtures(*TIME_OFF, timeoffhistory=history)
    assert model.type_index()["microsoft.graph.timeOffItem"].kind == "entity"
    assert not notes(model)


def test_a_type_an_api_page_returns_from_its_own_url_stays_an_entity():
    # participantJoiningNotification's Properties table uses call as timeOff's uses timeOffItem, but
    # call-get.md returns a call from GET /communications/calls/{id}: an entity (as in the metadata)
    pages = ("resources/entity.md", "resources/participantjoiningnotification.md", "resources/call.md")
    without_api = from_fixtures(*pages)
    assert without_api.type_index()["microsoft.graph.call"].kind == "complex"
    assert list(notes(without_api)) == ["resources/call.md"]
    model = from_fixtures(*pages, "api/call-get.md")
    call = model.type_index()["microsoft.graph.call"]
    assert (call.kind, call.base) == ("entity", "microsoft.graph.entity")
    assert not notes(model)


def test_an_api_page_that_reads_the_structural_property_itself_does_not_count():
    # icon-get.md returns a workbookIcon from GET …/sort/fields/icon: the "icon" property of a
    # workbookSortField, a structural property; icon.md's Methods table makes it an entity
    model = from_fixtures("resources/entity.md", "resources/icon.md", "resources/sortfield.md", "api/icon-get.md")
    icon = model.type_index()["microsoft.graph.workbookIcon"]
    assert (icon.kind, icon.base) == ("complex", None)
    assert '"microsoft.graph.workbookSortField.icon" at resources/sortfield.md:' in notes(model)["resources/icon.md"]


def test_evidence_from_a_type_the_rule_reads_against_its_page_does_not_count():
    # changeNotification is only used by changeNotificationCollection (complex): complex; its own
    # property resourceData would be evidence of a second inference, which the rule does not chain
    model = from_fixtures(
        "resources/entity.md",
        "resources/changenotificationcollection.md",
        "resources/changenotification.md",
        "resources/resourcedata.md",
    )
    index = model.type_index()
    assert index["microsoft.graph.changeNotificationCollection"].kind == "complex"
    assert index["microsoft.graph.changeNotification"].kind == "complex"
    assert index["microsoft.graph.resourceData"].kind == "entity"
    assert sorted(notes(model)) == ["resources/changenotification.md"]


def test_the_base_of_a_type_whose_page_says_entity_stays_an_entity():
    # officeClientConfigurationAssignment.target is the only use of officeConfigurationAssignmentTarget,
    # but officeConfigurationGroupAssignmentTarget (keyProperty "id") inherits from it: the base of
    # an entity is an entity, with the convention's base, and no info
    pages = (
        "resources/entity.md",
        "resources/intune-cirrus-officeclientconfigurationassignment.md",
        "resources/intune-cirrus-officeconfigurationassignmenttarget.md",
    )
    alone = from_fixtures(*pages)
    assert alone.type_index()["microsoft.graph.officeConfigurationAssignmentTarget"].kind == "complex"
    model = from_fixtures(*pages, "resources/intune-cirrus-officeconfigurationgroupassignmenttarget.md")
    target = model.type_index()["microsoft.graph.officeConfigurationAssignmentTarget"]
    assert (target.kind, target.base) == ("entity", "microsoft.graph.entity")
    assert not notes(model)
