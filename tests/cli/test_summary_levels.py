"""output.summary_line counts severities with list.count (levels_summary): the same line as the
Counter over each diagnostic it replaced, for diagnostics and for the rows' plain ints."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from docgen.cli.output import Verbosity, levels_summary, plural, summary_line
from docgen.diagnostics import Diagnostic, Location, Severity


def _old(command, items, pages, verbosity, extra=""):
    totals = Counter(d.severity for d in items)
    parts = [plural(totals[Severity.ERROR], "error"), plural(totals[Severity.WARNING], "warning")]
    if totals[Severity.INFO]:
        parts.append(plural(totals[Severity.INFO], "info"))
    line = f"{command}: {', '.join(parts)} in {plural(pages, 'page')}"
    if extra:
        line += f"; {extra}"
    hidden = sum(1 for d in items if d.severity < verbosity.min_severity)
    if hidden:
        below = verbosity.min_severity.label
        level = "warning" if not any(d.severity is Severity.INFO for d in items if d.severity < verbosity.min_severity) else "info"
        line += f" ({plural(hidden, 'diagnostic')} below {below} not shown: --min-severity {level} shows them)"
    return line


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(list(Severity))), st.sampled_from(list(Severity)), st.booleans(),
       st.integers(0, 5000), st.sampled_from(["", "3 fixed"]))
def test_the_same_line_as_the_counter(levels, least, quiet, pages, extra) -> None:
    verbosity = Verbosity(least, quiet)
    items = [Diagnostic(level, "c", "m", Location("a.md")) for level in levels]
    expected = _old("lint", items, pages, verbosity, extra)
    assert summary_line("lint", items, pages, verbosity, extra) == expected
    assert summary_line("lint", iter(items), pages, verbosity, extra) == expected
    assert levels_summary("lint", [int(level) for level in levels], pages, verbosity, extra) == expected
