"""The package's shape: no import cycles, no module over 500 lines, a docstring on every package,
and the pipeline stages importing one way.

The import graph is read from the source with :mod:`ast`, not from what an import run loads:
every ``import``/``from`` statement counts wherever it stands (module level, inside a function,
under ``if TYPE_CHECKING:``), relative imports are resolved against the importing module's
package, and ``importlib.import_module("docgen…")`` with a literal name counts too.
``from package import name`` is an edge to the submodule when ``name`` is one, else to the package.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "docgen"

MAX_LINES = 500
RECORDED_TEXT = {"docgen/render/runtime_ahead.py"}
"""Modules that are a template's output recorded verbatim (docgen/render/runtime.py: run only while
they are the text rendered now; a test checks they are current), not code written here: no line limit."""
"""No module may be longer (``wc -l``): split it along a seam instead."""

STAGES = ("read", "extract", "model", "resolve", "render", "write", "checks")
"""The pipeline's stages; :mod:`docgen.pipeline` runs them and :mod:`docgen.cli` drives it."""


# --- reading the graph ----------------------------------------------------------------------------


def module_files(root: Path, package: str) -> dict[str, Path]:
    """Dotted module name -> file, for every ``.py`` file of ``package`` under ``root``."""
    out = {}
    for path in sorted((root / package).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _imported_names(
    tree: ast.AST, name: str, is_package: bool
) -> Iterator[tuple[str, str | None, int]]:
    """(module, imported name or None, line) of every import in ``tree``, relative ones resolved."""
    own_package = name if is_package else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, None, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = own_package.split(".")
                parts = parts[: len(parts) - (node.level - 1)]
                base = ".".join(parts + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            for alias in node.names:
                yield base, alias.name, node.lineno
        elif isinstance(node, ast.Call):
            func = node.func
            called = (
                func.attr
                if isinstance(func, ast.Attribute)
                else getattr(func, "id", None)
            )
            if (
                called == "import_module"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                if isinstance(node.args[0].value, str):
                    yield node.args[0].value, None, node.lineno


def import_graph(root: Path, package: str) -> tuple[dict[str, set[str]], list[str]]:
    """(module -> the package's modules it imports, imports of the package that name no module)."""
    files = module_files(root, package)
    graph: dict[str, set[str]] = {}
    unknown: list[str] = []
    for name, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        edges: set[str] = set()
        for module, imported, line in _imported_names(
            tree, name, path.name == "__init__.py"
        ):
            if module != package and not module.startswith(package + "."):
                continue
            if imported is not None and f"{module}.{imported}" in files:
                target = f"{module}.{imported}"
            elif module in files:
                target = module
            else:
                unknown.append(f"{path.relative_to(root)}:{line}: {module}")
                continue
            if target != name:
                edges.add(target)
        graph[name] = edges
    return graph, unknown


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle (``[a, b, …, a]``), or None when the graph is acyclic."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in sorted(graph):
        if state.get(start):
            continue
        path = [start]
        stack = [iter(sorted(graph[start]))]
        state[start] = 1
        while stack:
            target = next(stack[-1], None)
            if target is None:
                state[path.pop()] = 2
                stack.pop()
            elif state.get(target) == 1:
                return path[path.index(target) :] + [target]
            elif not state.get(target):
                state[target] = 1
                path.append(target)
                stack.append(iter(sorted(graph.get(target, ()))))
    return None


def in_package(module: str, *packages: str) -> bool:
    """True when ``module`` is one of ``docgen.<package>`` or inside it."""
    return any(
        module == f"{PACKAGE}.{p}" or module.startswith(f"{PACKAGE}.{p}.")
        for p in packages
    )


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    return import_graph(ROOT, PACKAGE)[0]


def edges_from(graph: dict[str, set[str]], package: str) -> list[tuple[str, str]]:
    """(importer, imported) for every module of ``docgen.<package>``, sorted."""
    return sorted(
        (m, t)
        for m, targets in graph.items()
        if in_package(m, package)
        for t in targets
    )


# --- the rules --------------------------------------------------------------------------------------


def test_every_docgen_import_names_a_module() -> None:
    # A mis-resolved import would drop an edge from the graph and hide a cycle or a layering break.
    assert import_graph(ROOT, PACKAGE)[1] == []


def test_no_import_cycle(graph: dict[str, set[str]]) -> None:
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle: " + " -> ".join(cycle or ())


def test_no_module_over_the_line_limit() -> None:
    sizes = {
        str(path.relative_to(ROOT)): len(path.read_text(encoding="utf-8").splitlines())
        for path in module_files(ROOT, PACKAGE).values()
    }
    over = {path: n for path, n in sizes.items() if n > MAX_LINES and path not in RECORDED_TEXT}
    assert over == {}, f"modules over {MAX_LINES} lines: {over}"


def test_every_package_has_a_docstring() -> None:
    folders = sorted({path.parent for path in (ROOT / PACKAGE).rglob("*.py")})
    missing = []
    for folder in folders:
        init = folder / "__init__.py"
        docstring = (
            ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
            if init.exists()
            else None
        )
        if not (docstring or "").strip():
            missing.append(str(folder.relative_to(ROOT)))
    assert missing == [], f"packages without an __init__.py docstring: {missing}"


def test_read_imports_no_later_stage(graph: dict[str, set[str]]) -> None:
    later = ("extract", "resolve", "render", "write", "checks", "pipeline", "cli")
    assert [(m, t) for m, t in edges_from(graph, "read") if in_package(t, *later)] == []


def test_model_imports_only_model_read_and_diagnostics(
    graph: dict[str, set[str]],
) -> None:
    allowed = ("model", "read", "diagnostics")
    assert [
        (m, t) for m, t in edges_from(graph, "model") if not in_package(t, *allowed)
    ] == []


def test_only_the_command_line_imports_it(graph: dict[str, set[str]]) -> None:
    # ``python -m docgen`` (docgen/__main__.py) is the command line's front door.
    outside = [
        (m, t)
        for m, targets in graph.items()
        for t in targets
        if in_package(t, "cli")
        and not in_package(m, "cli")
        and m != f"{PACKAGE}.__main__"
    ]
    assert sorted(outside) == []


@pytest.mark.parametrize("stage", STAGES)
def test_stages_do_not_import_the_command_line(
    graph: dict[str, set[str]], stage: str
) -> None:
    assert [(m, t) for m, t in edges_from(graph, stage) if in_package(t, "cli")] == []


# render included: it is handed a job runner (docgen.render.jobs.JobRunner); the pipeline's runs
# the jobs on its workers through its cache.
@pytest.mark.parametrize("stage", STAGES)
def test_stages_do_not_import_the_pipeline(
    graph: dict[str, set[str]], stage: str
) -> None:
    assert [
        (m, t) for m, t in edges_from(graph, stage) if in_package(t, "pipeline")
    ] == []


# --- the graph reader itself, on a planted package ---------------------------------------------------


def _plant(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    "importer",
    [
        "from pkg.sub.b import B\n",
        "from .b import B\n",
        "from . import b\n",
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg.sub.b import B\n",
        "def later():\n    import pkg.sub.b\n",
        "import importlib\nM = importlib.import_module('pkg.sub.b')\n",
    ],
)
def test_a_planted_cycle_is_found(tmp_path: Path, importer: str) -> None:
    _plant(
        tmp_path,
        {
            "pkg/__init__.py": '"""p."""\n',
            "pkg/sub/__init__.py": '"""s."""\n',
            "pkg/sub/a.py": importer,
            "pkg/sub/b.py": "from ..sub.a import A\n",
            "pkg/c.py": "from pkg.sub import a\n",
        },
    )
    graph, unknown = import_graph(tmp_path, "pkg")
    assert unknown == []
    assert graph["pkg.c"] == {"pkg.sub.a"}
    assert find_cycle(graph) in (
        ["pkg.sub.a", "pkg.sub.b", "pkg.sub.a"],
        ["pkg.sub.b", "pkg.sub.a", "pkg.sub.b"],
    )


def test_an_acyclic_graph_passes_and_a_wrong_import_is_named(tmp_path: Path) -> None:
    _plant(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/a.py": "from pkg import b\nfrom pkg.c import C\n",
            "pkg/b.py": "from pkg.c import C\n",
            "pkg/c.py": "import os\nfrom pkg.gone import X\n",
        },
    )
    graph, unknown = import_graph(tmp_path, "pkg")
    assert graph["pkg.a"] == {"pkg.b", "pkg.c"}
    assert find_cycle(graph) is None
    assert unknown == [str(Path("pkg/c.py")) + ":2: pkg.gone"]


def test_one_conftest_module():
    """Tests import shared names with ``from conftest import …``; a second conftest.py in a
    sub-folder shadows that module for the files collected after it (CI failed that way)."""
    tests = Path(__file__).resolve().parent
    found = sorted(p.relative_to(tests).as_posix() for p in tests.rglob("conftest.py"))
    assert found == ["conftest.py"], found
