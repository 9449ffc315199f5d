"""Disagreement classes of :mod:`docgen.checks.drift.compare` findings: the ``pattern`` that groups them.

A pattern generalises a finding so that findings with one cause count together: a type reference
becomes its kind in the metadata (``Edm.String vs <enum>``), a base type one level off says so.
"""

from __future__ import annotations

from docgen.checks.drift.csdl import CsdlType
from docgen.checks.drift.graph import chain


class Patterns:
    """Pattern builders over one metadata type index."""

    def __init__(self, meta: dict[str, CsdlType], meta_base: dict[str, str | None]):
        """``meta``: lower-cased qualified name -> type; ``meta_base``: the same keys -> base key."""
        self.meta = meta
        self.meta_base = meta_base
        self._member_owners: dict[str, int] | None = None

    def describe(self, type_ref: str | None) -> str:
        """A type reference generalised for a disagreement class: Edm names kept, others by kind."""
        if not type_ref:
            return "none"
        if type_ref.lower().startswith("edm."):
            return type_ref
        if type_ref.lower() == "microsoft.graph.entity":
            return "entity"
        target = self.meta.get(type_ref.lower())
        return f"<{target.kind}>" if target else "<not in metadata>"

    def base_pattern(self, docs_base: str | None, meta_base: str | None) -> str:
        """The class of a base type disagreement; skipping or adding a level is its own class."""
        pattern = (
            f"docs {self.describe(docs_base)} vs metadata {self.describe(meta_base)}"
        )
        if docs_base and meta_base:
            if docs_base.lower() in chain(meta_base.lower(), self.meta_base.get):
                return f"{pattern}: docs name an ancestor of the metadata's base"
            if meta_base.lower() in chain(docs_base.lower(), self.meta_base.get):
                return f"{pattern}: docs name a type derived from the metadata's base"
        return pattern

    def type_pattern(self, docs_type: str, meta_type: str) -> str:
        """The class of a property type disagreement (namespace, base/derived type, or by kind)."""
        docs_key, meta_key = docs_type.lower(), meta_type.lower()
        if docs_key.rpartition(".")[2] == meta_key.rpartition(".")[2]:
            return "same name, other namespace"
        if docs_key in self.meta and meta_key in self.meta:
            if docs_key in chain(meta_key, self.meta_base.get):
                return "docs name a base type of the metadata's"
            if meta_key in chain(docs_key, self.meta_base.get):
                return "docs name a type derived from the metadata's"
        return f"{self.describe(docs_type)} vs {self.describe(meta_type)}"

    def extra_member_pattern(self, name: str) -> str:
        """The class of a docs member the metadata's enum lacks."""
        if not name.replace("_", "a").isalnum():
            return "not an identifier (text read as a member?)"
        if name == "unknownFutureValue":
            return "unknownFutureValue (the metadata has no sentinel)"
        if self._member_owners is None:
            owners: dict[str, int] = {}
            for t in self.meta.values():
                for member in t.members:
                    owners[member.name.lower()] = owners.get(member.name.lower(), 0) + 1
            self._member_owners = owners
        if name.lower() in self._member_owners:
            return "a member of another metadata enum"
        return "in no metadata enum"
