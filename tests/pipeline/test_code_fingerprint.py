"""fingerprint.code_fingerprint lists docgen's sources with os.scandir (fingerprint._sources): the same files,
in the same order, as ``sorted(package.rglob("*.py"))`` it replaced, so the fingerprint is the
one the pathlib walk gave."""

from __future__ import annotations

import os
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
