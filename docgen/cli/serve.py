"""``docgen serve``: keep docgen imported, and run each ``docgen`` command in a forked child.

A warm edit's command paid 0.13-0.16 s of imports of its 0.6 s (issue 18). The server imports
what every command imports (:data:`PRELOAD`, and every docgen module), then listens on an
``AF_UNIX`` socket in a private folder of the cache folder (:func:`docgen.serve_client.socket_path`:
one server per docgen, Python and cache folder). The ``docgen`` command
(:mod:`docgen.serve_client`) sends its argv, working folder, environment, umask and stdin, stdout
and stderr (as file descriptors); the server forks a child that becomes that command: the client's
descriptors on 0, 1 and 2 (``sys.stdin``/``stdout``/``stderr`` rebuilt with the client's
encoding, errors and buffering: a terminal is still a terminal), its environment (``os.environ``
replaced), folder and umask, its own process group, then :func:`docgen.cli.main.run` as
``python -m docgen`` would. The server reaps the child and sends the client its status.

It refuses (and the command runs in the client) a peer of another user, a client whose
dependencies, encodings or interpreter flags differ from the server's, and, when docgen's code
changed since it started (a ``.py`` file's or template's size or mtime, a folder's mtime, the
dependencies' ``dist-info`` folders: :func:`code_state`), every request: it then stops. It is
single-threaded and holds no open file or database connection when it forks. It stops on Ctrl-C,
SIGTERM or after ``--idle-timeout`` seconds without a command, removing its socket, once its
running children ended.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

import click


def serve_command(run_command: Callable[[], None]) -> click.Command:
    """The ``serve`` command, whose children run the command line with ``run_command``
    (:func:`docgen.cli.main.run`: passed in, not imported, as that module registers this one)."""

    @click.command()
    @click.option("--idle-timeout", type=click.FloatRange(min=0), default=1800.0, show_default=True,
                  help="Stop after this many seconds without a command (0: never).")
    @click.option("--verbose", is_flag=True, help="One line on stderr for each command run.")
    def serve(idle_timeout: float, verbose: bool) -> None:
        """Keep docgen loaded and run every docgen command of this user, docgen and cache folder in a
        forked child: the same output, without the imports' time. Stops on Ctrl-C or SIGTERM.

        Commands use it while it runs (DOCGEN_NO_SERVER=1: never); with none, or when it cannot run
        a command exactly as here (other dependencies, encodings, Python flags), the command runs on
        its own. It stops when docgen's code changes.
        """
        from docgen.serve_client import supported

        if not supported():
            click.echo("docgen serve: not available on this platform (it needs fork and AF_UNIX sockets)", err=True)
            sys.exit(2)
        from docgen.cli.serve_loop import Server

        sys.exit(Server(idle_timeout or None, verbose, run_command).serve())

    return serve
