"""Review of lazy heavy fields (issue 18, review2): a type or operation decoded with its heavy fields
pending, with any subset of them read, is to every reader the eager object it was stored from, and
so is every copy of it (copy, deepcopy, pickle, replace), in either order of reads."""

from __future__ import annotations

import copy
import dataclasses
import pickle
import sys
import threading

from hypothesis import given, settings
from hypothesis import strategies as st
from test_lazy import OPERATIONS, TYPES

from docgen.model import lazy
from docgen.model.core import Operation, TypeDef
from docgen.pipeline import plain


def _eager_fields(value: object) -> dict[str, object]:
    return {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}  # type: ignore[arg-type]


@settings(max_examples=120, deadline=None)
@given(st.one_of(TYPES, OPERATIONS), st.data())
def test_any_subset_of_fields_read_gives_the_eager_object_everywhere(value: TypeDef | Operation, data) -> None:
    stored = plain.encode(value)
    names = list(lazy.lazy_fields(type(value)))
    read = data.draw(st.lists(st.sampled_from(names), unique=True), label="read")
    lazy_one = plain.decode(stored)
    for name in read:
        assert getattr(lazy_one, name) == getattr(value, name)
    # copies made now, with those fields read and the others pending
    shallow, deep = copy.copy(lazy_one), copy.deepcopy(lazy_one)
    pickled = pickle.loads(pickle.dumps(lazy_one, protocol=pickle.HIGHEST_PROTOCOL))
    for other in (lazy_one, shallow, deep, pickled):
        assert plain.encode(other) == stored
        assert plain.object_digest(other) == plain.object_digest(value)
        assert other == value and value == other
        assert other in [value] and value in (other,)
        assert lazy.fields_of(other) == _eager_fields(value)
        assert lazy.PENDING not in lazy.fields_of(other)
    # the copies read in another order, after the original was read whole
    later = data.draw(st.permutations(names), label="later")
    for name in later:
        getattr(lazy_one, name)
    for other in (shallow, deep, pickled):
        for name in reversed(later):
            assert getattr(other, name) == getattr(value, name)
        assert dataclasses.astuple(other) == dataclasses.astuple(value)
        assert repr(other) == repr(value)
        assert lazy.PENDING not in other.__dict__  # every field read: its stored data dropped
    assert plain.encode(lazy_one) == stored
    changed = dataclasses.replace(plain.decode(stored), description="changed")
    assert changed == dataclasses.replace(value, description="changed")
    assert lazy.PENDING not in changed.__dict__


@settings(max_examples=30, deadline=None)
@given(st.lists(TYPES, min_size=2, max_size=5))
def test_lazy_objects_sort_and_group_as_eager_ones(values: list[TypeDef]) -> None:
    lazies = [plain.decode(plain.encode(v)) for v in values]
    key = lambda t: (t.name, len(t.properties), tuple(p.name for p in t.properties))
    assert [plain.encode(v) for v in sorted(lazies, key=key)] == [plain.encode(v) for v in sorted(values, key=key)]
    assert [lazies.index(v) for v in values] == [values.index(v) for v in values]


def test_threads_reading_one_lazy_object_at_once_never_fail() -> None:
    # docgen reads models from threads (write staging, the job runners' threads): the first read of
    # a lazy field by two threads at once must not fail on the stored data the other one dropped.
    from docgen.diagnostics import Location
    from docgen.model.core import EnumMember, Property

    value = TypeDef("widget", "microsoft.graph", "entity", Location("w.md", 1, 1),
                    properties=tuple(Property(f"p{i}", "Edm.Int32", False, Location("w.md", 9 + i, 1)) for i in range(40)),
                    members=tuple(EnumMember(f"m{i}", Location("w.md", 60 + i, 1)) for i in range(40)))
    stored = plain.encode(value)
    saved = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    errors: list[BaseException] = []
    try:
        for _ in range(300):
            obj = plain.decode(stored)
            barrier = threading.Barrier(3)

            def read(obj=obj, barrier=barrier) -> None:
                try:
                    barrier.wait()
                    for name in ("properties", "members", "representation"):
                        if getattr(obj, name) != getattr(value, name):  # never the default by mistake
                            errors.append(AssertionError(f"{name} read wrong"))
                except BaseException as exc:  # noqa: BLE001 - collected for the assertion
                    errors.append(exc)

            threads = [threading.Thread(target=read) for _ in range(3)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            assert obj == value
    finally:
        sys.setswitchinterval(saved)
    assert not errors, errors[:3]


def test_the_descriptor_called_after_another_read_finished_gives_the_value_not_the_default() -> None:
    # what a thread sees when it found no `properties` in __dict__, and another thread then read
    # the last pending field (and dropped the stored data) before this one reached the descriptor
    from docgen.diagnostics import Location
    from docgen.model.core import Property

    value = TypeDef("widget", "microsoft.graph", "entity", Location("w.md", 1, 1),
                    properties=(Property("size", "Edm.Int32", False, Location("w.md", 9, 1)),))
    obj = plain.decode(plain.encode(value))
    lazy.fields_of(obj)  # every field read: the stored data is gone
    assert lazy.PENDING not in obj.__dict__
    assert vars(TypeDef)["properties"].__get__(obj, TypeDef) == value.properties
