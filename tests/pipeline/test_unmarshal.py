"""docgen.pipeline.unmarshal: the one reader of marshal bytes from the cache, and its callers.

Bytes that marshal cannot read (cut short, a malformed code object, a wrong type code) are
``NotMarshal`` there and "no entry" for each cache that reads flat marshal entries, never an
exception the command's guard would report as an internal error.
"""

from __future__ import annotations

import marshal
import struct

import pytest

from docgen.pipeline import csdl_cache, drift_cache, job_entries, unmarshal


def _malformed_code() -> bytes:
    code = compile("raise SystemExit('ran')", "<planted>", "exec")
    data = bytearray(marshal.dumps(code, 2))
    data[1:5] = struct.pack("<I", 0xFFFFFFFF)  # co_argcount -1: marshal.loads raises SystemError
    return bytes(data)


BAD = {
    "malformed-code-object": _malformed_code(),
    "cut-short": marshal.dumps(("x", 1, (2, 3)), 4)[:-3],
    "unknown-type-code": b"\x00\x01",
    "empty": b"",
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bytes_marshal_cannot_read_are_not_marshal(name: str) -> None:
    with pytest.raises(unmarshal.NotMarshal):
        unmarshal.loads(BAD[name])


def test_the_malformed_code_object_is_a_system_error_for_marshal_itself() -> None:
    """What the reader guards against is real: marshal raises SystemError, not ValueError."""
    with pytest.raises(SystemError):
        marshal.loads(BAD["malformed-code-object"])


def test_good_bytes_read_back() -> None:
    value = ("x", 1, [2.5, None], {"k": (True,)})
    assert unmarshal.loads(marshal.dumps(value, 4)) == value


@pytest.mark.parametrize("name", sorted(BAD))
def test_flat_cache_entries_of_bad_bytes_are_no_entry(name: str) -> None:
    payload = BAD[name]
    assert job_entries.flat_entry(payload, "job", 6) is None
    assert drift_cache._stored(payload) is None
    assert csdl_cache._stored(payload, "metadata.xml", "0" * 64) is None
