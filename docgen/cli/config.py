"""Project settings: ``[tool.docgen]`` in the nearest ``pyproject.toml``.

Keys (all optional): ``source`` (a folder or file, or a list of them), ``output``, ``package``,
``templates`` and ``base-url``, and the table ``[tool.docgen.lint]`` (``ignore``, ``fail-on``,
``baseline``; see :class:`LintConfig`). Relative paths are relative to the folder holding the
``pyproject.toml``. Problems come back as diagnostics located in that file, never as exceptions.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from docgen.diagnostics import Diagnostic, Location, error
from docgen.model.dataclass_ahead import dataclass


def _toml_reader():
    """tomllib (tomli on Python 3.10; None without it), imported when a pyproject.toml is read:
    importing it (its parser compiles regular expressions) took 2 ms of every command run outside
    a project."""
    if sys.version_info >= (3, 11):
        import tomllib

        return tomllib
    try:  # pragma: no cover - exercised only on Python 3.10
        import tomli

        return tomli
    except ImportError:  # pragma: no cover
        return None

KNOWN_KEYS = ("source", "output", "package", "templates", "base-url", "version", "distribution", "lint")
"""The keys ``[tool.docgen]`` understands (``lint`` is the ``[tool.docgen.lint]`` table)."""

LINT_KEYS = ("ignore", "fail-on", "baseline")
"""The keys ``[tool.docgen.lint]`` understands."""

SEVERITIES = ("error", "warning", "info")
"""The values ``fail-on`` takes."""


@dataclass(frozen=True)
class LintConfig:
    """``[tool.docgen.lint]``: ``docgen lint``'s defaults; its command-line options win."""

    ignore: tuple[str, ...] = ()
    """Codes left out everywhere (``ignore``; ``--ignore`` replaces the list)."""
    fail_on: str | None = None
    """``error``, ``warning`` or ``info`` (``fail-on``; ``--fail-on`` wins)."""
    baseline: Path | None = None
    """The baseline file (``baseline``; ``--baseline`` wins, ``--no-baseline`` drops it)."""


@dataclass(frozen=True)
class Config:
    """The ``[tool.docgen]`` table of one ``pyproject.toml``, paths made absolute."""

    pyproject: Path
    """The file the settings came from."""
    sources: tuple[Path, ...] = ()
    """Input pages or folders (``source``)."""
    output: Path | None = None
    """The output folder (``output``)."""
    package: str | None = None
    """The generated package's name (``package``)."""
    templates: Path | None = None
    """A folder of templates overriding the built-in ones (``templates``)."""
    base_url: str | None = None
    """The service root the request builders default to (``base-url``)."""
    version: str | None = None
    """The generated package's version in its ``pyproject.toml`` (``version``)."""
    distribution: str | None = None
    """The generated package's distribution name in its ``pyproject.toml`` (``distribution``)."""
    lint: LintConfig = LintConfig()
    """``[tool.docgen.lint]`` (all defaults when the table is absent)."""


def find_pyproject(start: Path) -> Path | None:
    """The nearest ``pyproject.toml`` in ``start`` or one of its parents, None when there is none."""
    start = start.resolve()
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load_config(start: Path, display=str) -> tuple[Config | None, list[Diagnostic]]:
    """Read ``[tool.docgen]`` from the nearest ``pyproject.toml`` above ``start``.

    ``display`` turns a path into the text diagnostics show. Returns ``(None, diagnostics)`` when
    there is no file, no table, or the file is not valid TOML.
    """
    pyproject = find_pyproject(start)
    if pyproject is None:
        where = Location(display(start / "pyproject.toml"))
        return None, [error("no-config", "no pyproject.toml found here or in a parent folder", where)]
    where = Location(display(pyproject))
    _toml = _toml_reader()
    if _toml is None:  # pragma: no cover - Python 3.10 without tomli
        return None, [error("no-toml", "reading pyproject.toml on Python 3.10 needs 'tomli'", where)]
    try:
        data = _toml.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        return None, [error("config-unreadable", f"cannot read: {exc}", where)]
    except _toml.TOMLDecodeError as exc:
        at = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line, col = (int(at.group(1)), int(at.group(2))) if at else (1, 1)
        msg = str(exc).split(" (at ")[0]
        return None, [error("config-invalid", f"not valid TOML: {msg}", Location(where.path, line, col))]
    table = data.get("tool", {}).get("docgen") if isinstance(data.get("tool"), dict) else None
    if not isinstance(table, dict):
        return None, [error("no-config", "pyproject.toml has no [tool.docgen] table", where)]
    return _from_table(pyproject, table, where)



def _unknown_keys(table: dict, known: tuple[str, ...], name: str, where: Location) -> list[Diagnostic]:
    """A ``config-key`` error for each key of ``table`` (the table ``name``) not in ``known``."""
    names = ", ".join(known)
    return [
        error("config-key", f"unknown key {name} {key!r} (known: {names})", where)
        for key in sorted(table)
        if key not in known
    ]


def _strings(value: object) -> list[str] | None:
    """A string or a list of strings as a list; None for anything else."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return value
    return None

def _from_table(pyproject: Path, table: dict, where: Location) -> tuple[Config | None, list[Diagnostic]]:
    """Check the table's keys and value types and build the :class:`Config`."""
    diagnostics: list[Diagnostic] = []
    root = pyproject.parent
    diagnostics.extend(_unknown_keys(table, KNOWN_KEYS, "[tool.docgen]", where))
    source = _strings(table.get("source", []))
    if source is None:
        diagnostics.append(error("config-value", "[tool.docgen] source must be a string or a list of strings", where))
        source = []
    strings = {}
    for key in ("output", "package", "templates", "base-url", "version", "distribution"):
        value = table.get(key)
        if value is not None and not isinstance(value, str):
            diagnostics.append(error("config-value", f"[tool.docgen] {key} must be a string", where))
            value = None
        strings[key] = value
    lint = _lint_table(root, table.get("lint", {}), where, diagnostics)
    if diagnostics:
        return None, diagnostics
    config = Config(
        pyproject=pyproject,
        sources=tuple(root / s for s in source),
        output=root / strings["output"] if strings["output"] else None,
        package=strings["package"],
        templates=root / strings["templates"] if strings["templates"] else None,
        base_url=strings["base-url"],
        version=strings["version"],
        distribution=strings["distribution"],
        lint=lint,
    )
    return config, []


def _lint_table(root: Path, table: object, where: Location, diagnostics: list[Diagnostic]) -> LintConfig:
    """``[tool.docgen.lint]`` checked (problems appended to ``diagnostics``) and made a :class:`LintConfig`."""
    if not isinstance(table, dict):
        diagnostics.append(error("config-value", "[tool.docgen] lint must be a table ([tool.docgen.lint])", where))
        return LintConfig()
    diagnostics.extend(_unknown_keys(table, LINT_KEYS, "[tool.docgen.lint]", where))
    ignore = _strings(table.get("ignore", []))
    if ignore is None:
        diagnostics.append(error("config-value", "[tool.docgen.lint] ignore must be a list of codes", where))
        ignore = []
    fail_on = table.get("fail-on")
    if fail_on is not None and fail_on not in SEVERITIES:
        diagnostics.append(error("config-value", "[tool.docgen.lint] fail-on must be error, warning or info", where))
        fail_on = None
    baseline = table.get("baseline")
    if baseline is not None and (not isinstance(baseline, str) or not baseline):
        diagnostics.append(error("config-value", "[tool.docgen.lint] baseline must be a path (a string)", where))
        baseline = None
    return LintConfig(tuple(ignore), fail_on, root / baseline if baseline else None)


def load_lint_config(start: Path, display=str) -> tuple[LintConfig, list[Diagnostic]]:
    """``[tool.docgen.lint]`` of the nearest ``pyproject.toml`` above ``start``: defaults when there
    is no file or no ``[tool.docgen]`` table; the problems when the settings are wrong."""
    config, problems = load_config(start, display)
    if config is not None:
        return config.lint, []
    return LintConfig(), [d for d in problems if d.code != "no-config"]
