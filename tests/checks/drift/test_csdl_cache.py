"""docgen.pipeline.csdl_cache: the parsed metadata kept by its bytes is what parsing gives."""

from __future__ import annotations

import marshal
import shutil
from pathlib import Path

import pytest

from docgen.checks.drift import csdl as csdl_module
from docgen.checks.drift.csdl import read_csdl
from docgen.pipeline import csdl_cache
from docgen.pipeline.cache import Cache

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "csdl"


@pytest.fixture
def cache(tmp_path) -> Cache:
    return Cache(tmp_path / "cache")


@pytest.mark.parametrize("name", ["graph-v1.0-excerpt.csdl.xml", "nav-urls-excerpt.csdl.xml",
                                  "incremental.csdl.xml"])
def test_stored_parse_is_the_parse(cache, tmp_path, monkeypatch, name):
    path = tmp_path / name
    shutil.copy(FIXTURES / name, path)
    monkeypatch.chdir(tmp_path)
    want = read_csdl(name)
    assert csdl_cache.read_metadata(cache, name) == want  # parsed, stored
    parses = []
    real = csdl_module.parse_csdl
    monkeypatch.setattr(csdl_cache, "parse_csdl", lambda *a: parses.append(1) or real(*a))
    assert csdl_cache.read_metadata(cache, name) == want and parses == []  # from the entry
    path.write_bytes(path.read_bytes().replace(b"</Schema>", b"<EnumType Name=\"zz\"/></Schema>", 1))
    changed = csdl_cache.read_metadata(cache, name)
    assert parses == [1] and changed == read_csdl(name) and changed != want  # new bytes: parsed


def test_bad_files_and_damaged_entries(cache, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    missing = csdl_cache.read_metadata(cache, "nope.xml")
    assert missing[0] is None and missing[1][0].code == "csdl-unreadable"
    shutil.copy(FIXTURES / "malformed.csdl.xml", "bad.xml")
    assert csdl_cache.read_metadata(cache, "bad.xml") == read_csdl("bad.xml")
    assert csdl_cache._stored(None, "x", "s") is None
    assert csdl_cache._stored(b"junk", "x", "s") is None
    metadata, _ = read_csdl(FIXTURES / "incremental.csdl.xml")
    payload = marshal.loads(csdl_cache._payload(metadata))
    first = list(payload[1][0])
    first[3] = "12"  # a line that is not an int
    damaged = marshal.dumps((payload[0], (tuple(first), *payload[1][1:]), payload[2], payload[3]), 2)
    assert csdl_cache._stored(damaged, "x", "s") is None
    good = csdl_cache._stored(csdl_cache._payload(metadata), metadata.path, metadata.sha256)
    assert good == metadata
