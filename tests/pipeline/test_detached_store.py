"""A model stored by a child (entry_writer.store_later) may outlive the command that forked it:
the program does not wait for it at its end, the child holds the cache folder's writers lock from
before it is forked until it exits (killed or not), the next process waits for that lock before
it reads, and the child keeps no stdout or stderr a reader of the command's output would wait on."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import REPO
from slow_cache import SlowCache

from docgen.pipeline import entry_writer

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork and flock: Linux")


def _forked() -> list[tuple[int, frozenset[str], bool]]:
    return [w for w in entry_writer._WRITERS if w[2]]


def test_the_end_of_a_command_leaves_the_store_running_and_the_next_waits_for_it(tmp_path: Path) -> None:
    cache = SlowCache(tmp_path, 0.6)
    entry_writer.store_later(cache, [("model", "k", 1)])
    (pid, kinds, _), = _forked()
    assert kinds == {"model"}
    started = time.monotonic()
    entry_writer.finish_writes(detached=False)  # the program's end: not waited for
    assert time.monotonic() - started < 0.3
    assert _forked() and not (tmp_path / "model-k").exists()
    entry_writer.await_writers(tmp_path)  # the next process: waits for the lock
    assert (tmp_path / "model-k").read_text(encoding="utf-8") == "1"
    deadline = time.monotonic() + 5  # the lock goes as the child exits, a moment before it can be reaped
    while _forked() and time.monotonic() < deadline:
        entry_writer.finish_writes(detached=False)  # ended now: reaped, not waited for
        time.sleep(0.01)
    assert not _forked()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def test_a_read_in_the_same_process_still_waits_for_its_own_store(tmp_path: Path) -> None:
    entry_writer.store_later(SlowCache(tmp_path, 0.3), [("model", "k", 2), ("tree", "t", 3)])
    entry_writer.finish_writes("tree")  # what Cache.get does before reading a kind
    assert (tmp_path / "model-k").exists() and (tmp_path / "tree-t").exists()
    assert not _forked()


def test_a_killed_store_releases_the_lock(tmp_path: Path) -> None:
    entry_writer.store_later(SlowCache(tmp_path, 600), [("model", "k", 1)])
    (pid, _, _), = _forked()
    time.sleep(0.2)
    os.kill(pid, signal.SIGKILL)
    started = time.monotonic()
    entry_writer.await_writers(tmp_path)
    assert time.monotonic() - started < 5
    entry_writer.finish_writes()
    assert not (tmp_path / "model-k").exists()


def test_no_lock_file_no_wait(tmp_path: Path) -> None:
    entry_writer.await_writers(tmp_path / "missing")
    entry_writer.await_writers(None)


def test_a_reader_of_the_output_does_not_wait_for_the_store(tmp_path: Path) -> None:
    """A process that forks the store and leaves at once (as the program does, through
    os._exit): its output pipe ends then, not when the child does; the child still finishes."""
    script = textwrap.dedent(f"""
        import os, sys, time
        sys.path.insert(0, {str(REPO / "tests")!r})
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from pathlib import Path
        from docgen.pipeline import entry_writer
        from slow_cache import SlowCache
        entry_writer.store_later(SlowCache(Path(sys.argv[1]), 4.0), [("model", "k", 5)])
        print("done", flush=True)
        entry_writer.finish_writes(detached=False)
        os._exit(0)
    """)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    started = time.monotonic()
    out = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True,
                         env=env, timeout=60, check=True)
    assert time.monotonic() - started < 3.5, "the output pipe was held open by the child"
    assert out.stdout == "done\n" and "noise" not in out.stdout + out.stderr
    entry_writer.await_writers(tmp_path)
    assert (tmp_path / "model-k").read_text(encoding="utf-8") == "5"
