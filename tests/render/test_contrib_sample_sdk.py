"""The SDK made from today's pages that no rule was tuned on (tests/fixtures/contrib-sample, CC BY
4.0: see its README): its own tests pass and it type-checks, as the corpus's does
(tests/render/test_corpus_sdk.py). The tuning set's Shifts pages once gave two failing tests: their
``MS-APP-ACTS-AS`` header, "Required only if the authorization token is an application token;
otherwise, optional", was a required argument, and a list page's test that sends it through
``headers=`` (the builder method is another page's) raised a ``TypeError``."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest
from render_helpers import render_pages, run_pytest

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "contrib-sample"


@pytest.fixture(scope="module", params=["set-a", "set-b"])
def sample_sdk(request, tmp_path_factory):
    root, folder, diags = render_pages(tmp_path_factory, SAMPLE / request.param, "samplesdk")
    assert not [d for d in diags if d.severity.label == "error"]
    return root, folder


def test_the_generated_tests_pass(sample_sdk):
    root, folder = sample_sdk
    result = run_pytest(folder / "tests", root)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert re.search(r"\b\d+ passed\b", result.stdout) and not re.search(r"\b\d+ (failed|errors?)\b", result.stdout)


def test_the_generated_package_has_no_mypy_strict_errors(sample_sdk, tmp_path):
    if importlib.util.find_spec("mypy") is None:
        pytest.skip("mypy is not installed (pip install -e '.[test]' installs it)")
    root, folder = sample_sdk
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", str(tmp_path / "mypy"),
         folder.name],
        cwd=root, capture_output=True, text=True,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]


def test_a_header_required_only_for_application_tokens_is_an_optional_argument(sample_sdk):
    _, folder = sample_sdk
    texts = [path.read_text(encoding="utf-8") for path in sorted((folder / "requests").glob("*.py"))]
    acting = [text for text in texts if "ms_app_acts_as" in text]
    assert acting  # both sets hold Shifts pages documenting the header
    assert all("ms_app_acts_as: str | None = None," in text and "ms_app_acts_as: str," not in text
               for text in acting)
