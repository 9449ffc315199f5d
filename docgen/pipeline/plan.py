"""Planning a build: the pages under the inputs, found, read (or vouched for by their stamps) and
hashed, before anything is parsed.

In: the inputs (files or folders), the root pages are named relative to, and optionally the stamps
and listing an earlier run stored (:mod:`docgen.pipeline.unchanged`). Out: a :class:`Plan` (each
page's path, display name, bytes or None, and key; the tree's key; what is wrong with the inputs).
:func:`page_bytes` reads a page the plan left unread. Split from :mod:`docgen.pipeline.build`, which
re-exports these names.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISREG

from docgen import __version__
from docgen.diagnostics import Diagnostic
from docgen.pipeline.cache import code_fingerprint, digest
from docgen.pipeline.inputs import PageChanged, discover
from docgen.read.source import load_bytes
from docgen.write.stamps import Stamp


@dataclass(frozen=True)
class Plan:
    """The pages of a build, read and hashed, before anything is parsed.

    Its :attr:`key` names every result that depends only on the pages (the model, a rendered
    package), so an unchanged tree is recognised for the cost of reading and hashing it.
    """

    items: tuple[tuple[str, str, bytes | None], ...]
    """(path, display name, bytes) of each page, sorted by display name; the bytes are None
    when a stamp vouched for the page (see :func:`plan`; :func:`page_bytes` reads them)."""
    keys: tuple[str, ...]
    """Each page's cache key (docgen's code, its display name and bytes)."""
    key: str
    """The key of the whole tree."""
    diagnostics: tuple[Diagnostic, ...]
    """What is wrong with the inputs themselves, all errors: missing, unreadable, holding no page
    (:func:`~docgen.pipeline.inputs.discover`), and pages refused unread or for their bytes
    (:func:`~docgen.read.source.load_bytes`). They belong to this run: no key covers them, so
    nothing stored in the cache may hold them."""
    skipped: tuple[str, ...] = ()
    """Display names of the pages found but refused (their reasons are in :attr:`diagnostics`)."""

    @property
    def ok(self) -> bool:
        """True when nothing is wrong with the inputs (at least one page, every one read)."""
        return not self.diagnostics


def plan(
    inputs: Sequence[str | Path],
    root: Path | None = None,
    *,
    known: Mapping[str, Stamp] | None = None,
    found: Sequence[tuple[str, str]] | None = None,
) -> Plan:
    """Find, read and hash the pages under ``inputs`` (named relative to ``root``).

    ``known``: stamps of pages stored by an earlier run (:mod:`docgen.write.stamps`, each with
    the page's key); a page whose stamp still holds is not read: its key is the stamp's and its
    bytes are read only if they are needed (:func:`page_bytes`). ``found``: the pages (path,
    display name) a stored listing proves are the ones :func:`~docgen.pipeline.inputs.discover`
    would find (:func:`docgen.pipeline.unchanged.listed`)."""
    if found is None:
        files, diagnostics = discover(inputs, root)
        pages = [(str(page.path), page.display) for page in files]
    else:
        pages, diagnostics = list(found), []
    fingerprint = code_fingerprint()
    items: list[tuple[str, str, bytes | None]] = []
    keys: list[str] = []
    skipped: list[str] = []
    # what stamps.unchanged tells, inline (3,341 pages a run: a call each was 2-3 ms): a regular
    # file of the stamp's size, times and inode, the stamp's sha256 a sha256; no stamp, no stat
    stamp_of, stat, regular = (known or {}).get, os.stat, S_ISREG
    for path, display in pages:
        stamp = stamp_of(path)
        if stamp is not None:
            try:
                info = stat(path)
            except OSError:
                info = None
            key = stamp[4]
            if (info is not None and info.st_ino == stamp[3] and info.st_mtime_ns == stamp[1]
                    and info.st_ctime_ns == stamp[2] and info.st_size == stamp[0] and regular(info.st_mode)
                    and type(key) is str and len(key) == 64):
                items.append((path, display, None))
                keys.append(key)
                continue
        data, problems = load_bytes(path, display)
        if data is None:
            diagnostics.extend(problems)
            skipped.append(display)
            continue
        items.append((path, display, data))
        keys.append(digest(fingerprint, display, data))
    key = digest(fingerprint, __version__, *keys)
    return Plan(tuple(items), tuple(keys), key, tuple(diagnostics), tuple(skipped))


def page_bytes(item: tuple[str, str, bytes | None], key: str) -> bytes:
    """The bytes of a planned page (``item`` of :attr:`Plan.items`, ``key`` its key): read now
    when the plan left them unread; :class:`PageChanged` when they are no longer the ones of
    ``key`` (the page was edited since it was planned: nothing may be stored under that key)."""
    path, display, data = item
    if data is not None:
        return data
    data, _ = load_bytes(path, display)
    if data is None or digest(code_fingerprint(), display, data) != key:
        raise PageChanged(display)
    return data
