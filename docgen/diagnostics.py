"""Diagnostics: what docgen found wrong, with a severity and a source location.

Stages collect diagnostics and return them; only the command line decides what they mean for the
exit status (like openapi-python-client's ``ErrorLevel``).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


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
