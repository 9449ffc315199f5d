"""``docgen drift`` through the cache, metadata type by metadata type.

In: the cache, the docs' model and the parsed CSDL. Out: the :class:`DriftReport` that
:func:`docgen.checks.drift.compare.compare` gives, comparing again only the metadata types whose
comparison reads a docs type that changed since the last run (:mod:`docgen.checks.drift.memo`
says why that is exact). The last run's per-type results are one entry (kind :data:`MEMO`) per
docgen code, CSDL file name and CSDL bytes (sha256); an entry not of the expected shape is not
trusted (every type is compared).
"""

from __future__ import annotations

import marshal
from typing import Any

from docgen.checks.drift import compare as drift_compare
from docgen.checks.drift.csdl import CsdlMetadata
from docgen.checks.drift.memo import Entry, TypeMemo
from docgen.checks.drift.report import KIND_SEVERITY, DriftReport, Finding
from docgen.diagnostics import Location, Severity
from docgen.model.core import Model
from docgen.pipeline.cache import Cache, code_fingerprint, digest
from docgen.pipeline import unmarshal
from docgen.pipeline.plain import object_digest

MEMO = "drift-memo"
"""The cache kind of the entry holding the last drift run's results per metadata type."""

LAST: list[TypeMemo | None] = [None]
"""The last run's memo in this process (its ``recompared``/``reused`` counts: tests, benchmarks)."""


def _key(metadata: CsdlMetadata) -> str:
    return digest(MEMO, code_fingerprint(), metadata.path, metadata.sha256)


FORMAT = "drift-memo-1"
"""The first item of a stored memo: (FORMAT, skeleton, rows), each row (metadata key, digest of
the docs types read, findings as flat tuples, counter increments); flat so that :mod:`marshal`
reads it in C (a plain-encoded memo of the corpus's 1,500 findings cost 0.05 s each way)."""


def _place(location: Location | None) -> tuple[str, int, int] | None:
    return None if location is None else (location.path, location.line, location.col)


def _flat(finding: Finding) -> tuple:
    return (finding.kind, finding.type, int(finding.severity), finding.message, finding.property,
            finding.docs_value, finding.metadata_value, _place(finding.location),
            _place(finding.metadata_location), finding.pattern, finding.docs_cell)


def _payload(skeleton: str, entries: dict[str, Entry]) -> bytes:
    rows = tuple((mkey, reads, tuple(_flat(f) for f in findings), counts)
                 for mkey, (reads, findings, counts) in entries.items())
    return marshal.dumps((FORMAT, skeleton, rows), 2)


def _is_place(value: Any) -> bool:
    return value is None or (type(value) is tuple and len(value) == 3 and type(value[0]) is str
                             and type(value[1]) is int and type(value[2]) is int)


def _text(value: Any) -> bool:
    return value is None or type(value) is str


def _finding(row: Any) -> Finding:
    """A flat finding back; ValueError when it is not one."""
    if not (type(row) is tuple and len(row) == 11 and type(row[0]) is str and row[0] in KIND_SEVERITY
            and type(row[1]) is str and type(row[2]) is int and type(row[3]) is str
            and all(_text(v) for v in row[4:7]) and _is_place(row[7]) and _is_place(row[8])
            and type(row[9]) is str and _text(row[10])):
        raise ValueError("not a stored drift finding")
    place, meta_place = row[7], row[8]
    return Finding(kind=row[0], type=row[1], severity=Severity(row[2]), message=row[3],
                   property=row[4], docs_value=row[5], metadata_value=row[6],
                   location=None if place is None else Location(*place),
                   metadata_location=None if meta_place is None else Location(*meta_place),
                   pattern=row[9], docs_cell=row[10])


def _counts_ok(value: Any) -> bool:
    return type(value) is tuple and all(
        type(c) is tuple and len(c) == 2 and type(c[0]) is str and type(c[1]) is int for c in value)


def _stored(payload: bytes | None) -> tuple[str, dict[str, Entry]] | None:
    """The memo a payload holds, or None when there is none or it is not of the expected shape."""
    if payload is None:
        return None
    try:
        value = unmarshal.loads(payload)
        if not (type(value) is tuple and len(value) == 3 and value[0] == FORMAT
                and type(value[1]) is str and type(value[2]) is tuple):
            return None
        entries: dict[str, Entry] = {}
        for row in value[2]:
            if not (type(row) is tuple and len(row) == 4 and type(row[0]) is str
                    and type(row[1]) is str and type(row[2]) is tuple and _counts_ok(row[3])):
                return None
            entries[row[0]] = (row[1], tuple(_finding(f) for f in row[2]), row[3])
    except (ValueError, EOFError, TypeError):
        return None
    return value[1], entries


def compare_remembered(cache: Cache, model: Model, metadata: CsdlMetadata) -> DriftReport:
    """:func:`~docgen.checks.drift.compare.compare` of ``model`` and ``metadata``, reusing the
    last run's results of the metadata types whose inputs are unchanged (a disabled cache: every
    type is compared, nothing stored)."""
    if not cache.enabled:
        LAST[0] = None
        return drift_compare.compare(model, metadata)
    key = _key(metadata)
    memo = TypeMemo(_stored(cache.get_payload(MEMO, key)), object_digest)
    report = drift_compare.compare(model, metadata, memo)
    if memo.changed():
        cache.put_payload(MEMO, key, _payload(memo.skeleton, memo.entries))
    LAST[0] = memo
    return report
