"""WarningSet (docgen/resolve/warning_set.py) against the set the patch made before: the same
diagnostics after any run of adds and discards, the same objects where equal ones were put back,
and the model's tuple kept when the set is equal to it; a tuple out of order falls back to a set."""

from __future__ import annotations

import random

from docgen.diagnostics import Diagnostic, Location, Severity
from docgen.resolve.warning_set import WarningSet


def _diagnostic(rng: random.Random, context: str = "") -> Diagnostic:
    return Diagnostic(rng.choice(list(Severity)), rng.choice(["property-redeclared", "enum-mismatch", "a"]),
                      rng.choice(["m1", "m2", "m3"]), Location(rng.choice(["a.md", "b.md"]), rng.randint(1, 6),
                                                               rng.randint(1, 2)), context=context)


def _reference(base: tuple[Diagnostic, ...], plain: set[Diagnostic]) -> tuple[Diagnostic, ...] | None:
    """What patch.patch made of the set before (None: the model's tuple kept)."""
    if len(plain) == len(base) and plain.issuperset(base):
        return None
    return tuple(sorted(plain, key=Diagnostic.sort_key))


def _run(rng: random.Random, base: tuple[Diagnostic, ...], first: Diagnostic | None = None) -> WarningSet:
    made, plain = WarningSet(base), set(base)
    if first is not None:  # (a tuple out of order stands while nothing is looked up: see the module)
        made.add(first)
        plain.add(first)
    for step in range(rng.randint(0, 8)):
        item = _diagnostic(rng, context=f"step {step}")
        choice = rng.random()
        if choice < 0.4:
            made.add(item)
            plain.add(item)
        elif choice < 0.7:
            made.discard(item)
            plain.discard(item)
        elif choice < 0.85 and plain:  # as retype does: the held ones found by a pass, taken out
            held = {d for d in made if d.code == item.code and d.location == item.location}
            assert held == {d for d in plain if d.code == item.code and d.location == item.location}
            made -= held
            plain -= held
        else:
            assert (item in made) == (item in plain)
        assert len(made) == len(plain)
        assert sorted(made, key=Diagnostic.sort_key) == sorted(plain, key=Diagnostic.sort_key)
    got, want = made.result(), _reference(base, plain)
    assert got == want
    if want is not None:  # the very objects the set holds (context is not compared)
        assert [id(d) for d in got] == [id(d) for d in want]  # type: ignore[union-attr]
    return made


def test_same_as_a_set_for_random_changes() -> None:
    rng = random.Random(18)
    for _ in range(600):
        items = {_diagnostic(rng) for _ in range(rng.randint(0, 12))}
        _run(rng, tuple(sorted(items, key=Diagnostic.sort_key)))


def test_a_tuple_out_of_order_falls_back_to_a_set() -> None:
    rng = random.Random(21)
    out_of_order = 0
    for _ in range(600):
        items = [_diagnostic(rng) for _ in range(rng.randint(2, 12))]  # duplicates and any order
        ordered = sorted(set(items), key=Diagnostic.sort_key)
        out_of_order += items != ordered
        _run(rng, tuple(items), first=_diagnostic(rng))
    assert out_of_order > 500


def test_nothing_changed_keeps_the_tuple_and_an_equal_item_put_back_too() -> None:
    first = Diagnostic(Severity.WARNING, "property-redeclared", "m", Location("a.md", 3, 1), context="old")
    second = Diagnostic(Severity.INFO, "a", "m", Location("b.md", 1, 1))
    base = (first, second)
    made = WarningSet(base)
    assert made.result() is None and list(made) == [first, second]
    again = Diagnostic(Severity.WARNING, "property-redeclared", "m", Location("a.md", 3, 1), context="new")
    made -= {first}
    made.add(again)
    assert made.result() is None  # equal as a set: the model's tuple stands, as before
    third = Diagnostic(Severity.WARNING, "property-redeclared", "n", Location("a.md", 4, 1))
    made.add(third)
    got = made.result()
    assert got == (again, third, second) and got is not None and got[0] is again  # the one put back
