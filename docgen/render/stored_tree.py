"""The navigation tree and its nodes' names through the job runner's cache, and an indexed tree.

In: the model, the job runner and the operations' tree stand-ins (:mod:`docgen.render.tree_stand_ins`).
Out: the tree (:func:`~docgen.resolve.navigation.build_navigation`), its nodes' names
(:func:`~docgen.render.navigation.name_nodes`), their warnings and where each request path ends
in it, stored under what building it reads (:func:`cached_tree`); :func:`indexed` gives a tree
whose children are found through an index."""

from __future__ import annotations

import dataclasses
import hashlib
import marshal
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import accumulate, pairwise
from typing import Any

from docgen.diagnostics import Diagnostic, Location
from docgen.keys import KEY_MARSHAL
from docgen.model.core import Model, Operation
from docgen.render.jobs import JobRunner
from docgen.render.navigation import (
    Names,
    builder_parts,
    located_paths,
    name_nodes,
    navigation_view,
    node_digests,
    path_digests,
    readme_examples,
)
from docgen.render.tree_stand_ins import tree_operation
from docgen.resolve.navigation import (
    Endpoint,
    Navigation,
    Node,
    Param,
    build_navigation,
)
from docgen.resolve.navigation import (
    _step_name as step_name,  # what Navigation.child compares: one definition
)


class IndexedNavigation(Navigation):
    """A :class:`~docgen.resolve.navigation.Navigation` whose :meth:`child` answers from an index
    of each node's children (made on first use) instead of scanning them: the same answer, the
    first child of that kind (and step name) in order. Finding the request paths of the corpus's
    operations in the tree (:func:`~docgen.resolve.navigation.locate`) scanned the root's
    hundreds of children for each; made by :func:`indexed`."""

    _index: dict[int, dict[tuple[str, str], int]]

    def child(self, node: int, kind: str, name: str = "") -> int | None:
        found = self._index.get(node)
        if found is None:
            found = self._index[node] = {}
            for c in self.nodes[node].children:
                n = self.nodes[c]
                found.setdefault((n.kind, ""), c)
                found.setdefault((n.kind, step_name(n).lower()), c)
        return found.get((kind, name.lower() if name else ""))


def indexed(nav: Navigation) -> IndexedNavigation:
    """``nav`` with its children indexed (see :class:`IndexedNavigation`)."""
    out = IndexedNavigation(nav.nodes, nav.diagnostics, nav.functions)
    object.__setattr__(out, "_index", {})
    return out


def type_names_read(model: Model) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """What :func:`~docgen.resolve.navigation.build_navigation` reads of the types: the lower-case
    names of the classes (a cast names one) and the qualified names of the enums (a function
    parameter of one is quoted). With the operations (their stand-ins), a cached tree's key."""
    classes = sorted({t.name.lower() for t in model.types if t.kind != "enum"})
    enums = sorted({t.qualified_name for t in model.types if t.kind == "enum"})
    return tuple(classes), tuple(enums)


NAVIGATION_FORMAT = "navigation-flat-1"
"""The first item of a stored tree's value (:func:`navigation_plain`): another shape is refused."""


def navigation_plain(nav: Navigation) -> tuple[Any, ...]:
    """``nav`` as a storable value: flat columns of scalars (each node's kind, wire name and
    parent; the children, endpoints, parameters and placeholders of every node one after another,
    with each node's count), its diagnostics and its function names (sorted). Decoded as plain
    data, a tree of dataclasses was a call per node, endpoint, parameter and place (0.02 s of every
    warm render of the corpus); columns decode at C speed (:func:`navigation_of`)."""
    nodes = nav.nodes
    endpoints = [e for n in nodes for e in n.endpoints]
    params = [p for n in nodes for p in n.params]
    functions = sorted(nav.functions)
    return (
        NAVIGATION_FORMAT,
        tuple(n.kind for n in nodes), tuple(n.wire for n in nodes), tuple(n.parent for n in nodes),
        tuple(len(n.children) for n in nodes), tuple(c for n in nodes for c in n.children),
        tuple(len(n.endpoints) for n in nodes),
        tuple(e.method for e in endpoints), tuple(e.operation for e in endpoints), tuple(e.page for e in endpoints),
        tuple(e.line.path for e in endpoints), tuple(e.line.line for e in endpoints),
        tuple(e.line.col for e in endpoints),
        tuple(len(n.params) for n in nodes),
        tuple(p.name for p in params), tuple(p.quoted for p in params), tuple(p.required for p in params),
        tuple(p.type for p in params), tuple(p.enum for p in params),
        tuple(n.bare for n in nodes),
        tuple(len(n.placeholders) for n in nodes), tuple(x for n in nodes for x in n.placeholders),
        tuple(nav.diagnostics), tuple(i for i, _ in functions), tuple(name for _, name in functions),
    )


def _only(column: tuple[Any, ...], kind: type) -> bool:
    """Every item of ``column`` is exactly of ``kind`` (checked at C speed)."""
    return not column or set(map(type, column)) == {kind}


_new = object.__new__


def _built(cls: type, fields: tuple[str, ...], rows: Iterable[tuple[Any, ...]]) -> list[Any]:
    """An instance of the frozen dataclass ``cls`` per row, the row's values set as its ``fields``
    (every one, in order), as a decoded cache entry is built (no ``__init__``: checked here
    already)."""
    out = []
    for row in rows:
        obj: Any = _new(cls)
        obj.__dict__.update(zip(fields, row))
        out.append(obj)
    return out


_FIELDS = {cls: tuple(f.name for f in dataclasses.fields(cls)) for cls in (Node, Endpoint, Param, Location)}


def navigation_of(value: Any) -> Navigation | None:
    """The tree :func:`navigation_plain` stored; None when ``value`` is not one (every column of
    its type and length, each node's parent a node before or after, the root's none, its
    children nodes but the root)."""
    if not (type(value) is tuple and len(value) == 25 and value[0] == NAVIGATION_FORMAT
            and all(type(part) is tuple for part in value[1:])):
        return None
    (_, kinds, wires, parents, child_counts, children, ep_counts, methods, operations, pages, paths, lines, cols,
     param_counts, names, quoted, required, types, enums, bares, place_counts, places,
     diagnostics, function_ids, function_names) = value
    count = len(kinds)
    if not count or any(len(column) != count for column in (wires, parents, child_counts, ep_counts, param_counts,
                                                             bares, place_counts)):
        return None
    try:  # every text a string
        "".join(kinds + wires + methods + operations + pages + paths + names + types + enums + places + function_names)
    except TypeError:
        return None
    ints = (child_counts, children, ep_counts, lines, cols, param_counts, place_counts, function_ids, parents[1:])
    if not all(_only(column, int) for column in ints) or not all(_only(column, bool) for column in (quoted, required, bares)):
        return None
    if parents[0] is not None or (count > 1 and not (min(parents[1:]) >= 0 and max(parents[1:]) < count)):
        return None
    if children and not (min(children) > 0 and max(children) < count):
        return None
    if len(function_ids) != len(function_names) or not _only(diagnostics, Diagnostic):
        return None
    child_at, place_at = _offsets(children, child_counts), _offsets(places, place_counts)
    ep_at, param_at = list(accumulate(ep_counts, initial=0)), list(accumulate(param_counts, initial=0))
    if child_at is None or place_at is None or len(set(map(len, (methods, operations, pages, paths, lines, cols)))) != 1:
        return None
    if len(set(map(len, (names, quoted, required, types, enums)))) != 1:
        return None
    if min(ep_counts) < 0 or min(param_counts) < 0 or ep_at[-1] != len(methods) or param_at[-1] != len(names):
        return None
    nodes = StoredNodes((kinds, wires, parents, children, child_at, methods, operations, pages, paths, lines, cols,
                         ep_at, names, quoted, required, types, enums, param_at, bares, places, place_at))
    return Navigation(nodes, diagnostics, frozenset(zip(function_ids, function_names)))  # type: ignore[arg-type]


def _offsets(column: tuple[Any, ...], counts: tuple[int, ...]) -> list[int] | None:
    """Where each count's run of ``column`` starts (and, last, its length); None when a count is
    negative or the counts do not add up to its length."""
    if counts and min(counts) < 0:
        return None
    at = list(accumulate(counts, initial=0))
    return at if at[-1] == len(column) else None


def _cut(column: tuple[Any, ...], at: list[int]) -> list[tuple[Any, ...]]:
    """``column`` cut at the offsets ``at`` (:func:`_offsets`): one run per count."""
    return [column[start:stop] for start, stop in pairwise(at)]


class StoredNodes(Sequence[Node]):
    """The nodes of a stored tree (:func:`navigation_of`, its columns checked), each built when first
    asked for; compared, hashed and sliced as the tuple of them all. A type-cell edit's operation
    jobs read a few dozen of the corpus's 2,303 nodes: building every node, endpoint, location and
    parameter (8,500 objects) was 5-7 ms of the tree's 14 ms decode."""

    __slots__ = ("_columns", "_nodes")

    def __init__(self, columns: tuple[Any, ...]) -> None:
        self._columns = columns
        self._nodes: list[Node | None] = [None] * len(columns[0])

    def __len__(self) -> int:
        return len(self._nodes)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return tuple(self)[index]
        node = self._nodes[index]  # (an index out of range raises as a tuple's does)
        if node is None:
            node = self._nodes[index] = self._build(index % len(self._nodes))
        return node

    def __iter__(self) -> Iterator[Node]:
        nodes = self._nodes
        if None in nodes:  # every node wanted: the others built together, column by column
            nodes[:] = [node if node is not None else made for node, made in zip(nodes, self._build_all())]
        return iter(nodes)  # type: ignore[arg-type]  # (every one built)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (tuple, StoredNodes)):
            return tuple(self) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return repr(tuple(self))

    def _build_all(self) -> list[Node]:
        """Every node, as :meth:`_build` builds each, made a column at a time (a node at a time,
        the corpus's tree took 12 ms instead of 8: iterated when the builder methods' answers are
        made again)."""
        (kinds, wires, parents, children, child_at, methods, operations, pages, paths, lines, cols, ep_at,
         names, quoted, required, types, enums, param_at, bares, places, place_at) = self._columns
        locations = _built(Location, _FIELDS[Location], zip(paths, lines, cols))
        endpoints = tuple(_built(Endpoint, _FIELDS[Endpoint], zip(methods, operations, pages, locations)))
        params = tuple(_built(Param, _FIELDS[Param], zip(names, quoted, required, types, enums)))
        return _built(Node, _FIELDS[Node], zip(
            range(len(kinds)), kinds, wires, parents, _cut(children, child_at), _cut(endpoints, ep_at),
            _cut(params, param_at), bares, _cut(places, place_at)))

    def _build(self, i: int) -> Node:
        """Node ``i`` with its endpoints (and their locations) and parameters, as
        :func:`_built` builds every one (fields set, no ``__init__``)."""
        (kinds, wires, parents, children, child_at, methods, operations, pages, paths, lines, cols, ep_at,
         names, quoted, required, types, enums, param_at, bares, places, place_at) = self._columns
        a, b = ep_at[i], ep_at[i + 1]
        locations = _built(Location, _FIELDS[Location], zip(paths[a:b], lines[a:b], cols[a:b]))
        endpoints = tuple(_built(Endpoint, _FIELDS[Endpoint], zip(methods[a:b], operations[a:b], pages[a:b], locations)))
        a, b = param_at[i], param_at[i + 1]
        params = tuple(_built(Param, _FIELDS[Param], zip(names[a:b], quoted[a:b], required[a:b], types[a:b], enums[a:b])))
        row = (i, kinds[i], wires[i], parents[i], children[child_at[i]:child_at[i + 1]], endpoints, params, bares[i],
               places[place_at[i]:place_at[i + 1]])
        return _built(Node, _FIELDS[Node], (row,))[0]  # type: ignore[no-any-return]


Tree = tuple[Navigation, Names, list[Diagnostic], dict[str, int]]
"""The navigation tree, its nodes' names (:func:`name_nodes`, answers not yet given), the
names' warnings and the node each request path of the model's operations ends at
(:func:`~docgen.render.navigation.located_paths`: -1 for none)."""


def tree_plain(tree: Tree) -> tuple[Any, ...]:
    """``tree`` as a storable value."""
    nav, names, diagnostics, located = tree
    return (navigation_plain(nav), (names.modules, names.classes, names.accessors), tuple(diagnostics),
            tuple(sorted(located)), tuple(located[path] for path in sorted(located)))


def tree_of(value: Any) -> Tree | None:
    """The tree :func:`tree_plain` stored; None when ``value`` is not one."""
    if not (type(value) is tuple and len(value) == 5 and all(type(part) is tuple for part in value[1:])):
        return None
    nav = navigation_of(value[0])
    if nav is None or len(value[1]) != 3:
        return None
    count = len(nav.nodes)
    for column in value[1]:
        if not (type(column) is tuple and len(column) == count and _only(column, str)):
            return None
    if not _only(value[2], Diagnostic):
        return None
    paths, ends = value[3], value[4]
    if not (len(paths) == len(ends) and _only(paths, str) and _only(ends, int)
            and (not ends or (min(ends) >= -1 and max(ends) < count))):
        return None
    modules, classes, accessors = value[1]
    return nav, Names(modules, classes, accessors), list(value[2]), dict(zip(paths, ends))


def _named_tree(model: Model) -> Tree:  # (from the fields the tree is keyed by: tree_stand_ins)
    model = dataclasses.replace(model, operations=tuple(map(tree_operation, model.operations)))
    nav = build_navigation(model)
    names, diagnostics = name_nodes(nav)
    paths = (line.path for op in model.operations for line in op.request_lines)
    return nav, names, diagnostics, dict(located_paths(indexed(nav), paths))


SUMMARY = "navigation-summary"
"""The kind of a stored tree's summary (:class:`StoredTree`), keyed as the tree is."""

SUMMARY_FORMAT = "navigation-summary-1"
"""The first item of a stored summary (:func:`summary_plain`): another shape is refused."""

Summary = tuple[int, tuple[Diagnostic, ...], tuple[Diagnostic, ...], Names, list[dict[str, Any]],
                list[tuple[str, str]]]
"""What every render reads of its tree, whatever it renders: the number of nodes, the tree's
diagnostics, its names' warnings, its nodes' names (:func:`name_nodes`), how the client reaches
each of the root's children (:func:`~docgen.render.builders.accessor`) and the package README's
examples (:func:`~docgen.render.navigation.readme_examples`)."""


def tree_summary(tree: Tree) -> Summary:
    """The :data:`Summary` of ``tree``."""
    from docgen.render.builders import accessor

    nav, names, diagnostics, _ = tree
    accessors = [accessor(nav, names, nav.nodes[c]) for c in nav.nodes[0].children]
    return len(nav.nodes), tuple(nav.diagnostics), tuple(diagnostics), names, accessors, readme_examples(nav, names)


def summary_plain(summary: Summary) -> tuple[Any, ...]:
    """``summary`` as a storable value."""
    count, nav_diagnostics, diagnostics, names, accessors, examples = summary
    return (SUMMARY_FORMAT, count, nav_diagnostics, diagnostics, names.modules, names.classes, names.accessors,
            accessors, examples)


def summary_of(value: Any) -> Summary | None:
    """The summary :func:`summary_plain` stored; None when ``value`` is not one (every column of
    its type and length, each accessor a dict of names, each example two strings)."""
    if not (type(value) is tuple and len(value) == 9 and value[0] == SUMMARY_FORMAT):
        return None
    _, count, nav_diagnostics, diagnostics, modules, classes, names, accessors, examples = value
    if not (type(count) is int and count > 0 and type(nav_diagnostics) is tuple and type(diagnostics) is tuple
            and all(type(d) is Diagnostic for d in (*nav_diagnostics, *diagnostics))):
        return None
    if not all(type(column) is tuple and len(column) == count and _only(column, str) for column in (modules, classes, names)):
        return None
    if not (type(accessors) is list and all(type(a) is dict and _only(tuple(a), str) for a in accessors)):
        return None
    if not (type(examples) is list and all(type(e) is tuple and len(e) == 2 and _only(e, str) for e in examples)):
        return None
    return count, nav_diagnostics, diagnostics, Names(modules, classes, names), accessors, examples


class StoredTree:
    """The navigation tree of a render (:func:`cached_tree`), read as the render needs it: its
    :data:`Summary` (what every render reads of it) at once, stored by the runner under what the
    tree is keyed by, and the tree itself (its nodes, where each request path ends) only when it
    is asked for (:meth:`navigation`, :meth:`located`: decoded, or built when it is not stored).
    A warm render whose operations are unchanged (the jobs that read the tree are all stored)
    asks for none of it: decoding the corpus's stored tree was 12-16 ms of every such render (a
    description edit's), its summary is 1-2 ms."""

    def __init__(self, model: Model, runner: JobRunner, operation_stand_ins: tuple[str, ...],
                 names_read: tuple[tuple[str, ...], tuple[str, ...]] | None = None) -> None:
        names_read = names_read or type_names_read(model)
        self._args = (model, runner, operation_stand_ins, names_read)
        self._tree: Tree | None = None
        self._indexed: IndexedNavigation | None = None
        summary = runner.cached(SUMMARY, (names_read, operation_stand_ins), lambda: tree_summary(self.tree()),
                                summary_plain, summary_of)
        self.count, self.nav_diagnostics, self.diagnostics, self.names, self.accessors, self.examples = summary
        """The number of nodes, the tree's and its names' diagnostics, the nodes' names (no
        answers), the client's accessors of the root's children and the README's examples."""

    def tree(self) -> Tree:
        """The whole tree (:func:`cached_tree`), made once."""
        if self._tree is None:
            self._tree = cached_tree(*self._args)
        return self._tree

    @property
    def read(self) -> bool:
        """Whether the whole tree was asked for (decoded or built)."""
        return self._tree is not None

    def navigation(self) -> IndexedNavigation:
        """The tree, indexed (:func:`indexed`)."""
        if self._indexed is None:
            self._indexed = indexed(self.tree()[0])
        return self._indexed

    def located(self) -> dict[str, int]:
        """The node each request path of the model's operations ends at (-1: none)."""
        return self.tree()[3]


def cached_tree(model: Model, runner: JobRunner, operation_stand_ins: tuple[str, ...],
                names_read: tuple[tuple[str, ...], tuple[str, ...]] | None = None) -> Tree:
    """:func:`~docgen.resolve.navigation.build_navigation` of ``model`` and :func:`name_nodes` of
    it through the job runner's cache (:meth:`~docgen.render.jobs.JobRunner.cached`), keyed by
    what building it reads: the operations' :data:`~docgen.render.tree_stand_ins.TREE_FIELDS`
    (``operation_stand_ins``, in the model's order: the tree is built from those alone) and
    :func:`type_names_read` (the names are made of the tree alone; each request path's end node is
    found from the operations too). Building and naming the corpus's tree was 0.15 s of a one-cell
    edit's render, finding the request paths in it 0.09 s more. ``names_read``: :func:`type_names_read`
    of ``model`` when the caller has it (1-2 ms on the corpus: a render needs it three times)."""
    return runner.cached(
        "navigation",
        (names_read or type_names_read(model), operation_stand_ins),
        lambda: _named_tree(model),
        tree_plain,
        tree_of,
    )


Views = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]
"""What the jobs read of the tree: each operation's view (:func:`navigation_view`, in the order
the operations were given) and each node's digests of its path (:func:`path_digests`) and of
its children (:func:`node_digests`), by node id (the root's are empty)."""


def tree_views(nav: Navigation, names: Names, operations: Sequence[Operation], located: dict[str, int]) -> Views:
    """The :data:`Views` of ``operations`` and of every node of ``nav``, each node digested once."""
    seen: dict[int, str] = {}
    paths: dict[str, str] = {}
    views = tuple(navigation_view(nav, names, op, seen, paths, located) for op in operations)
    paths_of = [""]
    child_digests = [""]
    for node in nav.nodes[1:]:
        paths_of.append(path_digests(nav, names, node.id, seen))
        child_digests.append(node_digests(nav, names, node.children, seen))
    return views, tuple(paths_of), tuple(child_digests)


def answers_digest(names: Names) -> str:
    """A digest of the builder methods' answers ``names`` holds (void, specs, bodied): with the
    tree's key, what :func:`cached_views` are keyed by."""
    answers = (sorted(names.void), names.specs, sorted(names.bodied))
    return hashlib.blake2b(marshal.dumps(answers, KEY_MARSHAL), digest_size=16).hexdigest()


def cached_views(
    model: Model, runner: JobRunner, operation_stand_ins: tuple[str, ...], stored: StoredTree, names: Names,
    operations: Sequence[Operation], names_read: tuple[tuple[str, ...], tuple[str, ...]] | None = None,
    answered: str | None = None,
) -> Views:
    """:func:`tree_views` through the job runner's cache, keyed by what :func:`cached_tree` is keyed
    by (``operation_stand_ins`` stand for the tree's fields of ``operations``, in order, and the
    views are made of those alone: the tree, its names and the located paths are the ones stored
    under it; ``stored`` is that tree, asked for only when the views are made) and the builder
    methods' answers (``names``'s void, specs and bodied): all that a view or a node's digest reads. Digesting the corpus's
    2,302 nodes (a ``repr`` and a hash each) and joining them into 2,102 views and 4,604 node
    digests was 0.03 s of every warm render, though a one-cell edit changes none of them.
    ``answered``: :func:`answers_digest` of ``names`` when the caller has it."""
    answered = answered or answers_digest(names)
    counts = (len(operations), stored.count, stored.count)

    def views_of(value: Any) -> Views | None:
        if not (type(value) is tuple and len(value) == 3 and all(type(column) is tuple for column in value)):
            return None
        if tuple(len(column) for column in value) != counts:
            return None
        if not all(_only(column, str) for column in value):  # (at C speed, column by column)
            return None
        return value  # type: ignore[no-any-return]

    return runner.cached(
        "tree-views",
        (names_read or type_names_read(model), operation_stand_ins, answered),
        lambda: tree_views(stored.navigation(), names, [*map(tree_operation, operations)], stored.located()),
        lambda value: value,
        views_of,
    )


class Found:
    """Each operation with its module name by (page, name) (the last of each), made when first
    asked for (by a node whose parts or module are made)."""

    def __init__(self, modules: list[tuple[Operation, str]]) -> None:
        self._modules: list[tuple[Operation, str]] | None = modules
        self._found: dict[tuple[str, str], tuple[Operation, str]] = {}

    def __call__(self) -> Mapping[tuple[str, str], tuple[Operation, str]]:
        if self._modules is not None:
            self._found = {(op.location.path, op.name): (op, module) for op, module in self._modules}
            self._modules = None
        return self._found


def node_builder_parts(
    stored: StoredTree, found: Found, stand_ins: dict[int, str], digests: tuple[tuple[str, ...], tuple[str, ...]],
    node: int,
) -> tuple[tuple[Any, ...], tuple[str, ...]]:
    """:func:`~docgen.render.navigation.builder_parts` of the node of id ``node`` (the tree asked for now)."""
    nav = stored.navigation()
    return builder_parts(nav, found(), stand_ins, digests, nav.nodes[node])
