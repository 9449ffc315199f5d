"""The names a render gives every type and operation, kept between renders (issue 18).

In: the model and the render's :class:`~docgen.render.jobs.JobRunner`. Out: the
:class:`~docgen.render.models.Registry` (each type's module and class, the ``name-clash``
warnings of naming them) and each operation's module name with its warnings, as
:meth:`Registry.build <docgen.render.models.Registry.build>` and
:func:`~docgen.render.planning.operation_modules` make them, or as the runner stored them
(:meth:`~docgen.render.jobs.JobRunner.cached`) under everything those read of the model: each
type's qualified name, name, namespace, kind and location, each operation's name and location,
in model order. A warm edit that renames nothing (most: a cell, a row, a line moved on no page
that declares a type) reads them back instead of naming 3,424 objects again (0.02 s a render on
the corpus).
"""

from __future__ import annotations

from typing import Any

from docgen.diagnostics import Diagnostic
from docgen.model.core import Model, Operation
from docgen.render.jobs import JobRunner
from docgen.render.models import ClassRef, Registry
from docgen.render.planning import operation_modules

TYPE_NAMES = "type-names"
"""The kind of a stored naming of the types."""
OPERATION_MODULES = "operation-modules"
"""The kind of a stored naming of the operations' modules."""
FORMAT = "names-1"
"""The first item of a stored value: another shape is not read."""

_new = object.__new__


def _strings(*columns: Any) -> bool:
    """Every column a tuple of strings (checked at C speed: marshal gives no subclass), all of
    one length."""
    if not all(type(column) is tuple for column in columns) or len({len(column) for column in columns}) > 1:
        return False
    try:
        for column in columns:
            "".join(column)
    except TypeError:
        return False
    return True


def _diagnostics(value: Any) -> list[Diagnostic] | None:
    if type(value) is not tuple or not all(type(d) is Diagnostic for d in value):
        return None
    return list(value)


def registry(model: Model, runner: JobRunner) -> Registry:
    """The model's :class:`~docgen.render.models.Registry`: built, or its names read back."""
    read: list[Any] = []
    for t in model.types:
        where = t.location
        read += (t.qualified_name, t.name, t.namespace, t.kind, where.path, where.line, where.col)

    def to_plain(reg: Registry) -> tuple[Any, ...]:
        refs = reg.refs
        return (FORMAT, tuple(refs), tuple(r.module for r in refs.values()), tuple(r.name for r in refs.values()),
                tuple(r.kind for r in refs.values()), tuple(reg.diagnostics))

    def from_plain(value: Any) -> Registry | None:
        if not (type(value) is tuple and len(value) == 6 and value[0] == FORMAT):
            return None
        _, qualified, modules, names, kinds, found = value
        diagnostics = _diagnostics(found)
        if diagnostics is None or not _strings(qualified, modules, names, kinds) or len(set(qualified)) != len(qualified):
            return None
        refs: dict[str, ClassRef] = {}
        for key, module, name, kind in zip(qualified, modules, names, kinds):
            ref = refs[key] = _new(ClassRef)  # fields set as plain.decode sets a frozen dataclass's
            ref.__dict__.update(module=module, name=name, kind=kind)
        return Registry(model, refs=refs, diagnostics=diagnostics, types=model.type_index())

    return runner.cached(TYPE_NAMES, (len(model.types), tuple(read)), lambda: Registry.build(model),
                         to_plain, from_plain)


def modules(model: Model, runner: JobRunner) -> tuple[list[tuple[Operation, str]], list[Diagnostic]]:
    """Each operation with its module name, and the warnings (as
    :func:`~docgen.render.planning.operation_modules` gives them): made, or read back."""
    read: list[Any] = []
    for op in model.operations:
        where = op.location
        read += (op.name, where.path, where.line, where.col)
    operations = model.operations

    def to_plain(made: tuple[list[tuple[Operation, str]], list[Diagnostic]]) -> tuple[Any, ...]:
        pairs, diagnostics = made
        return (FORMAT, tuple(module for _, module in pairs), tuple(diagnostics))

    def from_plain(value: Any) -> tuple[list[tuple[Operation, str]], list[Diagnostic]] | None:
        if not (type(value) is tuple and len(value) == 3 and value[0] == FORMAT):
            return None
        _, names, found = value
        diagnostics = _diagnostics(found)
        if diagnostics is None or not _strings(names) or len(names) != len(operations):
            return None
        return list(zip(operations, names)), diagnostics

    return runner.cached(OPERATION_MODULES, (len(operations), tuple(read)), lambda: operation_modules(model),
                         to_plain, from_plain)
