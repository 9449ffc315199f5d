"""Fixtures shared by the runtime tests: fake Graph servers on 127.0.0.1 (see tests/fake_graph.py)."""

from __future__ import annotations

import pytest
from fake_graph import FakeGraph


@pytest.fixture()
def graph():
    """The server the session's base URL names."""
    with FakeGraph() as server:
        yield server


@pytest.fixture()
def other():
    """A second server: another origin (another port)."""
    with FakeGraph() as server:
        yield server
