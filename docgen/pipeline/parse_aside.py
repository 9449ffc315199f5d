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
"""

from __future__ import annotations

import marshal
import os
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
    meanwhile: Callable[[], None],
) -> list[tuple[str, bytes]] | None:
    """``[parse(item) for item in items]`` worked out by a forked child while ``meanwhile()``
    runs here; None when no child could be forked or its answer is not that list (``meanwhile``
    has run either way, or raised: the child is waited for then too)."""
    from docgen.pipeline.procs import die_with_parent  # (ctypes: imported by the child only)

    read_end, write_end = os.pipe()
    parent = os.getpid()
    try:
        pid = os.fork()
    except OSError:  # no process to spare: parsed by the caller, after meanwhile
        os.close(read_end)
        os.close(write_end)
        meanwhile()
        return None
    if pid == 0:  # the child: parse, send, leave without the parent's exit handlers
        code = 1
        try:
            die_with_parent(parent)
            os.close(read_end)
            data = marshal.dumps([parse(item) for item in items])
            view = memoryview(data)
            while view:
                view = view[os.write(write_end, view):]
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    try:
        meanwhile()
    finally:
        with os.fdopen(read_end, "rb") as stream:
            data = stream.read()
        os.waitpid(pid, 0)
    return _answer(data, len(items))


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
