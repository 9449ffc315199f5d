"""The parsed CSDL metadata ``docgen drift`` reads, through the cache.

In: the cache and the metadata file's path. Out: what :func:`docgen.checks.drift.csdl.read_csdl`
gives for it. The file's bytes are read each time; what they parse to is kept in one entry (kind
:data:`KIND`) per docgen code, name as shown and sha256 of the bytes, as flat :mod:`marshal`
rows (0.05 s to rebuild the v1.0 metadata's 1,348 types against 0.10-0.19 s to parse it). Only
a file that parsed without a diagnostic is kept; an entry not of the expected shape is not
trusted (the file is parsed).
"""

from __future__ import annotations

import hashlib
import marshal
from pathlib import Path
from typing import Any

from docgen.checks.drift.csdl import (
    CsdlMember,
    CsdlMetadata,
    CsdlProperty,
    CsdlType,
    csdl_bytes,
    parse_csdl,
)
from docgen.diagnostics import Diagnostic
from docgen.pipeline import unmarshal
from docgen.pipeline.cache import Cache, code_fingerprint, digest

KIND = "csdl"
"""The cache kind of a parsed metadata file."""

FORMAT = "csdl-1"
"""The first item of a stored entry: (FORMAT, types, namespaces, aliases)."""


def _payload(metadata: CsdlMetadata) -> bytes:
    types = tuple(
        (t.name, t.namespace, t.kind, t.line, t.base, t.abstract, t.open_type,
         tuple((p.name, p.type, p.collection, p.line, p.nullable, p.navigation, p.contains_target)
               for p in t.properties),
         tuple((m.name, m.line, m.value) for m in t.members), t.flags, t.key)
        for t in metadata.types
    )
    return marshal.dumps((FORMAT, types, metadata.namespaces, metadata.aliases), 2)


def _strs(value: Any) -> bool:
    return type(value) is tuple and all(type(v) is str for v in value)


def _property(row: Any) -> CsdlProperty:
    if not (type(row) is tuple and len(row) == 7 and type(row[0]) is str and type(row[1]) is str
            and type(row[2]) is bool and type(row[3]) is int
            and all(type(v) is bool for v in row[4:])):
        raise ValueError("not a stored CSDL property")
    return CsdlProperty(*row)


def _member(row: Any) -> CsdlMember:
    if not (type(row) is tuple and len(row) == 3 and type(row[0]) is str and type(row[1]) is int
            and (row[2] is None or type(row[2]) is int)):
        raise ValueError("not a stored CSDL member")
    return CsdlMember(*row)


def _type(row: Any) -> CsdlType:
    if not (type(row) is tuple and len(row) == 11 and type(row[0]) is str and type(row[1]) is str
            and type(row[2]) is str and type(row[3]) is int and (row[4] is None or type(row[4]) is str)
            and type(row[5]) is bool and type(row[6]) is bool and type(row[7]) is tuple
            and type(row[8]) is tuple and type(row[9]) is bool and _strs(row[10])):
        raise ValueError("not a stored CSDL type")
    return CsdlType(row[0], row[1], row[2], row[3], row[4], row[5], row[6],
                    tuple(_property(p) for p in row[7]), tuple(_member(m) for m in row[8]),
                    row[9], row[10])


def _stored(payload: bytes | None, shown: str, sha256: str) -> CsdlMetadata | None:
    if payload is None:
        return None
    try:
        value = unmarshal.loads(payload)
        if not (type(value) is tuple and len(value) == 4 and value[0] == FORMAT
                and type(value[1]) is tuple and _strs(value[2]) and type(value[3]) is tuple
                and all(type(a) is tuple and len(a) == 2 and _strs(a) for a in value[3])):
            return None
        types = tuple(_type(row) for row in value[1])
    except (ValueError, EOFError, TypeError):
        return None
    return CsdlMetadata(path=shown, types=types, namespaces=value[2], aliases=value[3], sha256=sha256)


def read_metadata(cache: Cache, path: Path | str) -> tuple[CsdlMetadata | None, list[Diagnostic]]:
    """:func:`~docgen.checks.drift.csdl.read_csdl` of ``path``, the parse kept in the cache."""
    data, shown, problems = csdl_bytes(path)
    if data is None:
        return None, problems
    if not cache.enabled:
        return parse_csdl(data, shown)
    sha256 = hashlib.sha256(data).hexdigest()
    key = digest(KIND, code_fingerprint(), shown, sha256)
    stored = _stored(cache.get_payload(KIND, key), shown, sha256)
    if stored is not None:
        return stored, []
    metadata, diagnostics = parse_csdl(data, shown)
    if metadata is not None and not diagnostics:
        cache.put_payload(KIND, key, _payload(metadata))
    return metadata, diagnostics
