"""What a render is made of before any file is rendered: each operation's module name (a
clash renamed, with a warning). What an operation's job reads of the types is recorded while it
renders (:mod:`docgen.render.reads`), not planned."""

from __future__ import annotations

from docgen.diagnostics import Diagnostic, warning
from docgen.model.core import Model, Operation
from docgen.render import naming


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
