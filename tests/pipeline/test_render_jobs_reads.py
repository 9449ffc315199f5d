"""What an operation's job reads of the types is recorded (docgen.render.reads)."""

from __future__ import annotations

from dataclasses import replace

from conftest import REPO
from docgen.pipeline.build import build_model
from docgen.pipeline.cache import Cache
from docgen.render.checker import Checker
from docgen.render.models import Registry, plan_classes
from docgen.render.reads import ALL, SEP, Reads, TrackedChecker

FIXTURE = REPO / "tests" / "fixtures" / "incremental_render"


def _reads(model=None):
    model = model or build_model([FIXTURE], cache=Cache(None), root=FIXTURE)
    reg = Registry.build(model)
    plans, _ = plan_classes(reg)
    checker = TrackedChecker.build(reg, plans)
    return model, reg, plans, checker, Reads.watch(reg, checker)


def test_lookups_are_recorded_only_while_recording_and_misses_too():
    _, reg, _, checker, reads = _reads()
    reg.types.get("microsoft.graph.widget")  # not recording: nothing noted
    with reads.recording() as tokens:
        assert reg.types.get("microsoft.graph.widget") is not None
        assert "microsoft.graph.nothing" not in reg.refs
        checker.plans.get("widget:Widget")
    assert tokens == {f"t{SEP}microsoft.graph.widget", f"r{SEP}microsoft.graph.nothing", f"p{SEP}widget:Widget"}
    assert reads.digest(f"r{SEP}microsoft.graph.nothing") == "-"
    with reads.recording() as walked:
        list(checker.plans.values())
    assert ALL in walked  # (and each key values() then looked up)
    assert reads.stamped(walked) == ((ALL, reads.digest(ALL)),)


def test_derived_classes_come_from_the_index_as_the_scan_finds_them():
    _, reg, plans, checker, reads = _reads()
    plain = Checker.build(reg, plans)
    for key in plain.plans:
        assert [p.ref for p in reads.derived(key)] == [p.ref for p in Checker._derived(plain, key)]
    assert [p.type.name for p in reads.derived("thing:Thing")] == ["fancyWidget", "part", "widget"]
    with reads.recording() as tokens:
        checker._derived("widget:Widget")
    assert tokens == {f"d{SEP}widget:Widget"}


def test_a_digest_ignores_descriptions_and_locations_but_not_structure():
    model, *_, reads = _reads()
    widget = next(t for t in model.types if t.name == "widget")

    def digest_with(changed):
        types = tuple(changed if t is widget else t for t in model.types)
        return _reads(replace(model, types=types))[-1].digest(f"p{SEP}widget:Widget")

    same = reads.digest(f"p{SEP}widget:Widget")
    props = widget.properties
    described = replace(widget, description="Other.", properties=(replace(props[0], description="Other."), *props[1:]))
    assert digest_with(described) == same
    moved = replace(widget, properties=(replace(props[0], location=replace(props[0].location, line=99)), *props[1:]))
    assert digest_with(moved) == same
    retyped = replace(widget, properties=(replace(props[0], type="Edm.Int64"), *props[1:]))
    assert digest_with(retyped) != same
    assert digest_with(replace(widget, abstract=True)) != same


def test_current_answers_as_each_token_compared_in_turn_known_or_not():
    *_, reads = _reads()
    tokens = tuple(f"{letter}{SEP}{key}" for letter, key in (
        ("t", "microsoft.graph.widget"), ("r", "microsoft.graph.nothing"), ("p", "widget:Widget"),
        ("p", "thing:Thing"), ("d", "thing:Thing"), ("t", "microsoft.graph.part")))
    right = tuple(reads.digest(token) for token in tokens)  # (every token known from here on)
    for long in (False, True):  # one by one, and past _ONE_BY_ONE (a memo's columns)
        times = 20 if long else 1
        for wrong_at in (None, 0, 3, len(tokens) - 1):
            stamped = tuple(d if i != wrong_at else "0" * 32 for i, d in enumerate(right)) * times
            for told in (True, False):  # all known, or only some (the rest digested in the call)
                fresh = _reads()[-1]
                if told:
                    fresh.know_tokens(tokens, right)
                else:
                    fresh.know_tokens(tokens[:2], right[:2])
                assert fresh.current(tokens * times, stamped) is (wrong_at is None)
                assert fresh.current(tokens * times, stamped) is (wrong_at is None)  # (now all known)
