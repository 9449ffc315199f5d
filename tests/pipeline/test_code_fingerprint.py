"""fingerprint.code_fingerprint lists docgen's sources with os.scandir (fingerprint._sources): the same files,
in the same order, as ``sorted(package.rglob("*.py"))`` it replaced, so the fingerprint is the
one the pathlib walk gave."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from docgen import __version__
from docgen.pipeline import fingerprint


def _rglob(package: Path) -> list[tuple[str, str]]:
    return [(path.relative_to(package).as_posix(), str(path)) for path in sorted(package.rglob("*.py"))]


def test_the_package_is_listed_as_rglob_lists_it() -> None:
    package = Path(fingerprint.__file__).resolve().parents[1]
    assert fingerprint._sources(str(package)) == _rglob(package)


def test_the_fingerprint_is_the_pathlib_walks() -> None:
    package = Path(fingerprint.__file__).resolve().parents[1]
    parts: list[bytes | str] = [fingerprint.FORMAT, __version__, fingerprint.dist_version("markdown-it-py")]
    for path in sorted(package.rglob("*.py")):
        parts.append(path.relative_to(package).as_posix().encode())
        parts.append(path.read_bytes())
    assert fingerprint.code_fingerprint.__wrapped__() == fingerprint.digest(*parts)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="symlinks")
def test_awkward_trees_are_listed_as_rglob_lists_them(tmp_path) -> None:
    root = tmp_path / "pkg"
    for rel in ["a.py", "b.txt", ".hidden.py", ".py", "z/y.py", "z/a-b.py", "z-a.py", "z.a/x.py", ".dot/in.py",
                "deep/er/est.py", "Upper.py", "u/ünï.py"]:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x = 1\n")
    (root / "folder.py").mkdir()  # a folder whose name ends in .py: named as rglob names it
    (root / "folder.py" / "in.py").write_text("")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "o.py").write_text("")
    os.symlink(outside, root / "link")  # a symlinked folder: not walked
    os.symlink(outside / "o.py", root / "linked.py")  # a symlinked file: named
    os.symlink(tmp_path / "missing.py", root / "dangling.py")  # and a dangling one
    assert fingerprint._sources(str(root)) == _rglob(root)


def _package(root: Path) -> Path:
    for rel, text in [("__init__.py", "x = 1\n"), ("a.py", "a = 1\n"), ("sub/b.py", "b = 2\n")]:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def _read_fingerprint(package: Path, head: tuple[str, ...]) -> str:
    parts: list[bytes | str] = [*head]
    for path in sorted(package.rglob("*.py")):
        parts.append(path.relative_to(package).as_posix().encode())
        parts.append(path.read_bytes())
    return fingerprint.digest(*parts)


def _settle() -> None:
    time.sleep(0.06)  # past the racy margin of fine timestamps (50 ms): the stamps may vouch


HEAD = ("format", "1.0", "3.0.0")


def test_stamps_vouch_for_the_fingerprint_read(tmp_path) -> None:
    package = _package(tmp_path / "pkg")
    _settle()
    first = fingerprint.fingerprint_of(str(package), HEAD)
    stamps = package / "__pycache__" / f"{fingerprint.STAMPS_NAME}.{sys.implementation.cache_tag}"
    assert first == _read_fingerprint(package, HEAD)
    assert stamps.is_file()
    assert fingerprint.fingerprint_of(str(package), HEAD) == first
    # another head (docgen's version, markdown-it-py's) is not vouched for by these stamps
    assert fingerprint.fingerprint_of(str(package), ("format", "2.0", "3.0.0")) == _read_fingerprint(
        package, ("format", "2.0", "3.0.0"))


def test_an_edit_of_the_same_size_is_seen(tmp_path) -> None:
    package = _package(tmp_path / "pkg")
    _settle()
    first = fingerprint.fingerprint_of(str(package), HEAD)
    (package / "sub" / "b.py").write_text("b = 3\n")  # the same size: its times and ctime tell
    second = fingerprint.fingerprint_of(str(package), HEAD)
    assert second != first
    assert second == _read_fingerprint(package, HEAD)


def test_a_source_added_or_removed_is_seen(tmp_path) -> None:
    package = _package(tmp_path / "pkg")
    _settle()
    fingerprint.fingerprint_of(str(package), HEAD)
    (package / "c.py").write_text("")
    assert fingerprint.fingerprint_of(str(package), HEAD) == _read_fingerprint(package, HEAD)
    (package / "a.py").unlink()
    assert fingerprint.fingerprint_of(str(package), HEAD) == _read_fingerprint(package, HEAD)


def test_a_damaged_or_foreign_stamps_file_is_not_used(tmp_path) -> None:
    package = _package(tmp_path / "pkg")
    _settle()
    first = fingerprint.fingerprint_of(str(package), HEAD)
    stamps = package / "__pycache__" / f"{fingerprint.STAMPS_NAME}.{sys.implementation.cache_tag}"
    stamps.write_bytes(b"\xff\x00 not marshal")
    assert fingerprint.fingerprint_of(str(package), HEAD) == first
    # the stamps another package folder (of the same files, but for their times) stored
    other = _package(tmp_path / "other")
    _settle()
    fingerprint.fingerprint_of(str(other), HEAD)
    stamps.write_bytes((other / "__pycache__" / stamps.name).read_bytes())
    assert fingerprint.fingerprint_of(str(package), HEAD) == first


def test_a_source_too_new_to_vouch_for_is_not_stamped(tmp_path) -> None:
    package = _package(tmp_path / "pkg")  # written just now: within the racy margin
    assert fingerprint.fingerprint_of(str(package), HEAD) == _read_fingerprint(package, HEAD)
    assert not (package / "__pycache__").exists()
