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
