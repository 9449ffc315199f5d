"""Flags enums read from their Value column (tests/fixtures/rules/item_flags/resources/
clonableteamparts.md, copied from graph-docs-v1.0/resources/clonableteamparts.md: apps 1,
tabs 2, settings 4, channels 8, members 16, and nothing in its prose says "flag"): values that
are all distinct powers of two make a flags enum; an ordinary numbering does not."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.diagnostics import Location
from docgen.extract.dispatch import extract_page
from docgen.extract.enums import flag_values
from docgen.model.core import EnumMember
from docgen.read.source import read_source

PAGE = Path(__file__).resolve().parents[1] / "fixtures" / "rules" / "item_flags" / "resources" / "clonableteamparts.md"


def members(*values):
    return [EnumMember(f"m{i}", Location("p.md", i + 1, 1), v) for i, v in enumerate(values)]


def test_powers_of_two_page_is_a_flags_enum():
    src, diagnostics = read_source(PAGE, "clonableteamparts.md")
    assert src is not None and diagnostics == []
    (enum,) = extract_page(src).types
    assert enum.name == "clonableTeamParts"
    assert [m.value for m in enum.members] == [1, 2, 4, 8, 16]
    assert enum.flags


def test_the_same_page_numbered_in_sequence_is_not(tmp_path):
    text = PAGE.read_text(encoding="utf-8")
    text = text.replace("|settings|4|", "|settings|3|")
    (tmp_path / "clonableteamparts.md").write_text(text, encoding="utf-8")
    src, _ = read_source(tmp_path / "clonableteamparts.md", "clonableteamparts.md")
    (enum,) = extract_page(src).types
    assert [m.value for m in enum.members] == [1, 2, 3, 8, 16]
    assert not enum.flags


@pytest.mark.parametrize(
    ("values", "flags"),
    [
        ((1, 2, 4), True),
        ((0, 1, 2, 4, 8), True),  # a "none" member
        ((1, 2, 4, 32), True),  # a gap is still flags
        ((0, 1, 2), False),  # reads as 0, 1, 2 numbering
        ((1, 2), False),
        ((1, 2, 3, 4), False),
        ((1, 2, 2, 4), False),  # repeated
        ((1, 2, None, 4), False),  # a member without a value
        ((-1, 1, 2, 4), False),
        ((), False),
    ],
)
def test_flag_values(values, flags):
    assert flag_values(members(*values)) is flags
