"""The wheel carries the templates: a non-editable install generates from another directory."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest
from conftest import REPO, SEED


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    src = tmp_path_factory.mktemp("src") / "docgen"
    # Build from a copy so that the work tree gains no build/ folder.
    shutil.copytree(
        REPO,
        src,
        ignore=shutil.ignore_patterns(".venv", ".git", "generated", "*.egg-info", "__pycache__", ".pytest_cache", ".hypothesis"),
    )
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(src)],
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        pytest.fail(f"building the wheel failed:\n{proc.stdout}\n{proc.stderr}")
    (found,) = out.glob("docgen-*.whl")
    return found


def test_wheel_contains_templates_and_package(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    templates = sorted(n for n in names if n.startswith("docgen/templates/"))
    packaged = sorted(p.relative_to(REPO / "templates").as_posix() for p in (REPO / "templates").rglob("*") if p.is_file())
    assert [n.removeprefix("docgen/templates/") for n in templates] == packaged
    modules = sorted(p.relative_to(REPO).as_posix() for p in (REPO / "docgen").rglob("*.py"))
    assert modules and set(modules) <= set(names)  # every stage's package, not only the top
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "docgen = docgen.__main__:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_installed_wheel_generates_from_another_directory(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    bindir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    python = bindir / "python"
    install = subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel)], capture_output=True, text=True)
    if install.returncode != 0:
        pytest.fail(f"installing the wheel failed:\n{install.stderr}")
    work = tmp_path / "elsewhere"
    (work / "docs").mkdir(parents=True)
    shutil.copy(SEED, work / "docs" / SEED.name)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["DOCGEN_CACHE_DIR"] = str(tmp_path / "cache")
    run = subprocess.run(
        [str(bindir / "docgen"), "generate", "docs", "-o", "out"], cwd=work, capture_output=True, text=True, env=env
    )
    assert run.returncode == 0, run.stderr
    written = sorted(p.relative_to(work / "out").as_posix() for p in (work / "out").rglob("*.py"))
    expected = sorted(p.relative_to(REPO / "generated").as_posix() for p in (REPO / "generated").rglob("*.py"))
    assert written == expected
    # The installed docgen imports nothing from this checkout.
    where = subprocess.run(
        [str(python), "-c", "import docgen; print(docgen.__file__)"], capture_output=True, text=True, cwd=work, env=env
    )
    assert str(env_dir) in where.stdout
