"""``docgen lint`` page by page through the cache: an edit re-checks only the pages it reaches.

:func:`docgen.checks.lint.core.lint` checks each page on its own (a
:class:`~docgen.checks.lint.core.Unit`: the page's info, operations, the types whose JSON
representation it holds, the parser's and resolver's findings on it) and its rules read the rest
of the tree only through :class:`~docgen.checks.lint.tracking.LintReads`, which notes each lookup
as a token. :func:`lint_pages` stores each page's findings (kind ``lint-page``: suppressions
applied, ``--ignore`` not, so every ``--ignore`` shares them) with the tokens it recorded and
their digests, under a key made of:

- docgen's code (:func:`~docgen.pipeline.cache.code_fingerprint`) and the page's path;
- the page's own bytes (its key in the plan, which holds docgen's code and its display name too):
  its examples, suppression comments and the text findings point into come from them alone;
- what the resolver made of the page with the rest of the tree (:meth:`~docgen.checks.lint.core.Unit.digest`):
  its operations' types (bodies, responses, rows), their rows' names and permissions, its types
  (merged from every page documenting them), and the parser's and resolver's findings located on
  it (an ``unresolved-link`` comes and goes with its target page). A page the plan does not hold
  is keyed on all of its pieces.

A stored entry stands only when every recorded token still has its digest: a type it looked up
(left out: descriptions, which no rule reads of another type), a page title, a namespace's type
names, the types declaring a property, the tree's docs version and folders, the places of the
examples sharing a name with one of the page's (``duplicate-example-name`` is cross-page: each
page records the names it uses), another page's suppressions. Cross-page findings are so kept
per page with their reads; nothing is computed outside the per-page entries but the final merge
(``--ignore``, one finding per place/code/message, sorted), which :func:`~docgen.checks.lint.core.finish`
does for a cold run too. An entry that does not decode, or is not (stamps, findings), is checked
again; an unchanged tree never gets here (the CLI stores a whole run's findings by the plan key).

:class:`LintStats` counts the pages whose findings were reused and those checked (the rules
ran); ``DOCGEN_LINT_LOG=FILE`` appends one JSON line of them per run (for benchmarks/lint_edit.py).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from docgen.diagnostics import Diagnostic
from docgen.pipeline.cache import Cache, code_fingerprint, digest, dumps, loads
from docgen.pipeline.plain import PlainError

if TYPE_CHECKING:
    from docgen.checks.lint.core import Unit
    from docgen.checks.lint.tracking import LintReads
    from docgen.model.core import Model
    from docgen.pipeline.build import Plan

KIND = "lint-page"
"""The cache kind of one page's findings."""


@dataclass
class LintStats:
    """How one run came by each page's findings."""

    pages: int = 0
    """Pages (units) linted."""
    reused: int = 0
    """Pages whose stored findings were current."""
    checked: list[str] = field(default_factory=list)
    """Paths of the pages whose rules ran, in order."""
    stale: int = 0
    """Of those, pages whose stored entry's reads had changed (or did not decode)."""
    facts_worked_out: int = 0
    """Types and operations whose facts were worked out from their fields, not remembered."""

    def to_json(self) -> dict[str, Any]:
        return {"pages": self.pages, "reused": self.reused, "checked": len(self.checked), "stale": self.stale,
                "facts_worked_out": self.facts_worked_out,
                "checked_pages": list(self.checked)}


def unit_key(unit: Unit, page_key: str | None, reads: LintReads | None = None) -> str:
    """The key of one page's findings: see the module docstring."""
    own = unit.digest(page_known=bool(page_key), reads=reads)
    return digest(KIND, code_fingerprint(), unit.path, page_key or "", own)


def stored_pair(payload: bytes | None) -> tuple[Any, list[Any]] | None:
    """The (first, second) a stored per-page entry holds when it decodes to a pair whose second
    item is a list; None otherwise (such an entry is never trusted)."""
    if payload is None:
        return None
    try:
        value = loads(payload)
    except PlainError:
        return None
    if not (isinstance(value, tuple) and len(value) == 2 and isinstance(value[1], list)):
        return None
    return value[0], value[1]


def _entry(payload: bytes | None) -> tuple[Any, list[Diagnostic]] | None:
    """(stamps, findings) of a stored entry; None when it is not one (never trusted)."""
    value = stored_pair(payload)
    if value is None or not all(isinstance(d, Diagnostic) for d in value[1]):
        return None
    return value


def lint_pages(
    cache: Cache, model: Model, page_keys: Mapping[str, str], *, ignore: Iterable[str] = ()
) -> tuple[list[Diagnostic], LintStats]:
    """What :func:`~docgen.checks.lint.core.lint` gives for ``model`` (the same findings, in the
    same order), reusing each page's stored findings while its key and reads are current.
    ``page_keys``: display path -> the page's key in the plan. Raises ValueError for an unknown
    ``ignore`` code."""
    from docgen.checks.lint.core import (
        LintContext,
        check_ignore,
        finish,
        lint_unit,
        units,
    )

    ignore = list(ignore)
    check_ignore(ignore)
    from docgen.pipeline.lint_facts import RememberedFacts

    facts = RememberedFacts(cache)
    context = LintContext(model, facts)
    reads = context.reads
    todo = units(model, facts)
    keys = [unit_key(unit, page_keys.get(unit.path), reads) for unit in todo]
    stored = cache.get_payloads(KIND, keys) if cache.enabled else {}
    stats = LintStats(pages=len(todo))
    found: list[Diagnostic] = []
    fresh: list[tuple[str, bytes]] = []
    for unit, key in zip(todo, keys):
        payload = stored.get(key)
        entry = _entry(payload)
        if entry is not None and reads.current(entry[0]):
            found += entry[1]
            stats.reused += 1
            continue
        if payload is not None:
            stats.stale += 1
        with reads.recording() as tokens:
            result = lint_unit(context, unit)
        stats.checked.append(unit.path)
        found += result
        if cache.enabled:
            try:
                fresh.append((key, dumps((reads.stamped(tokens), result))))
            except PlainError:
                pass
    if fresh:
        cache.put_payloads(KIND, fresh)
    stats.facts_worked_out = facts.worked_out
    facts.store()
    _log(stats)
    return finish(found, ignore), stats


def _log(stats: LintStats) -> None:
    """Append the run's counts to ``$DOCGEN_LINT_LOG`` when it is set (a failure is not an error)."""
    target = os.environ.get("DOCGEN_LINT_LOG")
    if not target:
        return
    try:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(stats.to_json()) + "\n")
    except OSError:
        pass


def lint_planned(cache: Cache, model: Model, planned: Plan, *, ignore: Iterable[str] = ()) -> list[Diagnostic]:
    """:func:`lint_pages` for the :class:`~docgen.pipeline.build.Plan` ``model`` was built from
    (:meth:`docgen.pipeline.run.Run.lint`)."""
    page_keys = {display: key for (_, display, _), key in zip(planned.items, planned.keys)}
    return lint_pages(cache, model, page_keys, ignore=ignore)[0]
