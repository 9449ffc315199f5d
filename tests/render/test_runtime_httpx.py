"""The generated runtime's optional httpx transports, over real ``httpx`` clients, against the
fake Graph server on 127.0.0.1: the session's rules (token bound to the base host, redirects it
follows itself, Retry-After, typed errors, transport failures) hold whichever transport carries
the requests. Skipped where httpx is not installed (it is a test dependency, never a runtime one).
"""

from __future__ import annotations

import asyncio
import json
import socket

import pytest
from render_helpers import seed_runtime

httpx = pytest.importorskip("httpx")


@pytest.fixture(scope="module")
def rt(tmp_path_factory):
    return seed_runtime(tmp_path_factory, "httpxseed")


def sync_session(rt, server, client, sleeps):
    return rt.Session(
        "tok",
        base_url=server.root + "/v1.0",
        transport=rt.HttpxTransport(client),
        retries=rt.Retry(sleep=sleeps.append),
    )


def test_sync_get_carries_the_token_to_the_base_host(rt, graph):
    graph.on("GET", "/v1.0/me", 200, {"id": "1", "displayName": "A"})
    with httpx.Client() as client:
        s = sync_session(rt, graph, client, [])
        answer = s.send(rt.Request("GET", s.url("/me", [("$select", "id,displayName")])))
    assert json.loads(answer.body) == {"id": "1", "displayName": "A"}
    assert graph.seen[0].headers["authorization"] == "Bearer tok"
    assert graph.seen[0].path.endswith("$select=id,displayName")


def test_sync_cross_host_redirect_is_followed_without_the_token(rt, graph, other):
    graph.on("GET", "/v1.0/me/photo/$value", 302, b"", {"Location": other.root + "/blob"})
    other.on("GET", "/blob", 200, b"\x89PNG", {"Content-Type": "image/png"})
    with httpx.Client() as client:
        s = sync_session(rt, graph, client, [])
        answer = s.send(rt.Request("GET", s.url("/me/photo/$value")))
    assert rt.decode(answer, "bytes") == b"\x89PNG"
    assert graph.seen[0].headers["authorization"] == "Bearer tok"
    assert "authorization" not in other.seen[0].headers


def test_sync_429_is_retried_after_the_server_says(rt, graph):
    graph.on("GET", "/v1.0/me", 429, {"error": {"code": "TooMany"}}, {"Retry-After": "3"})
    graph.on("GET", "/v1.0/me", 200, {"id": "1"})
    sleeps: list[float] = []
    with httpx.Client() as client:
        s = sync_session(rt, graph, client, sleeps)
        assert json.loads(s.send(rt.Request("GET", s.url("/me"))).body) == {"id": "1"}
    assert sleeps == [3.0] and len(graph.seen) == 2


def test_sync_404_is_an_odata_error_with_headers(rt, graph):
    graph.on(
        "GET",
        "/v1.0/users/nope",
        404,
        {"error": {"code": "Request_ResourceNotFound", "message": "no such user"}},
        {"request-id": "r-1"},
    )
    with httpx.Client() as client:
        s = sync_session(rt, graph, client, [])
        with pytest.raises(rt.ODataError) as raised:
            s.send(rt.Request("GET", s.url("/users/nope")))
    error = raised.value
    assert error.status == 404 and error.code == "Request_ResourceNotFound"
    assert error.headers.get("request-id") == "r-1"


def test_sync_connection_refused_is_a_transport_error(rt):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with httpx.Client() as client:
        s = rt.Session("t", base_url=f"http://127.0.0.1:{port}/v1.0", transport=rt.HttpxTransport(client))
        with pytest.raises(rt.TransportError) as raised:
            s.send(rt.Request("GET", s.url("/me")))
    assert isinstance(raised.value.__cause__, httpx.TransportError)
    assert raised.value.method == "GET" and raised.value.url.endswith("/v1.0/me")


def test_async_get_and_cross_host_redirect(rt, graph, other):
    graph.on("GET", "/v1.0/me", 200, {"id": "1"})
    graph.on("GET", "/v1.0/me/photo/$value", 302, b"", {"Location": other.root + "/blob"})
    other.on("GET", "/blob", 200, b"img", {"Content-Type": "image/png"})

    async def main():
        async with httpx.AsyncClient() as client:
            s = rt.AsyncSession("tok", base_url=graph.root + "/v1.0", transport=rt.AsyncHttpxTransport(client))
            me = await s.send(rt.Request("GET", s.url("/me")))
            photo = await s.send(rt.Request("GET", s.url("/me/photo/$value")))
            return json.loads(me.body), rt.decode(photo, "bytes")

    assert asyncio.run(main()) == ({"id": "1"}, b"img")
    assert all(seen.headers["authorization"] == "Bearer tok" for seen in graph.seen)
    assert "authorization" not in other.seen[0].headers


def test_async_connection_refused_is_a_transport_error(rt):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]

    async def main():
        async with httpx.AsyncClient() as client:
            s = rt.AsyncSession("t", base_url=f"http://127.0.0.1:{port}/v1.0", transport=rt.AsyncHttpxTransport(client))
            await s.send(rt.Request("GET", s.url("/me")))

    with pytest.raises(rt.TransportError) as raised:
        asyncio.run(main())
    assert isinstance(raised.value.__cause__, httpx.TransportError)
