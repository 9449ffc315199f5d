"""A warm edit's pages parsed by a forked child while this process reads the stored model
(docgen.pipeline.parse_aside): the same digests, entries and results as a parse here, the model
read ahead used by the patch only when read as the patch reads it, and anything the child sends
that is not a list of (digest, entry) pairs parsed here instead."""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

import pytest

from docgen.pipeline import build as build_module
from docgen.pipeline import plain, stored_model
from docgen.pipeline.build import build, load_pages, plan
from docgen.pipeline.cache import Cache
from docgen.pipeline.entry_writer import finish_writes
from docgen.pipeline.parse_aside import MOST, parse_aside, usable
from docgen.write import stamps

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "incremental_render"
linux = pytest.mark.skipif(not (hasattr(os, "fork") and sys.platform.startswith("linux")), reason="fork on Linux")


def _items(docs: Path) -> list[tuple[str, str, bytes]]:
    return [(str(page), page.name, page.read_bytes()) for page in sorted(docs.rglob("*.md"))[:3]]


def test_usable_for_a_few_pages_and_more_than_one_job() -> None:
    on_linux = hasattr(os, "fork") and sys.platform.startswith("linux")
    assert usable(1, 2) is on_linux and usable(MOST, 2) is on_linux
    assert not usable(0, 2) and not usable(MOST + 1, 2) and not usable(1, 1)


@linux
def test_the_child_sends_what_a_parse_here_gives_while_meanwhile_runs_here(tmp_path: Path) -> None:
    items = _items(FIXTURE)
    ran: list[int] = []
    sent = parse_aside(items, build_module._parse_stored, lambda: ran.append(os.getpid()))
    assert ran == [os.getpid()]
    assert sent == [build_module._parse_stored(item) for item in items]


def _raises(item: tuple[str, str, bytes]) -> tuple[str, bytes]:
    raise RuntimeError("a parse that fails in the child")


@linux
@pytest.mark.parametrize("parse", [_raises, lambda item: ("digest", "not bytes"), lambda item: item])
def test_an_answer_that_is_not_pairs_of_digest_and_entry_is_none(parse) -> None:
    ran: list[bool] = []
    assert parse_aside(_items(FIXTURE), parse, lambda: ran.append(True)) is None
    assert ran == [True]


@linux
def test_a_warm_edit_reads_the_model_ahead_and_builds_what_a_cold_build_does(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(FIXTURE, docs)
    root = tmp_path / "cache"
    with plain.digesting(), plain.keeping_encodings():
        build([docs], cache=Cache(root), root=tmp_path, jobs=1)
    finish_writes()
    page = docs / "resources" / "part.md"
    text = page.read_text(encoding="utf-8")
    assert "The weight in grams." in text
    page.write_text(text.replace("The weight in grams.", "The weight in kilograms.", 1), encoding="utf-8")

    work = plan([docs], tmp_path)
    cache = Cache(root)
    old_key = cache.get(build_module.TREE, build_module._tree_key(work))
    assert type(old_key) is str and old_key != work.key
    loaded = load_pages(work, cache, jobs=2, ahead=True)
    assert loaded.parsed == 1  # the edited page, by the child
    assert loaded.key == load_pages(work, Cache(None), jobs=1).key
    assert set(stored_model._PREFETCHED) == {old_key}
    with plain.digesting(), plain.keeping_encodings():
        warm = build([docs], cache=cache, root=tmp_path, jobs=2, planned=work, pages=loaded).model
    assert stored_model._PREFETCHED == {}  # taken by the patch
    assert warm == build([docs], cache=Cache(None), root=tmp_path, jobs=1).model
    assert any("kilograms" in str(t) for t in warm.types)


@linux
def test_a_model_read_ahead_is_not_taken_outside_a_render(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(FIXTURE, docs)
    root = tmp_path / "cache"
    build([docs], cache=Cache(root), root=tmp_path, jobs=1)
    finish_writes()
    work = plan([docs], tmp_path)
    key = work.key
    stored_model.prefetch(Cache(root), key)()
    assert stored_model.take_prefetched(key) is None  # read as a render reads it; now neither
    stored_model.prefetch(Cache(root), key)()
    with plain.digesting(), plain.keeping_encodings():
        found = stored_model.take_prefetched(key)
    assert found is not None and found == stored_model.load_model(Cache(root), key)
    with plain.digesting(), plain.keeping_encodings():
        assert stored_model.take_prefetched(key) is None  # taken once


@linux
def test_a_child_forked_early_is_taken_for_the_same_items_only() -> None:
    from docgen.pipeline import parse_aside as aside

    items = _items(FIXTURE)
    aside.parse_early(items, build_module._parse_stored, 2)
    assert len(aside._EARLY) == 1
    assert aside.take_early(items, _sleeps) is None and aside._EARLY == []  # another parse: ended
    aside.parse_early(items, build_module._parse_stored, 2)
    early = aside.take_early(items, build_module._parse_stored)
    assert early is not None and aside._EARLY == []
    ran: list[bool] = []
    assert parse_aside(items, build_module._parse_stored, lambda: ran.append(True), early) == [
        build_module._parse_stored(item) for item in items]
    assert ran == [True]
    aside.parse_early(items, build_module._parse_stored, 2)  # other items: ended, not taken
    pid = aside._EARLY[0].pid
    assert aside.take_early(items[:2], build_module._parse_stored) is None and aside._EARLY == []
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # waited for already
    aside.parse_early(items, build_module._parse_stored, 1)  # one job: nothing forked
    assert aside._EARLY == []


def _sleeps(item: tuple[str, str, bytes]) -> tuple[str, bytes]:
    time.sleep(60)
    return "", b""


@linux
def test_a_child_forked_early_that_nothing_took_is_ended_at_once() -> None:
    from docgen.pipeline import parse_aside as aside

    aside.parse_early(_items(FIXTURE), _sleeps, 2)
    pid = aside._EARLY[0].pid
    started = time.perf_counter()
    aside.discard_early()
    assert time.perf_counter() - started < 10 and aside._EARLY == []
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


@linux
def test_a_warm_edit_planned_ahead_parses_the_edited_page_in_the_child_the_plan_forked(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from docgen.pipeline import parse_aside as aside
    from docgen.pipeline.run import Run
    from docgen.render.options import RenderOptions

    docs = tmp_path / "docs"
    shutil.copytree(FIXTURE, docs)
    monkeypatch.setenv("DOCGEN_CACHE_DIR", str(tmp_path / "cache"))
    options = RenderOptions(package="gen")
    time.sleep(stamps.FINE_MARGIN_NS / 1e9 * 2)  # settled: old enough to be stamped
    with Run(jobs=2) as run:
        planned = run.plan([docs], tmp_path, ahead=True)
        assert aside._EARLY == []  # every page read: more than a child parses
        cold = run.render([docs], options, root=tmp_path, planned=planned)
        run.remember_pages(planned, [docs], tmp_path)  # (what a generate stores after writing)
    finish_writes()
    page = docs / "resources" / "part.md"
    page.write_text(page.read_text(encoding="utf-8").replace("The weight in grams.", "The weight in kg.", 1),
                    encoding="utf-8")
    time.sleep(stamps.FINE_MARGIN_NS / 1e9 * 2)
    taken: list[object] = []
    real = aside.take_early
    monkeypatch.setattr(build_module, "take_early", lambda *args: taken.append(real(*args)) or taken[-1])
    with Run(jobs=2) as run:
        planned = run.plan([docs], tmp_path, ahead=True)
        assert [a.items for a in aside._EARLY] == [[item for item in planned.items if item[2] is not None]]
        files, diagnostics = run.render([docs], options, root=tmp_path, planned=planned)
        assert aside._EARLY == [] and taken[0] is not None  # (any later look-up finds none)
        assert dict(files) != dict(cold[0]) and any("kg." in text for text in dict(files).values())
    finish_writes()
    with Run(jobs=1) as run:  # the same pages without a child: the same files and diagnostics
        again = run.render([docs], options, root=tmp_path, planned=run.plan([docs], tmp_path, ahead=True))
    assert dict(again[0]) == dict(files) and again[1] == diagnostics
    page.write_text(page.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    with Run(jobs=2) as run:  # planned, never rendered: the child is ended when the run closes
        run.plan([docs], tmp_path, ahead=True)
        assert len(aside._EARLY) == 1
    assert aside._EARLY == []


@linux
def test_no_child_to_spare_the_pages_are_left_to_the_caller(monkeypatch: pytest.MonkeyPatch) -> None:
    from docgen.pipeline import parse_aside as aside

    def refuse() -> int:
        raise OSError("no process to spare")

    monkeypatch.setattr(os, "fork", refuse)
    ran: list[bool] = []
    assert parse_aside(_items(FIXTURE), build_module._parse_stored, lambda: ran.append(True)) is None
    assert ran == [True]
    aside.parse_early(_items(FIXTURE), build_module._parse_stored, 2)  # none forked early either
    assert aside._EARLY == [] and aside.take_early(_items(FIXTURE), build_module._parse_stored) is None
