"""Rendering through the caches gives exactly what plain rendering with black gives."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from conftest import REPO

from docgen.pipeline.build import build
from docgen.pipeline.cache import DB_NAME, Cache
from docgen.pipeline.render_cache import (
    black_could_change,
    cached_formatter,
    render_cached,
)
from docgen.render.formatting import black_line, format_python
from docgen.render.package import RenderOptions, render_package

HOSTILE = REPO / "tests" / "fixtures" / "hostile"


LONG_NAMES = REPO / "tests" / "fixtures" / "long-names"  # the seed page with names past black's limit
ENUM_ARGUMENTS = REPO / "tests" / "fixtures" / "rules" / "enum_arguments"  # functions taking enum-typed arguments
BLACK_FREE = {REPO / "api-docs", LONG_NAMES, ENUM_ARGUMENTS}
"""Trees whose every file the templates lay out as black would (#18: black on no file); the
hostile pages may send a file through black (its names are not the generator's shapes)."""


def _inputs() -> list[Path]:
    return [REPO / "api-docs", *([HOSTILE] if HOSTILE.is_dir() else []), LONG_NAMES, ENUM_ARGUMENTS]


@pytest.mark.parametrize("docs", _inputs(), ids=lambda p: p.name)
def test_packaged_templates_emit_what_black_would_write(docs: Path) -> None:
    built = build([docs], cache=Cache(None), root=REPO)
    raw, _ = render_package(built.model, RenderOptions(), format_all=lambda texts: dict(texts))
    assert raw
    for path, text in raw.items():
        if not path.endswith(".py"):
            continue  # pyproject.toml, README.md, py.typed are not Python
        if not black_could_change(text):
            assert format_python(text) == text, f"{path}: black would reformat a file the fast path keeps"
        elif docs in BLACK_FREE:
            raise AssertionError(f"{path}: sent through black ({black_line(text)!r}); #18: black on no file")


@pytest.fixture
def seed_render(tmp_path: Path):
    """The seed's model built through a cache, its plain render, and a counted model loader:
    (cache, built, files, diagnostics, loads, load)."""
    cache = Cache(tmp_path / "cache")
    built = build([REPO / "api-docs"], cache=cache, root=REPO)
    plain, plain_diags = render_package(built.model, RenderOptions())
    loads: list[int] = []

    def load():
        loads.append(1)
        return built

    return cache, built, plain, plain_diags, loads, load


def test_cached_render_equals_plain_render(seed_render) -> None:
    cache, built, plain, plain_diags, loads, load = seed_render
    first, first_diags = render_cached(RenderOptions(), tree_key=built.key, load=load, cache=cache, jobs=1)
    again, again_diags = render_cached(RenderOptions(), tree_key=built.key, load=load, cache=cache, jobs=1)
    assert first == plain == again
    assert first_diags == again_diags == [*built.model.diagnostics, *plain_diags]
    assert loads == [1]  # the second render came from the cache without loading the model


def test_a_cached_package_reads_its_texts_only_when_one_is_asked_for(seed_render, tmp_path: Path) -> None:
    """The render entry holds each file's digest and the diagnostics; each text is an entry of its
    own (by its digest), read on first use. One lost or damaged: rendered again (same bytes)."""
    import hashlib

    cache, built, plain, plain_diags, loads, load = seed_render
    first, _ = render_cached(RenderOptions(), tree_key=built.key, load=load, cache=cache, jobs=1)
    assert first.hashes == {rel: hashlib.sha256(text.encode("utf-8")).hexdigest() for rel, text in plain.items()}
    hit, hit_diags = render_cached(RenderOptions(), tree_key=built.key, load=load, cache=cache, jobs=1)
    assert not hit.loaded and hit.hashes == first.hashes and sorted(hit) == sorted(plain)
    assert hit_diags == [*built.model.diagnostics, *plain_diags]
    assert dict(hit) == plain and hit.loaded and loads == [1]  # read from the texts entry
    with closing(sqlite3.connect(tmp_path / "cache" / DB_NAME)) as db, db:
        assert db.execute("SELECT count(*) FROM entries WHERE kind = 'text'").fetchone() == (len(set(first.hashes.values())),)
    for damage in ("UPDATE entries SET payload = substr(payload, 1, 10) WHERE rowid IN (SELECT rowid FROM entries WHERE kind = 'text' LIMIT 1)",
                   "DELETE FROM entries WHERE rowid IN (SELECT rowid FROM entries WHERE kind = 'text' LIMIT 1)"):
        with closing(sqlite3.connect(tmp_path / "cache" / DB_NAME)) as db, db:
            db.execute(damage)
        lost, _ = render_cached(RenderOptions(), tree_key=built.key, load=load, cache=cache, jobs=1)
        assert not lost.loaded and len(loads) == 1
        assert dict(lost) == plain  # rendered again
        assert len(loads) == 2
        loads.pop()


def test_formatter_reuses_black_output_and_discards_corrupt_entries(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    long_line = "x = [" + ", ".join(str(i) for i in range(60)) + "]\n"
    formatter = cached_formatter(cache, jobs=1)
    first = formatter({"a.py": long_line})
    assert first["a.py"] == format_python(long_line) != long_line
    with closing(sqlite3.connect(tmp_path / "cache" / DB_NAME)) as db, db:  # closed: 3.13 warns of an open one
        assert db.execute("SELECT count(*) FROM entries WHERE kind = 'black'").fetchone() == (1,)
        db.execute("UPDATE entries SET payload = substr(payload, 1, length(payload) - 5) WHERE kind = 'black'")
    hits = cache.hits
    assert formatter({"a.py": long_line})["a.py"] == first["a.py"]
    assert cache.hits == hits  # the corrupt entry was not trusted


def test_user_templates_always_go_through_black(tmp_path: Path) -> None:
    cache = Cache(None)
    unformatted = "x=1\n"
    assert not black_could_change(unformatted)
    assert cached_formatter(cache, jobs=1)({"a.py": unformatted})["a.py"] == "x = 1\n"
    assert cached_formatter(cache, jobs=1, packaged_templates_only=True)({"a.py": unformatted})["a.py"] == unformatted


def test_black_version_is_the_installed_distributions():
    from importlib.metadata import version

    from docgen.pipeline.render_cache import black_version

    assert black_version() == version("black")


LONG = "x" * 90
ATOMIC_FILES = {
    "def whose parameters black put below": f"def test_{LONG}(\n    graph_server,\n):\n    pass\n",
    "raw string alone": f'PATTERN = re.compile(\n    r"(\\d{{4}})-{LONG}\\Z"\n)\n',
    "name as alias in an import": f"from ..requests import (\n    {LONG}_operation as op,\n)\n",
}


@pytest.mark.parametrize("name", sorted(ATOMIC_FILES))
def test_fast_path_keeps_long_lines_black_keeps(name: str) -> None:
    text = ATOMIC_FILES[name]
    assert format_python(text) == text  # black itself leaves the file alone
    assert not black_could_change(text)


@pytest.mark.parametrize(
    "text",
    [
        f"def test_{LONG}(graph_server):\n    pass\n",  # black splits the parameters out
        f"from ..requests import ({LONG}_operation as op, other as o2)\n",
        f'extra = (("a", "{LONG}"), ("b", "c"))\n',
    ],
)
def test_fast_path_sends_changeable_long_lines_to_black(text: str) -> None:
    assert format_python(text) != text
    assert black_could_change(text)


def _render_through_caches(docs: Path, root: Path, cache: Cache, inputs: tuple[Path, ...] = ()):
    """What ``generate`` does: the tree key, then the pages' cores, then a build; returns the
    files, the diagnostics and how many times the model was built."""
    from docgen.pipeline.build import load_pages, plan

    planned = plan([docs, *inputs], root)
    builds = []

    def load():
        builds.append(1)
        return build([docs, *inputs], cache=cache, root=root, jobs=1, planned=planned)

    files, diagnostics = render_cached(
        RenderOptions(), tree_key=planned.key, load=load, cache=cache, jobs=1,
        pages=lambda: load_pages(planned, cache, 1), plan_diagnostics=planned.diagnostics,
    )
    return files, diagnostics, len(builds)


def _plain(docs: Path, root: Path):
    built = build([docs], cache=Cache(None), root=root)
    files, diagnostics = render_package(built.model, RenderOptions())
    return files, [*built.model.diagnostics, *diagnostics]


def _edit(page: Path, old: str, new: str) -> None:
    text = page.read_text(encoding="utf-8")
    assert old in text
    page.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_edit_that_changes_no_core_renders_nothing(tmp_path: Path) -> None:
    import shutil

    docs = tmp_path / "docs"
    shutil.copytree(REPO / "api-docs", docs)
    page = docs / "learningassignment-update.md"
    cache = Cache(tmp_path / "cache")
    first = _render_through_caches(docs, tmp_path, cache)
    assert first[2] == 1
    # front matter: not read by anything docgen renders
    _edit(page, 'description: "Update the properties', 'description: "Change the properties')
    second = _render_through_caches(docs, tmp_path, cache)
    assert second[2] == 0  # the page was parsed again; nothing was built or rendered
    assert second[:2] == first[:2] == _plain(docs, tmp_path)
    again = _render_through_caches(docs, tmp_path, cache)
    assert again == second  # the exact tree now: found through the alias
    # a property's description: read, rendered into a docstring
    _edit(page, "|**TODO: Add Description** Optional.|", "|When it was assigned. Optional.|")
    third = _render_through_caches(docs, tmp_path, cache)
    assert third[2] == 1
    assert third[:2] == _plain(docs, tmp_path) != second[:2]
    assert any("When it was assigned." in text for text in third[0].values())


def test_missing_inputs_are_reported_by_the_run_that_misses_them(tmp_path: Path) -> None:
    import shutil

    docs = tmp_path / "docs"
    shutil.copytree(REPO / "api-docs", docs)
    cache = Cache(tmp_path / "cache")
    gone = tmp_path / "not-there"
    _, with_missing, _ = _render_through_caches(docs, tmp_path, cache, (gone,))
    assert [d.code for d in with_missing].count("input-missing") == 1
    # the same pages without the missing input: the cached render is the answer, without the
    # old report
    files, diagnostics, builds = _render_through_caches(docs, tmp_path, cache)
    assert builds == 0
    assert "input-missing" not in [d.code for d in diagnostics]
    assert (files, diagnostics) == _plain(docs, tmp_path)
    gone.mkdir()  # the same pages again, and a folder holding none: reported by this run only
    _, with_empty, builds = _render_through_caches(docs, tmp_path, cache, (gone,))
    assert builds == 0
    assert [d.code for d in with_empty if d.severity.label == "error"] == ["no-pages"]


@pytest.mark.parametrize("shape", ["pairs", "uneven", "not-strings", "untagged"])
def test_a_render_entry_of_another_shape_is_rendered_again(seed_render, shape: str) -> None:
    """The render entry holds its files as two columns (paths, their texts' sha256s) behind a tag;
    an entry of another shape (the pairs it held before, columns of unequal lengths or of other
    values, no tag) is no entry: the package is rendered again, the same."""
    from docgen.pipeline.render_cache import FILE_COLUMNS, render_key

    cache, built, plain, plain_diags, loads, load = seed_render
    first, first_diags = render_cached(RenderOptions(), tree_key=built.key, load=load, cache=cache, jobs=1)
    key = render_key(RenderOptions(), built.key)
    (tag, paths, shas), model_diags, render_diags = cache.get("render", key)
    assert tag == FILE_COLUMNS and paths == tuple(sorted(plain)) and dict(zip(paths, shas)) == first.hashes
    files = {"pairs": tuple(zip(paths, shas)), "uneven": (FILE_COLUMNS, paths, shas[:-1]),
             "not-strings": (FILE_COLUMNS, paths, (1,) * len(shas)), "untagged": ("other", paths, shas)}[shape]
    cache.put("render", key, (files, model_diags, render_diags))
    again, again_diags = render_cached(RenderOptions(), tree_key=built.key, load=load, cache=cache, jobs=1)
    assert loads == [1, 1] and dict(again) == plain and again_diags == first_diags


def test_a_render_entry_is_its_plain_data_in_marshal_version_2(seed_render) -> None:
    """Written without marshal's references (faster to write in a process sharing its objects),
    read back by the cache's loads as any entry."""
    import marshal

    from docgen.pipeline.cache import dumps, loads
    from docgen.pipeline.render_cache import FILE_COLUMNS, entry_bytes

    cache, built, plain, plain_diags, _, _ = seed_render
    value = ((FILE_COLUMNS, tuple(sorted(plain)), ("0" * 64,) * len(plain)), tuple(built.model.diagnostics),
             tuple(plain_diags))
    payload = entry_bytes(value)
    assert loads(payload) == loads(dumps(value)) == value
    assert marshal.loads(payload) == marshal.loads(dumps(value)) and payload == marshal.dumps(marshal.loads(payload), 2)
