"""docgen.render.names_cache (issue 18): the types' and operations' names read back from the
runner are exactly what naming them again gives (refs in the same order, the same warnings), and
anything else is named again: a stored value of another shape, or a model that differs in
anything naming reads."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from docgen.diagnostics import Location
from docgen.model.core import Model, Operation, TypeDef
from docgen.pipeline.plain import dumps, loads
from docgen.render import names_cache
from docgen.render.models import Registry
from docgen.render.planning import operation_modules


class StoringRunner:
    """A runner whose ``cached`` stores plain data in a dict, as the pipeline's does in its cache."""

    def __init__(self) -> None:
        self.store: dict[tuple[str, bytes], bytes] = {}
        self.made: list[str] = []

    def cached(self, kind: str, parts: tuple[Any, ...], make, to_plain, from_plain):
        key = (kind, dumps(parts))
        if key in self.store:
            found = from_plain(loads(self.store[key]))
            if found is not None:
                return found
        self.made.append(kind)
        value = make()
        self.store[key] = dumps(to_plain(value))
        return value


def _model() -> Model:
    def t(name: str, namespace: str = "microsoft.graph", kind: str = "entity", line: int = 1) -> TypeDef:
        return TypeDef(name=name, namespace=namespace, kind=kind, location=Location(f"resources/{name.lower()}.md", line, 1))

    types = (
        t("user"), t("User", "microsoft.graph.other", line=3), t("userType", kind="enum"), t("class"),
        t("group"), t("group", "microsoft.graph.callRecords", "complex", 7), t("Group2"),
    )
    ops = tuple(
        Operation(name=name, title=name, location=Location(path, line, 1))
        for name, path, line in [("Get user", "api/user-get.md", 1), ("List users", "api/user-list.md", 4),
                                 ("Get user again", "other/user-get.md", 2), ("Get group", "api/group-get.md", 1)]
    )
    return Model(types=tuple(sorted(types, key=lambda x: x.qualified_name)), operations=ops)


def _same_registry(a: Registry, b: Registry) -> None:
    assert list(a.refs.items()) == list(b.refs.items())  # the same names, in the same order
    assert a.diagnostics == b.diagnostics
    assert a.types == b.types and a.model is b.model


def test_names_read_back_are_what_naming_again_gives() -> None:
    model, runner = _model(), StoringRunner()
    built = Registry.build(model)
    assert built.diagnostics  # the model has clashes: their warnings are kept too
    first = names_cache.registry(model, runner)
    again = names_cache.registry(model, runner)
    _same_registry(first, built)
    _same_registry(again, built)
    assert again is not first and again.diagnostics is not first.diagnostics  # a list of its own
    expected = operation_modules(model)
    assert expected[1]  # user-get.md twice: a clash
    assert names_cache.modules(model, runner) == expected
    assert names_cache.modules(model, runner) == expected
    assert runner.made == [names_cache.TYPE_NAMES, names_cache.OPERATION_MODULES]  # each made once


@pytest.mark.parametrize(
    "change",
    [
        lambda m: replace(m, types=tuple(replace(t, name=t.name + "X") if t.name == "group" else t for t in m.types)),
        lambda m: replace(m, types=tuple(replace(t, namespace="microsoft.graph.z") if t.name == "User" else t
                                         for t in m.types)),
        lambda m: replace(m, types=tuple(replace(t, kind="complex") if t.name == "class" else t for t in m.types)),
        lambda m: replace(m, types=tuple(replace(t, location=Location(t.location.path, t.location.line + 5, t.location.col))
                                         for t in m.types)),
        lambda m: replace(m, types=m.types[::-1]),
        lambda m: replace(m, types=m.types[1:]),
    ],
)
def test_a_model_that_differs_in_what_naming_reads_is_named_again(change) -> None:
    model, runner = _model(), StoringRunner()
    names_cache.registry(model, runner)
    changed = change(model)
    _same_registry(names_cache.registry(changed, runner), Registry.build(changed))
    assert runner.made == [names_cache.TYPE_NAMES] * 2


@pytest.mark.parametrize(
    "change",
    [
        lambda m: replace(m, operations=tuple(replace(o, name="Renamed") if o.name == "Get user again" else o
                                              for o in m.operations)),
        lambda m: replace(m, operations=tuple(replace(o, location=Location("api/x.md", 1, 1)) if o.name == "Get group"
                                              else o for o in m.operations)),
        lambda m: replace(m, operations=m.operations[::-1]),
        lambda m: replace(m, operations=m.operations[:2]),
    ],
)
def test_operations_that_differ_in_what_naming_reads_are_named_again(change) -> None:
    model, runner = _model(), StoringRunner()
    names_cache.modules(model, runner)
    changed = change(model)
    assert names_cache.modules(changed, runner) == operation_modules(changed)
    assert runner.made == [names_cache.OPERATION_MODULES] * 2


@pytest.mark.parametrize(
    "stored",
    [
        ("names-0",),
        (names_cache.FORMAT, ("a",), ("m",), ("C",)),
        (names_cache.FORMAT, ("a", "a"), ("m", "n"), ("C", "D"), ("entity", "entity"), ()),  # a name twice
        (names_cache.FORMAT, ("a",), ("m", "n"), ("C",), ("entity",), ()),  # columns of other lengths
        (names_cache.FORMAT, ("a",), (1,), ("C",), ("entity",), ()),
        (names_cache.FORMAT, ("a",), ("m",), ("C",), ("entity",), ("not a diagnostic",)),
    ],
)
def test_a_stored_naming_of_another_shape_is_not_read(stored) -> None:
    model, runner = _model(), StoringRunner()
    names_cache.registry(model, runner)
    (key,) = runner.store
    runner.store[key] = dumps(stored)
    _same_registry(names_cache.registry(model, runner), Registry.build(model))
    assert runner.made == [names_cache.TYPE_NAMES] * 2


@pytest.mark.parametrize("stored", [("names-0", ()), (names_cache.FORMAT, ("a",), ()), (names_cache.FORMAT, (1, 2, 3, 4), ())])
def test_stored_modules_of_another_shape_are_not_read(stored) -> None:
    model, runner = _model(), StoringRunner()
    names_cache.modules(model, runner)
    (key,) = runner.store
    runner.store[key] = dumps(stored)
    assert names_cache.modules(model, runner) == operation_modules(model)
    assert runner.made == [names_cache.OPERATION_MODULES] * 2
