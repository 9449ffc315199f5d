"""Template data of the request-builder modules and the client (one module per navigation node).

A node's endpoints become ``get``/``post``/``patch``/``put``/``delete`` methods planned from the
operation that documents them (:class:`~docgen.render.requests.OperationPlan`): its body, headers,
response and the request line's own query parameters; a collection's GET also gets ``iterate``.
Every text from the docs reaches the module through the template's escaping filters.
"""

from __future__ import annotations

from collections.abc import Container
from typing import Any

from docgen.diagnostics import Location
from docgen.model.core import Operation
from docgen.render import escaping, naming
from docgen.render.context import field_context, scalar, where
from docgen.render.files import Emit, header
from docgen.render.layout import signature_parameter
from docgen.render.models import Registry
from docgen.render.navigation import (
    OPTIONS,
    RESERVED,
    Names,
    anchor,
    decode_spec,
    display,
    function_args,
    header_params,
    line_plan,
)
from docgen.render.requests import LinePlan, OperationPlan, param_word
from docgen.resolve.navigation import Navigation, Node

OPTION_PARAMS = (
    "select: str | _typing.Sequence[str] | None = None",
    "expand: str | _typing.Sequence[str] | None = None",
    "filter: str | None = None",
    "orderby: str | _typing.Sequence[str] | None = None",
    "search: str | None = None",
    "top: int | None = None",
    "skip: int | None = None",
    "count: bool | None = None",
)

class _Imports:
    def __init__(self, reg: Registry) -> None:
        self.reg = reg
        self.refs: set[tuple[str, str]] = set()
        self.stdlib: set[str] = set()

    def ann(self, spec: str | None) -> str:
        if spec is None or spec == "json":
            return "_typing.Any"
        text = self.reg.annotation(spec)
        inner = spec
        while inner.startswith("list:"):
            inner = inner[5:]
        if inner.startswith("ref:"):
            _, module, name = inner.split(":")
            self.refs.add((module, name))
        self.stdlib.update(m for m in ("datetime", "uuid") if f"_{m}." in text)
        return text


def _key_arg(nav: Navigation, node: Node) -> str:
    parent = nav.nodes[node.parent] if node.parent is not None else None
    before = (parent.wire if parent is not None else "") + "/"
    if node.kind == "path":
        return "path"
    if node.kind == "alt":
        return naming.snake(node.wire, "key", frozenset({"self"}))
    first = node.placeholders[0] if node.placeholders else "id"
    name = param_word(first if "{" not in first else "id", before)
    return name if name != "self" else "self_"


def accessor(nav: Navigation, names: Names, node: Node) -> dict[str, Any]:
    """How a parent reaches ``node``: a property or a method, and the path it appends."""
    path = display(nav, node.id)
    paragraphs = [f"``{path}``."]
    base = {
        "name": names.accessors[node.id],
        "module": names.modules[node.id],
        "cls": names.classes[node.id],
        "paragraphs": paragraphs,
    }
    if node.kind in ("segment", "cast", "dollar"):
        text = "/" + ("$" + node.wire if node.kind == "dollar" else node.wire)
        return dict(base, kind="property", path_expr="self._path + " + escaping.py_str(text))
    if node.kind == "function":
        params, args = [], []
        for p, py in function_args(node):
            ann = scalar(p.type)
            params.append(f"{py}: {ann}" if p.required else f"{py}: {ann} | None = None")
            quoting = escaping.py_str(p.enum) if p.enum else str(p.quoted)
            args.append(f"({escaping.py_str(p.name)}, {py}, {quoting})")
        call_args = [escaping.py_str(node.wire), "[" + ", ".join(args) + "]", str(node.bare)]
        if node.params:
            paragraphs.append(
                "Arguments: "
                + "; ".join(f"``{p.name}`` ({'required' if p.required else 'optional'})" for p in node.params)
                + "."
            )
        return dict(base, kind="method", params=params, path_expr="_base.function", args=call_args)
    arg = _key_arg(nav, node)
    if node.kind == "alt":
        return dict(
            base,
            kind="method",
            params=[f"{arg}: str"],
            path_expr="_base.alternate_key",
            args=[escaping.py_str(node.wire), arg],
        )
    if node.kind == "path":
        closed = str(node.wire == ":")
        return dict(
            base, kind="method", params=[f"{arg}: str"], path_expr="_base.item_path", args=[arg, closed]
        )
    return dict(base, kind="method", params=[f"{arg}: str"], path_expr="_base.key", args=[arg])


def _permissions(op: Operation) -> str:
    p = op.permissions
    if p is None:
        return ""
    parts = []
    for label, values in (
        ("delegated (work or school account)", p.delegated_work),
        ("delegated (personal Microsoft account)", p.delegated_personal),
        ("application", p.application),
    ):
        if values:
            parts.append(f"{label}: {', '.join(values)}")
    return ("Permissions, least privileged first: " + "; ".join(parts) + ".") if parts else ""


def method_context(
    node: Node, method: str, plan: OperationPlan, line: Location, imports: _Imports,
    bodies: list[dict[str, Any]], also: list[str], resource: str | None = None,
) -> dict[str, Any]:
    """One HTTP method of a builder: signature, call arguments, return type and docstrings;
    ``resource`` is the spec of the model the node's GET returns (a PATCH/PUT body may be one)."""
    op = plan.op
    name = method.lower()
    lp = line_plan(plan, line, method)
    params: list[str] = []
    args: list[str] = []
    body = False
    body_spec: str | None = None
    if takes_body(plan, method):
        body = True
        if node.kind == "dollar" and node.wire == "value":
            ann = "bytes"
        elif plan.body_spec == "local:Body":
            cls = name.capitalize() + "Body"
            for f in plan.body_fields:
                imports.ann(f.spec)
            bodies.append(
                {
                    "name": cls,
                    "fields": [field_context(f) for f in plan.body_fields],
                    "paragraphs": [f"The request body of {op.title}."],
                }
            )
            ann = f"{cls} | dict[str, _typing.Any]"
            if method in ("PATCH", "PUT"):
                # An update's table lists properties of the resource at the path: that resource's
                # model (the one its GET returns; any model when no GET says) is a body too,
                # sending only the fields that were set.
                model = imports.ann(resource) if resource is not None else "_rt.Model"
                ann = f"{cls} | {model} | dict[str, _typing.Any]"
            body_spec = "json"
        elif plan.body_spec is None:
            ann = "_typing.Any"
            body_spec = "json"
        elif plan.body_spec == "json":
            ann = "_typing.Any"
            body_spec = plan.body_spec
        else:
            ann = imports.ann(plan.body_spec)
            ann += " | list[_typing.Any]" if plan.body_spec.startswith("list:") else " | dict[str, _typing.Any]"
            body_spec = plan.body_spec
        params.append(f"body: {ann} | None = None")
        args.append("body=body")
    params.append("*")
    options = list(OPTIONS) if method == "GET" else []
    if options:
        params.extend(OPTION_PARAMS)
        args.extend(f"{o}={o}" for o in options)
    headers = header_params(plan)
    taken = set(OPTIONS) | RESERVED | {h["param"] for h in headers}
    line_query = []
    for wire, param in lp.query if lp is not None else ():
        py = param if param not in taken else param + "_"
        taken.add(py)
        line_query.append((wire, py))
        params.append(f"{py}: str | None = None")
        args.append(f"{py}={py}")
    for h in headers:
        params.append(f"{h['param']}: str" if h["required"] else f"{h['param']}: str | None = None")
        args.append(f"{h['param']}={h['param']}")
    params.append("headers: _typing.Mapping[str, str] | None = None")
    params.append("params: _typing.Sequence[tuple[str, str]] | None = None")
    args.extend(["headers=headers", "params=params"])
    spec, item, returns, item_type = _answer(node, method, plan, lp, imports)
    what = f"``{method} {display_line(lp, line)}``"
    paragraphs = [
        op.title,
        op.description,
        f"Sends {what}; returns {_returns_text(returns)}.",
        _permissions(op),
        f"Documented at {where(line)}."
        + (f" Also documented at {', '.join(also)}." if also else ""),
    ]
    return {
        "name": name,
        "http": method,
        "params": params,
        # the signature's lines, laid out once here for the two or three methods of each of the
        # two variants that take these parameters (the template had them laid out six times)
        "signature": "\n".join(signature_parameter(8, p) for p in params),
        "args": args,
        "options": options,
        "headers": headers,
        "line_query": line_query,
        "body": body,
        "body_spec": body_spec,
        "required": list(plan.required_body) if body else [],
        "spec": spec,
        "item": item,
        "item_type": item_type,
        "returns": returns,
        "paragraphs": paragraphs,
        "request_paragraphs": [
            f"The request :meth:`{name}` sends, unsent (for a batch); documented at {where(line)}."
        ],
        "iterate_paragraphs": [
            f"Every item of every page of {what}, following ``@odata.nextLink`` (stops on a repeated one)."
        ],
    }


def display_line(lp: LinePlan | None, line: Location) -> str:
    return lp.template if lp is not None else str(line.line)


def _returns_text(returns: str) -> str:
    return {"None": "None", "object": "the parsed JSON"}.get(returns, f"``{returns}``")


def _answer(
    node: Node, method: str, plan: OperationPlan, lp: LinePlan | None, imports: _Imports
) -> tuple[str | None, str | None, str, str]:
    """(decode spec, item spec, return annotation, item annotation) of one method."""
    spec, item = decode_spec(node, method, plan, lp)
    if spec == "bytes":
        return spec, None, "bytes", ""
    if item is not None:
        ann = _plain(imports.ann(item))
        return spec, item, f"_rt.Page[{ann}]", ann
    if spec is not None:
        return spec, None, _plain(imports.ann(spec)), ""
    response = plan.op.response
    if response is None or response.status == 204 or method == "DELETE":
        return None, None, "None", ""
    return None, None, "object", ""


def takes_body(plan: OperationPlan, method: str) -> bool:
    """Whether the builder method has a ``body`` argument: POST, PATCH, PUT always, any other
    method when its page documents a body."""
    return plan.body_spec is not None or method in ("POST", "PATCH", "PUT")


def answers(
    nav: Navigation, plans: dict[tuple[str, str], OperationPlan], reg: Registry
) -> tuple[
    frozenset[tuple[int, str]],
    tuple[tuple[tuple[int, str], str | None], ...],
    frozenset[tuple[int, str]],
]:
    """(node id, method) of every builder method that returns None, every method's decode spec,
    and the methods that take a body."""
    void = set()
    bodied = set()
    specs = []
    for node in nav.nodes:
        for ep in node.endpoints:
            plan = plans.get((ep.page, ep.operation))
            if plan is None:
                continue
            lp = line_plan(plan, ep.line, ep.method)
            answer = _answer(node, ep.method, plan, lp, _Imports(reg))
            if answer[2] == "None":
                void.add((node.id, ep.method))
            if takes_body(plan, ep.method):
                bodied.add((node.id, ep.method))
            specs.append(((node.id, ep.method), answer[0]))
    return frozenset(void), tuple(specs), frozenset(bodied)


def _plain(ann: str) -> str:
    return "object" if ann == "_typing.Any" else ann


def model_specs(reg: Registry) -> frozenset[tuple[str, str]]:
    """(module, class name) of every model class (entity or complex type, not enum): what
    :func:`node_file` needs to tell a GET answering one model; computed once per render."""
    return frozenset((r.module, r.name) for r in reg.refs.values() if r.kind != "enum")


def _resource(
    node: Node, plans: dict[tuple[str, str], OperationPlan], models: Container[tuple[str, str]]
) -> str | None:
    """The spec of the model (entity or complex type) one object answers a GET of ``node``
    with; None when the node has no such GET."""
    for ep in node.endpoints:
        plan = plans.get((ep.page, ep.operation))
        if ep.method != "GET" or plan is None:
            continue
        spec, item = decode_spec(node, "GET", plan, line_plan(plan, ep.line, "GET"))
        if item is None and spec is not None and spec.startswith("ref:"):
            _, module, name = spec.split(":")
            if (module, name) in models:
                return spec
    return None


def node_file(
    emit: Emit,
    nav: Navigation,
    names: Names,
    node: Node,
    plans: dict[tuple[str, str], OperationPlan],
    reg: Registry,
    models: Container[tuple[str, str]] | None = None,
) -> None:
    """The builder module of one node (``models``: :func:`model_specs` of ``reg``, or what
    answers as it does, passed by a caller rendering many nodes so that it is computed once)."""
    imports = _Imports(reg)
    bodies: list[dict[str, Any]] = []
    methods = []
    pages = set()
    resource = _resource(node, plans, model_specs(reg) if models is None else models)
    for ep in node.endpoints:
        plan = plans.get((ep.page, ep.operation))
        if plan is None:
            continue
        pages.add(ep.page)
        methods.append(
            method_context(node, ep.method, plan, ep.line, imports, bodies, [], resource)
        )
    accessors = [accessor(nav, names, nav.nodes[c]) for c in node.children]
    path = display(nav, node.id)
    module = names.modules[node.id]
    sources = sorted(pages)
    expected = {names.classes[node.id], "Async" + names.classes[node.id]} | {b["name"] for b in bodies}
    calls = "_Calls" if methods else None  # the class holding the request_<method>s both variants share
    if calls:
        expected.add(calls)
    emit(
        f"requests/{module}.py",
        "requests/node.py.j2",
        "builder",
        expected,
        anchor(nav, node),
        header=header(sources or [anchor(nav, node).path]),
        module_paragraphs=[f"Request builders for ``{path}``."],
        class_paragraphs=[
            f"``{path}``: " + (", ".join(m["name"] for m in methods) or "no method of its own")
            + (("; below it: " + ", ".join(a["name"] for a in accessors)) if accessors else "")
            + "."
        ],
        calls_paragraphs=[
            f"``{path}``: the requests of "
            + ", ".join(m["name"] for m in methods)
            + f", unsent (what :class:`{names.classes[node.id]}` and :class:`Async{names.classes[node.id]}` send)."
        ],
        module=module,
        calls_class=calls,
        variants=[
            {"cls": names.classes[node.id], "base": "Builder", "prefix": "", "is_async": False},
            {"cls": "Async" + names.classes[node.id], "base": "AsyncBuilder", "prefix": "Async", "is_async": True},
        ],
        accessors=accessors,
        children=[
            {"module": m, "cls": c}
            for m, c in sorted(
                {(a["module"], a["cls"]) for a in accessors if a["module"] != module}
            )
        ],
        methods=methods,
        bodies=bodies,
        uses_rt=bool(bodies) or any("_rt." in m["returns"] for m in methods),
        imports=[{"module": m, "name": n} for m, n in sorted(imports.refs)],
        stdlib=sorted(imports.stdlib),
    )


def client_file(
    emit: Emit, nav: Navigation | None, names: Names, pages: list[str], package: str,
    accessors: list[dict[str, Any]] | None = None, top: str | None = None,
) -> None:
    """``_client.py``: :class:`Client` and :class:`AsyncClient` with the root segments
    (``accessors``: the :func:`accessor` of each of the root's children, when the caller has
    them without the tree: ``nav`` is then not read; ``top``: ``header(pages)``, when the
    caller has it)."""
    if accessors is None:
        assert nav is not None
        accessors = [accessor(nav, names, nav.nodes[c]) for c in nav.nodes[0].children]
    emit(
        "_client.py",
        "_client.py.j2",
        "client",
        {"Client", "AsyncClient"},
        Location(pages[0] if pages else "<model>"),
        header=header(pages) if top is None else top,
        package=package,
        accessors=accessors,
    )
