"""Plan the model modules: Python names, type specs and annotations for every type of a Model.

A plan holds only sanitized names (from :mod:`docgen.render.naming`) and raw doc text; doc text is
escaped later, by the template filters, exactly where it lands.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import field
from typing import Any

from docgen.diagnostics import Diagnostic, Location, warning
from docgen.model.core import Model, Property, TypeDef
from docgen.model.dataclass_ahead import dataclass
from docgen.render import naming

PRIMITIVE_SPECS = {
    "Edm.String": "str",
    "Edm.Int16": "int",
    "Edm.Int32": "int",
    "Edm.Int64": "int",
    "Edm.Byte": "int",
    "Edm.SByte": "int",
    "Edm.Double": "float",
    "Edm.Single": "float",
    "Edm.Decimal": "decimal",
    "Edm.Boolean": "bool",
    "Edm.DateTimeOffset": "datetime",
    "Edm.Date": "date",
    "Edm.TimeOfDay": "time",
    "Edm.Duration": "duration",
    "Edm.Guid": "guid",
    "Edm.Binary": "bytes",
}
"""Edm primitives and the runtime codec that handles each; any other ``Edm.*`` is raw JSON."""

ANNOTATIONS = {
    "str": "str",
    "int": "int",
    "float": "float",
    "decimal": "float | str",
    "bool": "bool",
    "datetime": "_datetime.datetime",
    "date": "_datetime.date",
    "time": "_datetime.time",
    "duration": "_datetime.timedelta | str",
    "guid": "_uuid.UUID",
    "bytes": "bytes",
    "json": "_typing.Any",
}
"""Python annotations per codec spec."""

PREFERRED_NAMESPACE = "microsoft.graph"
"""When two namespaces define the same simple name, this one keeps the plain Python name."""


@dataclass(frozen=True)
class ClassRef:
    """Where a generated class lives."""

    module: str
    """Module name inside ``models/``."""
    name: str
    """Class name."""
    kind: str
    """``entity``, ``complex`` or ``enum``."""


@dataclass(frozen=True)
class FieldPlan:
    """One dataclass field."""

    name: str
    """Python attribute name."""
    wire: str
    """JSON name."""
    spec: str
    """Runtime codec spec."""
    annotation: str
    """Python annotation text (names only; never doc text)."""
    description: str
    """Raw description (escaped by the template)."""
    location: Location
    """Where the property is documented."""


@dataclass(frozen=True)
class MemberPlan:
    """One enum member."""

    name: str
    """UPPER_SNAKE Python name."""
    wire: str
    """The wire value."""
    description: str = ""
    """Raw description."""


@dataclass(frozen=True)
class ClassPlan:
    """One model or enum module."""

    type: TypeDef
    """The type it comes from."""
    ref: ClassRef
    """Its module and class name."""
    base: ClassRef | None = None
    """The generated base class, None for the runtime's."""
    fields: tuple[FieldPlan, ...] = ()
    """Fields declared by this class (not inherited ones)."""
    members: tuple[MemberPlan, ...] = ()
    """Enum members."""
    imports: tuple[ClassRef, ...] = ()
    """Classes named only in annotations (imported under TYPE_CHECKING)."""
    stdlib: tuple[str, ...] = ()
    """Standard modules named only in annotations (``datetime``, ``uuid``)."""
    open_type: bool | None = None
    """The ``_open_type_`` its class sets, None when it inherits its base's (:func:`open_attribute`)."""


@dataclass
class Registry:
    """Class names and type specs for a whole model (built once per render)."""

    model: Model
    """The model being rendered."""
    refs: dict[str, ClassRef] = field(default_factory=dict)
    """Qualified type name -> class."""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    """What naming and typing found."""
    types: dict[str, TypeDef] = field(default_factory=dict)
    """The model's types by qualified name (built once; planners look types up here)."""
    _unknown: set[str] = field(default_factory=set)
    lines: dict[int, tuple[Any, ...]] = field(default_factory=dict, repr=False, compare=False)
    """What :func:`docgen.render.requests.plan_operation` read of an operation's request lines,
    by the operation's ``id`` (with the operation itself, kept alive): the same for every plan of
    it in this render. An operation is planned about three times (for the builders' answers
    before the jobs, in its own job and in its builder module's job); the workers, forked after
    the first, find it here."""

    @classmethod
    def build(cls, model: Model) -> Registry:
        """Assign every type a module and class name, deterministically."""
        reg = cls(model, types=model.type_index())
        types = sorted(model.types, key=lambda t: t.qualified_name)
        groups: dict[str, list[TypeDef]] = {}
        for t in types:
            groups.setdefault(naming.module(t.name, "type"), []).append(t)
        used: set[str] = set()
        for base_name in sorted(groups):
            members = sorted(
                groups[base_name],
                key=lambda t: (t.namespace != PREFERRED_NAMESPACE, t.qualified_name),
            )
            for index, t in enumerate(members):
                name = base_name
                if index:
                    name = naming.module(
                        t.namespace.rpartition(".")[2] + "_" + t.name, "type"
                    )
                suffix = 2
                candidate = name
                while candidate in used:
                    candidate = f"{name}_{suffix}"
                    suffix += 1
                if index or candidate != base_name:
                    reg.diagnostics.append(
                        warning(
                            "name-clash",
                            f"{t.qualified_name} and {members[0].qualified_name} both map to module "
                            f"{base_name!r}; {t.qualified_name} becomes {candidate!r}",
                            t.location,
                        )
                    )
                used.add(candidate)
                reg.refs[t.qualified_name] = ClassRef(
                    candidate, naming.pascal(candidate), t.kind
                )
        return reg

    def reported(self) -> frozenset[str]:
        """The unknown types reported so far (see :meth:`restore_reported`)."""
        return frozenset(self._unknown)

    def restore_reported(self, reported: frozenset[str]) -> None:
        """Forget the unknown types reported since :meth:`reported` returned ``reported``."""
        self._unknown = set(reported)

    def spec(self, type_name: str, collection: bool, location: Location) -> str:
        """The runtime codec spec for a type reference."""
        if type_name in PRIMITIVE_SPECS:
            inner = PRIMITIVE_SPECS[type_name]
        elif type_name.rpartition(".")[2].lower() in ("json", "untyped"):
            inner = "json"  # arbitrary JSON (workbook values, Edm.Untyped)
        elif type_name in self.refs:
            ref = self.refs[type_name]
            inner = f"ref:{ref.module}:{ref.name}"
        else:
            inner = "json"
            if not type_name.startswith("Edm.") and type_name not in self._unknown:
                self._unknown.add(type_name)
                self.diagnostics.append(
                    warning(
                        "unknown-type",
                        f"type {type_name} is not in the model; kept as raw JSON",
                        location,
                    )
                )
        return f"list:{inner}" if collection else inner

    def annotation(self, spec: str) -> str:
        """The Python annotation for a codec spec."""
        if spec.startswith("list:"):
            return f"list[{self.annotation(spec[5:])}]"
        if spec.startswith("ref:"):
            return spec.split(":")[2]
        return ANNOTATIONS[spec]


def _refs_in(spec: str) -> list[tuple[str, str]]:
    while spec.startswith("list:"):
        spec = spec[5:]
    if spec.startswith("ref:"):
        _, module, name = spec.split(":")
        return [(module, name)]
    return []


def _stdlib_in(annotation: str) -> list[str]:
    return [m for m in ("datetime", "uuid") if f"_{m}." in annotation]


def field_name(wire: str) -> str:
    """The Python attribute name a wire name asks for (before collision suffixes)."""
    return naming.snake(wire, "field", naming.RESERVED_FIELDS)


def plan_fields(
    reg: Registry,
    owner: str,
    properties: tuple[Property, ...],
    taken: set[str],
    skip_wires: set[str],
) -> tuple[list[FieldPlan], list[Diagnostic]]:
    """Fields for ``properties`` with names free of ``taken`` (inherited names) and each other."""
    diags: list[Diagnostic] = []
    seen: dict[str, Property] = {}
    for prop in properties:
        if prop.name in skip_wires or prop.name in seen:
            continue
        seen[prop.name] = prop
    names, clashes = naming.assign(list(seen), field_name, taken)
    for clash in clashes:
        prop = seen[clash.renamed]
        diags.append(
            warning(
                "name-clash",
                f"{owner}: {clash.renamed!r} and {clash.kept!r} map to the same Python name; "
                f"{clash.renamed!r} becomes {clash.python_name!r}",
                prop.location,
            )
        )
    fields = []
    for wire, prop in seen.items():
        spec = reg.spec(prop.type, prop.collection, prop.location)
        fields.append(
            FieldPlan(
                names[wire],
                wire,
                spec,
                reg.annotation(spec),
                prop.description,
                prop.location,
            )
        )
    return fields, diags


def unknown_base(t: TypeDef) -> Diagnostic:
    """The warning for a type whose base the model lacks (or is an enum): the base is dropped."""
    return warning("unknown-base", f"{t.qualified_name}: base type {t.base} is not in the model", t.location)


def base_cycle(t: TypeDef) -> Diagnostic:
    """The warning for a type whose bases form a cycle: the base is dropped."""
    return warning("base-cycle", f"{t.qualified_name}: base types form a cycle; base dropped", t.location)


def keeps_any_json(t: TypeDef) -> bool:
    """True for a type the docs say nothing about: no page of its own and no property (known
    only by a link or a type cell, as ``dateTimeTimeZone`` is to a tree without its page). No
    page says what such an object holds, so its class takes any key (:func:`takes_any_key`): an
    example giving it ``dateTime`` contradicts no page."""
    return not t.documented and not t.properties


def takes_any_key(chain: Sequence[TypeDef]) -> bool:
    """Whether the class of ``chain[0]`` (its bases after it, nearest first) takes any key of an
    object as its own, the one rule for strict decoding (the class's ``_open_type_``:
    :func:`open_attribute`) and the examples' check (:meth:`~docgen.render.checker.Checker.is_open`):
    an open type and a class under one do, and a type the docs say nothing about
    (:func:`keeps_any_json`), but not its subclasses (their pages say what they hold)."""
    return bool(chain) and (keeps_any_json(chain[0]) or any(t.open_type for t in chain))


def open_attribute(chain: Sequence[TypeDef]) -> bool | None:
    """The ``_open_type_`` the class of ``chain[0]`` sets (see :func:`takes_any_key`); None when
    the value it inherits from its base class is already the right one."""
    takes = takes_any_key(chain)
    return None if takes == takes_any_key(chain[1:]) else takes


def class_plan(t: TypeDef, ref: ClassRef, base: ClassRef | None, fields: list[FieldPlan],
               bases: Sequence[TypeDef] = ()) -> ClassPlan:
    """The plan of a class of planned ``fields``: the classes and stdlib modules they import.
    ``bases``: the types of its base classes, nearest first (what its ``_open_type_`` depends on)."""
    refs = sorted({r for f in fields for r in _refs_in(f.spec)} - {(ref.module, ref.name)})
    stdlib = sorted({m for f in fields for m in _stdlib_in(f.annotation)})
    return ClassPlan(
        t,
        ref,
        base=base,
        fields=tuple(fields),
        imports=tuple(ClassRef(m, n, "") for m, n in refs),
        stdlib=tuple(stdlib),
        open_type=open_attribute((t, *bases)),
    )


def plan_classes(reg: Registry) -> tuple[list[ClassPlan], list[Diagnostic]]:
    """A plan per type (bases before subclasses is not needed: imports resolve it)."""
    index = reg.types
    diags: list[Diagnostic] = []
    plans: dict[str, ClassPlan] = {}
    names_of: dict[str, tuple[set[str], set[str]]] = {}

    def base_of(t: TypeDef) -> TypeDef | None:
        if not t.base or t.kind == "enum":
            return None
        base = index.get(t.base)
        if base is None or base.kind == "enum":
            diags.append(unknown_base(t))
            return None
        seen = {t.qualified_name}
        walk: TypeDef | None = base
        while walk is not None:
            if walk.qualified_name in seen:
                diags.append(base_cycle(t))
                return None
            seen.add(walk.qualified_name)
            walk = index.get(walk.base) if walk.base else None
        return base

    def inherited(t: TypeDef) -> tuple[set[str], set[str]]:
        """(python names, wire names) of all fields of ``t`` including its bases."""
        key = t.qualified_name
        if key in names_of:
            return names_of[key]
        plan(t)
        return names_of[key]

    def plan(t: TypeDef) -> ClassPlan:
        key = t.qualified_name
        if key in plans:
            return plans[key]
        ref = reg.refs[key]
        if t.kind == "enum":
            result = ClassPlan(t, ref, members=_plan_members(t, diags))
            plans[key] = result
            names_of[key] = (set(), set())
            return result
        base = base_of(t)
        taken: set[str] = set()
        wires: set[str] = set()
        if base is not None:
            taken, wires = inherited(base)
        fields, field_diags = plan_fields(reg, key, t.properties, taken, wires)
        diags.extend(field_diags)
        bases = []
        walk = base
        while walk is not None and walk.kind != "enum":  # (base_of found no cycle from t)
            bases.append(walk)
            walk = index.get(walk.base) if walk.base else None
        result = class_plan(t, ref, reg.refs[base.qualified_name] if base is not None else None, fields, bases)
        plans[key] = result
        names_of[key] = (
            taken | {f.name for f in fields},
            wires | {f.wire for f in fields},
        )
        return result

    for t in sorted(reg.model.types, key=lambda t: t.qualified_name):
        plan(t)
    return [plans[k] for k in sorted(plans)], diags


def _plan_members(t: TypeDef, diags: list[Diagnostic]) -> tuple[MemberPlan, ...]:
    """Members with duplicates merged and Python names made unique."""
    first: dict[str, str] = {}
    for m in t.members:
        if m.name in first:
            diags.append(
                warning(
                    "duplicate-member",
                    f"{t.qualified_name}: member {m.name!r} listed twice; merged",
                    m.location,
                )
            )
            continue
        first[m.name] = m.description
    names, clashes = naming.assign(list(first), naming.upper_snake)
    for clash in clashes:
        diags.append(
            warning(
                "name-clash",
                f"{t.qualified_name}: members {clash.renamed!r} and {clash.kept!r} map to the same Python "
                f"name; {clash.renamed!r} becomes {clash.python_name!r}",
                t.location,
            )
        )
    return tuple(MemberPlan(names[w], w, d) for w, d in first.items())
