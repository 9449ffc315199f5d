"""Examples -> tests on real Graph docs pages (tests/fixtures/examples/{api,resources}/, copied
from graph-docs-v1.0/<folder>/<same name>; user-list.md keeps lines 1-59 and 184-212, the ``$count``
example): bodies whose Content-Type is not JSON are not invalid JSON and not decoded as models;
URLs written in an equivalent form (``/me`` for ``/users/{id}``, ``/drive/root`` for
``/drive/items/root``) match the page's request lines; a truncated response's trailing commas
are read past (calendarpermission-get.md with resources/calendarpermission.md and
resources/emailaddress.md)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from render_helpers import render_to, run_pytest

from docgen.pipeline.build import build_model
from docgen.render.example_urls import url_aliases

EXAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "examples"


def fence_lines(page: str, pattern: str) -> list[int]:
    """The page lines of the fences with a content line matching the regex ``pattern``."""
    lines = (EXAMPLES / "api" / page).read_text(encoding="utf-8").split("\n")
    found = []
    for index, line in enumerate(lines):
        if re.search(pattern, line):
            while not lines[index].startswith("```"):
                index -= 1
            found.append(index + 1)
    return found


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    root = tmp_path_factory.mktemp("pages")
    package, diags = render_to(build_model([EXAMPLES]), root, "pagespkg")
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
    assert f"user-list.md:{line}:" not in generated_text(package)


def generated_text(package: Path) -> str:
    return "".join(p.read_text() for p in sorted((package / "tests").glob("test_*.py")))


def test_text_plain_request_body_is_rebuilt_without_it(rendered):
    root, package, diags = rendered
    lines = fence_lines("driveitem-put-content.md", "Content-Type: text/plain")
    assert len(lines) == 2
    for line in lines:
        assert "example-non-json-body" in at(diags, "driveitem-put-content.md", line)
        assert "example-invalid-json" not in at(diags, "driveitem-put-content.md", line)
    text = generated_text(package)
    assert f"driveitem-put-content.md:{lines[1]}\n" in text  # its request test is made
    assert (
        "The contents of the file goes here." not in text
    )  # never sent as a JSON string


def test_me_matches_users_id(rendered):
    # api/user-list-owneddevices.md:54: "GET …/me/ownedDevices", the page lists /users/{id}/…
    _, package, diags = rendered
    (line,) = fence_lines("user-list-owneddevices.md", "/v1\\.0/me/ownedDevices")
    assert at(diags, "user-list-owneddevices.md", line) == ["example-url-alias"]
    assert 'path = "/users/{user-id}/ownedDevices"' in generated_text(package)


def test_drive_root_matches_drive_items_root(rendered):
    # api/driveitem-get.md:74: "GET /me/drive/root", the page lists /me/drive/items/{item-id}
    _, package, diags = rendered
    (line,) = fence_lines("driveitem-get.md", "^GET /me/drive/root$")
    assert at(diags, "driveitem-get.md", line) == ["example-url-alias"]
    assert 'path = "/me/drive/items/root"' in generated_text(package)


def test_drive_root_path_matches_items_parent_path(rendered):
    # api/driveitem-put-content.md:68: "PUT /me/drive/root:/FolderA/FileB.txt:/content", the page
    # lists /me/drive/items/{parent-id}:/{filename}:/content
    _, package, diags = rendered
    (line,) = fence_lines("driveitem-put-content.md", "^PUT /me/drive/root:/FolderA")
    assert at(diags, "driveitem-put-content.md", line) == [
        "example-non-json-body",
        "example-url-alias",
    ]
    assert 'path = "/me/drive/items/root:/FolderA/FileB.txt:/content"' in generated_text(package)


def test_truncated_response_is_read_past_its_trailing_comma(rendered):
    # api/calendarpermission-get.md:108: "truncated": true, '"name": "My Organization",' before '}'
    _, package, diags = rendered
    (line,) = fence_lines("calendarpermission-get.md", "^HTTP/1.1 200 OK")
    assert at(diags, "calendarpermission-get.md", line) == ["example-truncation-comma"]
    # the page keeps its invalid-JSON warning, at the comma itself (the same on every Python)
    (invalid,) = [
        d
        for d in build_model([EXAMPLES]).diagnostics
        if d.location.path.endswith("calendarpermission-get.md") and d.code == "invalid-json"
    ]
    assert (invalid.location.line, invalid.location.col) == (line + 6, 30)
    assert invalid.message == "example body is not valid JSON: trailing comma before `}`"
    text = (package / "tests" / "test_calendarpermission_get.py").read_text()
    assert "xfail" not in text and '"name": "My Organization"' in text


def test_url_aliases_rewrite_whole_segments_only():
    assert [a for a, _ in url_aliases("/drive/root/children")] == [
        "/me/drive/root/children",
        "/drive/items/root/children",
        "/users/{user-id}/drive/root/children",
        "/me/drive/items/root/children",
        "/users/{user-id}/drive/items/root/children",
    ]
    # a path under root (root:/a.txt:) is under the item 'root' too; only whole segments are rewritten
    assert [a for a, _ in url_aliases("/drives/x/root:/a.txt:/content")] == [
        "/drives/x/items/root:/a.txt:/content"
    ]
    assert url_aliases("/mentors/1") == []
    assert url_aliases("/drive/rootFolder")[0][0] == "/me/drive/rootFolder"
    # /me/drive and /drive are one drive both ways; /me only becomes /users/{user-id}
    assert [a for a, _ in url_aliases("/me/drive/items/1/content")] == [
        "/users/{user-id}/drive/items/1/content",
        "/drive/items/1/content",
    ]
    assert url_aliases("/users/1/ownedDevices") == []
    assert [a for a, _ in url_aliases("/education/me/assignments")] == [
        "/education/users/{user-id}/assignments"
    ]


def test_generated_tests_pass_or_xfail(rendered):
    root, package, _ = rendered
    result = run_pytest(package / "tests", root)
    assert result.returncode == 0, result.stdout + result.stderr
    passed = re.search(r"\b(\d+) passed", result.stdout)
    assert (
        passed and int(passed.group(1)) >= 3
    )  # the text/plain request and both aliased requests
    assert not re.search(r"\d+ failed", result.stdout)


def test_unnamed_examples_and_invalid_json_reasons_read_well(rendered):
    _, package, diags = rendered
    text = generated_text(package)
    assert "example ." not in text
    # api/administrativeunit-delete-members.md: unannotated examples have no name
    assert '"""Request example (unnamed).' in text
    # api/page-update.md:53: single-quoted JSON, a real defect of the page
    (line,) = fence_lines("page-update.md", "^PATCH https://")
    (reason,) = [
        d.message
        for d in diags
        if d.location.path.endswith("page-update.md") and d.location.line == line
    ]
    assert reason == (
        "request example body is not valid JSON: a single-quoted string"
        f" (at line {line + 7}, column 5)"  # the first single-quoted name, in docgen's words
    )
    assert f"page-update.md:{line}:1: warning: example-invalid-json: {reason}" in text


def test_request_line_with_a_space_gets_a_server_round_trip(rendered):
    # api/workbookrange-resizedrange.md: ".../resizedRange(deltaRows={n}, deltaColumns={n})":
    # the builder writes the call from its parameters (no space), so the example is sendable
    _, package, diags = rendered
    (line,) = fence_lines(
        "workbookrange-resizedrange.md", r"^POST https://.*resizedRange"
    )
    assert at(diags, "workbookrange-resizedrange.md", line) == ["example-url-alias"]
    text = generated_text(package)
    assert "resizedrange_server" in text.lower()
    assert "resized_range(" in text and "delta_rows=" in text
