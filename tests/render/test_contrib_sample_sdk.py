"""The SDK made from today's pages that no rule was tuned on (tests/fixtures/contrib-sample, CC BY
4.0: see its README): its own tests pass and it type-checks, as the corpus's does
(tests/render/test_corpus_sdk.py). The tuning set's Shifts pages once gave two failing tests: their
``MS-APP-ACTS-AS`` header, "Required only if the authorization token is an application token;
otherwise, optional", was a required argument, and a list page's test that sends it through
``headers=`` (the builder method is another page's) raised a ``TypeError``. The check set's
examples give objects of types no page of the set documents (``dateTimeTimeZone``,
``itemBody``): their classes keep any key, and no xfail reason says such a type "has no
property" (no page says what it holds)."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest
from render_helpers import render_pages, run_code, run_pytest

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "contrib-sample"


@pytest.fixture(scope="module", params=["set-a", "set-b", "set-c", "set-d", "set-e"])
def sample_sdk(request, tmp_path_factory):
    root, folder, diags = render_pages(tmp_path_factory, SAMPLE / request.param, "samplesdk")
    assert not [d for d in diags if d.severity.label == "error"]
    return root, folder, request.param


def test_the_generated_tests_pass(sample_sdk):
    root, folder, _ = sample_sdk
    result = run_pytest(folder / "tests", root)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert re.search(r"\b\d+ passed\b", result.stdout) and not re.search(r"\b\d+ (failed|errors?)\b", result.stdout)


def test_the_generated_package_has_no_mypy_strict_errors(sample_sdk, tmp_path):
    if importlib.util.find_spec("mypy") is None:
        pytest.skip("mypy is not installed (pip install -e '.[test]' installs it)")
    root, folder, _ = sample_sdk
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", str(tmp_path / "mypy"),
         folder.name],
        cwd=root, capture_output=True, text=True,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]


def test_a_header_required_only_for_application_tokens_is_an_optional_argument(sample_sdk):
    _, folder, name = sample_sdk
    texts = [path.read_text(encoding="utf-8") for path in sorted((folder / "requests").glob("*.py"))]
    acting = [text for text in texts if "ms_app_acts_as" in text]
    assert bool(acting) == (name in ("set-a", "set-b"))  # their Shifts pages document the header
    assert all("ms_app_acts_as: str | None = None," in text and "ms_app_acts_as: str," not in text
               for text in acting)


def _made(tmp_path_factory, name: str, package: str):
    """(root, package folder) of the SDK made from one set."""
    root, folder, _ = render_pages(tmp_path_factory, SAMPLE / name, package)
    return root, folder


@pytest.fixture(scope="module")
def check_set_sdk(tmp_path_factory):
    return _made(tmp_path_factory, "set-c", "checksdk")


@pytest.fixture(scope="module")
def beta_set_sdk(tmp_path_factory):
    return _made(tmp_path_factory, "set-d", "betasdk")


def test_a_type_no_page_documents_keeps_any_key_and_is_blamed_for_none(check_set_sdk):
    _, folder = check_set_sdk
    zone = (folder / "models" / "date_time_time_zone.py").read_text(encoding="utf-8")
    assert "_open_type_: _typing.ClassVar[bool] = True" in zone
    tests = "\n".join(path.read_text(encoding="utf-8") for path in sorted((folder / "tests").glob("test_*.py")))
    for undocumented in ("dateTimeTimeZone", "itemBody", "identitySet", "plannerAssignments"):
        assert f"microsoft.graph.{undocumented} has no property" not in tests
    # todotask-get.md's response gives dueDateTime {dateTime, timeZone} and body {content, contentType}
    todo = (folder / "tests" / "test_todotask_get.py").read_text(encoding="utf-8")
    assert "xfail" not in todo and '"dateTime": ' in todo


def test_a_documented_type_still_names_a_key_its_page_lacks(check_set_sdk):
    _, folder = check_set_sdk
    text = (folder / "tests" / "test_bookingappointment_get.py").read_text(encoding="utf-8")
    # the resource page has no startDateTime row (the example's dateTimeTimeZone objects are not blamed)
    (reason,) = [line for line in text.splitlines() if "example-contradicts-page: response example" in line]
    assert "microsoft.graph.bookingAppointment has no property 'startDateTime'" in reason
    assert "dateTimeTimeZone" not in reason


def test_the_undocumented_type_s_objects_round_trip_strictly(check_set_sdk):
    root, folder = check_set_sdk
    code = (
        "from checksdk.models import TodoTask\n"
        "data = {'dueDateTime': {'dateTime': '2020-01-01T00:00:00', 'timeZone': 'UTC'}, 'title': 'x'}\n"
        "task = TodoTask.from_dict(data, strict=True)\n"
        "assert task.to_dict() == data, task.to_dict()\n"
    )
    run_code(root, code)


def test_a_response_annotated_as_an_unrelated_type_says_so_first(beta_set_sdk):
    # driveitem-createuploadsession.md:400: the commit PUT's response, annotated driveItem, is
    # checked as the operation's uploadSession; its reason named only uploadSession's missing keys
    _, folder = beta_set_sdk
    text = (folder / "tests" / "test_driveitem_createuploadsession.py").read_text(encoding="utf-8")
    (reason,) = [line for line in text.splitlines() if "createuploadsession.md:400:1" in line]
    assert (
        "response example: $: its annotation names microsoft.graph.driveItem, which is not the "
        "documented microsoft.graph.uploadSession nor derives from it; $: microsoft.graph.uploadSession "
        "has no property 'id'" in reason
    )
    # a response annotated as its documented type's subtype is read as that subtype, not so blamed
    assert "its annotation names" not in (folder / "tests" / "test_attachment_get.py").read_text(encoding="utf-8")


def test_a_request_in_a_json_fence_is_tested_as_the_request_it_is(beta_set_sdk):
    # message-reply.md:136: "POST https://…/me/messages/AAMk…=/reply" in a ```json fence
    _, folder = beta_set_sdk
    text = (folder / "tests" / "test_message_reply.py").read_text(encoding="utf-8")
    assert "URL None" not in text
    assert 'path = "/me/messages/AAMkADA1MTAAAAqldOAAA=/reply"' in text
