"""The same answer on every Python docgen supports (issue #17): run on 3.10 and 3.13 by ``.ci/run``.

Each expectation here is a literal, written once: a message or value that came from the running
interpreter (CPython's ``json`` messages, ``time.fromisoformat``'s accepted forms) would match
on one version and fail on another. Fast (no corpus, no generation): the default run has it too.
"""

from __future__ import annotations

import datetime

import pytest

from docgen.extract.common import parse_annotation
from docgen.extract.examples import _parse_body
from docgen.read.page import Block
from generated import _runtime as rt
from generated.tests._support import same_json

BROKEN_BODIES = [
    # (body text, line, column, why) -- the place is the culprit's (1-based, body starts on line 10)
    ('{\n  "a": 1,\n}', 11, 9, "trailing comma before `}`"),
    ("[1, 2,]", 10, 6, "trailing comma before `]`"),
    ('{\n  "a": 1\n  "b": 2\n}', 11, 9, "a missing comma at the end of the line"),
    ("{'a': 1}", 10, 2, "a single-quoted string"),
    ("{a: 1}", 10, 2, "an unquoted key"),
    (
        '{"a": ...}',
        10,
        7,
        "a `...` placeholder; cut the text and mark the example truncated instead",
    ),
    ('{"a": 1} // note', 10, 10, "a comment; JSON has none"),
    ('{"a": "x\\q"}', 10, 9, "an invalid escape `\\q`"),
    ('{"a": "never ends}', 10, 7, "a string that never ends"),
    ('{"a" 1}', 10, 6, "expected `:` after the key, found `1`"),
    ('{"a": }', 10, 7, "expected a value, found `}`"),
    ('{"a": 1} x', 10, 10, "more text after the JSON value (`x`)"),
]


@pytest.mark.parametrize("text, line, col, why", BROKEN_BODIES)
def test_example_body_error_is_docgens_on_every_python(text, line, col, why):
    body, error = _parse_body(text, "p.md", 10)
    assert body is None
    assert error.message == f"example body is not valid JSON: {why}"
    assert (error.location.line, error.location.col) == (line, col)


def test_annotation_error_is_docgens_on_every_python():
    block = Block(
        kind="html",
        line=40,
        end_line=42,
        content='<!-- {\n  "blockType": "response",\n} -->',
    )
    annotation, problems = parse_annotation(block, "p.md")
    assert annotation.data == {"blockType": "response"}
    assert [(p.message, p.location.line) for p in problems] == [
        (
            "annotation is not valid JSON (trailing comma before `}`); read it tolerantly",
            41,
        )
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "08:00:00.0000000",
            datetime.time(8),
        ),  # Graph's seven digits: not on 3.10's fromisoformat
        ("23:59:59.1234567", datetime.time(23, 59, 59, 123456)),
        ("08:00", datetime.time(8)),
        ("0800", None),  # 3.11's fromisoformat takes it; the runtime does not, anywhere
        ("08:00:00Z", None),
        ("24:00:00", None),
        ("08:60", None),
    ],
)
def test_runtime_time_of_day(text, expected):
    assert rt.parse_time(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2024-02-29", datetime.date(2024, 2, 29)),
        ("2023-02-29", None),
        ("20240102", None),  # compact and week dates: 3.11's fromisoformat only
        ("2024-W01-1", None),
    ],
)
def test_runtime_date(text, expected):
    assert rt.parse_date(text) == expected


def test_generated_tests_compare_graph_times_alike_everywhere():
    assert same_json({"t": "08:00:00.0000000"}, {"t": "08:00:00"})
    assert same_json(["2024-01-02"], ["2024-01-02"])
    assert not same_json({"t": "08:00:00.0000000"}, {"t": "08:00:01"})
    assert not same_json("20240102", "2024-01-02")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Y3YxN2E1MWFlYw==", b"cv17a51aec"),
        ("", b""),
        (
            "base64Y3YxN2E1MWFlYw==",
            None,
        ),  # excess padding: taken before 3.13, refused from 3.13
        ("YWJj==", None),
        ("YQ", None),
        ("YQ==YQ==", None),
        ("Y Q==", None),
    ],
)
def test_runtime_base64(text, expected):
    assert rt.parse_base64(text) == expected
    assert same_json(text, "YQ==") is (expected == b"a")
