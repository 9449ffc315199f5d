"""Shared fixtures: the real Graph docs corpus (optional) and its model, built once per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# No test's docgen runs in a `docgen serve` by accident (tests/cli/test_serve.py asks for one):
# the subprocesses tests start inherit this.
os.environ["DOCGEN_NO_SERVER"] = "1"

REPO = Path(__file__).resolve().parent.parent
"""The repository's root folder."""
SEED = REPO / "api-docs" / "learningassignment-update.md"
"""The seed page."""


def corpus_root() -> Path | None:
    """``$DOCGEN_CORPUS`` (the folder holding ``graph-docs-v1.0/`` and ``graph-metadata/``), or None."""
    value = os.environ.get("DOCGEN_CORPUS")
    if not value:
        return None
    path = Path(value)
    return path if (path / "graph-docs-v1.0").is_dir() else None


def corpus_sources(corpus: Path):
    """Each readable page of the corpus's docs tree, in path order, as a ``SourcePage`` named by
    its file name (for the tests that compare docgen's reading of every page with markdown-it's)."""
    from docgen.read.source import read_source

    for path in sorted((corpus / "graph-docs-v1.0").rglob("*.md")):
        source, _ = read_source(path, path.name)
        if source is not None:
            yield source


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The corpus folder; the test is skipped when DOCGEN_CORPUS does not point at one."""
    root = corpus_root()
    if root is None:
        pytest.skip("DOCGEN_CORPUS is not set to a folder holding graph-docs-v1.0/ (the real Graph docs)")
    return root


@pytest.fixture(scope="session")
def corpus_model(corpus: Path, tmp_path_factory):
    """The resolved model of graph-docs-v1.0, parsed once for the whole test session."""
    from docgen.pipeline.build import build_model
    from docgen.pipeline.cache import Cache

    cache = Cache(tmp_path_factory.mktemp("corpus-cache"))
    return build_model([corpus / "graph-docs-v1.0"], cache=cache)


@pytest.fixture()
def graph():
    """A fake Graph server on 127.0.0.1 (tests/fake_graph.py): the one the session's base URL names."""
    from fake_graph import FakeGraph

    with FakeGraph() as server:
        yield server


@pytest.fixture()
def other():
    """A second fake Graph server: another origin (another port)."""
    from fake_graph import FakeGraph

    with FakeGraph() as server:
        yield server


@pytest.fixture()
def seed_project(tmp_path, monkeypatch) -> Path:
    """A project folder with the seed page in ``docs/`` and a ``[tool.docgen]`` table (output
    ``gen``, package ``gen``), its own cache (never the user's), and the CWD for the test."""
    import shutil

    (tmp_path / "docs").mkdir()
    shutil.copy(SEED, tmp_path / "docs" / SEED.name)
    (tmp_path / "pyproject.toml").write_text(
        '[tool.docgen]\nsource = "docs"\noutput = "gen"\npackage = "gen"\n', encoding="utf-8"
    )
    monkeypatch.setenv("DOCGEN_CACHE_DIR", str(tmp_path / ".cache"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture()
def incremental_tree(tmp_path, monkeypatch) -> Path:
    """A copy of ``tests/fixtures/incremental`` as ``docs/`` in a project folder (the CWD), with
    its own cache (the ``.txt`` notes beside the pages left out)."""
    import shutil

    shutil.copytree(REPO / "tests" / "fixtures" / "incremental", tmp_path / "docs",
                    ignore=shutil.ignore_patterns("*.txt"))
    monkeypatch.setenv("DOCGEN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture()
def resolves(monkeypatch) -> list[int]:
    """How many whole resolves each run made (``docgen.resolve.join.resolve_indexed`` calls)."""
    calls: list[int] = []
    import docgen.resolve.join as join

    real = join.resolve_indexed

    def counted(pages):
        calls.append(len(pages))
        return real(pages)

    monkeypatch.setattr(join, "resolve_indexed", counted)
    return calls
