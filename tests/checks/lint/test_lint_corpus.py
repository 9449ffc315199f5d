"""docgen lint on the real Graph docs (skipped without DOCGEN_CORPUS): it runs, and it points right.

No counts are pinned here (they move with the parser); what is pinned is that every finding is
well-formed and that the places lint computes inside example fences hold what the message names.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from docgen.checks.lint.core import CODES, lint
from docgen.diagnostics import Diagnostic

_NAMED_KEY = re.compile(r"^property `([^`]+)` is not in ")


@pytest.fixture(scope="module")
def findings(corpus_model) -> list[Diagnostic]:
    return lint(corpus_model)


def _line(path: str, number: int, cache: dict[str, list[str]]) -> str:
    if path not in cache:
        cache[path] = Path(path).read_text(encoding="utf-8-sig").splitlines()
    lines = cache[path]
    assert 1 <= number <= len(lines), f"{path}:{number} is past the end ({len(lines)} lines)"
    return lines[number - 1]


def test_findings_are_well_formed_sorted_and_repeatable(findings, corpus_model):
    assert findings, "the 2021 Graph docs do contradict themselves somewhere"
    assert all(d.code in CODES and d.severity == CODES[d.code][0] for d in findings)
    assert findings == sorted(findings, key=Diagnostic.sort_key)
    assert lint(corpus_model) == findings


def test_unknown_keys_and_trailing_commas_are_located_exactly(findings):
    cache: dict[str, list[str]] = {}
    checked = 0
    for d in findings:
        text = None
        match = _NAMED_KEY.match(d.message)
        if d.code in ("example-property-unknown", "table-row-missing") and match:
            text = _line(d.location.path, d.location.line, cache)
            assert text[d.location.col - 1 :].startswith(f'"{match.group(1)}"'), d.format()
        elif d.code == "invalid-json" and "trailing comma" in d.message:
            text = _line(d.location.path, d.location.line, cache)
            assert text[d.location.col - 1] == ",", d.format()
        checked += text is not None
    assert checked > 0


def test_ignore_drops_exactly_the_code(findings, corpus_model):
    kept = lint(corpus_model, ignore=["example-property-unknown"])
    assert kept == [d for d in findings if d.code != "example-property-unknown"]


def test_no_response_is_unpaired_after_an_ignored_request(findings):
    """Issue 20's largest false class: the report pages show the request under an ignored
    annotation and the response under a response annotation."""
    from docgen.checks.lint.pages import ignored_examples

    cache: dict[str, list[str]] = {}
    for d in findings:
        if d.code != "example-unpaired" or "has no request example" not in d.message:
            continue
        _line(d.location.path, d.location.line, cache)
        before = [line for line, kind in ignored_examples(cache[d.location.path]) if kind == "request"]
        if "(a request before it has no annotation)" not in d.message:
            assert not [line for line in before if line < d.location.line], d.format()
