"""Issue 4's bar on the real Graph docs (skipped without DOCGEN_CORPUS).

The SDK is generated once for this module with the real CLI, into a temporary folder with a private
cache; each test asserts one line of the bar. The measuring helpers are those of
``benchmarks/sdk_bar.py`` (which also prints the figures and times the import); nothing here is
timed. About two minutes on two cores (1 min 51 s at cbc1d68): a cold generation, black over
every file and the generated test suite dominate.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest
from conftest import REPO

PACKAGE = "graphsdk"
"""The generated package's name."""
PASSED_FLOOR = 5895
"""Generated tests that pass (5,899 reading what today's pages say (issue 16), 5,882 with function
arguments taken from the examples, 5,862 at 144de05, 5,839 at 197dbba; 5,726 before the examples
review)."""
PASSED_SHARE_FLOOR = 0.920
"""passed / all (92.10% reading what today's pages say (issue 16), 91.93% with function
arguments taken from the examples, 91.77% at 144de05, 91.56% at 197dbba, 90.47% before the
examples review; the bar is 99%)."""


def _load_bar():
    spec = importlib.util.spec_from_file_location(
        "docgen_sdk_bar", REPO / "benchmarks" / "sdk_bar.py"
    )
    module = importlib.util.module_from_spec(spec)
    # dataclasses look the module up in sys.modules while they make the class
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


bar = _load_bar()


def _listing(items, limit: int = 25) -> str:
    items = list(items)
    more = f"\n... and {len(items) - limit} more" if len(items) > limit else ""
    return "\n".join(str(i) for i in items[:limit]) + more


@pytest.fixture(scope="module")
def sdk(corpus: Path, tmp_path_factory) -> dict:
    """Generate the package twice; the first tree's snapshot, the second run, and a copy to measure."""
    tmp = tmp_path_factory.mktemp("sdk-bar")
    out = tmp / "out" / PACKAGE
    env = bar.docgen_env(tmp / "cache")
    argv = bar.generate_argv(corpus / "graph-docs-v1.0", out, PACKAGE)
    first = bar.run(argv, env=env, cwd=REPO)  # run inside a project, as a user would
    if first.returncode != 0:
        errors = [line for line in first.stderr.splitlines() if ": error: " in line]
        pytest.fail(
            f"{bar.show(argv)} exited {first.returncode}:\n{_listing(errors or first.stderr.splitlines()[-30:])}"
        )
    before = bar.snapshot(out)
    second = bar.run(argv, env=env, cwd=REPO)
    after = bar.snapshot(out)
    work = tmp / "measure"
    shutil.copytree(out, work / PACKAGE)
    # the same command from a folder outside any project
    elsewhere = bar.run(argv, env=env, cwd=tmp)
    after_elsewhere = bar.snapshot(out)
    return {
        "argv": argv,
        "before": before,
        "after": after,
        "second": second,
        "elsewhere": elsewhere,
        "after_elsewhere": after_elsewhere,
        "package": work / PACKAGE,
    }


def test_generated_tree_is_a_package(sdk):
    package = sdk["package"]
    assert (package / "__init__.py").is_file()
    # v1.0 documents about 1,300 types and 2,100 operations; far fewer means pages went unread
    for area, least in (("models", 1000), ("requests", 1500), ("tests", 1000)):
        assert (
            len(list((package / area).glob("*.py"))) > least
        ), f"{area}/ holds fewer than {least} modules"


def test_every_file_has_the_header_naming_pages_inside_the_docs_tree(sdk):
    problems = bar.header_problems(sdk["package"])
    assert not problems, f"{len(problems)} generated files:\n{_listing(problems)}"


def test_second_run_writes_nothing(sdk):
    assert sdk["second"].returncode == 0, sdk["second"].stderr[-3000:]
    changes = bar.snapshot_changes(sdk["before"], sdk["after"])
    assert (
        not changes
    ), f"the second `{bar.show(sdk['argv'])}` wrote files:\n{_listing(changes)}"


def test_same_command_from_another_folder_writes_nothing(sdk):
    """Same input, same bytes: the working directory is not an input."""
    assert sdk["elsewhere"].returncode == 0, sdk["elsewhere"].stderr[-3000:]
    changes = bar.snapshot_changes(sdk["after"], sdk["after_elsewhere"])
    assert (
        not changes
    ), f"`{bar.show(sdk['argv'])}` run from another folder rewrote {len(changes)} files:\n{_listing(changes)}"


@pytest.mark.parametrize("mode", ["compile", "import"])
def test_every_module_compiles_and_imports_under_W_error(sdk, mode):
    modules, failures, _ = bar.check_modules(mode, sdk["package"])
    assert modules == len(list(sdk["package"].rglob("*.py")))
    assert (
        not failures
    ), f"{len(failures)} of {modules} modules fail to {mode}:\n" + _listing(
        f"{name}: {error}" for name, error in sorted(failures.items())
    )


def test_ruff_pyflakes_reports_nothing(sdk):
    result = bar.ruff_findings(sdk["package"])
    if result is None:
        pytest.skip("ruff is not installed (pip install ruff)")
    findings, argv = result
    where = sdk["package"].parent
    shown = [
        f"{Path(f['filename']).relative_to(where)}:{f['location']['row']}: {f['code']} {f['message']}"
        for f in findings
    ]
    assert not shown, f"`{bar.show(argv)}`: {len(shown)} findings:\n{_listing(shown)}"


def test_the_package_has_no_mypy_strict_errors(sdk, tmp_path):
    # what test_generated_types asserts of the seed's package, on the corpus's 5,717 modules
    # (about 20 s and 1.1 GB on two cores)
    if importlib.util.find_spec("mypy") is None:
        pytest.skip("mypy is not installed (pip install -e '.[test]' installs it)")
    argv = [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", str(tmp_path / "mypy"), PACKAGE]
    run = bar.run(argv, cwd=sdk["package"].parent)
    errors = [line for line in run.stdout.splitlines() if ": error: " in line]
    assert run.returncode == 0 and not errors, f"`{bar.show(argv)}`:\n{_listing(errors or run.stdout.splitlines()[-20:])}"
    assert "Success: no issues found" in run.stdout


def test_black_would_change_nothing(sdk):
    changed, run = bar.black_changes(sdk["package"])
    assert (
        not changed
    ), f"`{bar.show(run.argv)}`: {len(changed)} files would change:\n{_listing(changed)}"


def test_generated_tests_pass_or_xfail_with_a_page_defect(sdk, corpus):
    tests = bar.run_generated_tests(sdk["package"])
    # issue 16: no xfail reason says a property is undocumented while the type's own page has
    # a table row for it
    false_claims = bar.documented_but_claimed_missing(
        sdk["package"], corpus / "graph-docs-v1.0", tests.outcomes
    )
    assert not false_claims, _listing(false_claims)
    assert (
        tests.total > 1000
    ), f"too few tests ran: {tests.summary}\n{tests.run.stdout[-3000:]}"
    bad = tests.unexplained()
    assert not bad, (
        f"{len(bad)} tests neither pass nor xfail with a reason naming a page line:\n"
        + _listing(f"{o.kind}: {o.test}: {o.message[:400]}" for o in bad)
    )
    assert (
        tests.pass_rate >= bar.PASS_RATE_BAR
    ), f"{tests.pass_rate:.2%} pass: {tests.summary}"
    # The bar is 99% of all tests passing; the pages' own defects keep it out of reach (5,882
    # passed, 516 xfailed = 91.93%; 197 of them a single object the page wraps in {"value": {...}}).
    # These floors catch a regression; raise them when the figures move.
    assert tests.counts.get("passed", 0) >= PASSED_FLOOR, tests.summary
    assert tests.passed_share >= PASSED_SHARE_FLOOR, f"{tests.passed_share:.2%} pass: {tests.summary}"
