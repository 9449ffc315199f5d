"""Annotation comments as the corpus writes them, valid or not (README: trailing commas, unquoted
keys, "true" strings)."""

from __future__ import annotations

from docgen.extract.common import parse_annotation
from docgen.read.page import Block


def read(content: str):
    return parse_annotation(Block("html", 40, 44, content=content), "api/x.md")


def test_valid():
    annotation, problems = read('<!-- {\n  "blockType": "request",\n  "name": "get_user"\n} -->\n')
    assert annotation.data == {"blockType": "request", "name": "get_user"} and problems == []
    assert annotation.block_type == "request" and annotation.location.line == 40


def test_trailing_comma():  # api/chat-delete-tabs.md
    annotation, problems = read('<!-- {\n  "blockType": "response",\n}\n-->\n')
    assert annotation.data == {"blockType": "response"}
    # at the comma's line, in docgen's words (not the json module's, which change with Python)
    assert [(p.code, p.location.line) for p in problems] == [("invalid-annotation", 41)]
    assert problems[0].message == (
        "annotation is not valid JSON (trailing comma before `}`); read it tolerantly"
    )


def test_unquoted_keys_and_single_quotes():
    annotation, problems = read("<!-- { blockType: 'request', name: 'create_x', truncated: true } -->")
    assert annotation.data == {"blockType": "request", "name": "create_x", "truncated": True}
    assert [p.code for p in problems] == ["invalid-annotation"]


def test_true_as_a_string():  # api/application-post-calls.md
    annotation, problems = read('<!-- {"blockType": "response", "truncated": "true", "isCollection": "false"} -->')
    assert annotation.data["truncated"] is True and annotation.data["isCollection"] is False
    assert sorted(p.message for p in problems) == [
        'annotation key "isCollection" is the string "false", not a boolean',
        'annotation key "truncated" is the string "true", not a boolean',
    ]


def test_unreadable_keeps_block_type_and_name():
    annotation, problems = read('<!-- { "blockType": "request", "name": "n", "x": [1, 2 } -->')
    assert annotation.data == {"blockType": "request", "name": "n"}
    assert "only blockType/name recovered" in problems[0].message


def test_plain_comments_are_not_annotations():
    assert read("<!-- uuid: 8fcb5dbc 2015-10-25 -->") == (None, [])
    assert read("<!-- TODO: { fix } this -->") == (None, [])
