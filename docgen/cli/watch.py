"""``--watch``: run a command again whenever the pages it reads change (for writers).

``docgen generate --watch``, ``docgen check --watch`` and ``docgen lint --watch`` run the command
once, then poll what it reads every ``--interval`` milliseconds (standard library only: each
file's modification and change times, size and inode, as the cache's stamps see a file) and run it
again after a change (a save that keeps the size and puts the modification time back, as
``cp -p`` or ``rsync -t`` do, still changes the change time), printing the command's usual
output and one line of their own on stderr per run::

    docgen: watch: run 2 (changed: docs/resources/user.md): exit 0 in 0.84 s; watching 16 files (Ctrl-C stops)

What is watched: the ``*.md`` pages under the command's inputs (DOCS or ``[tool.docgen] source``,
and lint's ``--root``), found the way the pipeline finds them (hidden folders and symlinked folders
skipped, files named explicitly whatever their name), generate's and check's ``--templates``
folder and the working directory's ``pyproject.toml``; never the output folder. What is watched is
decided once, at the start: new pages under the watched folders are seen, a changed ``source`` in
the config needs a restart. A change is acted on once the tree has stopped changing for one
interval (an editor saving in steps makes one run, not several).

A bad page is the command's diagnostic, as without ``--watch``; an error of any other kind in a
later run (a usage error after the config was edited, an internal error) is printed and watching
goes on. A usage error before the first run exits 2, as without ``--watch``. Ctrl-C stops
watching with exit status 0 (also during a run: the output folder's writer is safe to interrupt;
see :mod:`docgen.write`): stopping is how a watch ends, not a failure.

The command itself runs in this process (its stages through a new pipeline
:class:`~docgen.pipeline.run.Run` each time, so each run reads the cache the previous one wrote);
the cyclic garbage collector, which the program switches off for one-shot commands, is switched
back on, and a collection follows each run, so memory does not grow run after run.
A model the run left being stored by a child (:meth:`~docgen.pipeline.run.Run.reap_stores`)
is reaped by the next scan after it ends, not left a zombie until the next run.
"""

from __future__ import annotations

import functools
import gc
import os
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import click

from docgen.cli.support import display, docs_or_config
from docgen.model.dataclass_ahead import dataclass
from docgen.pipeline.run import Run

Snapshot = dict[str, tuple[int, int, int, int]]
"""What a scan saw: each watched file's path and its (modification time, change time (both in
ns), size, inode)."""

SLEEP: Callable[[float], None] = time.sleep
"""How the loop waits between scans; tests replace it to edit pages instead of waiting."""

DEFAULT_INTERVAL_MS = 500
SETTLE_SCANS = 20
"""At most this many extra scans wait for the tree to stop changing before a run starts anyway."""


@dataclass(frozen=True)
class Watched:
    """What a watch polls: folders (their ``*.md`` pages), files, and folders to leave out."""

    folders: tuple[Path, ...]
    files: tuple[Path, ...]
    template_folders: tuple[Path, ...] = ()
    """Folders whose every file is watched (templates)."""
    skip: tuple[Path, ...] = ()
    """Folders never looked into (the output folder)."""

    def scan(self) -> Snapshot:
        """Each watched file's times, size and inode; a file gone between listing and
        ``stat`` (an editor's save) is simply not seen this time."""
        seen: Snapshot = {}
        skip = {os.path.abspath(s) for s in self.skip}
        for path in self.files:
            _stat_into(seen, str(path))
        for folder in self.folders:
            _walk(seen, str(folder), skip, pages_only=True)
        for folder in self.template_folders:
            _walk(seen, str(folder), skip, pages_only=False)
        return seen


def _stat_into(seen: Snapshot, path: str) -> None:
    try:
        info = os.stat(path)
    except OSError:
        return
    seen[path] = (info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino)


def _walk(seen: Snapshot, top: str, skip: set[str], *, pages_only: bool) -> None:
    """The files under ``top`` as :func:`docgen.pipeline.inputs.discover` finds pages: hidden and
    symlinked folders are not entered; with ``pages_only``, only ``*.md`` files count."""
    stack = [top]
    while stack:
        folder = stack.pop()
        if os.path.abspath(folder) in skip:
            continue
        try:
            with os.scandir(folder) as entries:
                listed = list(entries)
        except OSError:  # gone or unreadable: the command reports it, if it matters
            continue
        for entry in listed:
            try:
                if entry.is_dir():
                    if not entry.is_symlink() and not entry.name.startswith("."):
                        stack.append(entry.path)
                    continue
            except OSError:
                continue
            if not pages_only or entry.name.lower().endswith(".md"):
                _stat_into(seen, entry.path)


def changes(before: Snapshot, after: Snapshot) -> list[str]:
    """The paths added, removed or changed between two scans, sorted."""
    return sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))


def describe(changed: list[str]) -> str:
    if not changed:
        return "start"
    first = display(Path(changed[0]))
    return f"changed: {first}" + (f" and {len(changed) - 1} more" if len(changed) > 1 else "")


def wait_for_change(watched: Watched, last: Snapshot, interval: float) -> tuple[Snapshot, list[str]]:
    """Poll every ``interval`` seconds until the scan differs from ``last``, then until it stops
    changing (one more interval without a change, at most :data:`SETTLE_SCANS` intervals)."""
    while True:
        SLEEP(interval)
        Run.reap_stores()  # a model store that ended since: reaped (no zombie left)
        now = watched.scan()
        if now != last:
            break
    for _ in range(SETTLE_SCANS):
        SLEEP(interval)
        settled = watched.scan()
        if settled == now:
            break
        now = settled
    return now, changes(last, now)


def run_once(callback: Callable[..., object], kwargs: dict) -> int:
    """One run of the command: its exit status (an error outside its own guard is printed and
    counted as 1; Ctrl-C propagates as KeyboardInterrupt)."""
    try:
        callback(**kwargs)
        return 0
    except SystemExit as exc:
        if exc.code == 130:  # the command's guard turned Ctrl-C into exit 130
            raise KeyboardInterrupt from None
        return exc.code if isinstance(exc.code, int) else 1
    except click.ClickException as exc:  # e.g. the config was edited into a usage error
        exc.show()
        return exc.exit_code
    except click.Abort:
        raise KeyboardInterrupt from None
    except Exception as exc:  # noqa: BLE001 - keep watching; the command's guard missed this
        click.echo(f"<docgen>: error: internal-error: unexpected {type(exc).__name__}: {exc} "
                   "(please report this)", err=True)
        return 1


def watch_loop(callback: Callable[..., object], kwargs: dict, watched: Watched, interval_ms: int,
               max_runs: int | None) -> int:
    """Run, then run again on every change; the exit status to leave with (0 after Ctrl-C; with
    ``max_runs``, the last run's status after that many runs)."""
    gc.enable()
    Run.keep_last_model()  # the next run patches this one's model after an edit
    at_exit, Run.STORES_AT_EXIT = Run.STORES_AT_EXIT, False  # each run's stores start as it closes
    try:
        return _loop(callback, kwargs, watched, interval_ms, max_runs)
    finally:
        Run.keep_last_model(False)
        Run.STORES_AT_EXIT = at_exit


def _loop(callback: Callable[..., object], kwargs: dict, watched: Watched, interval_ms: int,
          max_runs: int | None) -> int:
    interval = interval_ms / 1000
    snapshot = watched.scan()
    changed: list[str] = []
    runs = 0
    try:
        while True:
            runs += 1
            start = time.perf_counter()
            code = run_once(callback, kwargs)
            elapsed = time.perf_counter() - start
            gc.collect()
            click.echo(f"docgen: watch: run {runs} ({describe(changed)}): exit {code} in {elapsed:.2f} s; "
                       f"watching {len(snapshot)} files (Ctrl-C stops)", err=True)
            if max_runs is not None and runs >= max_runs:
                return code
            snapshot, changed = wait_for_change(watched, snapshot, interval)
    except KeyboardInterrupt:
        click.echo(f"docgen: watch stopped after {runs} run(s)", err=True)
        return 0


# ---------------------------------------------------------------- wiring


def _paths(values: Iterable[Path | None]) -> tuple[Path, ...]:
    return tuple(Path(v) for v in values if v is not None)


def target_watched(kwargs: dict) -> Watched:
    """What generate and check read: the target's inputs and templates, the config; not OUT."""
    from docgen.cli.target import resolve_target

    target = resolve_target(kwargs["docs"], kwargs["out"], kwargs["package"], kwargs["base_url"],
                            kwargs["templates"])
    folders = tuple(d for d in target.docs if d.is_dir())
    files = tuple(d for d in target.docs if not d.is_dir()) + (Path("pyproject.toml"),)
    return Watched(folders, files, _paths([target.templates]), skip=(target.out,))


def scope_watched(kwargs: dict) -> Watched:
    """What lint reads: its scope's tree (DOCS and the root), the config and ``--baseline``."""
    from docgen.cli.scope import resolve_scope

    scope = resolve_scope(tuple(kwargs["docs"]) or docs_or_config(()), kwargs.get("root"))
    folders = tuple(d for d in scope.tree if d.is_dir())
    files = tuple(d for d in scope.tree if not d.is_dir()) + (Path("pyproject.toml"),)
    return Watched(folders, files + _paths([kwargs.get("baseline")]))


def watch_options(command: click.Command, watched_of: Callable[[dict], Watched]) -> click.Command:
    """Give ``command`` ``--watch`` and ``--interval`` (and the hidden ``--max-runs`` the tests
    bound the loop with); with ``--watch`` its callback runs under :func:`watch_loop`."""
    callback = command.callback
    assert callback is not None
    command.params += [
        click.Option(["--watch"], is_flag=True,
                     help="Run again whenever a page changes (polling; Ctrl-C stops, exit 0)."),
        click.Option(["--interval"], type=click.IntRange(min=50), default=DEFAULT_INTERVAL_MS, show_default=True,
                     metavar="MS", help="With --watch: how often to look for changes, in milliseconds."),
        click.Option(["--max-runs"], type=click.IntRange(min=1), default=None, hidden=True),
    ]

    @functools.wraps(callback)
    def wrapper(*args, watch: bool, interval: int, max_runs: int | None, **kwargs):
        if not watch:
            if max_runs is not None or interval != DEFAULT_INTERVAL_MS:
                raise click.UsageError("--interval needs --watch")  # --max-runs too (hidden)
            return callback(*args, **kwargs)
        if kwargs.get("update_baseline"):
            raise click.UsageError("--update-baseline writes the baseline once: not with --watch")
        sys.exit(watch_loop(callback, kwargs, watched_of(kwargs), interval, max_runs))

    command.callback = wrapper
    return command
