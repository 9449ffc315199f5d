"""A planted or damaged stored model (issue 18's lazy model): a marshalled code object, a huge
claimed length, a scalar for a field of rows, damaged sealed bytes.

``marshal.loads`` builds code objects (never runs them); a *malformed* one (fields that do not
agree, e.g. an argument count past the code's names) makes ``marshal.loads`` raise
``SystemError`` ("bad argument to internal function"). Before :mod:`docgen.pipeline.unmarshal`,
neither :func:`docgen.pipeline.plain.loads` nor :func:`docgen.pipeline.lazy_data.opened`/``peek``
turned it into a ``PlainError``/``DamagedModel``: the guard printed ``unexpected SystemError ...
(please report this)`` and did not drop the stored models, so every later warm run failed the same
way until the user found ``--no-cache`` by themselves.

Where the planted bytes go: inside a type's sealed ``properties`` field (read only when the field
is; the entry itself loads), or, for a model stored with the field inline, as the field's value in
the whole entry (read at load, by ``plain.loads``). A well-formed code
object must be refused (``PlainError``), never run; a malformed one likewise.

Expected: the warm run gives what a ``--no-cache`` run gives (a whole resolve), or an
``internal-error`` that names ``--no-cache``/drops the stored models, after which the next warm
run gives the cold output.
"""

from __future__ import annotations

import json
import marshal
import sqlite3
import struct
import sys
from contextlib import closing
from pathlib import Path
from typing import Any, Callable

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "pipeline"))
from test_incremental_model import tree  # noqa: E402, F401 - the fixture
from test_incremental_model_lazy import _files, _generate  # noqa: E402

from docgen.pipeline import plain  # noqa: E402

RAN: list[int] = []


def _payload_code(malformed: bool) -> bytes:
    """Marshal (v2) bytes of a code object that would append to RAN if it ever ran."""
    code = compile("RAN.append(1)", "<planted>", "exec")
    data = bytearray(marshal.dumps(code, 2))
    if malformed:  # co_argcount (the int32 after the type byte) made -1
        data[1:5] = struct.pack("<I", 0xFFFFFFFF)
    return bytes(data)


def _rewrite_models(cache: Path, rows_of: Callable[[Any], Any], version: int,
                    spliced: bytes | None = None) -> None:
    """Every stored model's types' ``properties`` (the 8th field) made ``rows_of(stored rows)``, the
    entry written with marshal ``version`` (``spliced``: bytes put where the marker string was)
    and its digest made to match: planted."""
    from docgen.pipeline.cache import DB_NAME, entry_digest

    with closing(sqlite3.connect(cache / DB_NAME)) as db, db:
        rows = db.execute("SELECT key, CAST(payload AS BLOB) FROM entries WHERE kind = 'model'").fetchall()
        assert rows
        for key, payload in rows:
            data = marshal.loads(payload)
            types = tuple([*t[:7], rows_of(t[7]), *t[8:]] for t in data[1])
            planted = marshal.dumps([data[0], types, *data[2:]], version)
            marker = marshal.dumps(_CODE_MARKER, version)
            if spliced is not None and marker in planted:
                planted = planted.replace(marker, spliced)
            db.execute("UPDATE entries SET payload = ?, sha256 = ? WHERE kind = 'model' AND key = ?",
                       (planted, entry_digest("model", key, planted), key))


def _plant(cache: Path, code_bytes: bytes) -> None:
    """Every type's ``properties`` made the code object's data: sealed, the bytes hold the
    field; inline, the field's data is the code object itself (v2: no back-references)."""
    def rows_of(stored: Any) -> Any:
        if type(stored) is bytes:
            return code_bytes
        return _CODE_MARKER if stored else stored

    _rewrite_models(cache, rows_of, 2, spliced=code_bytes)


_CODE_MARKER = "review4-code-object-goes-here"


@pytest.mark.parametrize("malformed", [False, True], ids=["code-object", "malformed-code-object"])
def test_a_code_object_planted_in_the_stored_model_is_refused_and_the_run_recovers(
        tree: Path, malformed: bool) -> None:  # noqa: F811
    _generate(tree, tree.parent / "warm")
    _plant(tree.parent / "cache", _payload_code(malformed))
    page = tree / "resources" / "widget.md"
    page.write_text(page.read_text(encoding="utf-8").replace("The widget's display name.", "The name."),
                    encoding="utf-8")
    cold_code, cold = _generate(tree, tree.parent / "cold", "--no-cache")
    code, output = _generate(tree, tree.parent / "warm")
    assert RAN == []  # nothing from the cache ever runs
    assert "Traceback" not in output
    if code != cold_code or json.loads(output)["diagnostics"] != json.loads(cold)["diagnostics"]:
        # not a whole resolve: then a clean internal-error that says what to do ...
        assert code == 1 and "internal-error" in output, output
        assert "SystemError" not in output and "please report this" not in output, output
        # ... and the next warm run is not stuck on the same planted entry
        code, output = _generate(tree, tree.parent / "warm")
    assert code == cold_code, output
    assert json.loads(output)["diagnostics"] == json.loads(cold)["diagnostics"]
    assert _files(tree.parent / "warm") == _files(tree.parent / "cold")


@pytest.mark.parametrize("malformed", [False, True], ids=["code-object", "malformed-code-object"])
def test_plain_loads_refuses_a_code_object_with_plain_error(malformed: bool) -> None:
    payload = _payload_code(malformed)
    with pytest.raises(plain.PlainError):
        plain.loads(payload)
    assert RAN == []


def _one_type_data(rows: object) -> list:
    """The plain data of a type with one property, its ``properties`` replaced by ``rows``."""
    from docgen.diagnostics import Location
    from docgen.model.core import Property, TypeDef

    here = Location("resources/widget.md", 3, 1)
    t = TypeDef(name="widget", namespace="microsoft.graph", kind="entity", location=here,
                properties=(Property(name="id", type="String", collection=False, location=here),))
    data = list(plain.encode(t))
    assert data[7] is not None and data[7] != ()  # the properties' place in the encoding
    data[7] = rows
    return data


@pytest.mark.parametrize("malformed", [False, True], ids=["code-object", "malformed-code-object"])
def test_a_code_object_in_a_types_rows_is_refused_when_peeked_or_read(malformed: bool) -> None:
    """``lazy.columns`` (lint's owner index, drift, render plans read names this way) and the
    field itself: PlainError (DamagedModel), never another exception (marshal.loads raises
    SystemError for the malformed code object)."""
    from docgen.model import lazy

    for step in ("columns", "field"):
        try:
            t = plain.decode(_one_type_data(_payload_code(malformed)))
            if step == "columns":
                lazy.columns(t, "properties", ("name", "type"))
            else:
                t.properties
        except plain.PlainError:
            pass
        else:
            raise AssertionError(f"a code object in the rows was not refused ({step})")
    assert RAN == []


_HUGE_TUPLE = b"(" + struct.pack("<i", 0x7FFFFFFF)
"""Marshal data claiming a tuple of 2**31-1 items: marshal.loads allocates it before reading one
(16 GiB: MemoryError under a memory limit, else the memory really taken)."""


def test_a_huge_claimed_length_is_refused_with_plain_error_under_a_memory_limit() -> None:
    """In a child limited to 1 GiB of address space (so that the claim cannot take the machine's
    memory): plain.loads of the bytes, and a type's sealed rows holding them,
    must be refused with PlainError, not MemoryError (which the guard reports as 'unexpected
    MemoryError ... please report this' without dropping the stored model)."""
    import subprocess
    import textwrap

    child = textwrap.dedent(f"""
        import resource, sys
        sys.path[:0] = {[str(Path(__file__).resolve().parent)]!r}
        from test_planted_entries import _one_type_data, _HUGE_TUPLE
        from docgen.pipeline import plain
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
        out = []
        for read in (lambda: plain.loads(_HUGE_TUPLE), lambda: plain.decode(_one_type_data(_HUGE_TUPLE)).properties):
            try:
                read()
                out.append("read")
            except plain.PlainError:
                out.append("refused")
            except BaseException as exc:
                out.append(type(exc).__name__)
        print(" ".join(out))
    """)
    import os

    done = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)})
    assert done.stdout.split() == ["refused", "refused"], (done.stdout, done.stderr[-2000:])


def _plant_rows(cache: Path, value: object) -> None:
    """Every type's stored ``properties`` (sealed or inline) made ``value`` (digest made to match)."""
    _rewrite_models(cache, lambda stored: value if stored else stored, 4)


@pytest.mark.parametrize("value", [5, "abc", None, True], ids=["int", "str", "None", "bool"])
def test_a_scalar_planted_as_a_types_rows_is_not_a_wrong_model(tree: Path, value: object) -> None:  # noqa: F811
    """A tuple-valued lazy field (properties) is stored as () or sealed bytes, never a scalar.
    Were a planted scalar kept as the field's value (``t.properties`` 5 / "abc" / None / True), the
    patch or the render would fail on it (an 'unexpected TypeError ... please report this', models
    not dropped) or renders from it. Expected: refused like any other damaged lazy field (a whole
    resolve, or an internal-error after which the next run is right)."""
    _generate(tree, tree.parent / "warm")
    _plant_rows(tree.parent / "cache", value)
    page = tree / "resources" / "widget.md"
    page.write_text(page.read_text(encoding="utf-8").replace("The widget's display name.", "The name."),
                    encoding="utf-8")
    cold_code, cold = _generate(tree, tree.parent / "cold", "--no-cache")
    code, output = _generate(tree, tree.parent / "warm")
    assert "Traceback" not in output
    if code != cold_code or json.loads(output)["diagnostics"] != json.loads(cold)["diagnostics"]:
        assert code == 1 and "internal-error" in output, output
        assert "please report this" not in output, output
        code, output = _generate(tree, tree.parent / "warm")
    assert code == cold_code, output
    assert json.loads(output)["diagnostics"] == json.loads(cold)["diagnostics"]
    assert _files(tree.parent / "warm") == _files(tree.parent / "cold")


def _rows_data(stored: object) -> tuple:
    """The rows' plain data, sealed (warmstart) or inline (main)."""
    return marshal.loads(stored) if type(stored) is bytes else stored


DAMAGE = {
    "truncated": lambda rows: marshal.dumps(rows, 2)[:-3],
    "marshal v4": lambda rows: marshal.dumps(rows, 4),  # another version's bytes: the same data
    "rows one field short": lambda rows: marshal.dumps(tuple(row[:-1] for row in rows), 2),
    "another class's rows": lambda rows: marshal.dumps(tuple(["EnumMember", *row[1:]] for row in rows), 2),
    "one row not a tuple": lambda rows: marshal.dumps(rows[0], 2),
    "trailing bytes": lambda rows: marshal.dumps(rows, 2) + b"\x00junk",
    "a code object": lambda rows: marshal.dumps(compile("RAN.append(1)", "<p>", "exec"), 2),
    "code in a row": lambda rows: marshal.dumps(
        (list(rows[0][:2]) + [compile("RAN.append(1)", "<p>", "exec")] + list(rows[0][3:]),), 2),
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_damaged_sealed_rows_give_the_cold_output_or_a_clean_error(tree: Path, damage: str) -> None:  # noqa: F811
    """The damage a sealed field can carry is refused
    (DamagedModel: a whole resolve, or an internal-error that drops the stored models) or reads as
    the same rows (another marshal version, trailing bytes); nothing runs."""
    from test_incremental_model_lazy import _cold_or_one_clean_error, _plant as _plant_sealed

    def damaged(data, sealed):  # the sealed bytes damaged where they are (apart, or in the entry)
        change = DAMAGE[damage]
        types = tuple([*t[:7], sealed(t[7], lambda rows: change(_rows_data(rows))) if t[7] else t[7], *t[8:]]
                      for t in data[1])
        return [data[0], types, *data[2:]]

    _generate(tree, tree.parent / "warm")
    _plant_sealed(tree.parent / "cache", damaged)
    page = tree / "resources" / "part.md"
    page.write_text(page.read_text(encoding="utf-8").replace("The part's label.", "The label."), encoding="utf-8")
    _cold_or_one_clean_error(tree)
    assert RAN == []
