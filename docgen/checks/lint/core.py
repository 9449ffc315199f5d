"""``docgen lint``: do the docs contradict themselves?

ApiDoctor's most valued checks over a resolved :class:`~docgen.model.core.Model`, each a
:class:`~docgen.diagnostics.Diagnostic` with a stable code (see :data:`CODES`):

- examples against the tables (``example-property-unknown``, ``example-value-type``,
  ``enum-value-unknown``, ``namespace-mismatch`` for an ``@odata.type`` in the wrong namespace);
- a resource page's JSON representation against its tables (``representation-row-missing``,
  ``table-row-missing``);
- examples as a set (``example-unpaired``, ``duplicate-example-name``);
- what the parser and resolver already found (``invalid-json``, ``invalid-annotation``,
  ``unresolved-link``, ``unresolved-type``, ``namespace-mismatch``).

Suppression: a page's front matter key ``docgen-lint-ignore: code1, code2`` or an HTML comment
``<!-- docgen-lint-disable: code1, code2 -->`` anywhere in the page silences those codes for that
page; ``<!-- docgen-ignore code1, code2 -->`` silences them for the next block or its own line
(:mod:`docgen.checks.lint.suppress`); ``ignore=`` (the ``--ignore CODE`` option) silences codes
everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from docgen.checks.lint.codes import CODES, SURFACED, example_label, make
from docgen.checks.lint.examples import ExampleChecker
from docgen.checks.lint.jsonscan import json_errors, parses_without_comments
from docgen.checks.lint.links import classify_links
from docgen.checks.lint.locate import ExampleLocator, PageTexts
from docgen.checks.lint.pages import (
    duplicate_names,
    representation_rows,
    status_lines,
    unmatched_urls,
    unpaired,
)
from docgen.checks.lint.reword import reword
from docgen.checks.lint.suppress import Suppression, block_suppressions
from docgen.checks.lint.typerules import TypeTable
from docgen.diagnostics import Diagnostic, Location
from docgen.model.core import Example, Model, PageInfo

__all__ = ["CODES", "lint", "page_suppressions", "unknown_codes"]

FRONT_MATTER_KEYS = ("docgen-lint-ignore", "docgen_lint_ignore")
"""Front matter keys whose value lists codes to ignore on that page."""

_COMMENT = re.compile(r"<!--\s*docgen-lint-disable\s*:(.*?)-->")
_SPLIT = re.compile(r"[\s,]+")


def unknown_codes(codes: Iterable[str]) -> list[str]:
    """The given codes that are not lint codes, sorted (for the CLI to reject ``--ignore typo``)."""
    return sorted({c for c in codes if c not in CODES})


def _codes_in(text: str) -> list[str]:
    """``"a, b"``, ``"[a, b]"``, ``"a b"`` -> ``["a", "b"]``."""
    return [c.strip("'\"") for c in _SPLIT.split(text.strip().strip("[]")) if c.strip("'\"")]


def page_suppressions(page: PageInfo, lines: list[str] | None) -> tuple[set[str], list[Diagnostic]]:
    """Codes a page silences for itself, and a diagnostic per named code that does not exist."""
    found: list[tuple[str, Location]] = []
    for key in FRONT_MATTER_KEYS:
        value = page.front_matter.get(key)
        if value:
            line = next((i + 1 for i, text in enumerate(lines or ()) if text.startswith(key)), 1)
            found.extend((code, Location(page.path, line, 1)) for code in _codes_in(value))
    for index, text in enumerate(lines or ()):
        for match in _COMMENT.finditer(text):
            location = Location(page.path, index + 1, match.start() + 1)
            found.extend((code, location) for code in _codes_in(match.group(1)))
    codes = {code for code, _ in found if code in CODES}
    return codes, _unknown(found)


def _unknown(found: Iterable[tuple[str, Location]]) -> list[Diagnostic]:
    """``lint-ignore-unknown`` for each (code, place of the suppression) whose code does not exist."""
    return [
        make("lint-ignore-unknown", f"`{code}` is not a docgen lint code", location, context=code)
        for code, location in found
        if code not in CODES
    ]


def _declares_json(example: Example) -> bool:
    """False when a ``Content-Type`` header names something else (``application/zip`` …)."""
    types = [value.lower() for name, value in example.headers if name.lower() == "content-type"]
    return not types or any("json" in value for value in types)


def _json_errors(model: Model, locator: ExampleLocator) -> list[Diagnostic]:
    """``invalid-json`` for every syntax error of every example body that does not parse, each at
    its culprit with the reason (:func:`~docgen.checks.lint.jsonscan.json_errors`).

    A resource page's JSON representation is a sketch, not a payload: comments in it
    (``/* inherited from baseItem */``) are a deliberate style and not reported.
    """
    examples = [e for op in model.operations for e in op.examples]
    examples += [t.representation for t in model.types if t.representation is not None]
    out: list[Diagnostic] = []
    for example in examples:
        if example.body_error is None or not _declares_json(example):
            continue
        context = example_label(example)
        errors = json_errors(example.body_text)
        if example.kind == "resource":
            errors = [(offset, reason) for offset, reason in errors if not reason.startswith("a comment")]
            if not errors:
                continue
        if not errors:  # the parser and lint disagree; keep the parser's place
            message = f"{example.kind} example: body is not valid JSON"
            out.append(make("invalid-json", message, example.body_error.location, context=context))
            continue
        for number, (offset, reason) in enumerate(errors):
            where = locator.locate_offset(example, offset)
            label = context if number == 0 else f"{context} #{number + 1}"
            out.append(make("invalid-json", f"{example.kind} example: {reason}", where, context=label))
    return out


def _commented_representations(model: Model) -> Model:
    """``model`` with each JSON representation that parses once its comments are removed given that
    body, so that its keys are checked like any other representation's."""
    changed = False
    types = []
    for typedef in model.types:
        example = typedef.representation
        if example is not None and example.body_error is not None and example.body is None:
            body = parses_without_comments(example.body_text)
            if body is not None:
                typedef = replace(typedef, representation=replace(example, body=body))
                changed = True
        types.append(typedef)
    return replace(model, types=tuple(types)) if changed else model


def _surfaced(model: Model, locator: ExampleLocator, texts: PageTexts) -> list[Diagnostic]:
    """Parser/resolver findings that are lint's business, with lint's severity for their code and
    lint's wording (:func:`~docgen.checks.lint.reword.reword`).

    The parser's ``invalid-json`` findings are replaced by :func:`_json_errors`' located ones.
    """
    replaced = {
        (e.body_error.location, e.body_error.message)
        for op in model.operations
        for e in op.examples
        if e.body_error is not None
    } | {
        (t.representation.body_error.location, t.representation.body_error.message)
        for t in model.types
        if t.representation is not None and t.representation.body_error is not None
    }
    found = [
        reword(d, texts.lines(d.location.path))
        for d in model.diagnostics
        if d.code in SURFACED and (d.location, d.message) not in replaced
    ]
    found += _json_errors(model, locator)
    unique = {(d.location, d.code, d.message): d for d in found}
    return list(unique.values())


def lint(model: Model, *, ignore: Iterable[str] = ()) -> list[Diagnostic]:
    """Every lint finding of ``model``, sorted by place; ``ignore`` codes are dropped.

    Pages are read from disk (as their ``PageInfo.path`` names them) only for suppression comments
    and to point into example bodies; a page that cannot be read is linted all the same.
    Raises ValueError when ``ignore`` names a code that does not exist (see :func:`unknown_codes`).
    """
    ignored = set(ignore)
    bad = unknown_codes(ignored)
    if bad:
        raise ValueError(f"unknown lint code(s): {', '.join(bad)}")
    texts = PageTexts()
    types = TypeTable(model)
    locator = ExampleLocator(texts)
    found = classify_links(_surfaced(model, locator, texts), model, texts)
    model = _commented_representations(model)
    # The parser already compares an example's ``@odata.type`` with the page's own cells; lint's
    # model-wide comparison adds only lines the parser did not report.
    reported = {(d.location.path, d.location.line) for d in found if d.code == "namespace-mismatch"}
    found += [
        d
        for d in ExampleChecker(model, types, locator.locate, locator.annotation_location).check_model()
        if d.code != "namespace-mismatch" or (d.location.path, d.location.line) not in reported
    ]
    for operation in model.operations:
        found += unpaired(operation, texts.lines(operation.location.path))
        found += status_lines(operation, texts.lines(operation.location.path))
        found += unmatched_urls(operation)
    found += duplicate_names(model)
    for typedef in model.types:
        found += representation_rows(typedef, types)
    silenced: dict[str, set[str]] = {}
    blocks: dict[str, list[Suppression]] = {}
    for page in model.pages:
        lines = texts.lines(page.path)
        codes, problems = page_suppressions(page, lines)
        silenced[page.path] = codes
        blocks[page.path] = block_suppressions(page.path, lines or [])
        found += problems
        found += _unknown((code, block.where) for block in blocks[page.path] for code in block.codes)
    kept = {
        (d.location, d.code, d.message): d
        for d in found
        if d.code not in ignored
        and d.code not in silenced.get(d.location.path, ())
        and not any(b.covers(d.code, d.location.line) for b in blocks.get(d.location.path, ()))
    }
    return sorted(kept.values(), key=Diagnostic.sort_key)
