"""``docgen drift`` through the cache, metadata type by metadata type.

In: the cache, the docs' model and the parsed CSDL. Out: the :class:`DriftReport` that
:func:`docgen.checks.drift.compare.compare` gives, comparing again only the metadata types whose
comparison reads a docs type that changed since the last run (:mod:`docgen.checks.drift.memo`
says why that is exact). The last run's per-type results are one entry (kind :data:`MEMO`) per
docgen code, CSDL file name and CSDL bytes (sha256); an entry not of the expected shape is not
trusted (every type is compared).
"""

from __future__ import annotations

from typing import Any

from docgen.checks.drift import compare as drift_compare
from docgen.checks.drift.csdl import CsdlMetadata
from docgen.checks.drift.memo import TypeMemo
from docgen.checks.drift.report import DriftReport, Finding
from docgen.model.core import Model
from docgen.pipeline.cache import Cache, code_fingerprint, digest
from docgen.pipeline.plain import object_digest

MEMO = "drift-memo"
"""The cache kind of the entry holding the last drift run's results per metadata type."""

LAST: list[TypeMemo | None] = [None]
"""The last run's memo in this process (its ``recompared``/``reused`` counts: tests, benchmarks)."""


def _key(metadata: CsdlMetadata) -> str:
    return digest(MEMO, code_fingerprint(), metadata.path, metadata.sha256)


def _entry_ok(value: Any) -> bool:
    return (type(value) is tuple and len(value) == 3 and type(value[0]) is str
            and type(value[1]) is tuple and all(type(f) is Finding for f in value[1])
            and type(value[2]) is tuple
            and all(type(c) is tuple and len(c) == 2 and type(c[0]) is str and type(c[1]) is int
                    for c in value[2]))


def _stored(value: Any) -> tuple[str, dict[str, Any]] | None:
    if not (type(value) in (tuple, list) and len(value) == 2 and type(value[0]) is str
            and type(value[1]) is dict):
        return None
    entries = value[1]
    if not all(type(k) is str and _entry_ok(v) for k, v in entries.items()):
        return None
    return value[0], entries


def compare_remembered(cache: Cache, model: Model, metadata: CsdlMetadata) -> DriftReport:
    """:func:`~docgen.checks.drift.compare.compare` of ``model`` and ``metadata``, reusing the
    last run's results of the metadata types whose inputs are unchanged (a disabled cache: every
    type is compared, nothing stored)."""
    if not cache.enabled:
        LAST[0] = None
        return drift_compare.compare(model, metadata)
    key = _key(metadata)
    memo = TypeMemo(_stored(cache.get(MEMO, key)), object_digest)
    report = drift_compare.compare(model, metadata, memo)
    if memo.changed():
        cache.put(MEMO, key, (memo.skeleton, memo.entries))
    LAST[0] = memo
    return report
