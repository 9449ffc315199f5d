"""Behaviour of the generated runtime on a hand-built model: every primitive type, collections
with @odata.nextLink, query encoding, alternatives in paths, headers, errors, Client, polymorphism.
"""

from __future__ import annotations

import base64
import datetime
import json
import threading
import urllib.parse
import uuid
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from render_helpers import import_package, render_to

from docgen.diagnostics import Location
from docgen.model.core import (
    EnumMember,
    Header,
    Model,
    Operation,
    Property,
    RequestBody,
    RequestLine,
    Response,
    TypeDef,
)

PAGE = "docs/things.md"


def at(line: int) -> Location:
    return Location(PAGE, line, 1)


def model() -> Model:
    def p(name: str, type_: str, **kw) -> Property:
        return Property(name, type_, kw.pop("collection", False), at(10), **kw)

    item = TypeDef(
        "item",
        "microsoft.graph",
        "entity",
        at(5),
        properties=(
            p("id", "Edm.String"),
            p("count", "Edm.Int64"),
            p("ratio", "Edm.Double"),
            p("flag", "Edm.Boolean"),
            p("when", "Edm.DateTimeOffset"),
            p("day", "Edm.Date"),
            p("at", "Edm.TimeOfDay"),
            p("span", "Edm.Duration"),
            p("key", "Edm.Guid"),
            p("blob", "Edm.Binary"),
            p("raw", "Edm.Untyped"),
            p("tags", "Edm.String", collection=True),
            p("shade", "microsoft.graph.shade"),
            p("shades", "microsoft.graph.shade", collection=True),
            p("children", "microsoft.graph.item", collection=True, navigation=True),
        ),
    )
    special = TypeDef(
        "specialItem",
        "microsoft.graph",
        "entity",
        at(6),
        base="microsoft.graph.item",
        properties=(p("extra", "Edm.String"),),
    )
    flags = TypeDef(
        "perms",
        "microsoft.graph",
        "enum",
        at(7),
        flags=True,
        members=(EnumMember("read", at(7)), EnumMember("write", at(7))),
    )
    shade = TypeDef(
        "shade",
        "microsoft.graph",
        "enum",
        at(8),
        members=tuple(
            EnumMember(m, at(8)) for m in ("light", "dark", "unknownFutureValue")
        ),
    )
    list_items = Operation(
        "list_items",
        "List items",
        at(1),
        method="GET",
        request_lines=(
            RequestLine("GET", "/me/items", at(20)),
            RequestLine("GET", "/users/{id | userPrincipalName}/items", at(21)),
        ),
        headers=(
            Header("Authorization", at(22), "Bearer {token}. Required.", True),
            Header("ConsistencyLevel", at(23), "eventual. Required.", True),
        ),
        response=Response(at(30), 200, "microsoft.graph.item", collection=True),
    )
    count_items = Operation(
        "count_items",
        "Count items",
        at(40),
        method="GET",
        request_lines=(RequestLine("GET", "/me/items/$count", at(41)),),
        headers=(Header("Authorization", at(42), "Bearer {token}. Required.", True),),
        response=Response(at(43), 200, "Edm.Int32"),
    )
    create = Operation(
        "create_item",
        "Create item",
        at(50),
        method="POST",
        request_lines=(RequestLine("POST", "/me/items", at(51)),),
        headers=(Header("Authorization", at(52), "Bearer {token}. Required.", True),),
        request_body=RequestBody(
            at(53),
            None,
            False,
            (
                Property("displayName", "Edm.String", False, at(54), required=True),
                Property("when", "Edm.DateTimeOffset", False, at(55)),
            ),
        ),
        response=Response(at(56), 201, "microsoft.graph.item"),
    )
    types = tuple(sorted((item, special, flags, shade), key=lambda t: t.qualified_name))
    return Model(types=types, operations=(count_items, create, list_items))


@pytest.fixture(scope="module")
def pkg(tmp_path_factory):
    root = tmp_path_factory.mktemp("rt")
    _, diags = render_to(model(), root, "rtpkg")
    assert not [d for d in diags if d.severity.label == "error"]
    return import_package(root, "rtpkg")


class Handler(BaseHTTPRequestHandler):
    replies: list = []
    seen: list = []

    def _go(self):
        length = int(self.headers.get("Content-Length") or 0)
        Handler.seen.append(
            (self.command, self.path, dict(self.headers), self.rfile.read(length))
        )
        status, body = Handler.replies.pop(0)
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = _go

    def log_message(self, *args):
        pass


@pytest.fixture()
def server():
    httpd = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    Handler.seen, Handler.replies = [], []
    try:
        yield "http://127.0.0.1:%d" % httpd.server_address[1]
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def test_every_primitive_round_trips(pkg):
    from rtpkg.models import Item, Shade

    data = {
        "id": "1",
        "count": 9007199254740993,
        "ratio": 0.25,
        "flag": False,
        "when": "2021-03-04T05:06:07.1234567+02:00",
        "day": "2021-03-04",
        "at": "13:14:15",
        "span": "P1DT2H3M4.5S",
        "key": "0D7D5A7A-0000-4000-8000-000000000001",
        "blob": base64.b64encode(b"\x00\xff").decode(),
        "raw": {"anything": [1, "x", None]},
        "tags": ["a", "b"],
        "shade": "dark",
        "shades": ["light", "neon"],
        "children": [{"id": "2", "when": "2020-01-01T00:00:00Z"}],
    }
    obj = Item.from_dict(data)
    assert obj.when == datetime.datetime(
        2021,
        3,
        4,
        5,
        6,
        7,
        123456,
        tzinfo=datetime.timezone(datetime.timedelta(hours=2)),
    )
    assert obj.day == datetime.date(2021, 3, 4) and obj.at == datetime.time(13, 14, 15)
    assert obj.span == datetime.timedelta(days=1, hours=2, minutes=3, seconds=4.5)
    assert obj.key == uuid.UUID("0d7d5a7a-0000-4000-8000-000000000001")
    assert (
        obj.blob == b"\x00\xff"
        and obj.count == 9007199254740993
        and obj.raw == data["raw"]
    )
    assert obj.shade is Shade.DARK and obj.shades[1] == "neon"
    assert obj.shades[1].is_unknown and obj.shades[1].member is Shade.UNKNOWN_FUTURE_VALUE
    assert isinstance(obj.children[0], Item) and obj.children[0].when.tzinfo is not None
    out = obj.to_dict()
    assert (
        out["span"] == "P1DT2H3M4.5S"
        and out["shades"] == ["light", "neon"]
        and out["blob"] == data["blob"]
    )
    assert (
        out["when"] == "2021-03-04T05:06:07.123456+02:00"
    )  # Python keeps microseconds
    assert Item.from_dict(out) == obj


def test_strict_decoding_names_the_problem(pkg):
    from rtpkg import DecodeError
    from rtpkg.models import Item

    with pytest.raises(DecodeError, match=r"\$\.count: expected integer"):
        Item.from_dict({"count": "many"}, strict=True)
    with pytest.raises(DecodeError, match="has no property 'bogus'"):
        Item.from_dict({"bogus": 1}, strict=True)
    assert Item.from_dict({"count": "many"}).to_dict() == {
        "count": "many"
    }  # lenient: kept as is
    Item.from_dict({"id@odata.navigationLink": "x", "@odata.etag": "y"}, strict=True)


def test_polymorphism_case_insensitive_and_fallback(pkg):
    from rtpkg.models import Item, SpecialItem

    assert (
        type(Item.from_dict({"@odata.type": "#MICROSOFT.GRAPH.SPECIALITEM"}))
        is SpecialItem
    )
    assert (
        type(Item.from_dict({"@odata.type": "#specialItem"})) is SpecialItem
    )  # namespace from the declared type
    assert (
        type(Item.from_dict({"@odata.type": "#other.ns.specialItem"})) is Item
    )  # namespace honoured
    assert (
        type(SpecialItem.from_dict({"@odata.type": "#microsoft.graph.item"}))
        is SpecialItem
    )  # never widens
    assert SpecialItem(extra="e").to_dict() == {
        "@odata.type": "#microsoft.graph.specialItem",
        "extra": "e",
    }


def test_flags_enum_keeps_combinations(pkg):
    from rtpkg.models import Perms

    assert (
        Perms("read,write").value == "read,write"
        and Perms.knows("read, write")
        and not Perms.knows("read,exec")
    )
    both = Perms("read,write")
    assert both == "read,write" and not both.is_unknown and isinstance(both, str)
    assert both.flags == [Perms.READ, Perms.WRITE] and Perms("read") is Perms.READ
    assert Perms("read,exec").flags[1].is_unknown and Perms("read,exec").flags[1] == "exec"


def test_path_alternatives_query_encoding_and_headers(pkg):
    from rtpkg import Client

    client = Client("t")
    req = client.me.items.request_get(consistency_level="eventual").request
    assert req.url == "https://graph.microsoft.com/v1.0/me/items"
    req = client.users.by_id("ada@contoso.com").items.request_get(
        consistency_level="eventual",
        select=["id", "when"],
        filter="startswith(id, 'a&b')",
        top=5,
        count=True,
        search='"x y"',
    ).request
    path, _, query = req.url.partition("?")
    assert path.endswith("/users/ada%40contoso.com/items")
    assert "$select=id,when" in query and "$top=5" in query and "$count=true" in query
    assert "%20" in query and "+" not in query and "&b" not in query.replace("&$", "")
    pairs = dict(urllib.parse.parse_qsl(query))
    assert pairs["$filter"] == "startswith(id, 'a&b')" and pairs["$search"] == '"x y"'
    assert req.header("ConsistencyLevel") == "eventual"
    assert req.header("Authorization") is None  # the session adds it when sending
    # the docs mark ConsistencyLevel required, but only advanced queries need it: optional
    assert client.me.items.request_get().request.header("ConsistencyLevel") is None


def test_collections_follow_next_link(pkg, server):
    from rtpkg import Client

    Handler.replies = [
        (
            200,
            {
                "value": [{"id": "1"}, {"id": "2"}],
                "@odata.nextLink": server + "/me/items?$skiptoken=abc",
            },
        ),
        (200, {"value": [{"id": "3"}]}),
    ]
    client = Client("t", base_url=server, retries=0)
    ids = [item.id_ for item in client.me.items.iterate(consistency_level="eventual")]
    assert ids == ["1", "2", "3"]
    assert [s[1] for s in Handler.seen] == ["/me/items", "/me/items?$skiptoken=abc"]
    assert all(s[2]["Authorization"] == "Bearer t" for s in Handler.seen)


def test_primitive_response_and_errors(pkg, server):
    from rtpkg import Client, ODataError

    Handler.replies = [
        (200, b"42"),
        (403, {"error": {"code": "Forbidden", "message": "no"}}),
        (500, b"oops"),
    ]
    count = Client("t", base_url=server, retries=0).me.items.count
    assert count.get() == 42
    with pytest.raises(ODataError) as raised:
        count.get()
    assert (raised.value.code, raised.value.message) == ("Forbidden", "no")
    with pytest.raises(ODataError) as raised:
        count.get()
    assert raised.value.status == 500 and raised.value.message == "oops"


def test_parameter_table_body_and_client(pkg, server):
    from rtpkg import Client, RequestError
    from rtpkg.models import Item
    from rtpkg.requests.me_items import PostBody

    client = Client("tok", base_url=server, retries=0)
    with pytest.raises(RequestError, match="lacks required properties: displayName"):
        client.me.items.request_post(
            PostBody(when=datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc))
        )
    with pytest.raises(RequestError, match="displayName"):
        client.me.items.request_post()
    Handler.replies = [(201, {"id": "new"})]
    result = client.me.items.post(PostBody(display_name="x", when=None))
    assert isinstance(result, Item) and result.id_ == "new"
    method, path, headers, body = Handler.seen[-1]
    assert (method, path, headers["Authorization"], headers["Content-Type"]) == (
        "POST",
        "/me/items",
        "Bearer tok",
        "application/json",
    )
    assert json.loads(body) == {"displayName": "x", "when": None}
    assert "Create item" in (type(client.me.items).post.__doc__ or "")
    with pytest.raises(AttributeError):
        client.no_such_segment  # noqa: B018


def test_replace_keeps_unknown_keys(pkg):
    import dataclasses

    from rtpkg.models import Item

    obj = Item.from_dict({"id": "1", "future": {"x": 1}})
    changed = dataclasses.replace(obj, count=2)
    assert changed.to_dict() == {"id": "1", "count": 2, "future": {"x": 1}}
    assert Item("positional-is-id").id_ == "positional-is-id"


def test_a_required_property_bound_by_reference_is_present(pkg):
    # api/print-post-shares.md:74: "printer@odata.bind": "…/print/printers/{printerId}" for the
    # required printer navigation property
    from rtpkg import Client, RequestError

    from docgen.render.requests import required_missing

    items = Client("t").me.items
    bound = {"displayName@odata.bind": "https://graph.microsoft.com/v1.0/names/1"}
    request = items.request_post(bound).request
    assert json.loads(request.body) == bound
    with pytest.raises(RequestError, match="lacks required properties: displayName"):
        items.request_post({"displayName@odata.type": "#x"})
    # the generator's mirror agrees
    assert required_missing(("displayName",), bound) == []
    assert required_missing(("displayName",), {"displayName@odata.type": "#x"}) == ["displayName"]
