"""black, in-process, with one fixed mode: the last step of every generated Python file."""

from __future__ import annotations

import black

MODE = black.Mode(target_versions={black.TargetVersion.PY310}, line_length=88)
"""The one black mode generated code is formatted with (black's default style, Python 3.10+)."""


def format_python(text: str) -> str:
    """``text`` formatted by black (a pure function of ``text``: safe to cache by its hash).

    Raises ``black.InvalidInput`` (a ``ValueError``) when ``text`` is not valid Python; the caller
    turns that into a diagnostic.
    """
    try:
        return black.format_str(text, mode=MODE)
    except (
        black.NothingChanged
    ):  # pragma: no cover - format_str does not raise it today
        return text
