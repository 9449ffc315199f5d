"""The warm render's shortcuts (issue 18, branch warmrender): each gives exactly what the plain
way gives. Pages stripped of their front matter without dataclasses.replace, long names looked
for only where one can be, memo answers and reused jobs' results built without the dataclasses'
__init__."""

from __future__ import annotations

import dataclasses
import keyword
from dataclasses import dataclass, replace

from hypothesis import given, settings
from hypothesis import strategies as st

from docgen.diagnostics import Diagnostic, Location, warning
from docgen.model.core import Model, Operation, PageInfo, TypeDef
from docgen.pipeline import job_memo, render_jobs
from docgen.pipeline.render_cache import PAGE_FIELDS, long_names, page_free, without_page_meta
from docgen.render import naming
from docgen.render.files import all_pages, header, type_pages
from docgen.render.jobs import JobResult, StoredJob


def _stripped_by_replace(model: Model) -> Model:
    """What without_page_meta gave before its shortcut."""
    return replace(model, pages=tuple(replace(p, front_matter={}, sha256="") for p in model.pages))


@dataclass(frozen=True)
class _MorePage(PageInfo):
    extra: str = "x"


def test_page_fields_are_the_dataclass_fields() -> None:
    assert list(PAGE_FIELDS) == [f.name for f in dataclasses.fields(PageInfo)]


def test_pages_are_stripped_as_replace_strips_them() -> None:
    pages = (
        PageInfo("a.md", "resource", "A", {"title": "A", "ms.date": "1"}, "f" * 64),
        PageInfo("b.md", "api", "B"),
        _MorePage("c.md", "enum", "C", {"k": "v"}, "e" * 64, extra="kept"),
    )
    model = Model(pages=pages)
    stripped = without_page_meta(model)
    expected = _stripped_by_replace(model)
    assert stripped == expected
    assert [type(p) for p in stripped.pages] == [PageInfo, PageInfo, _MorePage]
    assert stripped.pages[2].extra == "kept"
    assert all(p.front_matter == {} and p.sha256 == "" for p in stripped.pages)
    assert model.pages[0].front_matter == {"title": "A", "ms.date": "1"}  # the input is left as it was
    try:
        stripped.pages[0].path = "x"  # type: ignore[misc]
    except dataclasses.FrozenInstanceError:
        pass
    else:
        raise AssertionError("a stripped page must stay frozen")


def _all_pages_in_full(model: Model) -> list[str]:
    """What _Renderer gave as every page before its shortcut."""
    return sorted({p.path for p in model.pages} | {p for t in model.types for p in type_pages(t)}
                  | {o.location.path for o in model.operations})


def _page_model(pages: list[str], type_pages_: list[tuple[str, tuple[str, ...]]], op_pages: list[str]) -> Model:
    return Model(
        pages=tuple(PageInfo(path, "resource", path) for path in pages),
        types=tuple(TypeDef(name=f"T{n}", namespace="ns", kind="entity", location=Location(where, 1, 1),
                            sources=tuple(Location(s, 2, 1) for s in sources))
                    for n, (where, sources) in enumerate(type_pages_)),
        operations=tuple(Operation(name=f"o{n}", title="", location=Location(where, 1, 1))
                         for n, where in enumerate(op_pages)),
    )


def test_all_pages_takes_the_model_s_pages_only_when_they_are_every_page_in_order() -> None:
    """The pages as they are when sorted, each once, and every type's and operation's page among
    them; else (where taking them as they are would be wrong) the sorted set of all three."""
    whole = _page_model(["a.md", "b.md", "c.md"], [("a.md", ("c.md",)), ("b.md", ())], ["c.md", "a.md"])
    cases = [
        whole,
        _page_model(["a.md", "c.md"], [("b.md", ())], []),  # a type's page not among the pages
        _page_model(["a.md", "c.md"], [("a.md", ("b.md",))], []),  # a type's source's page
        _page_model(["a.md", "c.md"], [], ["d.md"]),  # an operation's page
        _page_model(["b.md", "a.md"], [], []),  # not sorted
        _page_model(["a.md", "a.md", "b.md"], [], []),  # a page twice
        _page_model([], [("z.md", ())], ["y.md"]),
        Model(),
    ]
    for model in cases:
        paths = [p.path for p in model.pages]
        assert all_pages(model, paths) == _all_pages_in_full(model), paths
        assert all_pages(model, tuple(paths)) == _all_pages_in_full(model), paths
    assert all_pages(whole, [p.path for p in whole.pages]) == ["a.md", "b.md", "c.md"]
    assert all_pages(cases[1], ["a.md", "c.md"]) == ["a.md", "b.md", "c.md"]
    assert all_pages(cases[5], ["a.md", "a.md", "b.md"]) == ["a.md", "b.md"]
    for paths in ([], ["a.md"], ["a.md", "b.md", "c.md"], ["a.md", "b.md", "c.md", "d.md", "e.md"]):
        assert header(paths, ordered=True) == header(list(reversed(paths)) * 2)


def test_a_page_free_model_renders_as_its_stripped_pages_render(tmp_path) -> None:
    """page_free gives the renderer no page, their paths apart: the same package and diagnostics as
    the pages stripped of their front matter and hash (what it was given before), and the renderer
    reads nothing else of a page."""
    from test_incremental_render import FIXTURE

    from docgen.pipeline.build import build
    from docgen.pipeline.cache import Cache
    from docgen.render.package import RenderOptions, render_package

    model = build([FIXTURE], cache=Cache(None), root=FIXTURE).model
    free, pages = page_free(model)
    assert free.pages == () and free.types is model.types and free.operations is model.operations
    assert pages == tuple(p.path for p in model.pages) and len(pages) > 3
    files, diagnostics = render_package(free, RenderOptions(), pages=pages)
    expected_files, expected_diagnostics = render_package(without_page_meta(model), RenderOptions())
    assert dict(files) == dict(expected_files)
    assert diagnostics == expected_diagnostics
    assert any(text.startswith(header(list(pages))) for text in dict(files).values())
    # the paths given are the pages the package names (a page holding no type nor operation too)
    more = dict(render_package(free, RenderOptions(), pages=(*pages, "zz-more.md"))[0])
    assert f"{len(pages) + 1} pages (" in more["__init__.py"].splitlines()[0]
    assert f"{len(pages)} pages (" in dict(files)["__init__.py"].splitlines()[0]


def _long_names_in_full(model: Model) -> list[Diagnostic]:
    """long_names without its shortcut: every name's snake_case worked out."""
    found = []
    named = [(t.name, "type", t.location) for t in model.types]
    named += [(op.name, "operation", op.location) for op in model.operations]
    for name, fallback, location in named:
        full = naming.snake(name, fallback)
        if len(full) > naming.MODULE_NAME_MAX:
            short = naming.module(name, fallback)
            message = (f"the {fallback} {name[:60]}... makes a module name of {len(full)} characters; "
                       f"its module is {short!r}")
            found.append(warning("long-name", message, location))
    return found


_PIECES = st.sampled_from(["a", "B", "aB", "Ab", "x1", "1", "9a", "_", "-", " ", "Zz", "class", "é", "ﬁ", "㍿", "Ⅻ"])
_NAMES = st.one_of(
    st.lists(_PIECES, min_size=0, max_size=45).map("".join),
    st.text(min_size=0, max_size=90),
    st.integers(min_value=30, max_value=48).map(lambda n: "aB" * (n // 2) + "a" * (n % 2)),
    st.sampled_from(sorted(keyword.kwlist)),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_NAMES, min_size=1, max_size=6), st.lists(_NAMES, min_size=0, max_size=4))
def test_long_names_finds_what_working_out_every_name_finds(type_names: list[str], op_names: list[str]) -> None:
    where = Location("p.md", 1, 1)
    model = Model(
        types=tuple(TypeDef(name=n, namespace="microsoft.graph", kind="entity", location=where) for n in type_names),
        operations=tuple(Operation(name=n, title="", location=where) for n in op_names),
    )
    assert long_names(model) == _long_names_in_full(model)


def test_long_names_at_the_bound() -> None:
    """Names about half the limit (where the shortcut stops) and past it: still worked out."""
    where = Location("p.md", 1, 1)
    names = ["aB" * 19 + "a", "aB" * 20, "aB" * 27, "1" + "a-" * 40, "a" * 81, "x" * 80, "é" * 39]
    model = Model(types=tuple(TypeDef(name=n, namespace="ns", kind="entity", location=where) for n in names))
    found = long_names(model)
    assert found == _long_names_in_full(model)
    assert [d.message.split()[2] for d in found] == [n[:60] + "..." for n in ("aB" * 27, "1" + "a-" * 40, "a" * 81)]


_ASCII_PIECES = st.sampled_from(["a", "B", "aB", "AB", "ABc", "x1", "1", "12", "9a", "1a2b", "_", "-", " ", "class", "type"])


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.lists(_ASCII_PIECES, min_size=0, max_size=60).map("".join),
                 st.text(alphabet=st.characters(max_codepoint=127), max_size=120)),
       st.sampled_from(["type", "operation", "field"]))
def test_snake_bound_is_never_short_of_the_snake_case(name: str, fallback: str) -> None:
    """long_names skips an ASCII name whose bound is within the limit: the bound must hold."""
    assert len(naming.snake(name, fallback)) <= naming.snake_bound(name, fallback)


def test_snake_bound_at_its_worst_cases() -> None:
    """Digits each beginning two words, capitals one each, a digit first, a keyword."""
    for name in ("1a" * 20, "a1" * 20, "A" * 30 + "b", "aB" * 20, "1" + "a-" * 30, "class", "", "---", "9", "B1c2D3"):
        for fallback in ("type", "operation"):
            assert len(naming.snake(name, fallback)) <= naming.snake_bound(name, fallback), (name, fallback)
    assert naming.snake_bound("aB" * 30, "type") == 60 + 30 + 3  # past the limit: worked out


def test_a_memo_answers_as_the_job_entries_it_was_made_from() -> None:
    where = Location("p.md", 2, 3)
    jobs = [
        ("k1", StoredJob((("a.py", "1" * 64),), (), (), ("t\x1fx",), ("d1",))),
        ("k2", StoredJob((("b.py", "2" * 64), ("c.py", "3" * 64)), (warning("w", "m", where),),
                         (warning("s", "n", where),), (), ())),
        ("k3", StoredJob((), (), (), ("a", "b"), ("c", "d"))),
    ]
    memo = job_memo.read_memo(job_memo.memo_payload(jobs))
    assert memo is not None
    for key, stored in jobs:
        assert memo.stored(key) == stored
    assert memo.stored("missing") is None


def test_a_reused_job_s_result_is_the_result_of_its_entry() -> None:
    stored = StoredJob((("a.py", "1" * 64),), (warning("w", "m", Location("p.md")),), (), ("t",), ("d",))
    result = render_jobs._result(stored, {"a.py": "text"}, None, lambda: None)  # type: ignore[arg-type]
    assert result == JobResult(result.files, stored.diagnostics, stored.shared, (("t", "d"),))
    assert dict(result.files) == {"a.py": "text"}
    assert hash(result.diagnostics) == hash(stored.diagnostics)
    try:
        result.files = {}  # type: ignore[misc]
    except dataclasses.FrozenInstanceError:
        pass
    else:
        raise AssertionError("a reused job's result must stay frozen")


def test_a_warm_render_whose_reused_jobs_lost_their_texts_still_gives_a_cold_render_s_files(tmp_path) -> None:
    """render_cached stores only the package's own texts: a reused job whose text entries are gone
    is rendered again when its texts are asked for, and the package is the cold one."""
    import shutil
    import sqlite3
    from contextlib import closing

    from test_incremental_render import FIXTURE, _edit

    from docgen.pipeline.build import build
    from docgen.pipeline.cache import DB_NAME, Cache
    from docgen.pipeline.render_cache import render_cached
    from docgen.render.package import RenderOptions, render_package

    docs = tmp_path / "docs"
    shutil.copytree(FIXTURE, docs)
    cache = Cache(tmp_path / "cache")

    def rendered() -> tuple[dict[str, str], list[str], dict[str, str]]:
        built = build([docs], cache=cache, root=docs)
        files, diags = render_cached(RenderOptions(), tree_key=built.key, load=lambda: built, cache=cache, jobs=1)
        cold = build([docs], cache=Cache(None), root=docs)
        plain, plain_diags = render_package(without_page_meta(cold.model), RenderOptions())
        assert [d.format() for d in diags] == [d.format() for d in (*cold.model.diagnostics, *plain_diags,
                                                                    *long_names(cold.model))]
        return dict(files), [d.format() for d in diags], dict(plain)

    first, _, plain = rendered()
    assert first == plain
    with closing(sqlite3.connect(tmp_path / "cache" / DB_NAME)) as db, db:
        db.execute("DELETE FROM entries WHERE kind = 'text'")
    _edit(docs / "resources/part.md", "The weight in grams.", "The weight in kilograms.")
    again, _, plain = rendered()
    assert again == plain
    with closing(sqlite3.connect(tmp_path / "cache" / DB_NAME)) as db, db:
        (count,) = db.execute("SELECT count(*) FROM entries WHERE kind = 'text'").fetchone()
    assert count == len(set(hashlib_digests(again).values()))  # every text asked for is stored again


def hashlib_digests(files: dict[str, str]) -> dict[str, str]:
    import hashlib

    return {rel: hashlib.sha256(text.encode("utf-8")).hexdigest() for rel, text in files.items()}
