"""The type being assembled while pages are joined: a :class:`TypeEntry` per qualified name.

:mod:`docgen.resolve.join` creates the entries (one per type a page documents or a reference
names) and :mod:`.bases`, :mod:`.kinds` and :mod:`.operations` read them; they are the only
mutable state of resolution and are frozen into :class:`~docgen.model.core.TypeDef` values at
the end. The small rules about names and page types that every part of resolution shares live
here too: the default namespace, the origins that count as documenting a type, and which of
several pages is a type's own.
"""

from __future__ import annotations

import posixpath
from dataclasses import field

from docgen.diagnostics import Location
from docgen.model.core import EnumMember
from docgen.model.dataclass_ahead import dataclass
from docgen.model.page import PageType

DEFAULT_NAMESPACE = "microsoft.graph"
"""Namespace for names without one (the Graph docs' own default)."""

DOCUMENTED_ORIGINS = ("resource", "enum", "values")
"""Page-type origins that document a type (its own page, an enum page, an ``x values`` table);
other origins (request bodies, "Inherited from" rows) only declare properties."""


@dataclass
class TypeEntry:
    """A type being assembled (mutable while resolving; frozen into a TypeDef at the end)."""

    name: str
    """Simple name, as first seen."""
    namespace: str
    """Namespace (the page's, the qualifier's, or :data:`DEFAULT_NAMESPACE`)."""
    kind: str
    """``entity``, ``complex``, ``enum``, or ``""`` while nothing has said."""
    location: Location
    """Where the type was first seen."""
    documented: bool
    """False for a type known only by a reference's name."""
    page_types: list[PageType] = field(default_factory=list)
    """Every page's account of the type, in the order seen."""
    members: list[EnumMember] = field(default_factory=list)
    """Enum members merged from every source, first-seen order."""
    member_sources: list[tuple[Location, tuple[str, ...]]] = field(default_factory=list)
    """(where, member names) of each list merged into :attr:`members`."""

    @property
    def key(self) -> str:
        """Lower-cased qualified name: the key of the resolver's ``entries``."""
        return f"{self.namespace}.{self.name}".lower()

    @property
    def qualified(self) -> str:
        """Qualified name, as spelled."""
        return f"{self.namespace}.{self.name}"


def split_name(name: str, namespace: str) -> tuple[str, str]:
    """(namespace, simple name) of a possibly qualified name."""
    if "." in name:
        ns, _, simple = name.rpartition(".")
        return ns, simple
    return namespace or DEFAULT_NAMESPACE, name


def primary_first(entry: TypeEntry) -> list[PageType]:
    """The entry's page types, the one from the type's own page first.

    When several pages document one type (``user.md`` and ``intune-devices-user.md``), the page
    whose file name is the type's name is the primary one; the others add the properties it lacks.
    """
    own = f"{entry.name.lower()}.md"

    def rank(page_type: PageType) -> tuple[int, int]:
        origin = 0 if page_type.origin in DOCUMENTED_ORIGINS else 1
        named = 0 if posixpath.basename(page_type.location.path.lower()) == own else 1
        return (origin, named)

    return sorted(entry.page_types, key=rank)
