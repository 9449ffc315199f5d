"""What ``generate`` and ``check`` work on: inputs, output and render options, and the rendering itself."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path

import click

from docgen.cli.config import load_config
from docgen.cli.support import display
from docgen.diagnostics import Diagnostic, Location, Severity
from docgen.model.dataclass_ahead import dataclass
from docgen.pipeline.run import Run

DEFAULT_PACKAGE = "generated"
"""Package name when neither ``--package`` nor ``[tool.docgen] package`` gives one."""


@dataclass(frozen=True)
class Target:
    """What ``generate``/``check`` work on."""

    docs: tuple[Path, ...]
    """Input pages and folders."""
    out: Path
    """The output folder."""
    package: str
    """The generated package's name."""
    base_url: str | None
    """The service root for request builders, None for the renderer's default."""
    templates: Path | None
    """A folder of templates overriding the built-in ones, None for none."""
    root: Path
    """What generated files name pages relative to (see :func:`_root`)."""
    version: str | None = None
    """``[tool.docgen] version``: the generated package's version, None for the default."""
    distribution: str | None = None
    """``[tool.docgen] distribution``: its distribution name, None for the package's."""


def resolve_target(docs, out, package, base_url, templates) -> Target:
    """Fill what the command line leaves out from ``[tool.docgen]``; a usage error when it can't."""
    config, problems = load_config(Path.cwd(), display)
    if config is None and (not docs or out is None):
        detail = "; ".join(d.format() for d in problems)
        raise click.UsageError(f"give DOCS and -o OUT, or a [tool.docgen] table in pyproject.toml ({detail})")
    docs = tuple(Path(d) for d in docs) or (config.sources if config else ())
    if not docs:
        raise click.UsageError("no DOCS given and [tool.docgen] has no 'source'")
    out = Path(out) if out is not None else (config.output if config else None)
    if out is None:
        raise click.UsageError("no -o OUT given and [tool.docgen] has no 'output'")
    if not templates and config and config.templates and not config.templates.is_dir():
        # The same refusal as --templates gets from click (exit 2), naming where it was set.
        kind = "is not a folder" if config.templates.exists() else "does not exist"
        raise click.UsageError(
            f"Invalid value for [tool.docgen] templates in {display(config.pyproject)}: "
            f"Directory {display(config.templates)!r} {kind}."
        )
    return Target(
        docs=docs,
        out=out,
        package=package or (config.package if config and config.package else DEFAULT_PACKAGE),
        base_url=base_url or (config.base_url if config else None),
        templates=Path(templates) if templates else (config.templates if config else None),
        root=_root(docs, config.pyproject.parent if config else None),
        version=config.version if config else None,
        distribution=config.distribution if config else None,
    )


def _root(docs: tuple[Path, ...], project: Path | None) -> Path:
    """What generated files name pages relative to: the project folder when every input lies
    inside it, else the folder holding the inputs (never the working directory)."""
    absolute = [Path(os.path.abspath(d)) for d in docs]
    if project is not None and all(a.is_relative_to(project) for a in absolute):
        return project
    return Path(os.path.commonpath([a.parent for a in absolute]))


def shown_from(root: Path) -> Callable[[str], str]:
    """How a page path relative to ``root`` is shown: ``display(root / path)``, each path worked
    out once, and on POSIX without most of the per-call costs of
    :func:`~docgen.cli.support.display` (a ``Path`` made, the working directory asked for and a
    relative path worked out per path: 30-40 ms for a whole tree's 2,085 pages with
    diagnostics): the same lexical steps (no symlink is resolved), the way from the working
    directory to each folder worked out once."""
    here = os.getcwd()
    base = os.path.abspath(root)
    seen: dict[str, str] = {}
    folders: dict[str, str] = {}

    def shown(path: str) -> str:
        found = seen.get(path)
        if found is None:
            if path.startswith("<") or os.path.isabs(path):
                found = path
            elif os.sep != "/":
                found = display(root / path)
            else:
                target = os.path.normpath(os.path.join(base, path))
                folder, _, name = target.rpartition("/")
                if not name or here == target or here.startswith(target + "/"):  # not a file below a folder
                    found = os.path.relpath(target, here)
                else:  # relpath(folder/name) is relpath(folder)/name
                    way = folders.get(folder)
                    if way is None:
                        way = folders[folder] = os.path.relpath(folder or "/", here)
                    found = name if way == "." else f"{way}/{name}"
            seen[path] = found
        return found

    return shown


def _from_root(diagnostic: Diagnostic, shown: Callable[[str], str]) -> Diagnostic:
    """A diagnostic located relative to the root ``shown`` shows paths from (:func:`shown_from`),
    re-located relative to the working directory (its context and related places kept)."""
    where = diagnostic.location
    new = shown(where.path)
    if new == where.path:
        return diagnostic
    # Built as the cache builds a stored value, by setting its fields (Diagnostic and Location
    # are plain frozen dataclasses: docgen.pipeline.plain.registry).
    place = _new(Location)
    place.__dict__.update(path=new, line=where.line, col=where.col)
    moved = _new(Diagnostic)
    moved.__dict__.update(diagnostic.__dict__)
    moved.__dict__["location"] = place
    return moved


_new = object.__new__


def render_options(target: Target):
    """The :class:`~docgen.render.options.RenderOptions` of ``target``."""
    from docgen.render.options import RenderOptions

    templates = Path(os.path.abspath(target.templates)) if target.templates else None
    options = {"package": target.package, "templates": templates}
    if target.base_url:
        options["base_url"] = target.base_url
    if target.version:
        options["version"] = target.version
    if target.distribution:
        options["distribution"] = target.distribution
    return RenderOptions(**options)


def plan_target(run: Run, target: Target):
    """The run's :class:`~docgen.pipeline.build.Plan` of ``target``'s pages (what
    :func:`render_files` plans when it is not given one), the pages it read parsed ahead for
    the render and its output folder looked at for the write (:meth:`~docgen.pipeline.run.Run.plan`)."""
    return run.plan([Path(os.path.abspath(d)) for d in target.docs], target.root, ahead=True, out=target.out)


def unchanged_files(run: Run, target: Target, planned) -> tuple[int, list[tuple]] | None:
    """(files, rows of the diagnostics) when generating ``planned`` into ``target.out`` is proven
    to write nothing and find no error (:meth:`~docgen.pipeline.run.Run.current`), each row
    ``(path, line, col, code, message, -severity)`` (a :data:`~docgen.cli.formats.Row`) located
    as :func:`render_files` locates diagnostics; None when not proven."""
    got = run.current(planned, target.docs, render_options(target), root=target.root, out=target.out, display=display)
    if got is None:
        return None
    count, stored = got
    if os.path.abspath(target.root) == os.getcwd():
        return count, [(path, line, col, code, message, -severity)
                       for path, line, col, code, message, severity in stored]
    shown = shown_from(target.root)
    return count, [(shown(path), line, col, code, message, -severity)
                   for path, line, col, code, message, severity in stored]


def render_files(
    run: Run, target: Target, *, errors_only: bool = False, plans: list | None = None, planned=None
) -> tuple[Mapping[str, str], list[Diagnostic], int]:
    """The package ``run`` renders for ``target``, in memory (texts read when first used), its diagnostics and the number of
    pages read (the run's :class:`~docgen.pipeline.build.Plan` is appended to ``plans``).

    Pages are named relative to the project root (the folder of the ``pyproject.toml`` holding
    ``[tool.docgen]``) while building, so generated headers do not depend on where docgen runs;
    diagnostics are then shown relative to the working directory again (with ``errors_only``,
    only the errors are returned). When the inputs themselves are wrong (missing, unreadable,
    holding no page, a page refused) nothing is rendered: no files, only those errors.
    ``planned``: the run's :func:`plan_target` of ``target`` when the caller made it.
    """
    docs = [Path(os.path.abspath(d)) for d in target.docs]
    planned = planned or run.plan(docs, target.root, ahead=True)  # (pages read: parsed ahead)
    if plans is not None:
        plans.append(planned)
    files: Mapping[str, str] = {}
    if planned.diagnostics:
        diagnostics = list(planned.diagnostics)
    else:
        files, diagnostics = run.render(docs, render_options(target), root=target.root, planned=planned)
    # a new list either way: the caller adds the writer's to it, and the run keeps the render's
    wanted = [d for d in diagnostics if d.severity >= Severity.ERROR] if errors_only else list(diagnostics)
    pages = len(planned.items) + len(planned.skipped)
    if os.path.abspath(target.root) == os.getcwd():  # locations are relative to the right folder
        return files, wanted, pages
    shown = shown_from(target.root)  # many diagnostics share a page: re-locate each page once
    found = [_from_root(d, shown) for d in wanted]
    return files, found, pages


def target_options(command: Callable) -> Callable:
    """DOCS, ``-o``, ``--package``, ``--base-url``, ``--templates`` for generate and check."""
    for decorator in reversed(
        (
            click.argument("docs", nargs=-1, type=click.Path(path_type=Path)),
            click.option("-o", "--output", "out", type=click.Path(path_type=Path), default=None,
                         help="Output folder (default: [tool.docgen] output)."),
            click.option("--package", default=None, help="Name of the generated package."),
            click.option("--base-url", default=None, help="Service root the request builders default to."),
            click.option("--templates", type=click.Path(path_type=Path, file_okay=False, exists=True), default=None,
                         help="A folder of templates overriding the built-in ones."),
        )
    ):
        command = decorator(command)
    return command
