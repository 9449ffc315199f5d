"""Fault injection (issue 19): ``docgen generate`` killed at every phase, two generates on one
output, damaged cache files, a killed docgen's workers. Each case ends with the output
byte-identical to a cold run's (or the previous output intact), never with a mix.

The kills use the test-only ``DOCGEN_FAULT=phase:count`` hook (:mod:`docgen.write.faults`): the
process sends itself SIGKILL at that point. FIFO and /dev/zero pages are covered by
``tests/cli/test_cli_inputs.py::test_fifo_and_dev_zero_are_refused_without_reading``. Small trees
(3 to 4 copies of the seed page, 60 for the worker case) keep this under a minute.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from contextlib import closing
from pathlib import Path

import pytest
from conftest import REPO, SEED

from docgen.pipeline.cache import DB_NAME

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="SIGKILL, flock and /proc: Linux")


def _pages(docs: Path, count: int, word: str = "Update") -> Path:
    docs.mkdir(parents=True, exist_ok=True)
    text = SEED.read_text(encoding="utf-8")
    for n in range(count):
        page = text.replace("learningAssignment", f"learningAssignment{n}").replace("Update the", f"{word} the")
        (docs / f"page-{n}.md").write_text(page, encoding="utf-8")
    return docs


def _generate(docs: Path, out: Path, cache: Path | None, fault: str = "", extra: dict | None = None,
              wait: bool = True):
    env = {**os.environ, "PYTHONPATH": str(REPO), **(extra or {})}
    env.pop("DOCGEN_FAULT", None)
    if fault:
        env["DOCGEN_FAULT"] = fault
    args = [sys.executable, "-m", "docgen", "generate", str(docs), "-o", str(out)]
    if cache is None:
        args.append("--no-cache")
    else:
        env["DOCGEN_CACHE_DIR"] = str(cache)
    if not wait:
        return subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return subprocess.run(args, env=env, capture_output=True, text=True, timeout=120, check=False)


def _snapshot(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def trees(tmp_path_factory) -> dict:
    """Two versions of a tree (v2 edits every page and drops one: files to replace and to
    remove) and each one's cold output."""
    root = tmp_path_factory.mktemp("faults")
    v1 = _pages(root / "v1" / "docs", 4)
    v2 = _pages(root / "v2" / "docs", 3, word="Change")
    cold = {}
    for name, docs in (("v1", v1), ("v2", v2)):
        out = root / f"cold-{name}"
        assert _generate(docs, out, None).returncode == 0
        cold[name] = _snapshot(out)
    assert cold["v1"] != cold["v2"]
    return {"v1": v1, "v2": v2, "cold": cold}


PHASES = ["parse:2", "render:2", "stage:5", "journal:1", "move:4", "remove:1", "manifest:1"]


@pytest.mark.parametrize("fault", PHASES)
def test_a_generate_killed_at_any_phase_is_finished_by_the_next(trees, tmp_path: Path, fault: str) -> None:
    out, cache = tmp_path / "out", tmp_path / "cache"
    # the output and the cache on the output of v1, in the same folder (relative display)
    assert _generate(trees["v1"], out, cache).returncode == 0
    killed = _generate(trees["v2"], out, cache, fault=fault)
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-2000:]  # the phase was reached
    after_kill = _snapshot(out)
    # killed before the journal: the previous output is intact (temporaries aside)
    if fault.split(":")[0] in ("parse", "render", "stage", "journal"):
        assert {k: v for k, v in after_kill.items() if ".docgen-" not in k or k.endswith("manifest.json")} == \
            trees["cold"]["v1"]
    again = _generate(trees["v2"], out, cache)
    assert again.returncode == 0, again.stderr[-3000:]
    assert "hand-edited" not in again.stderr
    assert _snapshot(out) == trees["cold"]["v2"]


def test_two_generates_on_one_output_never_interleave(trees, tmp_path: Path) -> None:
    out = tmp_path / "out"
    for _ in range(2):
        first = _generate(trees["v1"], out, tmp_path / "c1", wait=False)
        second = _generate(trees["v2"], out, tmp_path / "c2", wait=False)
        codes = [first.wait(120), second.wait(120)]
        assert codes == [0, 0], (first.stderr.read()[-2000:], second.stderr.read()[-2000:])
        assert _snapshot(out) in (trees["cold"]["v1"], trees["cold"]["v2"])
        first.stdout.close(), first.stderr.close(), second.stdout.close(), second.stderr.close()


def test_damaged_cache_files_change_nothing(trees, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert _generate(trees["v2"], tmp_path / "warm", cache).returncode == 0
    with closing(sqlite3.connect(cache / DB_NAME)) as db, db:
        db.execute("UPDATE entries SET payload = substr(payload, 1, length(payload) / 2)")  # truncated
    out = tmp_path / "out"
    assert _generate(trees["v2"], out, cache).returncode == 0
    assert _snapshot(out) == trees["cold"]["v2"]
    for name in os.listdir(cache):  # the database itself overwritten
        (cache / name).write_bytes(b"\x00garbage" * 64)
    out2 = tmp_path / "out2"
    assert _generate(trees["v2"], out2, cache).returncode == 0
    assert _snapshot(out2) == trees["cold"]["v2"]


def _marked(mark: str) -> list[int]:
    """Processes whose environment holds ``mark``."""
    found = []
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                with open(f"/proc/{pid}/environ", "rb") as handle:
                    if mark.encode() in handle.read():
                        found.append(int(pid))
            except OSError:
                pass
    return found


@pytest.mark.parametrize("fault", ["parse:5", "parse:58"])
def test_no_worker_outlives_a_killed_docgen(tmp_path: Path, fault: str) -> None:
    """The main process SIGKILLed while its parse workers and entry writer run (5: mid-parse) or
    wait for more work (58 of 60 pages: every chunk handed out, the workers idle on the task
    queue, whose write end they hold themselves): every child exits. Before issue 19, idle
    workers, and the entry writer waiting for them to close its pipe, hung for ever."""
    docs = _pages(tmp_path / "docs", 60)
    key, value = "DOCGEN_ORPHAN_TEST", uuid.uuid4().hex
    mark = f"{key}={value}"
    proc = _generate(docs, tmp_path / "out", tmp_path / "cache", fault=fault, extra={key: value}, wait=False)
    assert proc.wait(120) == -signal.SIGKILL
    proc.stdout.close(), proc.stderr.close()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _marked(mark):
        time.sleep(0.1)
    left = _marked(mark)
    for pid in left:  # do not leave them behind for the rest of the suite
        os.kill(pid, signal.SIGKILL)
    assert left == []
