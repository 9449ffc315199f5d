"""After an edit, an incremental ``generate`` writes what a ``--no-cache`` run writes (issue 18).

Render jobs are reused when what they read is unchanged (:mod:`docgen.render.reads`): an
operation's job records the types it looks up while it renders. These tests edit pages of every
kind (a resource's property type, a description cell, an enum member, an API page, a base type's
property, a derived type) in a small tree (``tests/fixtures/incremental_render``) and, when
``$DOCGEN_CORPUS`` is set, in a copy of the v1.0 corpus, and compare every output byte and every
diagnostic with a cold run. A count test shows an edit re-renders only the jobs that read the
edited type.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import REPO
from docgen.pipeline import render_jobs
from docgen.pipeline.build import build_model
from docgen.pipeline.cache import Cache
from docgen.pipeline.render_jobs import PoolRunner
from docgen.render.package import RenderOptions, render_package

FIXTURE = REPO / "tests" / "fixtures" / "incremental_render"


def _generate(docs: Path, out: Path, cache: Path, *extra: str) -> tuple[str, list[str]]:
    """Run ``docgen generate``; (what it printed, its diagnostic lines)."""
    env = dict(os.environ, DOCGEN_CACHE_DIR=str(cache))
    proc = subprocess.run(
        [sys.executable, "-m", "docgen", "generate", str(docs), "-o", str(out), "--min-severity", "info", *extra],
        capture_output=True, text=True, env=env, cwd=docs.parent,
    )
    assert proc.returncode in (0, 1), proc.stderr[-3000:]
    text = proc.stdout + proc.stderr
    return text, [line for line in text.splitlines() if ": info: " in line or ": warning: " in line or ": error: " in line]


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


EDITS: list[tuple[str, str, str, str]] = [
    ("resource property type", "resources/widget.md", "|size|Int32|", "|size|String|"),
    ("description cell", "resources/part.md", "The weight in grams.", "The weight in kilograms."),
    ("enum member", "resources/widget.md", "|red|Red.|", "|crimson|Crimson.|"),
    ("API page", "api/widget-get.md", '"size": 3,', '"size": "big",'),
    ("base type's property", "resources/thing.md", "|createdDateTime|DateTimeOffset|", "|createdDateTime|Int64|"),
    ("derived type", "resources/fancywidget.md", "|sparkle|Boolean|", "|glitter|Boolean|"),
    ("unrelated type cell", "resources/gizmo.md", "|count|Int32|", "|count|Int64|"),
    ("base type gains a property", "resources/thing.md", "|id|String|", "|id|String|The identifier.|\n|sparkle|String|"),
    # a primitive row added to a type's own table (patched into the model: docgen.resolve.added)
    ("a row added", "resources/gizmo.md", "|count|Int64|", "|weight|Double|Its weight.|\n|count|Int64|"),
    ("base type gains a row", "resources/thing.md", "|createdDateTime|Int64|", "|label|String|A label.|\n|createdDateTime|Int64|"),
]
"""(what, page, old text, new text): applied one after another."""


def test_each_edit_gives_the_bytes_of_a_cold_run(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(FIXTURE, docs)
    (docs / "NOTE.txt").unlink()
    out, cache = tmp_path / "out", tmp_path / "cache"
    first, _ = _generate(docs, out, cache)
    original = _tree(out)
    assert "tests/test_widget_list.py" in original and "models/widget_color.py" in original
    for n, (what, page, old, new) in enumerate(EDITS):
        _edit(docs / page, old, new)
        _, warm = _generate(docs, out, cache)
        cold_out = tmp_path / f"cold-{n}"
        _, cold = _generate(docs, cold_out, tmp_path / f"unused-{n}", "--no-cache")
        assert _tree(out) == _tree(cold_out), what
        assert warm == cold, what
        assert _tree(out) != original, what  # the edit did reach the output
    for what, page, old, new in reversed(EDITS):  # every edit undone: the first output again
        _edit(docs / page, new, old)
    _generate(docs, out, cache)
    assert _tree(out) == original


def test_the_edits_reach_what_the_operations_read(tmp_path: Path) -> None:
    """The fixture's edits change operation files, not only model modules: a test that cached
    too much would be caught above, not pass by accident."""
    docs = tmp_path / "docs"
    shutil.copytree(FIXTURE, docs)
    before, _ = _render(docs, None)
    _edit(docs / "resources/widget.md", "|red|Red.|", "|crimson|Crimson.|")
    after, _ = _render(docs, None)
    assert before["tests/test_widget_get.py"] != after["tests/test_widget_get.py"]  # "red" is no longer a colour
    _edit(docs / "resources/fancywidget.md", "|sparkle|Boolean|", "|glitter|Boolean|")
    derived, _ = _render(docs, None)
    assert after["tests/test_widget_list.py"] != derived["tests/test_widget_list.py"]  # the hint named fancyWidget


def _render(docs: Path, job_cache: render_jobs.JobCache | None) -> tuple[dict[str, str], list[str]]:
    model = build_model([docs], cache=Cache(None), root=docs)
    files, diagnostics = render_package(model, RenderOptions(), runner=PoolRunner(1, job_cache))
    return dict(files), [d.format() for d in diagnostics]


@pytest.mark.parametrize(
    ("page", "old", "new", "rendered"),
    [
        # gizmo's module and the one operation that reads gizmo
        ("resources/gizmo.md", "|count|Int32|", "|count|Int64|", 2),
        # part's module and the parts listing (the widget operations never look part up)
        ("resources/part.md", "|weight|Double|", "|weight|Int32|", 2),
        # a description: its module only
        ("resources/widget.md", "The widget's name.", "The widget's full name.", 1),
        # widget's module and the two operations whose examples are checked against widget (get,
        # list); the update's body is a class of its own, and fancyWidget's module names only
        # its base class, whose name has not changed
        ("resources/widget.md", "|size|Int32|", "|size|Int64|", 3),
        # a base type's property: its module and the three operations whose examples are checked
        # against a class deriving from it; the derived classes' modules name only its fields'
        # names, unchanged (their jobs are keyed by what their plans are made of)
        ("resources/thing.md", "|createdDateTime|DateTimeOffset|", "|createdDateTime|Int64|", 4),
        ("resources/thing.md", "When the thing was made.", "When it was made.", 1),
        # an enum member: the enum's module and the two operations whose examples hold a colour
        ("resources/widget.md", "|red|Red.|", "|crimson|Crimson.|", 3),
        ("resources/widget.md", "|red|Red.|", "|red|Reddish.|", 1),
        # a derived type: its module and the listing whose hint names it
        ("resources/fancywidget.md", "|sparkle|Boolean|", "|glitter|Boolean|", 2),
        ("resources/fancywidget.md", "|sparkle|Boolean|", "|sparkle|Int32|", 2),
    ],
)
def test_a_type_edit_renders_only_the_jobs_that_read_the_type(tmp_path: Path, page, old, new, rendered) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(FIXTURE, docs)
    job_cache = render_jobs.JobCache(Cache(tmp_path / "cache"), "context")
    files, _ = _render(docs, job_cache)
    jobs = job_cache.rendered
    builders = [p for p in files if p.startswith("requests/") and p not in ("requests/__init__.py", "requests/_base.py")]
    # six model modules, five operations, a builder module per navigation node, the client and
    # the package's own eight files (runtime, three __init__ modules, _base, conftest, _support)
    assert jobs == 6 + 5 + len(builders) + 1 + 8
    _edit(docs / page, old, new)
    warm = _render(docs, job_cache)
    assert job_cache.rendered - jobs == rendered
    assert job_cache.reused == jobs - rendered
    assert warm == _render(docs, None)


@pytest.mark.parametrize(
    ("page", "old", "new", "planned"),
    [
        # a property's type: planning reads the answer's class (its name), not its properties
        ("resources/gizmo.md", "|count|Int32|", "|count|Int64|", 0),
        # a description: no planning reads one
        ("resources/widget.md", "The widget's name.", "The widget's full name.", 0),
        # an API page: that operation (a new stand-in)
        ("api/widget-get.md", '"size": 3,', '"size": "big",', 1),
        # gizmo's page gone: its get's example still names microsoft.graph.gizmo, a class of the
        # same name and module: nothing planning read changed
        ("resources/gizmo.md", "", None, 0),
        # the enum renamed: the update's body read microsoft.graph.widgetColor, now unknown
        ("resources/widget.md", "### widgetColor values", "### widgetShade values", 1),
    ],
)
def test_the_answers_plan_again_only_the_operations_whose_reads_changed(
    tmp_path: Path, monkeypatch, page, old, new, planned
) -> None:
    """The builder methods' answers need every operation's plan in the main process; each
    operation's part is reused while what its planning read is current (docgen.render.answered),
    and the answers, names and diagnostics equal a cold render's."""
    from docgen.render import answered

    calls: list[str] = []
    real = answered.plan_operation

    def counted(reg, op, module, **kwargs):
        calls.append(op.name)
        return real(reg, op, module, **kwargs)

    monkeypatch.setattr(answered, "plan_operation", counted)
    docs = tmp_path / "docs"
    shutil.copytree(FIXTURE, docs)
    job_cache = render_jobs.JobCache(Cache(tmp_path / "cache"), "context")
    first = _render(docs, job_cache)
    assert len(calls) == 5  # every operation, once
    assert _render(docs, job_cache) == first and len(calls) == 5  # every part reused
    if new is None:
        (docs / page).unlink()
    else:
        _edit(docs / page, old, new)
    warm = _render(docs, job_cache)
    assert len(calls) - 5 == planned
    cold_calls = len(calls)
    assert warm == _render(docs, None)
    assert len(calls) == cold_calls + 5  # without a cache every operation is planned


def test_the_answers_keep_the_first_report_of_an_unknown_type(tmp_path: Path) -> None:
    """Planning reports a type no page defines where it is first met (model order), once: a
    reused part must report what planning it in turn would."""
    from docgen.diagnostics import Location
    from docgen.model.core import Model, Operation, RequestLine, Response

    def op(n: int, type_name: str) -> Operation:
        at = Location(f"api/gadget{n}-get.md", 20)
        return Operation(f"get_gadget{n}", f"Get gadget{n}", at, request_lines=(RequestLine("GET", f"/gadgets{n}", at),),
                         response=Response(at, 200, type_name))

    cache = render_jobs.JobCache(Cache(tmp_path / "cache"), "context")
    for ops in [(op(1, "microsoft.graph.x"), op(2, "microsoft.graph.x")), (op(2, "microsoft.graph.x"),),
                (op(3, "microsoft.graph.x"), op(1, "microsoft.graph.x"), op(2, "microsoft.graph.y")),
                (op(1, "microsoft.graph.x"), op(2, "microsoft.graph.x"))]:
        model = Model(operations=ops)
        warm_files, warm = render_package(model, RenderOptions(), runner=PoolRunner(1, cache))
        cold_files, cold = render_package(model, RenderOptions(), runner=PoolRunner(1, None))
        assert [d.format() for d in warm] == [d.format() for d in cold]
        assert dict(warm_files) == cold_files


def _first_row(section: str, pick: Callable[[list[str]], list[str] | None]) -> Callable[[str], str | None]:
    """An edit of the first row of a ``section`` table that ``pick`` changes (None: no such row)."""

    def edit(text: str) -> str | None:
        lines = text.split("\n")
        inside = False
        for index, line in enumerate(lines):
            if line.startswith("#"):
                inside = line.lstrip("#").strip().lower() == section
            cells = line.split("|")
            if inside and line.startswith("|") and len(cells) >= 5 and not set(cells[1].strip()) <= set(":- "):
                changed = pick(cells)
                if changed is not None:
                    lines[index] = "|".join(changed)
                    return "\n".join(lines)
        return None

    return edit


def _retype(cells: list[str]) -> list[str] | None:
    return [*cells[:2], cells[2].replace("String", "Int64"), *cells[3:]] if cells[2].strip() == "String" else None


def _describe(cells: list[str]) -> list[str] | None:
    return [*cells[:3], cells[3].replace(" the ", " a ", 1), *cells[4:]] if " the " in cells[3] else None


def _rename_member(cells: list[str]) -> list[str] | None:
    name = cells[1].strip()
    return [cells[0], f"{name}Renamed", *cells[2:]] if name.isidentifier() and name != "Member" else None


def test_corpus_edits_give_the_bytes_of_a_cold_run(corpus: Path, tmp_path: Path) -> None:
    """On a copy of the v1.0 corpus: a resource property's type, a description cell, an enum
    member, an API page's example and a base type's property (the first String property of
    ``directoryObject``, which users, groups and devices derive from) are edited, one generate
    each, and the last output and diagnostics are compared with a ``--no-cache`` run's."""
    docs = tmp_path / "docs"
    shutil.copytree(corpus / "graph-docs-v1.0", docs)
    out, cache = tmp_path / "out", tmp_path / "cache"
    _generate(docs, out, cache)
    resources = sorted((docs / "resources").glob("*.md"))
    edits = [
        (resources[len(resources) // 3:], _first_row("properties", _retype)),
        (resources[len(resources) // 2:], _first_row("properties", _describe)),
        ([docs / "resources" / "enums.md", *resources], _first_row_enum()),
        (sorted((docs / "api").glob("*-get.md"))[40:], _api_edit),
        ([docs / "resources" / "directoryobject.md"], _first_row("properties", _retype)),
    ]
    for candidates, edit in edits:
        for page in candidates:
            if not page.is_file():
                continue
            text = page.read_text(encoding="utf-8", errors="replace")
            changed = edit(text)
            if changed is not None and changed != text:
                page.write_text(changed, encoding="utf-8")
                break
        else:
            pytest.fail(f"no page to edit for {edit}")
        _, warm = _generate(docs, out, cache)
    cold_out = tmp_path / "cold"
    _, cold = _generate(docs, cold_out, tmp_path / "unused", "--no-cache")
    assert warm == cold
    assert _tree(out) == _tree(cold_out)


def _first_row_enum() -> Callable[[str], str | None]:
    def edit(text: str) -> str | None:
        lines = text.split("\n")
        inside = False
        for index, line in enumerate(lines):
            if line.startswith("#"):
                inside = line.strip().lower().endswith(" values")
            cells = line.split("|")
            if inside and line.startswith("|") and len(cells) >= 3:
                changed = _rename_member(cells)
                if changed is not None and not set(cells[1].strip()) <= set(":- "):
                    lines[index] = "|".join(changed)
                    return "\n".join(lines)
        return None

    return edit


def _api_edit(text: str) -> str | None:
    """An API page's response example: its first ``"id": "…"`` value becomes a number."""
    marker = '"id": "'
    at = text.find(marker)
    if at < 0:
        return None
    end = text.find('"', at + len(marker))
    return text[:at] + '"id": 12345' + text[end + 1:]


def test_classes_of_one_name_come_from_an_index_and_are_one_read() -> None:
    """A missing property's hint names the classes of the name an ``@odata.type`` gives: looked
    up in an index as one token (``n``), not by walking every class (which made the job depend
    on every type, and every warm render digest them all). The index answers as the scan does,
    and the token's digest follows the answer."""
    from dataclasses import replace

    from docgen.render.checker import Checker
    from docgen.render.models import Registry, plan_classes
    from docgen.render.reads import ALL, SEP, Reads, TrackedChecker

    def watched(model):
        reg = Registry.build(model)
        plans, _ = plan_classes(reg)
        checker = TrackedChecker.build(reg, plans)
        return reg, plans, checker, Reads.watch(reg, checker)

    model = build_model([FIXTURE], cache=Cache(None), root=FIXTURE)
    reg, plans, checker, reads = watched(model)
    scan = Checker.build(Registry.build(model), plans)
    names = {p.type.name.lower() for p in plans} | {"nothing"}
    for name in sorted(names):
        assert checker._named(name) == Checker._named(scan, name), name
    assert checker._named("widget") == ["microsoft.graph.widget"]
    with reads.recording() as tokens:
        checker._named("widget")
    assert tokens == {f"n{SEP}widget"} and ALL not in tokens
    before = reads.digest(f"n{SEP}gizmo")
    gizmo = next(t for t in model.types if t.name == "gizmo")
    renamed = replace(model, types=tuple(replace(t, name="widget", namespace="microsoft.other")
                                         if t is gizmo else t for t in model.types))
    *_, after = watched(renamed)
    assert after.named("widget") == ("microsoft.graph.widget", "microsoft.other.widget")
    assert after.digest(f"n{SEP}widget") != reads.digest(f"n{SEP}widget")
    assert after.digest(f"n{SEP}gizmo") != before and after.named("gizmo") == ()


def test_builder_modules_follow_their_operations_and_their_children(tmp_path: Path) -> None:
    """A builder module's job is keyed on the operations it documents and on what it reads of
    the tree: a change to such an operation, or a node added below it, renders it again, with
    the bytes of a render without a job cache."""
    docs = tmp_path / "docs"
    shutil.copytree(FIXTURE, docs)
    (docs / "NOTE.txt").unlink()
    job_cache = render_jobs.JobCache(Cache(tmp_path / "cache"), "context")

    def builder(files: dict[str, str], path: str) -> str:
        return next(p for p, text in files.items() if f'"""Request builders for ``{path}``."""' in text)

    first, _ = _render(docs, job_cache)
    module, parent = builder(first, "/gizmos/{id}"), builder(first, "/widgets/{id}")
    assert "Get gizmo." in first[module]
    # the operation's description (shown in the module's docstrings)
    _edit(docs / "api/gizmo-get.md", "\nGet gizmo.\n", "\nGet one gizmo by its id.\n")
    rendered = job_cache.rendered
    second = _render(docs, job_cache)
    assert second == _render(docs, None)
    assert "Get one gizmo by its id." in second[0][module] and "Get gizmo." not in second[0][module]
    assert job_cache.rendered - rendered == 2  # the operation's job and its builder module's
    # a node added below a node with an operation (so it is documented where it was): its module
    # gains an accessor
    page = (docs / "api/gizmo-get.md").read_text(encoding="utf-8")
    (docs / "api/widget-count.md").write_text(
        page.replace("GET /gizmos/{id}\n", "GET /widgets/{id}/$count\n").replace('"get_gizmo"', '"count_widget"'),
        encoding="utf-8",
    )
    third = _render(docs, job_cache)
    assert third == _render(docs, None)
    assert third[0][parent] != second[0][parent] and "def count(self)" in third[0][parent]
    rendered = job_cache.rendered
    assert _render(docs, job_cache) == third and job_cache.rendered == rendered  # nothing changed


def test_asking_whether_a_class_is_a_model_is_a_read() -> None:
    """A builder module asks whether its GET answers a model class (an entity or complex type,
    not an enum): each question is a read (``m``) whose digest is the answer."""
    from docgen.render.models import Registry, plan_classes
    from docgen.render.reads import SEP, Reads, TrackedChecker

    model = build_model([FIXTURE], cache=Cache(None), root=FIXTURE)
    reg = Registry.build(model)
    plans, _ = plan_classes(reg)
    reads = Reads.watch(reg, TrackedChecker.build(reg, plans))
    widget = next(p for p in plans if p.type.name == "widget").ref
    color = next(p for p in plans if p.type.kind == "enum").ref
    models = reads.models()
    with reads.recording() as tokens:
        assert (widget.module, widget.name) in models
        assert (color.module, color.name) not in models
        assert ("nowhere", "Nothing") not in models
    assert tokens == {f"m{SEP}{widget.module}:{widget.name}", f"m{SEP}{color.module}:{color.name}", f"m{SEP}nowhere:Nothing"}
    assert reads.digest(f"m{SEP}{widget.module}:{widget.name}") != reads.digest(f"m{SEP}{color.module}:{color.name}")
    assert reads.digest(f"m{SEP}nowhere:Nothing") == reads.digest(f"m{SEP}{color.module}:{color.name}")


def test_read_digests_are_the_same_in_another_process() -> None:
    """A stored result's reads are compared with the digests of a later render, in another
    process (another hash seed): every token's digest must be the same there."""
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from docgen.pipeline.build import build_model\n"
        "from docgen.pipeline.cache import Cache\n"
        "from docgen.render.models import Registry, plan_classes\n"
        "from docgen.render.reads import ALL, Reads, TrackedChecker\n"
        "fixture = Path(sys.argv[1])\n"
        "reg = Registry.build(build_model([fixture], cache=Cache(None), root=fixture))\n"
        "plans, _ = plan_classes(reg)\n"
        "reads = Reads.watch(reg, TrackedChecker.build(reg, plans))\n"
        "reads.digest(ALL)\n"
        "print(sorted(reads._digests.items()))\n"
    )
    outputs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(REPO)}
        proc = subprocess.run([sys.executable, "-c", script, str(FIXTURE)], capture_output=True, text=True, env=env)
        assert proc.returncode == 0, proc.stderr[-2000:]
        outputs.add(proc.stdout)
    assert len(outputs) == 1 and outputs.pop().count("', '") > 20


def test_job_keys_are_the_same_in_another_process(tmp_path: Path) -> None:
    """Every job's key (types and operations named by their digests, class plans by what they are
    made of) is the same bytes in another process with another hash seed, whether the model was
    resolved there or decoded from the cache (its objects' digests then come from the decode)."""
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from docgen.pipeline import plain, render_jobs\n"
        "from docgen.pipeline.build import build_model\n"
        "from docgen.pipeline.cache import Cache\n"
        "from docgen.render.package import RenderOptions, render_package\n"
        "fixture, cache = Path(sys.argv[1]), Path(sys.argv[2])\n"
        "keys = []\n"
        "key = render_jobs.JobCache.key\n"
        "render_jobs.JobCache.key = lambda self, *parts: keys.append(key(self, *parts)) or keys[-1]\n"
        "with plain.digesting():\n"
        "    model = build_model([fixture], cache=Cache(cache), root=fixture)\n"
        "render_package(model, RenderOptions(), runner=render_jobs.PoolRunner(1, render_jobs.JobCache(Cache(None), 'c')))\n"
        "print(len(plain._DIGESTS), sorted(keys))\n"
    )
    outputs = []
    for seed in ("1", "2", "3"):  # resolved (and stored), then decoded twice
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(REPO)}
        proc = subprocess.run([sys.executable, "-c", script, str(FIXTURE), str(tmp_path / "cache")],
                              capture_output=True, text=True, env=env)
        assert proc.returncode == 0, proc.stderr[-2000:]
        outputs.append(proc.stdout.partition(" ")[2])
    assert outputs[0] == outputs[1] == outputs[2] and outputs[0].count("'") >= 50


def test_a_decoded_object_has_the_digest_of_its_encoding() -> None:
    """The digest :func:`~docgen.pipeline.plain.decode` notes for a type or an operation (while
    digesting) is the one :func:`~docgen.pipeline.plain.object_digest` computes from the object
    (so a resolved model and a decoded one give the same keys); a changed object has another."""
    from dataclasses import replace

    from docgen.pipeline import plain

    model = build_model([FIXTURE], cache=Cache(None), root=FIXTURE)
    plain.retain_digests(())
    fresh = [plain.object_digest(o) for o in (*model.types, *model.operations)]
    plain.retain_digests(())
    with plain.digesting():
        decoded = plain.loads(plain.dumps(model))
    objects = (*decoded.types, *decoded.operations)
    assert all(id(o) in plain._DIGESTS for o in objects)  # noted by the decode, not computed again
    assert [plain.object_digest(o) for o in objects] == fresh and len(set(fresh)) == len(fresh)
    changed = replace(decoded.types[0], description=decoded.types[0].description + " more")
    assert plain.object_digest(changed) != fresh[0]
    plain.retain_digests(objects[:1])
    assert list(plain._DIGESTS) == [id(objects[0])]
