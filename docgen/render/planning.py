"""What a render is made of before any file is rendered: each operation's module name (a
clash renamed, with a warning), and what an operation's job reads of the types (the part of its
cache key that the types give)."""

from __future__ import annotations

from docgen.diagnostics import Diagnostic, warning
from docgen.model.core import Model, Operation
from docgen.render import naming
from docgen.render.models import ClassPlan, Registry


def operation_modules(
    model: Model,
) -> tuple[list[tuple[Operation, str]], list[Diagnostic]]:
    """Each operation with its test module's name (its page's file name: ``user-list.md`` is
    ``user_list``), in model order: a name already taken gets ``_2``, ``_3`` ... and a
    ``name-clash`` warning."""
    diags: list[Diagnostic] = []
    modules: list[tuple[Operation, str]] = []
    used: set[str] = set()
    for op in model.operations:
        stem = op.location.path.replace("\\", "/").rsplit("/", 1)[-1]
        stem = stem[:-3] if stem.lower().endswith(".md") else stem
        base = naming.module(stem, "operation")
        module, n = base, 2
        while module in used:
            module = f"{base}_{n}"
            n += 1
        if module != base:
            diags.append(
                warning(
                    "name-clash",
                    f"operation {op.name!r}: module {base!r} is taken; this one becomes {module!r}",
                    op.location,
                )
            )
        used.add(module)
        modules.append((op, module))
    return modules, diags


def operation_view(reg: Registry, plans: list[ClassPlan]) -> tuple:
    """Everything an operation's job reads of the types: through :class:`~docgen.render.checker.Checker` (names, kinds,
    bases, fields' wire names and specs, enum members, open and flag types, the keys a type's
    JSON representation shows) and through the registry (class names, each type's properties
    with their types, for property paths). Descriptions and locations are left out: no operation
    file or diagnostic shows a type's. ``tests/pipeline/test_render_jobs.py`` checks a warm render after
    such an edit against a cold one."""
    refs = tuple(
        sorted((name, ref.module, ref.name, ref.kind) for name, ref in reg.refs.items())
    )
    types = []
    for name in sorted(reg.types):
        t = reg.types[name]
        shown = t.representation.body if t.representation is not None else None
        types.append(
            (
                name,
                t.name,
                t.kind,
                t.base,
                t.open_type,
                t.flags,
                tuple((m.name, m.value) for m in t.members),
                tuple((p.name, p.type, p.collection) for p in t.properties),
                tuple(shown) if isinstance(shown, dict) else None,
            )
        )
    classes = tuple(
        (
            plan.ref,
            plan.base,
            tuple((f.wire, f.spec) for f in plan.fields),
            tuple(m.wire for m in plan.members),
        )
        for plan in plans
    )
    return refs, tuple(types), classes
