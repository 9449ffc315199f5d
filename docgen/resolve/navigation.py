"""Navigation: every request line of every API page as a tree of path segments (issue 15).

The generated client is walked the way a URL is read: ``client.users.by_id(x).member_of.get()``
for ``GET /users/{id}/memberOf``. This module builds that tree from the model's operations; it
is pure (no I/O), deterministic (pages sorted by path, lines in page order) and names nothing in
Python (:mod:`docgen.render.navigation` does).

* **Segments.** A request line's path (scheme, host, version and query string dropped) is split
  on ``/`` outside parentheses and quotes. A ``{placeholder}`` (whatever its name), a
  ``<placeholder>`` or a whole-segment sample GUID is a *key*; ``name('{id}')`` / ``name({id})``
  is the literal ``name`` followed by the same key (one node with ``/name/{id}``);
  ``name(externalId='{id}')`` is an *alternate key* of ``name`` when some line keys ``name``
  itself, a function call otherwise; ``name=…`` as a whole segment is an alternate key too.
  ``root:/{path}:`` (and ``{id}:/{path}:``) is a *path key* after its segment.
  ``$value``/``$count``/``$ref`` are their own steps. ``microsoft.graph.x`` is a *cast* when
  ``x`` names a documented type, a function or action otherwise.
* **Functions and actions.** A segment with parentheses, the last segment of a page whose title
  names it as the verb (:func:`docgen.extract.api_request.is_action`), a last segment a request
  example of the page calls with arguments (``delta(token='…')``) or a last ``delta`` is a
  function step. Its parameters are the arguments its lines pass (sample values become
  parameters), and for a segment written without parentheses the page's function-parameter rows;
  a parameter every line passes is required, the others optional. A literal and a function of
  one name under one parent are one function node (callable without arguments).
* **Endpoints.** The HTTP methods a page documents for a path are the node's endpoints. Two pages
  documenting one path and method: the page with fewer request lines keeps it (the one about
  that resource, not a page such as "Create open extension" that lists every resource taking
  extensions), then the first by path; a warning ``navigation-duplicate-method`` names both.
"""

from __future__ import annotations

import re
from dataclasses import field

from docgen.diagnostics import Diagnostic, Location, warning
from docgen.extract.api_request import is_action, last_segment
from docgen.model.core import Model, Operation, RequestLine
from docgen.model.dataclass_ahead import dataclass
from docgen.resolve.segments import ARG, IDENT, Raw, clean_path, parse_path

METHODS = ("GET", "POST", "PATCH", "PUT", "DELETE")
"""HTTP methods a builder offers, in the order they are generated."""

DUPLICATE_CODE = "navigation-duplicate-method"
"""Warning: two pages document the same path and method."""

SKIPPED_CODE = "navigation-line-skipped"
"""Warning: a request line whose path or method cannot become a builder method."""

@dataclass(frozen=True)
class Param:
    """A parameter of a function step."""

    name: str
    """The wire name (``startDateTime``)."""
    quoted: bool
    """True when the value goes inside OData string quotes."""
    required: bool
    """True when every line calling the function passes it."""
    type: str = "Edm.String"
    """The parameter's documented type when the page's parameter table gives one."""
    enum: str = ""
    """The enum type the docs write before the quoted value (``microsoft.graph.timeZoneStandard``
    in ``TimeZoneStandard=microsoft.graph.timeZoneStandard'Iana'``); empty when they do not."""


@dataclass(frozen=True)
class Endpoint:
    """An HTTP method of a node: the page that documents it and the request line."""

    method: str
    """Upper-case HTTP method."""
    operation: str
    """The operation's name."""
    page: str
    """The operation's page path."""
    line: Location
    """The request line."""


@dataclass(frozen=True)
class Node:
    """A builder: one path from the root, its children and its HTTP methods."""

    id: int
    """Index in :attr:`Navigation.nodes` (the root is 0)."""
    kind: str
    """``root``, ``segment``, ``key``, ``alt``, ``path``, ``function``, ``cast`` or ``dollar``."""
    wire: str
    """The segment as most lines write it, the function or alternate key's name, the cast's
    qualified name, the ``$`` word; empty for keys and the root."""
    parent: int | None
    """The parent node's id (None for the root)."""
    children: tuple[int, ...] = ()
    """Child node ids in a fixed order."""
    endpoints: tuple[Endpoint, ...] = ()
    """HTTP methods in :data:`METHODS` order."""
    params: tuple[Param, ...] = ()
    """A function's parameters."""
    bare: bool = False
    """A function some line writes without parentheses (``…/delta``)."""
    placeholders: tuple[str, ...] = ()
    """The placeholders lines use for a key (``id``, ``user-id`` …), first seen first."""


@dataclass(frozen=True)
class Navigation:
    """The navigation tree of a model and what building it found."""

    nodes: tuple[Node, ...]
    """Every node; ``nodes[0]`` is the root."""
    diagnostics: tuple[Diagnostic, ...] = ()
    """Duplicate methods and request lines that could not be read."""
    functions: frozenset[tuple[int, str]] = frozenset()
    """(parent id, lower-case name) of literal names that are function steps."""

    def child(self, node: int, kind: str, name: str = "") -> int | None:
        """The child of ``node`` of that kind (and name, case-insensitive), None when absent."""
        for c in self.nodes[node].children:
            n = self.nodes[c]
            if n.kind == kind and (not name or _step_name(n).lower() == name.lower()):
                return c
        return None

    def path(self, node: int) -> list[Node]:
        """The nodes from the root's child down to ``node``."""
        out = []
        current: int | None = node
        while current:
            out.append(self.nodes[current])
            current = self.nodes[current].parent
        return out[::-1]


def _step_name(n: Node) -> str:
    return n.wire.rsplit(".", 1)[-1] if n.kind in ("function", "cast") else n.wire


@dataclass
class _Building:
    kind: str
    wire_counts: dict[str, int] = field(default_factory=dict)
    children: dict[tuple[str, str], _Building] = field(default_factory=dict)
    endpoints: dict[str, list[tuple[str, int, Operation, RequestLine]]] = field(
        default_factory=dict
    )
    calls: list[tuple[tuple[str, bool], ...] | None] = field(default_factory=list)
    param_types: dict[str, str] = field(default_factory=dict)
    placeholders: list[str] = field(default_factory=list)
    enums: dict[str, str] = field(default_factory=dict)


def _example_calls(op: Operation) -> dict[str, tuple[tuple[str, bool], ...]]:
    """Names a request example of ``op`` calls with ``name=value`` arguments (lower case), with
    the arguments' names and whether each is quoted."""
    out: dict[str, tuple[tuple[str, bool], ...]] = {}
    for ex in op.examples:
        if ex.kind == "request" and ex.url:
            for m in re.finditer(r"/([A-Za-z_]\w*)\(([^()]*=[^()]*)\)", ex.url.split("?")[0]):
                args = [ARG.match(part) for part in m.group(2).split(",")]
                if all(args):
                    out.setdefault(
                        m.group(1).lower(),
                        tuple((a.group(1), a.group(2).strip().startswith("'")) for a in args if a),
                    )
    return out


def _key(step: Raw, function: bool, cast: bool) -> tuple[str, str]:
    if step.kind == "lit":
        return ("function", step.name.lower()) if function else ("segment", step.name.lower())
    if step.kind == "qualified":
        last = step.name.rsplit(".", 1)[-1].lower()
        return ("cast", last) if cast else ("function", last)
    if step.kind == "call":
        return ("function", step.name.rsplit(".", 1)[-1].lower())
    if step.kind == "alt":
        return ("alt", step.name.lower())
    if step.kind == "path":
        return ("path", "")
    return (step.kind if step.kind != "dollar" else "dollar", step.name.lower())


class _Builder:
    def __init__(self, model: Model) -> None:
        self.root = _Building("root")
        self.types = {t.name.lower() for t in model.types if t.kind != "enum"}
        self.enum_types = frozenset(t.qualified_name for t in model.types if t.kind == "enum")
        self.diags: list[Diagnostic] = []

    def classify(
        self, steps: tuple[Raw, ...], op: Operation, keyed: set[tuple], calls: set[str]
    ) -> list[tuple[Raw, tuple[str, str]]]:
        """Each step with its node key (kind, name), alternate keys settled against ``keyed``."""
        out: list[tuple[Raw, tuple[str, str]]] = []
        prefix: tuple = ()
        verb = ""
        if is_action(list(op.request_lines[:1]), op.title):
            verb = last_segment(op.request_lines[0]).partition("(")[0].rsplit(".", 1)[-1].lower()
        for i, step in enumerate(steps):
            last = i == len(steps) - 1
            segment = ("segment", step.name.lower())
            if (
                step.kind == "call"
                and len(step.args) == 1
                and "." not in step.name
                and prefix + (segment,) in keyed
            ):  # applications(appId='…') where /applications/{id} exists: an alternate key
                out.append((Raw("lit", step.name), segment))
                prefix += (segment,)
                step = Raw("alt", step.args[0][0], step.args)
            function = step.kind == "lit" and last and (
                step.name.lower() in (verb, "delta") or step.name.lower() in calls
            )
            cast = step.kind == "qualified" and step.name.rsplit(".", 1)[-1].lower() in self.types
            key = _key(step, function, cast)
            out.append((step, key))
            prefix += (key,)
        return out

    def add(
        self,
        op: Operation,
        line: RequestLine,
        steps: list[tuple[Raw, tuple[str, str]]],
        calls: dict[str, tuple[tuple[str, bool], ...]],
    ) -> None:
        node = self.root
        for step, key in steps:
            child = node.children.get(key)
            if child is None:
                child = node.children[key] = _Building(key[0])
            wire = step.name
            child.wire_counts[wire] = child.wire_counts.get(wire, 0) + 1
            if key[0] in ("key", "path", "alt"):
                for _, text, _ in step.args:
                    if text not in child.placeholders:
                        child.placeholders.append(text)
            if key[0] == "function":
                if step.kind == "call":
                    child.calls.append(tuple((a, q) for a, _, q in step.args))
                    for a, enum in step.enums:
                        child.enums.setdefault(a.lower(), enum)
                else:
                    child.calls.append(None)
                    if step.name.lower() in calls:
                        child.calls.append(calls[step.name.lower()])
                    if line.method.upper() == "GET":
                        placeholders = {p.lower() for s, _ in steps for _, p, _ in s.args}
                        placeholders |= {
                            pair.partition("=")[0].strip().lower()
                            for pair in line.path.partition("?")[2].split("&")
                        }
                        for p in op.parameters:
                            if IDENT.match(p.name) and p.name.lower() not in placeholders:
                                child.param_types.setdefault(p.name, p.type)
                                child.calls.append(((p.name, p.type == "Edm.String"),))
                for p in op.parameters:
                    child.param_types.setdefault(p.name, p.type)
            node = child
        method = line.method.upper()
        node.endpoints.setdefault(method, []).append((op.location.path, op.location.line, op, line))

    def freeze(self) -> Navigation:
        nodes: list[Node] = []

        def visit(b: _Building, parent: int | None) -> int:
            index = len(nodes)
            nodes.append(Node(index, "root", "", parent))  # placeholder, replaced below
            kids = [visit(b.children[k], index) for k in sorted(b.children)]
            wire = max(sorted(b.wire_counts), key=lambda w: b.wire_counts[w]) if b.wire_counts else ""
            nodes[index] = Node(
                index,
                b.kind,
                wire,
                parent,
                tuple(kids),
                self.endpoints(b),
                _params(b, self.enum_types) if b.kind == "function" else (),
                b.kind == "function" and any(c is None for c in b.calls),
                tuple(b.placeholders),
            )
            return index

        visit(self.root, None)
        return Navigation(tuple(nodes), tuple(sorted(self.diags, key=lambda d: d.sort_key())))

    def endpoints(self, b: _Building) -> tuple[Endpoint, ...]:
        out = []
        for method in METHODS:
            found = sorted(
                b.endpoints.get(method, []),
                key=lambda e: (len(e[2].request_lines), e[0], e[1], e[3].location.line),
            )
            if not found:
                continue
            page, _, op, line = found[0]
            out.append(Endpoint(method, op.name, page, line.location))
            for other_page, _, other, other_line in found[1:]:
                if other_page != page:
                    self.diags.append(
                        warning(
                            DUPLICATE_CODE,
                            f"{method} {clean_path(other_line.path)} is also documented by "
                            f"{page}:{line.location.line} ({op.title}); the client's method "
                            f"follows that page, this one ({other.title}) is not used for it",
                            other_line.location,
                        )
                    )
        return tuple(out)


def _params(b: _Building, enum_types: frozenset[str] = frozenset()) -> tuple[Param, ...]:
    """A function's parameters; one whose documented type is an enum (``enum_types``) or that
    the docs write as an enum literal is quoted, as the service reads enum values."""
    order: list[str] = []
    quoted: dict[str, bool] = {}
    seen: dict[str, int] = {}
    real = [c for c in b.calls if c is not None]
    for call in real:
        for name, q in call:
            key = name.lower()
            if key not in seen:
                order.append(name)
                seen[key] = 0
            seen[key] += 1
            quoted[key] = quoted.get(key, False) or q
    bare = any(c is None for c in b.calls)
    types = {k.lower(): v for k, v in b.param_types.items()}
    out = []
    for name in order:
        key = name.lower()
        type_ = types.get(key, "Edm.String")
        enum = b.enums.get(key, "")
        out.append(
            Param(
                name,
                quoted[key] or bool(enum) or type_ in enum_types,
                not bare and seen[key] == len(real),
                type_,
                enum,
            )
        )
    return tuple(out)


def build_navigation(model: Model) -> Navigation:
    """The navigation tree of every request line of every operation of ``model``."""
    builder = _Builder(model)
    ops = sorted(model.operations, key=lambda o: (o.location.path, o.location.line, o.name))
    parsed: list[tuple[Operation, RequestLine, tuple[Raw, ...]]] = []
    for op in ops:
        for line in op.request_lines:
            if line.method.upper() not in METHODS:
                builder.diags.append(
                    warning(SKIPPED_CODE, f"method {line.method!r} is not one a client offers; "
                            "no builder method made from this line", line.location)
                )
                continue
            steps = parse_path(line.path)
            if not steps:
                builder.diags.append(
                    warning(SKIPPED_CODE, f"request path {line.path!r} cannot be read as "
                            "segments; no builder method made from it", line.location)
                )
                continue
            parsed.append((op, line, steps))
    keyed: set[tuple] = set()
    for op, line, steps in parsed:
        prefix: tuple = ()
        for step, key in builder.classify(steps, op, set(), set()):
            if key[0] == "key" and not step.parens and prefix and prefix[-1][0] == "segment":
                keyed.add(prefix)
            prefix += (key,)
    for op, line, steps in parsed:
        calls = _example_calls(op)
        builder.add(op, line, builder.classify(steps, op, keyed, set(calls)), calls)
    _merge_literal_functions(builder.root)
    return builder.freeze()


def _merge_literal_functions(b: _Building) -> None:
    """A literal and a function of one name under one parent become the function node."""
    for key in sorted(b.children):
        fn = ("function", key[1])
        if key[0] == "segment" and fn in b.children:
            lit = b.children.pop(key)
            _merge(b.children[fn], lit)
            b.children[fn].calls.append(None)
    for child in b.children.values():
        _merge_literal_functions(child)


def _merge(into: _Building, other: _Building) -> None:
    for wire, n in other.wire_counts.items():
        into.wire_counts[wire] = into.wire_counts.get(wire, 0) + n
    for method, found in other.endpoints.items():
        into.endpoints.setdefault(method, []).extend(found)
    into.calls.extend(other.calls)
    for k, child in other.children.items():
        if k in into.children:
            _merge(into.children[k], child)
        else:
            into.children[k] = child


def locate(nav: Navigation, path: str) -> list[tuple[Node, tuple[tuple[str, str, bool], ...]]] | None:
    """The nodes a path walks through, each with the arguments the path passes it (for keys:
    ``("", placeholder or value, quoted)``); None when the tree has no such path."""
    steps = parse_path(path)
    if not steps:
        return None
    out: list[tuple[Node, tuple[tuple[str, str, bool], ...]]] = []
    node = 0
    for i, step in enumerate(steps):
        found: int | None = None
        args = step.args
        if step.kind == "lit":
            found = nav.child(node, "segment", step.name) or nav.child(node, "function", step.name)
            if found is None:  # a concrete key value (``/users/u1``)
                found = nav.child(node, "key")
                args = (("", step.name, False),)
        elif step.kind == "qualified":
            last = step.name.rsplit(".", 1)[-1]
            found = nav.child(node, "cast", last) or nav.child(node, "function", last)
        elif step.kind == "call":
            found = nav.child(node, "function", step.name.rsplit(".", 1)[-1])
            if found is None and len(step.args) == 1:
                lit = nav.child(node, "segment", step.name)
                alt = nav.child(lit, "alt", step.args[0][0]) if lit is not None else None
                if lit is not None and alt is not None:
                    out.append((nav.nodes[lit], ()))
                    found = alt
        elif step.kind == "alt":
            found = nav.child(node, "alt", step.name)
        elif step.kind in ("key", "path"):
            found = nav.child(node, step.kind)
        elif step.kind == "dollar":
            found = nav.child(node, "dollar", step.name)
        if found is None:
            return None
        out.append((nav.nodes[found], args))
        node = found
    return out
