"""black, in-process, with one fixed mode: the last step of every generated Python file.

black is imported on the first file that needs it (50–60 ms): a render whose files all take
:func:`docgen.pipeline.render_cache.black_could_change`'s fast path, or come from the cache, never loads it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import black

LINE_LENGTH = 88
"""black's line length for generated code (its default)."""


@lru_cache(maxsize=None)
def mode() -> "black.Mode":
    """The one black mode generated code is formatted with (black's default style, Python 3.10+)."""
    import black

    return black.Mode(target_versions={black.TargetVersion.PY310}, line_length=LINE_LENGTH)


def format_python(text: str) -> str:
    """``text`` formatted by black (a pure function of ``text``: safe to cache by its hash).

    Raises ``black.InvalidInput`` (a ``ValueError``) when ``text`` is not valid Python; the caller
    turns that into a diagnostic.
    """
    import black

    try:
        return black.format_str(text, mode=mode())
    except black.NothingChanged:  # pragma: no cover - format_str does not raise it today
        return text
