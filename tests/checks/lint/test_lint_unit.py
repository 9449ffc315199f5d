"""docgen lint over hand-built models: each check's rule, without the parser in the way."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docgen.checks.lint.core import CODES, lint, unknown_codes
from docgen.diagnostics import Diagnostic, Location, Severity, error
from docgen.model.core import (
    EnumMember,
    Example,
    Model,
    Operation,
    PageInfo,
    Property,
    RequestBody,
    Response,
    TypeDef,
)
from docgen.read.jsonpos import explain_json_error, json_positions

API = "docs/api/thing-get.md"
RES = "docs/resources/thing.md"


def loc(line: int, path: str = API) -> Location:
    return Location(path, line, 1)


def prop(name: str, type_: str = "Edm.String", collection: bool = False, **kw) -> Property:
    return Property(name=name, type=type_, collection=collection, location=loc(kw.pop("line", 20), RES), **kw)


def typedef(name: str, *props: Property, kind: str = "entity", namespace: str = "microsoft.graph", **kw) -> TypeDef:
    return TypeDef(name=name, namespace=namespace, kind=kind, location=loc(1, RES), properties=props, **kw)


COLOR = typedef(
    "color",
    kind="enum",
    members=(EnumMember("red", loc(5, RES)), EnumMember("blue", loc(6, RES))),
)
BASE = typedef("entity", prop("id"))
THING = typedef(
    "thing",
    prop("name"),
    prop("size", "Edm.Int32"),
    prop("ratio", "Edm.Double"),
    prop("enabled", "Edm.Boolean"),
    prop("tags", collection=True),
    prop("color", "microsoft.graph.color"),
    prop("inner", "microsoft.graph.inner"),
    prop("owner", "microsoft.graph.entity", navigation=True),
    prop("when", "Edm.DateTimeOffset"),
    prop("day", "Edm.Date"),
    base="microsoft.graph.entity",
)
INNER = typedef("inner", prop("label"), kind="complex")
OPEN = typedef("openThing", prop("name"), kind="complex", open_type=True)


def example(kind: str, body, name: str = "ex", line: int = 30, annotation: dict | None = None, **kw) -> Example:
    ann = {"blockType": kind}
    if name:
        ann["name"] = name
    ann.update(annotation or {})
    text = json.dumps(body, indent=2) if body is not None else ""
    return Example(kind=kind, name=name, location=loc(line), annotation=ann, body_text=text, body=body, **kw)


def model_with(*examples: Example, types=(), response_type="microsoft.graph.thing", collection=False, body_type=None, params=()):
    operation = Operation(
        name="get_thing",
        title="Get thing",
        location=loc(1),
        request_body=RequestBody(loc(10), type=body_type, properties=params) if (body_type or params) else None,
        response=Response(loc(12), 200, response_type, collection),
        examples=examples,
    )
    all_types = tuple(sorted((BASE, THING, INNER, COLOR, OPEN, *types), key=lambda t: t.qualified_name))
    return Model(types=all_types, operations=(operation,))


def codes(diagnostics: list[Diagnostic]) -> list[str]:
    return [d.code for d in diagnostics]


def only(diagnostics: list[Diagnostic], code: str) -> list[Diagnostic]:
    return [d for d in diagnostics if d.code == code]


def paired(response_body, **kw) -> Model:
    return model_with(example("request", None), example("response", response_body, line=40), **kw)


# -- json positions ------------------------------------------------------------------------------


def test_json_positions_points_at_keys_and_elements():
    text = '{\n  "a": 1,\n  "b": [\n    {"c": true}, 7\n  ]\n}'
    positions = json_positions(text)
    assert positions[()] == (0, 0)
    assert positions[("a",)] == (1, 2)
    assert positions[("b", 0)] == (3, 4)
    assert positions[("b", 0, "c")] == (3, 5)
    assert positions[("b", 1)] == (3, 17)


def test_json_positions_keeps_what_precedes_an_error():
    positions = json_positions('{\n  "a": 1,\n  "b": 2,\n}')
    assert positions[("b",)] == (2, 2)
    assert ("c",) not in positions


# -- example-property-unknown --------------------------------------------------------------------


def test_unknown_property_is_reported_and_base_chain_is_followed():
    found = lint(paired({"id": "1", "name": "x", "colour": "red"}))
    unknown = only(found, "example-property-unknown")
    assert [d.message for d in unknown] == [
        "property `colour` is not in the tables of `microsoft.graph.thing` (did you mean `color`?)"
    ]
    assert unknown[0].severity == Severity.WARNING


def test_annotation_keys_are_not_properties():
    body = {"@odata.context": "x", "name@odata.type": "#String", "@microsoft.graph.conflictBehavior": "x", "name": "n"}
    assert only(lint(paired(body)), "example-property-unknown") == []


def test_open_types_take_any_property():
    found = lint(paired({"name": "x", "anything": 1}, response_type="microsoft.graph.openThing"))
    assert only(found, "example-property-unknown") == []


def test_value_arrays_are_checked_as_elements_and_nested_objects_by_their_type():
    body = {"@odata.nextLink": "u", "value": [{"name": "a"}, {"inner": {"label": "x", "labl": "y"}}]}
    found = only(lint(paired(body, collection=True)), "example-property-unknown")
    assert [d.message for d in found] == ["property `labl` is not in the tables of `microsoft.graph.inner` (did you mean `label`?)"]


def test_a_single_object_wrapped_in_value_is_named():
    found = only(lint(paired({"value": {"name": "a"}})), "example-property-unknown")
    assert [d.message for d in found] == [
        "property `value` is not in the tables of `microsoft.graph.thing` (a single object is not wrapped in `value`)"
    ]


def test_an_entity_without_a_base_hints_at_inheritance():
    orphan = typedef("orphan", prop("name"))
    found = only(lint(paired({"id": "1", "name": "n"}, response_type="microsoft.graph.orphan", types=(orphan,))), "example-property-unknown")
    assert [d.message for d in found] == [
        "property `id` is not in the tables of `microsoft.graph.orphan` (the page names no base type it could inherit it from)"
    ]


def test_case_difference_names_the_table_row():
    found = only(lint(paired({"Name": "a"})), "example-property-unknown")
    assert found[0].message.endswith("(the table has `name`)")


def test_request_body_parameters_table_counts_as_declared():
    params = (Property("message", "Edm.String", False, loc(8)),)
    model = model_with(
        example("request", {"message": "hi", "extra": 1}),
        example("response", None, line=40),
        params=params,
    )
    found = only(lint(model), "example-property-unknown")
    assert [d.message for d in found] == ["property `extra` is not in the request body table"]


def test_odata_type_of_a_subtype_is_used():
    sub = typedef("subThing", prop("extra"), base="microsoft.graph.thing")
    good = paired({"@odata.type": "#microsoft.graph.subThing", "extra": "e", "name": "n"}, types=(sub,))
    assert only(lint(good), "example-property-unknown") == []
    bad = paired({"extra": "e"}, types=(sub,))
    assert len(only(lint(bad), "example-property-unknown")) == 1


def test_undocumented_types_are_not_checked():
    ghost = typedef("ghost", documented=False)
    assert only(lint(paired({"x": 1}, response_type="microsoft.graph.ghost", types=(ghost,))), "example-property-unknown") == []


# -- example-value-type --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body, what",
    [
        ({"size": "ten"}, "a string for a number"),
        ({"name": {"a": 1}}, "an object for a string"),
        ({"name": ["a"]}, "an array for a single value"),
        ({"tags": "a"}, "a string for a collection"),
        ({"enabled": "yes"}, "a string for a boolean"),
        ({"inner": 3}, "a number for an object"),
        ({"color": 1}, "a number for an enum"),
        ({"size": 1.5}, "a fraction for an integer"),
        ({"when": "2018-10-04T00: 58: 45.340Z"}, "`Edm.DateTimeOffset` wants an ISO 8601 date-time"),
        ({"day": "2018-10-04T00:00:00Z"}, "`Edm.Date` wants YYYY-MM-DD; write `2018-10-04`"),
    ],
)
def test_wrong_value_types(body, what):
    found = only(lint(paired(body)), "example-value-type")
    assert len(found) == 1 and what in found[0].message


@pytest.mark.parametrize(
    "body",
    [
        {"size": "Int32", "ratio": "Double", "enabled": "Boolean", "name": "String (timestamp)"},
        {"size": 3, "ratio": 2, "enabled": False, "tags": ["a", "b"], "inner": {"label": "l"}},
        {"size": None, "tags": None, "inner": None},
        {"ratio": "NaN", "inner": "microsoft.graph.inner", "color": {"@odata.type": "microsoft.graph.color"}},
        {"size": "Integer", "tags": ["String"], "color": "String"},
        {"when": "2018-10-04T00:58:45.3400000Z", "day": "2018-10-04"},
        {"when": "String (timestamp)", "day": "datetime-value"},
        {"when": "2018-10-04T00:58:45+01:00"},
    ],
)
def test_fitting_values_and_placeholders_pass(body):
    assert only(lint(paired(body)), "example-value-type") == []


# -- enum-value-unknown --------------------------------------------------------------------------


def test_enum_value_unknown_and_case_hint():
    body = {"value": [{"color": "green"}, {"color": "Red"}, {"color": "blue"}, {"color": "red | blue | pink"}]}
    found = [d for d in lint(paired(body, collection=True)) if d.code.startswith("enum-value")]
    assert [(d.code, d.severity, d.message) for d in found] == [
        ("enum-value-unknown", Severity.WARNING, "property `color` has `green`, which is not a member of enum `microsoft.graph.color`"),
        ("enum-value-case", Severity.INFO, "property `color` has `Red`; enum `microsoft.graph.color` spells it `red`"),
        ("enum-value-unknown", Severity.WARNING, "property `color` has `pink`, which is not a member of enum `microsoft.graph.color`"),
    ]


@pytest.mark.parametrize(
    "value", ["String", "string", "color", "microsoft.graph.color", "@odata.type: microsoft.graph.color", "color-value"]
)
def test_enum_placeholders_pass(value):
    assert [d for d in lint(paired({"color": value})) if d.code.startswith("enum-value")] == []


# -- namespace-mismatch in examples --------------------------------------------------------------


def test_odata_type_in_the_wrong_namespace():
    other = typedef("widget", prop("name"), namespace="microsoft.vivaLearning")
    body = {"@odata.type": "#microsoft.graph.widget", "name": "w"}
    found = only(lint(paired(body, response_type="microsoft.vivaLearning.widget", types=(other,))), "namespace-mismatch")
    assert len(found) == 1
    assert "`microsoft.vivaLearning`" in found[0].message
    good = {"@odata.type": "#microsoft.vivaLearning.widget", "name": "w"}
    assert only(lint(paired(good, response_type="microsoft.vivaLearning.widget", types=(other,))), "namespace-mismatch") == []


# -- pairing and names ---------------------------------------------------------------------------


def test_unpaired_request_and_response():
    model = model_with(
        example("request", None, name="a", line=30),
        example("response", None, name="a", line=40),
        example("request", None, name="b", line=50),
        example("response", None, name="c", line=60),
    )
    found = only(lint(model), "example-unpaired")
    assert [(d.location.line, d.message) for d in found] == [
        (50, "request `b` has no response example on this page"),
        (60, "response `c` has no request example on this page"),
    ]


def test_nameless_response_pairs_with_the_preceding_request():
    model = model_with(example("request", None, name="", line=30), example("response", None, name="", line=40))
    assert only(lint(model), "example-unpaired") == []


def test_unannotated_and_example_blocks_are_not_paired_or_checked():
    callback = Example("request", "", loc(50), {}, method="POST", body_text='{"x": 1}', body={"x": 1})
    standalone = example("request", {"x": 1}, name="", line=60, annotation={"blockType": "example"})
    model = model_with(example("request", None, name="a"), example("response", None, name="a", line=40), callback, standalone)
    assert [d.code for d in lint(model)] == []


def test_a_response_after_an_unannotated_request_says_so():
    bare = Example("request", "", loc(20), {}, method="GET", url="/me")
    found = lint(model_with(bare, example("response", None, name="", line=40)))
    assert [d.message for d in found] == [
        "a response has no request example on this page (a request before it has no annotation)"
    ]
    assert found[0].related == (loc(20),)


def test_duplicate_names_across_pages():
    first = example("request", None, name="same", line=30)
    second = Example("request", "same", Location("docs/api/other.md", 9, 1), {"blockType": "request", "name": "same"})
    model = model_with(first, example("response", None, name="same", line=40), second)
    found = only(lint(model), "duplicate-example-name")
    assert [(d.location.path, d.severity) for d in found] == [("docs/api/thing-get.md", Severity.ERROR)]
    assert found[0].message == "request example name `same` is already used in docs/api/other.md"
    assert found[0].related == (Location("docs/api/other.md", 9, 1),)


# -- representation ------------------------------------------------------------------------------


def representation(body, **annotation) -> Example:
    return Example("resource", "", Location(RES, 50, 1), {"blockType": "resource", **annotation}, body_text=json.dumps(body, indent=2), body=body)


def test_representation_rows_both_ways():
    rep = representation({"id": "String", "name": "String", "extra": "String"})
    thing = typedef("thing", prop("name"), prop("size", "Edm.Int32", line=22), prop("owner", "microsoft.graph.entity", navigation=True), base="microsoft.graph.entity", representation=rep)
    model = Model(types=(BASE, thing))
    found = lint(model)
    assert [(d.code, d.location.line) for d in found] == [("representation-row-missing", 22), ("table-row-missing", 54)]
    optional = representation({"id": "String", "name": "String"}, optionalProperties=["size"])
    assert lint(Model(types=(BASE, TypeDef(**{**thing.__dict__, "representation": optional})))) == []


# -- surfaced and suppressed ---------------------------------------------------------------------


def test_parser_findings_are_surfaced_with_lint_severity():
    bad_json = error("json-syntax", "trailing comma at line 3", Location(API, 33, 4))
    ex = Example("request", "a", loc(30), {"blockType": "request", "name": "a"}, body_text="{,}", body_error=bad_json)
    model = Model(
        operations=(Operation("op", "Op", loc(1), examples=(ex, example("response", None, name="a", line=40))),),
        diagnostics=(
            Diagnostic(Severity.WARNING, "unresolved-link", "no page for x.md", Location(API, 5, 3)),
            Diagnostic(Severity.INFO, "page-skipped", "conceptual", Location(API, 1, 1)),
        ),
    )
    found = lint(model)
    assert [(d.code, d.severity, d.location.line) for d in found] == [
        ("unresolved-link", CODES["unresolved-link"][0], 5),
        ("invalid-json", Severity.ERROR, 31),
    ]
    # The parser's own finding is replaced by lint's, which points at the culprit in the body.
    assert found[1].message == "request example: expected a key in double quotes, found `,`"


@pytest.mark.parametrize(
    "text, offset, reason",
    [
        ('{\n  "a": 1,\n}', 10, "trailing comma before `}`"),
        ('["a", ]', 4, "trailing comma before `]`"),
        ('{\n  a: 1\n}', 4, "an unquoted key"),
        ('{"a": 1, // note\n}', 9, "a comment; JSON has none"),
        ('{"value": [ ... ]}', 12, "a `...` placeholder; cut the text and mark the example truncated instead"),
        ("{'a': 1}", 1, "a single-quoted string"),
        ('{"a": 1,\u00a0\n}', 8, "a U+00A0 space character; JSON allows only plain spaces, tabs and line breaks"),
        ('{\n  "a": "x"\n  "b": 1\n}', 12, "a missing comma at the end of the line"),
    ],
)
def test_json_errors_are_explained_at_the_culprit(text, offset, reason):
    assert explain_json_error(text) == (offset, reason)
    assert explain_json_error('{"a": [1, 2]}') is None


def test_bodies_of_other_content_types_are_not_json():
    zip_error = error("invalid-json", "not JSON", Location(API, 35, 1))
    upload = Example("request", "a", loc(30), {"blockType": "request", "name": "a"}, method="POST",
                     headers=(("Content-type", "application/zip"),), body_text="[Zip file]", body_error=zip_error)
    model = model_with(upload, example("response", None, name="a", line=40))
    assert lint(Model(types=model.types, operations=model.operations, diagnostics=(zip_error,))) == []


def test_suppression_by_front_matter_comment_and_option(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("docs/api").mkdir(parents=True)
    Path(API).write_text("---\ntitle: x\n---\n<!-- docgen-lint-disable: example-unpaired, no-such-code -->\n", encoding="utf-8")
    base = model_with(example("request", None, name="a"), example("response", {"name": "x", "bogus": 1}, name="b", line=40))
    assert set(codes(lint(base))) >= {"example-unpaired", "example-property-unknown"}
    page = PageInfo(API, "api", "Get thing", front_matter={"docgen-lint-ignore": "example-property-unknown"})
    model = Model(types=base.types, operations=base.operations, pages=(page,))
    found = lint(model)
    assert codes(found) == ["lint-ignore-unknown"]
    assert found[0].location == Location(API, 4, 1)
    assert lint(model, ignore=["lint-ignore-unknown"]) == []
    with pytest.raises(ValueError):
        lint(model, ignore=["nope"])
    assert unknown_codes(["nope", "invalid-json"]) == ["nope"]


def test_findings_point_at_the_key_inside_the_fence(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("docs/api").mkdir(parents=True)
    page = ["# Get thing", "", "```http", "HTTP/1.1 200 OK", "Content-type: application/json", "", "{", '  "name": "x",', '  "bogus": 1', "}", "```"]
    Path(API).write_text("\n".join(page) + "\n", encoding="utf-8")
    body_text = "\n".join(page[6:10])
    response = Example("response", "a", Location(API, 3, 1), {"blockType": "response", "name": "a"}, status=200, headers=(("Content-type", "application/json"),), body_text=body_text, body=json.loads(body_text))
    model = model_with(example("request", None, name="a"), response)
    found = only(lint(model), "example-property-unknown")
    assert found[0].location == Location(API, 9, 3)
    # Without the page on disk the request/status line and headers give the same answer.
    monkeypatch.chdir(tmp_path / "docs")
    assert only(lint(model), "example-property-unknown")[0].location == Location(API, 9, 3)


def test_every_code_has_a_severity_and_description_and_output_is_sorted():
    assert all(isinstance(sev, Severity) and text for sev, text in CODES.values())
    model = model_with(example("request", None, name="a"), example("response", {"bogus": 1, "size": "x"}, name="b", line=40))
    found = lint(model)
    assert found == sorted(found, key=Diagnostic.sort_key)
    assert lint(model) == found


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.sampled_from(["name", "size", "tags", "inner", "color", "value", "@odata.type", "x"]), inner, max_size=5),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(body=_JSON)
def test_any_json_body_gives_sorted_diagnostics_and_no_exception(body):
    found = lint(paired(body))
    assert found == sorted(found, key=Diagnostic.sort_key)
    assert all(d.code in CODES for d in found)


def test_absurdly_deep_bodies_are_cut_off_not_crashed():
    body: dict = {"label": "x"}
    for _ in range(3000):
        body = {"inner": body}
    text = "[" * 5000 + "]" * 5000
    deep = Example("response", "ex", loc(40), {"blockType": "response", "name": "ex"}, body_text=text, body=body)
    assert json_positions(text)[()] == (0, 0)
    # thing.inner is an `inner`, which has no `inner`: one finding, then the walk stops there.
    assert [d.code for d in lint(model_with(example("request", None), deep))] == ["example-property-unknown"]


BROKEN_JSON = [
    '{"a": 1,}',
    '[1, 2,\n]',
    '{"a" 1}',
    '{"a": 1 "b": 2}',
    '{"a": 1\n "b": 2}',
    "{a: 1}",
    '{"a": tru}',
    '{"a": "x\\q"}',
    '{"a": "open',
    '{"a": 1} extra',
    "",
    '{"a": [1, 2',
    "{'a': 1}",
]


@pytest.mark.parametrize("text", BROKEN_JSON)
def test_json_reader_stops_where_python_310_does_and_words_it_itself(text):
    """lint's reader, not the json module, says why: the same words and places on 3.10-3.13."""
    from docgen.read.jsonpos import json_stop

    with pytest.raises(json.JSONDecodeError) as caught:
        json.loads(text, strict=False)
    stop = json_stop(text)
    assert stop is not None
    if "Illegal trailing comma" not in caught.value.msg:  # 3.13 moved these to the comma
        assert stop[0] == caught.value.pos
    reason = explain_json_error(text)[1]
    assert caught.value.msg.split(":")[0] not in reason
    assert json_stop('{"a": [1, NaN, -Infinity], "b": "t\tab"}') is None
