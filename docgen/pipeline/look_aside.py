"""The child that looks at the output folder for the write (:mod:`docgen.write.ahead`), forked at
plan time beside the page parse (:mod:`docgen.pipeline.parse_aside`).

In: the output folder and the stamps the write will be given. Out: a child forked to run
:func:`docgen.write.ahead.look` and send its answer (:func:`~docgen.pipeline.parse_aside.fork_child`:
no SQLite connection, dies with this process, leaves by ``os._exit``), handed to the write
(:func:`docgen.write.ahead.expect`), which reads it as data (:mod:`docgen.pipeline.unmarshal`)
and checks its shape. The write waits for it at most :data:`WAIT_SECONDS`, then ends it.
"""

from __future__ import annotations

import os
import select
import signal
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from docgen.pipeline import unmarshal
from docgen.write import ahead
from docgen.write.stamps import Stamp

WAIT_SECONDS = 0.01
"""How long a write waits for a child that has not answered yet before it ends it and surveys:
a fraction of the walk, survey and path checks it would spare (30-50 ms on the corpus). The
child needs about 25 ms of CPU and is forked hundreds of milliseconds before the write: one not
done by then is starved of a core, and waiting longer for it is mostly lost."""


class Look:
    """A forked child looking at ``out`` with the stamps ``known`` (:func:`look_early`)."""

    def __init__(self, pid: int, read_end: int, out: str, known: Mapping[str, Stamp]):
        self.pid = pid
        self.out = out
        self.known = known
        self._read_end = read_end

    def answer(self, wait: float = WAIT_SECONDS) -> Any:
        """What the child sent, read as data, waiting at most ``wait`` seconds for it (then it
        is ended); None when nothing came in time or it is not marshal data (its shape is
        checked by :func:`docgen.write.ahead.take`)."""

        chunks = []
        deadline = time.monotonic() + wait
        done = False
        try:
            while True:
                left = deadline - time.monotonic()
                if left <= 0 or not select.select([self._read_end], [], [], left)[0]:
                    break
                chunk = os.read(self._read_end, 1 << 20)
                if not chunk:
                    done = True
                    break
                chunks.append(chunk)
        except OSError:
            done = False
        if not done:
            self.discard(reap=False)  # (reaped at the end of the run: it may take a moment to die)
            return None
        os.close(self._read_end)
        os.waitpid(self.pid, 0)
        try:
            return unmarshal.loads(b"".join(chunks))
        except unmarshal.NotMarshal:
            return None

    def discard(self, reap: bool = True) -> None:
        """End the child now and wait for it (``reap``), or leave that to :func:`discard_early`."""
        try:
            os.kill(self.pid, signal.SIGKILL)
        except OSError:
            pass
        try:
            os.close(self._read_end)
        except OSError:
            pass
        if reap:
            os.waitpid(self.pid, 0)
        else:
            _ENDED.append(self.pid)


_ENDED: list[int] = []
"""Children ended without being waited for (:meth:`Look.answer` gave up on them)."""


def look_early(out: Path, known: Mapping[str, Stamp]) -> Look | None:
    """Fork the child that looks at ``out`` with ``known`` (the stamps the write will be given)
    and hand it to the write (:func:`docgen.write.ahead.expect`); None when there are no stamps or
    no child could be forked (the caller decides whether one may be: see
    :func:`docgen.pipeline.parse_aside.usable`)."""
    from docgen.pipeline.parse_aside import fork_child

    ahead.discard_early()
    if not known:
        return None
    base = os.path.abspath(out)
    forked = fork_child(lambda: ahead.look(base, known))
    if forked is None:
        return None
    look = Look(forked[0], forked[1], base, known)
    ahead.expect(look)
    return look


def discard_early() -> None:
    """End the child nothing took, and wait for those ended before (the end of a run)."""
    ahead.discard_early()
    while _ENDED:
        try:
            os.waitpid(_ENDED.pop(), 0)
        except ChildProcessError:
            pass
