"""A cache folder another user could write in is not read (docgen.pipeline.cache.untrusted).

A cache entry decides generated code, and a planted one of five bytes can make Python fill a
16 GiB tuple (tests/pipeline/test_planted_entries.py): the cache is read only from a folder that
only its owner, this user, can write in. docgen makes its folder so; a folder others may write in
is refused with a warning on stderr naming the fix, and the command runs as with ``--no-cache``.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.cli.main import main
from docgen.pipeline.cache import DB_NAME, Cache, untrusted

pytestmark = pytest.mark.skipif(not hasattr(os, "getuid"), reason="no owners and modes on this system")


def _files(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("mode", [0o777, 0o775, 0o757, 0o1777])
def test_a_folder_others_may_write_in_is_refused(tmp_path: Path, mode: int) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    folder.chmod(mode)
    cache = Cache(folder)
    assert not cache.enabled
    assert cache.refused is not None and "chmod go-w" in cache.refused
    assert cache.get_payload("model", "k") is None
    assert not (folder / DB_NAME).exists()


def test_a_folder_only_its_owner_writes_in_is_used(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    folder.chmod(0o755)
    assert untrusted(folder) is None
    assert Cache(folder).enabled


@pytest.mark.skipif(os.getuid() != 0, reason="giving a folder to another user needs root")
def test_a_folder_owned_by_another_user_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    os.chown(folder, 54321, -1)
    reason = untrusted(folder)
    assert reason is not None and "another user" in reason
    assert not Cache(folder).enabled


def test_a_new_cache_folder_is_made_for_its_user_alone_whatever_the_umask(tmp_path: Path, seed_project: Path) -> None:
    folder = seed_project / "fresh-cache"
    os.environ["DOCGEN_CACHE_DIR"] = str(folder)  # seed_project's monkeypatch restores it
    old = os.umask(0)
    try:
        result = CliRunner().invoke(main, ["generate"])
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert untrusted(folder) is None


def test_generate_with_a_refused_cache_warns_and_gives_the_uncached_output(seed_project: Path) -> None:
    folder = seed_project / "shared-cache"
    folder.mkdir()
    folder.chmod(0o777)
    os.environ["DOCGEN_CACHE_DIR"] = str(folder)
    result = CliRunner().invoke(main, ["generate", "--output", "warm"])
    assert result.exit_code == 0, result.output
    assert "docgen: warning: the cache is not used" in result.stderr
    assert f"chmod go-w {folder}" in result.stderr
    assert list(folder.iterdir()) == []  # nothing read, nothing written
    cold = CliRunner().invoke(main, ["generate", "--output", "cold", "--no-cache"])
    assert cold.exit_code == 0, cold.output
    assert _files(seed_project / "warm") == _files(seed_project / "cold")
