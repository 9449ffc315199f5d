"""What an operation's example tests are: the plan :func:`docgen.render.examples.plan_tests`
makes and :mod:`docgen.render.context` turns into the test module's template data."""

from __future__ import annotations

from typing import Any

from docgen.model.core import Example
from docgen.model.dataclass_ahead import dataclass


@dataclass(frozen=True)
class RequestTest:
    """A test that rebuilds a request example through the builder."""

    name: str
    """Test function name."""
    example: Example
    """The example."""
    form: int
    """Index of the request line used."""
    params: tuple[tuple[str, str], ...]
    """Path/query parameters recovered from the URL."""
    query: tuple[tuple[str, Any], ...]
    """``Query`` keyword arguments."""
    extra_query: tuple[tuple[str, str], ...]
    """Other query pairs."""
    headers: tuple[tuple[str, str], ...]
    """Header keyword arguments."""
    path: str
    """The example's path, decoded."""
    pairs: tuple[tuple[str, str], ...]
    """The example's query pairs, decoded, sorted."""
    body: Any
    """The filled body (None when absent)."""
    body_text: str | None
    """The raw body when it is not valid JSON."""
    xfail: str | None
    """The diagnostic text when the example contradicts its page."""
    matched: bool = True
    """False when the URL matched no request line (``form`` is then 0 for want of one)."""


@dataclass(frozen=True)
class ResponseTest:
    """A test that parses a response example into the model and writes it back."""

    name: str
    """Test function name."""
    example: Example
    """The example."""
    status: int
    """The example's status code."""
    body: Any
    """The filled body."""
    body_text: str | None
    """The raw body when it is not valid JSON."""
    xfail: str | None
    """The diagnostic text when the example contradicts its page."""
    spec: str | None = None
    """The type spec the example is decoded as when it is not the operation's: the answer of
    the request line its request used (a property path), or a type derived from the documented
    one that the annotation's ``@odata.type`` names; None means the operation's."""
    line_spec: bool = False
    """True when ``spec`` is the request line's answer, which ``send`` parses too."""


@dataclass(frozen=True)
class ServerTest:
    """A request/response pair replayed against a local HTTP server."""

    name: str
    """Test function name."""
    request: RequestTest
    """The request side."""
    response: ResponseTest
    """The response side."""


@dataclass(frozen=True)
class TestPlan:
    """Every test of one operation."""

    requests: tuple[RequestTest, ...] = ()
    """Request tests."""
    responses: tuple[ResponseTest, ...] = ()
    """Response tests."""
    servers: tuple[ServerTest, ...] = ()
    """Server round trips."""

    @property
    def names(self) -> list[str]:
        """Every test function name."""
        return [t.name for t in (*self.requests, *self.responses, *self.servers)]


def is_error(status: int) -> bool:
    """A status the client raises for: 4xx/5xx, and a 3xx other than 304 that reaches it
    (the session follows redirects itself, so one it hands back was not followed)."""
    return status >= 400 or (300 <= status < 400 and status != 304)
