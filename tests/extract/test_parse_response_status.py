"""The success status of an operation: the Response section states success first, often without a
code, and its failures after. A sentence giving a failure's status is not read as the operation's
(v1.0 ``api/driveitem-createuploadsession.md:117``: "a `507 Insufficent Storage` response will
be returned"; ``api/site-follow.md:46``: "If an error occurred while following any of the
specified sites, this method returns a `207` status code"); the first response example gives it
then. Pages written here in the corpus pages' forms."""

from __future__ import annotations

from docgen.extract.dispatch import extract_page
from docgen.read.source import decode_source

_HEAD = "---\ndoc_type: apiPageType\n---\n# Do a thing\n\n## HTTP request\n\n```http\nPOST /things/{id}/do\n```\n\n"
_EXAMPLE = (
    "## Examples\n\n### Request\n\n"
    '<!-- { "blockType": "request", "name": "do_thing" } -->\n\n```http\nPOST /things/1/do\n```\n\n'
    "### Response\n\n"
    '<!-- { "blockType": "response", "@odata.type": "microsoft.graph.uploadSession" } -->\n\n'
    '```http\nHTTP/1.1 200 OK\nContent-type: application/json\n\n{"uploadUrl": "https://x"}\n```\n'
)


def response_of(sentences: str):
    text = _HEAD + "## Response\n\n" + sentences + "\n\n" + _EXAMPLE
    src, diagnostics = decode_source(text.encode(), "api/thing-do.md")
    assert src is not None and diagnostics == []
    (op,) = extract_page(src).operations
    return op.response


def test_an_error_status_after_a_success_sentence_without_one_is_not_the_status():
    found = response_of(
        "The response to this request, if successful, will provide the details as an "
        "[uploadSession](../resources/uploadsession.md) resource.\n\n"
        "If the `fileSize` parameter exceeds the available quota, a `507 Insufficent Storage` response "
        "will be returned and the upload session will not be created."
    )
    assert found.status == 200 and found.location.line > 20  # the example's status line


def test_a_sentence_about_an_error_is_not_the_success_status():
    found = response_of(
        "* If the request is successful, this method returns an array of sites that were followed.\n"
        "* If an error occurred while following any of the specified sites, this method returns a `207` "
        "status code and the response body will contain an array of entries."
    )
    assert found.status == 200


def test_the_success_sentence_gives_the_status_even_when_it_names_an_error():
    found = response_of(
        "If successful, this method returns a `204 No Content` response code; otherwise it returns an "
        "error object."
    )
    assert (found.status, found.location.line) == (204, 14)
    assert response_of("If successful, this method returns a `201 Created` response code.").status == 201
    assert response_of("This method returns a `302 Found` response that redirects to a download URL.").status == 302
