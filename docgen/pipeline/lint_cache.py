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

Deciding costs little after a one-page edit: what the keys need of each type and operation (the
page holding a type's representation, the example bodies that failed to parse, lint's digests of
it, its named examples, its URLs' docs version) comes from the facts of the last run by the
object's content digest (:mod:`docgen.pipeline.lint_facts`), so an unchanged object's lazy fields
(:mod:`docgen.model.lazy`) are never decoded; every page's key, stamps and findings of the last
run are one entry (kind :data:`MEMO`, :func:`read_memo`), so an unchanged page costs a lookup (a
page the memo does not hold is looked up in its own entry, which is still written).

:class:`LintStats` counts the pages whose findings were reused and those checked (the rules
ran); ``DOCGEN_LINT_LOG=FILE`` appends one JSON line of them per run (for benchmarks/lint_edit.py).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import field
from typing import TYPE_CHECKING, Any

from docgen.diagnostics import Diagnostic
from docgen.model.dataclass_ahead import dataclass
from docgen.pipeline.cache import Cache, code_fingerprint, digest, dumps, loads
from docgen.pipeline.plain import PlainError

if TYPE_CHECKING:
    from docgen.checks.lint.core import Unit
    from docgen.checks.lint.tracking import LintReads
    from docgen.model.core import Model
    from docgen.pipeline.build import Plan

KIND = "lint-page"
"""The cache kind of one page's findings."""
MEMO = "lint-memo"
"""The cache kind of the one entry holding every page's key, stamps and findings of the last run
(:func:`read_memo`): an unchanged page costs a dict lookup, not an entry of its own."""


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


def _memo_key() -> str:
    return digest(MEMO, code_fingerprint())


Memo = dict[str, tuple[Any, list[Diagnostic]]]
"""A page's key -> (stamps, findings), as one page's entry holds them."""


def read_memo(cache: Cache) -> Memo:
    """The last run's pages from its :data:`MEMO` entry (empty when there is none, or it is not
    one: (keys, stamps, counts, findings) of equal lengths, counts adding up to the findings)."""
    if not cache.enabled:
        return {}
    payload = cache.get_payloads(MEMO, [_memo_key()]).get(_memo_key())
    if payload is None:
        return {}
    try:
        value = loads(payload)
    except PlainError:
        return {}
    if not (type(value) is tuple and len(value) == 4 and all(type(part) is tuple for part in value)):
        return {}
    keys, stamps, counts, findings = value
    if not (len(keys) == len(stamps) == len(counts) and all(type(n) is int and n >= 0 for n in counts)
            and sum(counts) == len(findings) and all(type(k) is str for k in keys)
            and all(isinstance(d, Diagnostic) for d in findings)):
        return {}
    memo: Memo = {}
    at = 0
    for key, stamp, count in zip(keys, stamps, counts):
        memo[key] = (stamp, list(findings[at:at + count]))
        at += count
    return memo


def _memo_payload(entries: list[tuple[str, Any, list[Diagnostic]]]) -> bytes | None:
    findings = tuple(d for _, _, found in entries for d in found)
    try:
        return dumps((tuple(k for k, _, _ in entries), tuple(s for _, s, _ in entries),
                      tuple(len(found) for _, _, found in entries), findings))
    except PlainError:
        return None


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

    facts = RememberedFacts(cache, model)
    context = LintContext(model, facts)
    reads = context.reads
    todo = units(model, facts)
    # without a cache nothing is looked up or stored: no keys, no stamps (a --no-cache run)
    keys = [unit_key(unit, page_keys.get(unit.path), reads) if cache.enabled else "" for unit in todo]
    memo = read_memo(cache)
    missing = [key for key in keys if key not in memo]
    stored = cache.get_payloads(KIND, missing) if cache.enabled and missing else {}
    stats = LintStats(pages=len(todo))
    found: list[Diagnostic] = []
    fresh: list[tuple[str, bytes]] = []
    remembered: list[tuple[str, Any, list[Diagnostic]]] = []
    for unit, key in zip(todo, keys):
        payload = stored.get(key)
        entry = memo.get(key) or _entry(payload)
        if entry is not None and reads.current(entry[0]):
            found += entry[1]
            stats.reused += 1
            remembered.append((key, entry[0], entry[1]))
            continue
        if entry is not None or payload is not None:
            stats.stale += 1
        with reads.recording() as tokens:
            result = lint_unit(context, unit)
        stats.checked.append(unit.path)
        found += result
        if cache.enabled:
            stamps = reads.stamped(tokens)
            remembered.append((key, stamps, result))
            try:
                fresh.append((key, dumps((stamps, result))))
            except PlainError:
                pass
    if fresh:
        cache.put_payloads(KIND, fresh)
    if cache.enabled and (stats.checked or missing or len(memo) != len(keys)):
        memo_payload = _memo_payload(remembered)
        if memo_payload is not None:
            cache.put_payloads(MEMO, [(_memo_key(), memo_payload)])
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
