"""The generated runtime's AsyncSession against the fake Graph server (``asyncio.run`` in each
test: no asyncio plugin): the same token, retry, redirect, paging, error and batch rules as Session.
"""

from __future__ import annotations

import asyncio
import json
import socket

import pytest
from fake_graph import foreign_next_link, script_batch
from render_helpers import seed_runtime

ITEMS = "ref:learning_course_activity:LearningCourseActivity"


@pytest.fixture(scope="module")
def rt(tmp_path_factory):
    return seed_runtime(tmp_path_factory, "coreseedasync")




def asession(rt, server, sleeps, **kw):
    async def sleep(seconds):
        sleeps.append(seconds)

    return rt.AsyncSession(
        "tok", base_url=server.root + "/v1.0", retries=rt.Retry(sleep=sleep), **kw
    )


def test_async_retry_after_then_success(rt, graph):
    graph.on("GET", "/v1.0/me", 429, b"", {"Retry-After": "3"})
    graph.on("GET", "/v1.0/me", 200, {"id": "1"})
    sleeps: list[float] = []

    async def main():
        async with asession(rt, graph, sleeps) as s:
            return await s.send(rt.Request("GET", s.url("/me")))

    answer = asyncio.run(main())
    assert json.loads(answer.body) == {"id": "1"} and sleeps == [3.0]
    assert [r.headers["authorization"] for r in graph.seen] == ["Bearer tok"] * 2


def test_async_503_bound_and_typed_error(rt, graph):
    graph.on(
        "GET",
        "/v1.0/me",
        503,
        {"error": {"code": "busy", "message": "m", "innerError": {"request-id": "r"}}},
    )
    sleeps: list[float] = []

    async def main():
        s = rt.AsyncSession(
            "t",
            base_url=graph.root + "/v1.0",
            retries=rt.Retry(total=1, sleep=sleeps.append),
        )
        await s.send(rt.Request("GET", s.url("/me")))

    with pytest.raises(rt.ServiceUnavailableError) as raised:
        asyncio.run(main())
    assert sleeps == [1.0] and len(graph.seen) == 2
    assert raised.value.inner_error.request_id == "r"


def test_async_cross_host_redirect_and_foreign_next_link(rt, graph, other):
    graph.on("GET", "/v1.0/file", 301, b"", {"Location": other.root + "/file"})
    other.on("GET", "/file", 200, b"data")
    foreign_next_link(graph, other)

    async def main():
        s = asession(rt, graph, [])
        body = rt.decode(await s.send(rt.Request("GET", s.url("/file"))), "bytes")
        pages = [
            p
            async for p in s.pages(rt.Request("GET", s.url("/items")), rt.loader(ITEMS))
        ]
        return body, pages

    body, pages = asyncio.run(main())
    assert body == b"data"
    assert [p.value[0].learner_user_id for p in pages] == ["a", "b"]
    assert (
        all("authorization" not in r.headers for r in other.seen)
        and len(other.seen) == 2
    )
    assert all(r.headers["authorization"] == "Bearer tok" for r in graph.seen)


def test_async_batch_and_404(rt, graph):
    graph.on(
        "POST",
        "/v1.0/$batch",
        200,
        {
            "responses": [
                {
                    "id": "2",
                    "status": 404,
                    "body": {"error": {"code": "nf", "message": "no"}},
                },
                {"id": "1", "status": 200, "body": {"id": "u"}},
            ]
        },
    )
    graph.on("GET", "/v1.0/users/x", 404, {"error": {"code": "nf", "message": "no"}})

    async def main():
        s = asession(rt, graph, [])
        out = await s.batch(
            [rt.Request("GET", s.url("/me")), rt.Request("GET", s.url("/users/x"))]
        )
        try:
            await s.send(rt.Request("GET", s.url("/users/x")))
        except rt.NotFoundError as err:
            return out, err
        return out, None

    out, err = asyncio.run(main())
    assert rt.decode(out[0], None) == {"id": "u"} and out[1].status == 404
    assert err is not None and err.code == "nf"


def test_async_batch_retries_items_and_sends_depends_on(rt, graph):
    calls = script_batch(
        graph,
        {
            "/a": [(429, None, {"Retry-After": "4"}), (200, {"n": "a"}, {})],
            "/b": [(424, None, {}), (200, {"n": "b"}, {})],
        },
    )
    sleeps: list[float] = []

    async def main():
        s = asession(rt, graph, sleeps)
        return await s.batch(
            [rt.Request("GET", s.url("/a")), rt.Request("GET", s.url("/b"))], {1: [0]}
        )

    out = asyncio.run(main())
    assert [json.loads(r.body)["n"] for r in out] == ["a", "b"] and sleeps == [4.0]
    assert len(calls) == 2 and all(call[1]["dependsOn"] == ["1"] for call in calls)


def test_async_transport_error_and_timeout(rt):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(1)
        s = rt.AsyncSession(
            "t", base_url=f"http://127.0.0.1:{sock.getsockname()[1]}", timeout=0.2
        )
        with pytest.raises(rt.TransportError) as raised:
            asyncio.run(s.send(rt.Request("GET", s.url("/me"))))
    assert "timed out after 0.2s" in str(raised.value)


def test_async_accepts_an_async_transport(rt):
    seen = []

    async def transport(request):
        seen.append(request)
        return rt.Response(204, {}, b"")

    s = rt.AsyncSession("t", base_url="https://h.test", transport=transport)
    assert (
        rt.decode(asyncio.run(s.send(rt.Request("DELETE", s.url("/x")))), None) is None
    )
    assert seen[0].header("authorization") == "Bearer t"
