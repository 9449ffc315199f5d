"""``--watch`` (docgen/cli/watch.py): rerun on change, one line per run, survive bad pages, stop on
Ctrl-C with exit 0.

The loop waits through ``watch.SLEEP``; the tests replace it with a script of edits (what a writer
does between two polls), and bound the loop with the hidden ``--max-runs``: nothing here sleeps,
except the one test that sends a real SIGINT to a real process.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO

from docgen.cli import watch
from docgen.cli.main import main

USER = Path("docs/resources/user.md")


def invoke(*args: str | Path):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def tree(incremental_tree):
    """A copy of the fixture pages as ``docs/`` in a project folder (the CWD), its own cache."""
    return incremental_tree


def script(monkeypatch, *steps):
    """Make the loop's waits run ``steps`` in order, one per wait (then do nothing; a loop still
    waiting 20 waits later fails the test instead of spinning); the waits' lengths are recorded
    in the returned list. A change is acted on after one quiet wait: a step after a change is
    seen by the same run unless a quiet step (``None``) separates them."""
    calls: list[float] = []
    pending = list(steps)

    def fake_sleep(seconds: float) -> None:
        calls.append(seconds)
        if pending:
            step = pending.pop(0)
            if step is not None:
                step()
        elif len(calls) > len(steps) + 20:
            raise AssertionError("the watch loop kept waiting after the script's last step")

    monkeypatch.setattr(watch, "SLEEP", fake_sleep)
    return calls


def edit(path: Path, old: str, new: str):
    def step() -> None:
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        # A filesystem with coarse timestamps could keep the mtime: the size changes as well.
        assert len(old) != len(new)

    return step


def watch_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("docgen: watch")]


def test_generate_watch_regenerates_after_an_edit(tree, monkeypatch):
    calls = script(monkeypatch, edit(USER, "|jobTitle|String|", "|jobTitle|Int64|"))
    result = invoke("generate", "docs", "-o", "out", "--watch", "--interval", "200", "--max-runs", "2")
    assert result.exit_code == 0, result.output
    assert "job_title: int | None" in (tree / "out" / "models" / "user.py").read_text(encoding="utf-8")
    lines = watch_lines(result.stderr)
    assert len(lines) == 2
    assert lines[0].startswith("docgen: watch: run 1 (start): exit 0 in ")
    assert lines[1].startswith("docgen: watch: run 2 (changed: docs/resources/user.md): exit 0 in ")
    assert "watching 16 files" in lines[1]  # the 16 pages (no pyproject.toml here)
    assert calls and all(seconds == 0.2 for seconds in calls)
    # The second run rewrote only the files the edit changed (the model and what uses jobTitle).
    first, second = (re.fullmatch(r"out: (\d+) written, 0 removed, (\d+) unchanged", line)
                     for line in result.stdout.splitlines() if line.startswith("out: "))
    total = int(first[1])
    assert total > 10 and first[2] == "0"
    assert 1 <= int(second[1]) < total and int(second[1]) + int(second[2]) == total


def test_a_bad_page_is_a_diagnostic_and_watching_goes_on(tree, monkeypatch):
    page = tree / USER
    good = page.read_bytes()
    script(monkeypatch, lambda: page.write_bytes(b"\x00\x01binary"), None, lambda: page.write_bytes(good + b"\n"))
    result = invoke("generate", "docs", "-o", "out", "--watch", "--max-runs", "3")
    lines = watch_lines(result.stderr)
    assert [line.split(": exit ")[1][:1] for line in lines] == ["0", "1", "0"], result.stderr
    assert "docs/resources/user.md:1:1: error: binary-file" in result.stderr
    assert "Traceback" not in result.output
    assert result.exit_code == 0  # the last run's status


def test_lint_watch_reports_each_runs_findings(tree, monkeypatch):
    script(monkeypatch, edit(USER, "|jobTitle|String|", "|jobTitle|Int64|"))
    result = invoke("lint", "docs", "--format", "json", "--watch", "--max-runs", "2")
    documents = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert len(documents) == 2
    assert documents[0]["diagnostics"] != documents[1]["diagnostics"]  # the edit's finding appears
    assert not documents[0]["diagnostics"]
    # The get and list examples return jobTitle as a string: now a number by the table.
    assert {(d["path"], d["code"]) for d in documents[1]["diagnostics"]} == {
        ("docs/api/user-get.md", "example-value-type"), ("docs/api/user-list.md", "example-value-type")}
    assert len(watch_lines(result.stderr)) == 2


def test_check_watch_sees_the_output_go_stale(tree, monkeypatch):
    assert invoke("generate", "docs", "-o", "out").exit_code == 0
    script(monkeypatch, edit(USER, "|mail|String|The SMTP address for the user.|", "|mail|String|The address.|"))
    result = invoke("check", "docs", "-o", "out", "--watch", "--max-runs", "2")
    assert [line.split(": exit ")[1][:1] for line in watch_lines(result.stderr)] == ["0", "1"]
    assert "out: up to date" in result.stdout and "out: out of date" in result.stdout
    assert result.exit_code == 1


def test_ctrl_c_while_waiting_stops_with_exit_0(tree, monkeypatch):
    def interrupt() -> None:
        raise KeyboardInterrupt

    script(monkeypatch, interrupt)
    result = invoke("generate", "docs", "-o", "out", "--watch")
    assert result.exit_code == 0
    assert "docgen: watch stopped after 1 run(s)" in result.stderr


def test_ctrl_c_during_a_run_stops_with_exit_0(tmp_path):
    def interrupted_command(**_):
        sys.exit(130)  # what the commands' guard makes of KeyboardInterrupt

    watched = watch.Watched(folders=(tmp_path,), files=())
    assert watch.watch_loop(interrupted_command, {}, watched, 100, None) == 0


def test_an_unexpected_error_in_a_run_is_reported_and_watching_goes_on(tmp_path, monkeypatch, capsys):
    page = tmp_path / "a.md"
    page.write_text("x", encoding="utf-8")
    script(monkeypatch, lambda: page.write_text("xy", encoding="utf-8"))
    runs = []

    def command(**_):
        runs.append(1)
        if len(runs) == 1:
            raise RuntimeError("boom")

    assert watch.watch_loop(command, {}, watch.Watched((tmp_path,), ()), 100, 2) == 0
    err = capsys.readouterr().err
    assert "<docgen>: error: internal-error: unexpected RuntimeError: boom" in err
    assert "run 1 (start): exit 1" in err and "run 2 (changed: " in err


def test_scan_sees_pages_only_and_never_the_output_folder(tmp_path):
    docs = tmp_path / "docs"
    for name in ("a.md", "sub/b.MD", "notes.txt", ".hidden/c.md", "out/README.md"):
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text("x", encoding="utf-8")
    named = tmp_path / "page.markdown"
    named.write_text("x", encoding="utf-8")
    seen = watch.Watched(folders=(docs,), files=(named, tmp_path / "missing.md"), skip=(docs / "out",)).scan()
    assert sorted(Path(p).relative_to(tmp_path).as_posix() for p in seen) == [
        "docs/a.md", "docs/sub/b.MD", "page.markdown"]


def test_a_same_size_save_with_the_mtime_put_back_is_seen(tmp_path):
    """``cp -p`` / ``rsync -t`` / ``os.utime``: same size, same mtime, other bytes. The change time
    moves (a process cannot set it), and a replace by rename gives another inode."""
    page = tmp_path / "a.md"
    page.write_text("one", encoding="utf-8")
    watched = watch.Watched((tmp_path,), ())
    time.sleep(0.05)  # past the file system clock's tick (coarse ctime): not a timing assertion
    before = watched.scan()
    stat = page.stat()
    page.write_text("two", encoding="utf-8")
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert page.stat().st_mtime_ns == stat.st_mtime_ns and page.stat().st_size == stat.st_size
    after = watched.scan()
    assert watch.changes(before, after) == [str(page)]
    time.sleep(0.05)
    replaced = tmp_path / "a.md.new"  # an editor's save: written aside, renamed over the page
    replaced.write_text("six", encoding="utf-8")
    os.utime(replaced, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    os.replace(replaced, page)
    assert watch.changes(after, watched.scan()) == [str(page)]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork and flock: Linux")
def test_a_model_store_that_ends_while_watching_is_reaped(tmp_path, monkeypatch):
    """Review's leftover: the store a run leaves running stayed a zombie until the next run."""
    sys.path.insert(0, str(REPO / "tests" / "pipeline"))
    from slow_cache import SlowCache

    from docgen.pipeline import entry_writer

    page = tmp_path / "a.md"
    page.write_text("x", encoding="utf-8")
    watched = watch.Watched((tmp_path,), ())
    before = watched.scan()
    entry_writer.store_later(SlowCache(tmp_path, 0.2), [("model", "k", 1)])
    (pid, _, _), = [w for w in entry_writer._WRITERS if w[2]]
    steps = [lambda: time.sleep(0.1)] * 10  # waits while the store runs and ends, nothing edited
    script(monkeypatch, *steps, lambda: page.write_text("xy", encoding="utf-8"))
    watch.wait_for_change(watched, before, 0.1)
    assert (tmp_path / "model-k").exists()
    assert not [w for w in entry_writer._WRITERS if w[2]]
    with pytest.raises(ChildProcessError):  # reaped: no zombie of it is left
        os.waitpid(pid, os.WNOHANG)


def test_a_save_in_steps_makes_one_run(tmp_path, monkeypatch):
    page = tmp_path / "a.md"
    page.write_text("x", encoding="utf-8")
    watched = watch.Watched((tmp_path,), ())
    before = watched.scan()
    new = tmp_path / "b.md"
    calls = script(monkeypatch, None, lambda: page.write_text("", encoding="utf-8"),
                   lambda: page.write_text("xyz", encoding="utf-8"), lambda: new.write_text("b", encoding="utf-8"))
    after, changed = watch.wait_for_change(watched, before, 0.1)
    # Wait 1: nothing; 2: truncated (a change); 3: written (still changing); 4: another file; 5: stable.
    assert len(calls) == 5
    assert changed == sorted([str(page), str(new)])
    assert after == watched.scan()


def test_watch_options_are_refused_without_watch_and_with_update_baseline(tree):
    assert invoke("generate", "docs", "-o", "out", "--interval", "100").exit_code == 2
    result = invoke("lint", "docs", "--baseline", "b.json", "--update-baseline", "--watch")
    assert result.exit_code == 2 and "not with --watch" in result.output
    assert not (tree / "out").exists()


def test_a_usage_error_before_the_first_run_exits_2(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no DOCS, no [tool.docgen]
    assert invoke("generate", "--watch").exit_code == 2


@pytest.mark.skipif(os.name != "posix", reason="sends SIGINT")
def test_sigint_to_a_watching_process_exits_0(tree):
    """The real thing: a `docgen generate --watch` process, interrupted while it waits."""
    env = dict(os.environ, PYTHONPATH=str(REPO), DOCGEN_CACHE_DIR=str(tree / "cache"))
    # SIGINT as a terminal's Ctrl-C finds it: a test run started in the background by a shell
    # (`pytest &`) ignores SIGINT, and its children inherit that (Python then keeps it ignored).
    with subprocess.Popen([sys.executable, "-m", "docgen", "generate", "docs", "-o", "out", "--watch"],
                          cwd=tree, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                          preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL)) as proc:
        try:
            for line in proc.stderr:  # wait (without a timer) until the first run is reported
                if line.startswith("docgen: watch: run 1"):
                    break
            proc.send_signal(signal.SIGINT)
            try:  # bounded: a process (or a child holding its stderr) that outlives SIGINT fails here
                _, rest = proc.communicate(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
                raise AssertionError("docgen --watch was still running (or its stderr open) 60 s after SIGINT") from None
            assert proc.returncode == 0
            assert "docgen: watch stopped after 1 run(s)" in rest
            assert "Traceback" not in rest
        finally:
            if proc.poll() is None:
                proc.kill()


def test_a_watch_patches_the_model_it_kept_not_the_stored_one(tree, monkeypatch):
    """After an edit, a watch run patches the model its last run built (kept in memory), without
    reading the stored model; the output is what a run without the cache writes, and a run after
    the watch reads the cache again."""
    from docgen.pipeline.cache import Cache

    read: list[str] = []
    real = Cache.get
    monkeypatch.setattr(Cache, "get", lambda self, kind, key: (read.append(kind), real(self, kind, key))[1])
    script(monkeypatch, edit(USER, "|jobTitle|String|", "|jobTitle|Int64|"))
    result = invoke("generate", "docs", "-o", "out", "--watch", "--max-runs", "2")
    assert result.exit_code == 0, result.output
    assert read.count("model") == 2  # each run looks its own tree's model up; the kept one is not read
    assert "job_title: int | None" in (tree / "out" / "models" / "user.py").read_text(encoding="utf-8")
    assert invoke("check", "docs", "-o", "out", "--no-cache").exit_code == 0
    edit(USER, "|jobTitle|Int64|", "|jobTitle|Boolean|")()
    read.clear()
    assert invoke("generate", "docs", "-o", "out").exit_code == 0
    assert read.count("model") == 2  # no watch: the last model is read from the cache
