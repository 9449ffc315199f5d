"""A warm edit's few pages parsed by a forked child while this process reads the stored model.

In: the pages to parse (path, display name, bytes), the parse of one page (``parse``: its core
digest and stored entry, :func:`docgen.pipeline.build._parse_stored`) and what this process does
meanwhile (``meanwhile``: read the model the edit will be patched from,
:func:`docgen.pipeline.build.prefetch_model`). Out: each page's (core digest, entry), as a
serial parse gives them, or None (no child could be made, or what it sent is not that: the
caller parses the pages itself).

A description or type-cell edit parses the edited page (its parse and the imports it needs,
markdown-it's among them: about 50 ms) and then decodes the stored model (about 45 ms), both on
one core while the other idles. Here the child does the first while this process does the
second. The child is forked with no SQLite connection open (as every docgen child:
:func:`docgen.pipeline.cache._close_before_fork`), opens none, dies with this process
(:func:`~docgen.pipeline.procs.die_with_parent`) and leaves by ``os._exit``: it sends one
:mod:`marshal` list through a pipe and is waited for before the pages are used. What it sends is
read as data (:mod:`docgen.pipeline.unmarshal`), checked for its shape, and decoded like a
worker's entry; anything else, and the pages are parsed here as before.

A render's plan forks that child as soon as it knows the pages it had to read (its stamps did not
vouch for them: :func:`parse_early`, from :meth:`~docgen.pipeline.run.Run.plan`), before the check
that the output is not already current, the render's imports and the look-up of the stored page
digests, and the parse takes it when the pages left to parse are those (:func:`take_early`). The
child's imports and parse (about 40 ms of CPU with its fork) then overlap this process's work
before the model is read, not only that read: a description edit's model read (45-55 ms) waited
for the child 2-33 ms (under load), and now never does (measured on the corpus).
"""

from __future__ import annotations

import marshal
import os
import signal
import sys
from collections.abc import Callable, Sequence
from typing import Any

from docgen.pipeline import unmarshal

MOST = 8
"""Pages past which no child is forked for them (a warm edit parses one to a few; more go to the
pool or are parsed here)."""


def usable(count: int, jobs: int) -> bool:
    """Whether ``count`` pages may be parsed aside with ``jobs`` processes allowed (more than one:
    ``--jobs 1`` forks nothing) on this system (``fork`` on Linux, as every docgen child)."""
    return 0 < count <= MOST and jobs > 1 and hasattr(os, "fork") and sys.platform.startswith("linux")


def parse_aside(
    items: Sequence[tuple[str, str, bytes]],
    parse: Callable[[tuple[str, str, bytes]], tuple[str, bytes]],
    meanwhile: Callable[[], None] | None,
    early: Aside | None = None,
) -> list[tuple[str, bytes]] | None:
    """``[parse(item) for item in items]`` worked out by a forked child while ``meanwhile()``
    (when given) runs here; None when no child could be forked or its answer is not that list
    (``meanwhile`` has run either way, or raised: the child is waited for then too). ``early``:
    the child :func:`parse_early` forked for these items (:func:`take_early`), else one is forked now."""
    aside = early if early is not None else start(items, parse)
    try:
        if meanwhile is not None:
            meanwhile()
    finally:
        answer = aside.collect() if aside is not None else None
    return answer


class Aside:
    """A forked child parsing ``items`` (:func:`start`): its answer is taken once
    (:meth:`collect`), or the child is dropped (:meth:`discard`)."""

    def __init__(self, pid: int, read_end: int, items: list[tuple[str, str, bytes]], parse: Callable[..., Any]):
        self.pid = pid
        self.items = items
        self.parse = parse
        self._read_end = read_end

    def collect(self) -> list[tuple[str, bytes]] | None:
        """What the child sent once it is done (see :func:`_answer`), the child waited for."""
        with os.fdopen(self._read_end, "rb") as stream:
            data = stream.read()
        os.waitpid(self.pid, 0)
        return _answer(data, len(self.items))

    def discard(self) -> None:
        """End the child now (its answer unwanted: it holds nothing but its end of the pipe) and
        wait for it."""
        try:
            os.kill(self.pid, signal.SIGKILL)
        except OSError:  # (gone already: waited for below)
            pass
        os.close(self._read_end)
        os.waitpid(self.pid, 0)


def start(items: Sequence[tuple[str, str, bytes]],
          parse: Callable[[tuple[str, str, bytes]], tuple[str, bytes]]) -> Aside | None:
    """A child forked to work out ``[parse(item) for item in items]`` and send it through a pipe;
    None when no child could be forked."""
    forked = fork_child(lambda: [parse(item) for item in items])
    if forked is None:  # no process to spare: parsed by the caller
        return None
    return Aside(forked[0], forked[1], list(items), parse)


def fork_child(work: Callable[[], Any]) -> tuple[int, int] | None:
    """(pid, the read end of its pipe) of a child forked to send ``marshal.dumps(work())``
    through the pipe and leave (by ``os._exit``, without the parent's exit handlers; it dies with
    this process); None when no child could be forked. What ``work`` gives must be marshal data:
    the reader takes it through :mod:`docgen.pipeline.unmarshal` and checks its shape."""
    from docgen.pipeline.procs import die_with_parent  # (ctypes: imported by the child only)

    read_end, write_end = os.pipe()
    parent = os.getpid()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return None
    if pid == 0:  # the child: work, send, leave
        code = 1
        try:
            die_with_parent(parent)
            os.close(read_end)
            data = marshal.dumps(work())
            view = memoryview(data)
            while view:
                view = view[os.write(write_end, view):]
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    return pid, read_end


_EARLY: list[Aside] = []
"""The child :func:`parse_early` forked, until :func:`take_early` or :func:`discard_early`."""


def parse_early(items: Sequence[tuple[str, str, bytes]],
                parse: Callable[[tuple[str, str, bytes]], tuple[str, bytes]], jobs: int) -> None:
    """Fork the child that parses ``items`` (the pages a plan had to read: a warm edit's) now,
    when :func:`usable`, for the :func:`parse_aside` of the same items to take (:func:`take_early`).

    A warm edit's plan is followed by the check that the output is not already current, the
    render's imports and the look-up of the stored page digests before the pages left to parse
    are known: forked here, the child's imports and parse (markdown-it's: about 30 ms) run on the
    other core meanwhile, and the model read while it parses (:func:`parse_aside`) no longer
    waits for it. Pages read but not to be parsed (an edit undone: their entries are stored) or
    a run that renders nothing end the child unused (:func:`discard_early`)."""
    discard_early()
    if usable(len(items), jobs):
        aside = start(items, parse)
        if aside is not None:
            _EARLY.append(aside)


def take_early(items: Sequence[tuple[str, str, bytes]],
               parse: Callable[[tuple[str, str, bytes]], tuple[str, bytes]]) -> Aside | None:
    """The child :func:`parse_early` forked for exactly ``items`` (in this order) and ``parse``,
    else None; any other is ended (:func:`discard_early`)."""
    found = next((aside for aside in _EARLY if aside.items == list(items) and aside.parse is parse), None)
    if found is not None:
        _EARLY.remove(found)
    discard_early()
    return found


def discard_early() -> None:
    """End the child :func:`parse_early` forked that nothing took (the end of a run)."""
    while _EARLY:
        _EARLY.pop().discard()


def _answer(data: bytes, count: int) -> list[tuple[str, bytes]] | None:
    """The child's list of ``count`` (core digest, entry) pairs in ``data``; None when it is not one."""
    try:
        value: Any = unmarshal.loads(data)
    except unmarshal.NotMarshal:
        return None
    if not (type(value) is list and len(value) == count):
        return None
    if not all(type(pair) is tuple and len(pair) == 2 and type(pair[0]) is str and type(pair[1]) is bytes
               for pair in value):
        return None
    return value
