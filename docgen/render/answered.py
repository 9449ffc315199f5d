"""The builder methods' answers of the whole tree, each operation's part through the job runner.

In: the model's operations with their module names and stand-ins, the navigation tree, and the
registry and checker behind :mod:`docgen.render.reads`'s recording views. Out: what
:func:`docgen.render.builders.answers` gives for the tree and every operation's plan (which
methods return None, each method's decode spec, which take a body), and the registry's shared
diagnostics as planning every operation in turn (model order) adds them (returned apart: the
classes' own, which a whole render reports first, come from the model modules' jobs).

Those answers are part of what the jobs read of the tree (:func:`~docgen.render.navigation.navigation_view`,
:func:`~docgen.render.navigation.node_digests`), so the main process needs them for every
operation before any job is looked up. Planning every operation for them was 0.10-0.15 s of a
one-cell edit's render on the corpus. Here each operation's part (its plan's answers for its own
endpoints, and the shared diagnostics planning it from a clean slate adds) is a value of
:meth:`~docgen.render.jobs.JobRunner.cached_each`, keyed by the operation (its stand-in), its
module name and the nodes documenting it (their own fields and the endpoints), with the types its planning
read (:meth:`Reads.recording`): a stored part stands while those reads are current, as a job's
result does. The parts are merged in tree order, and the shared diagnostics in model order,
each (code, message) once (:func:`~docgen.render.jobs.merge_shared`: what planning every
operation in one process reports).
"""

from __future__ import annotations

import hashlib
import marshal
from collections.abc import Callable, Sequence
from typing import Any

from docgen.diagnostics import Diagnostic
from docgen.keys import KEY_MARSHAL
from docgen.model.core import Operation
from docgen.render.builders import answers
from docgen.render.jobs import JobResult, JobRunner, merge_shared
from docgen.render.models import Registry
from docgen.render.reads import Reads
from docgen.render.requests import plan_operation
from docgen.resolve.navigation import Endpoint, Navigation, Node

Answers = tuple[frozenset[tuple[int, str]], tuple[tuple[tuple[int, str], str | None], ...], frozenset[tuple[int, str]]]
"""(void, specs, bodied) as :func:`docgen.render.builders.answers` gives them."""

Part = tuple[tuple[bool, ...], tuple[str | None, ...], tuple[bool, ...], tuple[Diagnostic, ...],
             tuple[str, ...], tuple[str, ...]]
"""One operation's part: for each of its endpoints in tree order, whether it returns None, its
decode spec and whether it takes a body (three flat columns: stored and read back as tuples of
scalars), the shared diagnostics its planning adds, and the tokens its planning read with their
digests (the whole tree's answer is reused while all of those are current)."""


def tree_answers(
    reg: Registry,
    navigation: Callable[[], Navigation],
    modules: Sequence[tuple[Operation, str]],
    stand_ins: dict[int, str],
    reads: Reads,
    runner: JobRunner,
    tree_key: tuple[Any, ...],
) -> tuple[Answers, list[Diagnostic]]:
    """The answers of every builder method of the tree ``navigation`` gives (see the module's
    docstring) and what planning the operations adds to the registry's diagnostics, each (code,
    message) once (the caller merges it after the classes' reports:
    :func:`~docgen.render.jobs.merge_shared`). The tree is asked for only when the stored whole
    answer is not current (:class:`~docgen.render.stored_tree.StoredTree`).

    The whole answer is one entry, keyed by ``tree_key`` (what the stored tree is keyed by, and
    the operations' whole stand-ins in order: the tree, its node ids and the operations are what
    it stands for) and the operations' module names, with the reads of all the parts: the parts one by one, and what
    they are keyed by, only when it is not current (a type an operation's planning read
    changed) or the tree or a module name changed."""
    whole = (*tree_key, tuple(module for _, module in modules))
    [answered] = runner.cached_each(
        "answers-tree", [(whole, lambda: _assembled(reg, navigation(), modules, stand_ins, runner, reads))],
        reads.current, _whole_of)
    void_ids, void_methods, spec_ids, spec_methods, spec_values, bodied_ids, bodied_methods, shared = answered
    answers = (frozenset(zip(void_ids, void_methods)), tuple(zip(zip(spec_ids, spec_methods), spec_values)),
               frozenset(zip(bodied_ids, bodied_methods)))
    return answers, list(shared)


Whole = tuple[tuple[int, ...], tuple[str, ...], tuple[int, ...], tuple[str, ...], tuple[str | None, ...],
              tuple[int, ...], tuple[str, ...], tuple[Diagnostic, ...]]
"""The answers of the whole tree as flat columns (void, specs in tree order, bodied: node ids and
methods) and the merged shared diagnostics."""


def _assembled(
    reg: Registry,
    nav: Navigation,
    modules: Sequence[tuple[Operation, str]],
    stand_ins: dict[int, str],
    runner: JobRunner,
    reads: Reads,
) -> tuple[Whole, tuple[tuple[str, str], ...]]:
    """The whole answer from each operation's part (stored or made), and the reads of them all."""
    owner: dict[tuple[str, str], int] = {}  # the last operation of each (page, name), as a dict of plans keeps
    for index, (op, _) in enumerate(modules):
        owner[(op.location.path, op.name)] = index
    endpoints: dict[int, list[tuple[Node, Endpoint]]] = {}
    for node in nav.nodes:
        for ep in node.endpoints:
            found = owner.get((ep.page, ep.operation))
            if found is not None:
                endpoints.setdefault(found, []).append((node, ep))
    items = []
    nodes: dict[int, str] = {}  # a digest of each documenting node's own fields, made once
    for index, (op, module) in enumerate(modules):
        eps = endpoints.get(index, [])
        read: list[object] = []  # one flat tuple of scalars: a key walks it at C speed
        for n, ep in eps:
            line = ep.line
            read += (nodes.get(n.id) or nodes.setdefault(n.id, _node_fields(n)), ep.method, ep.operation, ep.page,
                     line.path, line.line, line.col)
        items.append(((stand_ins[id(op)], module, tuple(read)), _Planned(reg, reads, op, module, eps)))
    parts: list[Part] = runner.cached_each("answers", items, reads.current, _part_of)
    for index, part in enumerate(parts):
        if len(part[0]) != len(endpoints.get(index, ())):  # not this operation's: made here
            parts[index] = items[index][1]()[0]
    void: set[tuple[int, str]] = set()
    bodied: set[tuple[int, str]] = set()
    specs: list[tuple[tuple[int, str], str | None]] = []
    at = dict.fromkeys(endpoints, 0)
    for node in nav.nodes:  # tree order, as builders.answers
        for ep in node.endpoints:
            found = owner.get((ep.page, ep.operation))
            if found is None:
                continue
            nones, spec_column, bodies = parts[found][:3]
            here = at[found]
            returns_none, spec, body = nones[here], spec_column[here], bodies[here]
            at[found] += 1
            if returns_none:
                void.add((node.id, ep.method))
            if body:
                bodied.add((node.id, ep.method))
            specs.append(((node.id, ep.method), spec))
    shared = merge_shared([JobResult({}, (), part[3]) for part in parts], ())
    every: dict[str, str] = {}  # every part's reads: each current (a stored part is reused only then)
    for part in parts:
        every.update(zip(part[4], part[5]))
    void_sorted, bodied_sorted = sorted(void), sorted(bodied)
    whole: Whole = (tuple(i for i, _ in void_sorted), tuple(m for _, m in void_sorted),
                    tuple(i for (i, _), _ in specs), tuple(m for (_, m), _ in specs), tuple(v for _, v in specs),
                    tuple(i for i, _ in bodied_sorted), tuple(m for _, m in bodied_sorted), tuple(shared))
    return whole, tuple(sorted(every.items()))


def _whole_of(value: Any) -> Whole | None:
    """A stored whole answer, checked; None when ``value`` is not one."""
    if not (type(value) is tuple and len(value) == 8 and all(type(column) is tuple for column in value)):
        return None
    void_ids, void_methods, spec_ids, spec_methods, spec_values, bodied_ids, bodied_methods, shared = value
    if not (len(void_ids) == len(void_methods) and len(spec_ids) == len(spec_methods) == len(spec_values)
            and len(bodied_ids) == len(bodied_methods)):
        return None
    if not all(type(i) is int for i in (*void_ids, *spec_ids, *bodied_ids)):
        return None
    if not all(type(m) is str for m in (*void_methods, *spec_methods, *bodied_methods)):
        return None
    if not all(v is None or type(v) is str for v in spec_values) or not all(type(d) is Diagnostic for d in shared):
        return None
    return value  # type: ignore[return-value]


def _node_fields(node: Node) -> str:
    """A digest of a node's own fields but its id and its place in the tree (parent, children)
    and its endpoints (each endpoint of the operation is in the key itself)."""
    own: list[Any] = [node.kind, node.wire, node.bare, len(node.params)]
    for p in node.params:  # every field of a Param (tests/render/test_warm_render.py checks the list)
        own += (p.name, p.quoted, p.required, p.type, p.enum)
    own += (len(node.placeholders), *node.placeholders)
    return hashlib.blake2b(marshal.dumps(tuple(own), KEY_MARSHAL), digest_size=16).hexdigest()


class _Planned:
    """One operation's part, made: its plan (without headers) and its endpoints' answers, with
    the tokens read meanwhile, stamped."""

    def __init__(self, reg: Registry, reads: Reads, op: Operation, module: str,
                 eps: list[tuple[Node, Endpoint]]) -> None:
        self.reg, self.reads, self.op, self.module, self.eps = reg, reads, op, module, eps

    def __call__(self) -> tuple[Part, tuple[tuple[str, str], ...]]:
        reg, op = self.reg, self.op
        mark, reported = len(reg.diagnostics), reg.reported()
        reg.restore_reported(frozenset())  # from a clean slate: the part depends on its key and reads only
        try:
            with self.reads.recording() as tokens:
                plan, _ = plan_operation(reg, op, self.module, headers=False)
                nodes = tuple({n.id: n for n, _ in self.eps}.values())
                void, specs, bodied = answers(Navigation(nodes), {(op.location.path, op.name): plan}, reg)
            spec_of = dict(specs)
            at = [(n.id, ep.method) for n, ep in self.eps]
            stamped = self.reads.stamped(tokens)
            part = (tuple(pair in void for pair in at), tuple(spec_of.get(pair) for pair in at),
                    tuple(pair in bodied for pair in at), tuple(reg.diagnostics[mark:]),
                    tuple(t for t, _ in stamped), tuple(d for _, d in stamped))
        finally:
            del reg.diagnostics[mark:]
            reg.restore_reported(reported)
        return part, stamped


def _part_of(value: Any) -> Part | None:
    """A stored part, checked; None when ``value`` is not one."""
    if not (type(value) is tuple and len(value) == 6 and all(type(column) is tuple for column in value)):
        return None
    nones, specs, bodies, shared, tokens, digests = value
    if not (len(nones) == len(specs) == len(bodies)) or len(tokens) != len(digests):
        return None
    if not all(type(flag) is bool for flag in (*nones, *bodies)):
        return None
    if not all(spec is None or type(spec) is str for spec in specs):
        return None
    if not all(type(d) is Diagnostic for d in shared) or not all(type(t) is str for t in (*tokens, *digests)):
        return None
    return value  # type: ignore[return-value]
