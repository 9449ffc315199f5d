"""docgen's child processes: how they are forked, and how they end when their parent does.

In: a worker count. Out: process pools (:func:`pool`) whose workers, like every child docgen
forks (:func:`die_with_parent`, also called by the cache's entry writer), exit when the process
that forked them dies, even by SIGKILL. Without this, a killed ``docgen`` left workers blocked for
ever on a queue whose other end was gone (issue 19: 2 to 4 orphans after each kill).
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

PR_SET_PDEATHSIG = 1
"""prctl(2): the signal this process gets when the thread that forked it exits."""
POLL_SECONDS = 0.5
"""How often a child checks its parent where the kernel cannot tell it (not Linux)."""


def fork_context() -> Any:
    """The ``fork`` start method on Linux; None elsewhere (Windows has none, and on macOS a
    forked child may crash in system libraries, which is why Python does not default to it).

    Every process pool of docgen's uses it where it can: the workers inherit what the parent
    imported and loaded (and its paused collector), whatever start method Python defaults to
    (``forkserver`` from 3.14 on Linux)."""
    if not sys.platform.startswith("linux"):
        return None
    import multiprocessing  # only once a pool is wanted (7 ms of a warm edit's imports)

    return multiprocessing.get_context("fork")


@cache
def _prctl() -> Callable[..., int] | None:
    """libc's ``prctl`` on Linux (looked up in the parent, so forked children need no ctypes
    work of their own), None where there is none."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        function = libc.prctl
    except (OSError, AttributeError):
        return None
    function.restype = ctypes.c_int
    return function


def die_with_parent(parent: int) -> None:
    """Make this (child) process exit when ``parent``, the process that forked it, dies.

    On Linux the kernel sends SIGKILL at the parent's death (``PR_SET_PDEATHSIG``); elsewhere, or
    when that fails, a daemon thread checks every :data:`POLL_SECONDS` whether the parent is still
    this process's parent. Either way a parent that died before this ran is noticed at once.
    """
    prctl = _prctl()
    armed = prctl is not None and prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0
    if os.getppid() != parent:  # died before the signal was armed
        os._exit(1)
    if armed:
        return

    def watch() -> None:
        while True:
            time.sleep(POLL_SECONDS)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="docgen-parent-watch", daemon=True).start()


def pool(workers: int) -> ProcessPoolExecutor:
    """A process pool of ``workers`` (forked where :func:`fork_context` allows) whose workers
    die with this process."""
    from concurrent.futures import (
        ProcessPoolExecutor,  # only when there is work to spread
    )

    _prctl()  # looked up here, once: the forked workers inherit it
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=fork_context(),
        initializer=die_with_parent,
        initargs=(os.getpid(),),
    )
