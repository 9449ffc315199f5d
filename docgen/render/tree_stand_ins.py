"""What the navigation tree is keyed by: each operation's fields the tree is built from.

In: the model's operations, their stand-ins (each one's digest, as the job runner gives it) and
the job runner. Out: :func:`tree_operation` (an operation with only :data:`TREE_FIELDS` as they
are, every other field at its default: what the tree, its names, its summary and its views are
built from), :func:`tree_stand_ins` (each operation's stand-in for the tree: the digest of its
:func:`tree_operation`) and :func:`operation_keys` (one key of those, and one of the whole
operations, for the render).

The tree (:mod:`docgen.render.stored_tree`) was keyed by every field of every operation, so an
edit of an API page's description cell or first paragraph, which no tree reads, built the corpus's
tree again, named its 2,300 nodes and digested them (0.4-0.5 s of a one-second warm generate).
Now the tree is built from each operation's :data:`TREE_FIELDS` alone, so a key made of those
fields is sound by construction: a field left out cannot change the tree, whatever a later
change of the tree's code reads. The builder modules and the operations' own jobs, which do read
descriptions, bodies and responses, stay keyed by the whole operation.

An operation's tree stand-in is a function of its whole stand-in (both are digests of its
fields), so the last render's pairs are remembered (:meth:`~docgen.render.jobs.JobRunner.remember`)
and only the operations an edit changed are digested again; a cold render digests them all (the
corpus's 2,102: about 0.05 s). The two keys of the last render are remembered too: a render
whose operations are those (an edit of a resource page) reads those two strings, not the pairs
(0.18 MB on the corpus: 1.5 ms).
"""

from __future__ import annotations

import dataclasses
import hashlib
import marshal
from collections.abc import Sequence
from typing import Any

from docgen.keys import KEY_MARSHAL
from docgen.model.core import Operation
from docgen.model.lazy import LazyField
from docgen.render.jobs import JobRunner

TREE_FIELDS = frozenset({"name", "title", "location", "method", "request_lines", "examples", "parameters"})
"""What the navigation tree reads of an operation: its name, title and page, its request lines,
its examples (a request example's call names its function arguments) and its parameters (their
types quote a function's arguments). Not its description, namespace, headers, permissions,
request body or response."""


def _left_out() -> tuple[tuple[str, Any], ...]:
    """Each field of :class:`Operation` not in :data:`TREE_FIELDS`, with its default."""
    out = []
    for f in dataclasses.fields(Operation):
        if f.name in TREE_FIELDS:
            continue
        default = f.default.default if isinstance(f.default, LazyField) else f.default
        if default is dataclasses.MISSING:  # (a field with no default must be read by the tree)
            raise TypeError(f"Operation.{f.name} has no default: it cannot be left out of the tree")
        out.append((f.name, default))
    return tuple(out)


_LEFT_OUT = _left_out()

_new = object.__new__


def tree_operation(op: Operation) -> Operation:
    """``op`` with every field not in :data:`TREE_FIELDS` at its default (the others as they
    are: a lazy field not read yet stays so). Equal to ``op`` only when those are defaults."""
    made = _new(Operation)
    state = made.__dict__
    state.update(op.__dict__)
    for name, default in _LEFT_OUT:
        state[name] = default
    return made


KIND = "tree-stand-ins"
"""What the last render's (stand-in, tree stand-in) pairs are remembered under."""

KEYS = "tree-stand-ins-keys"
"""What the last render's two keys (:func:`operation_keys`) are remembered under."""


def stand_ins_key(stand_ins: Sequence[str]) -> tuple[str, ...]:
    """What the stored tree, its views and its answers are keyed by for the operations whose
    stand-ins are ``stand_ins`` (in the model's order): one digest of them all, made once (each of
    those keys and the scope walked the corpus's 2,102 stand-ins again); the stand-ins themselves
    when one is empty (nothing is cached)."""
    if not all(stand_ins):
        return tuple(stand_ins)
    return ("operations:" + hashlib.blake2b(marshal.dumps(tuple(stand_ins), KEY_MARSHAL), digest_size=16).hexdigest(),)


def operation_keys(runner: JobRunner, operations: Sequence[Operation],
                   stand_ins: Sequence[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """:func:`stand_ins_key` of the operations' :func:`tree_stand_ins` (what the tree is keyed by)
    and of their whole ``stand_ins`` (what reads them whole is keyed by); the first is the last
    render's when the second is."""
    whole = stand_ins_key(stand_ins)
    if not all(stand_ins):
        return whole, whole
    last = runner.recalled(KEYS)
    if type(last) is tuple and len(last) == 2 and last[0] == whole[0] and type(last[1]) is str:
        return (last[1],), whole
    tree = stand_ins_key(tree_stand_ins(runner, operations, stand_ins))
    runner.remember(KEYS, lambda: (whole[0], tree[0]))
    return tree, whole


def tree_stand_ins(runner: JobRunner, operations: Sequence[Operation], stand_ins: Sequence[str]) -> list[str]:
    """Each operation's stand-in for the tree (``stand_ins``: their whole stand-ins, in the same
    order, "" each when nothing is cached): the runner's stand-in of its :func:`tree_operation`,
    taken from the last render's pairs for an operation whose whole stand-in is among them."""
    if not all(stand_ins):
        return list(stand_ins)
    known = _pairs(runner.recalled(KIND))
    missing = [index for index, stand_in in enumerate(stand_ins) if stand_in not in known]
    made = runner.keys([("operation", tree_operation(operations[index])) for index in missing])()
    known.update(zip([stand_ins[index] for index in missing], made))
    out = [known[stand_in] for stand_in in stand_ins]
    if missing or len(known) != len(set(stand_ins)):
        runner.remember(KIND, lambda: (tuple(stand_ins), tuple(out)))
    return out


def _pairs(value: Any) -> dict[str, str]:
    """The remembered pairs as a mapping; empty when ``value`` is not two tuples of strings of one length."""
    if not (type(value) is tuple and len(value) == 2 and all(type(column) is tuple for column in value)):
        return {}
    fulls, trees = value
    if len(fulls) != len(trees) or not all(type(item) is str for item in (*fulls, *trees)):
        return {}
    return dict(zip(fulls, trees))
