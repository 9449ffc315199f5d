"""No command is green on nothing: every command, on every way its DOCS can hold nothing or
something that is no page, exits 1 with a located diagnostic, and ``generate`` leaves the earlier
output as it was. Exit codes per command: 0 on the seed page, 1 on bad inputs, 2 on usage.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO, SEED

from docgen.cli.main import main

CSDL = REPO / "tests" / "fixtures" / "csdl" / "graph-v1.0-excerpt.csdl.xml"
COMMANDS = ("generate", "check", "model", "lint", "todos", "drift")


def invoke(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args])


def command_line(command: str, docs: str, *extra: str) -> list[str]:
    """``command`` on ``docs`` with what it needs besides (an output folder, the metadata)."""
    if command in ("generate", "check"):
        return [command, docs, "-o", "gen", "--package", "gen", *extra]
    if command == "drift":
        return [command, "--metadata", str(CSDL), docs, *extra]
    return [command, docs, *extra]


@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> Path:
    """A folder holding ``docs/`` with the seed page; the working directory for the test."""
    (tmp_path / "docs").mkdir()
    shutil.copy(SEED, tmp_path / "docs" / SEED.name)
    monkeypatch.setenv(
        "DOCGEN_CACHE_DIR", str(tmp_path / ".cache")
    )  # never the user's cache
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ``folder``: its bytes and modification time (nanoseconds)."""
    return {
        path.relative_to(folder).as_posix(): (
            path.read_bytes(),
            path.stat().st_mtime_ns,
        )
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


# ------------------------------------------------------------------ the cases, made on disk


def _missing(root: Path) -> tuple[str, str, str]:
    return "nosuch", "nosuch:1:1", "input-missing"


def _empty_folder(root: Path) -> tuple[str, str, str]:
    (root / "empty").mkdir()
    return "empty", "empty:1:1", "no-pages"


def _no_markdown(root: Path) -> tuple[str, str, str]:
    (root / "notes" / "sub").mkdir(parents=True)
    (root / "notes" / "readme.txt").write_text("# not a page\n", encoding="utf-8")
    (root / "notes" / "sub" / "page.markdown").write_text(
        "# nor this\n", encoding="utf-8"
    )
    return "notes", "notes:1:1", "no-pages"


def _file_in_path(root: Path) -> tuple[str, str, str]:
    (root / "plain.md").write_text("# a page\n", encoding="utf-8")
    return "plain.md/docs", "plain.md/docs:1:1", "input-missing"


def _binary_page(root: Path) -> tuple[str, str, str]:
    (root / "bin").mkdir()
    (root / "bin" / "image.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    return "bin", "bin/image.md:3:1", "binary-file"


CASES = {
    "missing": _missing,
    "empty-folder": _empty_folder,
    "no-markdown": _no_markdown,
    "file-in-path": _file_in_path,
    "binary-page": _binary_page,
}


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("command", COMMANDS)
def test_bad_input_exits_1_with_a_located_error(
    project: Path, command: str, case: str
) -> None:
    docs, where, code = CASES[case](project)
    result = invoke(*command_line(command, docs))
    assert result.exit_code == 1, result.output
    assert f"{where}: error: {code}:" in result.stdout + result.stderr
    assert "Traceback" not in result.output
    assert not (project / "gen").exists()  # generate wrote nothing


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_exit_codes(project: Path, command: str) -> None:
    """0 on a real page, 1 on a missing input, 2 on a usage mistake."""
    if command == "check":
        assert (
            invoke("generate", "docs", "-o", "gen", "--package", "gen").exit_code == 0
        )
    # The seed page alone links to pages that are not there: lint is told to let that pass.
    extra = (
        ["--ignore", "unresolved-link", "--ignore", "unresolved-type"]
        if command == "lint"
        else []
    )
    ok = invoke(*command_line(command, "docs", *extra))
    if (
        command == "drift"
    ):  # the seed page disagrees with the excerpt: 1, for drift's findings only
        assert ok.exit_code == 1 and "type-missing-in-metadata" in ok.stdout
        assert "error: input-missing" not in ok.output and "no-pages" not in ok.output
    else:
        assert ok.exit_code == 0, ok.output
    assert invoke(*command_line(command, "nosuch")).exit_code == 1
    assert invoke(*command_line(command, "docs", "--no-such-option")).exit_code == 2


@pytest.mark.parametrize(
    ("command", "fmt"),
    [
        ("lint", "json"),
        ("lint", "sarif"),
        ("lint", "github"),
        ("todos", "json"),
        ("todos", "sarif"),
        ("model", "json"),
        ("drift", "json"),
        ("drift", "sarif"),
        ("drift", "github"),
        ("generate", "json"),
        ("check", "json"),
        ("check", "sarif"),
    ],
)
def test_machine_formats_carry_the_input_error(
    project: Path, command: str, fmt: str
) -> None:
    (project / "empty").mkdir()
    result = invoke(*command_line(command, "empty", "--format", fmt))
    assert result.exit_code == 1
    if fmt == "github":
        assert "::error file=empty,line=1,col=1,title=no-pages::" in result.stdout
        return
    document = json.loads(result.stdout)
    if fmt == "sarif":
        [found] = [
            r for r in document["runs"][0]["results"] if r["ruleId"] == "no-pages"
        ]
        assert found["level"] == "error"
        assert (
            found["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            == "empty"
        )
        return
    assert {
        "severity": "error",
        "code": "no-pages",
        "path": "empty",
        "line": 1,
        "col": 1,
    }.items() <= next(
        d for d in document["diagnostics"] if d["code"] == "no-pages"
    ).items()


def test_lint_names_the_bad_input_among_good_ones(project: Path) -> None:
    """A missing input next to real pages: the pages are linted and the run still fails."""
    result = invoke(
        "lint", "docs", "gone", "--fail-on", "error", "--ignore", "unresolved-link"
    )
    assert result.exit_code == 1
    assert "gone:1:1: error: input-missing:" in result.stdout
    assert (
        "namespace-mismatch" in result.stdout
    )  # the seed page's own findings are there too


# ------------------------------------------------------------------ unreadable folders


def _fail_scandir_on(monkeypatch, name: str) -> None:
    """``os.scandir`` refuses any folder called ``name`` (root reads a chmod 000 folder)."""
    real = os.scandir

    def scandir(path="."):
        if os.path.basename(os.fspath(path)) == name:
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)


@pytest.mark.parametrize("command", COMMANDS)
def test_unreadable_subfolder_is_a_located_error(
    project: Path, monkeypatch, command: str
) -> None:
    (project / "docs" / "locked").mkdir()
    (project / "docs" / "locked" / "hidden.md").write_text("# T\n", encoding="utf-8")
    _fail_scandir_on(monkeypatch, "locked")
    result = invoke(*command_line(command, "docs"))
    assert result.exit_code == 1
    out = result.stdout + result.stderr
    assert (
        "docs/locked:1:1: error: unreadable-folder: cannot read the folder: Permission denied"
        in out
    )


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads a chmod 000 folder"
)
def test_chmod_000_subfolder(project: Path) -> None:
    locked = project / "docs" / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        result = invoke("lint", "docs")
    finally:
        locked.chmod(0o755)
    assert (
        result.exit_code == 1
        and "docs/locked:1:1: error: unreadable-folder:" in result.stdout
    )


# ------------------------------------------------------------------ FIFOs and devices


def _limited() -> None:
    """Run in the child: 4 GiB of address space at most (the old reading of /dev/zero)."""
    resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "DOCGEN_CACHE_DIR": str(cwd / ".cache"),
    }
    return subprocess.run(
        [sys.executable, "-m", "docgen", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=_limited,
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("command", COMMANDS)
def test_fifo_and_dev_zero_are_refused_without_reading(
    project: Path, command: str
) -> None:
    """``x.md`` a FIFO nobody writes to (reading it would block forever) or a link to /dev/zero
    (reading it never ends): refused at once, located, whether named or found in a folder.
    """
    special = project / "special"
    special.mkdir()
    os.mkfifo(special / "pipe.md")
    os.symlink("/dev/zero", special / "zero.md")
    try:
        result = _run(*command_line(command, "special"), cwd=project)
    except subprocess.TimeoutExpired:  # pragma: no cover - the bug this test is about
        pytest.fail(f"docgen {command} hung on a FIFO or /dev/zero")
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert "special/pipe.md:1:1: error: not-a-file: a FIFO (named pipe)" in out
    assert "special/zero.md:1:1: error: not-a-file: a character device" in out
    named = _run(*command_line(command, "special/pipe.md"), cwd=project)
    assert (
        named.returncode == 1
        and "special/pipe.md:1:1: error: not-a-file:" in named.stdout + named.stderr
    )


# ------------------------------------------------------------------ generate keeps earlier output


@pytest.mark.parametrize(
    "case", ["empty-folder", "no-markdown", "missing", "unreadable", "binary-page"]
)
def test_generate_leaves_the_previous_output_untouched(
    project: Path, monkeypatch, case: str
) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.docgen]\nsource = "docs"\noutput = "gen"\npackage = "gen"\n',
        encoding="utf-8",
    )
    assert invoke("generate").exit_code == 0
    before = _snapshot(project / "gen")
    assert len(before) > 10
    (project / "docs" / SEED.name).unlink()
    if case == "no-markdown":
        (project / "docs" / "notes.txt").write_text("notes\n", encoding="utf-8")
    elif case == "missing":
        shutil.rmtree(project / "docs")
    elif case == "unreadable":
        shutil.copy(SEED, project / "docs" / SEED.name)
        (project / "docs" / "locked").mkdir()
        _fail_scandir_on(monkeypatch, "locked")
    elif case == "binary-page":
        (project / "docs" / "binary.md").write_bytes(b"\x00binary")
    result = invoke("generate")
    assert result.exit_code == 1
    assert "docgen: nothing written to gen" in result.stderr
    assert _snapshot(project / "gen") == before
    assert invoke("check").exit_code == 1  # and check fails on the same inputs


# ------------------------------------------------------------------ the cache and the config


def test_input_errors_of_one_run_are_never_stored(project: Path) -> None:
    """``model docs nope`` twice (the second reads the stored model) must not leave ``nope``'s
    input-missing in the cache for a later ``generate docs``."""
    for _ in range(2):
        result = invoke("model", "docs", "nope")
        assert (
            result.exit_code == 1 and "nope:1:1: error: input-missing:" in result.stdout
        )
    result = invoke("generate", "docs", "-o", "gen", "--package", "gen")
    assert result.exit_code == 0, result.output
    assert "input-missing" not in result.output
    model = invoke("model", "docs", "--format", "json")
    assert model.exit_code == 0
    assert "input-missing" not in {
        d["code"] for d in json.loads(model.stdout)["diagnostics"]
    }
    for _ in range(2):  # lint stores its findings; the input error is every run's own
        assert invoke("lint", "docs", "nope", "--format", "json").exit_code == 1
        lint = json.loads(invoke("lint", "docs", "--format", "json").stdout)
        assert "input-missing" not in {d["code"] for d in lint["diagnostics"]}


@pytest.mark.parametrize("value", ['"nope"', '"docs/learningassignment-update.md"'])
def test_config_templates_that_is_no_folder_is_a_usage_error(
    project: Path, value: str
) -> None:
    (project / "pyproject.toml").write_text(
        f'[tool.docgen]\nsource = "docs"\noutput = "gen"\ntemplates = {value}\n',
        encoding="utf-8",
    )
    for args in ((), ("docs", "-o", "gen")):
        for command in ("generate", "check"):
            result = invoke(command, *args)
            assert result.exit_code == 2, result.output
            assert "[tool.docgen] templates in pyproject.toml" in result.stderr
            assert value.strip('"') in result.stderr
    assert not (project / "gen").exists()
    option = invoke("generate", "docs", "-o", "gen", "--templates", "nope")
    assert (
        option.exit_code == 2 and "'--templates'" in option.stderr
    )  # the option's refusal
    (
        project / "tpl"
    ).mkdir()  # the option wins over the config, which is then not looked at
    assert invoke("generate", "--templates", "tpl").exit_code == 0


# ------------------------------------------------------------------ --jobs


def test_jobs_are_capped_at_a_multiple_of_the_cores(project: Path, monkeypatch) -> None:
    import concurrent.futures

    import docgen.pipeline.build as build_module
    from docgen.pipeline.run import Run

    cap = Run.max_jobs()
    assert (
        Run(jobs=1000).jobs == cap == Run.JOBS_PER_CORE * len(os.sched_getaffinity(0))
    )
    assert Run(jobs=1).jobs == 1 and Run().jobs is None
    asked: list[int] = []
    real = concurrent.futures.ProcessPoolExecutor

    def pool(max_workers=None, **kwargs):
        asked.append(max_workers)
        return real(
            max_workers=min(max_workers, 2), **kwargs
        )  # never fork 1000, even unfixed

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", pool)
    monkeypatch.setattr(build_module, "PARALLEL_THRESHOLD", 1)
    result = invoke("model", "docs", "--jobs", "1000", "--no-cache")
    assert result.exit_code == 0, result.output
    assert (
        f"docgen: --jobs 1000 lowered to {cap} ({Run.JOBS_PER_CORE} per core)"
        in result.stderr
    )
    assert asked == [cap]
    assert f"at most {Run.JOBS_PER_CORE} per core" in " ".join(
        invoke("lint", "--help").stdout.split()
    )
