"""The navigation tree through the job runner's cache (docgen.render.stored_tree.cached_tree).

The tree is keyed by what building it reads: every operation's fields it is built from (by their
stand-in: docgen.render.tree_stand_ins) and the type names. An edit that changes neither reuses the stored tree; adding or removing an operation, or a
type, builds it again; the output always equals a render without a cache.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import REPO

from docgen.pipeline import render_jobs
from docgen.pipeline.build import build_model
from docgen.pipeline.cache import DB_NAME, Cache
from docgen.pipeline.render_jobs import PoolRunner
from docgen.render import navigation, stored_tree
from docgen.render.jobs import InProcess
from docgen.render.package import RenderOptions, render_package
from docgen.render.stored_tree import navigation_of, navigation_plain
from docgen.resolve.navigation import build_navigation, locate

FIXTURE = REPO / "tests" / "fixtures" / "incremental_render"


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    shutil.copytree(FIXTURE, folder)
    return folder


class Counted:
    """Renders of ``docs`` through one job cache (or none), counting the trees built."""

    def __init__(self, docs: Path, tmp_path: Path, monkeypatch) -> None:
        self.docs, self.built = docs, []
        self.job_cache = render_jobs.JobCache(Cache(tmp_path / "cache"), "context")

        def counted(model):
            self.built.append(1)
            return build_navigation(model)

        monkeypatch.setattr(stored_tree, "build_navigation", counted)

    def render(self, cold: bool = False):
        model = build_model([self.docs], cache=Cache(None), root=self.docs)
        files, diagnostics = render_package(model, RenderOptions(), runner=PoolRunner(1, None if cold else self.job_cache))
        return dict(files), [d.format() for d in diagnostics]

    def same_as_cold(self, result) -> bool:
        before = len(self.built)
        cold = self.render(cold=True)
        del self.built[before:]
        return result == cold


def test_the_tree_is_reused_until_an_operation_or_a_type_name_changes(docs: Path, tmp_path: Path, monkeypatch):
    counter = Counted(docs, tmp_path, monkeypatch)
    built, same_as_cold, job_cache = counter.built, counter.same_as_cold, counter.job_cache

    def render(cache):
        return counter.render(cold=cache is None)

    first = render(job_cache)
    assert len(built) == 1 and same_as_cold(first)
    assert render(job_cache) == first and len(built) == 1  # stored tree

    part = docs / "resources" / "part.md"
    part.write_text(part.read_text(encoding="utf-8").replace("The weight in grams.", "The weight in kg."), encoding="utf-8")
    described = render(job_cache)
    assert len(built) == 1 and same_as_cold(described)  # no operation, no type name changed

    added = docs / "api" / "gizmo-delete.md"
    text = (docs / "api" / "gizmo-get.md").read_text(encoding="utf-8")
    added.write_text(text.replace("GET /gizmos/{id}", "DELETE /gizmos/{id}").replace("Get gizmo", "Delete gizmo"),
                     encoding="utf-8")
    grown = render(job_cache)
    assert len(built) == 2 and same_as_cold(grown)  # an operation more: built again
    assert grown[0].keys() == described[0].keys() | {"tests/test_gizmo_delete.py"}
    assert grown[0]["requests/gizmos_item.py"] != described[0]["requests/gizmos_item.py"]  # its delete method

    added.unlink()
    assert render(job_cache) == described and len(built) == 2  # removed again: the first tree, stored

    new_type = docs / "resources" / "sprocket.md"
    new_type.write_text((docs / "resources" / "gizmo.md").read_text(encoding="utf-8").replace("gizmo", "sprocket"),
                        encoding="utf-8")
    typed = render(job_cache)
    assert len(built) == 3 and same_as_cold(typed)  # a type name more (a cast could name it): built again


def test_the_tree_is_reused_when_an_api_page_changes_what_no_tree_reads(docs: Path, tmp_path: Path, monkeypatch):
    """The tree is built from each operation's TREE_FIELDS alone (docgen.render.tree_stand_ins): an
    API page's first paragraph or a request body row's description changes the builder module that
    documents the operation, not the tree; an example's request URL (a call's arguments are named
    from it) or a request line builds it again."""
    counter = Counted(docs, tmp_path, monkeypatch)
    first = counter.render()
    assert counter.built == [1] and counter.same_as_cold(first)

    get = docs / "api" / "gizmo-get.md"
    get.write_text(get.read_text(encoding="utf-8").replace("\nGet gizmo.\n", "\nGet one gizmo by its id.\n"), encoding="utf-8")
    update = docs / "api" / "widget-update.md"
    update.write_text(update.read_text(encoding="utf-8").replace("The widget's new name.", "A new name."), encoding="utf-8")
    described = counter.render()
    assert counter.built == [1] and counter.same_as_cold(described)
    changed = {name for name in first[0] if first[0][name] != described[0].get(name)}
    assert "requests/gizmos_item.py" in changed, sorted(changed)  # the get method's docstring
    assert "Get one gizmo by its id." in described[0]["requests/gizmos_item.py"]

    text = get.read_text(encoding="utf-8")
    get.write_text(text.replace("GET https://graph.microsoft.com/v1.0/gizmos/3", "GET https://graph.microsoft.com/v1.0/gizmos/4"),
                   encoding="utf-8")
    assert counter.same_as_cold(counter.render()) and counter.built == [1, 1]  # an example's URL: built again


def test_without_a_cache_the_tree_is_built(docs: Path):
    model = build_model([docs], cache=Cache(None), root=docs)
    made = stored_tree.cached_tree(model, InProcess(), ("",) * len(model.operations))
    nav = build_navigation(model)
    assert made[:3] == (nav, *navigation.name_nodes(nav))
    paths = {line.path for op in model.operations for line in op.request_lines}
    assert set(made[3]) == paths and any(end >= 0 for end in made[3].values())
    for path, end in made[3].items():  # where locate ends each path (-1: nowhere)
        found = locate(nav, path)
        assert end == (-1 if found is None else found[-1][0].id)
    runner = PoolRunner(1, render_jobs.JobCache(Cache(None), "context"))
    assert stored_tree.cached_tree(model, runner, ("x",) * len(model.operations)) == made


def test_a_stored_tree_round_trips_and_anything_else_is_refused(docs: Path):

    from docgen.pipeline.plain import dumps, loads

    nav = build_navigation(build_model([docs], cache=Cache(None), root=docs))
    assert len(nav.nodes) > 5
    assert navigation_of(loads(dumps(navigation_plain(nav)))) == nav
    names, name_diagnostics = navigation.name_nodes(nav)
    located = {"/users": 1, "/nowhere": -1}
    stored = stored_tree.tree_plain((nav, names, name_diagnostics, located))
    assert stored_tree.tree_of(loads(dumps(stored))) == (nav, names, name_diagnostics, located)
    assert stored_tree.tree_of((stored[0], (names.modules, names.classes), *stored[2:])) is None
    assert stored_tree.tree_of((stored[0], (names.modules[1:], names.classes, names.accessors), *stored[2:])) is None
    assert stored_tree.tree_of((stored[0], stored[1], ("x",), *stored[3:])) is None
    assert stored_tree.tree_of(stored[:3]) is None  # stored before the paths were
    assert stored_tree.tree_of((*stored[:4], (1,))) is None  # a path without its end
    assert stored_tree.tree_of((*stored[:4], (len(nav.nodes), -1))) is None  # no such node
    assert stored_tree.tree_of((*stored[:3], (1, "/nowhere"), stored[4])) is None
    assert stored_tree.tree_of((*stored[:4], (True, -1))) is None  # an end that is a bool, not an int
    assert stored_tree.tree_of((*stored[:4], (1, -2))) is None  # below "none"
    assert stored_tree.tree_of((*stored[:4], (1, 1.0))) is None
    assert stored_tree.tree_of((*stored[:4], ())) is None and stored_tree.tree_of((*stored[:3], (), ())) is not None
    assert stored_tree.tree_of((stored[0], (names.modules[:-1] + (1,), names.classes, names.accessors),
                                *stored[2:])) is None  # a name that is not a string
    assert stored_tree.tree_of((*stored[:2], (*name_diagnostics, "x"), *stored[3:])) is None
    flat = navigation_plain(nav)
    count = len(nav.nodes)

    def changed(index: int, column: tuple) -> tuple:
        return (*flat[:index], column, *flat[index + 1:])

    assert any(flat[5]) and any(flat[7])  # children and endpoints to damage
    for value in [
        None,
        flat[:24],
        ("navigation-flat-0", *flat[1:]),  # another format
        (flat[0], *[() for _ in flat[1:]]),  # no node
        changed(1, flat[1][1:]),  # a column shorter than the others
        changed(3, (0, *flat[3][1:])),  # the root with a parent
        changed(3, (None, count, *flat[3][2:])),  # a parent that is no node
        changed(5, (count, *flat[5][1:])),  # a child that is no node
        changed(5, (0, *flat[5][1:])),  # the root as a child
        changed(4, (flat[4][0] + 1, *flat[4][1:])),  # the children's counts do not add up
        changed(4, (flat[4][0] + 1, -1, *flat[4][2:])),  # a negative count, the sum kept
        changed(6, (flat[6][0] + 1, *flat[6][1:])),  # nor the endpoints'
        changed(7, (1, *flat[7][1:])),  # a method that is no string
        changed(11, ("1", *flat[11][1:])),  # a line that is no number
        changed(11, (True, *flat[11][1:])),  # nor a boolean
        changed(19, (1, *flat[19][1:])),  # a node's bare flag that is no boolean
        changed(13, (1, *flat[13][1:])),  # a parameter counted that is not there
        changed(22, ("not a diagnostic",)),
        changed(23, (1, 2)),  # function ids without their names
    ]:
        assert navigation_of(value) is None, value if value is None else value[:1]


def test_a_damaged_stored_tree_is_built_again(docs: Path, tmp_path: Path, monkeypatch):
    model = build_model([docs], cache=Cache(None), root=docs)
    cache = Cache(tmp_path / "cache")
    runner = PoolRunner(1, render_jobs.JobCache(cache, "context"))
    stand_ins = tuple(f"op{i}" for i in range(len(model.operations)))
    tree = stored_tree.cached_tree(model, runner, stand_ins)
    key = runner.job_cache.key("navigation", stored_tree.type_names_read(model), stand_ins)  # type: ignore[union-attr]
    cache.put_payload("navigation", key, b"\x00not marshal")
    built: list[int] = []
    monkeypatch.setattr(stored_tree, "build_navigation", lambda m: (built.append(1), build_navigation(m))[1])
    assert stored_tree.cached_tree(model, runner, stand_ins) == tree and built == [1]
    assert stored_tree.cached_tree(model, runner, stand_ins) == tree and built == [1]  # stored again


def test_an_indexed_tree_finds_the_children_a_scan_finds(docs: Path):
    from docgen.render.stored_tree import indexed
    from docgen.resolve.navigation import locate

    model = build_model([docs], cache=Cache(None), root=docs)
    nav = build_navigation(model)
    fast = indexed(nav)
    kinds = sorted({n.kind for n in nav.nodes}) + ["nothing"]
    asked = 0
    for node in nav.nodes:
        wires = {n.wire for n in nav.nodes} | {n.wire.rsplit(".", 1)[-1] for n in nav.nodes}
        names = {""} | wires | {w.upper() for w in wires} | {"microsoft.graph.x", "zz"}
        for kind in kinds:
            for name in sorted(names):
                assert fast.child(node.id, kind, name) == nav.child(node.id, kind, name), (node.id, kind, name)
                asked += 1
    assert asked > 200
    for op in model.operations:
        for line in op.request_lines:
            assert locate(fast, line.path) == locate(nav, line.path)


def test_the_readme_examples_sort_by_each_nodes_path_length(docs: Path):
    model = build_model([docs], cache=Cache(None), root=docs)
    nav = build_navigation(model)
    assert navigation._depths(nav) == [len(nav.path(node.id)) for node in nav.nodes]
    names, _ = navigation.name_nodes(nav)
    found = [n for n in nav.nodes if any(e.method == "GET" for e in n.endpoints)]
    found.sort(key=lambda n: (len(nav.path(n.id)), n.id))
    shown = [navigation.example_chain(nav, names, n.id) + ".get()" for n in found]
    examples = navigation.readme_examples(nav, names)
    assert examples and [call for call, _ in examples] == shown[:len(examples)]


def _render_counting(docs: Path, job_cache, monkeypatch, decoded: list[int]):
    """A render of ``docs`` through ``job_cache`` (None: no cache), counting in ``decoded`` the whole
    trees it asked for (read back or built)."""
    real = getattr(stored_tree.cached_tree, "counted", stored_tree.cached_tree)

    def counted(*args, **kwargs):
        decoded.append(1)
        return real(*args, **kwargs)

    counted.counted = real  # type: ignore[attr-defined]  # (the next call wraps the real one again)
    monkeypatch.setattr(stored_tree, "cached_tree", counted)
    model = build_model([docs], cache=Cache(None), root=docs)
    files, diagnostics = render_package(model, RenderOptions(), runner=PoolRunner(1, job_cache))
    return dict(files), [d.format() for d in diagnostics]


def test_a_render_whose_operations_are_unchanged_reads_only_the_trees_summary(docs: Path, tmp_path: Path, monkeypatch):
    job_cache = render_jobs.JobCache(Cache(tmp_path / "cache"), "context")
    decoded: list[int] = []
    first = _render_counting(docs, job_cache, monkeypatch, decoded)
    assert decoded == [1]  # cold: the tree built (and its summary made of it)
    part = docs / "resources" / "part.md"
    part.write_text(part.read_text(encoding="utf-8").replace("The weight in grams.", "The weight in kg."),
                    encoding="utf-8")
    described = _render_counting(docs, job_cache, monkeypatch, decoded)
    assert decoded == [1]  # a description edit: no job that reads the tree ran, the tree was not read
    assert described == _render_counting(docs, None, monkeypatch, [])  # the bytes of a render without a cache
    assert described[0] != first[0]


def test_a_missing_or_damaged_summary_or_tree_is_made_again_with_the_same_bytes(docs: Path, tmp_path: Path, monkeypatch):
    cache = Cache(tmp_path / "cache")
    job_cache = render_jobs.JobCache(cache, "context")
    decoded: list[int] = []
    cold = _render_counting(docs, None, monkeypatch, decoded)
    assert _render_counting(docs, job_cache, monkeypatch, decoded) == cold
    cache.drop_kinds(["job", "job-memo", "job-index", "answers-tree", "tree-views"])  # every job renders again
    cache.drop_kinds(["navigation"])  # and the tree is gone: built from the model
    decoded.clear()
    assert _render_counting(docs, job_cache, monkeypatch, decoded) == cold and decoded == [1]
    for kind in ("navigation-summary", "navigation"):  # damaged: refused, made again
        db = sqlite3.connect(tmp_path / "cache" / DB_NAME)
        with db:
            db.execute("UPDATE entries SET payload = ? WHERE kind = ?", (b"\x00not marshal", kind))
        db.close()
        cache.drop_kinds(["job", "job-memo", "job-index", "answers-tree", "tree-views"])
        assert _render_counting(docs, job_cache, monkeypatch, []) == cold
    assert _render_counting(docs, job_cache, monkeypatch, []) == cold


def test_a_trees_summary_round_trips_and_anything_else_is_refused(docs: Path):
    from docgen.pipeline.plain import dumps, loads

    model = build_model([docs], cache=Cache(None), root=docs)
    tree = stored_tree.cached_tree(model, InProcess(), ("",) * len(model.operations))
    summary = stored_tree.tree_summary(tree)
    nav, names = tree[0], tree[1]
    assert summary[0] == len(nav.nodes) and summary[3] == names and summary[5] == navigation.readme_examples(nav, names)
    assert summary[4] and all(type(a) is dict for a in summary[4])
    plain = stored_tree.summary_plain(summary)
    assert stored_tree.summary_of(loads(dumps(plain))) == summary
    for index, damaged in [
        (0, "navigation-summary-0"),  # another format
        (1, 0),  # no node
        (1, summary[0] + 1),  # names of another number of nodes
        (2, ("not a diagnostic",)),
        (4, names.modules[1:]),
        (6, (*names.accessors[:-1], 1)),
        (7, [("not", "a dict")]),
        (7, [{1: "a key that is no name"}]),
        (8, [("call", "path", "more")]),
        (8, [("call", 1)]),
    ]:
        assert stored_tree.summary_of((*plain[:index], damaged, *plain[index + 1:])) is None, index
    assert stored_tree.summary_of(plain[:8]) is None


def test_the_views_are_stored_by_the_trees_key_and_the_answers_digest(docs: Path, tmp_path: Path):
    """What the key index's scope holds of the views (the digest of the answers, with the tree's
    key): views of other answers are other entries, each what the tree gives."""
    from dataclasses import replace

    model = build_model([docs], cache=Cache(None), root=docs)
    runner = PoolRunner(1, render_jobs.JobCache(Cache(tmp_path / "cache"), "context"))
    stand_ins = tuple(f"op{i}" for i in range(len(model.operations)))
    stored = stored_tree.StoredTree(model, runner, stand_ins)
    names = stored.names
    node = next(n for n in stored.navigation().nodes if n.endpoints)
    other = replace(names, void=frozenset({(node.id, node.endpoints[0].method)}))
    assert stored_tree.answers_digest(other) != stored_tree.answers_digest(names)
    for answers in (names, other, names):
        made = stored_tree.tree_views(stored.navigation(), answers, model.operations, stored.located())
        assert stored_tree.cached_views(model, runner, stand_ins, stored, answers, model.operations) == made
    assert (stored_tree.tree_views(stored.navigation(), other, model.operations, stored.located())
            != stored_tree.tree_views(stored.navigation(), names, model.operations, stored.located()))


def test_a_stored_trees_nodes_are_the_built_ones_however_asked_for(docs: Path):
    from docgen.pipeline.plain import dumps, loads

    model = build_model([docs], cache=Cache(None), root=docs)
    nav = build_navigation(model)
    flat = loads(dumps(navigation_plain(nav)))
    count = len(nav.nodes)
    # one node at a time, in another order than the tree's (each built alone when first asked for)
    nodes = navigation_of(flat).nodes
    assert len(nodes) == count
    for index in reversed(range(count)):
        assert nodes[index] == nav.nodes[index]
        assert nodes[index] is nodes[index]  # built once
    assert nodes[-1] == nav.nodes[-1]
    with pytest.raises(IndexError):
        _ = nodes[count]  # an index past the end, as a tuple's
    # a slice, an iteration and a hash first, as the tuple of them all gives them
    assert navigation_of(flat).nodes[1:3] == nav.nodes[1:3]
    assert list(navigation_of(flat).nodes) == list(nav.nodes)
    assert hash(navigation_of(flat).nodes) == hash(nav.nodes)
    assert hash(navigation_of(flat)) == hash(nav)
    assert navigation_of(flat).nodes == nav.nodes and nav.nodes == navigation_of(flat).nodes
    assert [node.endpoints for node in navigation_of(flat).nodes] == [node.endpoints for node in nav.nodes]
    # some built alone, then the rest together: the ones built stay the ones given out
    some = navigation_of(flat).nodes
    first, last = some[1], some[count - 1]
    every = list(some)
    assert every == list(nav.nodes) and every[1] is first and every[count - 1] is last
    assert any(node.endpoints for node in nav.nodes)
    # what a job asks of the tree: a request path located through it
    paths = {line.path for op in model.operations for line in op.request_lines}
    assert paths and all(locate(navigation_of(flat), path) == locate(nav, path) for path in paths)
    assert any(locate(nav, path) is not None for path in paths)


def test_a_planted_tree_or_views_entry_of_the_wrong_item_types_is_refused(docs: Path, tmp_path: Path, monkeypatch):
    """Entries whose digests are right (planted through the cache) but whose columns hold an item
    of another type (a bool for a node's id, a number for a name or a view) are refused and made
    again: the render's bytes are a cold one's."""
    from docgen.pipeline.plain import loads

    cache = Cache(tmp_path / "cache")
    job_cache = render_jobs.JobCache(cache, "context")
    cold = _render_counting(docs, None, monkeypatch, [])
    assert _render_counting(docs, job_cache, monkeypatch, []) == cold

    def stored(kind: str) -> list[tuple[str, object]]:
        db = sqlite3.connect(tmp_path / "cache" / DB_NAME)
        rows = db.execute("SELECT key, payload FROM entries WHERE kind = ?", (kind,)).fetchall()
        db.close()
        return [(key, loads(payload)) for key, payload in rows]

    plants = []
    for key, value in stored("tree-views"):
        views, paths, children = value
        plants.append(("tree-views", key, (views[:-1] + (1,), paths, children)))
        plants.append(("tree-views", key, (views, paths[:-1] + (None,), children)))
    for key, value in stored("navigation"):
        nav, (modules, classes, accessors), diagnostics, located, ends = value
        plants.append(("navigation", key, (nav, (modules, classes[:-1] + (2,), accessors), diagnostics, located, ends)))
        plants.append(("navigation", key, (nav, (modules, classes, accessors), diagnostics, located,
                                           (True,) + ends[1:])))
    assert len(plants) == 4
    made = dict(stored("tree-views") + stored("navigation"))
    for kind, key, value in plants:
        cache.put(kind, key, value)
        assert cache.get(kind, key) == value  # stored, its digest right
        cache.drop_kinds(["job", "job-memo", "job-index", "answers-tree"])  # the jobs read the tree again
        assert _render_counting(docs, job_cache, monkeypatch, []) == cold, (kind, value[1:3])
        assert cache.get(kind, key) == made[key]  # refused: made again and stored over it
