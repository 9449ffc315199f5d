"""``docgen serve``'s loop (:mod:`docgen.cli.serve` says what it does): the socket, a request,
the forked child that becomes the client's command, and the children's statuses.

One thread; :func:`select.poll` waits on the listening socket, the running children's
connections (a client that hung up: its child is killed) and a wake-up pipe that
:func:`signal.set_wakeup_fd` writes on SIGCHLD (a child ended: reaped, its status sent), SIGINT and
SIGTERM (stop).

Each child gets a pipe to tell the server the stored model its command used or stored last
(:func:`docgen.pipeline.kept_model.note`); once it ended, with no child running and no client
waiting, the server reads that model ahead (:func:`docgen.serve_ahead.read`, once no store
holds the cache's writers lock and no command has run for :data:`AHEAD_QUIET`), so that the next child finds it decoded (issue 18: 50-55 ms of a
warm edit). Only a cache folder and a key come through that pipe, read as JSON.
"""

from __future__ import annotations

import io
import json
import os
import select
import signal
import socket
import struct
import sys
import time
from collections.abc import Callable

from docgen import serve_ahead
from docgen.serve_code import code_paths, code_state, preload
from docgen.serve_client import must_match, socket_path

MAX_REQUEST = 64 << 20
"""The longest request taken (bytes of JSON): an environment is a few kilobytes."""

REQUEST_TIMEOUT = 5.0
"""Seconds a connected client has to send its whole request."""

AHEAD_POLL = 0.01
"""Seconds between two looks at the writers lock while a model is to be read ahead."""
AHEAD_QUIET = 0.25
"""Seconds with no command running past which a model is read ahead. The read (50-90 ms on the
corpus) cannot be cut short, and a command that comes in during it waits for it: a script's next
command comes within a few tens of milliseconds of the last one's end, a writer's next edit
seconds after, so the read waits for a pause (a burst of commands is served as without it)."""
AHEAD_LIMIT = 10.0
"""Seconds after its command's end past which a model not read ahead yet (a store that does
not end) is not (:data:`docgen.pipeline.entry_writer.AWAIT_LIMIT`)."""


class Refused(Exception):
    """A request the server does not run (the client runs the command itself)."""


class Server:
    """The server of this process's docgen, Python and cache folder."""

    def __init__(self, idle_timeout: float | None, verbose: bool, run_command: Callable[[], None]) -> None:
        self.idle_timeout = idle_timeout
        self.run_command = run_command
        self.verbose = verbose
        self.children: dict[int, socket.socket] = {}
        self.served = 0
        self.stopping: str | None = None
        self.abandoned: set[int] = set()
        self.notes: dict[int, int] = {}  # a running child's pid -> the read end of its notes' pipe
        self.ahead: tuple[str, str, float] | None = None  # (cache folder, key, when) to read ahead
        self.ended = 0.0  # when a child was last reaped (time.monotonic)

    def say(self, text: str) -> None:
        sys.stderr.write(f"docgen serve: {text}\n")
        sys.stderr.flush()

    def serve(self) -> int:
        """Listen until stopped; the exit status."""
        path = socket_path()
        if path is None:
            self.say("the cache folder's path is too long for a socket; not started")
            return 2
        for fd in (0, 1, 2):  # a descriptor received must never land on one of these
            try:
                os.fstat(fd)
            except OSError:
                os.open(os.devnull, os.O_RDWR)
        preload()
        self.paths = code_paths()
        self.code = code_state(self.paths)
        self.match = must_match()
        try:
            listener = self.listen(path)
        except (OSError, Refused) as exc:
            self.say(f"not started: {exc}")
            return 2
        wake_r, wake_w = os.pipe()
        os.set_blocking(wake_r, False)
        os.set_blocking(wake_w, False)
        self.pipe = (wake_r, wake_w)
        self.listener = listener
        signal.set_wakeup_fd(wake_w)
        for name in ("SIGINT", "SIGTERM", "SIGHUP"):
            signal.signal(getattr(signal, name), self.stop_on)
        signal.signal(signal.SIGCHLD, lambda signum, frame: None)
        self.say(f"listening on {path} (pid {os.getpid()}; idle timeout "
                 f"{'none' if self.idle_timeout is None else f'{self.idle_timeout:g} s'})")
        last = time.monotonic()
        try:
            while not (self.stopping and not self.children):
                timeout = None
                if self.idle_timeout is not None and not self.children and not self.stopping:
                    timeout = max(0.0, last + self.idle_timeout - time.monotonic())
                if self.ahead is not None and not self.children:
                    timeout = AHEAD_POLL if timeout is None else min(timeout, AHEAD_POLL)
                ready = self.wait(wake_r, listener, timeout)
                if wake_r in ready:
                    try:
                        while os.read(wake_r, 512):
                            pass
                    except BlockingIOError:
                        pass
                self.reap()
                self.abandon(ready)
                if listener not in ready and not self.children and not self.stopping:
                    self.read_ahead()
                if listener in ready and not self.stopping:
                    self.accept(listener)
                    last = time.monotonic()
                if self.children:
                    last = time.monotonic()
                elif (not ready and self.idle_timeout is not None and not self.stopping
                        and time.monotonic() - last >= self.idle_timeout):
                    self.stop(f"idle for {self.idle_timeout:g} s")
        finally:
            self.close(path)
        self.say(f"stopped ({self.stopping}); {self.served} command{'s' if self.served != 1 else ''} run")
        return 0

    def listen(self, path: str) -> socket.socket:
        """The listening socket at ``path``, its folder made private (0700) first; a socket
        left by a server that is gone is replaced, a live server's is not."""
        folder = os.path.dirname(path)
        os.makedirs(os.path.dirname(folder), exist_ok=True)
        try:
            os.mkdir(folder, 0o700)
        except FileExistsError:
            st = os.stat(folder)
            if st.st_uid != os.getuid():
                raise Refused(f"{folder} belongs to another user") from None
            if st.st_mode & 0o077:
                os.chmod(folder, 0o700)
        if os.path.exists(path):
            probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                probe.connect(path)
            except OSError:
                os.unlink(path)  # a server that is gone left it
            else:
                raise Refused(f"a server already listens on {path}")
            finally:
                probe.close()
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        mask = os.umask(0o177)
        try:
            listener.bind(path)
        finally:
            os.umask(mask)
        listener.listen(64)
        self.inode = os.stat(path).st_ino
        return listener

    def stop_on(self, signum, frame) -> None:
        """SIGINT, SIGTERM or SIGHUP: stop once the running commands ended; a second one while
        some run (a ``--watch``, say) sends them SIGTERM."""
        if self.stopping and self.children:
            for pid in self.children:
                try:
                    os.kill(pid, signal.SIGTERM)
                except OSError:
                    pass
        self.stop(signal.Signals(signum).name)

    def stop(self, why: str) -> None:
        if not self.stopping:
            self.stopping = why
            if self.children:
                self.say(f"stopping ({why}) once {len(self.children)} running command"
                         f"{'s' if len(self.children) != 1 else ''} ended (again: they are stopped)")

    def close(self, path: str) -> None:
        try:
            if os.stat(path).st_ino == self.inode:
                os.unlink(path)
        except OSError:
            pass
        self.listener.close()
        signal.set_wakeup_fd(-1)
        for fd in self.pipe:
            os.close(fd)
        for fd in self.notes.values():
            os.close(fd)

    def take_notes(self, pid: int) -> None:
        """Read what the child ``pid`` (ended) noted: the model to read ahead next."""
        fd = self.notes.pop(pid, None)
        if fd is None:
            return
        data = b""
        try:
            while len(data) < 1 << 16:
                chunk = os.read(fd, 4096)  # (all there: the child ended; a store it left may hold the pipe)
                if not chunk:
                    break
                data += chunk
        except OSError:
            pass
        finally:
            os.close(fd)
        found = serve_ahead.last_note(data)
        if found is None:
            return
        root, key, took = found
        if took is not None and self.verbose:
            self.say(f"the model read ahead ({took[:12]}) was taken by command {pid}")
        if serve_ahead.held(root) != key:
            self.ahead = (root, key, time.monotonic())

    def read_ahead(self) -> None:
        """Read the model noted last ahead, once no store holds its cache's writers lock."""
        if self.ahead is None:
            return
        root, key, since = self.ahead
        if time.monotonic() - self.ended < AHEAD_QUIET:
            return
        if not serve_ahead.writers_done(root):
            if time.monotonic() - since > AHEAD_LIMIT:
                self.ahead = None
            return
        self.ahead = None
        started = time.monotonic()
        try:
            kept = serve_ahead.read(root, key)
        except Exception as exc:  # (a damaged cache, say: the next command reads it as before)
            kept = False
            serve_ahead.forget()
            if self.verbose:
                self.say(f"reading ahead failed: {exc!r}")
        if self.verbose:
            self.say(f"read ahead the model {key[:12]} of {root}: {'kept' if kept else 'none'} "
                     f"({(time.monotonic() - started) * 1000:.0f} ms)")

    def reap(self) -> None:
        """Wait for every child that ended; send its client its status."""
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            conn = self.children.pop(pid, None)
            self.abandoned.discard(pid)
            self.ended = time.monotonic()
            self.take_notes(pid)
            if conn is None:
                continue
            code = os.waitstatus_to_exitcode(status)
            if self.verbose:
                self.say(f"command {pid} ended: {code}")
            try:
                conn.sendall(json.dumps({"exit": code}).encode() + b"\n")
            except OSError:  # the client left
                pass
            conn.close()

    def wait(self, wake_r: int, listener: socket.socket, timeout: float | None) -> set:
        """What is ready: the wake-up pipe's descriptor, the listener (unless stopping), and the
        connection of each running child whose client hung up (``POLLRDHUP``, where there is one:
        not the "go" byte waiting for the child)."""
        poller = select.poll()
        watched: dict[int, object] = {wake_r: wake_r}
        poller.register(wake_r, select.POLLIN)
        if not self.stopping:
            poller.register(listener, select.POLLIN)
            watched[listener.fileno()] = listener
        hang_up = getattr(select, "POLLRDHUP", 0)
        if hang_up:
            for pid, conn in self.children.items():
                if pid not in self.abandoned:
                    poller.register(conn, hang_up)
                    watched[conn.fileno()] = conn
        events = poller.poll(None if timeout is None else int(timeout * 1000) + 1)
        return {watched[fd] for fd, _ in events if fd in watched}

    def abandon(self, ready: set) -> None:
        """Kill each child whose client left (its connection readable: the client says nothing
        after "go", so that is its end), as the client's end would have ended a local command;
        the child's workers die with it, a model store it left running finishes."""
        for pid, conn in list(self.children.items()):
            if conn in ready and pid not in self.abandoned:
                self.abandoned.add(pid)
                if self.verbose:
                    self.say(f"command {pid}: its client left; killed")
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass

    def accept(self, listener: socket.socket) -> None:
        try:
            conn, _ = listener.accept()
        except OSError:
            return
        fds: list[int] = []
        try:
            conn.settimeout(REQUEST_TIMEOUT)
            if hasattr(socket, "SO_PEERCRED"):
                _, uid, _ = struct.unpack("3i", conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED,
                                                               struct.calcsize("3i")))
                if uid != os.getuid():
                    raise Refused("another user")
            request, fds = self.read(conn)
            if code_state(self.paths) != self.code:
                self.stop("docgen's code changed")
                raise Refused("stale")
            if request.get("match") != self.match:
                raise Refused("mismatch")
            note_r, note_w = os.pipe()
            try:
                pid = os.fork()
            except OSError:
                os.close(note_r)
                os.close(note_w)
                raise
            if pid == 0:
                os.close(note_r)
                serve_ahead.noting(note_w)
                self.child(conn, request, fds)  # never returns
            self.children[pid] = conn  # (first: from here on the client must not be refused)
            os.close(note_w)
            os.set_blocking(note_r, False)
            self.notes[pid] = note_r
            conn = None
            self.served += 1
            if self.verbose:
                self.say(f"command {pid}: {' '.join(map(str, request['argv'][1:]))}")
        except Refused as exc:
            self.answer(conn, {"refused": str(exc)})
        except Exception as exc:  # a bad or cut request: the server goes on
            if conn is not None:  # (None: the child runs; its client is answered when it ends)
                self.answer(conn, {"refused": f"bad request: {exc!r}"})
        finally:
            for fd in fds:
                os.close(fd)
            if conn is not None:
                conn.close()

    def answer(self, conn: socket.socket, reply: dict) -> None:
        if self.verbose:
            self.say(f"refused: {reply['refused']}")
        try:
            conn.sendall(json.dumps(reply).encode() + b"\n")
        except OSError:
            pass

    def read(self, conn: socket.socket) -> tuple[dict, list[int]]:
        """The request's JSON and the descriptors sent with it."""
        data, fds, _, _ = socket.recv_fds(conn, 1 << 16, 3)
        while len(data) < 4:
            more = conn.recv(4 - len(data))
            if not more:
                raise ValueError("no request")
            data += more
        size = struct.unpack(">I", data[:4])[0]
        if size > MAX_REQUEST:
            raise ValueError("request too long")
        chunks = [data[4:]]
        have = len(data) - 4
        while have < size:
            chunk = conn.recv(min(1 << 20, size - have))
            if not chunk:
                raise ValueError("request cut short")
            chunks.append(chunk)
            have += len(chunk)
        request = json.loads(b"".join(chunks))
        if not isinstance(request, dict):
            raise ValueError("not an object")
        streams = request["streams"]
        if len(streams) != 3 or len(fds) != sum(1 for s in streams if s is not None):
            raise ValueError("descriptors do not match the streams")
        return request, fds

    def child(self, conn: socket.socket, request: dict, fds: list[int]) -> None:
        """Become the client's command (in the forked child): set up, say so, wait for "go", run."""
        try:
            try:
                os.setpgid(0, 0)
                signal.set_wakeup_fd(-1)
                for name in ("SIGTERM", "SIGHUP", "SIGCHLD"):
                    signal.signal(getattr(signal, name), signal.SIG_DFL)
                signal.signal(signal.SIGINT, signal.SIG_IGN if request["sigint_ignored"] else signal.default_int_handler)
                self.listener.close()
                for fd in self.pipe:
                    os.close(fd)
                for other in self.children.values():
                    other.close()
                conn.settimeout(None)
                become(request, fds)
                start = 3  # no descriptor of the server's left open but the connection and the notes' pipe
                for keep in sorted({conn.fileno(), *([] if serve_ahead.NOTE_FD[0] is None else [serve_ahead.NOTE_FD[0]])}):
                    os.closerange(start, keep)
                    start = keep + 1
                os.closerange(start, max(start + 1, os.sysconf("SC_OPEN_MAX")))
            except Exception as exc:
                conn.sendall(json.dumps({"refused": f"child setup: {exc}"}).encode() + b"\n")
                os._exit(0)
            conn.sendall(json.dumps({"pid": os.getpid()}).encode() + b"\n")
            if conn.recv(1) != b"g":  # the client left (or will run the command itself)
                os._exit(0)
            conn.close()
            self.run_command()  # (docgen.cli.main.run: exits)
        except BaseException:
            pass
        os._exit(1)


def become(request: dict, fds: list[int]) -> None:
    """Take the client's folder, umask, environment, argv and standard streams."""
    os.chdir(request["cwd"])
    os.umask(int(request["umask"]))
    env = {str(k): str(v) for k, v in request["env"].items()}
    if hasattr(os, "environb"):
        os.environb.clear()
    os.environ.clear()
    os.environ.update(env)
    if hasattr(os, "environb"):
        os.environb.update((os.fsencode(k), os.fsencode(v)) for k, v in env.items())
    if hasattr(time, "tzset"):
        time.tzset()  # (the client's TZ)
    sys.argv = [str(a) for a in request["argv"]]
    main = sys.modules.get("__main__")
    if main is not None:  # what click names the program after (`docgen` or `python -m docgen`)
        main.__package__ = request["main_package"]
    sys.dont_write_bytecode = bool(request["dont_write_bytecode"])
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            stream.flush()
    given = iter(fds)
    streams = []
    for fd, setting in enumerate(request["streams"]):
        if setting is None:
            try:
                os.close(fd)
            except OSError:
                pass
            streams.append(None)
            continue
        os.dup2(next(given), fd)
        raw = io.FileIO(fd, "r" if fd == 0 else "w", closefd=False)  # as Python makes its own
        buffer = io.BufferedReader(raw) if fd == 0 else io.BufferedWriter(raw)
        streams.append(io.TextIOWrapper(buffer, encoding=setting["encoding"], errors=setting["errors"],
                                        newline="\n", line_buffering=bool(setting["line_buffering"]),
                                        write_through=bool(setting["write_through"])))
    for fd in fds:
        os.close(fd)
    _SERVERS_STREAMS.extend((sys.stdin, sys.stdout, sys.stderr, sys.__stdin__, sys.__stdout__, sys.__stderr__))
    sys.stdin, sys.stdout, sys.stderr = streams
    sys.__stdin__, sys.__stdout__, sys.__stderr__ = streams


_SERVERS_STREAMS: list = []
"""The server's own standard streams, kept in the child (never freed there: never flushed onto
the client's descriptors)."""
