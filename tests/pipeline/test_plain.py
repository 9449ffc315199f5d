"""The cache's plain-data encoding: docgen's values go through it unchanged, and nothing else
comes back out of it (no class the registry does not list, no code, no import by name)."""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, SEED

from docgen.diagnostics import Diagnostic, Location, Severity
from docgen.pipeline import plain
from docgen.pipeline.build import _parse_one, build
from docgen.pipeline.cache import Cache, dumps, loads
from docgen.pipeline.plain import PlainError, decode, encode, key_bytes
from docgen.render.jobs import JobResult


def _seed_page():
    return _parse_one((str(SEED), "api-docs/" + SEED.name, SEED.read_bytes()))


def test_a_parsed_page_comes_back_equal_and_of_the_same_types() -> None:
    page, diagnostics = _seed_page()
    assert page is not None
    back = loads(dumps((page, diagnostics)))
    assert back == (page, diagnostics)
    assert type(back[0]) is type(page) and type(back[0].info.front_matter) is dict
    # the shape a value had is kept: tuples stay tuples, lists lists, 1.0 a float
    value = (1, 1.0, [1, (2, "x")], {"a": [None, True]}, {(1, 2): "k"}, Severity.ERROR, float("inf"))
    assert loads(dumps(value)) == value
    assert [type(v) for v in loads(dumps(value))] == [type(v) for v in value]


def test_a_job_result_comes_back_equal() -> None:
    where = Location("a.md", 3, 4)
    result = JobResult({"pkg/a.py": "x = 1\n"}, (Diagnostic(Severity.WARNING, "c", "m", where),), ())
    assert loads(dumps(result)) == result


@pytest.mark.parametrize(
    "data",
    [
        ["os.system", "echo pwned"],  # a name the registry does not hold
        ["builtins.eval", "1"],
        ["Location", "a.md", 1],  # a registered class with the wrong number of fields
        ["Severity", 99],  # an enum value it does not have
        ["Severity", ["L"]],
        ["D", "odd"],
        ["D", ["L"], 1],  # an unhashable key
        [],
        [1, 2],
        {"a": 1},  # marshal can hold dicts, sets, bytes: none is an encoding
        frozenset({1}),
        b"bytes",
        ("fine", {"a": 1}),
    ],
)
def test_data_that_is_not_an_encoding_is_refused(data) -> None:
    with pytest.raises(PlainError):
        decode(data)
    with pytest.raises(PlainError):
        loads(marshal.dumps(data))


def test_a_code_object_is_refused_both_ways() -> None:
    code = compile("print('pwned')", "x", "exec")
    with pytest.raises(PlainError):
        encode(code)
    # what marshal.loads builds from planted bytes: built, never run, and refused by the walk
    with pytest.raises(PlainError):
        loads(marshal.dumps(("x", code)))
    with pytest.raises(PlainError):
        loads(marshal.dumps(["Location", code, 1, 1]))
    for cut in (b"", b"\x80\x04not marshal", marshal.dumps(("x", "y" * 100))[:-5]):
        with pytest.raises(PlainError):
            loads(cut)


def test_a_decoded_value_is_built_from_its_fields_only() -> None:
    """Decoding sets a dataclass's fields as pickle would, so a class whose construction does
    more would come back wrong: the registry refuses such a class."""
    where = Location("a.md", 3, 4)
    back = loads(dumps(where))
    assert back == where and hash(back) == hash(where) and vars(back) == vars(where)
    for _, (cls, names) in plain.registry().items():
        assert not hasattr(cls, "__post_init__"), cls


def test_only_frozen_dataclasses_and_enums_of_docgen_are_registered() -> None:
    for name, (cls, _) in plain.registry().items():
        assert cls.__module__.startswith("docgen."), name


def test_key_bytes_are_the_same_in_another_process() -> None:
    """Keys hold sets and dataclasses; the bytes must not depend on the process (hash seeds),
    or a cache restored on another machine would give no hits."""
    script = (
        "from docgen.diagnostics import Location\n"
        "from docgen.pipeline.plain import key_bytes\n"
        "import sys\n"
        "sys.stdout.write(key_bytes((frozenset({'b', 'a', 'c'}), Location('x.md', 2, 3))).hex())\n"
    )
    here = key_bytes((frozenset({"c", "a", "b"}), Location("x.md", 2, 3))).hex()
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": str(REPO)}
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, env=env)
    assert out.stdout == here


def test_a_planted_entry_with_a_good_digest_is_a_miss_never_code(tmp_path: Path) -> None:
    """Whoever can write the cache can recompute a digest; what they plant is still only data."""
    cache = Cache(tmp_path / "cache")
    marker = tmp_path / "ran"
    cache.put_payload("model", "k", marshal.dumps(["os.system", f"touch {marker}"]))
    assert cache.get("model", "k") is None
    assert not marker.exists()
    assert cache.get_payload("model", "k") is None  # discarded when it failed to decode


def test_a_restored_cache_folder_gives_hits_on_a_fresh_home(tmp_path: Path) -> None:
    """CI caches and restores DOCGEN_CACHE_DIR alone: no key or file outside it is needed."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / SEED.name).write_bytes(SEED.read_bytes())
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from docgen.pipeline.build import build\n"
        "from docgen.pipeline.cache import Cache, user_cache_dir\n"
        "from docgen.pipeline.entry_writer import finish_writes\n"
        "cache = Cache(user_cache_dir())\n"
        "build([Path(sys.argv[1])], cache=cache, root=Path(sys.argv[1]).parent, jobs=1)\n"
        "finish_writes()\n"
        "print(cache.hits, cache.misses)\n"
    )

    def run(home: Path, cache_dir: Path) -> tuple[int, int]:
        env = {
            **os.environ,
            "HOME": str(home),
            "XDG_CACHE_HOME": str(home / ".cache"),
            "DOCGEN_CACHE_DIR": str(cache_dir),
            "PYTHONPATH": str(REPO),
        }
        out = subprocess.run(
            [sys.executable, "-c", script, str(docs)], capture_output=True, text=True, check=True, env=env
        )
        hits, misses = out.stdout.split()
        return int(hits), int(misses)

    first = run(tmp_path / "home1", tmp_path / "ci-cache")
    assert first[0] == 0
    assert sorted(p.name for p in (tmp_path / "home1").rglob("*")) == []  # nothing beside the cache
    restored = tmp_path / "restored"
    subprocess.run(["cp", "-r", str(tmp_path / "ci-cache"), str(restored)], check=True)
    hits, misses = run(tmp_path / "home2", restored)
    assert hits >= 1 and misses == 0  # the model stored by the first run


def test_build_through_the_cache_equals_a_cold_build(tmp_path: Path) -> None:
    from docgen.model.json_view import dumps as view

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / SEED.name).write_bytes(SEED.read_bytes())
    cold = build([docs], cache=Cache(None), root=tmp_path, jobs=1)
    for _ in range(3):  # parsed, from the pages, from the model entry
        warm = build([docs], cache=Cache(tmp_path / "c"), root=tmp_path, jobs=1)
        assert view(warm.model) == view(cold.model)


def test_key_bytes_tell_apart_values_that_print_alike() -> None:
    """Two values a render could depend on never share key bytes: strings split differently, a
    tuple and a list, a number and its text, True and 1, a set and a tuple of the same members."""
    values = [
        ("ab", "c"), ("a", "bc"), ("a", "b", "c"), ["a", "b", "c"], "abc", ("s1:a",), ("a",),
        1, "1", True, 1.0, None, "N", (), [], {}, frozenset(), {"a": "b"}, ("a", "b"),
        frozenset({"a", "b"}), ("a\x00", "b"), ("a", "\x00b"), Location("x.md", 2, 3), Location("x.md", 23, 0),
        b"ab", "6162",
    ]
    encoded = [key_bytes(v) for v in values]
    assert len(set(encoded)) == len(values)
    assert key_bytes(frozenset({"b", "a", "c"})) == key_bytes(frozenset({"c", "a", "b"}))


def test_key_bytes_do_not_depend_on_how_a_value_was_built() -> None:
    """The same page parsed now and decoded from an entry (other string objects, other sharing:
    marshal's later versions write back-references for shared objects) gives the same key."""
    page, diagnostics = _seed_page()
    again = loads(dumps((page, diagnostics)))
    assert again is not (page, diagnostics)
    assert key_bytes(again) == key_bytes((page, diagnostics))
    shared = Location("x.md", 1, 2)
    assert key_bytes((shared, shared)) == key_bytes((Location("x.md", 1, 2), Location("x.md", 1, 2)))


def test_a_change_deep_inside_a_value_changes_its_key() -> None:
    """Each leaf of a parsed page (a request example's text, a header's line, a property's type
    deep in a type) reaches the key: changed anywhere, the key changes."""
    from dataclasses import fields, is_dataclass, replace

    page, _ = _seed_page()
    assert page is not None
    before = key_bytes(page)
    changed = 0

    def visit(value, rebuild) -> None:
        nonlocal changed
        if isinstance(value, str) and changed < 400:
            assert key_bytes(rebuild(value + "x")) != before
            changed += 1
        elif isinstance(value, int) and not isinstance(value, bool) and changed < 400:
            assert key_bytes(rebuild(value + 1)) != before
            changed += 1
        elif is_dataclass(value) and not isinstance(value, type):
            for f in fields(value):
                visit(getattr(value, f.name), lambda new, f=f, v=value: rebuild(replace(v, **{f.name: new})))
        elif isinstance(value, tuple):
            for i, item in enumerate(value):
                visit(item, lambda new, i=i, v=value: rebuild((*v[:i], new, *v[i + 1 :])))

    visit(page, lambda new: new)
    assert changed >= 100  # the walk reached the page's leaves


def test_no_value_encodes_like_a_dataclass_or_a_dict() -> None:
    """A tuple or list shaped like the encoding of a dataclass, an enum, a dict or a set is not
    one: the marker that starts those (``...``) is refused in a value."""
    where = Location("x.md", 2, 3)
    mimics = [
        ("c", "docgen.diagnostics.Location", "x.md", 2, 3),
        ["D", "a", "b"],
        ["S"],
        ("e", "docgen.diagnostics.Severity", "error"),
    ]
    keys = {key_bytes(v) for v in [where, {"a": "b"}, frozenset(), Severity.ERROR, *mimics]}
    assert len(keys) == 4 + len(mimics)
    for planted in ((..., "c", "docgen.diagnostics.Location", "x.md", 2, 3), [..., "D"], ...):
        with pytest.raises(PlainError):
            key_bytes(planted)
    with pytest.raises(PlainError):
        key_bytes(Location)  # a class, not a value
    with pytest.raises(PlainError):
        key_bytes(object())
