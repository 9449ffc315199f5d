"""In CI the program waits for its model store before it exits.

A CI job that saves docgen's cache folder for later jobs (``actions/cache``: its post step copies
the folder when the job ends) could copy it while the model store the program leaves running
(``entry_writer.store_later``) was still writing: SQLite or docgen then takes the copy as damaged
and later jobs lose entries. With ``CI`` set (GitHub Actions, GitLab CI and others set
``CI=true``) the end of the program waits for it; elsewhere it still does not (a writer's editor
hook should not wait for a cache write)."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from docgen.cli.main import in_ci
from docgen.pipeline.entry_writer import LOCK_NAME

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork and flock: Linux")

REPO = Path(__file__).resolve().parents[2]

# The real program (docgen.cli.main.run) on a small tree, its model store made slow: each entry
# the store's child writes waits a second first.
SCRIPT = textwrap.dedent("""
    import sys, time
    from docgen.pipeline import cache
    put = cache.Cache.put_payloads  # (what every write goes through: the model's entry is a payload)
    def slow_put(self, kind, entries):
        if kind == "model":
            time.sleep(1.0)
        put(self, kind, entries)
    cache.Cache.put_payloads = slow_put
    sys.argv = ["docgen", "model", sys.argv[1], "--format", "json"]
    from docgen.cli.main import run
    run()
""")


def _lock_is_free(folder: Path) -> bool:
    lock = os.open(folder / LOCK_NAME, os.O_RDONLY)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False
    finally:
        os.close(lock)


@pytest.mark.parametrize("ci", ["true", ""])
def test_in_ci_the_end_waits_for_the_model_store(tmp_path: Path, ci: str) -> None:
    page = tmp_path / "widget.md"
    page.write_text("# widget resource type\n\nNamespace: microsoft.graph\n\n## Properties\n"
                    "| Property | Type | Description |\n|:--|:--|:--|\n|name|String|The name.|\n", encoding="utf-8")
    cache = tmp_path / "cache"
    env = {**os.environ, "PYTHONPATH": str(REPO), "DOCGEN_CACHE_DIR": str(cache), "CI": ci}
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(page)], cwd=tmp_path, env=env,
                          capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr
    if ci:
        assert _lock_is_free(cache)  # nothing is writing any more: the folder may be copied
    else:
        assert not _lock_is_free(cache)  # the store goes on after the program (for a second)


def test_what_counts_as_ci() -> None:
    assert in_ci({"CI": "true"}) and in_ci({"CI": "1"}) and in_ci({"CI": "True"})
    assert not any(in_ci(env) for env in ({}, {"CI": ""}, {"CI": "false"}, {"CI": "0"}, {"CI": "no"}))
