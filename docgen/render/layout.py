"""Line layout that black keeps as it is, for the few generated lines that can grow long.

black checks every line anyway; emitting its layout up front means the check changes nothing
(and costs nothing more than the check).
"""

from __future__ import annotations

import functools
import re

from docgen import lazy_re

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
    body = "".join(_exploded_argument(f"{pad}    ", a) for a in args)
    return f"{pad}{head}(\n{body}{pad}){tail}"


def _exploded_argument(pad: str, arg: str) -> str:
    """``arg,`` on its own line; too long, a sum is split before each ``+`` as black splits it."""
    terms = split_top_level(arg, " + ")
    if len(pad) + len(arg) + 1 <= LINE_LENGTH or len(terms) == 1:
        return f"{pad}{arg},\n"
    return f"{pad}{terms[0]}\n" + "".join(f"{pad}+ {t}\n" for t in terms[1:-1]) + f"{pad}+ {terms[-1]},\n"


def assign(indent: int, target: str, value: str) -> str:
    """``target = value`` at ``indent`` spaces; a value that does not fit goes in parentheses."""
    pad = " " * indent
    flat = f"{pad}{target} = {value}"
    if len(flat) <= LINE_LENGTH:
        return flat
    if len(pad) + 4 + len(value) > LINE_LENGTH and "[" not in target:
        return flat  # cannot be helped by parentheses: black leaves it
    # (after a subscripted annotation black wraps the value even when it still does not fit)
    return f"{pad}{target} = (\n{pad}    {value}\n{pad})"


def returns(indent: int, head: str, inner: str) -> str:
    """The ``) -> head[inner]:`` line closing an exploded signature; too long, the subscript split
    as black splits it."""
    pad = " " * indent
    flat = f"{pad}) -> {head}[{inner}]:"
    if len(flat) <= LINE_LENGTH:
        return flat
    return f"{pad}) -> {head}[\n{pad}    {inner}\n{pad}]:"


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
    """A ``name: annotation = default,`` line of an exploded signature, as black wraps it: the
    annotation in parentheses, and one ``| alternative`` a line when it does not fit in them."""
    pad = " " * indent
    flat = f"{pad}{name}: {annotation} = {default},"
    if len(flat) <= LINE_LENGTH:
        return flat
    inner = f"{pad}    {annotation}"
    alternatives = split_top_level(annotation, " | ")
    if len(inner) > LINE_LENGTH and len(alternatives) > 1:
        inner = f"\n{pad}    | ".join([f"{pad}    {alternatives[0]}", *alternatives[1:]])
    return f"{pad}{name}: (\n{inner}\n{pad}) = {default},"


_NESTING = lazy_re.compile("[\"'()\\[\\]{}]")
"""What makes a part of a text not top level: a quote or a bracket."""


def split_top_level(text: str, separator: str, keep: bool = False) -> list[str]:
    """``text`` cut at each ``separator`` outside brackets and string literals (``keep``: the
    separator stays, at the start of the part it begins)."""
    if separator and _NESTING.search(text) is None:  # all of it is top level: str.split's cuts
        first, *rest = text.split(separator)
        return [first, *(separator + part for part in rest)] if keep else [first, *rest]
    if not separator or any(ch in separator for ch in "\"'()[]{}\\"):
        return _split_scanning(text, separator, keep)
    return _split_jumping(text, separator, keep)


@functools.lru_cache(maxsize=16)
def _stops(separator: str) -> re.Pattern[str]:
    """Where :func:`_split_jumping` looks next: a quote, a bracket or ``separator``."""
    return re.compile("[\"'()\\[\\]{}]|" + re.escape(separator))


def _split_jumping(text: str, separator: str, keep: bool) -> list[str]:
    """:func:`_split_scanning`'s cuts, found by jumping from one quote, bracket or separator to
    the next (a corpus render split 577,760 characters one at a time, most of them in chained
    calls). ``separator`` holds no quote, bracket or backslash, so a match of it never hides one."""
    stops = _stops(separator).search
    parts, start, depth, i, n = [], 0, 0, 0, len(text)
    while (m := stops(text, i)) is not None:
        j = m.start()
        ch = text[j]
        if ch == '"' or ch == "'":
            k = j + 1  # the string's end: the next unescaped ``ch`` (none: it runs to the end)
            while True:
                q = text.find(ch, k)
                b = text.find("\\", k, n if q < 0 else q)
                if b >= 0:
                    k = b + 2
                    continue
                break
            if q < 0:
                break
            i = q + 1
        elif ch in "([{":
            depth += 1
            i = j + 1
        elif ch in ")]}":
            depth -= 1
            i = j + 1
        else:
            if depth == 0:
                parts.append(text[start:j])
                start = j if keep else j + len(separator)
            i = j + len(separator)
    parts.append(text[start:])
    return parts


def _split_scanning(text: str, separator: str, keep: bool = False) -> list[str]:
    """:func:`split_top_level` one character at a time."""
    parts, start, depth, quote, i = [], 0, 0, "", 0
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif depth == 0 and text.startswith(separator, i):
            parts.append(text[start:i])
            start = i if keep else i + len(separator)
            i += len(separator)
            continue
        i += 1
    parts.append(text[start:])
    return parts


def argument(indent: int, text: str) -> str:
    """One argument line (``text,``) of an exploded call; a list literal too long for its line
    exploded as black explodes it: one item a line, with a trailing comma."""
    pad = " " * indent
    flat = f"{pad}{text},"
    if len(flat) <= LINE_LENGTH or not (text.startswith("[") and text.endswith("]")):
        return flat
    items = split_top_level(text[1:-1], ", ")
    comma = "," if len(items) > 1 else ""  # one item: no comma to split at, none added
    body = []
    for item in items:
        line = f"{pad}    {item}{comma}"
        if len(line) <= LINE_LENGTH:
            body.append(line + "\n")
            continue
        exploded = _tuple_item(indent + 4, item, comma)
        if exploded is None:
            return flat  # an item that needs splitting black's way is not modelled: black sees it
        body.append(exploded)
    return f"{pad}[\n{''.join(body)}{pad}],"


def _tuple_item(indent: int, item: str, comma: str) -> str | None:
    """A tuple item of a list, too long for its line, exploded as black explodes it (one element
    a line with a magic trailing comma), or None when it is not a tuple or an element cannot fit."""
    if not (item.startswith("(") and item.endswith(")")):
        return None
    pad = " " * indent
    elements = split_top_level(item[1:-1], ", ")
    if len(elements) < 2 or any(len(pad) + 4 + len(e) + 1 > LINE_LENGTH for e in elements):
        return None
    inner = "".join(f"{pad}    {e},\n" for e in elements)
    return f"{pad}(\n{inner}{pad}){comma}\n"


def _segments(expr: str) -> list[str]:
    """``expr`` cut before each ``.`` outside brackets and string literals."""
    return split_top_level(expr, ".", keep=True)


def _split_last_call(pad: str, line: str, long_head: bool = False) -> list[str] | None:
    """``line`` (``head(args)``, no indentation) split at its last bracket pair as black splits it
    when it is too long: ``head(`` / the arguments one level deeper / ``)``; None when that
    layout is not certainly black's (empty brackets, a head or arguments that do not fit)."""
    if not line.endswith(")") or line.endswith("()"):
        return None
    segments = _segments(line)
    last = segments[-1]
    cut = len(line) - len(last) + last.index("(")
    head, inner = line[: cut + 1], line[cut + 1 : -1]
    if len(pad) + len(head) > LINE_LENGTH and not long_head:
        return None
    if len(pad) + 4 + len(inner) <= LINE_LENGTH:
        return [pad + head, f"{pad}    {inner}", pad + ")"]
    items = split_top_level(inner, ", ")
    if len(items) == 1:
        return [pad + head, f"{pad}    {inner}", pad + ")"] if _is_atom(inner) else None
    if any(len(pad) + 5 + len(item) > LINE_LENGTH and not _is_atom(item) for item in items):
        return None
    return [pad + head, *(f"{pad}    {item}," for item in items), pad + ")"]  # one a line


def _is_atom(text: str) -> bool:
    """A string literal, or ``name=`` one: black leaves such a line long."""
    body = text.split("=", 1)[1] if "=" in text.split('"', 1)[0] else text
    return len(body) >= 2 and body[0] == body[-1] == '"' and '"' not in body[1:-1].replace('\\"', "")


def _two_links(pad: str, lead: str, first: str, rest: str) -> list[str] | None:
    """``lead first rest`` (one ``.`` after a closing bracket, before ``rest``) split as black
    splits it: at the last call when its head fits, else at ``first``'s call, ``rest`` after the
    closing bracket (itself split at its call when too long); None when not modelled."""
    split = _split_last_call(pad, lead + first + rest)
    if split is not None:
        return split
    split = _split_last_call(pad, lead + first, long_head=True)
    if split is None:
        return None
    if len(split[0]) > LINE_LENGTH:
        # no first line fits: black splits at the last call and then its head at the first
        last = _split_last_call(pad, (split[-1] + rest)[len(pad) :])
        return None if last is None else split[:-1] + last
    tail = split.pop() + rest
    if len(tail) <= LINE_LENGTH:
        return split + [tail]
    more = _split_last_call(pad, tail[len(pad) :])
    return None if more is None else split + more


def chain(indent: int, target: str, expr: str) -> str:
    """``target = expr`` for an attribute chain (``client.users.by_id("1").messages``, each call
    with one literal argument or none), laid out as black lays it out.

    black splits before each ``.`` that follows a closing bracket when there are two or more
    (the chain in parentheses, one link a line); with one, it splits at the call before it when
    that line fits; with none, at the last call, or wraps the whole chain in parentheses.
    A shape outside what is modelled here comes back on one line: longer than black's limit, it
    is sent through black (see :func:`docgen.render.formatting.black_could_change`).
    """
    pad = " " * indent
    flat = f"{pad}{target} = {expr}"
    if len(flat) <= LINE_LENGTH:
        return flat
    segments = _segments(expr)
    # links: the chain cut before each dot that follows a closing bracket
    links = [segments[0]]
    for seg in segments[1:]:
        if links[-1].endswith(")"):
            links.append(seg)
        else:
            links[-1] += seg
    inner = pad + "    "
    if len(links) >= 3:
        body = f"{inner}{expr}"
        if len(body) <= LINE_LENGTH:
            return "\n".join([f"{pad}{target} = (", body, f"{pad})"])
        lines = [f"{pad}{target} = ("]
        for link in links:
            if len(inner) + len(link) <= LINE_LENGTH:
                lines.append(inner + link)
                continue
            split = _split_last_call(inner, link)
            if split is None:
                return flat
            lines += split
        return "\n".join(lines + [f"{pad})"])
    if len(links) == 2:
        natural = _two_links(pad, f"{target} = ", *links)
        if natural is not None and len(natural[0]) <= LINE_LENGTH:
            return "\n".join(natural)
        inside = [inner + expr] if len(inner) + len(expr) <= LINE_LENGTH else _two_links(inner, "", *links)
        if inside is not None:  # black's second opinion: in parentheses, if all then fits
            wrapped = [f"{pad}{target} = (", *inside, f"{pad})"]
            if all(len(line) <= LINE_LENGTH for line in wrapped):
                return "\n".join(wrapped)
        return "\n".join(natural) if natural is not None else flat
    if "(" not in expr or expr.endswith("()"):
        return "\n".join([f"{pad}{target} = (", f"{inner}{expr}", f"{pad})"])
    split = _split_last_call(pad, f"{target} = {expr}", long_head=True)
    if split is None:
        return flat
    if len(split[0]) > LINE_LENGTH:  # black's second opinion: in parentheses, if all then fits
        inside = [f"{inner}{expr}"] if len(inner) + len(expr) <= LINE_LENGTH else _split_last_call(inner, expr)
        wrapped = [f"{pad}{target} = (", *(inside or [flat]), f"{pad})"]
        if all(len(line) <= LINE_LENGTH for line in wrapped):
            return "\n".join(wrapped)
    return "\n".join(split)


def returned(indent: int, lead: str, func: str, args: list[str] | tuple[str, ...]) -> str:
    """``lead func(args…)`` (``lead`` is ``return ``, ``raise `` or ``name = ``), laid out as
    black does: the call split as :func:`call` splits it (one argument that does not fit goes
    alone in the brackets, with no comma); when that leaves the first line too long after
    ``return`` or ``=`` (which black may wrap in parentheses, ``raise`` not), the call in
    parentheses one level deeper, if every line then fits."""
    natural = _returned(indent, lead, func, args)
    if len(natural.split("\n", 1)[0]) <= LINE_LENGTH or lead.startswith("raise"):
        return natural
    pad = " " * indent
    wrapped = f"{pad}{lead}(\n{_returned(indent + 4, '', func, args)}\n{pad})"
    if all(len(line) <= LINE_LENGTH for line in wrapped.split("\n")):
        return wrapped
    return natural


def _returned(indent: int, lead: str, func: str, args: list[str] | tuple[str, ...]) -> str:
    pad = " " * indent
    if len(args) == 1 and len(f"{pad}{lead}{func}({args[0]})") > LINE_LENGTH:
        return f"{pad}{lead}{func}(\n{pad}    {args[0]}\n{pad})"
    return call(indent, lead + func, args)


def signature_parameter(indent: int, text: str) -> str:
    """One ``name: annotation = default,`` line of an exploded signature, given as its text without
    the comma (``name: annotation`` and ``*`` lines too), wrapped as black wraps it."""
    pad = " " * indent
    name, colon, rest = text.partition(": ")
    annotation, equals, default = rest.rpartition(" = ")
    if not colon or not equals or "(" in annotation or "[" in default:
        return f"{pad}{text},"  # a shape not modelled here: black sees it if it is too long
    return parameter(indent, name, annotation, default)


def keyword(indent: int, name: str, value: str, split: tuple | None = None) -> str:
    """One ``name=value,`` line of an exploded call, laid out as black lays it out when too long.

    ``split`` says what ``value`` is made of: ``("call", func, args)`` (split as :func:`call`
    splits it) or ``("dict", [(key, value), …])`` (one item a line, with a trailing comma);
    None for a value black cannot split (it stays on one line).
    """
    pad = " " * indent
    flat = f"{pad}{name}={value},"
    if len(flat) <= LINE_LENGTH or split is None:
        return flat
    if split[0] == "call":
        return call(indent, f"{name}={split[1]}", split[2], ",")
    items = [f"{k}: {v}" for k, v in split[1]]
    if any(len(pad) + 5 + len(item) > LINE_LENGTH for item in items):
        return flat  # an item that needs splitting too: not modelled, black sees it
    comma = "," if len(items) > 1 else ""  # one item: no comma to split at, none added
    body = "".join(f"{pad}    {item}{comma}\n" for item in items)
    return f"{pad}{name}={{\n{body}{pad}}},"
