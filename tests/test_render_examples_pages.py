"""Examples whose Content-Type is not JSON (excerpts of real Graph docs pages under
tests/fixtures/examples/api/, copied from graph-docs-v1.0/api/<same name>; user-list.md keeps
lines 1-59 and 184-212, the ``$count`` example): their bodies are not invalid JSON, and they are
not decoded as models."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from render_helpers import render_to, run_pytest

from docgen.pipeline import build_model

EXAMPLES = Path(__file__).parent / "fixtures" / "examples"


def fence_lines(page: str, text: str) -> list[int]:
    """The page lines of the fences whose content holds ``text``."""
    lines = (EXAMPLES / "api" / page).read_text(encoding="utf-8").split("\n")
    found = []
    for index, line in enumerate(lines):
        if text in line:
            while not lines[index].startswith("```"):
                index -= 1
            found.append(index + 1)
    return found


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    root = tmp_path_factory.mktemp("media")
    package, diags = render_to(build_model([EXAMPLES]), root, "mediapkg")
    return root, package, diags


def at(diags, page: str, line: int) -> list[str]:
    return sorted(
        d.code
        for d in diags
        if d.location.path.endswith(page) and d.location.line == line
    )


def test_text_plain_count_answer_is_not_invalid_json(rendered):
    _, package, diags = rendered
    (line,) = fence_lines("user-list.md", "Content-type: text/plain")
    assert at(diags, "user-list.md", line) == ["example-non-json-body"]
    tests = "".join(p.read_text() for p in (package / "tests").glob("test_*.py"))
    assert "not valid JSON" not in tests


def test_text_plain_request_body_is_rebuilt_without_it(rendered):
    root, package, diags = rendered
    lines = fence_lines("driveitem-put-content.md", "Content-Type: text/plain")
    assert len(lines) == 2
    for line in lines:
        assert "example-non-json-body" in at(diags, "driveitem-put-content.md", line)
        assert "example-invalid-json" not in at(diags, "driveitem-put-content.md", line)
    text = "".join(p.read_text() for p in (package / "tests").glob("test_*.py"))
    assert f"driveitem-put-content.md:{lines[1]}\n" in text  # its request test is made
    assert (
        "The contents of the file goes here." not in text
    )  # never sent as a JSON string
    result = run_pytest(package / "tests", root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"\b1 passed", result.stdout)  # the text/plain request, rebuilt
    assert not re.search(r"\d+ failed", result.stdout)
