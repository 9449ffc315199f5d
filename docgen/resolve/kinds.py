"""Kinds the use of a type tells: a type only structural properties use is a complex type.

Mixed into the resolver of :mod:`docgen.resolve.join`; the methods use its ``entries``,
``derived_claims``, ``lookup`` and ``diagnostics``.

OData reaches an entity type through navigation properties (and entity sets); a structural
property's type is a complex type. So a type whose page marks it as an entity (a ``keyProperty``
annotation, an ``id`` row next to a Relationships section, a Methods table) is read as complex when

* rows of other types' Properties tables use it (rows not under Relationships, not "Inherited
  from" rows),
* no Relationships row (own or inherited) points at it, and
* no API page returns or takes it, except through a request URL whose last segment is one of those
  structural properties (``GET …/sort/fields/icon`` reads ``workbookSortField.icon``),
* no type whose page says entity names it as its base (the base of an entity is an entity), and
* a use by a type this rule itself reads as complex does not count (no chains: ``resourceData``,
  used only by ``changeNotification``, stays an entity).

Measured on the v1.0 corpus against its CSDL: the rule reads 10 of the 15 types the pages mark as
entities that the metadata has as complex types (an 11th, ``openShiftItem``, derived from
``shiftItem``, follows), and no type the metadata has as an entity type (``application``, ``servicePrincipal``,
``call`` and ``itemActivityStat`` are used as structural properties too, but API pages return them
from their own URLs). Chained evidence would also read ``resourceData`` and ``shiftActivity``
(complex in the metadata), but ``resourceData``'s ``id`` row, which the metadata lacks, would then
lose the match it has through the assumed ``entity`` base. An info ``complex-by-use`` at the
type's title names the property that uses it, with its page.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from docgen.diagnostics import Location, info
from docgen.model.dataclass_ahead import dataclass
from docgen.resolve.entry import TypeEntry

if TYPE_CHECKING:
    from docgen.model.core import Operation
    from docgen.model.page import PageProperty

COMPLEX_BY_USE_CODE = "complex-by-use"
"""Info diagnostic at a type's title: its page says entity, its uses say complex."""


@dataclass
class _Uses:
    """How the rows of other types use one type."""

    structural: list[tuple[str, PageProperty]]
    """(owner's qualified name, row) of each structural row typed by it."""
    navigated: bool = False
    """A Relationships row points at it."""


class KindEvidence:
    """Methods of the resolver that read kinds from how types are used."""

    entries: dict
    derived_claims: dict
    diagnostics: list
    complex_by_use: dict

    def find_complex_by_use(self, operations: Sequence[Operation]) -> None:
        """Fill ``complex_by_use`` (key -> the first structural use) for the types the page calls an
        entity that only structural properties use (see the module docstring)."""
        uses = self._uses()
        candidates = self._candidates(uses, self._addressed(operations, uses))
        self.complex_by_use = {}
        for key in sorted(candidates):
            # evidence from a type this rule reads against its own page does not count (no chains)
            structural = [use for use in uses[key].structural if use[0].lower() not in candidates]
            if structural:
                self.complex_by_use[key] = min(structural, key=lambda use: use[1].location)

    def _candidates(self, uses: dict[str, _Uses], addressed: set[str]) -> set[str]:
        """Types the page calls an entity, used by structural rows only, that no API page reaches
        and no other entity page names as its base."""
        candidates = set()
        for key, found in uses.items():
            if found.navigated or not found.structural or key in addressed:
                continue
            if _said_kind(self.entries[key]) == "entity":
                candidates.add(key)
        return candidates - self._bases_of_entities(candidates)

    def _uses(self) -> dict[str, _Uses]:
        """Uses of each documented type by the rows of the other types' pages."""
        uses: dict[str, _Uses] = {}
        for owner_key in sorted(self.entries):
            owner = self.entries[owner_key]
            for page_type in owner.page_types:
                for row in page_type.properties:
                    if row.ref.primitive:
                        continue
                    key = self.lookup(row.ref, owner.namespace)
                    if key is None or key == owner_key or not self.entries[key].page_types:
                        continue
                    found = uses.setdefault(key, _Uses([]))
                    if row.navigation:
                        found.navigated = True
                    elif row.inherited_from is None:
                        found.structural.append((owner.qualified, row))
        return uses

    def _bases_of_entities(self, candidates: set[str]) -> set[str]:
        """Candidates that a type whose page says entity (and that is no candidate) names as its
        base: the base of an entity is an entity (``officeConfigurationAssignmentTarget``)."""
        out: set[str] = set()
        for key in sorted(self.entries):
            entry = self.entries[key]
            if key in candidates or _said_kind(entry) != "entity":
                continue
            claims = [claim for t in entry.page_types for claim in t.bases] + self.derived_claims.get(key, [])
            for claim in claims:
                base = self.lookup(claim.ref, entry.namespace)
                if base in candidates:
                    out.add(base)
        return out

    @staticmethod
    def _addressed(operations: Sequence[Operation], uses: dict[str, _Uses]) -> set[str]:
        """Keys of the types an API page returns or takes through a request URL that does not end
        in the name of a structural property of that type."""
        out: set[str] = set()
        for op in operations:
            typed = [op.response.type if op.response else None, op.request_body.type if op.request_body else None]
            for name in typed:
                key = name.lower() if name else None
                if key is None or key not in uses:
                    continue
                names = {row.name.lower() for _, row in uses[key].structural}
                if not op.paths or any(_last_segment(path) not in names for path in op.paths):
                    out.add(key)
        return out

    def note_complex_by_use(self, kinds: dict[str, str]) -> None:
        """An info at the title of each type read as complex against its page's own signal."""
        for key in sorted(self.complex_by_use):
            if kinds.get(key) != "complex":
                continue
            entry = self.entries[key]
            owner, row = self.complex_by_use[key]
            message = (
                f'its page marks "{entry.qualified}" as an entity type, but only structural properties use it '
                f'("{owner}.{row.name}" at {row.location.path}:{row.location.line}), no Relationships row or '
                "API request URL reaches it: read as a complex type"
            )
            self.diagnostics.append(info(COMPLEX_BY_USE_CODE, message, _title(entry)))



def _said_kind(entry: TypeEntry) -> str:
    """The kind the type's resource page says ("" when it says none)."""
    said = [t.kind for t in entry.page_types if t.origin == "resource"]
    return said[0] if said else ""


def _title(entry: TypeEntry) -> Location:
    """The type's title on its resource page (else where the entry was first seen)."""
    for page_type in entry.page_types:
        if page_type.origin == "resource":
            return page_type.location
    return entry.location


def _last_segment(path: str) -> str:
    """The last segment of a request path, lower-cased, without a query or function arguments."""
    path = path.split("?", 1)[0].rstrip("/")
    return path.rpartition("/")[2].split("(", 1)[0].lower()
