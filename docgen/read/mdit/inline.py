"""The inline fast path: runs whose reading is certain, read without markdown-it's inline pass.

In: the raw markdown of one run (a paragraph, heading or table cell). Out: (plain text, links,
code spans) of the run, exactly as markdown-it's inline parse and
:func:`docgen.read.mdit.tokens.plain` would give them, or None when the run holds anything that
could change how it reads (it is then left to markdown-it). :func:`read` is the entry point;
:func:`simple_links` also answers the cheaper question "which links" on its own.

``tests/read/test_parse_inline_fast.py`` compares every answer with markdown-it's on generated
text and on every run of the corpus. The delimiter rules follow markdown-it-py's
``StateInline.scanDelims`` (its character classes come from ``markdown_it.common.utils``), so
this module is only used for the markdown-it-py versions :data:`docgen.read.mdit.PROVEN` names.
"""

from __future__ import annotations

import re

from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace

from docgen.read.text import Link, squash

# Characters that start inline markup (emphasis, code, links, autolinks/HTML, entities, escapes,
# hard breaks): a run without any of them is its own plain text.
_INLINE_MARKUP_RE = re.compile(r"[*_`\[\]<>&!\\~]|  \n")
# An inline link whose text and destination hold nothing markdown-it would interpret, e.g.
# ``[user](../resources/user.md)``: most table cells are plain words and such links.
_SIMPLE_LINK_RE = re.compile(r"\[([^\[\]\\`<>&*_~!\n]*)\]\(([^\s()<>\\&]*)\)")
# What can change how brackets are read: escapes, code spans, HTML/autolinks, entities, images.
_LINK_BLOCKERS_RE = re.compile(r"[\\`<&]|!\[")
_MARKED_REFUSE_RE = re.compile(r"[\\<&~\ue000]|!\[|  \n")
# What marked_inline leaves to markdown-it anywhere in a run: escapes, HTML and autolinks,
# entities, images, hard breaks (and its own placeholder).
_BACKTICKS_RE = re.compile(r"`+")
_STARS_RE = re.compile(r"\*+")
_CODE = "\ue000"
"""Stands for a code span while the rest of a run is read (a private-use character)."""


def read(raw: str) -> tuple[str, tuple[Link, ...], tuple[str, ...]] | None:
    """(plain text, links, code spans) of ``raw`` when one of the fast readings is sure of it:
    no markup at all, plain words and simple links (:func:`simple_inline`), or single-backtick
    code spans, ``**strong**`` and simple links (:func:`marked_inline`); else None."""
    if not _INLINE_MARKUP_RE.search(raw):  # nothing for the inline rules to do
        return squash(raw), (), ()
    simple = simple_inline(raw)
    if simple is not None:
        return simple[0], simple[1], ()
    return marked_inline(raw)


def simple_links(raw: str) -> tuple[Link, ...] | None:
    """The links of ``raw`` when every bracket in it belongs to a simple inline link (see
    ``_SIMPLE_LINK_RE``) and nothing can change how brackets are read; None otherwise.

    Equal to what markdown-it finds in such runs (tests/read/test_parse_inline_fast.py compares
    them on generated text and on every run of the corpus) at a fraction of the cost.
    """
    if _LINK_BLOCKERS_RE.search(raw):
        return None
    found = _SIMPLE_LINK_RE.findall(raw)
    if raw.count("[") != len(found) or raw.count("]") != len(found):
        return None  # a bracket that is not part of a simple link
    return tuple(Link(squash(text), href) for text, href in found)


def simple_inline(raw: str) -> tuple[str, tuple[Link, ...]] | None:
    """(plain text, links) of ``raw`` when it is plain words and simple links only; else None."""
    links = simple_links(raw)
    if links is None or _INLINE_MARKUP_RE.search(_SIMPLE_LINK_RE.sub("", raw)):
        return None
    text = _SIMPLE_LINK_RE.sub(lambda match: match.group(1), raw)
    return squash(text), links


def marked_inline(raw: str) -> tuple[str, tuple[Link, ...], tuple[str, ...]] | None:
    """(plain text, links, code spans) of a run whose only markup is single-backtick code spans,
    ``**strong**`` and simple links (see ``_SIMPLE_LINK_RE``); None when anything else could
    change how it reads: the run is then left to markdown-it.

    Type and description cells are mostly such runs (a code span with a type, a bold "Required."): on
    the corpus they were 6,700 of the 8,600 runs markdown-it's inline pass parsed.
    ``tests/read/test_parse_inline_fast.py`` compares this with markdown-it on generated text and on
    every run of the corpus. The rules followed are CommonMark's as markdown-it implements them:
    a backtick opens a code span closed by the next run of as many backticks (all runs are single
    here), whose content loses one space at each end when it has one at both; a ``**`` run opens
    strong emphasis when it is left-flanking only and closes it when right-flanking only.
    """
    if _MARKED_REFUSE_RE.search(raw):
        return None
    codes: list[str] = []
    masked = raw
    if "`" in raw:
        ticks = [(m.start(), m.end()) for m in _BACKTICKS_RE.finditer(raw)]
        if len(ticks) % 2 or any(end - start != 1 for start, end in ticks):
            return None
        parts: list[str] = []
        last = 0
        for (open_at, _), (close_at, _) in zip(ticks[::2], ticks[1::2]):
            content = raw[open_at + 1 : close_at]
            if "\n" in content:
                return None
            if content.startswith(" ") and content.endswith(" ") and content.strip(" "):
                content = content[1:-1]
            codes.append(content)
            parts.append(raw[last:open_at])
            parts.append(_CODE)
            last = close_at + 1
        parts.append(raw[last:])
        masked = "".join(parts)
    links = _SIMPLE_LINK_RE.findall(masked)
    if masked.count("[") != len(links) or masked.count("]") != len(links):
        return None
    if any(_CODE in text or _CODE in href for text, href in links):
        return None  # a code span inside a link: markdown-it decides
    rest = _SIMPLE_LINK_RE.sub("\x01", masked)  # each link, one character
    if "_" in rest or "\x01" in raw:
        return None
    # Delimiter runs are judged by the characters next to them in the run as written: a link
    # begins with "[" and ends with ")", a code span is a backtick at each end.
    if "*" in rest and not _strong_pairs(
        _SIMPLE_LINK_RE.sub("[)", masked).replace(_CODE, "`")
    ):
        return None
    found = iter(links)
    spans = iter(codes)
    text = re.sub(
        "\x01|" + _CODE + "|\\*\\*",
        lambda m: (
            next(found)[0]
            if m.group() == "\x01"
            else next(spans) if m.group() == _CODE else ""
        ),
        rest,
    )
    return (
        squash(text),
        tuple(Link(squash(text_), href) for text_, href in links),
        tuple(codes),
    )


def _strong_pairs(text: str) -> bool:
    """True when every ``*`` of ``text`` is in a ``**`` run and the runs alternate between
    openers (left-flanking only) and closers (right-flanking only), beginning with an opener.
    """
    opened = False
    for match in _STARS_RE.finditer(text):
        start, end = match.span()
        if end - start != 2:
            return False
        left, right = _flanking(
            text[start - 1] if start else " ", text[end] if end < len(text) else " "
        )
        if not opened and left and not right:
            opened = True
        elif opened and right and not left:
            opened = False
        else:
            return False
    return not opened


def _flanking(before: str, after: str) -> tuple[bool, bool]:
    """(left-flanking, right-flanking) of a delimiter run between ``before`` and ``after``
    (markdown-it's ``StateInline.scanDelims``)."""
    before_punct = isMdAsciiPunct(ord(before)) or isPunctChar(before)
    after_punct = isMdAsciiPunct(ord(after)) or isPunctChar(after)
    before_space = isWhiteSpace(ord(before))
    after_space = isWhiteSpace(ord(after))
    left = not (after_space or (after_punct and not (before_space or before_punct)))
    right = not (before_space or (before_punct and not (after_space or after_punct)))
    return left, right
