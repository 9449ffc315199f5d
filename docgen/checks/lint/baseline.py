"""Lint baselines: the findings a project has accepted, so that only new ones fail.

In: the findings of a run with their :class:`~docgen.diagnostics.FindingKey` (code, page relative
to the project root, line-free context, number among alike findings: the key SARIF
``partialFingerprints`` hash), and a baseline file. Out: the file's text (:func:`dump`), what it
holds (:func:`load`), and the findings split into new and baselined, with the stale entries
(:func:`compare`).

The file is JSON, one entry per finding (``count`` when several findings share code, page and
context), sorted, so that it reads and diffs well::

    {"docgen-lint-baseline": 1, "findings": [
      {"code": "invalid-json", "page": "docs/api/x.md", "context": "response"},
      {"code": "example-property-unknown", "page": "docs/api/y.md", "context": "…", "count": 2}]}

No line numbers: moving a page's text keeps every entry.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence

from docgen.diagnostics import Diagnostic, FindingKey
from docgen.model.dataclass_ahead import dataclass

VERSION = 1
"""The format version the file names under :data:`TAG`."""

TAG = "docgen-lint-baseline"
"""The key that marks a baseline file (its value is :data:`VERSION`)."""

Alike = tuple[str, str, str]
"""(code, page, context): a key without its number."""


class BaselineError(ValueError):
    """The file is not a docgen lint baseline (bad JSON, wrong shape)."""


@dataclass(frozen=True)
class Comparison:
    """A run's findings against a baseline."""

    new: tuple[Diagnostic, ...]
    """Findings the baseline does not hold: these decide the exit status."""
    baselined: tuple[Diagnostic, ...]
    """Findings the baseline holds."""
    stale: tuple[tuple[Alike, int], ...]
    """Entries no longer found, with how many of their ``count`` are gone, sorted."""


def counts(keys: Sequence[FindingKey]) -> dict[Alike, int]:
    """How many findings share each (code, page, context)."""
    return dict(Counter((k.code, k.page, k.context) for k in keys))


def dump(keys: Sequence[FindingKey]) -> str:
    """The baseline file holding ``keys``: sorted by page, code, context; the same findings give
    the same bytes."""
    entries = []
    for (code, page, context), count in sorted(
        counts(keys).items(), key=lambda e: (e[0][1], e[0][0], e[0][2])
    ):
        entry: dict[str, object] = {"code": code, "page": page, "context": context}
        if count > 1:
            entry["count"] = count
        entries.append(entry)
    document = {TAG: VERSION, "findings": entries}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def load(text: str) -> dict[Alike, int]:
    """The entries of a baseline file's text; raises :class:`BaselineError` when it is not one."""
    try:
        document = json.loads(text)
    except ValueError as exc:
        raise BaselineError(f"not valid JSON: {exc}") from None
    if not isinstance(document, dict) or document.get(TAG) != VERSION:
        raise BaselineError(f'not a docgen lint baseline (no "{TAG}": {VERSION})')
    entries = document.get("findings")
    if not isinstance(entries, list):
        raise BaselineError('"findings" must be a list')
    held: dict[Alike, int] = {}
    for number, entry in enumerate(entries, start=1):
        fields = [
            entry.get(name) if isinstance(entry, dict) else None
            for name in ("code", "page", "context")
        ]
        count = entry.get("count", 1) if isinstance(entry, dict) else None
        if (
            not all(isinstance(f, str) for f in fields)
            or not isinstance(count, int)
            or count < 1
        ):
            raise BaselineError(
                f"entry {number} needs string code, page and context and a count of at least 1"
            )
        alike = (fields[0], fields[1], fields[2])
        held[alike] = held.get(alike, 0) + count
    return held


def compare(
    findings: Sequence[Diagnostic], keys: Sequence[FindingKey], held: dict[Alike, int]
) -> Comparison:
    """Split ``findings`` (``keys[i]`` the key of ``findings[i]``): the n-th finding alike in code,
    page and context is baselined when the baseline holds at least n of them."""
    new, baselined = [], []
    for finding, key in zip(findings, keys):
        alike = (key.code, key.page, key.context)
        (baselined if key.number <= held.get(alike, 0) else new).append(finding)
    found = counts(keys)
    stale = tuple(
        sorted(
            (alike, count - found.get(alike, 0))
            for alike, count in held.items()
            if count > found.get(alike, 0)
        )
    )
    return Comparison(tuple(new), tuple(baselined), stale)
