"""A reader that stops early (`docgen model … | head`) is not an error of docgen's."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import SEED


def test_closed_stdout_is_not_an_internal_error(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    text = SEED.read_text(encoding="utf-8")
    for n in range(150):  # enough output to overflow the pipe's buffer
        (docs / f"page-{n:03}.md").write_text(text.replace("learningAssignment", f"learningAssignment{n}"), encoding="utf-8")
    env = dict(os.environ, DOCGEN_CACHE_DIR=str(tmp_path / "cache"))
    proc = subprocess.Popen(
        [sys.executable, "-m", "docgen", "model", str(docs), "--no-cache"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=tmp_path,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(10)
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    proc.stderr.close()
    proc.wait(timeout=120)
    shutil.rmtree(docs)
    assert "internal-error" not in stderr and "Traceback" not in stderr
    assert proc.returncode in (0, 141)


def test_the_program_flushes_everything_and_keeps_the_exit_status(tmp_path: Path, monkeypatch) -> None:
    """`python -m docgen` leaves through os._exit (docgen.cli.main.run): nothing may be lost."""
    import json

    from click.testing import CliRunner
    from conftest import REPO

    from docgen.cli.main import main

    env = dict(os.environ, DOCGEN_CACHE_DIR=str(tmp_path / "cache"))
    docs = str(REPO / "api-docs")
    proc = subprocess.run([sys.executable, "-m", "docgen", "model", docs, "--format", "json"],
                          capture_output=True, env=env, cwd=tmp_path, timeout=120)
    monkeypatch.chdir(tmp_path)  # the same working directory: the same relative paths
    in_process = CliRunner().invoke(main, ["model", docs, "--format", "json"], env=env)
    assert json.loads(proc.stdout) == json.loads(in_process.stdout)  # complete, valid JSON
    assert proc.returncode == in_process.exit_code

    usage = subprocess.run([sys.executable, "-m", "docgen", "no-such-command"],
                           capture_output=True, env=env, cwd=tmp_path, timeout=60)
    assert usage.returncode == 2 and b"No such command" in usage.stderr

    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "stray.py").write_text("x = 1\n", encoding="utf-8")
    stale = subprocess.run([sys.executable, "-m", "docgen", "check", docs, "-o", str(tmp_path / "out")],
                           capture_output=True, env=env, cwd=tmp_path, timeout=120)
    assert stale.returncode == 1 and b"out of date" in stale.stdout
