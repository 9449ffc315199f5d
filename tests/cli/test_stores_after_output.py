"""The program forks what a run stores at its end only once its output is written.

A warm edit's patched model is stored by a child (``entry_writer.store_at_end``). Forked when the
run closed, before the JSON report, the child shared the parent's pages: every page the report's
pass over 13,104 diagnostics then touched was copied (the report took 20 ms instead of 12 on the
corpus). :func:`docgen.cli.main.run` now forks it after flushing stdout; ``--watch``, which goes
on after each run, still forks it when the run closes."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import time
from contextlib import closing
from pathlib import Path

import pytest

from docgen.pipeline.cache import DB_NAME
from docgen.pipeline.run import Run

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="stores are forked on Linux")

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "incremental"

# The real program (docgen.cli.main.run), each fork it makes noted on stdout as it happens.
SCRIPT = textwrap.dedent("""
    import os, sys
    real_fork = os.fork
    def fork():
        sys.stdout.flush()
        os.write(1, b"<fork>\\n")
        return real_fork()
    os.fork = fork
    sys.argv = ["docgen", *sys.argv[1:]]
    from docgen.cli.main import run
    run()
""")


def _models(cache: Path) -> list[str]:
    with closing(sqlite3.connect(cache / DB_NAME)) as db, db:
        return sorted(key for (key,) in db.execute("SELECT key FROM entries WHERE kind = 'model'"))


def _edit(docs: Path) -> None:
    """One description of the fixture's resource page changed: a warm generate patches its model."""
    page = docs / "resources" / "directoryobject.md"
    page.write_text(page.read_text(encoding="utf-8").replace("when this object was deleted", "when this object went"),
                    encoding="utf-8")


def _run(tmp_path: Path, env: dict[str, str], script: str) -> subprocess.CompletedProcess:
    """``script`` (the program, patched) generating ``docs`` into ``out`` with a JSON report."""
    return subprocess.run([sys.executable, "-c", script, "generate", "docs", "-o", "out", "--format", "json"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)


def _generate(tmp_path: Path, env: dict[str, str]) -> list[str]:
    done = _run(tmp_path, env, SCRIPT)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def test_a_patched_model_is_stored_by_a_child_forked_after_the_report(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES, tmp_path / "docs")
    cache = tmp_path / "cache"
    env = {**os.environ, "PYTHONPATH": str(REPO), "DOCGEN_CACHE_DIR": str(cache), "CI": "true"}
    _generate(tmp_path, env)  # cold: the whole resolve's model, stored at once
    before = _models(cache)
    assert len(before) == 1
    _edit(tmp_path / "docs")
    lines = _generate(tmp_path, env)
    report = [index for index, line in enumerate(lines) if line.startswith("{")]
    assert len(report) == 1
    assert json.loads(lines[report[0]])["written"]  # the edit was rendered and written
    assert lines[report[0] + 1:] == ["<fork>"]  # the patched model's store: forked after the report
    # (CI: the program waited for it) the patched model is stored beside the first
    after = _models(cache)
    assert len(after) == 2 and set(before) < set(after)


def test_watch_forks_each_runs_stores_when_the_run_closes(tmp_path: Path, monkeypatch) -> None:
    """``--watch`` runs again after each run: nothing there waits for the program's end."""
    from click.testing import CliRunner

    from docgen.cli.main import main

    shutil.copytree(FIXTURES, tmp_path / "docs")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DOCGEN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(Run, "STORES_AT_EXIT", True)  # as the program sets it
    runner = CliRunner()
    assert runner.invoke(main, ["generate", "docs", "-o", "out"]).exit_code == 0
    _edit(tmp_path / "docs")
    before = _models(tmp_path / "cache")
    result = runner.invoke(main, ["generate", "docs", "-o", "out", "--watch", "--max-runs", "1"])
    assert result.exit_code == 0, result.output
    assert Run.STORES_AT_EXIT  # put back when the loop ends
    deadline = time.monotonic() + 30  # the store's child runs on its own: wait for it to end
    while len(_models(tmp_path / "cache")) == len(before) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(_models(tmp_path / "cache")) == len(before) + 1


# The same program, the end's stores failing as a platform without fork or a bug would make them.
FAILING = textwrap.dedent("""
    import sys
    from docgen.pipeline import entry_writer
    def store_later(cache, entries):
        raise OSError("no room for the store")
    entry_writer.store_later = store_later
    sys.argv = ["docgen", *sys.argv[1:]]
    from docgen.cli.main import run
    run()
""")


def test_an_end_store_that_fails_after_the_output_is_a_warning_not_a_traceback(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES, tmp_path / "docs")
    env = {**os.environ, "PYTHONPATH": str(REPO), "DOCGEN_CACHE_DIR": str(tmp_path / "cache")}
    _generate(tmp_path, env)
    _edit(tmp_path / "docs")
    done = _run(tmp_path, env, FAILING)
    assert done.returncode == 0  # the package was written: the cache is what missed out
    assert json.loads(done.stdout)["written"]
    assert "Traceback" not in done.stderr
    assert "docgen: warning: the cache was not fully written: OSError: no room for the store" in done.stderr
    assert any("when this object went" in path.read_text(encoding="utf-8") for path in (tmp_path / "out").rglob("*.py"))
