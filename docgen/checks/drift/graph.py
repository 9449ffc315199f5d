"""Helpers of :mod:`docgen.checks.drift.compare`: base chains over lower-cased type keys, and which page is a type's page."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import PurePosixPath

from docgen.diagnostics import Location
from docgen.model.core import Model

_TITLE_SUFFIXES = (
    " resource type",
    " complex type",
    " entity type",
    " enum type",
    " enumeration type",
    " resource",
)
"""Title endings that name the type a page documents (``user resource type``)."""

_SKIPPED_PAGE_KINDS = ("api", "conceptual")
"""Page kinds whose file names never count as a type's page."""


def pages_by_type_name(model: Model) -> dict[str, Location]:
    """Lower-cased simple type name -> the page that documents it (see :mod:`docgen.checks.drift.compare`)."""
    found: dict[str, Location] = {}
    for t in sorted(model.types, key=lambda t: (t.location, t.qualified_name)):
        if t.documented:
            found.setdefault(t.name.lower(), t.location)
    for page in sorted(model.pages, key=lambda p: p.path):
        if page.kind in _SKIPPED_PAGE_KINDS:
            continue
        for name in page_names(page.path, page.title):
            found.setdefault(name, Location(page.path, 1, 1))
    return found


def page_names(path: str, title: str) -> list[str]:
    """Lower-cased type names a page may be named after: its file stem, the part after the last ``-``, its title."""
    stem = PurePosixPath(path).stem.lower()
    names = [stem]
    if "-" in stem:
        names.append(stem.rsplit("-", 1)[1])
    cleaned = title.strip().strip("`*_ ").lower()
    for suffix in _TITLE_SUFFIXES:
        if cleaned.endswith(suffix):
            names.append(cleaned[: -len(suffix)].strip("`*_ "))
            break
    return [n for n in names if n]


def lower(name: str | None) -> str | None:
    """``name`` lower-cased, None for None or empty."""
    return name.lower() if name else None


def by_lower_name(items: Iterable, name_of) -> dict:
    """First item per lower-cased name, in the given order."""
    index: dict = {}
    for item in items:
        index.setdefault(name_of(item).lower(), item)
    return index


def chain(start: str, parent_of: Callable[[str], str | None]) -> list[str]:
    """Ancestors of ``start`` (nearest first), stopping at a cycle or an unknown name."""
    seen = {start}
    out: list[str] = []
    current = parent_of(start)
    while current and current not in seen:
        out.append(current)
        seen.add(current)
        current = parent_of(current)
    return out


def descendants(start: str, children: dict[str, list[str]]) -> list[str]:
    """Every type derived from ``start``, breadth first, each child list sorted."""
    out: list[str] = []
    seen = {start}
    queue = [start]
    while queue:
        current = queue.pop(0)
        for child in children.get(current, ()):
            if child not in seen:
                seen.add(child)
                out.append(child)
                queue.append(child)
    return out


def children_of(bases: dict[str, str | None]) -> dict[str, list[str]]:
    """Type -> its direct subtypes (sorted), from a type -> base map."""
    children: dict[str, list[str]] = {}
    for name in sorted(bases):
        base = bases[name]
        if base:
            children.setdefault(base, []).append(name)
    return children
