"""The ``docgen`` command line: generate, check, model, lint, todos, drift.

Commands only wire things together: a pipeline :class:`~docgen.pipeline.run.Run` builds the model
and renders the files, the writer writes or compares them, lint/todos/drift find problems,
:mod:`docgen.cli.formats` formats them.
Everything the user gets wrong is a diagnostic (``path:line:col: severity: code: message``) and an
exit status (0 fine, 1 findings or errors, 2 usage); no traceback escapes.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping

import click

from docgen import __version__
from docgen.cli import formats as report
from docgen.cli.output import echo_summary, levels_summary, summary_line, verbosity_options
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
)
from docgen.cli.target import (
    plan_target,
    render_files,
    render_options,
    resolve_target,
    target_options,
    unchanged_files,
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="docgen")
def main() -> None:
    """Generate Python models, request builders and tests from Graph-style API reference pages."""


# ---------------------------------------------------------------- generate / check


@main.command()
@target_options
@click.option("--force", is_flag=True, help="Overwrite hand-edited files and files without docgen's header.")
@verbosity_options("error")
@build_options
@format_option(("text", "json"))
@guarded
def generate(docs, out, package, base_url, templates, force, jobs, no_cache, fmt, verbosity) -> None:
    """Parse DOCS and write the generated package to OUT (nothing is written on an error).

    Text output shows errors and counts the rest (--min-severity warning or info shows them;
    `docgen lint` explains what is wrong with the docs). --format json lists every diagnostic
    unless --min-severity or --quiet is given.
    """
    target = resolve_target(docs, out, package, base_url, templates)
    with pipeline(jobs, no_cache) as run:
        planned = plan_target(run, target)
        proven = unchanged_files(run, target, planned)
        if proven is not None:  # nothing to write, no error: print what the write would have
            _unchanged_generate(target, *proven, len(planned.items), fmt, verbosity,
                                run.report_json())
        from docgen.write.output import write_output

        plans: list = []
        files, diagnostics, pages = render_files(run, target, plans=plans, planned=planned)
        result = None
        failed = has_errors(diagnostics)  # each list scanned once (13,104 diagnostics on the corpus)
        if not failed:
            with run.stage("writing"):
                result = write_output(files, target.out, inputs=target.docs, force=force, display=display,
                                      waiting=lambda text: click.echo(text, err=True),
                                      known=run.output_stamps(target.out))
            diagnostics += list(result.diagnostics)
            failed = has_errors(result.diagnostics)
            if not failed:  # what lets the next check skip the work
                run.remember(plans[0], target.docs, root=target.root, out=target.out, hashes=result.hashes,
                             stamps=result.stamps)
    if fmt == "json":
        emit_json(
            {
                "output": display(target.out),
                "written": list(result.written) if result else [],
                "removed": list(result.removed) if result else [],
                "unchanged": len(result.unchanged) if result else 0,
                "ok": not failed,
            },
            verbosity.shown(diagnostics) if verbosity.explicit else diagnostics,
            encoded=run.report_json(),  # (its cache stays open after the run)
        )
    else:
        emit(report.to_text(verbosity.shown(diagnostics)), err=True)
        echo_summary(summary_line("generate", diagnostics, pages, verbosity))
        if failed:
            click.echo(f"docgen: nothing written to {display(target.out)}" if result is None or not result.written
                       else f"docgen: {display(target.out)} partly updated", err=True)
        else:
            click.echo(
                f"{display(target.out)}: {len(result.written)} written, {len(result.removed)} removed, "
                f"{len(result.unchanged)} unchanged"
            )
    sys.exit(1 if failed else 0)


def _unchanged_generate(target, count: int, rows: list, pages: int, fmt: str, verbosity, encoded=None) -> None:
    """What :func:`generate` prints, and its exit, when the output is proven to be what it would
    write (:func:`~docgen.cli.target.unchanged_files`): the same bytes as after a write that
    found every file unchanged."""
    if fmt == "json" and not verbosity.explicit:  # the common case: no diagnostic object made
        document = {"output": display(target.out), "written": [], "removed": [], "unchanged": count, "ok": True}
        emit_json(document, rows=rows, encoded=encoded)
        sys.exit(0)
    # Only the rows shown become diagnostics (text output shows errors only by default: none here);
    # the summary counts every row's severity (13,104 objects made to be counted were 10 ms)
    least = -int(verbosity.min_severity)
    shown = [row for row in rows if row[5] <= least]
    if fmt == "json":
        document = {"output": display(target.out), "written": [], "removed": [], "unchanged": count, "ok": True}
        emit_json(document, rows=shown, encoded=encoded)
    else:
        emit(report.to_text(report.diagnostics_of(shown)), err=True)
        levels = [-row[5] for row in rows]
        echo_summary(levels_summary("generate", levels, pages, verbosity))
        click.echo(f"{display(target.out)}: 0 written, 0 removed, {count} unchanged")
    sys.exit(0)


@main.command()
@target_options
@verbosity_options("info")
@build_options
@format_option()
@guarded
def check(docs, out, package, base_url, templates, jobs, no_cache, fmt, verbosity) -> None:
    """Regenerate DOCS in memory and compare with OUT; exit 1 on any difference. Writes nothing.

    When a generate or check of the same pages, options and docgen stored what is needed, an
    unchanged output is proven current without rendering or reading unchanged files
    (:meth:`~docgen.pipeline.run.Run.unchanged`); anything else takes the full comparison.
    """
    from docgen.write.check import CheckResult, check_output

    target = resolve_target(docs, out, package, base_url, templates)
    with pipeline(jobs, no_cache) as run:
        proven = run.unchanged(target.docs, render_options(target), root=target.root, out=target.out,
                               display=display)
        if proven is not None:
            count, pages = proven
            result = CheckResult()
        else:
            plans: list = []
            files, errors, pages = render_files(run, target, errors_only=True, plans=plans)
            if errors:
                print_diagnostics(errors, fmt)
                if fmt == "text":
                    echo_summary(summary_line("check", errors, pages, verbosity))
                sys.exit(1)
            with run.stage("comparing"):
                result = check_output(files, target.out, inputs=target.docs, display=display)
            count = len(files)
            if result.hashes:
                run.remember(plans[0], target.docs, root=target.root, out=target.out, hashes=result.hashes,
                             stamps=result.stamps)
    if fmt == "json":
        emit_json(result.to_json())
    elif fmt in ("github", "sarif"):
        print_diagnostics(verbosity.shown(result.diagnostics), fmt)
    else:
        emit(report.to_text(verbosity.shown(result.diagnostics)))
        emit(result.diff_text())
        if result.clean:
            click.echo(f"{display(target.out)}: up to date ({count} files)")
        else:
            counts = (f"{len(result.changed)} changed, {len(result.new)} new, {len(result.stale)} stale, "
                      f"{len(result.hand_edited)} hand-edited")
            click.echo(f"{display(target.out)}: out of date: {counts}; run docgen generate")
        echo_summary(summary_line("check", result.diagnostics, pages, verbosity))
    sys.exit(0 if result.clean else 1)


# ---------------------------------------------------------------- model / lint / drift


@main.command()
@docs_argument
@verbosity_options("info")
@build_options
@format_option(("text", "json"))
@guarded
def model(docs, jobs, no_cache, fmt, verbosity) -> None:
    """Print the intermediate model of DOCS (exit 1 when an error diagnostic was raised)."""
    from docgen.model.json_view import model_to_json

    inputs = docs_or_config(docs)
    with pipeline(jobs, no_cache) as run:
        planned = run.plan(inputs)
        built = run.build(inputs, planned=planned).model
        pages = len(planned.items) + len(planned.skipped)  # as every command counts them (an empty page too)
        if fmt == "json":
            emit_json(model_to_json(built))
        else:
            for typedef in built.types:
                base = f" : {typedef.base}" if typedef.base else ""
                click.echo(f"{typedef.kind} {typedef.qualified_name}{base} ({len(typedef.properties or typedef.members)})")
            for op in built.operations:
                click.echo(f"operation {op.name}: {op.method} {' | '.join(op.paths)}")
            emit(report.to_text(verbosity.shown(built.diagnostics)))
            echo_summary(summary_line("model", built.diagnostics, pages, verbosity))
    sys.exit(1 if has_errors(built.diagnostics) else 0)


from docgen.cli.checks import drift, lint, todos

main.add_command(lint)
main.add_command(todos)
main.add_command(drift)

from docgen.cli.watch import scope_watched, target_watched, watch_options

watch_options(generate, target_watched)
watch_options(check, target_watched)
watch_options(lint, scope_watched)

from docgen.cli.serve import serve_command

main.add_command(serve_command(lambda: run()))  # (run: below; a server's children run the command line with it)


def in_ci(environ: Mapping[str, str]) -> bool:
    """Whether ``environ`` says this is a CI job: ``CI`` set to anything but empty, ``0``,
    ``false`` or ``no`` (GitHub Actions, GitLab CI, Azure Pipelines, CircleCI and Travis set
    ``CI=true``)."""
    return environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def run() -> None:
    """The program's entry point (the ``docgen`` script, ``python -m docgen``): :func:`main`, then
    an exit that skips tearing the heap down.

    A whole-tree command ends holding about a million objects. Freeing them one by one, and the
    collector's pass when it is switched back on, took 0.4 s of a 3.7 s cold ``docgen model`` on
    the corpus; the process is ending, so the cyclic collector stays off (:mod:`docgen.pipeline.memory`)
    and the process leaves with ``os._exit`` once its output is flushed. Every file docgen writes
    is closed before that, and every cache write is committed but a model still being stored by a
    child, which finishes on its own (:attr:`~docgen.pipeline.run.Run.LEAVE_STORES_RUNNING`; the
    next docgen waits for it) except in CI (:func:`in_ci`), where a step right after may copy the
    cache folder. What the runs left to store at their end (a patched model) is forked once the
    output is flushed (:attr:`~docgen.pipeline.run.Run.STORES_AT_EXIT`). :func:`main` itself (used
    by tests through click's ``CliRunner``) returns normally. Text that stdout or stderr cannot encode (a model's arrow on a Latin-1
    terminal) is printed escaped (``\\u2192``), not an ``internal-error``.
    """
    import gc
    import io
    import os

    from docgen.pipeline.run import Run

    gc.disable()
    for stream in (sys.stdout, sys.stderr):  # text a stream cannot encode is escaped, not an error
        if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
            stream.reconfigure(errors="backslashreplace")
    # A model still being stored finishes after this process, but in CI, where the next step may
    # save the cache folder for later jobs (actions/cache): there the end waits for it.
    Run.LEAVE_STORES_RUNNING = not in_ci(os.environ)
    Run.STORES_AT_EXIT = True  # forked below, once the output is written
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
    try:
        Run.finish_stores()
    except Exception as exc:  # noqa: BLE001 - the output is written: a cache store that failed costs a later miss
        try:
            print(f"docgen: warning: the cache was not fully written: {type(exc).__name__}: {exc}", file=sys.stderr)
        except (OSError, ValueError):
            pass
    os._exit(code or 0)
