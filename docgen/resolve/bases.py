"""Base types and kinds: the part of resolution that works on inheritance.

Mixed into the resolver of :mod:`docgen.resolve.join`; the methods use its ``entries``,
``derived_claims``, ``diagnostics`` and ``type_of``.

* claims come from the resource annotation's ``baseType`` > "Inherits from" prose > "Inherited
  from" rows > a base page's list of derived types; ``entity`` and types no page documents rank last;
* when one claimed base has every other claim among its ancestors, it is the direct base (rows name
  every ancestor); other disagreements are ``base-type-mismatch`` warnings (info when the claim
  names an ancestor);
* an entity that names no base derives from ``entity`` when the input documents it (Graph docs
  convention; an info ``base-type-assumed`` at the type's title says the docs are silent);
  cycles are reported (``base-type-cycle``) and cut;
* an "A or B" type cell gives its property the nearest base type A and B share;
* kinds: ``entity`` when the page says so (key, navigation properties, id with Relationships, a
  Methods table linking operation pages), when a Relationships row points at the type, or the base
  chain reaches an entity; the base of an entity is an entity; otherwise ``complex``. A page's
  entity is read as complex when only structural properties use it (:mod:`docgen.resolve.kinds`).
"""

from __future__ import annotations

from dataclasses import replace

from docgen.diagnostics import info, warning
from docgen.model.page import BaseClaim
from docgen.read.typecells import TypeRef
from docgen.resolve.entry import DEFAULT_NAMESPACE, TypeEntry

ASSUMED_BASE_CODE = "base-type-assumed"
"""Info diagnostic at a type's title: its base is the convention's ``entity``, not a statement of the docs."""

BASE_PRIORITY = {"annotation": 0, "prose": 1, "rows": 2, "derived": 3}
"""Claim sources, most trusted first."""


class BaseResolution:
    """Inheritance methods of the resolver."""

    entries: dict
    derived_claims: dict
    diagnostics: list
    complex_by_use: dict

    def collect_derived(self) -> None:
        """Claims made by base pages that list their derived types, keyed by the derived type."""
        for key in sorted(self.entries):
            entry = self.entries[key]
            for page_type in entry.page_types:
                for ref in page_type.derived:
                    child = self.lookup(ref, entry.namespace)
                    if child is not None and child != key:
                        claim = BaseClaim(TypeRef(entry.qualified, ref.location), "derived")
                        self.derived_claims.setdefault(child, []).append(claim)

    def _base(self, entry: TypeEntry) -> tuple[str | None, list[tuple[int, BaseClaim, str]]]:
        """The base by claim priority (first pass) and every claim, resolved."""
        claims = []
        own_claims = [claim for page_type in entry.page_types for claim in page_type.bases]
        for claim in own_claims + self.derived_claims.get(entry.key, []):
            resolved = self.type_of(claim.ref, entry.namespace)
            if resolved.lower() == entry.key:
                continue
            claims.append((BASE_PRIORITY.get(claim.source, 9), claim, resolved))
        if not claims:
            return self._default_base(entry), []
        # ``entity`` is every entity's root: a claim naming a more specific base is the better one;
        # a claim naming a type no page documents ranks after one naming a documented type
        claims.sort(
            key=lambda c: (
                c[2].rpartition(".")[2].lower() == "entity",
                not self._documented(c[2]),
                c[0],
                c[1].ref.location,
            )
        )
        return claims[0][2], claims

    @staticmethod
    def _ancestors(built: dict[str, dict], key: str) -> list[str]:
        """Lower-cased base chain of ``key`` (cycle-safe)."""
        out: list[str] = []
        seen = {key}
        current = built.get(key, {}).get("base")
        while current is not None and current.lower() not in seen:
            out.append(current.lower())
            seen.add(current.lower())
            current = built.get(current.lower(), {}).get("base")
        return out

    def _refine_bases(self, built: dict[str, dict]) -> None:
        """When one claimed base has every other claimed base among its ancestors, it is the
        direct base ("Inherited from" rows name every ancestor, annotations often name the root)."""
        for key in sorted(built):
            names = {claim[2].lower(): claim[2] for claim in built[key]["claims"]}
            if len(names) < 2:
                continue
            for lowered, name in sorted(names.items()):
                if set(names) - {lowered} <= set(self._ancestors(built, lowered)):
                    built[key]["base"] = name
                    break

    def _common_bases(self, built: dict[str, dict], alternatives: list[tuple[str, int, list[str]]]) -> None:
        """Properties of an "A or B" cell take the nearest base type A and B share (``mediaConfig``
        for ``appHostedMediaConfig or serviceHostedMediaConfig``); without one they keep A."""
        for key, index, others in alternatives:
            properties = list(built[key]["properties"])
            prop = properties[index]
            chains = [[name.lower(), *self._ancestors(built, name.lower())] for name in [prop.type, *others]]
            shared = next((k for k in chains[0] if all(k in chain for chain in chains[1:])), None)
            if shared is None or shared == prop.type.lower() or shared not in self.entries:
                continue
            properties[index] = replace(prop, type=self.entries[shared].qualified)
            built[key]["properties"] = tuple(properties)

    def _report_bases(self, built: dict[str, dict]) -> None:
        for key in sorted(built):
            chosen = built[key]["base"]
            claims = built[key]["claims"]
            if chosen is not None and not claims:
                entry = self.entries[key]
                message = (
                    f'no page names a base type for entity type "{entry.qualified}"; "{chosen}" is assumed '
                    "(the Graph docs convention)"
                )
                self.diagnostics.append(info(ASSUMED_BASE_CODE, message, built[key]["primary"].location))
                continue
            if chosen is None:
                continue
            entry = self.entries[key]
            ancestors = set(self._ancestors(built, key))
            first = next((c for c in claims if c[2].lower() == chosen.lower()), claims[0])
            for _, claim, resolved in claims:
                if resolved.lower() == chosen.lower():
                    continue
                if resolved.lower() in ancestors:
                    message = (
                        f'{claim.source} names "{resolved}" as the base of "{entry.qualified}", an ancestor of '
                        f'its direct base "{chosen}" ({first[1].source})'
                    )
                    self.diagnostics.append(info("base-type-mismatch", message, claim.ref.location))
                    continue
                message = (
                    f'{claim.source} says the base of "{entry.qualified}" is "{resolved}", '
                    f'but {first[1].source} says "{chosen}"'
                )
                self.diagnostics.append(warning("base-type-mismatch", message, claim.ref.location))

    def _documented(self, qualified: str) -> bool:
        entry = self.entries.get(qualified.lower())
        return entry is not None and entry.documented and bool(entry.page_types)

    def _default_base(self, entry: TypeEntry) -> str | None:
        """Graph docs convention: an entity type (key property or Relationships section) that names
        no base derives from ``entity`` (whose page documents ``id``) when the input documents it."""
        said = {t.kind for t in entry.page_types if t.origin == "resource"}
        if "entity" not in said or entry.name.lower() == "entity" or entry.key in self.complex_by_use:
            return None
        for namespace in (entry.namespace, DEFAULT_NAMESPACE):
            candidate = self.entries.get(f"{namespace}.entity".lower())
            if candidate is not None and candidate.documented and candidate.page_types:
                return candidate.qualified
        return None

    def _cut_cycles(self, built: dict[str, dict]) -> None:
        for key in sorted(built):
            seen = [key]
            current = built[key]["base"]
            while current is not None:
                current_key = current.lower()
                if current_key in seen:
                    entry = self.entries[seen[-1]]
                    chain = " -> ".join(self.entries[k].qualified for k in seen) + f" -> {current}"
                    message = f"base types form a cycle ({chain}); the last link is ignored"
                    self.diagnostics.append(warning("base-type-cycle", message, entry.location))
                    built[seen[-1]]["base"] = None
                    break
                seen.append(current_key)
                current = built.get(current_key, {}).get("base")

    def _navigation_targets(self, built: dict[str, dict]) -> set[str]:
        """Keys of the types a Relationships row (a navigation property) points at: an entity, as
        only entities can be navigated to (every docs navigation target the v1.0 metadata has is an
        entity type there), unless the target's own page says it is an enum or a complex type."""
        targets: set[str] = set()
        for key in sorted(built):
            for prop in built[key]["properties"]:
                target = prop.type.lower()
                if not prop.navigation or target not in self.entries:
                    continue
                entry = self.entries[target]
                said = {t.kind for t in entry.page_types if t.origin == "resource"}
                if entry.kind != "enum" and not said & {"enum", "complex"}:
                    targets.add(target)
        return targets

    def _kinds(self, built: dict[str, dict]) -> dict[str, str]:
        kinds: dict[str, str] = {}
        navigated = self._navigation_targets(built)

        def kind_of(key: str, depth: int = 0) -> str:
            if key in kinds:
                return kinds[key]
            entry = self.entries[key]
            kind = entry.kind
            if not kind and entry.page_types and entry.page_types[0].kind:
                kind = entry.page_types[0].kind
            if key in self.complex_by_use and kind == "entity":
                kind = ""  # the page's own signal, overridden by the type's uses (resolve_kinds)
            if not kind or kind == "complex":
                if entry.name.lower() == "entity" or key in navigated:
                    kind = "entity"
                else:
                    base = built.get(key, {}).get("base")
                    if base and base.lower() in self.entries and depth < 100:
                        kind = "entity" if kind_of(base.lower(), depth + 1) == "entity" else (kind or "complex")
                    kind = kind or "complex"
            kinds[key] = kind
            return kind

        for key in built:
            kind_of(key)
        # the base of an entity is an entity, unless its own page says otherwise
        for key in sorted(built):
            if kinds[key] != "entity":
                continue
            base = built[key]["base"]
            steps = 0
            while base and base.lower() in kinds and steps < 100:
                base_key = base.lower()
                said = self.entries[base_key].page_types[0].kind if self.entries[base_key].page_types else ""
                if kinds[base_key] == "enum" or said == "complex":
                    break
                kinds[base_key] = "entity"
                base = built.get(base_key, {}).get("base")
                steps += 1
        return kinds
