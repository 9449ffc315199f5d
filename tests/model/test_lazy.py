"""Lazy heavy fields (docgen.model.lazy): a type or an operation decoded from the cache with its
heavy fields left as their stored data is, to every reader, the object it was stored from."""

from __future__ import annotations

import dataclasses
import marshal
import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docgen.diagnostics import Diagnostic, Location, Severity
from docgen.model import lazy
from docgen.model.core import (
    EnumMember,
    Example,
    Header,
    Operation,
    Permissions,
    Property,
    RequestBody,
    RequestLine,
    Response,
    TypeDef,
)
from docgen.pipeline import lazy_data, plain
from docgen.resolve.shift import relocate

TEXT = st.text(max_size=6)
PATHS = st.sampled_from(["a.md", "b.md", "api/c.md"])
PLACES = st.builds(Location, PATHS, st.integers(1, 30), st.integers(1, 4))
JSON = st.recursive(st.none() | st.booleans() | st.integers() | TEXT,
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3), max_leaves=6)
PROPERTIES = st.builds(Property, TEXT, TEXT, st.booleans(), PLACES, TEXT, st.booleans(), st.booleans(),
                       st.none() | st.booleans(), st.booleans(), st.none() | TEXT, st.tuples(TEXT), TEXT)
DIAGNOSTICS = st.builds(Diagnostic, st.sampled_from(list(Severity)), TEXT, TEXT, PLACES)
EXAMPLES = st.builds(Example, st.sampled_from(["request", "response", "resource"]), TEXT, PLACES,
                     st.dictionaries(TEXT, st.booleans() | TEXT, max_size=2), st.none() | TEXT,
                     st.none() | TEXT, st.none() | st.integers(100, 599),
                     st.lists(st.tuples(TEXT, TEXT), max_size=2).map(tuple), TEXT, JSON, st.none() | DIAGNOSTICS)
TYPES = st.builds(
    TypeDef, TEXT, TEXT, st.sampled_from(["entity", "complex", "enum"]), PLACES,
    base=st.none() | TEXT, description=TEXT,
    properties=st.lists(PROPERTIES, max_size=3).map(tuple),
    members=st.lists(st.builds(EnumMember, TEXT, PLACES, st.none() | st.integers(), TEXT), max_size=3).map(tuple),
    sources=st.lists(PLACES, max_size=2).map(tuple), representation=st.none() | EXAMPLES,
)
OPERATIONS = st.builds(
    Operation, TEXT, TEXT, PLACES, method=st.sampled_from(["GET", "PATCH"]), description=TEXT,
    request_lines=st.lists(st.builds(RequestLine, st.just("GET"), TEXT, PLACES), max_size=2).map(tuple),
    headers=st.lists(st.builds(Header, TEXT, PLACES, TEXT, st.booleans()), max_size=2).map(tuple),
    permissions=st.none() | st.builds(Permissions, PLACES, st.tuples(TEXT)),
    request_body=st.none() | st.builds(RequestBody, PLACES, st.none() | TEXT, st.booleans(),
                                        st.lists(PROPERTIES, max_size=2).map(tuple)),
    response=st.none() | st.builds(Response, PLACES, st.integers(200, 204), st.none() | TEXT, st.booleans()),
    examples=st.lists(EXAMPLES, max_size=2).map(tuple),
    parameters=st.lists(PROPERTIES, max_size=2).map(tuple),
)


def test_the_lazy_fields_are_the_heavy_ones() -> None:
    assert set(lazy.lazy_fields(TypeDef)) == {"properties", "members", "representation"}
    assert set(lazy.lazy_fields(Operation)) == {"request_lines", "headers", "permissions", "request_body",
                                                "response", "examples", "parameters"}
    # the class reads as the default (what __init__ and dataclasses.fields see); an eager object
    # holds every field in its __dict__, so the descriptor is never called for it
    assert TypeDef.properties == () and Operation.response is None
    assert {f.name: f.default for f in dataclasses.fields(TypeDef)}["properties"] == ()
    eager = TypeDef("a", "b", "entity", Location("a.md"))
    assert "properties" in eager.__dict__ and lazy.PENDING not in eager.__dict__


def _reads() -> int:
    return sum(lazy.READS.values())


@settings(max_examples=80, deadline=None)
@given(st.one_of(TYPES, OPERATIONS))
def test_a_lazy_object_is_its_eager_self_to_every_reader(value: TypeDef | Operation) -> None:
    data = plain.encode(value)
    with plain.eager():
        eager = plain.decode(data)
    assert lazy.PENDING not in eager.__dict__
    before = _reads()
    unread = plain.decode(data)
    assert plain.encode(unread) == data  # the stored data given back, nothing decoded
    assert pickle.loads(pickle.dumps(unread)).__dict__.get(lazy.PENDING) == unread.__dict__.get(lazy.PENDING)
    assert _reads() == before
    assert plain.encode(pickle.loads(pickle.dumps(unread))) == data
    assert unread == eager == value
    try:
        hashed = hash(value)
    except TypeError:  # an example's annotation is a dict
        with pytest.raises(TypeError):
            hash(plain.decode(data))
    else:
        assert hash(plain.decode(data)) == hashed
    assert repr(plain.decode(data)) == repr(value)
    assert dataclasses.asdict(plain.decode(data)) == dataclasses.asdict(value)
    assert dataclasses.replace(plain.decode(data)) == value
    assert pickle.loads(pickle.dumps(plain.decode(data))) == value
    partly = plain.decode(data)
    name = next(iter(lazy.lazy_fields(type(value))))
    getattr(partly, name)  # one field read, the others still pending
    assert plain.encode(partly) == data
    assert plain.object_digest(plain.decode(data)) == plain.object_digest(value)


@settings(max_examples=40, deadline=None)
@given(st.one_of(TYPES, OPERATIONS), st.integers(1, 5))
def test_moving_a_lazy_object_moves_what_the_eager_one_holds(value: TypeDef | Operation, by: int) -> None:
    moves = {"a.md": {line: line + by for line in range(1, 31)}}
    moved = relocate(plain.decode(plain.encode(value)), moves)
    assert moved == relocate(value, moves)
    assert plain.encode(moved) == plain.encode(relocate(value, moves))


def _widget() -> TypeDef:
    return TypeDef("widget", "microsoft.graph", "entity", Location("w.md", 1, 1),
                   properties=(Property("size", "Edm.Int32", False, Location("w.md", 9, 1)),),
                   members=(EnumMember("red", Location("w.md", 12, 1)),))


def test_a_lazy_field_of_the_wrong_shape_is_refused_at_load() -> None:
    data = plain.encode(_widget())
    at = 1 + [f.name for f in dataclasses.fields(TypeDef)].index("properties")
    for damaged in (("x",), ["Property"], (["EnumMember", "red", ["Location", "w.md", 1, 1], None, ""],),
                    (["Property", "size"],)):
        planted = [*data[:at], damaged, *data[at + 1:]]
        with pytest.raises(plain.PlainError):
            plain.decode(planted)


def test_a_lazy_field_damaged_deeper_is_refused_when_read() -> None:
    data = plain.encode(_widget())
    at = 1 + [f.name for f in dataclasses.fields(TypeDef)].index("properties")
    row = list(marshal.loads(data[at])[0])  # (stored sealed: lazy_data.seal)
    row[4] = ["Location", "w.md", 9]  # a place of three fields: not one docgen stores
    planted = [*data[:at], lazy_data.seal((row,)), *data[at + 1:]]
    value = plain.decode(planted)  # the shape of the field's items holds
    assert value.name == "widget"
    with pytest.raises(plain.PlainError, match="--no-cache"):
        value.properties
    with pytest.raises(plain.PlainError):
        value == _widget()  # never equal by mistake
    assert plain.encode(value)[at] == lazy_data.seal((row,))  # given back as stored: still refused when read


def test_sealed_data_of_the_wrong_shape_is_refused_when_read() -> None:
    """A lazy field is stored as the marshal bytes of its data (lazy_data.seal), opened when read:
    bytes that are not marshal data, or hold data of another shape, are refused then, naming
    --no-cache (a patch resolves whole; the command's guard reports it), and never peeked at."""
    data = plain.encode(_widget())
    at = 1 + [f.name for f in dataclasses.fields(TypeDef)].index("properties")
    assert type(data[at]) is bytes
    for damaged in (b"\x00not marshal", lazy_data.seal(("x",)), lazy_data.seal(["Property"]),
                    lazy_data.seal((["EnumMember", "red", ["Location", "w.md", 1, 1], None, ""],)),
                    lazy_data.seal((["Property", "size"],))):
        value = plain.decode([*data[:at], damaged, *data[at + 1:]])
        with pytest.raises(plain.DamagedModel, match="--no-cache"):
            lazy.columns(value, "properties", ("name", "type"))
        with pytest.raises(plain.DamagedModel, match="--no-cache"):
            value.properties
        with plain.eager(), pytest.raises(plain.PlainError):
            plain.decode([*data[:at], damaged, *data[at + 1:]])


def test_an_eager_decode_opens_sealed_fields() -> None:
    data = plain.encode(_widget())
    with plain.eager():
        value = plain.decode(data)
    assert lazy.PENDING not in value.__dict__ and value == _widget()
    assert plain.encode(value) == data  # sealed again to the same bytes


def test_an_eager_field_value_wins_over_the_stored_data() -> None:
    # a copy of a lazy object's __dict__ with a field replaced (what shift.relocate made before)
    value = plain.decode(plain.encode(_widget()))
    copy = object.__new__(TypeDef)
    copy.__dict__.update(value.__dict__)
    other = (Property("other", "Edm.String", False, Location("w.md", 9, 1)),)
    copy.__dict__["properties"] = other
    assert copy.properties == other and value.properties == _widget().properties
    assert plain.decode(plain.encode(copy)).properties == other
    assert lazy.fields_of(copy)["properties"] == other and lazy.PENDING not in lazy.fields_of(copy)


@settings(max_examples=40, deadline=None)
@given(TYPES)
def test_columns_of_a_pending_field_are_read_from_its_data(value: TypeDef) -> None:
    want = tuple((p.name, p.type) for p in value.properties)
    before = _reads()
    unread = plain.decode(plain.encode(value))
    assert lazy.columns(unread, "properties", ("name", "type")) == want
    assert _reads() == before  # nothing decoded
    assert ("properties" in lazy.pending(unread)) is bool(value.properties)  # (an empty one is stored as it is)
    assert lazy.columns(value, "properties", ("name", "type")) == want  # an eager one: from its items
    unread.properties
    assert lazy.columns(unread, "properties", ("name", "type")) == want  # read: from its items


def test_columns_of_a_field_whose_values_are_not_scalars_decode_it() -> None:
    data = plain.encode(_widget())
    assert lazy.columns(plain.decode(data), "properties", ("name", "location")) == (
        ("size", Location("w.md", 9, 1)),)
