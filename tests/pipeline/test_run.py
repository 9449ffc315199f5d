"""A pipeline Run: what a command works through. It owns the cache (none with ``no_cache``),
shows progress through its meter, pauses the collector while open and, on leaving, waits for
the cache writes its children still have in flight."""

from __future__ import annotations

import gc
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import SEED

import docgen.checks.todos as todos_module
from docgen.model.json_view import dumps
from docgen.pipeline import entry_writer
from docgen.pipeline.build import build
from docgen.pipeline.cache import Cache
from docgen.pipeline.run import Run
from docgen.render.options import RenderOptions


@pytest.fixture()
def tree(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv(
        "DOCGEN_CACHE_DIR", str(tmp_path / "cache")
    )  # never the user's cache
    docs = tmp_path / "docs"
    docs.mkdir()
    text = SEED.read_text(encoding="utf-8")
    for n in range(5):
        page = docs / f"page-{n}.md"
        page.write_text(
            text.replace("learningAssignment", f"learningAssignment{n}"),
            encoding="utf-8",
        )
    return docs


def test_cached_computes_an_unchanged_tree_once(tree: Path) -> None:
    calls: list[int] = []

    def compute() -> list[str]:
        calls.append(1)
        return ["found"]

    def is_list(stored) -> bool:
        return isinstance(stored, list)

    for _ in range(2):
        with Run(jobs=1) as run:
            assert run.cached(
                "lint", run.plan([tree]), compute, "x", valid=is_list
            ) == ["found"]
    assert len(calls) == 1
    with Run(jobs=1) as run:  # other parts: another key
        run.cached("lint", run.plan([tree]), compute, "y", valid=is_list)
    assert len(calls) == 2
    with Run(jobs=1) as run:  # a stored value refused by ``valid`` is computed again
        run.cached("lint", run.plan([tree]), compute, "x", valid=lambda stored: False)
    assert len(calls) == 3
    for _ in range(2):
        with Run(jobs=1, no_cache=True) as run:
            run.cached("lint", run.plan([tree]), compute, "x", valid=is_list)
    assert len(calls) == 5


def test_todos_of_an_unchanged_tree_are_not_scanned_again(
    tree: Path, monkeypatch
) -> None:
    with Run() as run:
        first = run.todos(run.plan([tree]))
    assert first[0]  # the seed page has placeholders

    def refuse(text, display):
        raise AssertionError("scanned again")

    monkeypatch.setattr(todos_module, "scan_page", refuse)
    with Run() as run:
        assert run.todos(run.plan([tree])) == first
    with (
        Run(no_cache=True) as run,
        pytest.raises(AssertionError, match="scanned again"),
    ):
        run.todos(run.plan([tree]))


def test_model_is_the_pipelines_and_the_meter_counts_pages(tree: Path) -> None:
    told: list[tuple[int, str, list[int]]] = []

    @contextmanager
    def meter(total: int, label: str):
        done: list[int] = []
        told.append((total, label, done))
        yield done.append

    with Run(jobs=1, no_cache=True, meter=meter) as run:
        model = run.model([tree], root=tree.parent)
        run.todos(run.plan([tree]))
        run.todos(run.plan([tree / "page-0.md"]))  # one page: no meter
    expected = build([tree], cache=Cache(None), root=tree.parent, jobs=1).model
    assert dumps(model) == dumps(expected)
    counted = [(total, label, done) for total, label, done in told if total]
    assert [(total, label) for total, label, _ in counted] == [
        (5, "parsing pages"),
        (5, "scanning pages"),
    ]
    assert counted[0][2][-1] == 5
    assert counted[1][2] == [1, 2, 3, 4, 5]
    # Stages without a count (Run.stage: total 0) are named as they start.
    assert [label for total, label, _ in told if not total] == [
        "resolving", "reading pages", "reading pages"
    ]


def test_leaving_a_run_waits_for_its_writes_and_restores_the_collector(
    tree: Path,
) -> None:
    gc.enable()
    with Run(jobs=1) as run:
        assert not gc.isenabled()
        files, diagnostics = run.render(
            [tree], RenderOptions(package="pkg"), root=tree.parent
        )
        pending = list(entry_writer._WRITERS)
    assert gc.isenabled()
    assert files and not [d for d in diagnostics if d.severity.name == "ERROR"]
    assert pending  # the rendered package was handed to a child to store ...
    assert entry_writer._WRITERS == []  # ... which the run waited for
    with Run(jobs=1, no_cache=True) as cold:
        assert cold.render([tree], RenderOptions(package="pkg"), root=tree.parent) == (
            files,
            diagnostics,
        )
