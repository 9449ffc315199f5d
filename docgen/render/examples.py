"""Turn a page's request/response examples into test plans.

* Placeholders are filled and each example is checked by :mod:`docgen.render.checker` (the
  generator's mirror of the runtime's strict decoding). An example that is invalid JSON or
  contradicts its page gets a diagnostic, and its test is marked ``xfail(strict=True)`` with the
  diagnostic as reason: the test still does the real work and fails for that reason.
* Request URLs are matched against the page's request lines (:mod:`docgen.render.example_urls`)
  to recover path parameters and query options; examples sent to other hosts (bot callbacks,
  upload URLs) make no test. A body that is not JSON is told apart by
  :mod:`docgen.render.example_bodies`; the plans' shapes are in :mod:`docgen.render.example_plans`.
"""

from __future__ import annotations

import urllib.parse
from dataclasses import replace
from typing import Any

from docgen.diagnostics import Diagnostic, info, warning
from docgen.model.core import Example, Operation
from docgen.render import naming
from docgen.render.checker import Checker, json_safe, local_fields
from docgen.render.example_bodies import invalid_json_reason, media_type, not_json
from docgen.render.example_json import truncated_body
from docgen.render.example_plans import (
    RequestTest,
    ResponseTest,
    ServerTest,
    TestPlan,
    is_error,
)
from docgen.render.example_urls import (
    QUERY_OPTIONS,
    match_line,
    other_host,
    split_url,
    url_aliases,
    why_unmatched,
)
from docgen.render.requests import OperationPlan, required_missing


def _xfail(diags: list[Diagnostic], code: str, message: str, example: Example) -> str:
    diag = warning(code, message, example.location)
    diags.append(diag)
    return diag.format()


def _request_test(
    checker: Checker,
    plan: OperationPlan,
    ex: Example,
    name: str,
    diags: list[Diagnostic],
) -> RequestTest:
    problems: list[str] = []
    xfail = None
    path, pairs = split_url(ex.url or "")
    match = match_line(plan, path, pairs, ex.method) if plan.lines else None
    if match is None and plan.lines:
        for alias, reasons in url_aliases(path):
            match = match_line(plan, alias, pairs, ex.method)
            if match is not None:
                diags.append(
                    info(
                        "example-url-alias",
                        f"request example URL {path!r} matched as {alias!r}: "
                        + "; ".join(reasons),
                        ex.location,
                    )
                )
                path = alias
                break
    params: dict[str, str] = {}
    form = 0
    query_keys: set[str] = set()
    if match is None:
        shown = ", ".join(line.template for line in plan.lines) or "none"
        why = why_unmatched(plan, ex.url or "", path, pairs)
        xfail = _xfail(
            diags,
            "example-url-mismatch",
            f"request example URL {ex.url!r} matches no request line ({shown})"
            + (f"; {why}" if why else ""),
            ex,
        )
        params = {p: "unmatched" for p in (plan.lines[0].params if plan.lines else ())}
    else:
        form, line, params = match
        params.update({p: v for k, p in line.query for kk, v in pairs if kk == k})
        query_keys = {k for k, _ in line.query}
    # The method is checked against the matched line's (a page may document one path with
    # PATCH and with PUT); a URL matching no line already has its reason.
    documented = match[1].method if match is not None else plan.op.method
    if ex.method and ex.method.upper() != documented.upper() and xfail is None:
        methods = {line.method.upper() for line in plan.lines}
        xfail = _xfail(
            diags,
            "example-method-mismatch",
            f"request example uses {ex.method}, the page documents {documented}"
            + (
                f" for {match[1].template}"
                if match is not None and len(methods) > 1
                else ""
            ),
            ex,
        )
    typed: dict[str, Any] = {}
    extra: list[tuple[str, str]] = []
    for key, value in pairs:
        if key in query_keys:
            continue
        option = key[1:] if key in QUERY_OPTIONS else None
        if option and option not in typed:
            if option in ("top", "skip"):
                if value.isdigit():
                    typed[option] = int(value)
                    continue
            elif option == "count":
                if value in ("true", "false"):
                    typed[option] = value == "true"
                    continue
            else:
                typed[option] = value
                continue
        extra.append((key, value))
    example_headers = {k.lower(): v for k, v in ex.headers}
    headers = []
    for h in plan.headers:
        value = example_headers.get(h.name.lower())
        if value is not None or h.required:
            headers.append((h.param, value if value is not None else "test"))
    body = ex.body
    body_text = None
    if not_json(diags, ex, media_type(ex)):
        body = None
    elif ex.body_error is not None or (ex.body is None and ex.body_text.strip()):
        body_text = ex.body_text
        if xfail is None:
            xfail = _xfail(diags, "example-invalid-json", invalid_json_reason(ex), ex)
    elif body is not None:
        spec = plan.body_spec or "json"
        local = local_fields(plan.body_fields)
        body = checker.fill(body, spec, local)
        if not json_safe(body):
            body, body_text = None, ex.body_text
            if xfail is None:
                xfail = _xfail(
                    diags,
                    "example-invalid-json",
                    "request example body holds NaN or infinity",
                    ex,
                )
        else:
            checker.check(body, spec, "$", problems, local)
            if isinstance(body, dict):
                missing = required_missing(plan.required_body, body)
                if missing:
                    problems.append(
                        "$: lacks required properties: " + ", ".join(missing)
                    )
            if problems and xfail is None:
                xfail = _xfail(
                    diags,
                    "example-contradicts-page",
                    "request example: " + "; ".join(problems[:3]),
                    ex,
                )
    elif plan.body_spec is not None and plan.required_body and xfail is None:
        xfail = _xfail(
            diags,
            "example-contradicts-page",
            "request example has no body; the page requires "
            + ", ".join(plan.required_body),
            ex,
        )
    all_pairs = [(k, v) for k, v in pairs]
    return RequestTest(
        name,
        ex,
        form,
        tuple(params.items()),
        tuple(typed.items()),
        tuple(extra),
        tuple(headers),
        urllib.parse.unquote(path),
        tuple(sorted(all_pairs)),
        body,
        body_text,
        xfail,
        match is not None,
    )


def _response_test(
    checker: Checker,
    plan: OperationPlan,
    ex: Example,
    name: str,
    diags: list[Diagnostic],
    line_spec: str | None = None,
) -> ResponseTest | None:
    status = ex.status or 200
    body = ex.body
    body_text = None
    xfail = None
    if not_json(diags, ex, media_type(ex)):
        return None
    lenient = truncated_body(ex.body_text) if ex.truncated and ex.body_error else None
    if lenient is not None:
        body, dropped = lenient
        diags.append(
            info(
                "example-truncation-comma",
                f"response example is marked truncated and has {dropped} trailing "
                f"comma{'s' if dropped > 1 else ''} where it was shortened; its test reads "
                "it without them (the page keeps its invalid-json warning)",
                ex.location,
            )
        )
    elif ex.body_error is not None or (ex.body is None and ex.body_text.strip()):
        body_text = ex.body_text
        xfail = _xfail(diags, "example-invalid-json", invalid_json_reason(ex), ex)
        return ResponseTest(name, ex, status, None, body_text, xfail)
    if body is None:
        return ResponseTest(name, ex, status, None, None, None)
    if is_error(status):
        return (
            ResponseTest(name, ex, status, body, None, None)
            if json_safe(body)
            else None
        )
    spec = plan.response_spec
    if spec is None:
        return None
    annotated = line_spec or _annotated_subtype(
        checker, spec, ex, body, plan.collection
    )
    spec = annotated or spec
    problems: list[str] = []
    if plan.collection:
        if isinstance(body, dict) and isinstance(body.get("value"), list):
            body = dict(body, value=checker.fill(body["value"], "list:" + spec))
            checker.check(body["value"], "list:" + spec, "$.value", problems)
        else:
            problems.append(checker.not_a_collection(body, spec))
    else:
        body = checker.fill(body, spec)
        wrapper = checker.value_wrapper(body, spec)
        if wrapper is not None:
            # The page's own defect is the wrapper; what it wraps is still checked, so the
            # reason names every problem the example has.
            problems.append(wrapper)
            if isinstance(body["value"], dict):
                body = dict(body, value=checker.fill(body["value"], spec))
                checker.check(body["value"], spec, "$.value", problems)
        elif spec.startswith("ref:"):
            checker.check(body, spec, "$", problems)
        else:
            inner = (
                body.get("value")
                if isinstance(body, dict) and "value" in body
                else body
            )
            checker.check(inner, spec, "$", problems)
    if not json_safe(body):
        return None
    if problems:
        other = None if annotated else _annotated_elsewhere(checker, spec, ex)
        if other is not None:
            problems.insert(0, other)
        xfail = _xfail(
            diags,
            "example-contradicts-page",
            "response example: " + "; ".join(problems[:3]),
            ex,
        )
    return ResponseTest(
        name, ex, status, body, None, xfail, annotated, line_spec is not None
    )


def _annotated_subtype(
    checker: Checker, spec: str, ex: Example, body: Any, collection: bool
) -> str | None:
    """``ref:<key>`` of the type a response example's annotation names (``"@odata.type":
    "microsoft.graph.fileAttachment"``) when it derives from the documented type ``spec`` and
    the body does not name a type itself: the example shows that subtype and is read as it.
    None when the annotation names the documented type, an unknown type or one that does not
    derive from it, or when an object of the body (an item of a collection) carries its own
    ``@odata.type``, which is what the service reads (the example is then read as the page
    documents)."""
    if not spec.startswith("ref:") or spec[4:] not in checker.plans:
        return None
    objects = [body]
    if collection and isinstance(body, dict) and isinstance(body.get("value"), list):
        objects = body["value"]
    if any(isinstance(o, dict) and "@odata.type" in o for o in objects):
        return None
    found = checker.resolve(spec[4:], ex.annotation.get("@odata.type"))
    return None if found == spec[4:] else "ref:" + found


def _annotated_elsewhere(checker: Checker, spec: str, ex: Example) -> str | None:
    """What a response example's annotation says when it names a documented class that is
    neither the documented response type ``spec`` nor one of its subtypes or bases (an example of
    another request, as ``driveItem`` for the commit ``PUT`` after ``createUploadSession``):
    the example is still checked as the page documents the operation, and its reason says first
    that the annotation disagrees. None otherwise."""
    named = ex.annotation.get("@odata.type")
    if not spec.startswith("ref:") or spec[4:] not in checker.plans or not isinstance(named, str):
        return None
    key = spec[4:]
    found = checker.class_named(key, named.strip())
    if found is None or checker.is_subclass(found, key) or checker.is_subclass(key, found):
        return None
    return (
        f"$: its annotation names {checker.plans[found].type.qualified_name}, which is not "
        f"the documented {checker.plans[key].type.qualified_name} nor derives from it"
    )


UNNAMED = "(unnamed)"
"""The name tests show for an example its page leaves unnamed."""


def _shown(ex: Example) -> Example:
    """``ex`` as its tests show it: an unnamed example is called :data:`UNNAMED` in docstrings
    (not "Request example ."); the page model keeps the empty name."""
    return ex if ex.name else replace(ex, name=UNNAMED)


def plan_tests(
    checker: Checker, plan: OperationPlan
) -> tuple[TestPlan, list[Diagnostic]]:
    """Tests for every example of an operation (request/response paired in page order)."""
    diags: list[Diagnostic] = []
    op: Operation = plan.op
    wanted: list[str] = []
    for i, ex in enumerate(op.examples):
        if ex.kind in ("request", "response"):
            wanted.append(f"{ex.kind}:{i}")
    used: set[str] = set()
    names: dict[str, str] = {}
    for i, ex in enumerate(op.examples):
        if ex.kind not in ("request", "response"):
            continue
        base = (
            "test_"
            + naming.snake(ex.name or op.name, "example").rstrip("_")
            + "_"
            + ex.kind
        )
        final, n = base, 2
        while final in used:
            final = f"{base}_{n}"
            n += 1
        used.add(final)
        names[f"{ex.kind}:{i}"] = final
    requests: list[RequestTest] = []
    responses: list[ResponseTest] = []
    servers: list[ServerTest] = []
    pending: RequestTest | None = None
    foreign = False
    for i, ex in enumerate(op.examples):
        ex = _shown(ex)
        if ex.kind == "request":
            host = other_host(ex.url or "")
            foreign = host is not None
            if foreign:
                # A callback to the caller's bot, an upload URL …: not a request to this API.
                diags.append(
                    info(
                        "example-other-host",
                        f"request example goes to {host}, not the service; no test made from it",
                        ex.location,
                    )
                )
                pending = None
                continue
            pending = _request_test(checker, plan, ex, names[f"request:{i}"], diags)
            requests.append(pending)
        elif ex.kind == "response":
            if foreign:
                foreign = False
                continue  # the answer to a request that did not go to the service
            # The request line answered (a property path answers its property's type).
            line_spec = (
                plan.lines[pending.form].response
                if pending is not None and pending.matched and plan.lines
                else None
            )
            rt = _response_test(
                checker, plan, ex, names[f"response:{i}"], diags, line_spec
            )
            if rt is None:
                pending = None
                continue
            responses.append(rt)
            if (
                pending is not None
                and pending.xfail is None
                and rt.xfail is None
                and rt.body_text is None
            ):
                sname = pending.name[: -len("_request")] + "_server"
                final, n = sname, 2
                while final in used:
                    final = f"{sname}_{n}"
                    n += 1
                used.add(final)
                servers.append(ServerTest(final, pending, rt))
            pending = None
    return TestPlan(tuple(requests), tuple(responses), tuple(servers)), diags
