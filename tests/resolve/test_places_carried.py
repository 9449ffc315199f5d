"""Places carried to a patched model (review2, issue 18): for any model and any patch of it that
keeps some objects (the same objects) and replaces, swaps or moves others, the carried extras are
the extras of the patched model worked out whole; and a page index built from them names every
object holding a place on a page."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "model"))
from test_lazy import OPERATIONS, TYPES

from docgen.model.core import Model
from docgen.pipeline import plain
from docgen.resolve.places import PageIndex, carried, extras, held_paths

MODELS = st.builds(Model, types=st.lists(TYPES, max_size=5).map(tuple), operations=st.lists(OPERATIONS, max_size=4).map(tuple))


@settings(max_examples=80, deadline=None)
@given(MODELS, st.data())
def test_carried_extras_are_the_patched_models_own(model: Model, data) -> None:
    model = plain.decode(plain.encode(model))  # lazy objects, as a stored model's
    found = extras(plain.decode(plain.encode(model)))
    types, operations = list(model.types), list(model.operations)
    for values, pool in ((types, TYPES), (operations, OPERATIONS)):
        for i in range(len(values)):
            how = data.draw(st.sampled_from(["keep", "keep", "new", "swap", "copy"]))
            if how == "new":
                values[i] = data.draw(pool)
            elif how == "swap" and len(values) > 1:
                j = data.draw(st.integers(0, len(values) - 1))
                values[i], values[j] = values[j], values[i]
            elif how == "copy":
                values[i] = dataclasses.replace(values[i])  # equal, not the same object
    patched = Model(types=tuple(types), operations=tuple(operations))
    assert carried(model, found, patched) == extras(patched)
    index = PageIndex(patched, extras(patched))
    for path in {p for value in (*patched.types, *patched.operations) for p in held_paths(value)}:
        near_types, near_operations = index.near([path])
        assert near_types == {i for i, t in enumerate(patched.types) if path in held_paths(t)}
        assert near_operations == {i for i, op in enumerate(patched.operations) if path in held_paths(op)}
