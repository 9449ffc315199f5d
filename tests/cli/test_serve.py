"""``docgen serve`` with real processes: a command run through the server gives the bytes, exit
status and streams of the same command run on its own; a server whose code changed, or that is
gone, leaves the command to run on its own; the client's folder and environment are the child's;
Ctrl-C reaches the child. Every server a test starts is stopped in the fixture's teardown."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from conftest import REPO, SEED

pytestmark = pytest.mark.skipif(
    not (hasattr(os, "fork") and hasattr(socket, "AF_UNIX") and hasattr(socket, "send_fds")),
    reason="docgen serve needs fork and AF_UNIX sockets",
)


class Server:
    """A ``docgen serve --verbose`` subprocess for the code in ``code`` and the cache ``cache``."""

    def __init__(self, code: Path, cache: Path, log: Path) -> None:
        self.code, self.cache, self.log = code, cache, log
        self.env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(code), os.environ.get("PYTHONPATH", "")]),
                        DOCGEN_CACHE_DIR=str(cache))
        self.env.pop("DOCGEN_NO_SERVER", None)
        self.env.pop("CI", None)
        with open(log, "wb") as err:
            self.proc = subprocess.Popen([sys.executable, "-m", "docgen", "serve", "--verbose", "--idle-timeout", "300"],
                                         env=self.env, stdin=subprocess.DEVNULL, stdout=err, stderr=err, cwd=cache.parent)
        deadline = time.monotonic() + 60
        while "listening on" not in self.text():
            assert self.proc.poll() is None, self.text()
            assert time.monotonic() < deadline, self.text()
            time.sleep(0.05)
        self.socket = self.text().split("listening on ", 1)[1].split(" (pid", 1)[0]

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def commands(self) -> int:
        """How many commands the server ran (its ``--verbose`` lines)."""
        return sum(1 for line in self.text().splitlines()
                   if line.startswith("docgen serve: command ") and " ended: " not in line)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@pytest.fixture()
def place():
    """A short folder (socket paths are limited to ~107 bytes): code, cache and projects go here."""
    folder = Path(tempfile.mkdtemp(prefix="dgs"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture()
def servers(place):
    """Starts servers (``servers(code=...)``) and stops every one at the end."""
    started: list[Server] = []

    def start(code: Path = REPO) -> Server:
        server = Server(code, place / "cache", place / f"serve{len(started)}.log")
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


def project(place: Path, name: str) -> Path:
    """A project folder holding ``docs/`` with the seed page."""
    (place / name / "docs").mkdir(parents=True)
    shutil.copy(SEED, place / name / "docs" / SEED.name)
    return place / name


def docgen(env: dict, cwd: Path, *args: str, local: bool = False, **kw) -> subprocess.CompletedProcess:
    env = dict(env, DOCGEN_NO_SERVER="1") if local else env
    return subprocess.run([sys.executable, "-m", "docgen", *args], env=env, cwd=cwd, capture_output=True,
                          timeout=300, **kw)


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def same(a: subprocess.CompletedProcess, b: subprocess.CompletedProcess) -> None:
    assert (a.returncode, a.stdout, a.stderr) == (b.returncode, b.stdout, b.stderr)


def test_generate_through_the_server_is_the_local_generate(place, servers) -> None:
    server = servers()
    local, served = project(place, "local"), project(place, "served")
    args = ("generate", "docs", "-o", "out", "--format", "json")
    alone = docgen(server.env, local, *args, local=True)
    through = docgen(server.env, served, *args)
    assert server.commands() == 1  # it went through the server (a relative DOCS: the client's folder)
    same(alone, through)
    assert alone.returncode == 0 and b'"ok": true' in alone.stdout
    assert tree(local / "out") == tree(served / "out") and tree(local / "out")
    # warm, text format, and check: still the same, each through the server
    for more in (("generate", "docs", "-o", "out"), ("check", "docs", "-o", "out"), ("model", "docs")):
        same(docgen(server.env, local, *more, local=True), docgen(server.env, served, *more))
    assert server.commands() == 4
    assert tree(local / "out") == tree(served / "out")


def test_a_failing_command_and_a_usage_error_exit_as_locally(place, servers) -> None:
    server = servers()
    folder = project(place, "bad")
    (folder / "bin").mkdir()
    (folder / "bin" / "image.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    failed = docgen(server.env, folder, "generate", "bin", "-o", "out")
    assert failed.returncode == 1
    assert b"bin/image.md:3:1: error: binary-file:" in failed.stdout + failed.stderr
    assert b"Traceback" not in failed.stderr
    same(failed, docgen(server.env, folder, "generate", "bin", "-o", "out", local=True))
    usage = docgen(server.env, folder, "generate", "--no-such-option")
    assert usage.returncode == 2 and b"No such option" in usage.stderr
    same(usage, docgen(server.env, folder, "generate", "--no-such-option", local=True))
    assert server.commands() == 2
    assert not (folder / "out").exists()


def test_the_client_environment_is_the_command_environment(place, servers) -> None:
    server = servers()
    folder = project(place, "env")
    args = ("lint", "docs", "--format", "sarif", "--fail-on", "error")
    env = dict(server.env, DOCGEN_HELP_BASE_URL="https://example.invalid/tree/")
    through = docgen(env, folder, *args)
    assert server.commands() == 1
    assert b"https://example.invalid/tree/" in through.stdout  # the client's variable, not the server's
    same(through, docgen(env, folder, *args, local=True))
    plain = docgen(server.env, folder, *args)
    assert b"example.invalid" not in plain.stdout  # the variable is not left behind in the server


def test_a_server_whose_code_changed_stops_and_the_command_runs_here(place, servers) -> None:
    code = place / "code"
    shutil.copytree(REPO / "docgen", code / "docgen", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "templates", code / "templates")
    server = servers(code)
    folder = project(place, "stale")
    assert docgen(server.env, folder, "model", "docs").returncode == 0
    assert server.commands() == 1
    module = code / "docgen" / "keys.py"
    st = module.stat()
    os.utime(module, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
    again = docgen(server.env, folder, "model", "docs")
    assert again.returncode == 0 and again.stdout
    assert server.commands() == 1  # run here, not in the server
    server.proc.wait(timeout=30)  # and the server stopped on its own
    assert "docgen's code changed" in server.text()
    assert not Path(server.socket).exists()
    same(again, docgen(server.env, folder, "model", "docs", local=True))


def test_a_socket_left_by_a_server_that_is_gone_is_ignored(place, servers) -> None:
    server = servers()
    folder = project(place, "gone")
    server.proc.kill()
    server.proc.wait()
    assert Path(server.socket).exists()  # left behind
    alone = docgen(server.env, folder, "generate", "docs", "-o", "out")
    assert alone.returncode == 0 and b"written" in alone.stdout
    assert (folder / "out").is_dir()


def test_ctrl_c_reaches_the_child(place, servers) -> None:
    server = servers()
    folder = project(place, "watch")
    statuses = []
    for local in (True, False):
        env = dict(server.env, DOCGEN_NO_SERVER="1") if local else server.env
        out = folder / f"out{int(local)}"
        # SIGINT as a terminal's Ctrl-C finds it (as test_cli_watch does): a test run started in the
        # background by a shell ignores SIGINT, its children inherit that, and Python keeps it ignored
        proc = subprocess.Popen([sys.executable, "-m", "docgen", "generate", "docs", "-o", str(out), "--watch"],
                                env=env, cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        deadline = time.monotonic() + 120
        while not (out / "__init__.py").exists():  # the first run wrote: it is watching now
            assert proc.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        time.sleep(0.3)
        proc.send_signal(signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=60)
        statuses.append(proc.returncode)
        assert b"Traceback" not in stderr
    assert statuses[0] == statuses[1] == 0  # watching ends with 0 on Ctrl-C, through the server too
    assert server.commands() == 1
    deadline = time.monotonic() + 30
    while "ended" not in server.text():  # the child ended; the server reaped it
        assert time.monotonic() < deadline, server.text()
        time.sleep(0.05)


def _on_a_terminal(env: dict, cwd: Path, *args: str) -> tuple[int, bytes]:
    """Run docgen with stdout and stderr on a new pseudo-terminal: its status and what it showed."""
    import pty

    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "docgen", *args], env=env, cwd=cwd, stdin=subprocess.DEVNULL,
                            stdout=slave, stderr=slave)
    os.close(slave)
    shown = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: every writer closed its end
            break
        if not chunk:
            break
        shown += chunk
    os.close(master)
    return proc.wait(timeout=120), shown


def test_a_terminal_is_still_a_terminal(place, servers) -> None:
    server = servers()
    local, served = project(place, "local"), project(place, "served")
    alone = _on_a_terminal(dict(server.env, DOCGEN_NO_SERVER="1"), local, "generate", "docs", "-o", "out")
    through = _on_a_terminal(server.env, served, "generate", "docs", "-o", "out")
    assert server.commands() == 1
    assert alone == through and alone[0] == 0
    assert b"\r\n" in through[1]  # (the terminal's line discipline: it was one)


def test_a_second_server_for_the_same_folder_is_a_usage_error(place, servers) -> None:
    server = servers()
    second = subprocess.run([sys.executable, "-m", "docgen", "serve"], env=server.env, capture_output=True, timeout=120)
    assert second.returncode == 2
    assert b"already listens" in second.stderr
    assert server.proc.poll() is None and Path(server.socket).exists()  # the first is untouched


def _watch(server: Server, folder: Path) -> subprocess.Popen:
    """``generate --watch`` through the server, once its first run wrote the output."""
    proc = subprocess.Popen([sys.executable, "-m", "docgen", "generate", "docs", "-o", "out", "--watch"],
                            env=server.env, cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while not (folder / "out" / "__init__.py").exists():
        assert proc.poll() is None and time.monotonic() < deadline
        time.sleep(0.05)
    assert server.commands() == 1
    return proc


def _child_pid(server: Server) -> int:
    line = next(line for line in server.text().splitlines() if line.startswith("docgen serve: command "))
    return int(line.split()[3].rstrip(":"))


def _gone(pid: int) -> bool:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        try:  # (a zombie not reaped yet counts as gone)
            if Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z":
                return True
        except OSError:
            return True
        time.sleep(0.05)
    return False


def test_a_killed_client_takes_its_command_along(place, servers) -> None:
    server = servers()
    proc = _watch(server, project(place, "killed"))
    child = _child_pid(server)
    proc.kill()
    proc.communicate(timeout=60)
    assert _gone(child)
    assert "its client left" in server.text()
    assert server.proc.poll() is None  # the server goes on


def test_a_killed_server_stops_the_command_and_its_client_exits_1(place, servers) -> None:
    server = servers()
    proc = _watch(server, project(place, "orphan"))
    child = _child_pid(server)
    server.proc.kill()
    server.proc.wait()
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 1
    assert stderr.strip().splitlines()[-1] == (b"docgen: the docgen serve process running this command stopped;"
                                               b" the command was stopped")
    assert _gone(child)


def test_an_idle_server_stops_and_removes_its_socket(place) -> None:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
               DOCGEN_CACHE_DIR=str(place / "cache"))
    env.pop("DOCGEN_NO_SERVER", None)
    done = subprocess.run([sys.executable, "-m", "docgen", "serve", "--idle-timeout", "1"], env=env,
                          capture_output=True, timeout=120)
    assert done.returncode == 0
    lines = done.stderr.decode().splitlines()
    assert lines[0].startswith("docgen serve: listening on ") and lines[-1] == "docgen serve: stopped (idle for 1 s); 0 commands run"
    assert len(lines) == 2
    assert not list((place / "cache" / "server").iterdir())


def test_a_stopped_server_waits_for_its_commands_and_a_second_stop_ends_them(place, servers) -> None:
    server = servers()
    proc = _watch(server, project(place, "stopping"))
    server.proc.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + 30
    while "stopping (SIGTERM) once 1 running command ended" not in server.text():
        assert time.monotonic() < deadline, server.text()
        time.sleep(0.05)
    assert server.proc.poll() is None and proc.poll() is None  # the watch goes on
    server.proc.send_signal(signal.SIGTERM)
    proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGTERM  # the command's end, as the client's own
    assert server.proc.wait(timeout=30) == 0
    assert "stopped (SIGTERM); 1 command run" in server.text()
