"""The docs checks: ``docgen lint``, ``docgen todos`` and ``docgen drift``.

Each reads the tree :mod:`docgen.cli.scope` gives (``--root``, ``[tool.docgen] source`` or the
folder holding DOCS) and reports findings only for the pages named; prints them in the chosen
format (text, json, github, sarif, markdown) through :mod:`docgen.cli.output`'s filters; and exits
0 (nothing at or above ``--fail-on``), 1 (findings at or above it, or an input error) or 2 (usage).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from docgen.cli import formats as report
from docgen.cli.markdown import page_name, to_markdown
from docgen.cli.output import Verbosity, echo_summary, summary_line, verbosity_options
from docgen.cli.scope import keep, resolve_scope, root_option
from docgen.cli.support import (
    build_options,
    display,
    docs_argument,
    emit,
    emit_json,
    format_option,
    guarded,
    has_errors,
    pipeline,
    severity_option,
)
from docgen.diagnostics import Diagnostic, Severity

CHECK_FORMATS = (*report.FORMATS, "markdown")
"""The formats lint, todos and drift print."""


def named_pages(planned) -> set[str]:
    """The display names of a plan's pages, the refused ones included."""
    return {display_name for _, display_name, _ in planned.items} | set(planned.skipped)


def print_findings(command: str, diagnostics: list[Diagnostic], fmt: str, verbosity: Verbosity, *,
                   pages: int, rules=None, note: str = "") -> None:
    """Print findings in ``fmt`` (only those ``verbosity`` shows); text ends with the summary line."""
    shown = verbosity.shown(diagnostics)
    if fmt == "json":
        emit_json({}, shown)
    elif fmt == "github":
        emit(report.to_github(shown))
    elif fmt == "sarif":
        emit_json(report.to_sarif(shown, rules=rules))
    elif fmt == "markdown":
        emit(to_markdown(shown, title=f"docgen {command}", pages=pages, page_of=page_name(report.project_root()),
                         rules=rules, limit=verbosity.limit, note=note))
    else:
        emit(report.to_text(shown))
        echo_summary(summary_line(command, diagnostics, pages, verbosity))


# ---------------------------------------------------------------- lint


@click.command()
@docs_argument
@root_option
@click.option("--ignore", multiple=True, metavar="CODE", help="Leave out findings with this code (repeatable).")
@click.option("--fail-on", type=click.Choice(("error", "warning", "info")), default=None,
              help="Exit 1 when a finding at or above this severity exists.  [default: error]")
@click.option("--baseline", type=click.Path(path_type=Path), default=None, metavar="FILE",
              help="Fail only on findings this baseline file does not hold; leave its findings out.")
@click.option("--update-baseline", is_flag=True, help="Write every finding to the baseline file and exit 0.")
@click.option("--no-baseline", is_flag=True, help="Use no baseline, not even [tool.docgen.lint]'s.")
@verbosity_options("info", markdown=True)
@build_options
@format_option(CHECK_FORMATS)
@guarded
def lint(docs, root, ignore, fail_on, baseline, update_baseline, no_baseline, jobs, no_cache, fmt, verbosity) -> None:
    """Report places where DOCS contradict themselves (examples against tables, JSON, links …).

    Links and types resolve against the whole tree (--root); findings are reported for DOCS only.
    Defaults for --ignore, --fail-on and --baseline come from [tool.docgen.lint] in pyproject.toml.
    """
    from docgen.checks.lint.core import unknown_codes
    from docgen.cli.config import load_lint_config

    settings, problems = load_lint_config(Path.cwd(), display)
    if problems:
        raise click.UsageError("; ".join(d.format() for d in problems))
    hint = "'--ignore'" if ignore else "[tool.docgen.lint] ignore"
    ignore, fail_on = ignore or settings.ignore, fail_on or settings.fail_on or "error"
    baseline = None if no_baseline else baseline or settings.baseline
    bad = unknown_codes(ignore)
    if bad:
        raise click.BadParameter(f"unknown lint code(s): {', '.join(bad)}", param_hint=hint)
    if update_baseline and baseline is None:
        raise click.UsageError("--update-baseline needs --baseline FILE or [tool.docgen.lint] baseline")
    scope = resolve_scope(docs, root)
    with pipeline(jobs, no_cache) as run:
        named = run.plan(scope.named)
        if update_baseline and not scope.whole and not has_errors(named.diagnostics):
            raise click.UsageError("--update-baseline records the whole tree's findings: give the root "
                                   "(or no DOCS), not some of its pages")
        planned = named if scope.whole or not named.items else run.plan(scope.tree)
        # Findings depend on the pages (their bytes and names: the plan's key), docgen's code (in
        # the key too) and the codes ignored: an unchanged tree is linted once. After an edit,
        # only the pages it reaches are checked again (docgen.pipeline.lint_cache). What is wrong
        # with the inputs themselves (the plan's errors) is this run's, never stored.

        def compute() -> list:
            model = run.build(scope.tree, planned=planned, digests=True).model  # lint's facts key on them
            with run.stage("linting"):
                return run.lint(model, planned, ignore=ignore)

        findings = run.cached("lint", planned, compute, *sorted(set(ignore)),
                              valid=lambda stored: isinstance(stored, list)) if named.items else []
        run.remember_pages(planned, scope.tree if planned is not named else scope.named)
    pages = named_pages(named)
    if not scope.whole:
        findings = keep(findings, pages)
    # What is wrong with the inputs is never baselined, and no baseline is written from a run
    # that could not read them all.
    input_errors = has_errors(named.diagnostics)
    note = ""
    if baseline is not None and not (update_baseline and input_errors):
        findings, note = _against_baseline(findings, baseline, update_baseline, None if scope.whole else pages)
    findings = [*findings, *named.diagnostics]
    print_findings("lint", findings, fmt, verbosity, pages=len(pages), rules=_lint_rules(), note=note)
    threshold = Severity.parse(fail_on)
    sys.exit(1 if any(d.severity >= threshold for d in findings) else 0)


def _against_baseline(findings: list, path: Path, update: bool, pages: set[str] | None) -> tuple[list, str]:
    """The findings ``path`` does not hold and the baseline's counts (also on stderr); with
    ``update``, write them all to ``path`` first (so none is new). With ``pages`` (the pages
    named, when not the whole tree), entries for other pages are neither matched nor stale."""
    from docgen.checks.lint import baseline

    items = report.ordered(findings)
    keys = report.finding_keys(items)
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(baseline.dump(keys), encoding="utf-8", newline="\n")
        click.echo(f"docgen: wrote {display(path)}: {len(items)} finding(s)", err=True)
    try:
        held = baseline.load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, baseline.BaselineError) as exc:
        detail = "no such file (write it with --update-baseline)" if isinstance(exc, FileNotFoundError) else exc
        raise click.UsageError(f"baseline {display(path)}: {detail}") from None
    if pages is not None:
        root = report.project_root()
        wanted = {report._relative(page, root)[0] for page in pages}
        held = {alike: count for alike, count in held.items() if alike[1] in wanted}
    result = baseline.compare(items, keys, held)
    stale = sum(gone for _, gone in result.stale)
    note = (f"baseline {display(path)}: {len(result.new)} new, {len(result.baselined)} baselined, "
            f"{stale} stale (fixed; --update-baseline drops them)")
    click.echo(f"docgen: {note}", err=True)
    return list(result.new), note


def _lint_rules() -> dict:
    """The lint codes' fixed levels and descriptions (for SARIF rules)."""
    from docgen.checks.lint.codes import rules

    return rules()


# ---------------------------------------------------------------- drift


@click.command()
@docs_argument
@root_option
@click.option("--metadata", required=True, type=click.Path(path_type=Path), help="The service's CSDL metadata file.")
@severity_option("error")
@verbosity_options("info", markdown=True)
@build_options
@format_option(CHECK_FORMATS)
@guarded
def drift(docs, root, metadata, fail_on, jobs, no_cache, fmt, verbosity) -> None:
    """Compare DOCS with the service's CSDL metadata (types resolve against the whole tree, --root;
    findings are reported for DOCS only)."""
    from docgen.checks.drift.report import DriftReport

    scope = resolve_scope(docs, root)
    with pipeline(jobs, no_cache) as run:
        csdl, problems = run.metadata(metadata)
        named = run.plan(scope.named)
        pages = named_pages(named)
        if csdl is None or named.diagnostics:  # nothing to compare: no metadata, or bad DOCS
            print_findings("drift", [*problems, *named.diagnostics], fmt, verbosity, pages=len(pages))
            sys.exit(1)
        emit(report.to_text(verbosity.shown(problems)), err=True)
        planned = named if scope.whole else run.plan(scope.tree)
        # The comparison depends on the pages (the plan's key: their names and bytes, docgen's
        # code) and on the metadata (the name it was given, which locations show, and the bytes
        # it was parsed from): an unchanged tree and file are compared once.

        def comparison() -> DriftReport:
            model = run.build(scope.tree, planned=planned, digests=True).model  # per-type memo keys
            with run.stage("comparing with the metadata"):
                return run.drift(model, csdl)

        result = run.cached("drift", planned, comparison, csdl.path, csdl.sha256,
                            valid=lambda stored: isinstance(stored, DriftReport))
        run.remember_pages(planned, scope.tree if planned is not named else scope.named)
    if not scope.whole:
        result = result.only_pages(pages)
    threshold = Severity.parse(fail_on)
    if fmt == "json":
        document = result.to_json()
        document["findings"] = [f for f, keep_it in zip(document["findings"], result.findings)
                                if keep_it.severity >= verbosity.min_severity]
        emit_json(document)
    elif fmt == "text":
        emit(result.to_text(verbosity.min_severity, summary=not verbosity.quiet))
        echo_summary(summary_line("drift", result.diagnostics(), len(pages), verbosity))
    else:
        print_findings("drift", result.diagnostics(), fmt, verbosity, pages=len(pages), rules=result.rules())
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


@click.command()
@docs_argument
@root_option
@click.option("--fail-on", "fail_on", default="never", show_default=True, metavar="visible|any|never|N",
              help="Exit 1 on any visible placeholder, on any at all, or on at least N.")
@click.option("--no-cache", is_flag=True, help="Scan every page again; read and write no cache.")
@verbosity_options("info", markdown=True)
@format_option(CHECK_FORMATS)
@guarded
def todos(docs, root, fail_on, no_cache, fmt, verbosity) -> None:
    """List the placeholders left in DOCS (TODO notes, empty descriptions, placeholder front matter).

    Placeholders are found page by page: --root is accepted as lint and drift take it, and only
    the pages named are scanned.
    """
    from docgen.checks.todos import TodoReport

    try:
        threshold = parse_fail_on(fail_on)
    except click.BadParameter as exc:
        raise click.BadParameter(exc.message, param_hint="'--fail-on'") from None
    scope = resolve_scope(docs, root)
    with pipeline(None, no_cache) as run:
        planned = run.plan(scope.named)
        # Stored under the plan's key (the pages' names and bytes, this docgen): an unchanged
        # tree is scanned once. What is wrong with the inputs is reported by each run.
        findings, decode_problems = run.todos(planned)
        run.remember_pages(planned, scope.named)
    problems = [*planned.diagnostics, *decode_problems]
    pages = len(planned.items) + len(planned.skipped)
    result = TodoReport.of(findings, pages=pages)
    if fmt == "json":
        document = result.to_json()
        document["diagnostics"] = report.to_json(verbosity.shown(problems))
        if Severity.WARNING < verbosity.min_severity:
            document["findings"] = []
        emit_json(document)
    elif fmt == "text":
        emit(report.to_text(verbosity.shown(problems)), err=True)
        if Severity.WARNING >= verbosity.min_severity:
            emit(result.to_text())
        echo_summary(summary_line("todos", result.diagnostics() + problems, pages, verbosity))
    else:
        print_findings("todos", result.diagnostics() + problems, fmt, verbosity, pages=pages, rules=result.rules())
    failed = result.fails(threshold) or has_errors(problems)
    sys.exit(1 if failed else 0)
