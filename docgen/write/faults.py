"""A test-only hook that kills docgen at a chosen point, for the fault-injection tests.

``DOCGEN_FAULT=phase:count`` (read at the first fault point a process reaches, not at import: a
``docgen serve`` child imported this module long before its command's environment) makes the process send
itself SIGKILL the ``count``-th time it reaches :func:`fault_point` for ``phase``: ``parse`` (a
parsed page arrives), ``render`` (a render job's result arrives), ``stage`` (a file is staged),
``journal`` (the journal is about to be put in place), ``move`` (a file is moved into place),
``remove`` (a stale file is removed) or ``manifest`` (the manifest is about to be replaced).
``tests/faults/`` kills ``docgen generate`` this way at each phase and checks that the next run
gives a cold run's bytes. Unset (always, outside those tests) a fault point is one comparison.
"""

from __future__ import annotations

import os
import signal

_LEFT: dict[str, int] | None = None
"""Visits left before the kill, by phase (None: ``DOCGEN_FAULT`` not read yet in this process)."""


def _read() -> dict[str, int]:
    phase, _, count = (os.environ.get("DOCGEN_FAULT") or "").partition(":")
    return {phase: int(count)} if phase and count.isdigit() and int(count) > 0 else {}


def fault_point(phase: str) -> None:
    """Die here when ``DOCGEN_FAULT`` names ``phase`` and this is its ``count``-th visit."""
    global _LEFT
    if _LEFT is None:
        _LEFT = _read()
    if not _LEFT or phase not in _LEFT:
        return
    _LEFT[phase] -= 1
    if _LEFT[phase] <= 0:
        os.kill(os.getpid(), signal.SIGKILL)
