"""An ``"blockType": "ignored"`` annotation keeps its fence out of the examples even with a
sentence between them ("The following example shows the response."), as a resource annotation
may have one. tests/fixtures/contrib-sample/set-d/api/driveitem-copy.md (today's beta page, CC BY
4.0: see that folder's README): Examples 7 to 10 are ignored, request and response; Example 9's
response annotation stands a sentence above its fence, which was read as an unannotated response
and paired with Example 6's request (``copy-item-5``), its invalid JSON blamed on that example."""

from __future__ import annotations

from pathlib import Path

from docgen.extract.dispatch import extract_page
from docgen.read.source import read_source

PAGE = "set-d/api/driveitem-copy.md"
SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "contrib-sample"


def _examples():
    source, diagnostics = read_source(SAMPLE / PAGE, PAGE)
    assert source is not None and not diagnostics
    (operation,) = extract_page(source).operations
    return operation.examples


def test_an_ignored_response_with_a_sentence_before_its_fence_is_no_example():
    examples = _examples()
    assert all(example.location.line < 371 for example in examples)  # nothing from Examples 7-10
    assert [(e.kind, e.name) for e in examples if e.name == "copy-item-5"] == [
        ("request", "copy-item-5"),
        ("response", "copy-item-5"),
    ]


def test_each_documented_example_keeps_its_request_and_response():
    named = [e.name for e in _examples() if e.kind == "request"]
    assert named == ["copy-item-1", "copy-item-2", "copy-item-3", "copy-item-4", "copy-item-conflicts", "copy-item-5"]
    assert len([e for e in _examples() if e.kind == "response"]) == 6
