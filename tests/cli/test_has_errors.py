"""support.has_errors looks for ERROR only: that is right while ERROR is the highest severity."""

from __future__ import annotations

from docgen.cli.support import has_errors
from docgen.diagnostics import Diagnostic, Location, Severity


def _one(level: Severity) -> Diagnostic:
    return Diagnostic(level, "c", "m", Location("a.md"))


def test_error_is_the_highest_severity() -> None:
    assert max(Severity) is Severity.ERROR


def test_has_errors_finds_an_error_anywhere_and_nothing_else() -> None:
    assert not has_errors([])
    assert not has_errors([_one(Severity.INFO), _one(Severity.WARNING)] * 50)
    assert has_errors([*[_one(Severity.INFO)] * 50, _one(Severity.ERROR)])
    assert has_errors(iter([_one(Severity.ERROR), _one(Severity.WARNING)]))
    assert has_errors(d for d in [_one(Severity.WARNING), _one(Severity.ERROR)])
