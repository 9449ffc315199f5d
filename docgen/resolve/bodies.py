"""Example bodies edited on an API page, patched into the model without a whole resolve (issue 18).

In: a page's parse before and after an edit, and the resolved model of the tree before it (its
places already moved: :mod:`docgen.resolve.shift`). Out: the examples whose bodies the edit
changed (:func:`changed_bodies`: the rest of the edit is then checked by
:class:`~docgen.resolve.patch.Changes` as any other), and the model's operations holding the new
examples (:func:`with_bodies`), or :class:`~docgen.resolve.retype.Unsure`.

Why it holds: the resolver copies an operation's examples as the page gives them, and reads
from a body only its object keys, counted over every example of the tree (which spelling of a
property the examples use more: :func:`~docgen.resolve.join.example_keys`); from the rest of an
example it reads its URL (navigation properties and function arguments that request URLs show),
its annotation (an action's target) and its name (operation names). So an edit that changes an
example's body and nothing else of it, keeping the body valid JSON (no ``body_error``, before or
after) and every key with its count, changes nothing a whole resolve builds but that example:
the model's copy of it is replaced, found by its place (after the moves) and compared whole.
"""

from __future__ import annotations

from dataclasses import replace
from collections.abc import Callable
from typing import Mapping

from docgen.diagnostics import Location
from docgen.model.core import Example, Operation
from docgen.model.page import PageModel
from docgen.resolve.join import key_counts
from docgen.resolve.retype import Unsure

Bodies = Mapping[Location, tuple[Example, Example]]
"""By an example's place after the edit: the example with its body before the edit (what the
model holds, its places moved), and the example after it."""


def changed_bodies(old: PageModel, new: PageModel) -> tuple[PageModel, dict[Location, tuple[Example, Example]]]:
    """``new`` with each example body that changed with the same keys put back as in ``old``, and
    those examples (see :data:`Bodies`); other changes are left for the skeletons to refuse."""
    table: dict[Location, tuple[Example, Example]] = {}
    if len(old.operations) != len(new.operations):
        return new, table
    operations = list(new.operations)
    for index, (a, b) in enumerate(zip(old.operations, new.operations)):
        if len(a.examples) != len(b.examples):
            continue
        examples = list(b.examples)
        for at, (x, y) in enumerate(zip(a.examples, b.examples)):
            if x.body_text == y.body_text or x.body_error is not None or y.body_error is not None:
                continue
            if key_counts([x.body]) != key_counts([y.body]):
                continue
            put_back = replace(y, body=x.body, body_text=x.body_text)
            if replace(put_back, location=x.location) != x or y.location in table:
                continue  # more than the body changed: the skeletons decide
            table[y.location] = (put_back, y)
            examples[at] = put_back
        operations[index] = replace(b, examples=tuple(examples))
    if not table:
        return new, table
    return replace(new, operations=tuple(operations)), table


def with_bodies(operations: tuple[Operation, ...], bodies: Bodies,
                near: Callable[[Operation], bool] | None = None) -> tuple[Operation, ...]:
    """``operations`` with the examples of ``bodies`` after the edit; :class:`Unsure` unless each
    is found once, as the model held it. Only the operations ``near`` names are looked at (every
    one when None: see :class:`~docgen.resolve.places.Near`)."""
    if not bodies:
        return operations
    found: set[Location] = set()
    out = list(operations)
    for index, op in enumerate(operations):
        if (near is not None and not near(op)) or not any(e.location in bodies for e in op.examples):
            continue
        examples = []
        for example in op.examples:
            change = bodies.get(example.location)
            if change is not None:
                if example != change[0] or example.location in found:
                    raise Unsure(f"{example.location} holds another example")
                found.add(example.location)
                example = change[1]
            examples.append(example)
        out[index] = replace(op, examples=tuple(examples))
    if len(found) != len(bodies):
        raise Unsure("an edited example the model does not hold")
    return tuple(out)
