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
from docgen.checks.lint.facts import ObjectFacts, resolved
from docgen.checks.lint.jsonscan import json_errors, parses_without_comments
from docgen.checks.lint.links import classify_links
from docgen.checks.lint.locate import ExampleLocator, PageTexts
from docgen.checks.lint.pages import (
    duplicates_among,
    representation_rows,
    status_lines,
    unmatched_urls,
    unpaired,
)
from docgen.model.dataclass_ahead import dataclass
from docgen.checks.lint.reword import reword
from docgen.checks.lint.suppress import Suppression, block_suppressions
from docgen.checks.lint.tracking import LintReads, digest_of
from docgen.checks.lint.typerules import TypeTable
from docgen.diagnostics import Diagnostic, Location
from docgen.model.core import Example, Model, Operation, PageInfo, TypeDef

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


def _json_errors(examples: Iterable[Example], locator: ExampleLocator) -> list[Diagnostic]:
    """``invalid-json`` for every syntax error of every example body that does not parse, each at
    its culprit with the reason (:func:`~docgen.checks.lint.jsonscan.json_errors`).

    A resource page's JSON representation is a sketch, not a payload: comments in it
    (``/* inherited from baseItem */``) are a deliberate style and not reported.
    """
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


def _commented(typedef: TypeDef) -> TypeDef:
    """``typedef`` with its JSON representation given the body it has once its comments are
    removed, when only they kept it from parsing: its keys are then checked like any other's."""
    example = typedef.representation
    if example is not None and example.body_error is not None and example.body is None:
        body = parses_without_comments(example.body_text)
        if body is not None:
            return replace(typedef, representation=replace(example, body=body))
    return typedef


_KEPT_EXAMPLES = frozenset(("description", "representation"))


_resolved = resolved
"""What the resolver decides of an operation that lint reads (:func:`docgen.checks.lint.facts.resolved`)."""


@dataclass(frozen=True)
class Unit:
    """What lint checks of one page: its info, its operations, the types whose JSON representation
    it holds, and the parser's and resolver's findings located on it that lint reports."""

    path: str
    page: PageInfo | None
    operations: tuple[Operation, ...]
    types: tuple[TypeDef, ...]
    diagnostics: tuple[Diagnostic, ...]
    """The model's :data:`SURFACED` diagnostics on the page, but those an example's own body
    error replaces (:func:`_json_errors` reports them, located)."""

    def digest(self, page_known: bool, reads: LintReads | None = None) -> str:
        """A digest of the unit's pieces, descriptions left out (no rule reads one).

        ``page_known``: the caller keys on the page's bytes, so only what the resolver made of
        them with the rest of the tree is digested: of each operation, the types of its body and
        response and its body rows' types and names (the spelling examples elsewhere use; lint
        reads no other resolved part of an operation: not its parameters or permissions); of each
        type, everything but its description (merged from every page documenting it); the
        findings located on the page. Everything else of an operation (examples, request lines,
        the rows' other cells) and the page's info are the page's as parsed (see
        :mod:`docgen.resolve.operations`).
        With ``reads``, a type is digested as its lookups are (:meth:`LintReads.type_digest`, once).
        """
        if not page_known:
            own = (self.path, self.page, self.operations, self.types, self.diagnostics, self.examples)
            return digest_of(own, _KEPT_EXAMPLES)
        if reads is None:
            return digest_of((self.path, [digest_of(resolved(op)) for op in self.operations], self.types,
                              self.diagnostics))
        operations = [reads.operation_digest(op) for op in self.operations]
        types = [reads.type_digest(t) for t in self.types]
        return digest_of((self.path, operations, types, self.diagnostics))

    @property
    def examples(self) -> list[Example]:
        """The page's examples: its operations', then its types' representations."""
        found = [e for op in self.operations for e in op.examples]
        return found + [t.representation for t in self.types if t.representation is not None]


def units(model: Model, facts: ObjectFacts | None = None) -> list[Unit]:
    """One :class:`Unit` per page of ``model`` (and per other path a finding is located at), by
    path. What it needs of each type and operation comes from ``facts``
    (:mod:`docgen.checks.lint.facts`; by default worked out from the objects)."""
    facts = facts if facts is not None else ObjectFacts()
    replaced: set[tuple[Location, str]] = set()
    types: dict[str, list[TypeDef]] = {}
    for typedef in model.types:
        _, path, error = facts.type_facts(typedef)
        if path is not None:
            types.setdefault(path, []).append(typedef)
        if error is not None:
            replaced.add((Location(*error[0]), error[1]))
    for operation in model.operations:
        for place, message in facts.operation_facts(operation)[1]:
            replaced.add((Location(*place), message))
    pages = {page.path: page for page in model.pages}
    operations: dict[str, list[Operation]] = {}
    for operation in model.operations:
        operations.setdefault(operation.location.path, []).append(operation)
    diagnostics: dict[str, list[Diagnostic]] = {}
    for d in model.diagnostics:
        if d.code in SURFACED and (d.location, d.message) not in replaced:
            diagnostics.setdefault(d.location.path, []).append(d)
    paths = sorted(set(pages) | set(operations) | set(types) | set(diagnostics))
    return [
        Unit(
            path,
            pages.get(path),
            tuple(operations.get(path, ())),
            tuple(types.get(path, ())),
            tuple(diagnostics.get(path, ())),
        )
        for path in paths
    ]


class LintContext:
    """What every page's check shares in one run: the page texts, the example locator and the
    model-wide lookups (:class:`~docgen.checks.lint.tracking.LintReads`, which notes them)."""

    def __init__(self, model: Model, facts: ObjectFacts | None = None) -> None:
        self.model = model
        self.texts = PageTexts()
        self.types = TypeTable(model)
        self.reads = LintReads(model, self.types, self.texts, facts)
        self.facts = self.reads.facts
        self.locator = ExampleLocator(self.texts)

    def suppressions(self, path: str, page: PageInfo | None, lines: list[str] | None) -> _Silence:
        codes, problems = page_suppressions(page, lines) if page is not None else (set(), [])
        blocks = block_suppressions(path, lines or []) if page is not None else []
        return codes, blocks, problems


_Silence = tuple[set[str], list[Suppression], list[Diagnostic]]


def lint_unit(context: LintContext, unit: Unit) -> list[Diagnostic]:
    """The findings of one page, its suppressions applied and no ``--ignore``: the same as the
    findings a whole-model run locates on that page (:func:`lint`)."""
    texts, locator, reads = context.texts, context.locator, context.reads
    lines = texts.lines(unit.path)
    surfaced = [reword(d, texts.lines(d.location.path)) for d in unit.diagnostics]
    surfaced += _json_errors(unit.examples, locator)
    unique = {(d.location, d.code, d.message): d for d in surfaced}
    found = classify_links(list(unique.values()), None, texts, reads.tree_version, reads.has_page_dir)
    own_types = [_commented(t) for t in unit.types]
    # The parser already compares an example's ``@odata.type`` with the page's own cells; lint's
    # model-wide comparison adds only lines the parser did not report.
    reported = {(d.location.path, d.location.line) for d in found if d.code == "namespace-mismatch"}
    checker = ExampleChecker(context.model, context.types, locator.locate, locator.annotation_location, reads)
    checked = [d for op in unit.operations for d in checker.check_operation(op)]
    checked += [d for t in own_types for d in checker.check_representation(t)]
    found += [
        d for d in checked if d.code != "namespace-mismatch" or (d.location.path, d.location.line) not in reported
    ]
    for operation in unit.operations:
        found += unpaired(operation, lines)
        found += status_lines(operation, lines)
        found += unmatched_urls(operation)
    found += duplicates_among([e for op in unit.operations for e in op.examples], reads.named)
    for typedef in own_types:
        found += representation_rows(typedef, context.types)
    silence = {unit.path: context.suppressions(unit.path, unit.page, lines)}
    codes, blocks, problems = silence[unit.path]
    found += problems
    found += _unknown((code, block.where) for block in blocks for code in block.codes)
    kept = []
    for d in found:
        where = d.location.path
        if where not in silence:  # a finding on another page: that page's suppressions
            silence[where] = context.suppressions(where, *reads.other_page(where))
        codes, blocks, _ = silence[where]
        if d.code not in codes and not any(b.covers(d.code, d.location.line) for b in blocks):
            kept.append(d)
    return kept


def finish(found: Iterable[Diagnostic], ignore: Iterable[str] = ()) -> list[Diagnostic]:
    """Every page's findings (:func:`lint_unit`) as :func:`lint` gives them: ``ignore`` codes
    dropped, one finding per place, code and message, sorted by place."""
    ignored = set(ignore)
    kept = {(d.location, d.code, d.message): d for d in found if d.code not in ignored}
    return sorted(kept.values(), key=Diagnostic.sort_key)


def check_ignore(ignore: Iterable[str]) -> None:
    """Raise ValueError when ``ignore`` names a code that does not exist."""
    bad = unknown_codes(set(ignore))
    if bad:
        raise ValueError(f"unknown lint code(s): {', '.join(bad)}")


def lint(model: Model, *, ignore: Iterable[str] = ()) -> list[Diagnostic]:
    """Every lint finding of ``model``, sorted by place; ``ignore`` codes are dropped.

    Pages are read from disk (as their ``PageInfo.path`` names them) only for suppression comments
    and to point into example bodies; a page that cannot be read is linted all the same.
    Raises ValueError when ``ignore`` names a code that does not exist (see :func:`unknown_codes`).
    Each page is checked on its own (:func:`lint_unit`); :mod:`docgen.pipeline.lint_cache` keeps
    each page's findings and checks again only the pages whose inputs or reads changed.
    """
    ignore = list(ignore)
    check_ignore(ignore)
    context = LintContext(model, ObjectFacts(digests=False))  # nothing is keyed here
    found: list[Diagnostic] = []
    for unit in units(model, context.facts):
        found += lint_unit(context, unit)
    return finish(found, ignore)
