"""One command's use of the pipeline: the cache, the worker processes and the writes in flight.

A command opens a :class:`Run` (``with Run(jobs=..., no_cache=...) as run:``) and asks it for what
it needs: :meth:`Run.plan` (the pages, read and hashed), :meth:`Run.model` / :meth:`Run.build`
(the resolved model), :meth:`Run.render` (the rendered package and every diagnostic) or
:meth:`Run.cached` (a check's findings for an unchanged tree), :meth:`Run.lint` (lint's
findings, page by page through the cache) and :meth:`Run.todos` (the placeholders left in the pages). The run opens the cache (none with
``no_cache``), hands ``jobs`` to the process pools, and on leaving waits for the cache writes its
children still have in flight, so a later run finds what this one stored. While it is open the
cyclic collector is paused (see :mod:`docgen.pipeline.memory`). The command layer never sees a
:class:`~docgen.pipeline.cache.Cache` or a pool.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager, ExitStack, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from docgen.diagnostics import Diagnostic
from docgen.pipeline.cache import Cache, digest, finish_writes, user_cache_dir
from docgen.pipeline.inputs import PageChanged
from docgen.pipeline.memory import paused_gc

__all__ = ["PageChanged", "Run"]
"""What the commands use: the run, and the error a page edited during it raises."""

if TYPE_CHECKING:
    from docgen.checks.todos import TodoFinding
    from docgen.model.core import Model
    from docgen.pipeline.build import BuildResult, PageSet, Plan
    from docgen.pipeline.todos_cache import TodoStats
    from docgen.render.options import RenderOptions

T = TypeVar("T")

Meter = Callable[[int, str], AbstractContextManager[Callable[[int], None]]]
"""How a run shows progress: ``meter(total, label)`` gives a context whose value is told how
many of ``total`` are done so far (the command line draws a bar on a terminal); ``total`` 0 is a
stage without a count (:meth:`Run.stage`), shown while it lasts."""


class Run:
    """The pipeline for one command: its cache, its worker count and its pending writes."""

    JOBS_PER_CORE = 4
    """At most this many worker processes per available core: ``--jobs 1000`` forks no thousand
    processes (parsing and rendering are CPU-bound; more workers than cores only add memory)."""

    def __init__(
        self,
        *,
        jobs: int | None = None,
        no_cache: bool = False,
        meter: Meter | None = None,
    ):
        """``jobs``: worker processes (None: the available cores; at most :meth:`max_jobs`, a
        larger number is lowered to it); ``no_cache``: read and write no cache; ``meter``: shows
        how far parsing has got (None: nothing is shown)."""
        self.jobs = None if jobs is None else max(1, min(jobs, self.max_jobs()))
        self._cache = Cache(None if no_cache else user_cache_dir())
        self._meter = meter
        self._stack = ExitStack()
        self._planned_at: dict[str, int] = {}  # plan key -> the clock before its pages were read
        self._render_keys: dict[str, str] = {}  # plan key -> the key of its last render
        self._rendered: dict[str, list[Diagnostic]] = {}  # plan key -> its last render's diagnostics
        self._searched: set[str] = set()  # plan keys whose pages no stored listing named
        self._stored_pages: dict[str, tuple] = {}  # plan key -> (inputs, root, what stored_pages gave)
        self._stored_out: dict[str, dict] = {}  # output folder -> the stamps output_stamps gave
        self._looked: dict[str, dict] = {}  # output folder -> the stamps read for a look ahead (plan)
        self._looking = False  # whether plan forked a child to look at an output folder
        self.todo_stats: TodoStats | None = None
        """How the last :meth:`todos` that scanned came by each page (None: none scanned, its
        tree's result was stored whole)."""

    @property
    def cache_refused(self) -> str | None:
        """Why the cache folder is not used (another user could write in it: see
        :func:`~docgen.pipeline.cache.untrusted`); None when it is, or with ``--no-cache``."""
        return self._cache.refused

    LEAVE_STORES_RUNNING = False
    """Whether :meth:`close` leaves a model still being stored by a child
    (:func:`~docgen.pipeline.entry_writer.store_later`) to finish after this process: set by the
    program (:func:`docgen.cli.main.run`), whose end nothing in this process follows. The next
    run waits for it on entering (:meth:`__enter__`), so what it stores is found."""

    STORES_AT_EXIT = False
    """Whether :meth:`close` leaves what the run stores at its end (:func:`~docgen.pipeline.entry_writer.store_at_end`)
    to :meth:`finish_stores`, called by the program once its output is written (not while ``--watch`` goes on):
    forked before the report, the child made the report's pass copy every page it touched (20 ms, not 12)."""

    @classmethod
    def finish_stores(cls) -> None:
        """Fork what runs left for the program's end (:attr:`STORES_AT_EXIT`); wait as :meth:`close` does."""
        finish_writes(detached=not cls.LEAVE_STORES_RUNNING)

    def __enter__(self) -> Run:
        self._cache.await_writers()  # an earlier command's model, still being stored
        self._stack.enter_context(paused_gc())  # a short run of long-lived objects
        return self

    def __exit__(self, *exc: object) -> bool:
        try:
            self.close()
        finally:
            self._stack.close()
        return False

    @staticmethod
    def max_jobs() -> int:
        """The most worker processes a run starts: :attr:`JOBS_PER_CORE` per available core."""
        from docgen.pipeline.build import default_jobs

        return Run.JOBS_PER_CORE * default_jobs()

    @staticmethod
    def keep_last_model(keep: bool = True) -> None:
        """Keep each run's model in memory for the next run of this process (``--watch``: a
        patch after an edit then starts from it, not from the stored one); False stops it."""
        from docgen.pipeline.build import keep_last_model

        keep_last_model(keep)

    @staticmethod
    def reap_stores() -> None:
        """Reap the model stores earlier runs of this process left running that have ended since,
        without waiting for any (``--watch`` between runs: no zombie is left)."""
        from docgen.pipeline.entry_writer import reap_ended

        reap_ended()

    @staticmethod
    def forget_damaged_models(exc: BaseException) -> bool:
        """When ``exc`` is a stored model's lazy field that did not decode
        (:class:`~docgen.pipeline.plain.DamagedModel`), or whose entry went since the model was
        read (:class:`~docgen.pipeline.stored_model.FieldsGone`, outside :meth:`render`, which
        renders again): drop the stored models, so the next run resolves the pages whole (a
        patched model carries its model's unread fields as stored: the damage would be met by
        every later run), and True; else False."""
        from docgen.pipeline.build import forget_last_model
        from docgen.pipeline.plain import DamagedModel
        from docgen.pipeline.stored_model import FieldsGone, forget_stored_models

        if not isinstance(exc, (DamagedModel, FieldsGone)):
            return False
        forget_last_model()  # (--watch keeps the model it patches next)
        forget_stored_models(Cache(user_cache_dir()))
        return True

    def close(self) -> None:
        """Wait for the cache writes of this run's children (never cut off by the command's end),
        but for a model still being stored when :attr:`LEAVE_STORES_RUNNING` (it finishes on its
        own: a ``lint`` after an edit waited 0.2 s for it), and end a child parsing pages for a
        render that did not use it (:func:`~docgen.pipeline.parse_aside.discard_early`). The entries
        the run read are marked used first (eviction drops the ones used least recently)."""
        from docgen.pipeline.parse_aside import discard_early

        discard_early()
        if self._looking:  # a child looking at an output folder that no write took (or ended)
            from docgen.pipeline.look_aside import discard_early as discard_look

            discard_look()
        self._cache.mark_used()
        finish_writes(detached=not self.LEAVE_STORES_RUNNING, at_end=not self.STORES_AT_EXIT)

    def plan(self, inputs: Sequence[str | Path], root: Path | None = None, *, ahead: bool = False,
             out: Path | None = None) -> Plan:
        """The pages under ``inputs`` (named relative to ``root``), read and hashed. ``ahead``: a
        render follows, and the few pages read (a warm edit's) are parsed by a child from now
        (:func:`~docgen.pipeline.parse_aside.parse_early`); ``out``: and written to that folder,
        which a second child looks at meanwhile (:func:`~docgen.pipeline.look_aside.look_early`, with the
        stamps :meth:`output_stamps` then gives)."""
        from docgen.pipeline.plan import plan
        from docgen.pipeline.unchanged import stored_pages

        with self.stage("reading pages"):
            taken = time.time_ns()
            # pages the stamps of an earlier generate or check vouch for are not read
            # (found and read by absolute path: a stored listing holds the paths, by the inputs' key)
            docs = [Path(os.path.abspath(p)) for p in inputs]
            known, found = stored_pages(self._cache, docs, root)
            planned = plan(docs, root, known=known, found=found)
            self._planned_at.setdefault(planned.key, taken)
            self._stored_pages[planned.key] = (docs, root, known, found)  # (not read again by remember)
            if found is None:  # no stored listing held: the pages were searched for
                self._searched.add(planned.key)
        if ahead and not planned.diagnostics:
            from docgen.pipeline import build
            from docgen.pipeline.parse_aside import parse_early, usable

            read = [item for item in planned.items if item[2] is not None]
            jobs = self.jobs or build.default_jobs()
            parse_early(read, build._parse_stored, jobs)
            if out is not None and usable(len(read), jobs) and self._cache.enabled:
                from docgen.pipeline.look_aside import look_early

                key = os.path.abspath(out)
                self._looked[key] = self.output_stamps(out)
                look_early(out, self._looked[key])
                self._looking = True
        return planned

    def build(
        self,
        inputs: Iterable[str | Path],
        *,
        root: Path | None = None,
        planned: Plan | None = None,
        pages: PageSet | None = None,
        digests: bool = False,
    ) -> BuildResult:
        """The pipeline's :class:`~docgen.pipeline.build.BuildResult` for ``inputs``.

        With a meter, parsed pages are counted through the build's ``progress`` callback (not
        when ``pages`` are already loaded). ``digests``: the model is read inside
        :func:`~docgen.pipeline.plain.digesting` (its objects' digests noted: what lint keys on).
        """
        if digests:
            from docgen.pipeline.plain import digesting

            with digesting():
                return self.build(inputs, root=root, planned=planned, pages=pages)
        from docgen.pipeline.build import build as run
        from docgen.pipeline.inputs import discover

        docs = list(inputs)
        if self._meter is None or pages is not None:
            return run(
                docs,
                jobs=self.jobs,
                cache=self._cache,
                root=root,
                planned=planned,
                pages=pages,
            )
        total = (
            len(planned.items) if planned is not None else len(discover(docs, root)[0])
        )
        with self._meter(total, "parsing pages") as advance, ExitStack() as later:
            resolving: list[bool] = []

            def progress(done: int) -> None:
                advance(done)
                if done >= total and not resolving:  # parsed: resolving comes next
                    resolving.append(True)
                    later.enter_context(self.stage("resolving"))

            return run(
                docs,
                jobs=self.jobs,
                cache=self._cache,
                progress=progress,
                root=root,
                planned=planned,
            )

    def model(self, inputs: Iterable[str | Path], *, root: Path | None = None) -> Model:
        """The resolved model of ``inputs`` (see :meth:`build`)."""
        return self.build(inputs, root=root).model

    def render(
        self,
        inputs: Iterable[str | Path],
        options: RenderOptions,
        *,
        root: Path,
        planned: Plan | None = None,
    ) -> tuple[Mapping[str, str], list[Diagnostic]]:
        """Build the model and render the package in memory: (path -> text, every diagnostic).
        The texts are read from the cache only when one is asked for (a
        :class:`~docgen.write.texts.Texts`, whose digests the writer uses).

        Pages are named relative to ``root`` while building, so generated headers do not depend
        on where docgen runs (diagnostics are located relative to ``root`` too). Unchanged trees,
        cores and jobs are reused (see :mod:`docgen.pipeline.render_cache`). ``planned`` is the
        :meth:`plan` of the same inputs and root when the caller already made it.
        """
        from docgen.pipeline.build import default_jobs, load_pages, note_tree, plan
        from docgen.pipeline.render_cache import render_cached, render_key
        from docgen.pipeline.stored_model import FieldsGone

        docs = [Path(os.path.abspath(d)) for d in inputs]
        cache = self._cache
        planned = planned or plan(docs, root)
        self._render_keys[planned.key] = render_key(options, planned.key)
        loaded: list[PageSet] = []

        def pages() -> PageSet:
            loaded.append(load_pages(planned, cache, self.jobs, ahead=True))  # (an edit: see parse_aside)
            return loaded[0]

        built: list[bool] = []

        def load() -> BuildResult:
            built.append(True)
            return self.build(docs, root=root, planned=planned, pages=loaded[0] if loaded else None)

        def rendering() -> tuple[Mapping[str, str], list[Diagnostic]]:
            return render_cached(
                options,
                tree_key=planned.key,
                load=load,
                cache=cache,
                jobs=self.jobs or default_jobs(),
                pages=pages,
                plan_diagnostics=planned.diagnostics,
            )

        with self.stage("rendering"):
            try:
                rendered = rendering()
            except FieldsGone:  # a fields' entry of the model read went since: rendered again, once
                from docgen.pipeline.build import forget_last_model

                forget_last_model()  # (that model, or a patch of it, kept by --watch)
                built.clear()
                rendered = rendering()  # a model with an entry gone is not read: resolved, or patched from one whole
        if not built:  # answered from a render of these pages: their model is the one to patch next
            note_tree(cache, planned)
        self._rendered[planned.key] = rendered[1]
        return rendered

    def current(
        self, planned: Plan, inputs: Sequence[Path], options: RenderOptions, *, root: Path, out: Path, display=str
    ) -> tuple[int, list[tuple]] | None:
        """(files, the rows of the diagnostics :meth:`render` would give) when a generate of
        ``planned`` (the pages under ``inputs``, no problem with them) into ``out`` is proven to write nothing and
        find no error, without rendering or reading what is unchanged; None when that is not
        proven (see :func:`docgen.pipeline.unchanged.proven_output`). Each row is ``(path, line,
        col, code, message, severity)``, located relative to ``root`` (the pages' :meth:`plan` root).
        Pages the plan had to read or search for are stamped for the next run, as
        :meth:`remember` does after a write."""
        from docgen.pipeline.render_cache import render_key
        from docgen.pipeline.unchanged import proven_output, remember_pages

        taken = self._planned_at.get(planned.key)
        if planned.diagnostics or taken is None:
            return None
        docs = [Path(os.path.abspath(d)) for d in inputs]
        proven = proven_output(self._cache, render_key(options, planned.key), docs, out, display)
        if proven is not None and (planned.key in self._searched or any(data is not None for _, _, data in planned.items)):
            remember_pages(self._cache, planned, taken, root, docs)  # what lets the next run read less
        return proven

    def remember_pages(self, planned: Plan, inputs: Sequence[str | Path], root: Path | None = None) -> None:
        """After a command that read ``planned`` (planned by this run from ``inputs`` and
        ``root``): store its pages' stamps and their folders' listing, when it read a page no
        stamp vouched for or searched the folders, so that the next :meth:`plan` of the same
        inputs reads only the pages changed since (see :func:`docgen.pipeline.unchanged.remember_pages`).
        ``lint``, ``todos`` and ``drift`` name their pages as no ``generate`` does (another root),
        so they keep stamps of their own."""
        from docgen.pipeline.unchanged import remember_pages

        taken = self._planned_at.get(planned.key)
        if taken is None or planned.diagnostics:
            return
        if planned.key in self._searched or any(data is not None for _, _, data in planned.items):
            remember_pages(self._cache, planned, taken, root, [Path(os.path.abspath(p)) for p in inputs])

    def unchanged(
        self, inputs: Sequence[Path], options: RenderOptions, *, root: Path, out: Path, display=str
    ) -> tuple[int, int] | None:
        """(files, pages) when ``out`` is proven to hold exactly what :meth:`render` would give and
        no error would be found, without rendering or reading what is unchanged; None when that
        is not proven (see :mod:`docgen.pipeline.unchanged`)."""
        from docgen.pipeline.unchanged import proven_unchanged

        docs = [Path(os.path.abspath(d)) for d in inputs]
        return proven_unchanged(self._cache, docs, root, options, out, display)

    def output_stamps(self, out: Path) -> dict[str, Any]:
        """Stamps of ``out``'s files stored by an earlier run (see
        :func:`docgen.pipeline.unchanged.output_stamps`); empty with ``no_cache``."""
        from docgen.pipeline.unchanged import output_stamps

        stamps = self._looked.pop(os.path.abspath(out), None)  # read by plan, for its look ahead
        if stamps is None:
            stamps = output_stamps(self._cache, out)
        self._stored_out[os.path.abspath(out)] = stamps  # (not read again by remember)
        return stamps

    def remember(
        self,
        planned: Plan,
        inputs: Sequence[Path],
        *,
        root: Path,
        out: Path,
        hashes: Mapping[str, str],
        stamps: Mapping[str, Any],
    ) -> None:
        """After a generate or check of ``planned`` (rendered by this run) that found no error:
        store what lets the next check of the same tree skip the work (:meth:`unchanged`)."""
        from docgen.pipeline.unchanged import remember

        key = self._render_keys.get(planned.key)
        taken = self._planned_at.get(planned.key)
        if key is None or taken is None:
            return
        docs = [Path(os.path.abspath(d)) for d in inputs]
        stored = self._stored_pages.get(planned.key)  # read by the plan of the same inputs and root only
        stored = stored[2:] if stored is not None and stored[:2] == (docs, root) else None
        remember(self._cache, planned, taken, root, docs, key, out, hashes, stamps,
                 diagnostics=self._rendered.get(planned.key), stored=stored,
                 stored_out=self._stored_out.get(os.path.abspath(out)))

    def report_json(self) -> Callable[[Sequence[Sequence], Callable[[], str]], str | bytes]:
        """What gives the JSON text of a report's diagnostics, given as columns
        (:func:`~docgen.cli.formats.columns`), and what makes it: taken from the cache when the
        same diagnostics were written before (:mod:`docgen.pipeline.report_text`), else made."""
        from docgen.pipeline.report_text import report_text

        cache = self._cache
        return lambda columns, make: report_text(cache, columns, make)

    def cached(
        self,
        kind: str,
        planned: Plan,
        compute: Callable[[], T],
        *parts: str,
        valid: Callable[[Any], bool],
    ) -> T:
        """What ``compute`` gives for the pages of ``planned``, stored under ``kind``.

        The key is ``kind``, the plan's key (the pages' names and bytes, docgen's code) and
        ``parts`` (whatever else decides the result): an unchanged tree is computed once. A stored
        value that ``valid`` refuses is computed again.
        """
        key = digest(kind, planned.key, *parts)
        stored = self._cache.get(kind, key)
        if valid(stored):
            return stored
        value = compute()
        self._cache.put(kind, key, value)
        return value

    def todos(self, planned: Plan) -> tuple[list[TodoFinding], list[Diagnostic]]:
        """The placeholders left in the pages of ``planned`` and the errors met decoding them.

        Stored by the plan's key (the pages' names and bytes, docgen's code): an unchanged tree
        is one lookup. Otherwise each page's are reused from its own entry while its bytes are
        unchanged, and only the others are scanned (:mod:`docgen.pipeline.todos_cache`; the
        pages scanned are in :attr:`todo_stats`). Missing or unreadable inputs (the plan's
        diagnostics) are not part of it.
        """

        def scan() -> tuple[list[TodoFinding], list[Diagnostic]]:
            from docgen.pipeline.todos_cache import scan_planned

            with self._counting(len(planned.items), "scanning pages") as advance:
                findings, problems, self.todo_stats = scan_planned(self._cache, planned, advance)
            return findings, problems

        return self.cached(
            "todos",
            planned,
            scan,
            valid=lambda stored: isinstance(stored, tuple) and len(stored) == 2,
        )

    def metadata(self, path: Path | str) -> tuple[Any, list[Diagnostic]]:
        """The CSDL file at ``path`` read (read_csdl), its parse kept by its bytes' sha256."""
        from docgen.pipeline.csdl_cache import read_metadata
        return read_metadata(self._cache, path)

    def drift(self, model: Model, metadata: Any) -> Any:
        """The drift report of ``model`` against ``metadata`` (a CsdlMetadata), comparing again
        only the metadata types whose docs types changed (:mod:`docgen.pipeline.drift_cache`)."""
        from docgen.pipeline.drift_cache import compare_remembered
        return compare_remembered(self._cache, model, metadata)

    def lint(self, model: Model, planned: Plan, *, ignore: Iterable[str] = ()) -> list[Diagnostic]:
        """The lint findings of ``model`` (built from ``planned``): each page's are reused from the
        cache while the page and what its rules read of the tree are unchanged, the others are
        checked again (see :mod:`docgen.pipeline.lint_cache`). Raises ValueError for an unknown
        ``ignore`` code."""
        from docgen.pipeline.lint_cache import lint_planned

        return lint_planned(self._cache, model, planned, ignore=ignore)

    def stage(self, label: str) -> AbstractContextManager[Callable[[int], None]]:
        """The meter over a stage that has no count (resolving, rendering, writing, a check):
        ``meter(0, label)``, shown while the stage runs; nothing without a meter."""
        if self._meter is None:
            return nullcontext(lambda done: None)
        return self._meter(0, label)

    def _counting(
        self, total: int, label: str
    ) -> AbstractContextManager[Callable[[int], None]]:
        """The meter over ``total`` items, or one that shows nothing (no meter, one item or none)."""
        if self._meter is None or total <= 1:
            return nullcontext(lambda done: None)
        return self._meter(total, label)
