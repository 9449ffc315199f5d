"""Rendering through the caches gives exactly what plain rendering with black gives."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from conftest import REPO
from docgen.cache import DB_NAME, Cache
from docgen.formatting import format_python
from docgen.pipeline import build
from docgen.render import RenderOptions, render_package
from docgen.render_cache import black_could_change, cached_formatter, render_cached

HOSTILE = REPO / "tests" / "fixtures" / "hostile"


def _inputs() -> list[Path]:
    return [REPO / "api-docs", *([HOSTILE] if HOSTILE.is_dir() else [])]


@pytest.mark.parametrize("docs", _inputs(), ids=lambda p: p.name)
def test_packaged_templates_emit_what_black_would_write(docs: Path) -> None:
    built = build([docs], cache=Cache(None), root=REPO)
    raw, _ = render_package(built.model, RenderOptions(), format_all=lambda texts: dict(texts))
    assert raw
    for path, text in raw.items():
        if not black_could_change(text):
            assert format_python(text) == text, f"{path}: black would reformat a file the fast path keeps"


def test_cached_render_equals_plain_render(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    built = build([REPO / "api-docs"], cache=cache, root=REPO)
    plain, plain_diags = render_package(built.model, RenderOptions())
    loads = []

    def load():
        loads.append(1)
        return built

    first, first_diags = render_cached(RenderOptions(), tree_key=built.key, load=load, cache=cache, jobs=1)
    again, again_diags = render_cached(RenderOptions(), tree_key=built.key, load=load, cache=cache, jobs=1)
    assert first == plain == again
    assert first_diags == again_diags == [*built.model.diagnostics, *plain_diags]
    assert loads == [1]  # the second render came from the cache without loading the model


def test_formatter_reuses_black_output_and_discards_corrupt_entries(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    long_line = "x = [" + ", ".join(str(i) for i in range(60)) + "]\n"
    formatter = cached_formatter(cache, jobs=1)
    first = formatter({"a.py": long_line})
    assert first["a.py"] == format_python(long_line) != long_line
    with sqlite3.connect(tmp_path / "cache" / DB_NAME) as db:
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

    from docgen.render_cache import black_version

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
