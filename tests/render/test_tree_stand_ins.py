"""The operations' stand-ins for the navigation tree (docgen.render.tree_stand_ins).

An operation's tree stand-in stands for its TREE_FIELDS alone: the same for operations that differ
elsewhere, another when one of those differs. The last render's pairs are taken for operations
whose whole stand-in is among them; only the others are digested, and the pairs are remembered
again only when they changed.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from conftest import REPO

from docgen.model.core import Operation
from docgen.pipeline import render_jobs
from docgen.pipeline.build import build_model
from docgen.pipeline.cache import Cache
from docgen.pipeline.render_jobs import PoolRunner
from docgen.render import tree_stand_ins as tsi
from docgen.render.jobs import InProcess
from docgen.render.stored_tree import cached_tree, tree_plain

FIXTURE = REPO / "tests" / "fixtures" / "incremental_render"


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    folder = tmp_path_factory.mktemp("docs") / "docs"
    shutil.copytree(FIXTURE, folder)
    return build_model([folder], cache=Cache(None), root=folder)


def _elsewhere(op: Operation) -> Operation:
    """``op`` with every field the tree is not built from changed."""
    return dataclasses.replace(op, description=op.description + " Changed.", namespace="microsoft.other",
                               headers=(), permissions=None, request_body=None, response=None)


def test_tree_operation_keeps_the_tree_s_fields_and_defaults_the_rest(model) -> None:
    assert tsi.TREE_FIELDS < {f.name for f in dataclasses.fields(Operation)}
    for op in model.operations:
        made = tsi.tree_operation(op)
        for f in dataclasses.fields(Operation):
            if f.name in tsi.TREE_FIELDS:
                assert getattr(made, f.name) == getattr(op, f.name)
            else:
                assert getattr(made, f.name) == getattr(Operation(op.name, op.title, op.location), f.name)
        assert tsi.tree_operation(_elsewhere(op)) == made


def test_the_tree_is_the_same_for_operations_that_differ_outside_its_fields(model) -> None:
    assert any(op.description and op.response for op in model.operations)
    changed = dataclasses.replace(model, operations=tuple(map(_elsewhere, model.operations)))
    def tree(of):  # built, not cached (no stand-ins)
        return tree_plain(cached_tree(of, InProcess(), ("",) * len(of.operations)))

    assert tree(changed) == tree(model)


class Runner(PoolRunner):
    """A pool runner whose keys and memory are counted (what the render's runner is)."""

    def __init__(self, tmp_path: Path) -> None:
        super().__init__(1, render_jobs.JobCache(Cache(tmp_path / "cache"), "context"))
        self.keyed: list[int] = []
        self.remembered: list[object] = []
        self.stored: object = None
        self.keys_stored: dict[str, object] = {}

    def keys(self, items):
        self.keyed.append(len(items))
        return super().keys(items)

    def recalled(self, kind):
        return self.stored if kind == tsi.KIND else self.keys_stored.get(kind)

    def remember(self, kind, make):
        if kind != tsi.KIND:
            self.keys_stored[kind] = make()
            return
        self.stored = make()
        self.remembered.append(self.stored)


def test_the_last_pairs_are_taken_and_only_new_operations_digested(model, tmp_path: Path) -> None:
    runner = Runner(tmp_path)
    ops = list(model.operations)
    whole = runner.keys([("operation", op) for op in ops])()
    first = tsi.tree_stand_ins(runner, ops, whole)
    assert runner.keyed[-1] == len(ops) and len(runner.remembered) == 1
    assert first == runner.keys([("operation", tsi.tree_operation(op)) for op in ops])()
    assert all(stand_in.startswith("operation:") for stand_in in first)

    assert tsi.tree_stand_ins(runner, ops, whole) == first  # all known: none digested, nothing remembered
    assert runner.keyed[-1] == 0 and len(runner.remembered) == 1

    ops[0] = _elsewhere(ops[0])  # another whole stand-in, the same tree stand-in
    whole = runner.keys([("operation", op) for op in ops])()
    assert tsi.tree_stand_ins(runner, ops, whole) == first
    assert runner.keyed[-1] == 1 and len(runner.remembered) == 2

    ops[1] = dataclasses.replace(ops[1], title=ops[1].title + " again")  # a field the tree reads
    whole = runner.keys([("operation", op) for op in ops])()
    again = tsi.tree_stand_ins(runner, ops, whole)
    assert again[1] != first[1] and again[:1] + again[2:] == first[:1] + first[2:]

    runner.stored = ("not", "pairs")  # refused: every operation digested again
    assert tsi.tree_stand_ins(runner, ops, whole) == again and runner.keyed[-1] == len(ops)


def test_the_keys_are_the_last_render_s_while_the_operations_are(model, tmp_path: Path) -> None:
    runner = Runner(tmp_path)
    ops = list(model.operations)
    whole = runner.keys([("operation", op) for op in ops])()
    tree, whole_key = tsi.operation_keys(runner, ops, whole)
    assert whole_key == tsi.stand_ins_key(whole) and tree == tsi.stand_ins_key(tsi.tree_stand_ins(runner, ops, whole))
    assert runner.keys_stored == {tsi.KEYS: (whole_key[0], tree[0])}
    keyed = len(runner.keyed)
    assert tsi.operation_keys(runner, ops, whole) == (tree, whole_key)
    assert len(runner.keyed) == keyed  # the remembered keys: no stand-in looked up or made
    ops[0] = _elsewhere(ops[0])
    again = runner.keys([("operation", op) for op in ops])()
    tree_again, whole_again = tsi.operation_keys(runner, ops, again)
    assert tree_again == tree and whole_again != whole_key  # the tree's key stands, the whole one moved
    assert runner.keys_stored == {tsi.KEYS: (whole_again[0], tree[0])}
    runner.keys_stored[tsi.KEYS] = (whole_again[0], 7)  # not a key: worked out again
    assert tsi.operation_keys(runner, ops, again) == (tree, whole_again)


def test_without_a_cache_the_stand_ins_are_empty(model) -> None:
    runner = PoolRunner(1, None)
    ops = list(model.operations)
    whole = runner.keys([("operation", op) for op in ops])()
    assert tsi.tree_stand_ins(runner, ops, whole) == [""] * len(ops)
    assert tsi.operation_keys(runner, ops, whole) == (("",) * len(ops),) * 2
