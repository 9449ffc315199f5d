"""``docgen todos`` page by page through the cache (docgen/pipeline/todos_cache.py).

After an edit a warm ``todos`` must print exactly what a ``--no-cache`` run prints, and scan only
the pages whose bytes changed (the run's :class:`~docgen.pipeline.todos_cache.TodoStats`); an
entry that is not a page's scan is never trusted.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from docgen.cli.main import main
from docgen.pipeline import todos_cache
from docgen.pipeline.cache import Cache, user_cache_dir
from docgen.pipeline.run import Run

USER = Path("docs/resources/user.md")


def todos(*args: str) -> str:
    result = CliRunner().invoke(main, ["todos", "docs", "--format", "json", *args])
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def scanned() -> list[str] | None:
    """The pages a ``todos`` run over ``docs/`` scanned (None: its tree's result came whole)."""
    with Run(jobs=1) as run:
        run.todos(run.plan([Path("docs")]))
        stats = run.todo_stats
    return None if stats is None else stats.scanned


def edit(page: Path, old: str, new: str) -> None:
    text = page.read_text(encoding="utf-8")
    assert old in text, f"{page} has no {old!r}"
    page.write_text(text.replace(old, new, 1), encoding="utf-8")


def found(output: str) -> list[tuple[str, int, str]]:
    return [(f["path"], f["line"], f["kind"]) for f in json.loads(output)["findings"]]


def test_a_cold_run_scans_every_page_and_an_unchanged_tree_none(incremental_tree):
    pages = sorted(p.as_posix() for p in Path("docs").rglob("*.md"))
    assert sorted(scanned() or []) == pages
    assert scanned() is None  # the tree's whole result: one lookup


def test_an_edit_scans_only_the_page_it_changed(incremental_tree):
    before = todos()
    edit(USER, "|jobTitle|String|", "|jobTitle|String|TODO: say what a job title is. ")
    assert scanned() == ["docs/resources/user.md"]
    after = todos()
    assert after == todos("--no-cache")
    added = set(found(after)) - set(found(before))
    assert [(path, code) for path, _, code in added] == [("docs/resources/user.md", "todo")]


def test_a_page_put_back_is_answered_from_its_entry(incremental_tree):
    original = USER.read_text(encoding="utf-8")
    first = todos()
    edit(USER, "|jobTitle|String|", "|jobTitle|String|Not yet documented ")
    todos()
    USER.write_text(original, encoding="utf-8")
    assert scanned() is None  # the first tree's result, stored whole
    edit(Path("docs/resources/group.md"), "# group resource type", "# group resource type\n\nTODO: a sentence.")
    assert scanned() == ["docs/resources/group.md"]  # user.md's entry stands
    assert todos() == todos("--no-cache") != first


def test_an_entry_that_is_not_a_scan_is_not_trusted(incremental_tree):
    todos()
    wrongs = (("x", []), ([], ["not a diagnostic"]), (["not a finding"], []), "neither")
    for number, wrong in enumerate(wrongs):  # each a new state of user.md, its entry put first
        edit(USER, "|jobTitle|String|", f"|jobTitle|String|TODO {number}: say what a job title is. ")
        with Run(jobs=1) as run:
            planned = run.plan([Path("docs")])
        index = [item[1] for item in planned.items].index("docs/resources/user.md")
        Cache(user_cache_dir()).put(todos_cache.KIND, todos_cache.page_key(planned.keys[index]), wrong)
        assert scanned() == ["docs/resources/user.md"]
    assert todos() == todos("--no-cache")
