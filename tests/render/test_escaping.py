"""Escaping filters: doc text can never leave its string, docstring or comment."""

from __future__ import annotations

import ast
import io
import tokenize

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docgen.render import escaping
from docgen.render.formatting import format_python

HOSTILE = [
    'a"""b',
    '"""; import os; """',
    "ends with backslash \\",
    '"quoted"',
    "{{7*7}}",
    "{% raw %}x",
    "line\r\n# injected",
    "u\u2028v\u2029w\x85x",
    "rtl \u202e evil \u2066x\u2069",
    "nul\x00here",
    "tab\tform\x0cfeed\x0bvt",
    "'''",
    "\\N{BULLET}",
    '""""',
    'it\'s "both"',
]


@pytest.mark.parametrize("text", HOSTILE)
def test_string_literal_round_trips_and_black_keeps_it(text):
    literal = escaping.py_str(text)
    assert ast.literal_eval(literal) == text
    source = f"x = {literal}\n"
    assert len(ast.parse(source).body) == 1
    assert format_python(source) == source


@pytest.mark.parametrize("text", HOSTILE)
def test_docstring_cannot_break_out(text):
    source = (
        "def f():\n    "
        + escaping.docstring([text, "Source: p.md:1"], 4)
        + "\n    return 1\n"
    )
    tree = ast.parse(source)
    assert len(tree.body) == 1 and len(tree.body[0].body) == 2
    assert (
        ast.get_docstring(tree.body[0])
        == escaping.clean_text(text) + "\n\nSource: p.md:1"
    )
    for ch in escaping.BIDI_CONTROLS | {"\x00", "\u2028", "\u2029", "\r"}:
        assert ch not in source
    assert format_python(source) == source


@pytest.mark.parametrize("text", HOSTILE)
def test_comment_cannot_end_early(text):
    source = "x = 1  # " + escaping.comment(text) + "\ny = 2\n"
    tokens = [
        t
        for t in tokenize.generate_tokens(io.StringIO(source).readline)
        if t.type == tokenize.COMMENT
    ]
    assert len(tokens) == 1
    assert [type(n).__name__ for n in ast.parse(source).body] == ["Assign", "Assign"]


@settings(max_examples=200)
@given(st.text())
def test_any_text_is_safe_in_every_spot(text):
    assert ast.literal_eval(escaping.py_str(text)) == text
    source = (
        '"""' + escaping.docstring_body([text], 0) + '"""\nx = 1\n'
        if escaping.clean_text(text)
        else "x = 1\n"
    )
    tree = ast.parse(source)
    if escaping.clean_text(text):
        assert ast.get_docstring(tree) == escaping.clean_text(text)
    assert [type(n).__name__ for n in tree.body][-1] == "Assign"
    comment_src = "# " + escaping.comment(text) + "\nx = 1\n"
    assert len(ast.parse(comment_src).body) == 1


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=100)
@given(json_values)
def test_json_literal_round_trips(value):
    literal = escaping.py_literal(value, 1)
    assert ast.literal_eval(literal) == value


def test_json_literal_is_black_stable():
    source = (
        "def f():\n    data = "
        + escaping.py_literal({"a": [1, {"b": None}], "c": "x\u202e"}, 1)
        + "\n"
    )
    assert format_python(source) == source


def test_suspicious_names_bidi_and_nul():
    assert escaping.suspicious("a\u202eb\x00") == ["NUL", "RIGHT-TO-LEFT OVERRIDE"]
    assert escaping.suspicious("plain") == []


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab \t\n\r\x0b\x0c\x1c\x85\u2028\u2029é")), max_size=30) | st.text(max_size=30))
def test_clean_text_maps_every_tab_and_line_break_to_a_space(text):
    assert all(not ch.isprintable() for ch in escaping.LINE_BREAKS | {"\t"})  # what its fast path relies on
    assert escaping.clean_text(text) == text.translate(escaping._TO_SPACE).strip()
