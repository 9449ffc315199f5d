"""HTTP example fences: start line, headers, body (excerpts of real Graph docs pages under
tests/fixtures/pages/corpus-<folder>-<page>*.md, copied from graph-docs-v1.0/<folder>/<page>.md).
"""

from __future__ import annotations

from pathlib import Path

from docgen.extract.dispatch import extract_page
from docgen.extract.examples import _split_http
from docgen.read.source import read_source

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"


def page(name: str):
    src, diagnostics = read_source(PAGES / name, name)
    assert src is not None and diagnostics == []
    return extract_page(src)


def test_blank_line_between_request_line_and_headers():
    # api/intune-apps-mobileapp-assign.md:60: "POST …" / blank / "Content-type: …" / blank / JSON
    model = page("corpus-api-intune-apps-mobileapp-assign.md")
    request = model.operations[0].examples[0]
    assert request.method == "POST"
    assert request.headers == (
        ("Content-type", "application/json"),
        ("Content-length", "461"),
    )
    assert request.body_error is None
    assert request.body["mobileAppAssignments"][0]["intent"] == "required"
    assert not [d for d in model.diagnostics if d.code == "invalid-json"]


def test_blank_line_then_header_and_no_body():
    # api/mailfolder-delta.md:88
    first, headers, body, _ = _split_http(
        "GET https://graph.microsoft.com/v1.0/me/mailFolders/delta\n\nPrefer: odata.maxpagesize=2\n"
    )
    assert first.startswith("GET ")
    assert headers == [("Prefer", "odata.maxpagesize=2")]
    assert body == ""


def test_body_line_numbers_count_the_header_block():
    text = 'HTTP/1.1 200 OK\n\nContent-type: application/json\n\n{\n  "a": 1,\n}\n'
    first, headers, body, index = _split_http(text)
    assert headers == [("Content-type", "application/json")]
    assert index == 4 and body.startswith("{")


def test_text_bodies_are_not_headers():
    # a URL or a plain sentence after the blank line is the body, not a header
    _, headers, body, _ = _split_http(
        "PUT /me/drive/items/1/content\n\nhttps://example.com/x\n"
    )
    assert headers == [] and body == "https://example.com/x\n"
    _, headers, body, _ = _split_http(
        "HTTP/1.1 200 OK\nContent-type: text/plain\n\n893\n"
    )
    assert headers == [("Content-type", "text/plain")] and body == "893\n"
    _, headers, body, _ = _split_http(
        "PUT /x\nContent-Type: text/plain\n\nThe contents of the file goes here."
    )
    assert body == "The contents of the file goes here."


def _body(text: str):
    from docgen.extract.examples import _parse_body

    return _parse_body(text, "docs/p.md", 40)


def test_a_raw_line_break_inside_a_string_is_reported_where_it_is():
    data, problem = _body('\n{\n  "displayName": "two\nlines"\n}\n')
    assert data is None
    assert problem is not None and problem.code == "invalid-json"
    assert "line break inside a string" in problem.message
    # the break is after `"two` on the body's third line (page line 40 is the blank first line)
    assert (problem.location.line, problem.location.col) == (42, 22)


def test_a_raw_tab_inside_a_string_is_taken_as_json_takes_it_without_strict():
    data, problem = _body('{"note": "a\tb", "n": [1, 2]}')
    assert problem is None
    assert data == {"note": "a\tb", "n": [1, 2]}


def test_an_escaped_line_break_and_a_break_between_values_are_json():
    data, problem = _body('{\n  "text": "two\\nlines",\n  "n": 1\n}')
    assert problem is None
    assert data == {"text": "two\nlines", "n": 1}


SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "contrib-sample"


def test_a_request_fence_labelled_json_that_starts_with_a_request_line_is_http():
    # set-d/api/message-reply.md:136 (today's beta page, CC BY 4.0: see that folder's README):
    # Example 2's request is "POST https://…/reply" / "Content-Type: text/plain" / MIME, in a
    # ```json fence; its URL was None, and its test blamed the page for "URL None"
    src, diagnostics = read_source(SAMPLE / "set-d/api/message-reply.md", "message-reply.md")
    assert src is not None and diagnostics == []
    (operation,) = extract_page(src).operations
    (mime,) = [e for e in operation.examples if e.kind == "request" and e.name == "message_reply_mime_beta"]
    assert mime.method == "POST"
    assert mime.url == "https://graph.microsoft.com/v1.0/me/messages/AAMkADA1MTAAAAqldOAAA=/reply"
    assert mime.headers == (("Content-Type", "text/plain"),)
    assert mime.body_text.startswith("Q29udGVudC1UeXBl")


def test_a_json_fence_is_a_body_unless_it_starts_with_its_start_line(tmp_path):
    text = (
        "# Get x\n\n## HTTP request\n\n```http\nGET /x\n```\n\n## Examples\n\n### Request\n\n"
        '<!-- { "blockType": "request", "name": "get_x" } -->\n\n```json\n{"a": 1}\n```\n\n'
        "### Response\n\n"
        '<!-- { "blockType": "response" } -->\n\n```json\nHTTP/1.1 200 OK\nContent-type: application/json\n\n{"b": 2}\n```\n'
    )
    (tmp_path / "x-get.md").write_text(text, encoding="utf-8")
    src, _ = read_source(tmp_path / "x-get.md", "api/x-get.md")
    (operation,) = extract_page(src).operations
    request, response = operation.examples
    assert (request.method, request.url, request.body) == (None, None, {"a": 1})
    assert (response.status, response.headers, response.body) == (200, (("Content-type", "application/json"),), {"b": 2})
