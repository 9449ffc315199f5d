"""The whole Graph docs tree (DOCGEN_CORPUS) rendered, imported, linted and its generated tests run.

Skipped without the corpus. Figures (pass/xfail counts) print with ``-s``.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from docgen.render import RenderOptions, render_package
from render_helpers import run_pytest, write_package


@pytest.fixture(scope="module")
def corpus_package(corpus_model, tmp_path_factory):
    files, diags = render_package(corpus_model, RenderOptions(package="graphsdk"))
    root = tmp_path_factory.mktemp("corpus-out")
    return files, diags, root, write_package(files, root, "graphsdk")


def test_renders_without_errors(corpus_package):
    files, diags, _, _ = corpus_package
    assert not [d.format() for d in diags if d.severity.label == "error"][:10]
    assert sum(p.startswith("models/") for p in files) > 1000
    assert sum(p.startswith("requests/") for p in files) > 1500


def test_every_module_imports_with_warnings_as_errors(corpus_package):
    _, _, root, _ = corpus_package
    code = (
        "import importlib, graphsdk.models as m, graphsdk.requests as r\n"
        "for v in sorted(set(m.ODATA_TYPES.values())):\n"
        "    mod, cls = v.split(':'); getattr(importlib.import_module('graphsdk.models.' + mod), cls)\n"
        "for op in r.OPERATIONS: importlib.import_module('graphsdk.requests.' + op)\n"
    )
    subprocess.run([sys.executable, "-W", "error", "-c", code], cwd=root, check=True)


def test_pyflakes_reports_nothing(corpus_package):
    _, _, _, folder = corpus_package
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "ruff",
            "check",
            "--no-cache",
            "--isolated",
            "--select",
            "F",
            "-q",
            str(folder),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[:3000]


def test_generated_tests_pass_or_xfail_with_a_reason(corpus_package):
    _, _, root, folder = corpus_package
    result = run_pytest(folder / "tests", root)
    summary = result.stdout.strip().splitlines()[-1]
    print(summary)
    counts = {
        k: int(v)
        for v, k in re.findall(
            r"(\d+) (passed|failed|xfailed|xpassed|error|errors)", summary
        )
    }
    assert result.returncode == 0, result.stdout[-3000:]
    assert counts.get("failed", 0) == 0 and counts.get("xpassed", 0) == 0
    assert counts["passed"] > 3000
