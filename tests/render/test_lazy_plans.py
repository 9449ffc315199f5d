"""Class plans made on demand (:mod:`docgen.render.lazy_plans`) are what planning every class
gives: the same plans, the same warnings, the same first report of each unknown type; and what a
plan is made of (:meth:`LazyPlans.inputs`) changes whenever the plan does."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from docgen.diagnostics import Location
from docgen.model.core import EnumMember, Model, Property, TypeDef
from docgen.render.jobs import JobResult, merge_shared
from docgen.render.lazy_plans import LazyPlans
from docgen.render.models import Registry, plan_classes

NS = "microsoft.graph"


def _prop(name: str, type_: str, line: int) -> Property:
    return Property(name, type_, False, Location("p.md", line, 1))


def _type(name: str, base: str | None = None, props: tuple[Property, ...] = (), kind: str = "entity",
          members: tuple[EnumMember, ...] = ()) -> TypeDef:
    return TypeDef(name, NS, kind, Location(f"{name}.md", 1, 1), base=base, properties=props, members=members)


def _shapes() -> Model:
    """Bases sorting after the classes deriving from them, an unknown type met first in a base that
    sorts last, a cycle, a missing base, an enum as a base, field names clashing with a base's,
    a member listed twice."""
    return Model(types=(
        _type("aDerived", f"{NS}.zBase", (_prop("shared", "microsoft.graph.nowhere", 3),
                                          _prop("Name", "Edm.String", 4), _prop("other", "microsoft.graph.gone", 5))),
        _type("zBase", f"{NS}.mRoot", (_prop("name", "Edm.String", 6), _prop("x", "microsoft.graph.nowhere", 7),
                                       _prop("ref", f"{NS}.aDerived", 8))),
        _type("mRoot", None, (_prop("id", "Edm.String", 9), _prop("when", "Edm.DateTimeOffset", 10))),
        _type("cycleA", f"{NS}.cycleB", (_prop("a", "microsoft.graph.gone", 11),)),
        _type("cycleB", f"{NS}.cycleA"),
        _type("lost", f"{NS}.nothingHere"),
        _type("onEnum", f"{NS}.color"),
        _type("color", kind="enum", members=(EnumMember("red", Location("c.md", 2, 1)),
                                             EnumMember("red", Location("c.md", 3, 1)),
                                             EnumMember("Red", Location("c.md", 4, 1)))),
    ))


def _compare(model: Model) -> None:
    reg = Registry.build(model)
    mark = len(reg.diagnostics)
    eager, diags = plan_classes(reg)
    shared_eager = reg.diagnostics[mark:]
    lazy_reg = Registry.build(model)
    lazy = LazyPlans(lazy_reg)
    assert list(lazy) == [f"{p.ref.module}:{p.ref.name}" for p in eager]
    # asked in an order of their own: the same plans
    for key in reversed(list(lazy)):
        assert lazy[key] == next(p for p in eager if f"{p.ref.module}:{p.ref.name}" == key)
    own: list = []
    results = []
    for name in lazy.order():
        _, found, shared = lazy.planned(name)
        own.extend(found)
        results.append(JobResult({}, (), shared))
    assert sorted(own, key=lambda d: d.sort_key()) == sorted(diags, key=lambda d: d.sort_key())
    assert merge_shared(results, ()) == shared_eager  # the first report of each, where it was made
    assert len(lazy_reg.diagnostics) == mark  # nothing left in the registry's own list


def test_lazy_plans_are_plan_classes() -> None:
    model = _shapes()
    _compare(model)
    reg = Registry.build(model)
    lazy = LazyPlans(reg)
    order = lazy.order()
    assert order.index(f"{NS}.mRoot") < order.index(f"{NS}.zBase") < order.index(f"{NS}.aDerived")
    codes = {d.code for name in order for d in lazy.planned(name)[1]}
    assert {"unknown-base", "base-cycle", "name-clash", "duplicate-member"} <= codes
    first = merge_shared([JobResult({}, (), lazy.planned(n)[2]) for n in order], ())
    nowhere = next(d for d in first if "nowhere" in d.message)
    assert nowhere.location.line == 7  # zBase's row: planned before aDerived, which derives from it


def test_inputs_change_with_what_a_plan_is_made_of() -> None:
    """Each edit that changes a class's plan changes its inputs or its type (a job's key holds
    both); a description elsewhere in the chain does not."""
    model = _shapes()

    def inputs(m: Model, name: str = f"{NS}.aDerived") -> tuple:
        return LazyPlans(Registry.build(m)).inputs(name)

    def edited(name: str, **changes: object) -> Model:
        return replace(model, types=tuple(replace(t, **changes) if t.name == name else t for t in model.types))

    before = inputs(model)
    root = next(t for t in model.types if t.name == "mRoot")
    renamed = (*root.properties, _prop("name", "Edm.String", 12))
    assert inputs(edited("mRoot", properties=renamed)) != before  # a base's field names
    assert inputs(edited("zBase", base=None)) != before  # the chain
    assert inputs(edited("zBase", kind="complex")) != before
    assert inputs(replace(model, types=(*model.types, _type("nowhere")))) != before  # a property's class
    assert inputs(edited("zBase", description="new words")) == before
    assert inputs(edited("mRoot", description="new words")) == before


def test_inputs_are_flat_scalars_holding_every_field_of_a_class() -> None:
    """A key walks the inputs at C speed only when they are one tuple of scalars; a class is
    flattened field by field, so a field added to ClassRef must be added there too."""
    import dataclasses

    from docgen.render.models import ClassRef

    assert [f.name for f in dataclasses.fields(ClassRef)] == ["module", "name", "kind"]
    model = _shapes()
    lazy = LazyPlans(Registry.build(model))
    for name in lazy.order():
        found = lazy.inputs(name)
        assert type(found) is tuple and all(v is None or type(v) in (str, int) for v in found), found
    derived = lazy.inputs(f"{NS}.aDerived")
    ref = lazy.ref_of(f"{NS}.aDerived")
    assert derived[:4] == ("class", ref.module, ref.name, ref.kind)


@pytest.mark.skipif(not (os.environ.get("DOCGEN_CORPUS") and Path(os.environ["DOCGEN_CORPUS"], "graph-docs-v1.0").is_dir()),
                    reason="DOCGEN_CORPUS is not set to a folder holding graph-docs-v1.0/ (the real Graph docs)")
def test_lazy_plans_are_plan_classes_on_the_corpus(tmp_path: Path) -> None:
    from docgen.pipeline.build import build_model
    from docgen.pipeline.cache import Cache

    docs = Path(os.environ["DOCGEN_CORPUS"], "graph-docs-v1.0")
    cache = Cache(Path(os.environ["DOCGEN_CACHE_DIR"])) if os.environ.get("DOCGEN_CACHE_DIR") else Cache(tmp_path / "c")
    _compare(build_model([docs], cache=cache, root=docs))
