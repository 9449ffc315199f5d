"""What ``lint``, ``todos`` and ``drift`` read and what they report on: DOCS and ``--root``.

Links and types resolve against a whole docs tree, but a pre-commit hook names only the changed
pages. So a check reads the *root* (every page under it, plus any named page outside it) and
reports findings only for the pages named (DOCS). The root is, in this order:

1. ``--root DIR``;
2. ``[tool.docgen] source`` (the nearest ``pyproject.toml``) when every DOCS lies inside it;
3. the folder holding the DOCS: a folder named is its own root, a file's root is the folder it is
   in, and several inputs share the deepest folder holding all of theirs.

With no DOCS, the inputs are ``[tool.docgen] source`` and everything found is reported.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from docgen.cli.config import load_config
from docgen.cli.support import display
from docgen.diagnostics import Diagnostic
from docgen.model.dataclass_ahead import dataclass


@dataclass(frozen=True)
class Scope:
    """The pages a check reads and the ones it reports on."""

    named: tuple[Path, ...]
    """The DOCS given (pages or folders); the config's sources when none were."""
    tree: tuple[Path, ...]
    """What is read: the root(s), and every named input outside them."""
    whole: bool
    """True when every page read is reported (no DOCS, or DOCS that are the root itself)."""


def root_option(command):
    """``--root DIR`` for lint, todos and drift."""
    return click.option(
        "--root", type=click.Path(path_type=Path, file_okay=False), default=None, metavar="DIR",
        help="The docs tree links and types resolve against; findings are reported only for DOCS. "
        "[default: [tool.docgen] source when DOCS lie inside it, else the folder holding DOCS]",
    )(command)


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or path.is_relative_to(folder)


def _absolute(path: Path) -> Path:
    return Path(os.path.abspath(path))


def default_roots(docs: tuple[Path, ...]) -> tuple[Path, ...]:
    """The root(s) when ``--root`` is not given (see the module's docstring)."""
    absolute = [_absolute(d) for d in docs]
    config, _ = load_config(Path.cwd(), display)
    if config is not None and config.sources:
        sources = [_absolute(s) for s in config.sources]
        if all(any(_inside(a, s) for s in sources) for a in absolute):
            return tuple(sources)
    # A DOCS that does not exist is reported as missing; it does not widen the root.
    holders = [a if a.is_dir() else a.parent for a in absolute if a.exists()] or [
        a.parent for a in absolute
    ]
    return (Path(os.path.commonpath(holders)),)


def resolve_scope(docs: tuple[Path, ...], root: Path | None) -> Scope:
    """The :class:`Scope` of a check given DOCS and ``--root`` (a usage error for a root that is
    no folder)."""
    if root is not None and not root.is_dir():
        kind = "is not a folder" if root.exists() else "does not exist"
        raise click.BadParameter(f"{display(root)!r} {kind}", param_hint="'--root'")
    if not docs:
        config, problems = load_config(Path.cwd(), display)
        if config is None or not config.sources:
            detail = "; ".join(d.format() for d in problems) or "[tool.docgen] has no 'source'"
            raise click.UsageError(f"give DOCS, or a [tool.docgen] source in pyproject.toml ({detail})")
        docs = config.sources
        if root is None:
            return Scope(docs, docs, True)
    roots = (_absolute(root),) if root is not None else default_roots(docs)
    outside = tuple(d for d in docs if not any(_inside(_absolute(d), r) for r in roots))
    whole = {_absolute(d) for d in docs} == set(roots)
    if whole:
        return Scope(tuple(docs), tuple(docs), True)
    return Scope(tuple(docs), roots + outside, False)


def keep(diagnostics, pages: set[str]) -> list[Diagnostic]:
    """The diagnostics located in ``pages`` (their display names)."""
    return [d for d in diagnostics if d.location.path in pages]
