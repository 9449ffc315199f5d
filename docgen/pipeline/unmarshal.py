"""Reading :mod:`marshal` bytes back from the cache: the one place that says what bad bytes raise.

In: bytes read from the cache, which may be cut short, damaged or planted. Out: the value
:func:`marshal.loads` builds, or :class:`NotMarshal`. ``marshal.loads`` meets bad bytes with more
than ``ValueError``: ``EOFError`` (cut short), ``TypeError``, ``RecursionError``, ``SystemError``
(a malformed code object), ``MemoryError`` or ``OverflowError`` (a claimed length no memory
holds). Every caller turns :class:`NotMarshal` into "no entry" or a damaged-model error; none
lets one of those escape as an internal error. A code object marshal builds is data here: no
caller runs one, and each checks the shape of what it got (``plain.decode`` refuses every type
but its own).
"""

from __future__ import annotations

import marshal
from typing import Any

UNREADABLE = (ValueError, EOFError, TypeError, RecursionError, SystemError, MemoryError, OverflowError)
"""What :func:`marshal.loads` raises for bytes it cannot read."""


class NotMarshal(ValueError):
    """The bytes are not marshal data docgen can read."""


def loads(payload: bytes) -> Any:
    """``marshal.loads(payload)``; :class:`NotMarshal` for bytes it cannot read."""
    try:
        return marshal.loads(payload)
    except UNREADABLE as exc:
        raise NotMarshal(f"not marshal data: {type(exc).__name__}: {exc}") from None
