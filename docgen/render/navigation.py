"""The navigation tree (:mod:`docgen.resolve.navigation`) as request-builder modules.

Each node of the tree is one module ``requests/<module>.py`` holding a synchronous builder class
``<Name>Requests`` and its asynchronous twin ``Async<Name>Requests``. Python names are made
here, from the segments:

* a literal segment is a snake_case attribute (``memberOf`` -> ``member_of``); a keyword or
  builtin gets a trailing ``_`` (``range_``, ``filter_``) and so does a builder method name
  (``get_``, ``iterate_``); two segments of one parent that snake-case alike keep the plain name
  for the one already spelled that way (else the shorter, then code-point order) and the other
  gets ``_2``, with a ``navigation-name-clash`` warning naming both;
* a key is ``by_id(value)``, an alternate key ``by_<key>(value)``, a drive item path
  ``by_path(path)``, a cast ``as_<type>``, ``$value``/``$count``/``$ref`` are
  ``content``/``count``/``ref``, a function or action is a method taking its parameters.

Module names join the names from the root (``users_item_member_of``); a name over
:data:`MAX_MODULE` characters is cut and given a hash of the whole, so two never meet.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from typing import Any

from docgen.diagnostics import Diagnostic, Location, warning
from docgen.model.core import Operation
from docgen.model.dataclass_ahead import dataclass
from docgen.render import naming
from docgen.render.requests import LinePlan, OperationPlan
from docgen.resolve.navigation import Navigation, Node, Param, locate

CLASH_CODE = "navigation-name-clash"
"""Warning: two child segments of one builder snake-case to the same Python name."""

BUILDER_NAMES = frozenset(
    {"get", "post", "patch", "put", "delete", "iterate", "session"}
    | {f"request_{m}" for m in ("get", "post", "patch", "put", "delete")}
)
"""Names builder classes use themselves: a segment wanting one gets a trailing ``_``."""

DOLLAR_NAMES = {"value": "content", "count": "count", "ref": "ref", "entity": "entity"}
"""``$value``/``$count``/``$ref``/``$entity`` steps' Python names."""

MAX_MODULE = 72
"""Longest module name kept whole (file names stay short on every file system)."""


@dataclass(frozen=True)
class Names:
    """Python names of every node."""

    modules: tuple[str, ...]
    """Module name per node id (the root's is ``""``)."""
    classes: tuple[str, ...]
    """Synchronous class name per node id (the async one is ``Async`` + it)."""
    accessors: tuple[str, ...]
    """The name of each node as its parent's attribute or method."""
    void: frozenset[tuple[int, str]] = frozenset()
    """(node id, HTTP method) of the builder methods that return None (204, DELETE)."""
    bodied: frozenset[tuple[int, str]] = frozenset()
    """(node id, HTTP method) of the builder methods that take a ``body`` argument."""
    specs: tuple[tuple[tuple[int, str], str | None], ...] = ()
    """((node id, HTTP method), the spec its answer is decoded with) of every builder method."""


def _word(node: Node) -> str:
    last = node.wire.rsplit(".", 1)[-1]
    if node.kind == "segment":
        return naming.snake(node.wire, "segment")
    if node.kind == "function":
        return naming.snake(last, "function")
    if node.kind == "cast":
        return "as_" + "_".join(naming.words(last) or ["type"])
    if node.kind == "dollar":
        return DOLLAR_NAMES.get(node.wire.lower(), naming.snake(node.wire, "value"))
    if node.kind == "alt":
        return "by_" + "_".join(naming.words(node.wire) or ["key"])
    if node.kind == "path":
        return "by_path"
    return "by_id"


def _module_word(node: Node, accessor: str) -> str:
    return {"key": "item", "path": "by_path"}.get(node.kind, accessor.rstrip("_"))


def _fit(name: str) -> str:
    if len(name) <= MAX_MODULE:
        return name
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:10]
    letters = "".join("abcdefghijklmnop"[int(c, 16)] for c in digest)
    return name[: MAX_MODULE - 11].rstrip("_") + "_" + letters


def name_nodes(nav: Navigation) -> tuple[Names, list[Diagnostic]]:
    """Accessor, module and class names of every node, with a warning per renamed clash."""
    diags: list[Diagnostic] = []
    count = len(nav.nodes)
    accessors = [""] * count
    modules = [""] * count
    used_modules: set[str] = {"_base", "__init__"}
    for node in nav.nodes:
        wanted: dict[str, list[int]] = {}
        for c in node.children:
            child = nav.nodes[c]
            word = _word(child)
            if word in BUILDER_NAMES:
                word += "_"
            wanted.setdefault(word, []).append(c)
        for word in sorted(wanted):
            ids = sorted(
                wanted[word],
                key=lambda i: (
                    nav.nodes[i].wire != word,
                    len(nav.nodes[i].wire),
                    nav.nodes[i].wire,
                    nav.nodes[i].kind,
                ),
            )
            accessors[ids[0]] = word
            for n, other in enumerate(ids[1:], start=2):
                name = f"{word}{n}" if word.endswith("_") else f"{word}_{n}"
                accessors[other] = name
                first, second = nav.nodes[ids[0]], nav.nodes[other]
                diags.append(
                    warning(
                        CLASH_CODE,
                        f"segments {first.wire or first.kind!r} and {second.wire or second.kind!r} "
                        f"under {display(nav, node.id) or '/'} both make {word!r}; the second "
                        f"is {name!r}",
                        anchor(nav, second),
                    )
                )
    for node in nav.nodes[1:]:
        parent = modules[node.parent] if node.parent else ""
        word = _module_word(node, accessors[node.id])
        base = _fit(f"{parent}_{word}" if parent else word)
        if naming.is_unsafe(base):
            base += "_"  # print -> print_ (a module named like a builtin confuses readers)
        module, n = base, 2
        while module in used_modules:
            module = f"{base}_{n}"
            n += 1
        used_modules.add(module)
        modules[node.id] = module
    classes = tuple(
        (naming.pascal(m, "Root") + "Requests") if m else "" for m in modules
    )
    return Names(tuple(modules), classes, tuple(accessors)), diags


def anchor(nav: Navigation, node: Node) -> Location:
    """Where a node is documented: its first endpoint's line, else a descendant's."""
    stack = [node.id]
    while stack:
        n = nav.nodes[stack.pop(0)]
        if n.endpoints:
            return n.endpoints[0].line
        stack.extend(n.children)
    return Location("<navigation>")


def display(nav: Navigation, node_id: int) -> str:
    """The node's path as the docs write it (``/users/{id}/memberOf``)."""
    out = []
    for n in nav.path(node_id):
        if n.kind in ("segment", "cast", "dollar"):
            out.append("/" + ("$" + n.wire if n.kind == "dollar" else n.wire))
        elif n.kind == "key":
            out.append("/{" + (n.placeholders[0] if n.placeholders else "id") + "}")
        elif n.kind == "alt":
            out.append(f"({n.wire}='{{{n.wire}}}')")
        elif n.kind == "path":
            out.append(":/{path}:")
        else:
            params = ",".join(p.name + "={" + p.name + "}" for p in n.params)
            out.append("/" + n.wire + (f"({params})" if params or not n.bare else ""))
    return "".join(out)


def function_args(node: Node) -> list[tuple[Param, str]]:
    """A function node's parameters with their Python names, required ones first."""
    out: list[tuple[Param, str]] = []
    used = {"self"}
    for p in [p for p in node.params if p.required] + [p for p in node.params if not p.required]:
        py = naming.snake(p.name, "arg", frozenset(used))
        used.add(py)
        out.append((p, py))
    return out


OPTIONS = ("select", "expand", "filter", "orderby", "search", "top", "skip", "count")
"""OData query options every GET takes as keyword arguments."""

NEVER_REQUIRED_HEADERS = frozenset({"consistencylevel"})
"""Headers never required as arguments: the docs require ``ConsistencyLevel`` only for advanced
queries (``$count``, ``$search``, some ``$filter``s), not for the plain call."""


RESERVED = frozenset({"body", "headers", "params", "self"})
"""Keyword arguments every builder method has."""


def header_params(plan: OperationPlan) -> list[dict[str, Any]]:
    """The documented headers as keyword arguments: name, Python name, required."""
    out = []
    taken = set(OPTIONS) | RESERVED
    for h in plan.headers:
        py = h.param if h.param not in taken else h.param + "_"
        taken.add(py)
        required = h.required and h.name.lower() not in NEVER_REQUIRED_HEADERS
        out.append({"name": h.name, "param": py, "required": required, "plan": h.param})
    return out




def line_plan(plan: OperationPlan, line: Location, method: str) -> LinePlan | None:
    """The plan of the request line at ``line`` with ``method``, None when it was skipped."""
    for lp in plan.lines:
        if lp.location == line and lp.method == method:
            return lp
    return None


def decode_spec(
    node: Node, method: str, plan: OperationPlan, lp: LinePlan | None
) -> tuple[str | None, str | None]:
    """(decode spec, item spec) of a builder method: ``bytes`` for ``$value``, the line's own
    answer for a property path, ``page:<spec>`` for a collection, the documented type, or None."""
    if node.kind == "dollar" and node.wire == "value" and method == "GET":
        return "bytes", None
    response = plan.op.response
    if lp is not None and lp.response:
        return lp.response, None
    if plan.response_spec is not None and response is not None and response.status != 204:
        if plan.collection:
            return "page:" + plan.response_spec, plan.response_spec
        return plan.response_spec, None
    return None, None


def example_chain(nav: Navigation, names: Names, node_id: int) -> str:
    """A call chain reaching ``node_id`` with placeholder arguments (``client.users.by_id("…")``),
    for the package README."""
    out = "client"
    for n in nav.path(node_id):
        name = names.accessors[n.id]
        if n.kind in ("segment", "cast", "dollar"):
            out += "." + name
        elif n.kind == "function":
            args = ", ".join(f'{py}="…"' for p, py in function_args(n) if p.required)
            out += f".{name}({args})"
        else:
            out += f'.{name}("…")'
    return out


def readme_examples(nav: Navigation, names: Names, limit: int = 4) -> list[tuple[str, str]]:
    """(call, documented path) of the first few GET methods, shortest paths first."""
    found = [n for n in nav.nodes if any(e.method == "GET" for e in n.endpoints)]
    depths = _depths(nav)
    found.sort(key=lambda n: (depths[n.id], n.id))
    out: list[tuple[str, str]] = []
    for n in found:
        if len(out) == limit:  # the rest would be cut off
            break
        shown = display(nav, n.id)
        if _README_SAFE.fullmatch(shown):  # doc text in a README comment: plain path text only
            out.append((example_chain(nav, names, n.id) + ".get()", "GET " + shown))
    return out


def _depths(nav: Navigation) -> list[int]:
    """``len(nav.path(i))`` of every node ``i``, each worked out once (a path of its own per node,
    walked to the root, was 4,000 walks of a warm render on the corpus)."""
    nodes = nav.nodes
    depths: list[int | None] = [None] * len(nodes)
    if nodes:
        depths[0] = 0
    for i in range(len(nodes)):
        chain = []
        at: int | None = i
        while at and depths[at] is None:  # (nav.path stops at the root, id 0, or at no parent)
            chain.append(at)
            at = nodes[at].parent
        depth = depths[at] if at else 0
        for j in reversed(chain):
            depth += 1
            depths[j] = depth
    return depths  # type: ignore[return-value]


_README_SAFE = re.compile(r"[A-Za-z0-9_./{}()$=',:| -]*")


_SPEC_MAPS: dict[int, tuple[tuple, dict[tuple[int, str], str | None]]] = {}
"""The last :func:`spec_map` made, by the id of the tuple it was made from (kept alive with it)."""


def spec_map(names: Names) -> dict[tuple[int, str], str | None]:
    """``dict(names.specs)``, made once per :class:`Names` (a job asks for it per operation;
    made per call it cost 0.4 s of CPU over the corpus's operations). The dict is shared: callers
    must not change it."""
    found = _SPEC_MAPS.get(id(names.specs))
    if found is None or found[0] is not names.specs:
        found = (names.specs, dict(names.specs))
        _SPEC_MAPS.clear()
        _SPEC_MAPS[id(names.specs)] = found
    return found[1]


def navigation_view(
    nav: Navigation,
    names: Names,
    op: Operation,
    memo: dict[int, str] | None = None,
    paths: dict[str, str] | None = None,
    located: Mapping[str, int] | None = None,
) -> str:
    """What an operation's test job reads of the navigation tree: every node on the paths of its
    request lines with its names, endpoints and answers, but no node ids, so a page added or
    removed elsewhere leaves the job's cache key as it was. Each node is given by a digest of
    what is read of it (:func:`_node_digest`); the view is one digest of those, line by line (a
    string, which a job key takes as it is: as nested tuples, walked for every job's key, the
    views were a fifth of the keys' time).

    A caller that views every operation passes ``memo`` (each node's digest, made once: the nodes near the
    root lie on most operations' paths, and as nested tuples they made the views 8.7 MB of key
    bytes) and ``paths`` (each request path's steps, found once: the pages of one resource
    write the same paths, and finding a path in the tree was most of the views' time).
    ``located`` (:func:`located_paths`, stored with the tree) gives the node each request path
    ends at (-1: none) without parsing the path."""
    specs = spec_map(names)
    memo = {} if memo is None else memo
    out: list[str] = []
    for line in op.request_lines:
        steps = paths.get(line.path) if paths is not None else None
        if steps is None:
            end = located.get(line.path) if located is not None else None
            if end is None:
                found = locate(nav, line.path)
                end = -1 if found is None else found[-1][0].id
            if end < 0:
                steps = ""
            else:
                steps = _path_digests(nav, names, end, memo, specs)
            if paths is not None:
                paths[line.path] = steps
        out.append(steps)
    return _joined(out)


def _joined(parts: list[str]) -> str:
    """One digest of ``parts`` (hex digests joined by ``,``; the count first: no two lists meet)."""
    return hashlib.sha256(f"{len(parts)}|{'|'.join(parts)}".encode("ascii")).hexdigest()


def located_paths(nav: Navigation, paths: Iterable[str]) -> tuple[tuple[str, int], ...]:
    """(path, the id of the node it ends at, -1 when the tree has none) of each of ``paths``, once
    each, sorted: what :func:`navigation_view` would find by parsing each path."""
    out: dict[str, int] = {}
    for path in paths:
        if path not in out:
            found = locate(nav, path)
            out[path] = -1 if found is None else found[-1][0].id
    return tuple(sorted(out.items()))


def node_digests(nav: Navigation, names: Names, ids: Iterable[int], memo: dict[int, str]) -> str:
    """One digest of the digests of what is read of the nodes ``ids`` passed through or reached
    as children (:func:`_place_digest`), in order, each node's made once per ``memo`` (a string:
    a job key takes it as it is)."""
    out = []
    for i in ids:
        known = memo.get(-1 - i)
        if known is None:
            known = memo[-1 - i] = _place_digest(nav.nodes[i], names)
        out.append(known)
    return _joined(out)


def path_digests(nav: Navigation, names: Names, node_id: int, memo: dict[int, str]) -> str:
    """One digest of what is read of the nodes on the path to ``node_id``: the node itself whole
    (:func:`_node_digest`), the nodes above it as they are passed through (:func:`_place_digest`);
    each node's digests made once per ``memo``."""
    return _joined([_path_digests(nav, names, node_id, memo, spec_map(names))])


def _path_digests(
    nav: Navigation, names: Names, end: int, memo: dict[int, str], specs: dict[tuple[int, str], str | None]
) -> str:
    """The digests of the nodes on the path to ``end`` joined by ``,``: ``end``'s whole
    (:func:`_node_digest`, kept in ``memo`` by its id), the others' as passed through
    (:func:`_place_digest`, kept by ``-1 - id``)."""
    digests = []
    for n in nav.path(end):
        if n.id == end:
            known = memo.get(n.id)
            if known is None:
                known = memo[n.id] = _node_digest(n, names, specs)
        else:
            known = memo.get(-1 - n.id)
            if known is None:
                known = memo[-1 - n.id] = _place_digest(n, names)
        digests.append(known)
    return ",".join(digests)


def _place_digest(n: Node, names: Names) -> str:
    """A digest of what a job reads of a node it only passes through (a node above the one a
    request line ends at, or above a builder's node) or reaches as a child (a builder's
    accessors): its kind, wire name, parameters, first placeholder and Python names; not its
    endpoints nor their answers, which only the node's own builder and the operations ending
    at it read (:func:`~docgen.render.context.request_context`,
    :func:`~docgen.render.builders.node_file`; :func:`~docgen.render.builders.accessor`,
    :func:`display`, :func:`~docgen.render.builders._key_arg` and
    :func:`~docgen.render.context.chain` read the rest), nor the other spellings of its
    placeholder (the builder methods' answers read them). So an operation added to or removed
    from a node leaves the keys of the jobs below it as they were (on the corpus, removing
    ``group-update.md`` re-rendered 308 jobs and ``drive-get.md`` 1,437 when every node's
    digest held all of it; now 13 and 92, the latter renaming a placeholder the paths below
    ``/drives`` show: ``benchmarks/jobs_rerendered.py --edit remove``)."""
    read = (
        n.kind,
        n.wire,
        n.params,
        n.bare,
        n.placeholders[:1],
        names.accessors[n.id],
        names.modules[n.id],
        names.classes[n.id],
    )
    return hashlib.sha256(repr(("place", read)).encode("utf-8", "surrogatepass")).hexdigest()


def _node_digest(n: Node, names: Names, specs: dict[tuple[int, str], str | None]) -> str:
    """A digest of what an operation's job reads of node ``n``: its kind, wire name, parameters,
    placeholders, endpoints, Python names and each method's answer; not its id. The parts are
    strings, booleans, tuples and frozen dataclasses of those, whose ``repr`` is the same in
    every process."""
    read = (
        n.kind,
        n.wire,
        n.params,
        n.bare,
        n.placeholders,
        tuple((e.method, e.operation, e.page, e.line) for e in n.endpoints),
        names.accessors[n.id],
        names.modules[n.id],
        names.classes[n.id],
        tuple(
            (
                e.method,
                (n.id, e.method) in names.void,
                (n.id, e.method) in names.bodied,
                specs.get((n.id, e.method)),
            )
            for e in n.endpoints
        ),
    )
    return hashlib.sha256(repr(read).encode("utf-8", "surrogatepass")).hexdigest()


def node_operations(
    node: Node, found: Mapping[tuple[str, str], tuple[Operation, str]]
) -> dict[tuple[str, str], tuple[Operation, str]]:
    """The (operation, module) of each of ``node``'s endpoints ``found`` holds, by (page, operation name)."""
    ops = {}
    for ep in node.endpoints:
        pair = found.get((ep.page, ep.operation))
        if pair is not None:
            ops[(ep.page, ep.operation)] = pair
    return ops


def builder_parts(
    nav: Navigation, found: Mapping[tuple[str, str], tuple[Operation, str]], stand_ins: dict[int, str],
    digests: tuple[tuple[str, ...], tuple[str, ...]], node: Node,
) -> tuple[tuple[Any, ...], tuple[str, ...]]:
    """The key parts of ``node``'s builder module (what it reads of the tree, where it is documented,
    its operations with their module names) and what they name: the operations' stand-ins (the
    scope covers the rest: :mod:`docgen.render.job_index`)."""
    where = anchor(nav, node)
    documented: list[Any] = []  # one flat tuple of scalars: a key walks it at C speed
    named = []
    for (page, name), (op, module) in node_operations(node, found).items():
        documented += (page, name, stand_ins[id(op)] or op, module)
        named += [stand_ins[id(op)]] if stand_ins[id(op)] else []
    return ("builder", digests[0][node.id], digests[1][node.id], where.path, where.line, where.col,
            tuple(documented)), tuple(named)
