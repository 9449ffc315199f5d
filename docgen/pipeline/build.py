"""The pipeline's driver: find pages, parse them (in parallel, through the cache), resolve.

markdown (:mod:`docgen.read.page`) → page model (:mod:`docgen.extract.dispatch`) → resolution
(:mod:`docgen.resolve.join`) → rendering (:mod:`docgen.render.package`) → writing (:mod:`docgen.write.output`).
This module runs the first three over a tree; it decides nothing about what a page means.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from docgen.diagnostics import Diagnostic, Location
from docgen.model.dataclass_ahead import dataclass
from docgen.pipeline.cache import Cache, EntryWriter, code_fingerprint, digest, dumps, loads
from docgen.pipeline.entry_writer import store_at_end, store_later
from docgen.pipeline.memory import paused_gc
from docgen.pipeline.plain import PlainError
from docgen.pipeline.plan import Plan, page_bytes, plan
from docgen.pipeline.parse_aside import parse_aside, take_early, usable
from docgen.pipeline.stored_model import FieldsGone, carry_places, is_whole, load_model, model_entries, page_index, prefetch, take_prefetched
from docgen.pipeline.tree_entry import TREE_DATA, is_comparison, page_names, take_tree_data
from docgen.write.faults import fault_point

if TYPE_CHECKING:
    from docgen.model.core import Model
    from docgen.resolve.rows import Comparison
    from docgen.resolve.lookup import PageTypesTable

PARALLEL_THRESHOLD = 48
"""Fewer pages than this are parsed in-process: a pool costs more than it saves."""
CHUNK = 16
"""Pages handed to a worker at a time."""


def _parse_one(page: tuple[str, str, bytes]):
    """Parse one page (runs in a worker process): returns (PageModel | None, diagnostics)."""
    from docgen.extract.dispatch import extract_page
    from docgen.read.source import decode_source

    _, display, data = page
    source, diagnostics = decode_source(data, display)
    if source is None:
        return None, tuple(diagnostics)
    return extract_page(source), tuple(diagnostics)


def _entry(result) -> tuple[str, bytes]:
    """A parsed page's core digest and the page as it is stored: ``digest``, a newline, the length of ``core`` and a
    newline, then ``core`` and ``meta`` (both :func:`~docgen.pipeline.cache.dumps` plain data).

    ``core`` is the result with the page's front matter and hash left out, ``meta`` its whole
    :class:`~docgen.model.core.PageInfo`; ``digest`` is the hash of ``core``. Nothing docgen
    renders reads a page's front matter or hash (the renderer is given pages without them: see
    :func:`docgen.pipeline.render_cache.render_cached`), so two trees whose cores are equal render
    the same package: an edit to a page's front matter or to prose docgen does not read re-renders
    nothing (:attr:`PageSet.key`).
    """
    page, diagnostics = result
    meta = None
    if page is not None:
        meta = page.info  # put back whole by _result: one replace per page
        page = replace(page, info=replace(page.info, front_matter={}, sha256=""))
    core = dumps((page, diagnostics))
    hexdigest = digest(core)
    return hexdigest, b"%s\n%d\n%s%s" % (hexdigest.encode("ascii"), len(core), core, dumps(meta))


def _unpack(payload: bytes | None, check: bool = True) -> tuple[str, bytes, bytes] | None:
    """The ``(digest, core, meta)`` of a stored entry, None when it is not one. ``check`` False
    trusts the digest in its head: for an entry read from the cache, whose SHA-256 over the whole
    entry (head included) was checked as it was read (hashing 20 MB of cores again cost 40 ms on
    the corpus)."""
    if payload is None:
        return None
    head, _, rest = payload.partition(b"\n")
    size, _, rest = rest.partition(b"\n")
    if len(head) != 64 or not size.isdigit() or int(size) > len(rest):
        return None
    core = rest[: int(size)]
    if check and digest(core).encode("ascii") != head:
        return None
    return head.decode("ascii"), core, rest[int(size) :]


def _result(entry: tuple[str, bytes, bytes]):
    """The (PageModel | None, diagnostics) of an entry, front matter and hash put back; None
    when it does not decode to one."""
    from docgen.model.core import PageInfo
    from docgen.model.page import PageModel

    try:
        value, meta = loads(entry[1]), loads(entry[2])
    except PlainError:
        return None
    if not (isinstance(value, tuple) and len(value) == 2 and isinstance(value[1], tuple)):
        return None
    page, diagnostics = value
    if page is None:
        return (None, diagnostics) if meta is None else None
    if not isinstance(page, PageModel) or not isinstance(meta, PageInfo):
        return None
    return replace(page, info=meta), diagnostics


def _parse_entry(item: tuple[str, str, bytes]) -> tuple[str, bytes, tuple]:
    """Parse one page: its core's digest, its stored entry (see :func:`_entry`) and its result."""
    result = _parse_one(item)
    return (*_entry(result), result)


def _parse_stored(item: tuple[str, str, bytes]) -> tuple[str, bytes]:
    """Parse one page in a worker process: its core's digest and its stored entry, which the main
    process decodes. Sending the result too (pickled by the pool) cost the workers 2 s of CPU on
    the corpus and the main process as long to unpickle as decoding the entry
    (``benchmarks/cache_codec.py``)."""
    return _entry(_parse_one(item))


def _parse_all(items: list[tuple[str, str, bytes | None]], keys: list[str], cache: Cache, jobs: int,
               meanwhile: Callable[[], None] | None = None) -> list:
    """Parse ``items`` in order on ``jobs`` worker processes and store each under its key.

    Returns each page's ``(core digest, result)``. Workers send each page's digest and entry;
    this process takes them as they come, while the workers go on, decodes each entry (as fast as
    unpickling a result was) and passes it to an :class:`~docgen.pipeline.cache.EntryWriter`,
    whose child stores them once the parse is over; it keeps no entry. It does
    nothing else meanwhile: when it parsed a share itself, its thread that reads results from the
    pipe waited for the GIL and stalled the workers (measured on the corpus, 2 cores: 5.4 s with a
    share, 3.9 s without, 6.5 s serial). Small chunks keep both workers busy to the end. The result
    is the same list, in the same order, as a serial run. ``meanwhile``: what this process does
    while a child parses a few pages (:mod:`docgen.pipeline.parse_aside`).
    """
    items = [(path, display, page_bytes((path, display, data), key)) for (path, display, data), key in zip(items, keys)]
    if jobs <= 1 or len(items) < PARALLEL_THRESHOLD:
        parsed = []
        payloads = []
        early = take_early(items, _parse_stored)  # (forked by the plan for these pages: Run.plan)
        sent = parse_aside(items, _parse_stored, meanwhile, early) if meanwhile or early else None
        for item, (hexdigest, payload) in zip(items, sent or [("", b"")] * len(items)):
            entry = _unpack(payload, check=False)  # what the child sent, decoded: else parsed here
            result = _result(entry) if entry is not None else None
            if result is None:
                hexdigest, payload, result = _parse_entry(item)
            parsed.append((hexdigest, result))
            payloads.append(payload)
            fault_point("parse")
        _store(cache, keys, payloads, parsed)
        return parsed
    from docgen.pipeline.procs import pool

    parsed = []
    writer = EntryWriter(cache)
    try:
        with pool(jobs) as executor:
            results = executor.map(_parse_stored, items, chunksize=CHUNK)
            # The resolver is needed as soon as the parse ends; imported now, its 60 ms share the
            # cores with the workers instead of running while one core idles.
            importlib.import_module("docgen.resolve.join")
            for item, key, (hexdigest, payload) in zip(items, keys, results):
                entry = _unpack(payload, check=False)
                result = _result(entry) if entry is not None else None
                if result is None:  # cannot happen (it was just encoded); parsed here if it does
                    result = _parse_one(item)
                parsed.append((hexdigest, result))
                fault_point("parse")
                writer.put("page", key, payload)
                writer.put("core", key, hexdigest.encode())
    finally:
        writer.close()
    return parsed


def _store(cache: Cache, keys: list[str], payloads: list[bytes], parsed: list) -> None:
    """Store parsed pages: each entry (kind ``page``) and its core's digest (kind ``core``)."""
    cache.put_payloads("page", list(zip(keys, payloads)))
    cache.put_payloads("core", [(key, hexdigest.encode()) for key, (hexdigest, _) in zip(keys, parsed)])


def default_jobs() -> int:
    """Worker processes to use: the cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class BuildResult:
    """What :func:`build` returns: the model and the key that identifies its inputs."""

    model: Model
    """The resolved model, read diagnostics included."""
    key: str
    """A hash of docgen's code and every page's path and bytes: equal keys, equal models."""


class PageSet:
    """Every page of a :class:`Plan`, parsed: from the cache, or parsed now (and stored)."""

    def __init__(self, work: Plan, cache: Cache, jobs: int, digests: list[str], results: dict[int, tuple]):
        self._work = work
        self._cache = cache
        self._jobs = jobs
        self._digests = digests
        self._results = results
        self.parsed = len(results)
        """How many pages were parsed in this run (0: every page came from the cache)."""

    @property
    def key(self) -> str:
        """A hash of every page's core (its parse without front matter and hash; see
        :func:`_entry`) and docgen's code: what the rendered package depends on."""
        return digest(code_fingerprint(), *self._digests)

    def results(self) -> list:
        """Each page's (PageModel | None, diagnostics), in the plan's order: the cached ones are
        read now (a page whose entry is gone or damaged is parsed again)."""
        return self.results_at(range(len(self._work.keys)))

    def results_at(self, indices: Sequence[int]) -> list:
        """The results of the pages at ``indices`` of the plan (see :meth:`results`): only those
        are read from the cache."""
        with paused_gc():
            work = self._work
            missing = [i for i in indices if i not in self._results]
            stored = self._cache.get_payloads("page", [work.keys[i] for i in missing])
            again = []
            for index in missing:
                entry = _unpack(stored.get(work.keys[index]), check=False)
                result = _result(entry) if entry is not None else None
                if result is None:
                    again.append(index)
                else:
                    self._results[index] = result
            parsed = _parse_all([work.items[i] for i in again], [work.keys[i] for i in again], self._cache, self._jobs)
            for index, (_, result) in zip(again, parsed):
                self._results[index] = result
            self.parsed += len(again)
            return [self._results[i] for i in indices]


def load_pages(
    work: Plan, cache: Cache, jobs: int | None = None, progress: Callable[[int], None] | None = None,
    *, ahead: bool = False,
) -> PageSet:
    """Every page of ``work``: the digests of the stored ones are read (their entries only when
    :meth:`PageSet.results` needs them); the others are parsed on ``jobs`` workers and stored.
    ``ahead``: a few edited pages are parsed by a child while this process reads the model the
    edit may be patched from (:func:`~docgen.pipeline.stored_model.prefetch`: a render's build)."""
    with paused_gc():
        jobs = jobs or default_jobs()
        # the digests of the last load of these page names, in one entry: one lookup, not 3,341
        names_key = _cores_key(work)
        known = _known_cores(cache.get(CORES, names_key) if cache.enabled else None)
        cores = {key: known[key] for key in work.keys if key in known}
        stored = cache.get_payloads("core", [key for key in work.keys if key not in cores])
        cores.update((key, value.decode("ascii", "replace")) for key, value in stored.items())
        digests = [cores.get(key, "") for key in work.keys]
        todo = [index for index, key in enumerate(work.keys) if key not in cores]
        old_key = cache.get(TREE, _tree_key(work)) if ahead and cache.enabled and usable(len(todo), jobs) else None
        # (none to read ahead: no model of these names, or the one in memory, or a run with no edit)
        known_model = type(old_key) is not str or old_key == work.key or old_key in _LAST_MODEL
        meanwhile = None if known_model else prefetch(cache, str(old_key))
        parsed = _parse_all([work.items[i] for i in todo], [work.keys[i] for i in todo], cache, jobs, meanwhile)
        results = {}
        for index, (hexdigest, result) in zip(todo, parsed):
            digests[index] = hexdigest
            results[index] = result
        if cache.enabled and (len(known) != len(work.keys) or len(todo) + len(stored) > CORES_SLACK):
            cache.put(CORES, names_key, (work.keys, tuple(digests)))
        if progress is not None:
            progress(len(work.items))
        return PageSet(work, cache, jobs, digests, results)


CORES = "cores"
"""The kind of the entry holding, for a tree's page names, each page's key and core digest as
the last :func:`load_pages` of those names found them (a page's core digest is a function of its
key: an entry is right whatever run stored it)."""


CORES_SLACK = 64
"""Pages past the :data:`CORES` entry (edited since it was written: their digests read from their
own ``core`` entries, one query) before it is written again. Written after every edit, the
corpus's entry (3,341 keys and digests, 0.45 MB) was 2-3 ms of each warm edit."""


def _cores_key(work: Plan) -> str:
    return digest(code_fingerprint(), CORES, page_names(work))


def _known_cores(stored: object) -> dict[str, str]:
    """Page key -> core digest from a :data:`CORES` entry; empty when it has another shape."""
    if not (isinstance(stored, tuple) and len(stored) == 2 and all(type(part) is tuple for part in stored)):
        return {}
    keys, cores = stored
    if len(keys) != len(cores) or not all(type(item) is str for item in (*keys, *cores)):
        return {}
    return dict(zip(keys, cores))


def build(
    inputs: Sequence[str | Path],
    *,
    jobs: int | None = None,
    cache: Cache | None = None,
    progress: Callable[[int], None] | None = None,
    root: Path | None = None,
    planned: Plan | None = None,
    pages: PageSet | None = None,
) -> BuildResult:
    """Read, parse and resolve the pages under ``inputs``; reuse cached pages and models.

    Every location names its page relative to ``root`` (default: the working directory).
    ``planned`` is the :func:`plan` of the same inputs when the caller already made it, and
    ``pages`` its :func:`load_pages` when the caller already loaded them.
    """
    with paused_gc():
        return _build(inputs, jobs, cache or Cache(None), progress, root, planned, pages)


def _build(
    inputs: Sequence[str | Path],
    jobs: int | None,
    cache: Cache,
    progress: Callable[[int], None] | None,
    root: Path | None,
    planned: Plan | None,
    pages: PageSet | None,
) -> BuildResult:
    from docgen.resolve import join

    work = planned or plan(inputs, root)
    diagnostics = list(work.diagnostics)
    cached_model = load_model(cache, work.key)
    if cached_model is not None:
        _remember(work.key, cached_model)
        note_tree(cache, work, read=True)
        return BuildResult(_with_diagnostics(cached_model, diagnostics), work.key)

    loaded = pages or load_pages(work, cache, jobs, progress)
    patched = _patched(work, loaded, cache)
    if patched is None:
        results = loaded.results()
        page_models = [page for page, _ in results if page is not None]
        page_diagnostics = [d for _, found in results for d in found]
        resolved, inherited, compared, table = join.resolve_indexed(page_models)
        model = _with_diagnostics(resolved, page_diagnostics)
    else:
        model, inherited, compared, table = patched
    # Stored without the plan's diagnostics (the key covers the pages, not the inputs named), with the
    # tree it was built from, the resolve's "Inherited from" indexes (a patch changes no name, type
    # graph, row or line) and the types each page documents (type cells' links), for the next edit to
    # patch (:func:`_patched`); by a child: a whole resolve's at once (0.5 s of CPU on the core the cold
    # render's planning leaves idle), a patched model's at the end (Run.STORES_AT_EXIT: after the output).
    tree = (work.keys, tuple(sorted(inherited)), compared, table)
    (store_later if patched is None else store_at_end)(
        cache, [*model_entries(work.key, model), (TREE_DATA, work.key, tree), (TREE, _tree_key(work), work.key)])
    _remember(work.key, model)
    return BuildResult(_with_diagnostics(model, diagnostics), work.key)


_LAST_MODEL: dict[str, Model] = {}
"""The model this process built or read last, by its key (at most one), when a ``--watch`` asked
for it (:func:`keep_last_model`): what its next run patches after an edit without decoding the
stored one again (0.3 s on the corpus). Only the patch
reads it (its old model's key comes from the cache's tree entry, and a key names one model: the
pages' names and bytes and docgen's code); an unchanged tree's model is still read from the
cache, so that a run with another cache folder stores what it needs. Models are frozen."""

_KEEP_LAST_MODEL: list[bool] = [False]
"""Whether :data:`_LAST_MODEL` is kept (:func:`keep_last_model`)."""


def keep_last_model(keep: bool = True) -> None:
    """Keep (or stop keeping) the last model in memory for the next build of this process."""
    _KEEP_LAST_MODEL[0] = keep
    _LAST_MODEL.clear()


def _remember(key: str, model: Model) -> None:
    _LAST_MODEL.clear()
    if _KEEP_LAST_MODEL[0]:
        _LAST_MODEL[key] = model


def forget_last_model() -> None:
    """Forget the model kept for the next run (a damaged one: Run.forget_damaged_models)."""
    _LAST_MODEL.clear()


TREE = "tree"
"""The kind of the entry that names, for a tree's page names, the key of the model last built or
read for them: the model the next edit is patched from."""
MAX_EDITED = 64
"""Edited pages past which a model is resolved, not patched."""


def note_tree(cache: Cache, work: Plan, *, read: bool = False) -> None:
    """Make the stored model of ``work``'s pages, when there is one, the model the next edit of
    them is patched from: called when a run reads it (``read``), or is answered without it (a render
    of the same tree cached). Else an edit undone, then another, would be compared with the undone
    edit's pages. Not when only its tree data is left (the model evicted: the next edit resolved
    whole, session 22): the tree keeps naming the model it named (the undone edit's)."""
    if (cache.enabled and cache.get(TREE, _tree_key(work)) != work.key and cache.get_payload(TREE_DATA, work.key) is not None
            and (read or is_whole(cache, work.key))):
        cache.put(TREE, _tree_key(work), work.key)  # (a few bytes: no child forked for it)


def _tree_key(work: Plan) -> str:
    return digest(code_fingerprint(), TREE, page_names(work))


def _patched(
    work: Plan, loaded: PageSet, cache: Cache
) -> tuple[Model, frozenset[tuple[str, str]], tuple[Comparison, ...], PageTypesTable] | None:
    """The model of ``work`` patched from the last model built for the same page names, when the
    pages edited since changed only descriptions or primitive type cells (:mod:`docgen.resolve.patch`),
    with the indexes of "Inherited from" rows stored with it; None otherwise.

    Only the stored model and the edited pages are read, before and after (issue 18: a one-row edit
    decoded all 3,341 pages and resolved them again). Pages added or removed, or any other edit, give None.
    """
    from docgen.model.core import Model
    from docgen.resolve.lookup import is_page_types_table
    from docgen.resolve.members import type_cell_of
    from docgen.resolve.patch import Changes, patch
    from docgen.resolve.retype import Unsure
    from docgen.resolve.shift import relocate

    old_key = cache.get(TREE, _tree_key(work))
    ahead = take_prefetched(old_key) if type(old_key) is str else None
    stored = take_tree_data(cache, old_key) if type(old_key) is str else None  # (read ahead: prefetch)
    if stored is None:
        return None
    old_keys, index, compared, table = stored
    if not is_page_types_table(table):
        return None
    if not (isinstance(compared, tuple) and all(is_comparison(item) for item in compared)):
        return None
    inherited = frozenset(index)
    if len(old_keys) != len(work.keys):
        return None
    edited = [i for i, (old, new) in enumerate(zip(old_keys, work.keys)) if old != new]
    if not edited or len(edited) > MAX_EDITED:
        return None
    before = cache.get_payloads("page", [old_keys[i] for i in edited])
    changes = Changes()
    for index, after in zip(edited, loaded.results_at(edited)):
        entry = _unpack(before.get(old_keys[index]), check=False)
        old = _result(entry) if entry is not None else None
        if old is None or old[0] is None or after[0] is None or old[1] != after[1]:
            return None
        if not changes.add(old[0], after[0]):
            return None
    model = _LAST_MODEL.get(old_key) or ahead or load_model(cache, old_key)  # the stored one: see _LAST_MODEL
    if not isinstance(model, Model):
        return None
    where = {display: i for i, (_, display, _) in enumerate(work.items)}

    def type_cell(row: Location) -> Location | None:  # a row's type cell, from its page's parse
        index = where.get(row.path)
        page = loaded.results_at([index])[0][0] if index is not None else None
        return type_cell_of(page, row) if page is not None else None

    try:
        patched = patch(model, changes, inherited, compared, type_cell, table, page_index(cache, str(old_key), model))
    except (PlainError, FieldsGone):  # a lazy field of the stored model damaged (docgen.model.lazy) or gone: resolve
        return None
    if patched is None:
        return None
    carry_places(model, patched)
    try:  # the comparisons' places on pages whose lines moved, moved as the model's were
        compared = relocate(compared, changes.moves)
    except Unsure:
        return None
    return patched, inherited, compared, table


def _with_diagnostics(model: Model, extra: list[Diagnostic]) -> Model:
    if not extra:
        return model
    merged = sorted(set(model.diagnostics) | set(extra), key=Diagnostic.sort_key)
    return replace(model, diagnostics=tuple(merged))


def build_model(
    inputs: Sequence[str | Path],
    *,
    jobs: int | None = None,
    cache: Cache | None = None,
    root: Path | None = None,
) -> Model:
    """The resolved model of the pages under ``inputs`` (see :func:`build`)."""
    return build(inputs, jobs=jobs, cache=cache, root=root).model
