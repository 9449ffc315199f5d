"""The generator's side of strict decoding: check and fill example JSON against the planned classes.

:class:`Checker` says what the generated runtime's *strict* ``from_dict`` rejects, so an example
it flags really fails in the generated test, and its test can be ``xfail(strict=True)``. A
simple value (a date-time, a duration, base64 …) is judged by the runtime's own codec
(:mod:`docgen.render.runtime` executes the packaged ``_runtime.py.j2``: there is no second copy
of those rules). Objects are walked over the class plans, since the generated classes do not
exist yet, with the runtime's rules for them: the same ``@odata.type`` resolution, the same
open-type rule, the same enum membership. It also replaces
placeholder values (``"String"``, ``"Integer"``, ``"String (timestamp)"`` …, see
:mod:`docgen.render.placeholders`) in typed slots with typed samples.
``tests/render/test_render_examples.py`` checks the two sides agree.
"""

from __future__ import annotations

import json
import math
from dataclasses import field
from typing import Any

from docgen.model.dataclass_ahead import dataclass
from docgen.render.models import ClassPlan, FieldPlan, Registry, takes_any_key
from docgen.render.placeholders import ELIDED_BASE64, PLACEHOLDER, SAMPLES, names_type
from docgen.render.runtime import accepts


@dataclass
class Checker:
    """Strict decoding and placeholder filling over the planned classes (mirrors the runtime)."""

    reg: Registry
    """Names and specs."""
    plans: dict[str, ClassPlan]
    """Class plans by ``module:Class``."""
    odata: dict[str, str] = field(default_factory=dict)
    """Lower-case qualified name -> ``module:Class`` (the models package's ``ODATA_TYPES``)."""
    _derived_by_key: dict[str, list[ClassPlan]] = field(default_factory=dict)
    """What :meth:`_derived` found, by key."""

    @classmethod
    def build(cls, reg: Registry, plans: list[ClassPlan]) -> Checker:
        """Index the plans the way the generated ``models/__init__.py`` does."""
        by_key = {f"{p.ref.module}:{p.ref.name}": p for p in plans}
        odata: dict[str, str] = {}
        for p in plans:
            odata.setdefault(
                p.type.qualified_name.lower(), f"{p.ref.module}:{p.ref.name}"
            )
        return cls(reg, by_key, odata)

    def _named(self, simple: str) -> list[str]:
        """The qualified names, sorted, of the classes (not enums) whose lower-case name is
        ``simple``."""
        return sorted(
            p.type.qualified_name
            for p in self.plans.values()
            if p.type.name.lower() == simple and p.type.kind != "enum"
        )

    def fields(self, key: str) -> dict[str, str]:
        """Wire name -> spec for every field of a class, inherited ones included."""
        out: dict[str, str] = {}
        plan = self.plans.get(key)
        while plan is not None:
            for f in plan.fields:
                out.setdefault(f.wire, f.spec)
            plan = (
                self.plans.get(f"{plan.base.module}:{plan.base.name}")
                if plan.base
                else None
            )
        return out

    def is_open(self, key: str) -> bool:
        """True when the class takes any key (its ``_open_type_``: an open type, a class under
        one, or a type the docs say nothing about: :func:`~docgen.render.models.takes_any_key`)."""
        types = []
        plan = self.plans.get(key)
        while plan is not None:  # (as fields walks it: planned bases hold no cycle)
            types.append(plan.type)
            plan = self.plans.get(f"{plan.base.module}:{plan.base.name}") if plan.base else None
        return takes_any_key(types)

    def is_subclass(self, key: str, base: str) -> bool:
        """True when the class ``key`` is ``base`` or derives from it."""
        plan = self.plans.get(key)
        while plan is not None:
            if f"{plan.ref.module}:{plan.ref.name}" == base:
                return True
            plan = (
                self.plans.get(f"{plan.base.module}:{plan.base.name}")
                if plan.base
                else None
            )
        return False

    def class_named(self, key: str, odata_type: Any) -> str | None:
        """The key of the class (not an enum) an ``@odata.type`` names, read as the runtime reads
        it on an object of ``key`` (a name without a namespace is in ``key``'s); None when it names
        no planned class."""
        if not isinstance(odata_type, str) or not odata_type.strip("#"):
            return None
        found = self.odata.get(self._qualified(key, odata_type))
        return None if found is None or self.plans[found].type.kind == "enum" else found

    def _qualified(self, key: str, odata_type: str) -> str:
        """The lower-case qualified name an ``@odata.type`` gives on an object of ``key`` (a name
        without a namespace is in ``key``'s)."""
        own = self.plans[key].type.qualified_name
        name = odata_type.lstrip("#").lower()
        if "." not in name and "." in own:
            name = own.rpartition(".")[0].lower() + "." + name
        return name

    def resolve(self, key: str, odata_type: Any) -> str:
        """The runtime's ``resolve_type``: the class named when it derives from ``key``."""
        found = self.class_named(key, odata_type)
        return found if found is not None and self.is_subclass(found, key) else key

    def check(
        self,
        value: Any,
        spec: str,
        where: str,
        problems: list[str],
        local: dict[str, str] | None = None,
    ) -> None:
        """Append why ``value`` fails strict decoding as ``spec`` (nothing when it passes)."""
        if value is None:
            return
        if spec.startswith("list:"):
            if not isinstance(value, list):
                problems.append(f"{where}: expected a collection, got {_short(value)}")
                return
            for i, item in enumerate(value):
                self.check(item, spec[5:], f"{where}[{i}]", problems, local)
            return
        if spec.startswith("ref:") or spec == "local:Body":
            key = spec[4:] if spec.startswith("ref:") else ""
            plan = self.plans.get(key)
            if plan is not None and plan.type.kind == "enum":
                members = {m.wire.lower() for m in plan.members}
                parts = (
                    value.split(",")
                    if isinstance(value, str) and plan.type.flags
                    else [value]
                )
                if not isinstance(value, str) or (
                    members and not all(p.strip().lower() in members for p in parts)
                ):
                    problems.append(
                        f"{where}: {_short(value)} is not a documented {plan.type.name} value"
                    )
                return
            if not isinstance(value, dict):
                problems.append(f"{where}: expected an object, got {_short(value)}")
                return
            target = ""
            if plan is None:
                fields, open_type, name = dict(local or {}), False, "the request body"
            else:
                target = self.resolve(key, value.get("@odata.type"))
                tplan = self.plans[target]
                fields, open_type, name = (
                    self.fields(target),
                    self.is_open(target),
                    tplan.type.qualified_name,
                )
            named = value.get("@odata.type") if plan is not None else None
            for k, v in value.items():
                if k in fields:
                    self.check(v, fields[k], f"{where}.{k}", problems)
                elif not open_type and "@" not in k:
                    hint = self._missing_hint(target, k, fields, named)
                    problems.append(f"{where}: {name} has no property {k!r}{hint}")
            return
        if not accepts(spec, value):
            problems.append(f"{where}: expected {spec}, got {_short(value)}")

    def _chain(self, key: str) -> list[ClassPlan]:
        """The class and its bases, nearest first."""
        out: list[ClassPlan] = []
        plan = self.plans.get(key)
        while plan is not None and plan not in out:
            out.append(plan)
            plan = (
                self.plans.get(f"{plan.base.module}:{plan.base.name}")
                if plan.base
                else None
            )
        return out

    def _derived(self, key: str) -> list[ClassPlan]:
        """Classes deriving from ``key`` (directly or not), in qualified-name order (each key's
        list found once: a scan of every class)."""
        found = self._derived_by_key.get(key)
        if found is None:
            found = self._derived_by_key[key] = sorted(
                (
                    p
                    for k, p in self.plans.items()
                    if k != key and self.is_subclass(k, key)
                ),
                key=lambda p: p.type.qualified_name.lower(),
            )
        return found

    def _missing_hint(
        self, key: str, wire: str, fields: dict[str, str], named: Any = None
    ) -> str:
        """What the page does say about a property its type lacks: another spelling, an
        ``@odata.type`` naming no documented type, a derived type that has it (the object does not
        name it), a JSON representation that shows it though no table row does, or no base type
        to inherit a base's usual property from."""
        near = sorted(f for f in fields if f.lower() == wire.lower())
        if near:
            return f" (the page spells it {near[0]!r})"
        if isinstance(named, str) and named.strip("# ") and key:
            wanted = self._qualified(key, named.strip())
            found = self.odata.get(wanted)
            if found is not None and wanted != self.plans[key].type.qualified_name.lower():
                return (
                    f" (its @odata.type names {self.plans[found].type.qualified_name}, which "
                    f"does not derive from {self.plans[key].type.qualified_name})"
                )
            if found is None:
                simple = wanted.rpartition(".")[2]
                same = self._named(simple)
                also = f"; {same[0]} is" if same else ""
                return f" (its @odata.type {named!r} is no documented type{also})"
        if key and not (isinstance(named, str) and named.strip("# ")):
            having = [
                p.type.qualified_name
                for p in self._derived(key)
                if any(f.wire == wire for f in p.fields)
            ]
            if having:
                if self.plans[key].type.abstract:
                    return (
                        f" ({having[0]} has it; an object of the abstract "
                        f"{self.plans[key].type.qualified_name} must name its type with @odata.type)"
                    )
                return f" ({having[0]} has it; the object names no @odata.type)"
        chain = self._chain(key) if key else []
        for plan in chain:
            shown = plan.type.representation
            if (
                shown is not None
                and isinstance(shown.body, dict)
                and wire in shown.body
            ):
                return (
                    f" (the JSON representation of {plan.type.qualified_name} shows it; "
                    "no table row documents it)"
                )
        named = [p.type.qualified_name for p in chain[1:]]
        if (
            chain
            and wire in BASE_KEYS
            and all(n.rpartition(".")[2] == "entity" for n in named)
        ):
            return " (the page names no base type it could inherit it from)"
        return ""

    def value_wrapper(self, body: Any, spec: str) -> str | None:
        """Why a response documented as one ``spec`` object is not one: the docs' answer wraps it
        (``{"value": {...}}``), or holds a collection or a bare value under ``value``. None when
        ``body`` is not such a wrapper (the type has a ``value`` property, is open, or ``body``
        has properties beside ``value``): then the ordinary check says what is wrong.
        """
        plan = self.plans.get(spec[4:]) if spec.startswith("ref:") else None
        if plan is None or plan.type.kind == "enum" or not isinstance(body, dict):
            return None
        if "value" not in body or any(k != "value" and "@" not in k for k in body):
            return None
        target = self.resolve(spec[4:], body.get("@odata.type"))
        if "value" in self.fields(target) or self.is_open(target):
            return None
        name = self.plans[target].type.qualified_name
        inner = body["value"]
        if isinstance(inner, dict):
            return (
                f'$: the {name} object is wrapped in {{"value": {{...}}}}; '
                "the page documents the object itself"
            )
        if isinstance(inner, list):
            return (
                f'$: a collection {{"value": [...]}} where the page documents '
                f"a single {name}"
            )
        return (
            f'$: a bare value {{"value": {_short(inner)}}} where the page documents '
            f"a {name} object"
        )

    def not_a_collection(self, body: Any, spec: str) -> str:
        """Why ``body`` is not the ``{"value": [...]}`` a collection response must be."""
        plan = self.plans.get(spec[4:]) if spec.startswith("ref:") else None
        name = plan.type.qualified_name if plan is not None else spec
        if isinstance(body, dict) and isinstance(body.get("value"), dict):
            return (
                f'$: "value" holds one {name} object where the page documents a '
                "collection (an array)"
            )
        if isinstance(body, dict) and "value" not in body:
            return (
                f"$: a single {name} object where the page documents a collection "
                "(an object with a 'value' array)"
            )
        return "$: expected an object with a 'value' array (the page documents a collection)"

    def fill(self, value: Any, spec: str, local: dict[str, str] | None = None) -> Any:
        """``value`` with placeholders in typed slots replaced by typed samples."""
        placeholder = isinstance(value, str) and PLACEHOLDER.fullmatch(value.strip())
        if spec.startswith("list:"):
            if placeholder:
                return []
            return (
                [self.fill(v, spec[5:]) for v in value]
                if isinstance(value, list)
                else value
            )
        if spec.startswith("ref:") or spec == "local:Body":
            key = spec[4:] if spec.startswith("ref:") else ""
            plan = self.plans.get(key)
            named = plan is not None and names_type(value, plan.type.qualified_name)
            if plan is not None and plan.type.kind == "enum":
                if (
                    isinstance(value, str)
                    and (PLACEHOLDER.fullmatch(value.strip()) or named)
                    and plan.members
                    and value.strip().lower()
                    not in {m.wire.lower() for m in plan.members}
                ):
                    return plan.members[0].wire
                return value
            if placeholder or named:
                return {}
            if not isinstance(value, dict):
                return value
            fields = (
                dict(local or {})
                if plan is None
                else self.fields(self.resolve(key, value.get("@odata.type")))
            )
            return {
                k: (self.fill(v, fields[k]) if k in fields else v)
                for k, v in value.items()
            }
        if (
            spec not in ("str", "json")
            and isinstance(value, str)
            and PLACEHOLDER.fullmatch(value.strip())
        ):
            return SAMPLES.get(spec, value)
        if (
            spec == "bytes"
            and isinstance(value, str)
            and ELIDED_BASE64.fullmatch(value)
        ):
            return SAMPLES["bytes"]
        return value


BASE_KEYS = frozenset(
    (
        "createdDateTime",
        "createdBy",
        "lastModifiedDateTime",
        "lastModifiedBy",
        "deletedDateTime",
    )
)
"""Properties base types (``changeTrackedEntity``, ``directoryObject`` …) usually give."""


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


def local_fields(fields: tuple[FieldPlan, ...]) -> dict[str, str]:
    """Wire name -> spec of a generated ``Body`` class."""
    return {f.wire: f.spec for f in fields}


def json_safe(value: Any) -> bool:
    """True when ``value`` can be written as a Python literal (no NaN/infinity)."""
    if isinstance(value, float):
        return not (math.isnan(value) or math.isinf(value))
    if isinstance(value, dict):
        return all(json_safe(v) for v in value.values())
    if isinstance(value, list):
        return all(json_safe(v) for v in value)
    return True
