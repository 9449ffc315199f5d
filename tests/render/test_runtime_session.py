"""The generated runtime's Session against a fake Graph server on 127.0.0.1: tokens stay on the
base URL's host (redirects, nextLinks), retries honour Retry-After within bounds, errors are typed,
transport failures are TransportError, pages stop on a repeated nextLink, $batch."""

from __future__ import annotations

import email.utils
import json
import socket
from typing import ClassVar

import pytest
from fake_graph import script_batch
from render_helpers import seed_runtime

ITEMS = "ref:learning_course_activity:LearningCourseActivity"


@pytest.fixture(scope="module")
def rt(tmp_path_factory):
    return seed_runtime(tmp_path_factory, "coreseed")




def session(rt, server, sleeps=None, **kw):
    retry = kw.pop("retry", None)
    if retry is None:
        retry = rt.Retry(sleep=sleeps.append if sleeps is not None else None)
    return rt.Session("tok", base_url=server.root + "/v1.0", retries=retry, **kw)


def get(rt, url):
    return rt.Request("GET", url)


def test_token_goes_to_the_base_host_only(rt, graph):
    graph.on("GET", "/v1.0/me", 200, {"id": "1"})
    s = session(rt, graph)
    answer = s.send(get(rt, s.url("/me")))
    assert json.loads(answer.body) == {"id": "1"}
    assert graph.seen[0].headers["authorization"] == "Bearer tok"
    assert s.owns(graph.root + "/x")
    assert not s.owns(f"http://localhost:{graph.port}/v1.0/me")
    assert not s.owns(f"https://127.0.0.1:{graph.port}/v1.0/me")


def test_url_encodes_path_and_query(rt):
    s = rt.Session(base_url="https://example.test/v1.0/")
    assert s.url("/users/a b/x%2Fy", [("$filter", "name eq 'x y'")]) == (
        "https://example.test/v1.0/users/a%20b/x%2Fy?$filter=name%20eq%20'x%20y'"
    )


def test_credential_is_called_for_each_send(rt, graph):
    graph.on("GET", "/v1.0/me", 200, {})
    tokens = iter(["t1", "t2"])
    s = rt.Session(credential=lambda: next(tokens), base_url=graph.root + "/v1.0")
    s.send(get(rt, s.url("/me")))
    s.send(get(rt, s.url("/me")))
    assert [r.headers["authorization"] for r in graph.seen] == [
        "Bearer t1",
        "Bearer t2",
    ]
    with pytest.raises(ValueError):
        rt.Session("a", credential=lambda: "b")


def test_429_retry_after_seconds_then_success(rt, graph):
    graph.on(
        "GET", "/v1.0/me", 429, {"error": {"code": "TooMany"}}, {"Retry-After": "7"}
    )
    graph.on("GET", "/v1.0/me", 200, {"id": "1"})
    sleeps: list[float] = []
    s = session(rt, graph, sleeps)
    assert json.loads(s.send(get(rt, s.url("/me"))).body) == {"id": "1"}
    assert sleeps == [7.0]
    assert len(graph.seen) == 2


def test_429_retry_after_http_date(rt, graph):
    now = 1_700_000_000.0
    when = email.utils.formatdate(now + 12, usegmt=True)
    graph.on("GET", "/v1.0/me", 429, b"", {"Retry-After": when})
    graph.on("GET", "/v1.0/me", 200, {"id": "1"})
    sleeps: list[float] = []
    s = session(rt, graph, retry=rt.Retry(sleep=sleeps.append, clock=lambda: now))
    s.send(get(rt, s.url("/me")))
    assert sleeps == [12.0]


def test_503_retries_are_bounded_in_count(rt, graph):
    graph.on("GET", "/v1.0/me", 503, {"error": {"code": "busy", "message": "later"}})
    sleeps: list[float] = []
    s = session(rt, graph, retry=rt.Retry(total=2, backoff=0.5, sleep=sleeps.append))
    with pytest.raises(rt.ServiceUnavailableError) as raised:
        s.send(get(rt, s.url("/me")))
    assert sleeps == [0.5, 1.0]
    assert len(graph.seen) == 3
    assert isinstance(raised.value, rt.ServerError) and raised.value.status == 503


def test_retries_are_bounded_in_total_time(rt, graph):
    graph.on("GET", "/v1.0/me", 504, b"", {"Retry-After": "40"})
    sleeps: list[float] = []
    s = session(rt, graph, retry=rt.Retry(total=5, max_total=60, sleep=sleeps.append))
    with pytest.raises(rt.GatewayTimeoutError):
        s.send(get(rt, s.url("/me")))
    assert sleeps == [40.0]  # a second 40 s wait would pass 60 s: raised instead
    assert len(graph.seen) == 2


def test_retries_zero_and_other_statuses_raise_at_once(rt, graph):
    graph.on("GET", "/v1.0/me", 429, b"", {"Retry-After": "1"})
    sleeps: list[float] = []
    s = rt.Session("t", base_url=graph.root + "/v1.0", retries=0)
    with pytest.raises(rt.TooManyRequestsError):
        s.send(get(rt, s.url("/me")))
    assert len(graph.seen) == 1
    graph.on("GET", "/v1.0/x", 500, b"oops")
    with pytest.raises(rt.ServerError) as raised:
        session(rt, graph, sleeps).send(get(rt, graph.root + "/v1.0/x"))
    assert sleeps == [] and raised.value.message == "oops"


def test_cross_host_redirect_drops_the_token(rt, graph, other):
    graph.on(
        "GET", "/v1.0/me/photo/$value", 302, b"", {"Location": other.root + "/blob"}
    )
    other.on("GET", "/blob", 200, b"\x89PNG", {"Content-Type": "image/png"})
    s = session(rt, graph)
    answer = s.send(get(rt, s.url("/me/photo/$value")))
    assert rt.decode(answer, "bytes") == b"\x89PNG"
    assert graph.seen[0].headers["authorization"] == "Bearer tok"
    assert "authorization" not in other.seen[0].headers


def test_same_host_redirect_keeps_the_token_and_303_becomes_get(rt, graph):
    graph.on("POST", "/v1.0/jobs", 303, b"", {"Location": "/v1.0/jobs/1"})
    graph.on("GET", "/v1.0/jobs/1", 200, {"id": "1"})
    s = session(rt, graph)
    s.send(
        rt.Request(
            "POST", s.url("/jobs"), (("Content-Type", "application/json"),), b"{}"
        )
    )
    assert [(r.method, r.path) for r in graph.seen] == [
        ("POST", "/v1.0/jobs"),
        ("GET", "/v1.0/jobs/1"),
    ]
    assert graph.seen[1].headers["authorization"] == "Bearer tok"
    assert graph.seen[1].body == b"" and "content-type" not in graph.seen[1].headers


def test_redirect_loop_is_bounded(rt, graph):
    graph.on("GET", "/v1.0/a", 307, b"", {"Location": "/v1.0/a"})
    s = session(rt, graph, max_redirects=3)
    with pytest.raises(rt.ODataError) as raised:
        s.send(get(rt, s.url("/a")))
    assert raised.value.status == 307 and len(graph.seen) == 4


def test_a_token_header_is_never_sent_to_another_host(rt, other):
    s = rt.Session("tok", base_url="http://127.0.0.1:1/v1.0")
    other.on("GET", "/x", 200, {})
    s.send(rt.Request("GET", other.root + "/x", (("Authorization", "Bearer tok"),)))
    assert "authorization" not in other.seen[0].headers


def test_errors_are_typed_with_inner_error_and_headers(rt, graph):
    error = {
        "error": {
            "code": "Request_ResourceNotFound",
            "message": "Resource 'u1' does not exist.",
            "innerError": {
                "date": "2024-05-01T10:00:00",
                "request-id": "r-1",
                "client-request-id": "c-1",
            },
        }
    }
    graph.on("GET", "/v1.0/users/u1", 404, error, {"request-id": "r-1"})
    graph.on(
        "POST",
        "/v1.0/users",
        400,
        {"error": {"code": "Request_BadRequest", "message": "bad"}},
    )
    s = session(rt, graph)
    with pytest.raises(rt.NotFoundError) as raised:
        s.send(get(rt, s.url("/users/u1")))
    e = raised.value
    assert isinstance(e, rt.ClientError) and isinstance(e, rt.ODataError)
    assert (e.status, e.code, e.message) == (
        404,
        "Request_ResourceNotFound",
        "Resource 'u1' does not exist.",
    )
    assert (
        e.inner_error.request_id == "r-1" and e.inner_error.client_request_id == "c-1"
    )
    assert e.inner_error.date.isoformat() == "2024-05-01T10:00:00+00:00"
    assert e.headers["request-id"] == "r-1" and "r-1" in str(e)
    with pytest.raises(rt.BadRequestError) as raised:
        s.send(rt.Request("POST", s.url("/users"), (), b"{}"))
    assert (
        raised.value.code == "Request_BadRequest" and raised.value.inner_error is None
    )


def test_204_is_none_and_binary_is_bytes(rt, graph):
    graph.on("DELETE", "/v1.0/users/u1", 204)
    graph.on(
        "GET", "/v1.0/me/photo/$value", 200, b"\x00\xff", {"Content-Type": "image/jpeg"}
    )
    s = session(rt, graph)
    assert rt.decode(s.send(rt.Request("DELETE", s.url("/users/u1"))), None) is None
    assert rt.decode(s.send(get(rt, s.url("/me/photo/$value"))), "bytes") == b"\x00\xff"


def test_polymorphic_page_by_odata_type(rt, graph):
    graph.on(
        "GET",
        "/v1.0/items",
        200,
        {
            "@odata.count": 2,
            "value": [
                {
                    "@odata.type": "#microsoft.graph.learningAssignment",
                    "assignmentType": "required",
                },
                {"learnerUserId": "u1"},
            ],
        },
    )
    s = session(rt, graph)
    page = rt.decode(s.send(get(rt, s.url("/items"))), "page:" + ITEMS)
    assert isinstance(page, rt.Page) and page.count == 2 and page.next_link is None
    assert [type(x).__name__ for x in page.value] == [
        "LearningAssignment",
        "LearningCourseActivity",
    ]
    assert page.value[0].assignment_type.value == "required"


def test_pages_stop_on_a_repeated_next_link(rt, graph):
    graph.on(
        "GET",
        "/v1.0/items",
        200,
        {
            "value": [{"learnerUserId": "a"}],
            "@odata.nextLink": graph.root + "/v1.0/items?p=2",
        },
    )
    graph.on(
        "GET",
        "/v1.0/items?p=2",
        200,
        {
            "value": [{"learnerUserId": "b"}],
            "@odata.nextLink": graph.root + "/v1.0/items?p=2",
        },
    )
    s = session(rt, graph)
    pages = list(s.pages(get(rt, s.url("/items")), rt.loader(ITEMS)))
    assert [p.value[0].learner_user_id for p in pages] == ["a", "b"]
    assert len(graph.seen) == 2
    assert all(r.headers["authorization"] == "Bearer tok" for r in graph.seen)


def test_foreign_next_link_gets_no_token(rt, graph, other):
    graph.on(
        "GET",
        "/v1.0/items",
        200,
        {"value": [], "@odata.nextLink": other.root + "/steal?p=2"},
    )
    other.on("GET", "/steal?p=2", 200, {"value": [{"learnerUserId": "z"}]})
    s = session(rt, graph)
    pages = list(
        s.pages(
            rt.Request("GET", s.url("/items"), (("ConsistencyLevel", "eventual"),)),
            rt.loader(ITEMS),
        )
    )
    assert len(pages) == 2 and pages[1].value[0].learner_user_id == "z"
    assert "authorization" not in other.seen[0].headers
    assert other.seen[0].headers["consistencylevel"] == "eventual"


def test_unknown_enum_values_and_properties_round_trip(rt, graph):
    sent = {
        "@odata.type": "#microsoft.graph.learningAssignment",
        "assignmentType": "superRequired",
        "status": "inProgress",
        "futureProperty": {"a": [1, 2]},
    }
    graph.on("GET", "/v1.0/items/1", 200, sent)
    s = session(rt, graph)
    item = rt.decode(s.send(get(rt, s.url("/items/1"))), ITEMS)
    assert (
        item.assignment_type.is_unknown
        and item.assignment_type.value == "superRequired"
    )
    assert not item.status.is_unknown
    assert item.additional_data["futureProperty"] == {"a": [1, 2]}
    assert item.to_dict() == sent
    body, kind = rt.encode(item, ITEMS)
    assert json.loads(body) == sent and kind == "application/json"


def test_transport_error_on_a_closed_port(rt):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    s = rt.Session("t", base_url=f"http://127.0.0.1:{port}/v1.0")
    with pytest.raises(rt.TransportError) as raised:
        s.send(get(rt, s.url("/me")))
    assert raised.value.__cause__ is not None
    assert raised.value.url.endswith("/v1.0/me") and raised.value.method == "GET"


def test_timeout_is_configurable(rt):
    with socket.socket() as sock:  # accepts connections (backlog) and never answers
        sock.bind(("127.0.0.1", 0))
        sock.listen(1)
        s = rt.Session(
            "t", base_url=f"http://127.0.0.1:{sock.getsockname()[1]}", timeout=0.2
        )
        assert s.transport.timeout == 0.2
        with pytest.raises(rt.TransportError) as raised:
            s.send(get(rt, s.url("/me")))
    assert "timed out after 0.2s" in str(raised.value)


def test_batch_in_chunks_of_20_answers_in_order(rt, graph):
    def answers(ids):
        return {
            "responses": [
                {
                    "id": i,
                    "status": 200,
                    "headers": {"Content-Type": "application/json"},
                    "body": {"n": i},
                }
                for i in reversed(ids)
            ]
        }

    graph.on("POST", "/v1.0/$batch", 200, answers([str(i) for i in range(1, 21)]))
    graph.on(
        "POST",
        "/v1.0/$batch",
        200,
        {
            "responses": [
                {
                    "id": "21",
                    "status": 404,
                    "body": {"error": {"code": "gone", "message": "m"}},
                },
                {"id": "22", "status": 204},
                {
                    "id": "23",
                    "status": 200,
                    "headers": {"Content-Type": "image/png"},
                    "body": "AAE=",
                },
                {"id": "24", "status": 200, "body": {"n": "4"}},
                {"id": "25", "status": 200, "body": {"n": "5"}},
            ]
        },
    )
    s = session(rt, graph)
    requests = [get(rt, s.url(f"/users/{i}")) for i in range(24)]
    requests.append(
        rt.Request(
            "PATCH", s.url("/me"), (("Content-Type", "application/json"),), b'{"a":1}'
        )
    )
    out = s.batch(requests)
    assert len(out) == 25 and len(graph.seen) == 2
    assert [json.loads(r.body)["n"] for r in out[:20]] == [str(i) for i in range(1, 21)]
    first = json.loads(graph.seen[0].body)["requests"]
    assert first[0] == {"id": "1", "method": "GET", "url": "/users/0"}
    assert graph.seen[0].headers["authorization"] == "Bearer tok"
    last = json.loads(graph.seen[1].body)["requests"][4]
    assert last["body"] == {"a": 1} and last["method"] == "PATCH"
    with pytest.raises(rt.NotFoundError):
        rt.decode(out[20], None)
    assert rt.decode(out[21], None) is None
    assert rt.decode(out[22], "bytes") == b"\x00\x01"
    with pytest.raises(rt.RequestError):
        s.batch([get(rt, "https://elsewhere.test/x")])


def test_batch_items_answered_429_or_503_are_sent_again(rt, graph):
    # an item's Retry-After is honoured (a round waits for the longest); answered items are
    # not sent again; the ids stay those of the first call
    calls = script_batch(
        graph,
        {
            "/users/a": [(200, {"n": "a"}, {})],
            "/users/b": [(429, None, {"Retry-After": "2"}), (200, {"n": "b"}, {})],
            "/users/c": [(503, None, {"Retry-After": "1"}), (504, None, {}), (200, {"n": "c"}, {})],
        },
    )
    sleeps = []
    s = session(rt, graph, sleeps)
    out = s.batch([get(rt, s.url("/users/" + k)) for k in "abc"])
    assert [json.loads(r.body)["n"] for r in out] == ["a", "b", "c"]
    assert [[r["id"] for r in call] for call in calls] == [["1", "2", "3"], ["2", "3"], ["3"]]
    assert sleeps == [2.0, 2.0]  # the second round: c's 504 has no Retry-After, backoff 1 * 2**1


def test_batch_item_retries_are_bounded(rt, graph):
    calls = script_batch(graph, {"/users/a": [(503, None, {"Retry-After": "0"})]})
    sleeps = []
    s = session(rt, graph, retry=rt.Retry(total=2, sleep=sleeps.append))
    (answer,) = s.batch([get(rt, s.url("/users/a"))])
    assert len(calls) == 3 and sleeps == [0.0, 0.0]
    with pytest.raises(rt.ServiceUnavailableError):
        rt.decode(answer, None)
    calls.clear()
    s = session(rt, graph, retry=rt.Retry(total=5, max_total=10, sleep=sleeps.append))
    script_batch(graph, {"/users/a": [(429, None, {"Retry-After": "11"})]})
    (answer,) = s.batch([get(rt, s.url("/users/a"))])
    assert answer.status == 429  # a wait past max_total is not taken


def test_batch_depends_on_and_424_dependents_are_retried_with_their_need(rt, graph):
    calls = script_batch(
        graph,
        {
            "/a": [(429, None, {"Retry-After": "0"}), (201, {"n": "a"}, {})],
            "/b": [(424, None, {}), (200, {"n": "b"}, {})],
            "/c": [(200, {"n": "c"}, {})],
        },
    )
    s = session(rt, graph, [])
    requests = [
        rt.Request("POST", s.url("/a"), (("Content-Type", "application/json"),), b"{}"),
        get(rt, s.url("/b")),
        get(rt, s.url("/c")),
    ]
    out = s.batch(requests, {1: [0]})
    assert [json.loads(r.body)["n"] for r in out] == ["a", "b", "c"]
    first, again = calls
    assert first[1]["dependsOn"] == ["1"] and "dependsOn" not in first[2]
    assert [r["id"] for r in again] == ["1", "2"] and again[1]["dependsOn"] == ["1"]


def test_batch_keeps_dependent_requests_in_one_call(rt, graph):
    calls = script_batch(graph, {})
    s = session(rt, graph)
    requests = [get(rt, s.url("/x/%d" % i)) for i in range(25)]
    # 3, 18 and 19 depend on each other: they go in the same call, whatever their distance
    s.batch(requests, {18: [3], 19: [18]})
    ids = [[int(r["id"]) - 1 for r in call] for call in calls]
    assert sorted(sum(ids, [])) == list(range(25))
    assert all(len(call) <= 20 for call in ids)
    together = next(call for call in ids if 3 in call)
    assert {18, 19} <= set(together)
    with pytest.raises(rt.RequestError, match="added before it"):
        s.batch(requests[:2], {0: [1]})
    with pytest.raises(rt.RequestError, match="depend on each other"):
        s.batch(requests[:22], {i: [i - 1] for i in range(1, 22)})


def test_httpx_transport_shape(rt):
    class Answer:
        status_code = 200
        headers: ClassVar[dict[str, str]] = {"Content-Type": "application/json"}
        content = b"{}"

    class Client:
        def request(self, method, url, **kw):
            self.call = (method, url, kw)
            return Answer()

    client = Client()
    s = rt.Session("t", base_url="https://h.test", transport=rt.HttpxTransport(client))
    assert rt.decode(s.send(get(rt, s.url("/me"))), None) == {}
    assert client.call[2]["follow_redirects"] is False
    assert ("Authorization", "Bearer t") in client.call[2]["headers"]
