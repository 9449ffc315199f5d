"""How much a command prints: ``--quiet``, ``--min-severity``, ``--limit`` and the one-line summary.

``--min-severity`` (and ``--quiet``, which is ``--min-severity error`` and drops everything but the
errors and the summary) filters what is printed, in every format; the exit status still follows
``--fail-on`` over every finding. Text output ends with one line on stderr::

    lint: 123 errors, 692 warnings in 3,341 pages

and, when diagnostics were left out, how many and how to see them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from operator import attrgetter

import click

from docgen.cli.markdown import DEFAULT_LIMIT
from docgen.diagnostics import Diagnostic, Severity
from docgen.model.dataclass_ahead import dataclass

LEVELS = ("info", "warning", "error")


@dataclass(frozen=True)
class Verbosity:
    """What a command prints."""

    min_severity: Severity
    """Diagnostics below it are counted, not printed."""
    quiet: bool
    """Only errors and the summary line."""
    limit: int = DEFAULT_LIMIT
    """Findings listed by ``--format markdown``."""
    explicit: bool = True
    """False when the level is the command's default (``--min-severity`` and ``--quiet`` not given)."""

    def shown(self, diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
        return [d for d in diagnostics if d.severity >= self.min_severity]


def verbosity_options(default: str = "info", *, markdown: bool = False) -> Callable:
    """``--quiet``, ``--min-severity`` (default ``default``) and, with ``markdown``, ``--limit``;
    the command gets one ``verbosity`` argument."""

    def decorate(command: Callable) -> Callable:
        @functools.wraps(command)
        def wrapper(*args, quiet: bool, min_severity: str | None, limit: int = DEFAULT_LIMIT, **kwargs):
            level = Severity.ERROR if quiet else Severity.parse(min_severity or default)
            explicit = quiet or min_severity is not None
            return command(*args, verbosity=Verbosity(level, quiet, limit, explicit), **kwargs)

        wrapped = click.option(
            "--min-severity", type=click.Choice(LEVELS), default=None,
            help=f"Print only diagnostics at or above this severity (they are still counted).  [default: {default}]",
        )(wrapper)
        wrapped = click.option("--quiet", "-q", is_flag=True,
                               help="Print only errors and the one-line summary.")(wrapped)
        if markdown:
            wrapped = click.option("--limit", type=click.IntRange(min=0), default=DEFAULT_LIMIT, show_default=True,
                                   help="Findings listed by --format markdown.")(wrapped)
        return wrapped

    return decorate


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def summary_line(command: str, diagnostics: Iterable[Diagnostic], pages: int, verbosity: Verbosity,
                 extra: str = "") -> str:
    """``lint: 123 errors, 692 warnings in 3,341 pages`` (+ ``extra``, + what was not printed)."""
    return levels_summary(command, list(map(_SEVERITY, diagnostics)), pages, verbosity, extra)


_SEVERITY = attrgetter("severity")


def levels_summary(command: str, levels: list, pages: int, verbosity: Verbosity, extra: str = "") -> str:
    """:func:`summary_line` of diagnostics of these severities (:class:`Severity` members or their
    ``int``): counted by ``list.count`` in C, not hashed one by one into a ``Counter`` (a whole
    tree's 13,104: each :class:`Severity` hashes in Python)."""
    counts = {level: levels.count(level) for level in Severity}
    parts = [plural(counts[Severity.ERROR], "error"), plural(counts[Severity.WARNING], "warning")]
    if counts[Severity.INFO]:
        parts.append(plural(counts[Severity.INFO], "info"))
    line = f"{command}: {', '.join(parts)} in {plural(pages, 'page')}"
    if extra:
        line += f"; {extra}"
    hidden = sum(count for level, count in counts.items() if level < verbosity.min_severity)
    if hidden:
        below = verbosity.min_severity.label
        level = "info" if counts[Severity.INFO] and Severity.INFO < verbosity.min_severity else "warning"
        line += f" ({plural(hidden, 'diagnostic')} below {below} not shown: --min-severity {level} shows them)"
    return line


def echo_summary(line: str) -> None:
    click.echo(line, err=True)
