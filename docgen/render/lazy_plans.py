"""Class plans made when first asked for, each with the diagnostics planning it adds (issue 18).

In: a :class:`~docgen.render.models.Registry` (its types and class names). Out:
:class:`LazyPlans`, a mapping of ``module:Class`` -> :class:`~docgen.render.models.ClassPlan`
with the same keys, order and plans as :func:`~docgen.render.models.plan_classes` gives, whose
plans are made on first lookup, each class's diagnostics kept apart (:meth:`LazyPlans.planned`);
what a plan is made from, without making it (:meth:`LazyPlans.inputs`, a job's key and a read's
digest); and the order in which :func:`plan_classes` plans the classes (:meth:`LazyPlans.order`).

A render used to plan all 1,322 classes of the corpus in the main process, and walk every plan to
key its model module's job: 0.06 s to plan and 0.08 s to walk after a one-cell edit, with a core
idle on a cold run. Now a model module's job is keyed by what its plan is made of, and the plan
is made only by a job that is rendered (a model module's, or an operation's whose examples are
checked against the classes), in the process running it: a worker, on a cold run.

A plan of a class reads its type, its class name, the chain of its bases (each base's name,
kind, base and property names: what the names its fields may not take come from, and whether
the base is valid), and the class names of its properties' types. Nothing else:
:meth:`inputs` is exactly that, so a key or digest made of it changes whenever the plan may.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from docgen.diagnostics import Diagnostic
from docgen.model.core import TypeDef
from docgen.model.lazy import columns
from docgen.render.models import (
    ClassPlan,
    ClassRef,
    Registry,
    _plan_members,
    base_cycle,
    class_plan,
    plan_fields,
    unknown_base,
)

Planned = tuple[ClassPlan, tuple[Diagnostic, ...], tuple[Diagnostic, ...]]
"""A class's plan, the diagnostics planning it found (``unknown-base``, ``base-cycle``,
``name-clash``, ``duplicate-member``) and those it added to the registry's (``unknown-type``,
reported as if no type had been reported before: :func:`~docgen.render.jobs.merge_shared`
keeps the first of each)."""


class LazyPlans(Mapping[str, ClassPlan]):
    """The class plans of a registry by ``module:Class``, each made on first lookup."""

    def __init__(self, reg: Registry) -> None:
        self.reg = reg
        self._refs: dict[str, ClassRef] = dict(reg.refs)  # as named before any view is put in front
        self._index: dict[str, TypeDef] = dict(reg.types)
        first: dict[str, TypeDef] = {}
        for t in sorted(reg.model.types, key=lambda t: t.qualified_name):
            first.setdefault(t.qualified_name, t)
        self._first = first
        self._qualified: dict[str, str] = {}
        for name in sorted(first):
            ref = self._refs[name]
            self._qualified[f"{ref.module}:{ref.name}"] = name
        self._done: dict[str, Planned] = {}
        self._names: dict[str, tuple[set[str], set[str]]] = {}
        self._inputs: dict[str, tuple[Any, ...]] = {}
        self._read: dict[str, tuple[str, ...]] = {}

    # ------------------------------------------------------------------ the mapping

    def __getitem__(self, key: str) -> ClassPlan:
        return self.planned(self._qualified[key])[0]

    def __contains__(self, key: object) -> bool:
        return key in self._qualified

    def __iter__(self) -> Iterator[str]:
        return iter(self._qualified)

    def __len__(self) -> int:
        return len(self._qualified)

    # ------------------------------------------------------------------ without planning

    def qualified(self, key: str) -> str:
        """The qualified type name of the class ``key``."""
        return self._qualified[key]

    def type_of(self, key: str) -> TypeDef:
        """The type the class ``key`` is planned from."""
        return self._first[self._qualified[key]]

    def type_named(self, qualified: str) -> TypeDef:
        """The type the class of the type ``qualified`` is planned from."""
        return self._first[qualified]

    def refs(self) -> Mapping[str, ClassRef]:
        """Every class by qualified type name, as named before any view is put in front."""
        return self._refs

    def ref_of(self, qualified: str) -> ClassRef:
        """The class of the type ``qualified``."""
        return self._refs[qualified]

    def base_of(self, qualified: str) -> TypeDef | None:
        """The valid base of the type ``qualified`` (in the model, no enum, no cycle), as
        :func:`~docgen.render.models.plan_classes` finds it; None for none."""
        t = self._first[qualified]
        if not t.base or t.kind == "enum":
            return None
        base = self._index.get(t.base)
        if base is None or base.kind == "enum":
            return None
        seen = {t.qualified_name}
        walk: TypeDef | None = base
        while walk is not None:
            if walk.qualified_name in seen:
                return None
            seen.add(walk.qualified_name)
            walk = self._index.get(walk.base) if walk.base else None
        return base

    def base_key(self, key: str) -> str | None:
        """``module:Class`` of the class ``key``'s generated base (its plan's ``base``), or None."""
        base = self.base_of(self._qualified[key])
        if base is None:
            return None
        ref = self._refs[base.qualified_name]
        return f"{ref.module}:{ref.name}"

    def inputs(self, qualified: str) -> tuple[Any, ...]:
        """What the plan of ``qualified`` is made of, but its type itself: its class, each base
        of the chain (name, kind, base, documented and open as 0/1, property names, class; a
        missing one by its name) and the class of each property's type (None for none). Made once per class, as one flat
        tuple of scalars (each part tagged or counted, so no two inputs flatten alike): a key or
        a digest walks it at C speed (nested, with the classes as dataclasses, its walk was a
        quarter of a warm render's keys)."""
        found = self._inputs.get(qualified)
        if found is not None:
            return found
        t = self._first[qualified]
        out: list[Any] = ["enum" if t.kind == "enum" else "class", *_ref_fields(self._refs[qualified])]
        read = [qualified]  # the types whose fields the walk reads (its class and the refs aside)
        if t.kind != "enum":
            seen = {qualified}
            name = t.base
            while name:
                b = self._index.get(name)
                if b is None:
                    out += ("missing", name)
                    break
                read.append(b.qualified_name)
                names = [name for name, in columns(b, "properties", ("name",))]  # (no row decoded: lazy.py)
                out += ("base", b.qualified_name, b.kind, b.base, int(b.documented), int(b.open_type),
                        len(names), *names, *_ref_fields(self._refs.get(b.qualified_name)))
                if b.kind == "enum" or b.qualified_name in seen:
                    break
                seen.add(b.qualified_name)
                name = b.base
            types = columns(t, "properties", ("type",))
            out += ("properties", len(types))
            for type_name, in types:
                out += _ref_fields(self._refs.get(type_name))
        self._read[qualified] = tuple(read)
        found = self._inputs[qualified] = tuple(out)
        return found

    def know(self, qualified: str, inputs: tuple[Any, ...], read: tuple[str, ...]) -> None:
        """Take ``inputs`` and ``read`` as :meth:`inputs` of ``qualified`` and the types it read
        (as a render of the same classes made them from the same types: see :meth:`keyed`)."""
        if qualified in self._first and qualified not in self._inputs:
            self._inputs[qualified] = inputs
            self._read[qualified] = read

    def keyed(self, qualified: str) -> tuple[tuple[Any, ...], tuple[str, ...]]:
        """The key parts of the model module of ``qualified`` (its type and :meth:`inputs`) and the
        qualified names of the types they were made of: the type itself and each base of the chain
        :meth:`inputs` walked (its other parts, the classes, are the registry's names). With the
        same classes (:func:`~docgen.render.job_index.scope`), the parts are the same while those
        types are (:mod:`docgen.render.job_index`): the walk that makes them is the one that says
        what they read."""
        inputs = self.inputs(qualified)
        return ("model", self._first[qualified], inputs), self._read[qualified]

    def order(self) -> list[str]:
        """The qualified names in the order :func:`~docgen.render.models.plan_classes` plans
        them (sorted, each class's valid base first): the order in which the first report of an
        unknown type is kept."""
        out: list[str] = []
        done: set[str] = set()
        for name in sorted(self._first):
            stack = []
            walk: str | None = name
            while walk is not None and walk not in done:
                done.add(walk)
                stack.append(walk)
                base = self.base_of(walk)
                walk = base.qualified_name if base is not None else None
            out.extend(reversed(stack))
        return out

    # ------------------------------------------------------------------ planning

    def planned(self, qualified: str) -> Planned:
        """The plan of ``qualified`` with its own diagnostics (made once)."""
        found = self._done.get(qualified)
        if found is not None:
            return found
        reg = self.reg
        t = self._first[qualified]
        ref = self._refs[qualified]
        diags: list[Diagnostic] = []
        if t.kind == "enum":
            found = (ClassPlan(t, ref, members=_plan_members(t, diags)), tuple(diags), ())
            self._names[qualified] = (set(), set())
            self._done[qualified] = found
            return found
        base = self._valid_base(t, diags)
        taken: set[str] = set()
        wires: set[str] = set()
        if base is not None:
            self.planned(base.qualified_name)
            taken, wires = self._names[base.qualified_name]
        # The registry's reports go to a list of this class's, from a clean slate, and the
        # lookups are the registry's own tables (no recording view: the inputs cover them).
        saved = (reg.refs, reg.diagnostics, reg.reported())
        reg.refs, reg.diagnostics = self._refs, []
        reg.restore_reported(frozenset())
        try:
            fields, field_diags = plan_fields(reg, qualified, t.properties, taken, wires)
            shared = tuple(reg.diagnostics)
        finally:
            reg.refs, reg.diagnostics = saved[0], saved[1]
            reg.restore_reported(saved[2])
        diags.extend(field_diags)
        bases = []
        walk = base
        while walk is not None:
            bases.append(walk)
            walk = self.base_of(walk.qualified_name)
        plan = class_plan(t, ref, self._refs[base.qualified_name] if base is not None else None, fields, bases)
        self._names[qualified] = (taken | {f.name for f in fields}, wires | {f.wire for f in fields})
        found = (plan, tuple(diags), shared)
        self._done[qualified] = found
        return found

    def _valid_base(self, t: TypeDef, diags: list[Diagnostic]) -> TypeDef | None:
        """:meth:`base_of` with the warnings :func:`~docgen.render.models.plan_classes` gives."""
        if not t.base:
            return None
        base = self._index.get(t.base)
        if base is None or base.kind == "enum":
            diags.append(unknown_base(t))
            return None
        found = self.base_of(t.qualified_name)
        if found is None:
            diags.append(base_cycle(t))
        return found


def _ref_fields(ref: ClassRef | None) -> tuple[str | None, ...]:
    """A class's fields as :meth:`LazyPlans.inputs` flattens them: (None,) for no class."""
    return (None,) if ref is None else (ref.module, ref.name, ref.kind)
