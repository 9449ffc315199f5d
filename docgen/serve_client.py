"""The ``docgen`` command's side of ``docgen serve`` (:mod:`docgen.cli.serve`): when a server for
this code and cache folder is running, the command runs in a child the server forks (everything
already imported) instead of in this process.

Standard library only, and nothing of docgen's but :mod:`docgen.cache_folder`: this runs before
the command line is imported (:mod:`docgen.__main__`). :func:`run_through_server` returns (and the
command runs here, as without a server) when there is no server, ``DOCGEN_NO_SERVER`` is set, the
connection is refused, the server answers that its code is stale or that it cannot run this
process's command the same way, or anything goes wrong before its child started; once the child
started it does not return: it exits with the child's status (a child killed by a signal: this
process kills itself with that signal), or, when the connection drops without one (the server
was killed), stops the child and exits 1 with a one-line message. A client that is killed, or
closes the connection, has its child killed by the server.

The request is one JSON document (argv, working folder, environment, umask, how stdin, stdout and
stderr are set up, what the server must match) sent with this process's file descriptors 0, 1
and 2 (``SCM_RIGHTS``); the server's answers are JSON lines: ``{"refused": why}``, or
``{"pid": n}`` from the child once it is set up (this process then says ``go``: a child whose
client left runs nothing) and ``{"exit": status}`` from the server when it reaped the child
(:func:`os.waitstatus_to_exitcode`: a negative status is a signal). SIGINT (to the child's
process group, as a terminal would), SIGTERM and SIGHUP received meanwhile are sent on.
"""

from __future__ import annotations

import hashlib
import os
import sys

from docgen.cache_folder import cache_folder

NO_SERVER_ENV = "DOCGEN_NO_SERVER"
"""Set (to anything but empty or ``0``): never use a server (tests and CI that must not)."""

MAX_SOCKET_PATH = 107
"""The longest ``AF_UNIX`` socket path in bytes (``sun_path`` is 108 on Linux, with its NUL)."""

DEPENDENCIES = ("jinja2", "markdown_it", "click", "black")
"""Packages the server's must be the client's (compared by where the client would import them from)."""

FORWARDED = ("SIGINT", "SIGTERM", "SIGHUP")
"""Signals this process sends on to the server's child."""

CONNECT_TIMEOUT = 10.0
"""Seconds to wait for the server to connect, take the request and set the child up."""


def supported() -> bool:
    """Whether this platform has what a server needs (``fork``, ``AF_UNIX`` and fd passing)."""
    return os.name == "posix" and hasattr(os, "fork") and sys.platform != "win32"


def socket_path(environ=None) -> str | None:
    """The socket of the server for this docgen (its package folder), this Python
    (``sys.executable`` and version) and the cache folder ``environ`` names, or None when that
    path is too long for a socket. A private folder ``<cache>/server/`` holds it."""
    import docgen

    package = os.path.dirname(os.path.abspath(docgen.__file__))
    cache = os.path.abspath(cache_folder(environ))
    identity = "\0".join((package, sys.executable, sys.version, cache))
    name = hashlib.sha256(identity.encode("utf-8", "surrogateescape")).hexdigest()[:20]
    path = os.path.join(cache, "server", name + ".sock")
    return path if len(os.fsencode(path)) <= MAX_SOCKET_PATH else None


def stream_settings() -> list:
    """How this process's stdin, stdout and stderr are set up (None for one that is missing or
    not its standard descriptor), for the child to build its own on the same descriptors."""
    found: list = []
    for fd, stream in enumerate((sys.stdin, sys.stdout, sys.stderr)):
        try:
            if stream is None or stream.fileno() != fd:
                found.append(None)
                continue
            os.fstat(fd)
            found.append({"encoding": stream.encoding, "errors": stream.errors,
                          "line_buffering": stream.line_buffering, "write_through": stream.write_through})
        except (AttributeError, OSError, ValueError):
            found.append(None)
    return found


def must_match() -> dict:
    """What the server's process must share with this one for a command to run the same there:
    where the dependencies come from, the encodings, the flags that change what code does."""
    import importlib.util

    origins = {}
    for name in DEPENDENCIES:
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            spec = None
        origins[name] = spec.origin if spec is not None else None
    import locale

    flags = sys.flags
    return {
        "origins": origins,
        "encodings": [locale.getpreferredencoding(False), sys.getfilesystemencoding(), sys.getfilesystemencodeerrors()],
        "flags": [flags.optimize, flags.utf8_mode, flags.dev_mode, flags.bytes_warning, flags.isolated,
                  getattr(flags, "warn_default_encoding", 0)],
        "warnoptions": list(sys.warnoptions),
    }


def request() -> dict:
    """The request for this process's command (argv, cwd, environment, umask, streams, ...)."""
    import signal

    main = sys.modules.get("__main__")
    mask = os.umask(0)
    os.umask(mask)
    return {
        "argv": list(sys.argv),
        "main_package": getattr(main, "__package__", None),
        "cwd": os.getcwd(),
        "env": dict(os.environ),
        "umask": mask,
        "streams": stream_settings(),
        "sigint_ignored": signal.getsignal(signal.SIGINT) is signal.SIG_IGN,
        "dont_write_bytecode": sys.dont_write_bytecode,
        "match": must_match(),
    }


def run_through_server() -> None:
    """Run this process's command in a running ``docgen serve`` and exit with its status, or
    return (the command then runs here) when no server can run it."""
    if not supported() or os.environ.get(NO_SERVER_ENV, "") not in ("", "0"):
        return
    if len(sys.argv) > 1 and sys.argv[1] == "serve":
        return  # a server is started here, never in another
    try:
        path = socket_path()
        if path is None or os.stat(path).st_uid != os.getuid():
            return
    except (OSError, RuntimeError, ValueError):  # no socket (the usual case); no home folder
        return
    state = {"started": False}
    try:
        _run(path, state)
    except Exception:  # anything before the child started: run here instead
        pass
    if not state["started"]:  # (refused, or no server after all)
        return
    # The child started and the connection dropped without its status (the server was killed):
    # the command is stopped, not run again here.
    try:
        os.kill(state["pid"], 15)  # SIGTERM (signal is not imported here)
    except (OSError, KeyError):
        pass
    try:
        sys.stderr.write("docgen: the docgen serve process running this command stopped; the command was stopped\n")
        sys.stderr.flush()
    finally:
        os._exit(1)


def _run(path: str, state: dict) -> None:
    """Send the request; from the child's start on (``state["started"]``), exit with its status
    or return when the connection drops without it."""
    import json
    import signal
    import socket
    import struct

    sent_request = request()
    data = json.dumps(sent_request).encode("ascii")
    fds = [fd for fd, setting in enumerate(sent_request["streams"]) if setting is not None]
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        conn.settimeout(CONNECT_TIMEOUT)
        conn.connect(path)
        message = struct.pack(">I", len(data)) + data
        sent = socket.send_fds(conn, [message], fds)
        conn.sendall(message[sent:])
        replies = conn.makefile("rb")
        first = json.loads(replies.readline() or b"null")
        if not isinstance(first, dict) or not isinstance(first.get("pid"), int):
            return  # refused (stale code, another setup) or gone: run here
        pid = first["pid"]

        def forward(signum, frame) -> None:
            try:
                if signum == signal.SIGINT:
                    os.killpg(pid, signum)  # as a terminal's Ctrl-C: the child's workers too
                else:
                    os.kill(pid, signum)
            except OSError:
                try:
                    os.kill(pid, signum)
                except OSError:
                    pass

        conn.sendall(b"g")  # (a child that does not get it runs nothing: then the command runs here)
        state["started"], state["pid"] = True, pid
        for name in FORWARDED:
            signal.signal(getattr(signal, name), forward)
        conn.settimeout(None)
        last = json.loads(replies.readline() or b"null")
        if not isinstance(last, dict) or not isinstance(last.get("exit"), int):
            return
    status = last["exit"]
    if status < 0:  # killed by a signal: so is this process, as a local run would have been
        for name in FORWARDED:
            signal.signal(getattr(signal, name), signal.SIG_DFL)
        try:
            signal.signal(-status, signal.SIG_DFL)
        except (OSError, ValueError):  # SIGKILL and SIGSTOP have no handler to reset
            pass
        os.kill(os.getpid(), -status)
        os._exit(128 - status)
    os._exit(status)
