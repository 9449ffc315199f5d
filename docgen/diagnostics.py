"""Diagnostics: what docgen found wrong, with a severity and a source location.

Stages collect diagnostics and return them; only the command line decides what they mean for the
exit status (like openapi-python-client's ``ErrorLevel``).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import field
from typing import NamedTuple

from docgen.model.dataclass_ahead import dataclass


class Severity(enum.IntEnum):
    """How bad a diagnostic is; ordered so that ``>=`` compares badness."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        """The lower-case word used in text and JSON output."""
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> "Severity":
        """Read ``error``/``warning``/``info`` (case-insensitive)."""
        return cls[text.strip().upper()]


@dataclass(frozen=True, order=True)
class Location:
    """A place in a source page; lines and columns count from 1."""

    path: str
    """The page's path as given on the command line (relative where possible, ``/`` separators)."""
    line: int = 1
    """1-based line number."""
    col: int = 1
    """1-based column number."""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Diagnostic:
    """One finding about the input, reported at the edge as ``path:line:col: severity: code: message``."""

    severity: Severity
    """How bad it is."""
    code: str
    """A stable, kebab-case identifier (``unresolved-link``, ``namespace-mismatch`` …)."""
    message: str
    """One line for a human; never contains a newline."""
    location: Location
    """Where in the docs it was found."""
    context: str = field(default="", compare=False)
    """What tells this finding apart on its page without its line (a property name, an example's
    name and JSON path …); SARIF fingerprints use it. Empty: the code and message say enough."""
    related: tuple[Location, ...] = field(default=(), compare=False)
    """Other places the finding refers to (the first use of a duplicated name …); SARIF
    ``relatedLocations``."""

    def format(self) -> str:
        """The one-line text form shared by every command."""
        message = " ".join(self.message.split())
        return f"{self.location}: {self.severity.label}: {self.code}: {message}"

    def to_json(self) -> dict:
        """The JSON form used in ``docgen model`` and ``--format json`` output."""
        return {
            "severity": self.severity.label,
            "code": self.code,
            "message": self.message,
            "path": self.location.path,
            "line": self.location.line,
            "col": self.location.col,
        }

    def sort_key(self) -> tuple:
        """Deterministic order: by place (path, line, column), then code and message."""
        where = self.location
        return (where.path, where.line, where.col, self.code, self.message, -int(self.severity))


def error(code: str, message: str, location: Location) -> Diagnostic:
    """Shorthand for an error diagnostic."""
    return Diagnostic(Severity.ERROR, code, message, location)


def warning(code: str, message: str, location: Location) -> Diagnostic:
    """Shorthand for a warning diagnostic."""
    return Diagnostic(Severity.WARNING, code, message, location)


def info(code: str, message: str, location: Location) -> Diagnostic:
    """Shorthand for an info diagnostic."""
    return Diagnostic(Severity.INFO, code, message, location)


def worst(diagnostics) -> Severity | None:
    """The highest severity among ``diagnostics``, or None when there are none."""
    return max((d.severity for d in diagnostics), default=None)


class FindingKey(NamedTuple):
    """A finding's identity without its line: what SARIF ``partialFingerprints`` hash and what a
    lint baseline stores."""

    code: str
    """The finding's code."""
    page: str
    """Its page, relative to the project root."""
    context: str
    """Its line-free context (its message when it has none), whitespace collapsed."""
    number: int
    """1 for the first finding alike in code, page and context (in page order), 2 for the next …"""


def finding_keys(items: Sequence[Diagnostic], pages: Sequence[str]) -> list[FindingKey]:
    """The :class:`FindingKey` of each of ``items`` (in their order), ``pages[i]`` being the page
    of ``items[i]`` as the key names it. Never the line: moving a page's text keeps every key;
    findings alike in code, page and context are numbered in page order."""
    seen: dict[tuple[str, str, str], int] = {}
    keys: dict[int, FindingKey] = {}
    for index in sorted(range(len(items)), key=lambda i: items[i].sort_key()):
        d = items[index]
        alike = (d.code, pages[index], " ".join((d.context or d.message).split()))
        seen[alike] = seen.get(alike, 0) + 1
        keys[index] = FindingKey(*alike, seen[alike])
    return [keys[index] for index in range(len(items))]
