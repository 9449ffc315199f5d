"""The command layer calls the pipeline through its one API (:mod:`docgen.pipeline.run`), never
its cache, pools or build steps: those stay a layer of their own below the commands."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import docgen.cli

CLI = Path(docgen.cli.__file__).parent


def _imports(path: Path) -> list[str]:
    """Every module ``path`` imports (absolute imports; ``from a import b`` gives ``a.b`` too)."""
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append(node.module)
            found.extend(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def test_the_cli_reaches_the_pipeline_only_through_its_run() -> None:
    modules = sorted(CLI.glob("*.py"))
    assert len(modules) >= 5
    reaching = {
        path.name: name
        for path in modules
        for name in _imports(path)
        if (name == "docgen.pipeline" or name.startswith("docgen.pipeline."))
        and name != "docgen.pipeline.run" and not name.startswith("docgen.pipeline.run.")
    }
    assert reaching == {}


def test_the_cli_never_handles_a_cache() -> None:
    for path in sorted(CLI.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        for name in ("Cache", "finish_writes", "render_cached", "digest", "load_pages"):
            assert not re.search(rf"\b{name}\b", text), f"{path.name} uses {name}"
