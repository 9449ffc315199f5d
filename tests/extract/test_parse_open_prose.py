"""A type its page calls open in prose (tests/fixtures/rules/item_open/resources/
callrecords-feedbacktokenset.md, copied from graph-docs-v1.0/resources/
callrecords-feedbacktokenset.md: "This is an _open type_ that represents …", and no ``openType``
in its resource annotation) is an open type; prose about another open type is not."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.extract.dispatch import extract_page
from docgen.read.source import read_source

PAGE = (
    Path(__file__).resolve().parents[1]
    / "fixtures"
    / "rules"
    / "item_open"
    / "resources"
    / "callrecords-feedbacktokenset.md"
)
SENTENCE = "This is an _open type_ that represents"


def the_type(tmp_path: Path, old: str = "", new: str = ""):
    text = PAGE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / PAGE.name
    path.write_text(text.replace(old, new) if old else text, encoding="utf-8")
    src, diagnostics = read_source(path, PAGE.name)
    assert src is not None and diagnostics == []
    (page_type,) = extract_page(src).types
    assert page_type.name == "feedbackTokenSet"
    assert '"openType"' not in text
    return page_type


def test_open_type_in_prose(tmp_path):
    assert the_type(tmp_path).open_type


@pytest.mark.parametrize(
    "sentence",
    [
        "This type is an open type that represents",
        "It is an Open Type that represents",
        "This resource is an **open type** that represents",
    ],
)
def test_other_wordings_of_the_same_claim(tmp_path, sentence):
    assert the_type(tmp_path, SENTENCE, sentence).open_type


@pytest.mark.parametrize(
    "sentence",
    [
        # plannerassignment.md: the type is *used in* an open type
        "This type is used in the open type [plannerAssignments](plannerassignments.md), and represents",
        # extension.md: supports an open type
        "An abstract type to support the OData v4 open type openTypeExtension that represents",
        "This is a closed type that represents",
    ],
)
def test_prose_about_another_type_is_not_a_claim(tmp_path, sentence):
    assert not the_type(tmp_path, SENTENCE, sentence).open_type


def test_a_title_saying_open_type(tmp_path):
    page_type = the_type(tmp_path, "# feedbackTokenSet resource type", "# feedbackTokenSet resource type (Open Type)")
    assert page_type.open_type
    page_type = the_type(tmp_path, SENTENCE, "This represents")
    assert not page_type.open_type
