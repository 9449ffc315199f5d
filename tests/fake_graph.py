"""A fake Graph service for the runtime tests: ``http.server`` on 127.0.0.1 in a thread.

Each :class:`FakeGraph` answers from a script: ``server.on("GET", "/v1.0/me", status, body,
headers)`` queues one answer for that method and path (the query string is ignored unless the
scripted path has one); the last answer of a queue repeats. Every request is recorded with its
method, path, headers (lower-case names) and body, so tests can assert what reached the server
(for example that no ``Authorization`` header reached a second host). ``script_batch`` answers
``$batch`` calls item by item, each item's URL taking the next answer of its own queue.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, final


@dataclass
class Seen:
    """One request as the server received it."""

    method: str
    """The HTTP method."""
    path: str
    """Path and query as sent."""
    headers: dict[str, str]
    """Headers, lower-case names."""
    body: bytes
    """The body bytes."""


@dataclass
class Answer:
    """One scripted answer."""

    status: int
    """The status code."""
    body: bytes = b""
    """The body bytes."""
    headers: dict[str, str] = field(default_factory=dict)
    """Extra headers."""


@final
class FakeGraph:
    """A scripted HTTP server on ``host`` (127.0.0.1) and a free port; use as a context manager."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.answers: dict[tuple[str, str], list[Answer]] = {}
        self.handlers: dict[tuple[str, str], Callable[[Seen], Answer]] = {}
        self.seen: list[Seen] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                headers = {k.lower(): v for k, v in self.headers.items()}
                seen = Seen(self.command, self.path, headers, body)
                owner.seen.append(seen)
                handler = owner.handlers.get((self.command, self.path))
                queue = owner.answers.get((self.command, self.path))
                if queue is None:
                    queue = owner.answers.get((self.command, self.path.split("?")[0]))
                answer = Answer(
                    404, b'{"error":{"code":"unscripted","message":"no answer"}}'
                )
                if handler is not None:
                    answer = handler(seen)
                elif queue:
                    answer = queue.pop(0) if len(queue) > 1 else queue[0]
                self.send_response(answer.status)
                for key, value in answer.headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(answer.body)))
                self.end_headers()
                self.wfile.write(answer.body)

            do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _answer

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer((host, 0), Handler)
        self.httpd.daemon_threads = True
        self.host = host
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def root(self) -> str:
        """``http://host:port``."""
        return f"http://{self.host}:{self.port}"

    def on(
        self,
        method: str,
        path: str,
        status: int = 200,
        body: Any = None,
        headers: dict[str, str] | None = None,
    ) -> FakeGraph:
        """Queue an answer; a dict or list ``body`` is sent as JSON."""
        extra = dict(headers or {})
        if isinstance(body, (dict, list)):
            raw = json.dumps(body).encode("utf-8")
            extra.setdefault("Content-Type", "application/json")
        else:
            raw = body or b""
        self.answers.setdefault((method, path), []).append(Answer(status, raw, extra))
        return self

    def __enter__(self) -> FakeGraph:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()


def foreign_next_link(graph: FakeGraph, other: FakeGraph) -> None:
    """Script a collection on ``graph`` whose nextLink goes to ``other`` (another origin), which
    answers with a page naming itself again: a foreign and a repeated nextLink."""
    graph.on(
        "GET",
        "/v1.0/items",
        200,
        {"value": [{"learnerUserId": "a"}], "@odata.nextLink": other.root + "/p2"},
    )
    other.on(
        "GET",
        "/p2",
        200,
        {"value": [{"learnerUserId": "b"}], "@odata.nextLink": other.root + "/p2"},
    )


def script_batch(
    graph: FakeGraph,
    items: dict[str, list[tuple[int, Any, dict[str, str]]]],
    path: str = "/v1.0/$batch",
) -> list[list[dict[str, Any]]]:
    """Answer ``POST path`` item by item: the item whose ``url`` is a key of ``items`` gets the
    next (status, JSON body or None, headers) of that queue (the last repeats); any other item is
    answered 404. Returns the list the ``requests`` of each call are appended to."""
    calls: list[list[dict[str, Any]]] = []

    def answer(seen: Seen) -> Answer:
        requests = json.loads(seen.body)["requests"]
        calls.append(requests)
        out = []
        for request in requests:
            queue = items.get(request["url"]) or [(404, None, {})]
            status, body, headers = queue.pop(0) if len(queue) > 1 else queue[0]
            item: dict[str, Any] = {"id": request["id"], "status": status}
            if headers:
                item["headers"] = headers
            if body is not None:
                item["body"] = body
            out.append(item)
        raw = json.dumps({"responses": out}).encode("utf-8")
        return Answer(200, raw, {"Content-Type": "application/json"})

    graph.handlers[("POST", path)] = answer
    return calls
