"""Line layout that black keeps as it is, for the few generated lines that can grow long.

black checks every line anyway; emitting its layout up front means the check changes nothing
(and costs nothing more than the check).
"""

from __future__ import annotations

LINE_LENGTH = 88
"""black's default line length."""


def call(
    indent: int, head: str, args: list[str] | tuple[str, ...], tail: str = ""
) -> str:
    """``head(args…)tail`` laid out the way black lays out a call at ``indent`` spaces.

    One line when it fits; else the arguments on one indented line; else one argument per line
    with a magic trailing comma. ``head`` ends just before the opening parenthesis.
    """
    pad = " " * indent
    inner = ", ".join(args)
    flat = f"{pad}{head}({inner}){tail}"
    if len(flat) <= LINE_LENGTH or not args:
        return flat
    if len(pad) + 4 + len(inner) <= LINE_LENGTH:
        return f"{pad}{head}(\n{pad}    {inner}\n{pad}){tail}"
    body = "".join(f"{pad}    {a},\n" for a in args)
    return f"{pad}{head}(\n{body}{pad}){tail}"


def assign(indent: int, target: str, value: str) -> str:
    """``target = value`` at ``indent`` spaces; a value that does not fit goes in parentheses."""
    pad = " " * indent
    flat = f"{pad}{target} = {value}"
    if len(flat) <= LINE_LENGTH:
        return flat
    return f"{pad}{target} = (\n{pad}    {value}\n{pad})"
