"""A model stored by ``store_later``'s child, forked while an ``EntryWriter`` is open (a render's
writer is open when the render builds the model): the child must not keep the writer's pipe
open, or the writer's child, which stores what came once the pipe ends, waits for it, and so
does the program's end (which waits for the writer's child).

Found in review: ``finish_writes(detached=False)`` then waited for the whole model store (3 s of
3 s in the test below), so ``generate`` and ``check`` did not leave the store running."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from slow_cache import SlowCache

from docgen.pipeline import entry_writer
from docgen.pipeline.cache import Cache

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork and flock: Linux")

REPO = Path(__file__).resolve().parents[2]


def test_an_open_entry_writer_does_not_tie_the_end_to_the_model_store(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    writer = entry_writer.EntryWriter(cache)
    writer.put("render", "k", b"rendered")
    entry_writer.store_later(SlowCache(tmp_path / "cache", 3.0), [("model", "m", 1)])
    writer.put("render", "k2", b"after the fork")
    writer.close()
    started = time.monotonic()
    entry_writer.finish_writes(detached=False)  # the program's end
    assert time.monotonic() - started < 1.5, "the program's end waited for the model store"
    assert Cache(tmp_path / "cache").get_payload("render", "k") == b"rendered"
    assert Cache(tmp_path / "cache").get_payload("render", "k2") == b"after the fork"
    assert not (tmp_path / "cache" / "model-m").exists()
    entry_writer.await_writers(tmp_path / "cache")  # the next process
    assert (tmp_path / "cache" / "model-m").read_text(encoding="utf-8") == "1"
    entry_writer.finish_writes()


def test_a_program_leaving_with_an_entry_writer_ends_its_output_at_once(tmp_path: Path) -> None:
    """The whole program's shape: render writer open, model stored later, output printed,
    writer closed, the end (os._exit). A reader of its output sees the end before the store's."""
    script = textwrap.dedent(f"""
        import os, sys
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from pathlib import Path
        from docgen.pipeline import entry_writer
        from docgen.pipeline.cache import Cache
        from slow_cache import SlowCache
        root = Path(sys.argv[1])
        writer = entry_writer.EntryWriter(Cache(root))
        entry_writer.store_later(SlowCache(root, 4.0), [("model", "m", 5)])
        writer.put("render", "k", b"x")
        writer.close()
        print("done", flush=True)
        entry_writer.finish_writes(detached=False)
        os._exit(0)
    """)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    started = time.monotonic()
    out = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True,
                         env=env, timeout=60, check=True)
    assert out.stdout == "done\n"
    assert time.monotonic() - started < 3.5, "the program waited for the model store"
    entry_writer.await_writers(tmp_path)
    assert (tmp_path / "model-m").read_text(encoding="utf-8") == "5"
    assert Cache(tmp_path).get_payload("render", "k") == b"x"


def test_a_stopped_store_does_not_hang_the_next_docgen(tmp_path: Path, monkeypatch) -> None:
    """A store child stopped for good (SIGSTOP, e.g. ^Z and the parent killed) holds the writers
    lock: the next run waits a bounded time, then goes on (found in review: every later docgen,
    even ``todos`` of one page, hung for ever)."""
    import signal
    import threading

    from docgen.pipeline.run import Run

    monkeypatch.setattr(entry_writer, "AWAIT_LIMIT", 0.5, raising=False)
    monkeypatch.setenv("DOCGEN_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(Run, "LEAVE_STORES_RUNNING", True)  # as the program runs (its end does not wait)
    entry_writer.store_later(SlowCache(tmp_path, 600), [("model", "m", 1)])
    pid = next(w[0] for w in entry_writer._WRITERS if w[2])
    os.kill(pid, signal.SIGSTOP)
    entered: list[float] = []

    def next_run() -> None:
        started = time.monotonic()
        with Run(jobs=1):
            entered.append(time.monotonic() - started)

    try:
        waiting = threading.Thread(target=next_run, daemon=True)
        waiting.start()
        waiting.join(10)
        assert entered, "the next run still waits for a stopped store"
        assert 0.4 < entered[0] < 3
    finally:
        os.kill(pid, signal.SIGKILL)
        os.kill(pid, signal.SIGCONT)
        entry_writer.finish_writes()
    started = time.monotonic()
    entry_writer.await_writers(tmp_path)  # the lock went with the child: no wait
    assert time.monotonic() - started < 0.5


def test_a_cache_folder_where_flock_fails(tmp_path: Path, monkeypatch) -> None:
    """A file system without flock (some network or FUSE ones): the store is still made, nothing
    waits for it, and nothing fails."""
    import errno
    import fcntl

    def refused(fd, operation):
        raise OSError(errno.ENOLCK, "no locks available")

    monkeypatch.setattr(fcntl, "flock", refused)
    entry_writer.store_later(SlowCache(tmp_path, 0.05), [("model", "m", 7)])
    entry_writer.await_writers(tmp_path)
    entry_writer.finish_writes()
    assert (tmp_path / "model-m").read_text(encoding="utf-8") == "7"


def test_a_fifo_planted_as_the_lock_file_makes_nothing_wait(tmp_path: Path) -> None:
    """Opening a FIFO for reading waits for a writer: the lock is opened without waiting (found
    while making the wait bounded: opened read-only, a FIFO there hung every docgen)."""
    import threading

    os.mkfifo(tmp_path / entry_writer.LOCK_NAME)
    done: list[bool] = []
    waiting = threading.Thread(target=lambda: (entry_writer.await_writers(tmp_path), done.append(True)), daemon=True)
    waiting.start()
    waiting.join(5)
    if not done:  # let the stuck thread go before failing
        os.close(os.open(tmp_path / entry_writer.LOCK_NAME, os.O_WRONLY | os.O_NONBLOCK))
    assert done, "await_writers waited on a FIFO"
    entry_writer.store_later(SlowCache(tmp_path, 0.05), [("model", "m", 3)])
    entry_writer.finish_writes()
    assert (tmp_path / "model-m").read_text(encoding="utf-8") == "3"
