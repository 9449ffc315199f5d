"""The ``docgen`` command line: generate, check, model, lint, todos, drift.

Commands only wire things together: a pipeline :class:`~docgen.pipeline.run.Run` builds the model
and renders the files, the writer writes or compares them, lint/todos/drift find problems,
:mod:`docgen.cli.formats` formats them.
Everything the user gets wrong is a diagnostic (``path:line:col: severity: code: message``) and an
exit status (0 fine, 1 findings or errors, 2 usage); no traceback escapes.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from docgen import __version__
from docgen.cli import formats as report
from docgen.cli.support import (
    build_options,
    display,
    docs_argument,
    docs_or_config,
    emit,
    emit_json,
    format_option,
    guarded,
    has_errors,
    pipeline,
    print_diagnostics,
    severity_option,
)
from docgen.cli.target import render_files, resolve_target, target_options
from docgen.diagnostics import Severity


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="docgen")
def main() -> None:
    """Generate Python models, request builders and tests from Graph-style API reference pages."""


# ---------------------------------------------------------------- generate / check


@main.command()
@target_options
@click.option("--force", is_flag=True, help="Overwrite hand-edited files and files without docgen's header.")
@build_options
@format_option(("text", "json"))
@guarded
def generate(docs, out, package, base_url, templates, force, jobs, no_cache, fmt) -> None:
    """Parse DOCS and write the generated package to OUT (nothing is written on an error)."""
    from docgen.write.output import write_output

    target = resolve_target(docs, out, package, base_url, templates)
    with pipeline(jobs, no_cache) as run:
        files, diagnostics = render_files(run, target)
        result = None
        if not has_errors(diagnostics):
            result = write_output(files, target.out, inputs=target.docs, force=force, display=display,
                                  waiting=lambda text: click.echo(text, err=True))
            diagnostics += list(result.diagnostics)
    failed = has_errors(diagnostics)
    if fmt == "json":
        emit_json(
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
        emit(report.to_text(diagnostics), err=True)
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
    from docgen.write.output import check_output

    target = resolve_target(docs, out, package, base_url, templates)
    with pipeline(jobs, no_cache) as run:
        files, errors = render_files(run, target, errors_only=True)
        if errors:
            print_diagnostics(errors, fmt)
            sys.exit(1)
        result = check_output(files, target.out, inputs=target.docs, display=display)
    if fmt == "json":
        emit_json(result.to_json())
    elif fmt in ("github", "sarif"):
        print_diagnostics(result.diagnostics, fmt)
    else:
        emit(report.to_text(result.diagnostics))
        emit(result.diff_text())
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
    from docgen.model.json_view import model_to_json

    inputs = docs_or_config(docs)
    with pipeline(jobs, no_cache) as run:
        built = run.model(inputs)
        if fmt == "json":
            emit_json(model_to_json(built))
        else:
            for typedef in built.types:
                base = f" : {typedef.base}" if typedef.base else ""
                click.echo(f"{typedef.kind} {typedef.qualified_name}{base} ({len(typedef.properties or typedef.members)})")
            for op in built.operations:
                click.echo(f"operation {op.name}: {op.method} {' | '.join(op.paths)}")
            emit(report.to_text(built.diagnostics))
    sys.exit(1 if has_errors(built.diagnostics) else 0)


@main.command()
@docs_argument
@click.option("--ignore", multiple=True, metavar="CODE", help="Leave out findings with this code (repeatable).")
@click.option("--fail-on", type=click.Choice(("error", "warning", "info")), default=None,
              help="Exit 1 when a finding at or above this severity exists.  [default: error]")
@click.option("--baseline", type=click.Path(path_type=Path), default=None, metavar="FILE",
              help="Fail only on findings this baseline file does not hold; leave its findings out.")
@click.option("--update-baseline", is_flag=True, help="Write every finding to the baseline file and exit 0.")
@click.option("--no-baseline", is_flag=True, help="Use no baseline, not even [tool.docgen.lint]'s.")
@build_options
@format_option()
@guarded
def lint(docs, ignore, fail_on, baseline, update_baseline, no_baseline, jobs, no_cache, fmt) -> None:
    """Report places where DOCS contradict themselves (examples against tables, JSON, links …).

    Defaults for --ignore, --fail-on and --baseline come from [tool.docgen.lint] in pyproject.toml.
    """
    from docgen.checks.lint.core import lint as run_lint
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
    inputs = docs_or_config(docs)
    with pipeline(jobs, no_cache) as run:
        planned = run.plan(inputs)
        # Findings depend on the pages (their bytes and names: the plan's key), docgen's code (in
        # the key too) and the codes ignored: an unchanged tree is linted once. What is wrong
        # with the inputs themselves (the plan's errors) is this run's, never stored.
        findings = run.cached(
            "lint",
            planned,
            lambda: run_lint(run.build(inputs, planned=planned).model, ignore=ignore),
            *sorted(set(ignore)),
            valid=lambda stored: isinstance(stored, list),
        )
    # What is wrong with the inputs is never baselined, and no baseline is written from a run
    # that could not read them all.
    input_errors = any(d.severity is Severity.ERROR for d in planned.diagnostics)
    if baseline is not None and not (update_baseline and input_errors):
        findings = _against_baseline(findings, baseline, update_baseline)
    findings = [*findings, *planned.diagnostics]
    print_diagnostics(findings, fmt, rules=_lint_rules())
    threshold = Severity.parse(fail_on)
    sys.exit(1 if any(d.severity >= threshold for d in findings) else 0)


def _against_baseline(findings: list, path: Path, update: bool) -> list:
    """The findings ``path`` does not hold, a summary on stderr; with ``update``, write them all to
    ``path`` first (so none is new)."""
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
    result = baseline.compare(items, keys, held)
    stale = sum(gone for _, gone in result.stale)
    click.echo(f"docgen: baseline {display(path)}: {len(result.new)} new, {len(result.baselined)} baselined, "
               f"{stale} stale (fixed; --update-baseline drops them)", err=True)
    return list(result.new)


def _lint_rules() -> dict:
    """The lint codes' fixed levels and descriptions (for SARIF rules)."""
    from docgen.checks.lint.codes import rules

    return rules()


@main.command()
@docs_argument
@click.option("--metadata", required=True, type=click.Path(path_type=Path), help="The service's CSDL metadata file.")
@severity_option("error")
@build_options
@format_option()
@guarded
def drift(docs, metadata, fail_on, jobs, no_cache, fmt) -> None:
    """Compare DOCS with the service's CSDL metadata."""
    from docgen.checks.drift.compare import compare, load_metadata

    inputs = docs_or_config(docs)
    with pipeline(jobs, no_cache) as run:
        csdl, problems = load_metadata(metadata)
        planned = run.plan(inputs)
        if csdl is None or planned.diagnostics:  # nothing to compare: no metadata, or bad DOCS
            print_diagnostics([*problems, *planned.diagnostics], fmt)
            sys.exit(1)
        emit(report.to_text(problems), err=True)
        result = compare(run.build(inputs, planned=planned).model, csdl)
    threshold = Severity.parse(fail_on)
    if fmt == "json":
        emit_json(result.to_json())
    elif fmt in ("github", "sarif"):
        print_diagnostics(result.diagnostics(), fmt, rules=result.rules())
    else:
        emit(result.to_text())
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
@click.option("--no-cache", is_flag=True, help="Scan every page again; read and write no cache.")
@format_option()
@guarded
def todos(docs, fail_on, no_cache, fmt) -> None:
    """List the placeholders left in DOCS (TODO notes, empty descriptions, placeholder front matter)."""
    from docgen.checks.todos import TodoReport

    try:
        threshold = parse_fail_on(fail_on)
    except click.BadParameter as exc:
        raise click.BadParameter(exc.message, param_hint="'--fail-on'") from None
    inputs = docs_or_config(docs)
    with pipeline(None, no_cache) as run:
        planned = run.plan(inputs)
        # Stored under the plan's key (the pages' names and bytes, this docgen): an unchanged
        # tree is scanned once. What is wrong with the inputs is reported by each run.
        findings, decode_problems = run.todos(planned)
    problems = [*planned.diagnostics, *decode_problems]
    result = TodoReport.of(findings, pages=len(planned.items) + len(planned.skipped))
    if fmt == "json":
        document = result.to_json()
        document["diagnostics"] = report.to_json(problems)
        emit_json(document)
    elif fmt == "github":
        emit(report.to_github(result.diagnostics() + problems))
    elif fmt == "sarif":
        emit_json(report.to_sarif(result.diagnostics() + problems, rules=result.rules()))
    else:
        emit(report.to_text(problems), err=True)
        emit(result.to_text())
    failed = result.fails(threshold) or has_errors(problems)
    sys.exit(1 if failed else 0)


def run() -> None:
    """The program's entry point (the ``docgen`` script, ``python -m docgen``): :func:`main`, then
    an exit that skips tearing the heap down.

    A whole-tree command ends holding about a million objects. Freeing them one by one, and the
    collector's pass when it is switched back on, took 0.4 s of a 3.7 s cold ``docgen model`` on
    the corpus; the process is ending, so the cyclic collector stays off (:mod:`docgen.pipeline.memory`)
    and the process leaves with ``os._exit`` once its output is flushed. Every file docgen writes
    is closed before that, and every cache write is committed. :func:`main` itself (used by tests
    through click's ``CliRunner``) returns normally.
    """
    import gc
    import os

    gc.disable()
    try:
        main()
        code: object = 0
    except SystemExit as exc:
        code = exc.code
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # `docgen model | head`: the reader left; not our error
        code = 141
    try:
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):
        pass
    os._exit(code or 0)
