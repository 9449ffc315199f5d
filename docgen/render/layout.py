"""Line layout that black keeps as it is, for the few generated lines that can grow long.

black checks every line anyway; emitting its layout up front means the check changes nothing
(and costs nothing more than the check).
"""

from __future__ import annotations

LINE_LENGTH = 88
"""black's default line length."""


def call(
    indent: int,
    head: str,
    args: list[str] | tuple[str, ...],
    tail: str = "",
    is_def: bool = False,
) -> str:
    """``head(args…)tail`` laid out the way black lays out a call at ``indent`` spaces.

    One line when it fits; else the arguments on one indented line; else one argument per line
    with a magic trailing comma. ``head`` ends just before the opening parenthesis; ``is_def``
    marks a function signature.
    """
    pad = " " * indent
    inner = ", ".join(args)
    flat = f"{pad}{head}({inner}){tail}"
    if len(flat) <= LINE_LENGTH or not args:
        return flat
    # black gives a split one-parameter ``def`` a trailing comma, which then explodes it.
    single_def = is_def and len(args) == 1
    if len(pad) + 4 + len(inner) <= LINE_LENGTH and not single_def:
        return f"{pad}{head}(\n{pad}    {inner}\n{pad}){tail}"
    body = "".join(f"{pad}    {a},\n" for a in args)
    return f"{pad}{head}(\n{body}{pad}){tail}"


def assign(indent: int, target: str, value: str) -> str:
    """``target = value`` at ``indent`` spaces; a value that does not fit goes in parentheses."""
    pad = " " * indent
    flat = f"{pad}{target} = {value}"
    if len(flat) <= LINE_LENGTH or len(pad) + 4 + len(value) > LINE_LENGTH:
        return flat  # fits, or cannot be helped by parentheses (black leaves it)
    return f"{pad}{target} = (\n{pad}    {value}\n{pad})"


def assign_call(
    indent: int, target: str, func: str, args: list[str] | tuple[str, ...]
) -> str:
    """``target = func(args…)`` laid out as black does.

    When the arguments fit on one line under ``target = func(``, the call is split; otherwise
    black prefers wrapping the whole call in parentheses (and splitting it inside them).
    """
    pad = " " * indent
    head = f"{target} = {func}"
    inner = ", ".join(args)
    if len(f"{pad}{head}({inner})") <= LINE_LENGTH:
        return f"{pad}{head}({inner})"
    if len(f"{pad}{head}(") <= LINE_LENGTH and len(pad) + 4 + len(inner) <= LINE_LENGTH:
        return f"{pad}{head}(\n{pad}    {inner}\n{pad})"
    wrapped = call(indent + 4, func, args)
    fits = all(len(line) <= LINE_LENGTH for line in wrapped.split("\n"))
    if len(f"{pad}{target} = (") <= LINE_LENGTH and fits:
        return f"{pad}{target} = (\n{wrapped}\n{pad})"
    return call(indent, head, args)


def pairs(indent: int, target: str, items: list[tuple[str, str]] | tuple[tuple[str, str], ...]) -> str:
    """``target = ((a, b), …)`` for pairs of literals, laid out as black lays out a tuple: on one
    line when it fits (a one-pair tuple keeps its comma), else one pair per line with a trailing
    comma, a pair too long for its line split into its two items."""
    pad = " " * indent
    written = [f"({a}, {b})" for a, b in items]
    flat = f"{pad}{target} = ({written[0]},)" if len(written) == 1 else f"{pad}{target} = ({', '.join(written)})"
    if len(flat) <= LINE_LENGTH:
        return flat
    lines = [f"{pad}{target} = ("]
    for (a, b), pair in zip(items, written):
        if len(f"{pad}    {pair},") <= LINE_LENGTH:
            lines.append(f"{pad}    {pair},")
        else:
            lines += [f"{pad}    (", f"{pad}        {a},", f"{pad}        {b},", f"{pad}    ),"]
    lines.append(f"{pad})")
    return "\n".join(lines)


def import_from(indent: int, module: str, name: str) -> str:
    """``from module import name``, parenthesized as black does when too long."""
    pad = " " * indent
    flat = f"{pad}from {module} import {name}"
    if len(flat) <= LINE_LENGTH:
        return flat
    return f"{pad}from {module} import (\n{pad}    {name},\n{pad})"


def annotated(indent: int, name: str, annotation: str, value: str) -> str:
    """``name: annotation = value``; a line too long gets the annotation in parentheses, as black does."""
    pad = " " * indent
    flat = f"{pad}{name}: {annotation} = {value}"
    if len(flat) <= LINE_LENGTH:
        return flat
    if len(f"{pad}{name}: {annotation} = (") <= LINE_LENGTH:
        return f"{pad}{name}: {annotation} = (\n{pad}    {value}\n{pad})"
    return f"{pad}{name}: (\n{pad}    {annotation}\n{pad}) = {value}"


def parameter(indent: int, name: str, annotation: str, default: str) -> str:
    """A ``name: annotation = default,`` line of an exploded signature, as black wraps it."""
    pad = " " * indent
    flat = f"{pad}{name}: {annotation} = {default},"
    if len(flat) <= LINE_LENGTH:
        return flat
    return f"{pad}{name}: (\n{pad}    {annotation}\n{pad}) = {default},"
