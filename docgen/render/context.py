"""Template data: the dictionaries the templates receive, with long lines pre-laid out for black.

Doc text stays raw here except where a line must be laid out before the template sees it (a
field line, a keyword argument); those go through :mod:`docgen.render.escaping` exactly once.
"""

from __future__ import annotations

from typing import Any

from docgen.diagnostics import Location
from docgen.render import escaping, layout
from docgen.render.example_plans import RequestTest, ResponseTest
from docgen.render.models import FieldPlan
from docgen.render.requests import OperationPlan


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


def parameter_help(plan: OperationPlan) -> str:
    """One paragraph naming what each keyword argument of ``build`` fills."""
    parts: list[str] = []
    seen: set[str] = set()
    for line in plan.lines:
        for seg in line.segments:
            if seg.param and seg.param not in seen:
                seen.add(seg.param)
                parts.append(f"``{seg.param}`` fills {seg.text}")
        for wire, param in line.query:
            if param not in seen:
                seen.add(param)
                parts.append(f"``{param}`` is the {wire} query parameter")
    for h in plan.headers:
        need = "required" if h.required else "optional"
        parts.append(f"``{h.param}`` sends the {h.name} header ({need})")
    if plan.required_body:
        parts.append("``body`` must hold " + ", ".join(plan.required_body))
    parts.append(
        "``token`` becomes ``Authorization: Bearer <token>``; ``query`` adds OData options"
    )
    return "Arguments: " + "; ".join(parts) + "."


def request_context(plan: OperationPlan, t: RequestTest) -> dict[str, Any]:
    """Template data for a request test (kwargs laid out for black)."""
    kwargs: list[tuple[str, str]] = [
        (name, escaping.py_str(value)) for name, value in t.params
    ]
    has_body = t.body is not None or t.body_text is not None
    if has_body:
        kwargs.append(("body", "support.body(op, body)"))
    kwargs.append(("token", escaping.py_str("test-token")))
    query_args = [f"{k}={escaping.py_literal(v)}" for k, v in t.query]
    extra = ""
    if t.extra_query:
        # In a local of its own: a query's long values would otherwise make black re-split the
        # nested call (three of the four files black had to format on the corpus).
        pairs = [(escaping.py_str(k), escaping.py_str(v)) for k, v in t.extra_query]
        extra = layout.pairs(4, "extra", pairs)
        query_args.append("extra=extra")
    if query_args:
        line = layout.call(8, "query=_rt.Query", query_args, ",")
        kwargs.append(("query", line[len("        query=") : -1]))
    for name, value in t.headers:
        kwargs.append((name, escaping.py_str(value)))
    if len(plan.lines) > 1:
        kwargs.append(("form", str(t.form)))
    return {
        "name": t.name,
        "extra": extra,
        "paragraphs": [
            f"Request example {t.example.name!s}.",
            where(t.example.location),
        ],
        "xfail": t.xfail,
        "method": (t.example.method or plan.op.method).upper(),
        "path": t.path,
        "pairs_literal": escaping.py_literal([list(p) for p in t.pairs], 1),
        "body_literal": (
            escaping.py_literal(t.body, 1) if t.body is not None else None
        ),
        "body_text": t.body_text,
        "has_body": has_body,
        "kwargs": kwargs,
        "uses_rt": bool(query_args),
    }


def response_context(t: ResponseTest) -> dict[str, Any]:
    """Template data for a response test."""
    code = ""
    if isinstance(t.body, dict) and isinstance(t.body.get("error"), dict):
        code = str(t.body["error"].get("code", ""))
    return {
        "name": t.name,
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
        "spec": t.spec,
        "line_spec": t.line_spec,
    }
