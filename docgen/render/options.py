"""How to render a package: the options, kept apart so that asking the render cache about them
imports neither Jinja nor black."""

from __future__ import annotations

from pathlib import Path

from docgen.model.dataclass_ahead import dataclass


@dataclass(frozen=True)
class RenderOptions:
    """How to render a package."""

    package: str = "generated"
    """The package's name (used in docstrings; the code itself imports relatively)."""
    base_url: str = "https://graph.microsoft.com/v1.0"
    """The service root request builders use by default."""
    templates: Path | None = None
    """A folder of templates that replace packaged ones of the same name, one at a time."""
    version: str = "0.1.0"
    """The version written to the package's ``pyproject.toml`` (``[tool.docgen] version``)."""
    distribution: str | None = None
    """The distribution name in its ``pyproject.toml``; None: the package name with ``-``."""


def packaged_templates() -> Path:
    """The templates shipped with docgen: ``docgen/templates`` in a wheel, ``templates/`` in a checkout."""
    here = Path(__file__).resolve().parents[1]  # the docgen package
    installed = here / "templates"
    if installed.is_dir():
        return installed
    return here.parent / "templates"
