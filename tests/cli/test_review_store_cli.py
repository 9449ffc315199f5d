"""The model store left running by the program (entry_writer.store_later), through the real
program (``python -m docgen``: ``docgen.cli.main.run``, whose end does not wait for it): killed
at any moment, run twice at once, read through a pipe that closes early, on a cache folder where
flock fails; each time the next answer is ``--no-cache``'s."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.cli.main import main

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork and flock: Linux")

REPO = Path(__file__).resolve().parents[2]
USER = Path("docs/resources/user.md")


def _env(tree: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO), "DOCGEN_CACHE_DIR": str(tree / "cache")}


def program(tree: Path, *args: str) -> bytes:
    done = subprocess.run([sys.executable, "-m", "docgen", *args], cwd=tree, env=_env(tree), capture_output=True,
                          check=False, timeout=300)
    assert done.returncode in (0, 1), done.stderr
    return done.stdout


def edit(number: int) -> None:
    text = USER.read_text(encoding="utf-8")
    marker = "The user's job title"
    assert marker in text
    head, _, tail = text.partition(marker)
    tail = tail.split(")", 1)[1] if tail.startswith(" (edit ") else tail
    USER.write_text(f"{head}{marker} (edit {number}){tail}", encoding="utf-8")


def cold(*args: str) -> bytes:
    return CliRunner().invoke(main, [*args, "--no-cache"]).stdout_bytes


@pytest.mark.parametrize("command", ["lint", "generate"])
def test_killed_at_any_moment_the_next_run_answers_as_no_cache(incremental_tree, command) -> None:
    args = [command, "docs", "--format", "json", *(["-o", "gen"] if command == "generate" else [])]
    program(incremental_tree, *args)
    for number, delay in enumerate((0.05, 0.2, 0.35, 0.5, 0.8)):
        edit(number)
        started = subprocess.Popen([sys.executable, "-m", "docgen", *args], cwd=incremental_tree,
                                   env=_env(incremental_tree), stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(delay)
        os.killpg(started.pid, signal.SIGKILL)  # the program and every child of it, the store included
        started.wait(timeout=60)
        warm = program(incremental_tree, *args)
        if command == "generate":
            assert b'"diagnostics"' in warm
            continue  # what was written depends on where the kill fell: compared below
        assert warm == cold(*args), delay
    if command == "generate":
        program(incremental_tree, *args)
        generated = {p: p.read_bytes() for p in sorted(Path("gen").rglob("*")) if p.is_file()}
        CliRunner().invoke(main, ["generate", "docs", "-o", "gen-cold", "--no-cache"])
        cold_files = {p.relative_to("gen-cold"): p.read_bytes() for p in sorted(Path("gen-cold").rglob("*"))
                      if p.is_file()}
        assert {p.relative_to("gen"): b for p, b in generated.items()} == cold_files


def test_two_commands_at_once_on_one_cache(incremental_tree) -> None:
    lint = ["lint", "docs", "--format", "json"]
    generate = ["generate", "docs", "-o", "gen", "--format", "json"]
    for number in range(3):
        edit(10 + number)
        running = [subprocess.Popen([sys.executable, "-m", "docgen", *args], cwd=incremental_tree,
                                    env=_env(incremental_tree), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                   for args in (lint, lint, generate)]
        outputs = [process.communicate(timeout=300) for process in running]
        assert all(process.returncode in (0, 1) for process in running), [err for _, err in outputs]
        assert outputs[0][0] == outputs[1][0] == cold(*lint)
        assert program(incremental_tree, *lint) == cold(*lint)


def test_a_pipe_closed_early_ends_the_program(incremental_tree) -> None:
    """``docgen lint --format json | head -c 10``: the reader leaves, docgen ends (exit 141 or 0/1),
    and nothing it left running keeps the pipe open."""
    edit(20)
    reading = subprocess.Popen([sys.executable, "-m", "docgen", "lint", "docs", "--format", "json"],
                               cwd=incremental_tree, env=_env(incremental_tree), stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    assert reading.stdout is not None
    first = reading.stdout.read(10)
    reading.stdout.close()
    assert reading.wait(timeout=120) in (0, 1, 141)
    assert reading.stderr is not None
    reading.stderr.close()
    assert first.startswith(b"{")
    edit(21)
    whole = subprocess.run([sys.executable, "-m", "docgen", "lint", "docs", "--format", "json"],
                           cwd=incremental_tree, env=_env(incremental_tree), capture_output=True, timeout=120,
                           check=False)
    assert whole.stdout == cold("lint", "docs", "--format", "json")  # the pipe's end is read to its end


def test_flock_failing_everywhere(incremental_tree, monkeypatch) -> None:
    """A cache folder on a file system refusing flock: nothing waits, nothing fails, answers stay right."""
    import errno
    import fcntl

    def refused(fd, operation):
        raise OSError(errno.ENOLCK, "no locks available")

    monkeypatch.setattr(fcntl, "flock", refused)
    args = ["lint", "docs", "--format", "json"]
    CliRunner().invoke(main, args)
    for number in range(2):
        edit(30 + number)
        assert CliRunner().invoke(main, args).stdout_bytes == cold(*args)
