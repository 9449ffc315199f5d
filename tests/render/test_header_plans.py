"""An operation's header keyword arguments (:func:`docgen.render.requests.plan_operation`): which
headers, spelt how, required or not, named what (issue 18: the names are worked out once per set
of headers and names taken, so a second plan of the same headers must name them the same)."""

from __future__ import annotations

from docgen.diagnostics import Location
from docgen.model.core import Header, Model, Operation, RequestLine
from docgen.render.models import Registry
from docgen.render.requests import plan_operation

AT = Location("api/op.md", 3, 1)


def _plan(headers: tuple[Header, ...], path: str = "/users/{id}/items"):
    op = Operation("op", "op", AT, request_lines=(RequestLine("GET", path, AT),), headers=headers)
    reg = Registry.build(Model(types=(), operations=(op,)))
    plan, diags = plan_operation(reg, op, "op")
    return [(h.name, h.param, h.required) for h in plan.headers], [(d.code, d.message) for d in diags]


def test_headers_are_deduplicated_without_case_keeping_the_first_spelling():
    headers = (
        Header("prefer", AT),
        Header("Authorization", AT, required=True),  # set by the builder itself
        Header("Content-Type", AT, required=True),
        Header("PREFER", AT, required=True),  # the same header: required now
        Header(" X-Trace ", AT),
        Header("if-match", AT),
    )
    plans, diags = _plan(headers)
    # the option headers nobody documented come last, as spelt in OPTION_HEADERS
    assert plans == [
        ("prefer", "prefer", True),
        ("X-Trace", "x_trace", False),
        ("if-match", "if_match", False),
        ("ConsistencyLevel", "consistency_level", False),
    ]
    assert diags == []


def test_a_bad_header_name_is_skipped_with_a_warning_and_names_clash_with_parameters():
    headers = (Header("Bad Name", AT), Header("User-Id", AT), Header("body", AT))
    plans, diags = _plan(headers, path="/users/{user-id}/items")
    # "user_id" is the path's parameter and "body" a builder keyword: the headers take suffixed names
    assert plans == [
        ("User-Id", "user_id_2", False),
        ("body", "body_2", False),
        ("If-Match", "if_match", False),
        ("ConsistencyLevel", "consistency_level", False),
        ("Prefer", "prefer", False),
    ]
    assert diags == [("bad-header", "header name 'Bad Name' is not a valid HTTP header name; skipped")]


def test_the_same_headers_are_named_alike_whatever_else_was_planned_before():
    first = _plan((Header("Prefer", AT), Header("X-Id", AT)))
    # the same wire name among others, with its name taken by a parameter
    assert _plan((Header("x_id", AT), Header("X-Id", AT)), path="/x/{x_id}")[0][:2] == [
        ("x_id", "x_id_2", False), ("X-Id", "x_id_3", False)]
    assert _plan((Header("Prefer", AT), Header("X-Id", AT))) == first
    assert first[0] == [
        ("Prefer", "prefer", False),
        ("X-Id", "x_id", False),
        ("If-Match", "if_match", False),
        ("ConsistencyLevel", "consistency_level", False),
    ]
