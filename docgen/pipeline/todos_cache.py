"""``docgen todos`` page by page through the cache: an edit scans again only the pages it changed.

In: the cache, a :class:`~docgen.pipeline.plan.Plan` and a progress callback. Out: the
placeholders left in its pages (:func:`docgen.checks.todos.scan_page`, in the plan's order) and
the errors met decoding them, with :class:`TodoStats` (how many pages were scanned).

A page's placeholders and decoding problems depend on its bytes and its display name alone (the
scan reads no other page), and a page's key in the plan is a digest of exactly those and of
docgen's code (:func:`~docgen.pipeline.plan.plan`). So each page's result is stored (kind
``todos-page``) under its key: after a one-page edit the other 3,340 pages of the corpus are one
batched lookup, and their bytes are not even read when their stamps vouched for them. An entry
that does not decode to (findings, problems), both lists of diagnostics, is never trusted: the
page is scanned again. The command layer still stores a whole run's result by the plan's key
(:meth:`~docgen.pipeline.run.Run.todos`): an unchanged tree is one lookup, not one per page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import field
from typing import TYPE_CHECKING

from docgen.diagnostics import Diagnostic, Severity
from docgen.model.dataclass_ahead import dataclass
from docgen.pipeline.cache import Cache, digest, dumps
from docgen.pipeline.lint_cache import stored_pair
from docgen.pipeline.plain import PlainError

if TYPE_CHECKING:
    from docgen.checks.todos import TodoFinding
    from docgen.pipeline.plan import Plan

KIND = "todos-page"
"""The cache kind of one page's scan."""


@dataclass
class TodoStats:
    """How one run came by each page's placeholders."""

    pages: int = 0
    """Pages of the plan."""
    scanned: list[str] = field(default_factory=list)
    """Display names of the pages scanned (no current stored entry), in order."""


def page_key(key: str) -> str:
    """The key of the stored scan of the page whose plan key is ``key``."""
    return digest(KIND, key)


def _entry(payload: bytes | None) -> tuple[list[TodoFinding], list[Diagnostic]] | None:
    """(findings, decoding problems) of a stored entry; None when it is not one."""
    from docgen.checks.todos import TodoFinding

    value = stored_pair(payload)
    if value is None or type(value[0]) is not list:
        return None
    if not (all(type(f) is TodoFinding for f in value[0]) and all(type(d) is Diagnostic for d in value[1])):
        return None
    return value[0], value[1]


def scan_planned(
    cache: Cache, planned: Plan, advance: Callable[[int], None] = lambda done: None
) -> tuple[list[TodoFinding], list[Diagnostic], TodoStats]:
    """The placeholders in the pages of ``planned``, the errors met decoding them (both in the
    plan's order) and how many pages were scanned: each page's from its stored entry when there
    is one, else scanned now (and stored). ``advance`` is told how many pages are done."""
    from docgen.checks.todos import scan_page
    from docgen.pipeline.plan import page_bytes
    from docgen.read.source import decode_source

    keys = [page_key(key) for key in planned.keys]
    stored = cache.get_payloads(KIND, keys) if cache.enabled else {}
    stats = TodoStats(pages=len(keys))
    findings: list[TodoFinding] = []
    problems: list[Diagnostic] = []
    fresh: list[tuple[str, bytes]] = []
    for done, (item, key, entry_key) in enumerate(zip(planned.items, planned.keys, keys), 1):
        entry = _entry(stored.get(entry_key))
        if entry is None:
            display = item[1]
            source, decoded = decode_source(page_bytes(item, key), display)
            found: list[TodoFinding] = scan_page(source.text, display) if source is not None else []
            entry = (found, [d for d in decoded if d.severity >= Severity.ERROR])
            stats.scanned.append(display)
            if cache.enabled:
                try:
                    fresh.append((entry_key, dumps(entry)))
                except PlainError:  # not storable: scanned again next time
                    pass
        findings.extend(entry[0])
        problems.extend(entry[1])
        advance(done)
    if fresh:
        cache.put_payloads(KIND, fresh)
    return findings, problems, stats
