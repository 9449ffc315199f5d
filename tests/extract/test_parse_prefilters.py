"""The cheap tests extraction makes before its regular expressions never turn away text the
expression would have matched, and plain cell names read as the full rewriting reads them."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from docgen.extract import common as ec
from docgen.read.typecells import _clean_name, clean_name

WORDS = st.sampled_from(
    [
        "Possible", "values", "VALUE", "are", "is", "include", "can", "be", "one", "of", "ONE OF",
        "the", "following", "valid", "Supported", "allowed", "accepted", ":", "nullable", "NULLABLE",
        "not", "non-nullable", "Nullable.", "read-only", "Read only", "READONLY", "Required", "required.",
        "(Required)", "Inherited", "from", "INHERITED FROM", "inherıted", "ſupported", "\u212aey", "x",
        ".", "`a`", "`b`,", "\n", "Kelvin", "İnherited",
    ]
)
TEXT = st.lists(WORDS, max_size=12).map(" ".join) | st.text(max_size=40)


def full_flags(text: str) -> tuple[bool, bool | None, bool]:
    """description_flags without its key-word tests."""
    nullable = False if ec._NOT_NULLABLE_RE.search(text) else (True if ec._NULLABLE_RE.search(text) else None)
    return bool(ec._REQUIRED_RE.search(text)), nullable, bool(ec._READONLY_RE.search(text))


@settings(max_examples=1500, deadline=None)
@given(TEXT)
@example("Inherıted from [x](x.md).")  # dotless i: the expression's i matches it
@example("ſupported values are: `a`, `b`.")  # long s
@example("Possible VALUES are: a, b.")
def test_key_word_tests_change_no_answer(text):
    assert ec.description_flags(text) == full_flags(text)
    assert ec.enum_values(text) == ec._listed_values(text)
    if ec._INHERITED_RE.search(text):
        assert ec.INHERITED_KEY in text.lower()


def test_the_words_are_read():
    text = "Possible values are: `a`, `b`. Required. Read-only. Not nullable. Inherited from [x](x.md)."
    assert ec.description_flags(text) == (True, False, True)
    assert ec.enum_values(text) == ("a", "b")


NAMES = st.from_regex(r"[A-Za-z][A-Za-z0-9.]{0,12}", fullmatch=True) | st.sampled_from(
    ["Edm.String", "edm.Int32", "EDM.", "Edm", "user.", "a..", "microsoft.graph.user"]
)


@settings(max_examples=1500, deadline=None)
@given(NAMES)
def test_plain_names_read_as_the_full_rewriting_reads_them(name):
    assert clean_name(name) == _clean_name(name)


def test_cells_that_are_not_plain_names_still_get_the_full_rewriting():
    assert clean_name("`String` collection") == "String"
    assert clean_name("**user** (optional)") == "user"
