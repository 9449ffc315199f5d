"""Shared pieces of the command line: path display, output, options, the edge guard, progress,
and the pipeline :class:`~docgen.pipeline.run.Run` a command works through."""

from __future__ import annotations

import codecs
import functools
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from operator import attrgetter
from pathlib import Path

import click

from docgen.cli import formats as report
from docgen.cli.config import load_config
from docgen.diagnostics import Diagnostic, Location, Severity, error
from docgen.pipeline.run import PageChanged, Run


def display(path: Path) -> str:
    """How a path is shown: relative to the working directory, ``/`` separators.

    Symlinks are not resolved: a refusal names the link the user has, not where it leads.
    """
    absolute = os.path.abspath(path)
    try:
        return Path(os.path.relpath(absolute)).as_posix()
    except ValueError:  # another drive on Windows
        return Path(absolute).as_posix()


def emit(text: str, *, err: bool = False) -> None:
    """Write ``text`` as is (no added newline) to stdout or stderr."""
    if text:
        click.echo(text, nl=False, err=err)


_PLACE = "\0diagnostics\0"
"""Where :func:`emit_json` puts the encoded diagnostics (no path, code or message holds a NUL)."""


def emit_json(document: dict | list, diagnostics: Iterable[Diagnostic] | None = None, *,
              rows: Sequence[tuple] | None = None, encoded: Encoded | None = None) -> None:
    """The one JSON document on stdout: indented for a person at a terminal, else on one line
    (the C encoder writes a whole tree's 20 MB model about five times faster without indent).
    Documents are trees built for output: no check for cycles.

    ``diagnostics`` (with a dict ``document``): its ``"diagnostics"`` list, as
    :func:`~docgen.cli.formats.to_json` gives it; on one line it is written by
    :func:`~docgen.cli.formats.json_text` (the same bytes, a third of the time for a whole tree's).
    ``rows`` instead: those diagnostics as :data:`~docgen.cli.formats.Row` tuples (duplicates
    and any order allowed). ``encoded``: on one line, what gives that text of the diagnostics
    given as columns (:func:`~docgen.cli.formats.columns`) and of a function making it (:meth:`~docgen.pipeline.run.Run.report_json`: from the cache when
    the same diagnostics were written before, without sorting or encoding them)."""
    indent = 2 if sys.stdout.isatty() else None
    if (diagnostics is not None or rows is not None) and isinstance(document, dict):
        if indent is None:
            text = _dumps({**document, "diagnostics": _PLACE}, None)
            place = _dumps(_PLACE, None)
            head, marked, tail = text.partition(place)
            if marked and place not in tail:
                columns = report.columns(diagnostics or ()) if rows is None else report.columns_of_rows(rows)

                def make() -> str:
                    return report.rows_json_text(report.rows_of_columns(columns))

                _echo_json(head, make() if encoded is None else encoded(columns, make), tail)
                return
        found = report.rows(diagnostics or ()) if rows is None else sorted(dict.fromkeys(rows))  # (see rows)
        document = {**document, "diagnostics": report.rows_to_json(found)}
    text = _dumps(document, indent)
    if indent is None:
        _echo_json(text)
    else:
        click.echo(text)


Encoded = Callable[[list, Callable[[], str]], "str | bytes"]
"""What :func:`emit_json` is given to make the text of the diagnostics (see there)."""


def _echo_json(*parts: str | bytes) -> None:
    """``click.echo("".join(parts))`` for JSON on one line, not at a terminal: the same bytes
    without click's pass over the whole text for ANSI sequences to strip (JSON escapes every
    control character, so it finds none; 5 ms of a whole tree's 3.9 MB report), each part
    written as it is (the report's 3.9 MB not copied into one string twice more). A part given
    as bytes is UTF-8 text (:func:`~docgen.pipeline.report_text.report_text`'s, as stored):
    written to the stream's bytes as they are, not decoded to be encoded again."""
    out = sys.stdout
    if out is None:  # no stdout at all (click.echo writes nothing then either)
        return
    raw = getattr(out, "buffer", None)
    if not _utf8(getattr(out, "encoding", None)):  # click writes UTF-8 to an ASCII stream's buffer
        click.echo("".join(part if type(part) is str else part.decode("utf-8") for part in parts))
        return
    for part in parts[:-1]:
        if type(part) is str:
            out.write(part)
        elif raw is None:
            out.write(part.decode("utf-8"))
        else:
            out.flush()  # (what was written as text goes first)
            raw.write(part)
    last = parts[-1]
    out.write((last if type(last) is str else last.decode("utf-8")) + "\n")
    out.flush()


def _utf8(encoding: object) -> bool:
    """Whether a text stream of ``encoding`` writes UTF-8 (what click.echo then writes to it too)."""
    try:
        return codecs.lookup(encoding).name == "utf-8"  # type: ignore[arg-type]
    except (LookupError, TypeError):
        return False


def _dumps(document: object, indent: int | None) -> str:
    return json.dumps(document, indent=indent, sort_keys=True, ensure_ascii=False, check_circular=False)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    """Whether any of ``diagnostics`` is an error: ``ERROR`` is the highest severity, so one scan
    for it in C (a whole tree's 13,104: 0.4 ms, against 1.4 ms comparing each in a generator)."""
    return Severity.ERROR in map(_SEVERITY, diagnostics)


_SEVERITY = attrgetter("severity")


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
        except BrokenPipeError:  # `docgen model | head`: the reader left; not our error
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())  # no second error when Python flushes stdout
            sys.exit(141)
        except Exception as exc:  # noqa: BLE001 - the edge: report it, never a traceback
            if isinstance(exc, PageChanged):  # edited during the run, after a stamp vouched for it
                message = f"{exc}: nothing was written; run docgen again"
                click.echo(error("page-changed", message, Location(exc.display)).format(), err=True)
                sys.exit(1)
            where = Location("<docgen>")
            message = f"unexpected {type(exc).__name__}: {exc} (please report this)"
            if Run.forget_damaged_models(exc):  # else met again by every run
                message = f"{exc}: the stored models were dropped, the next run resolves the pages again"
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
    command = click.option(
        "--jobs", "-j", type=click.IntRange(min=1), default=None,
        help=f"Worker processes for parsing and rendering (default: the available cores; at most "
        f"{Run.JOBS_PER_CORE} per core: a larger N is lowered to that).",
    )(command)
    return command


def pipeline(jobs: int | None, no_cache: bool) -> Run:
    """The pipeline run of a command (``--jobs``, ``--no-cache``); use it as ``with``: on leaving,
    the cache writes still in flight are finished. On a terminal a progress bar counts parsed
    pages on stderr; elsewhere nothing is printed. A ``--jobs`` over the run's cap is lowered to
    it, with a note on stderr; so is a cache folder another user could write in (not used). Stages without a count (resolving, rendering, writing, linting,
    comparing) show their name while they run."""
    run = Run(jobs=jobs, no_cache=no_cache, meter=progress_meter())
    if jobs is not None and run.jobs != jobs:
        click.echo(f"docgen: --jobs {jobs} lowered to {run.jobs} ({Run.JOBS_PER_CORE} per core)", err=True)
    if run.cache_refused:
        click.echo(f"docgen: warning: the cache is not used: {run.cache_refused}", err=True)
    return run


def progress_meter():
    """The meter a run shows progress through: :func:`progress_bar` when stderr is a terminal, else
    None (nothing is drawn into a log or a pipe)."""
    return progress_bar if sys.stderr.isatty() else None


@contextmanager
def progress_bar(total: int, label: str) -> Iterator[Callable[[int], None]]:
    """A click progress bar on stderr over ``total`` items, advanced to the count it is told; for
    a stage without a count (``total`` 0), ``docgen: LABEL…`` on stderr while it runs, erased after."""
    if total <= 0:
        sys.stderr.write(f"\r\x1b[Kdocgen: {label}\u2026")
        sys.stderr.flush()
        try:
            yield lambda done: None
        finally:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()
        return
    with click.progressbar(length=total, label=label, file=sys.stderr) as bar:
        done = 0

        def advance(count: int) -> None:
            nonlocal done
            bar.update(max(0, count - done))
            done = max(done, count)

        yield advance


def print_diagnostics(diagnostics: Iterable[Diagnostic], fmt: str, *, rules=None, err: bool = False) -> None:
    """Print diagnostics in ``fmt`` (json prints a document with a ``diagnostics`` list)."""
    if fmt == "json":
        emit_json({}, diagnostics)
    elif fmt == "github":
        emit(report.to_github(diagnostics))
    elif fmt == "sarif":
        emit_json(report.to_sarif(diagnostics, rules=rules))
    else:
        emit(report.to_text(diagnostics), err=err)


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


def severity_option(default: str) -> Callable:
    """``--fail-on error|warning|info``."""
    return click.option("--fail-on", type=click.Choice(("error", "warning", "info")), default=default,
                        show_default=True, help="Exit 1 when a finding at or above this severity exists.")
