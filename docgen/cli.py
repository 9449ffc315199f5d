"""The ``docgen`` command line: generate, check, model, lint, todos, drift.

Commands only wire things together: the pipeline builds the model, the renderer produces files, the
writer writes or compares them, lint/todos/drift find problems, :mod:`docgen.report` formats them.
Everything the user gets wrong is a diagnostic (``path:line:col: severity: code: message``) and an
exit status (0 fine, 1 findings or errors, 2 usage); no traceback escapes.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import click

from . import __version__, report
from .config import load_config
from .diagnostics import Diagnostic, Location, Severity, error

DEFAULT_PACKAGE = "generated"
"""Package name when neither ``--package`` nor ``[tool.docgen] package`` gives one."""


def display(path: Path) -> str:
    """How a path is shown: relative to the working directory, ``/`` separators.

    Symlinks are not resolved: a refusal names the link the user has, not where it leads.
    """
    absolute = os.path.abspath(path)
    try:
        return Path(os.path.relpath(absolute)).as_posix()
    except ValueError:  # another drive on Windows
        return Path(absolute).as_posix()


def _emit(text: str, *, err: bool = False) -> None:
    """Write ``text`` as is (no added newline) to stdout or stderr."""
    if text:
        click.echo(text, nl=False, err=err)


def _emit_json(document: object) -> None:
    """The one JSON document on stdout."""
    click.echo(json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False))


def _has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity >= Severity.ERROR for d in diagnostics)


def guarded(command: Callable) -> Callable:
    """Turn an unexpected exception into an ``internal-error`` diagnostic and exit status 1."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            click.echo("docgen: interrupted", err=True)
            sys.exit(130)
        except Exception as exc:  # noqa: BLE001 - the edge: report it, never a traceback
            where = Location("<docgen>")
            message = f"unexpected {type(exc).__name__}: {exc} (please report this)"
            click.echo(error("internal-error", message, where).format(), err=True)
            sys.exit(1)

    return wrapper


def format_option(choices: tuple[str, ...] = report.FORMATS) -> Callable:
    """``--format`` with the given choices, default ``text``."""
    return click.option(
        "--format", "fmt", type=click.Choice(choices), default="text", show_default=True,
        help="Output format (json, github and sarif print one document on stdout).",
    )


def build_options(command: Callable) -> Callable:
    """``--no-cache`` and ``--jobs``, passed on to the pipeline."""
    command = click.option("--no-cache", is_flag=True, help="Parse every page again; read and write no cache.")(command)
    command = click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
                           help="Worker processes for parsing (default: the available cores).")(command)
    return command


def build_model(docs: Iterable[Path], *, jobs: int | None, no_cache: bool):
    """The resolved model of ``docs`` through the pipeline (and its cache unless ``no_cache``).

    On a terminal a progress bar counts parsed pages on stderr (the pipeline reports how many
    pages are done through its ``progress`` callback); elsewhere nothing is printed.
    """
    from .cache import Cache, user_cache_dir
    from .pipeline import build, discover

    cache = Cache(None if no_cache else user_cache_dir())
    docs = list(docs)
    if not sys.stderr.isatty():
        return build(docs, jobs=jobs, cache=cache).model
    pages, _ = discover(docs)
    with click.progressbar(length=len(pages), label="parsing pages", file=sys.stderr) as bar:
        done = 0

        def advance(count: int) -> None:
            nonlocal done
            bar.update(max(0, count - done))
            done = max(done, count)

        return build(docs, jobs=jobs, cache=cache, progress=advance).model


def print_diagnostics(diagnostics: Iterable[Diagnostic], fmt: str, *, rules=None, err: bool = False) -> None:
    """Print diagnostics in ``fmt`` (json prints a document with a ``diagnostics`` list)."""
    if fmt == "json":
        _emit_json({"diagnostics": report.to_json(diagnostics)})
    elif fmt == "github":
        _emit(report.to_github(diagnostics))
    elif fmt == "sarif":
        _emit_json(report.to_sarif(diagnostics, rules=rules))
    else:
        _emit(report.to_text(diagnostics), err=err)


docs_argument = click.argument("docs", nargs=-1, type=click.Path(path_type=Path))
"""DOCS: pages or folders; when none are given, ``[tool.docgen] source``."""


def docs_or_config(docs: tuple[Path, ...]) -> tuple[Path, ...]:
    """``docs``, or ``[tool.docgen] source`` when none were given (a usage error when neither exists)."""
    if docs:
        return tuple(docs)
    config, problems = load_config(Path.cwd(), display)
    if config is None or not config.sources:
        detail = "; ".join(d.format() for d in problems) or "[tool.docgen] has no 'source'"
        raise click.UsageError(f"give DOCS, or a [tool.docgen] source in pyproject.toml ({detail})")
    return config.sources


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="docgen")
def main() -> None:
    """Generate Python models, request builders and tests from Graph-style API reference pages."""


# ---------------------------------------------------------------- generate / check


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
    """The project root: the folder of the ``pyproject.toml`` in use, else the working directory."""


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
    return Target(
        docs=docs,
        out=out,
        package=package or (config.package if config and config.package else DEFAULT_PACKAGE),
        base_url=base_url or (config.base_url if config else None),
        templates=Path(templates) if templates else (config.templates if config else None),
        root=config.pyproject.parent if config else Path.cwd(),
    )


@contextlib.contextmanager
def working_directory(path: Path):
    """Run the block in ``path``, then return to where we were."""
    before = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


def _from_root(diagnostic: Diagnostic, root: Path) -> Diagnostic:
    """A diagnostic located relative to ``root``, re-located relative to the working directory."""
    path = diagnostic.location.path
    if path.startswith("<") or Path(path).is_absolute():
        return diagnostic
    return replace(diagnostic, location=replace(diagnostic.location, path=display(root / path)))


def render_files(target: Target, *, jobs, no_cache) -> tuple[dict[str, str], list[Diagnostic]]:
    """Build the model and render the package in memory.

    Pages are named relative to the project root (the folder of the ``pyproject.toml`` holding
    ``[tool.docgen]``) while building, so generated headers do not depend on where docgen runs;
    diagnostics are then shown relative to the working directory again.
    """
    from .render import RenderOptions, render_package

    docs = [Path(os.path.abspath(d)) for d in target.docs]
    templates = Path(os.path.abspath(target.templates)) if target.templates else None
    options = {"package": target.package, "templates": templates}
    if target.base_url:
        options["base_url"] = target.base_url
    with working_directory(target.root):
        model = build_model(docs, jobs=jobs, no_cache=no_cache)
        files, diagnostics = render_package(model, RenderOptions(**options))
    found = [_from_root(d, target.root) for d in (*model.diagnostics, *diagnostics)]
    return dict(files), found


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


@main.command()
@target_options
@click.option("--force", is_flag=True, help="Overwrite hand-edited files and files without docgen's header.")
@build_options
@format_option(("text", "json"))
@guarded
def generate(docs, out, package, base_url, templates, force, jobs, no_cache, fmt) -> None:
    """Parse DOCS and write the generated package to OUT (nothing is written on an error)."""
    from .writer import write_output

    target = resolve_target(docs, out, package, base_url, templates)
    files, diagnostics = render_files(target, jobs=jobs, no_cache=no_cache)
    result = None
    if not _has_errors(diagnostics):
        result = write_output(files, target.out, inputs=target.docs, force=force, display=display)
        diagnostics += list(result.diagnostics)
    failed = _has_errors(diagnostics)
    if fmt == "json":
        _emit_json(
            {
                "output": display(target.out),
                "written": list(result.written) if result else [],
                "removed": list(result.removed) if result else [],
                "unchanged": len(result.unchanged) if result else 0,
                "diagnostics": report.to_json(diagnostics),
                "ok": not failed,
            }
        )
    else:
        _emit(report.to_text(diagnostics), err=True)
        if failed:
            click.echo(f"docgen: nothing written to {display(target.out)}" if result is None or not result.written
                       else f"docgen: {display(target.out)} partly updated", err=True)
        else:
            click.echo(
                f"{display(target.out)}: {len(result.written)} written, {len(result.removed)} removed, "
                f"{len(result.unchanged)} unchanged"
            )
    sys.exit(1 if failed else 0)


@main.command()
@target_options
@build_options
@format_option()
@guarded
def check(docs, out, package, base_url, templates, jobs, no_cache, fmt) -> None:
    """Regenerate DOCS in memory and compare with OUT; exit 1 on any difference. Writes nothing."""
    from .writer import check_output

    target = resolve_target(docs, out, package, base_url, templates)
    files, diagnostics = render_files(target, jobs=jobs, no_cache=no_cache)
    errors = [d for d in diagnostics if d.severity >= Severity.ERROR]
    if errors:
        print_diagnostics(errors, fmt)
        sys.exit(1)
    result = check_output(files, target.out, inputs=target.docs, display=display)
    if fmt == "json":
        _emit_json(result.to_json())
    elif fmt in ("github", "sarif"):
        print_diagnostics(result.diagnostics, fmt)
    else:
        _emit(report.to_text(result.diagnostics))
        _emit(result.diff_text())
        if result.clean:
            click.echo(f"{display(target.out)}: up to date ({len(files)} files)")
        else:
            counts = (f"{len(result.changed)} changed, {len(result.new)} new, {len(result.stale)} stale, "
                      f"{len(result.hand_edited)} hand-edited")
            click.echo(f"{display(target.out)}: out of date: {counts}; run docgen generate")
    sys.exit(0 if result.clean else 1)


# ---------------------------------------------------------------- model / lint / drift


@main.command()
@docs_argument
@build_options
@format_option(("text", "json"))
@guarded
def model(docs, jobs, no_cache, fmt) -> None:
    """Print the intermediate model of DOCS (exit 1 when an error diagnostic was raised)."""
    from .model_json import model_to_json

    built = build_model(docs_or_config(docs), jobs=jobs, no_cache=no_cache)
    if fmt == "json":
        _emit_json(model_to_json(built))
    else:
        for typedef in built.types:
            base = f" : {typedef.base}" if typedef.base else ""
            click.echo(f"{typedef.kind} {typedef.qualified_name}{base} ({len(typedef.properties or typedef.members)})")
        for op in built.operations:
            click.echo(f"operation {op.name}: {op.method} {' | '.join(op.paths)}")
        _emit(report.to_text(built.diagnostics))
    sys.exit(1 if _has_errors(built.diagnostics) else 0)


def severity_option(default: str) -> Callable:
    """``--fail-on error|warning|info``."""
    return click.option("--fail-on", type=click.Choice(("error", "warning", "info")), default=default,
                        show_default=True, help="Exit 1 when a finding at or above this severity exists.")


@main.command()
@docs_argument
@click.option("--ignore", multiple=True, metavar="CODE", help="Leave out findings with this code (repeatable).")
@severity_option("error")
@build_options
@format_option()
@guarded
def lint(docs, ignore, fail_on, jobs, no_cache, fmt) -> None:
    """Report places where DOCS contradict themselves (examples against tables, JSON, links …)."""
    from .lint import lint as run_lint
    from .lint import unknown_codes

    bad = unknown_codes(ignore)
    if bad:
        raise click.BadParameter(f"unknown lint code(s): {', '.join(bad)}", param_hint="'--ignore'")
    built = build_model(docs_or_config(docs), jobs=jobs, no_cache=no_cache)
    findings = run_lint(built, ignore=ignore)
    print_diagnostics(findings, fmt, rules=_lint_rules())
    threshold = Severity.parse(fail_on)
    sys.exit(1 if any(d.severity >= threshold for d in findings) else 0)


def _lint_rules() -> dict[str, str]:
    """Descriptions of the lint codes (for SARIF rules)."""
    from .lint_codes import CODES

    return {code: description for code, (_, description) in CODES.items()}


@main.command()
@docs_argument
@click.option("--metadata", required=True, type=click.Path(path_type=Path), help="The service's CSDL metadata file.")
@severity_option("error")
@build_options
@format_option(("text", "json"))
@guarded
def drift(docs, metadata, fail_on, jobs, no_cache, fmt) -> None:
    """Compare DOCS with the service's CSDL metadata."""
    from .drift import compare, load_metadata

    csdl, problems = load_metadata(metadata)
    if csdl is None:
        print_diagnostics(problems, "json" if fmt == "json" else "text")
        sys.exit(1)
    _emit(report.to_text(problems), err=True)
    built = build_model(docs_or_config(docs), jobs=jobs, no_cache=no_cache)
    result = compare(built, csdl)
    threshold = Severity.parse(fail_on)
    if fmt == "json":
        _emit_json(result.to_json())
    else:
        _emit(result.to_text())
    sys.exit(1 if result.at_or_above(threshold) else 0)


# ---------------------------------------------------------------- todos


def parse_fail_on(value: str) -> str | int:
    """``visible``, ``any``, ``never`` or a count (exit 1 when at least that many findings)."""
    text = value.strip().lower()
    if text in ("visible", "any", "never"):
        return text
    if text.isdigit() and int(text) >= 1:
        return int(text)
    raise click.BadParameter("use visible, any, never or a count of at least 1")


@main.command()
@docs_argument
@click.option("--fail-on", "fail_on", default="never", show_default=True, metavar="visible|any|never|N",
              help="Exit 1 on any visible placeholder, on any at all, or on at least N.")
@format_option()
@guarded
def todos(docs, fail_on, fmt) -> None:
    """List the placeholders left in DOCS (TODO notes, empty descriptions, placeholder front matter)."""
    from .pipeline import discover
    from .source import read_source
    from .todos import TodoReport, scan_page

    try:
        threshold = parse_fail_on(fail_on)
    except click.BadParameter as exc:
        raise click.BadParameter(exc.message, param_hint="'--fail-on'") from None
    pages, problems = discover(docs_or_config(docs))
    findings = []
    with _progress(pages, "scanning pages") as items:
        for page in items:
            source, read_problems = read_source(page.path, page.display)
            problems.extend(d for d in read_problems if d.severity >= Severity.ERROR)
            if source is not None:
                findings.extend(scan_page(source.text, page.display))
    result = TodoReport.of(findings, pages=len(pages))
    if fmt == "json":
        document = result.to_json()
        document["diagnostics"] = report.to_json(problems)
        _emit_json(document)
    elif fmt == "github":
        _emit(report.to_github(result.diagnostics() + problems))
    elif fmt == "sarif":
        _emit_json(report.to_sarif(result.diagnostics() + problems, rules=result.rules()))
    else:
        _emit(report.to_text(problems), err=True)
        _emit(result.to_text())
    failed = result.fails(threshold) or _has_errors(problems)
    sys.exit(1 if failed else 0)


class _progress:
    """A click progress bar on stderr when stderr is a terminal; the plain items otherwise."""

    def __init__(self, items, label: str):
        self.items = items
        self.bar = None
        if sys.stderr.isatty() and len(items) > 1:
            self.bar = click.progressbar(items, label=label, file=sys.stderr)

    def __enter__(self):
        return self.bar.__enter__() if self.bar is not None else self.items

    def __exit__(self, *exc):
        if self.bar is not None:
            return self.bar.__exit__(*exc)
        return False
