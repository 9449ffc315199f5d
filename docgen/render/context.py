"""Template data: the dictionaries the templates receive, with long lines pre-laid out for black.

Doc text stays raw here except where a line must be laid out before the template sees it (a
field line, a keyword argument); those go through :mod:`docgen.render.escaping` exactly once.
"""

from __future__ import annotations

from typing import Any

from docgen import lazy_re
from docgen.diagnostics import Location
from docgen.render import escaping, layout
from docgen.render.example_plans import RequestTest, ResponseTest, is_error
from docgen.render.models import FieldPlan
from docgen.render.navigation import Names, function_args, header_params
from docgen.render.requests import OperationPlan
from docgen.resolve.navigation import Navigation, Node, locate


def scalar(type_name: str) -> str:
    """The annotation of a function parameter of ``type_name`` (``int``, ``bool``, ``float``, ``str``)."""
    return SCALARS.get(type_name, "str")


SCALARS = {
    "Edm.Int16": "int",
    "Edm.Int32": "int",
    "Edm.Int64": "int",
    "Edm.Byte": "int",
    "Edm.Boolean": "bool",
    "Edm.Double": "float",
    "Edm.Single": "float",
    "Edm.Decimal": "float",
}
"""Function parameter types that are not strings."""


def where(location: Location) -> str:
    return f"{location.path}:{location.line}"


def field_context(f: FieldPlan) -> dict[str, Any]:
    return {
        "name": f.name,
        "wire": f.wire,
        "spec": f.spec,
        "line": layout.annotated(4, f.name, f"{f.annotation} | None", "_rt.UNSET"),
        "paragraphs": [
            f.description,
            f"Wire name ``{f.wire}``; documented at {where(f.location)}.",
        ],
    }


_PLACEHOLDER = lazy_re.compile(r"\{([A-Za-z_]\w*)\}")


def _literal(value: str, type_name: str) -> str:
    """A function argument from an example URL as the builder's parameter type takes it."""
    kind = scalar(type_name)
    if kind == "int" and value.lstrip("-").isdigit():
        return str(int(value))
    if kind == "bool" and value in ("true", "false"):
        return "True" if value == "true" else "False"
    if kind == "float":
        try:
            return repr(float(value))
        except ValueError:
            pass
    if kind != "str":  # the example writes what the page types as a number: sent as written
        return f"support.raw({escaping.py_str(value)})"
    return escaping.py_str(value)


def chain(
    plan: OperationPlan, t: RequestTest, nav: Navigation, names: Names
) -> tuple[str | None, Node | None]:
    """The builder expression reaching the request line a request test uses
    (``client.users.by_id("u1").member_of``) and its node; None when no line leads there."""
    if not plan.lines:
        return None, None
    line = plan.lines[min(t.form, len(plan.lines) - 1)]
    found = locate(nav, line.template)
    if found is None:
        return None, None
    params = dict(t.params)
    expr = "client"
    for node, args in found:
        name = names.accessors[node.id]
        if node.kind in ("segment", "cast", "dollar"):
            expr += "." + name
        elif node.kind == "function":
            given = {wire.lower(): text for wire, text, _ in args}
            kwargs = []
            for p, py in function_args(node):
                if p.name.lower() in given:
                    raw = given[p.name.lower()]
                    value = params.get(raw) or _PLACEHOLDER.sub(
                        lambda m: params.get(m.group(1), m.group(0)), raw
                    )
                    if p.enum and value.startswith(p.enum + "'"):
                        value = value[len(p.enum) :]  # the builder writes the enum type
                    if p.quoted and len(value) >= 2 and value[0] == value[-1] == "'":
                        value = value[1:-1].replace("''", "'")  # the builder quotes it
                    kwargs.append(f"{py}={_literal(value, p.type)}")
            expr += f".{name}({', '.join(kwargs)})"
        else:
            text = args[0][1] if args else ""
            expr += f".{name}({escaping.py_str(params.get(text, text))})"
    return expr, found[-1][0]


def request_context(
    plan: OperationPlan, t: RequestTest, nav: Navigation, names: Names
) -> dict[str, Any]:
    """Template data for a request test: the builder chain and the ``request_<method>`` call."""
    expr, node = chain(plan, t, nav, names)
    line = plan.lines[min(t.form, len(plan.lines) - 1)] if plan.lines else None
    method = (line.method if line is not None else plan.op.method).upper()
    if node is not None and not any(e.method == method for e in node.endpoints):
        expr = None
    kwargs: list[tuple[str, str, tuple[Any, ...] | None]] = []  # name, value, layout.keyword's split
    has_body = t.body is not None or t.body_text is not None
    xfail = t.xfail
    # the builder's method may take no body (another page's GET): the example's is then not sent
    takes_body = node is None or (node.id, method) in names.bodied
    if has_body:
        spec = _body_spec(plan, node, method, names)
        if (
            spec == "json"
            and plan.body_spec == "local:Body"
            and xfail is not None
            and "example-contradicts-page: request example:" in xfail
        ):
            # The builder follows another page for this method, so the test sends the body as
            # JSON: what this page's own body table rejects is not checked at run time (the
            # warning stays with the page).
            xfail = None
        if takes_body:
            body_args = ["body", escaping.py_str(spec)]
            kwargs.append(("body", f"support.body({', '.join(body_args)})", ("call", "support.body", body_args)))
    extra: list[tuple[str, str]] = []
    for key, value in t.query:
        if method == "GET":
            kwargs.append((key, escaping.py_literal(value), None))
        else:
            text = value if isinstance(value, str) else str(value).lower()
            extra.append(("$" + key, text))
    params = dict(t.params)
    if line is not None:
        extra.extend((wire, params[p]) for wire, p in line.query if p in params)
    extra.extend(t.extra_query)
    if extra:
        pairs = [(escaping.py_str(k), escaping.py_str(v)) for k, v in extra]
        kwargs.append(("params", "params", None))
    names_by_param = {h.param: h.name for h in plan.headers}
    own = _own(plan, node, method)
    builder_params = {h["plan"]: h["param"] for h in header_params(plan)} if own else {}
    loose = []
    for p, v in t.headers:
        if p in builder_params:
            kwargs.append((builder_params[p], escaping.py_str(v), None))
        else:
            loose.append((names_by_param.get(p, p), v))
    if loose:
        items = [(escaping.py_str(n), escaping.py_str(v)) for n, v in loose]
        shown = ", ".join(f"{n}: {v}" for n, v in items)
        kwargs.append(("headers", "{" + shown + "}", ("dict", items)))
    if expr is None:  # the test only raises why no builder reaches the line: no data in it
        has_body, body_literal, body_text = False, None, None
    else:
        body_literal = escaping.py_literal(t.body, 1) if t.body is not None else None
        body_text = t.body_text
    return {
        "name": t.name,
        "extra": pairs if extra else [],
        "paragraphs": [
            f"Request example {t.example.name!s}.",
            where(t.example.location),
        ],
        "xfail": xfail,
        "method": (t.example.method or plan.op.method).upper(),
        "call": method.lower(),
        "http": method,
        "node": node.id if node is not None else None,
        "line": min(t.form, len(plan.lines) - 1) if plan.lines else 0,
        "void": node is not None and (node.id, method) in names.void,
        "chain": expr,
        "no_chain": f"no builder reaches {line.template if line else 'this page'} with {method}",
        "path": t.path,
        "pairs_literal": escaping.py_literal([list(p) for p in t.pairs], 1),
        "body_literal": body_literal,
        "body_text": body_text,
        "has_body": has_body,
        "kwargs": kwargs,
        "uses_rt": False,
    }


def _own(plan: OperationPlan, node: Node | None, method: str) -> bool:
    """True when ``node``'s ``method`` follows this page (not another page documenting it too)."""
    return node is not None and any(
        e.method == method and e.page == plan.op.location.path and e.operation == plan.op.name
        for e in node.endpoints
    )


def _body_spec(plan: OperationPlan, node: Node | None, method: str, names: Names) -> str:
    """How a test decodes an example body before passing it: the builder's own body class
    when this page is the one the builder follows, the documented type otherwise."""
    spec = plan.body_spec or "json"
    if spec != "local:Body":
        return spec
    if _own(plan, node, method) and node is not None:
        return f"local:{names.modules[node.id]}:{method.capitalize()}Body"
    return "json"


def response_context(plan: OperationPlan, t: ResponseTest) -> dict[str, Any]:
    """Template data for a response test (decoded as the page documents its answer)."""
    code = ""
    if isinstance(t.body, dict) and isinstance(t.body.get("error"), dict):
        code = str(t.body["error"].get("code", ""))
    return {
        "name": t.name,
        "error": is_error(t.status),
        "paragraphs": [
            f"Response example {t.example.name!s}.",
            where(t.example.location),
        ],
        "xfail": t.xfail,
        "status": t.status,
        "body_literal": (
            escaping.py_literal(t.body, 1) if t.body is not None else None
        ),
        "body_text": t.body_text,
        "error_code": code,
        "spec": t.spec or plan.response_spec,
        "collection": plan.collection and not t.line_spec,
        "line_spec": t.line_spec,
    }
