"""Python names from doc names: safe, valid, deterministic, collision-free."""

from __future__ import annotations

import keyword
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docgen.render import naming


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        ("assignedDateTime", "assigned_date_time"),
        ("HTTPRequest", "http_request"),
        ("x509Cert", "x509_cert"),
        ("office365ActiveUsers", "office365_active_users"),
        ("class", "class_"),
        (
            "\U0001d41class",
            "class_",
        ),  # MATHEMATICAL BOLD SMALL C: NFKC makes it "class"
        ("match", "match_"),
        ("case", "case_"),
        ("type", "type_"),
        ("id", "id_"),
        ("_id", "id_"),
        ("user-name", "user_name"),
        ("", "field"),
        ("123abc", "f_123_abc"),
        ("@odata.type", "odata_type"),
        ("to_dict", "to_dict_"),
        ("émigré", "emigre"),
    ],
)
def test_snake(wire, expected):
    assert naming.snake(wire, "field", naming.RESERVED_FIELDS) == expected


def test_pascal_and_upper_snake():
    assert naming.pascal("learningAssignment") == "LearningAssignment"
    assert naming.pascal("exception") == "Exception_"  # a builtin class name
    assert naming.pascal("") == "Type"
    assert naming.upper_snake("notStarted") == "NOT_STARTED"
    assert naming.upper_snake("3d") == "V3_D"
    assert naming.upper_snake("_sunder_") == "SUNDER"  # never an enum _sunder_ name


@given(st.text(max_size=40))
def test_any_text_gives_a_safe_identifier(text):
    for name in (
        naming.snake(text),
        naming.pascal(text),
        naming.upper_snake(text),
        naming.module(text),
    ):
        assert name.isidentifier() and name.isascii()
        assert not keyword.iskeyword(name) and name not in naming.SOFT_KEYWORDS
        assert not name.startswith("__")


def test_assign_resolves_clashes_the_same_way_in_any_order():
    wires = ["id", "_id", "user-name", "user_name", "class", "\U0001d41class", "ID"]
    first, clashes = naming.assign(wires, naming.snake)
    for seed in range(5):
        shuffled = wires[:]
        random.Random(seed).shuffle(shuffled)
        assert naming.assign(shuffled, naming.snake)[0] == first
    assert len(set(first.values())) == len(first)
    assert first["user_name"] == "user_name"  # the exact spelling keeps the plain name
    assert first["user-name"] == "user_name_2"
    assert first["id"] == "id_"
    reported = {(c.kept, c.renamed) for c in clashes}
    assert ("user_name", "user-name") in reported
    assert ("id", "_id") in reported or ("id", "ID") in reported


def test_assign_respects_taken_names_and_merges_duplicates():
    names, clashes = naming.assign(["a", "a", "b"], naming.snake, taken={"a"})
    assert names == {"a": "a_2", "b": "b"}
    assert len(clashes) == 1


@settings(max_examples=60)
@given(st.lists(st.text(max_size=12), max_size=12))
def test_assign_is_collision_free(wires):
    names, _ = naming.assign(wires, naming.snake)
    assert len(set(names.values())) == len(names) == len(set(wires))
