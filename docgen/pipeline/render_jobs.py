"""Rendering's per-file work, on every core: one job per model module or operation.

The renderer plans what spans files (class and module names, the navigation tree) in one
process, then hands each job (:mod:`docgen.render.jobs`: render a model module, or an
operation's request builder and test module, each formatted and checked) to the runner it is
given; :class:`PoolRunner` is the pipeline's, and runs them through :func:`run_jobs`. With more than one core and the
``fork`` start method (Linux only), workers are forked after planning, so they share the planned model
without pickling it and send back only file texts and diagnostics; elsewhere the jobs run in turn.

With a job cache (:class:`JobCache`), :func:`job_results` first reuses every job whose inputs
are unchanged, so after a one-page change only the jobs that page touches are rendered. A job's
inputs are its key's parts and, for an operation, the types it read while it rendered (its
result's ``reads``, :mod:`docgen.render.reads`): a stored result whose reads are no longer
current is rendered again and replaced. A stored result holds its files' digests, not their
texts (each an entry of kind :data:`TEXT`): a reused job's texts are read when one is asked for
(:class:`StoredTexts`), and after a one-cell edit the writer, whose stamps vouch for the
unchanged files, asks for none (the texts were 37 MB to read and decode on the corpus).

A job's key is made only when it must be: with the render's scope
(:class:`~docgen.render.job_index.Scope`) the same as the last render's, the key index
(:mod:`docgen.pipeline.key_index`) gives every job whose named types are unchanged the key it had,
and only the others' parts are made and keyed (5,746 keys of a warm corpus render: 22 after a
one-cell edit).

Both ways give the same bytes: jobs keep their order, and what a job adds to the shared
registry's diagnostics comes back with it (merged by :func:`docgen.render.jobs.merge_shared`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any

from docgen.pipeline import job_entries, job_memo, key_index
from docgen.pipeline.remember_later import RememberLater, cold_entries
from docgen.pipeline.cache import Cache, dumps, loads
from docgen.pipeline.entry_writer import EntryWriter, store_at_end
from docgen.pipeline.plain import DIGESTED, PlainError, key_bytes, object_digest
from docgen.pipeline.job_runs import Job, Outcome, rendered, run_jobs
from docgen.pipeline.text_entries import TEXT, read_text, text_payload
from docgen.render.job_index import Scope, kept_part, parts_of
from docgen.render.jobs import Current, JobResult, Made, StoredJob, V, Work
from docgen.write.faults import fault_point
from docgen.write.texts import Texts, sha256_text

PROBE_JOBS = 32
"""Jobs looked up first to tell a warm job cache from a cold one (see :func:`job_results`)."""


TEXT_BATCH = 32
"""After this many jobs' texts were asked for one at a time, the texts of every stored job of the
render are read in a few queries (a new output folder wants them all)."""


class JobCache:
    """Job results in the cache (kind ``job``), keyed by everything that decides them.

    ``context`` names what every job depends on (docgen's code, black, the templates, the
    options); :meth:`key` adds a job's own inputs, encoded by
    :func:`~docgen.pipeline.plain.key_bytes` (the same bytes in every process and on every
    machine, so a restored cache folder gives hits). An entry is a
    :class:`~docgen.render.jobs.StoredJob`: each file's digest, its text an entry of kind
    :data:`TEXT` of its own, read only when the text is asked for (:class:`StoredTexts`).
    """

    def __init__(self, cache: Cache, context: str):
        self.cache = cache
        self.context = context
        self.reused = 0
        """Jobs of the renders so far whose stored result stood (their reads current)."""
        self.rendered = 0
        """Jobs of the renders so far that were rendered (nothing stored, or stale)."""
        self.stale = 0
        """Of those, the jobs whose stored result had reads no longer current."""
        self.keyed = 0
        """Jobs of the renders so far whose key was made here from their parts (not taken from
        the key index, :mod:`docgen.pipeline.key_index`)."""
        self.texts_rendered = 0
        """Reused jobs rendered again when their texts were asked for and an entry of one was
        missing or damaged."""

    def memo(self) -> job_memo.JobMemo | None:
        """The stored jobs of the last render that wrote them all (:mod:`docgen.pipeline.job_memo`);
        None when there is none. Read anew by each render (its reads are checked against it)."""
        if not self.cache.enabled:
            return None
        return job_memo.read_memo(self.cache.get_payload(job_memo.MEMO, self.key(job_memo.MEMO)))

    def store_memo(self, entries: Sequence[tuple[str, StoredJob]], cache: Cache | None = None) -> None:
        """Store ``entries`` (every job of a render, in order) as the memo the next render reads
        (into ``cache``: a child's own, else this job cache's)."""
        try:
            (self.cache if cache is None else cache).put_payload(job_memo.MEMO, self.key(job_memo.MEMO), job_memo.memo_payload(entries))
        except (PlainError, ValueError):  # not storable: the jobs are looked up one by one
            pass

    def key_index(self) -> key_index.KeyIndex | None:
        """The keys of the last render that wrote them (:mod:`docgen.pipeline.key_index`); None
        when there is none or it is damaged (every job is keyed)."""
        if not self.cache.enabled:
            return None
        return key_index.read_index(self.cache.get_payload(key_index.INDEX, self.key(key_index.INDEX)))

    def store_key_index(
        self, scope: Scope, keys: Sequence[str], deps: Sequence[tuple[str, ...]], kept: Sequence[tuple[Any, ...]],
        cache: Cache | None = None,
    ) -> None:
        """Store the keys of a render's jobs (in order), the types each named and what each keeps of
        its parts, for the next render (into ``cache``: a child's own, else this job cache's)."""
        try:
            payload = key_index.index_payload(scope, keys, deps, scope.digests, kept)
            (self.cache if cache is None else cache).put_payload(key_index.INDEX, self.key(key_index.INDEX), payload)
        except (PlainError, ValueError):  # not storable: the next render keys every job
            pass

    def key(self, *parts: object) -> str:
        """The key of a job whose inputs are ``parts``: a SHA-256 of the key bytes of the context
        and the parts together (one walk, one :mod:`marshal` call and one hash: the parts are
        mostly digests already, and a hash update per part was half of the 11,000 keys' time
        of a warm render)."""
        return hashlib.sha256(key_bytes((self.context, *parts))).hexdigest()

    def lookup(self, key: str) -> bytes | None:
        """The stored result, encoded (digest checked), or None."""
        return self.cache.get_payload("job", key)

    def lookup_many(self, keys: Sequence[str]) -> dict[str, bytes]:
        """The stored results of ``keys`` (encoded, digests checked), by key."""
        return self.cache.get_payloads("job", keys)

    def store(self, outcomes: Sequence[Outcome]) -> None:
        """Store the texts of the rendered ``outcomes`` (kind :data:`TEXT`, by digest), then their
        entries, each kind in one transaction (a failure to write is not an error: an entry whose
        texts are gone is rendered again when they are asked for)."""
        texts: dict[str, bytes] = {}
        for outcome in outcomes:
            if outcome.texts is not None:
                for rel, sha in outcome.hashes:
                    if sha not in texts:
                        texts[sha] = text_payload(outcome.texts[rel])
        self.cache.put_payloads(TEXT, sorted(texts.items()))
        self.cache.put_payloads("job", [(outcome.key, outcome.payload) for outcome in outcomes])


class StoredTexts:
    """The texts of the jobs a render reused, read from their entries when one is asked for
    (:meth:`lazy`); a job whose entry of a text is missing or is not that text is rendered again
    (it must give the stored digests: a job's result depends only on its key and its reads)."""

    def __init__(self, job_cache: JobCache) -> None:
        self.job_cache = job_cache
        self.waiting: list[tuple[tuple[str, str], ...]] = []
        self.unmade: list[list[JobResult | None]] = []  # the memo's answers: files made when asked for
        self.fetched: dict[str, bytes] = {}
        self.asked = 0

    def lazy(self, hashes: tuple[tuple[str, str], ...], render: Callable[[], JobResult]) -> Texts:
        """The files of ``hashes`` ((path, sha256) pairs), read when one is asked for."""
        self.waiting.append(hashes)
        return Texts(hashes, partial(self._load, hashes, render))  # type: ignore[arg-type]  # (dict() takes the pairs)

    def _load(self, hashes: tuple[tuple[str, str], ...], render: Callable[[], JobResult]) -> Mapping[str, str]:
        self.asked += 1
        cache = self.job_cache.cache
        if self.asked == TEXT_BATCH:  # many asked: read every waiting job's texts at once
            wanted = ({sha for pairs in self.waiting for _, sha in pairs} | job_memo.unmade_shas(self.unmade)) - self.fetched.keys()
            self.fetched.update(cache.get_payloads(TEXT, sorted(wanted)))
        missing = sorted({sha for _, sha in hashes} - self.fetched.keys())
        if missing:
            self.fetched.update(cache.get_payloads(TEXT, missing))
        texts: dict[str, str] = {}
        for rel, sha in hashes:
            text = read_text(self.fetched.get(sha), sha)
            if text is None:
                break
            texts[rel] = text
        else:
            return texts
        result = render()  # an entry is missing or damaged: the job again
        self.job_cache.texts_rendered += 1
        again = {rel: sha256_text(text) for rel, text in result.files.items()}
        if again != dict(hashes):
            raise RuntimeError("docgen rendered the same job differently: please report this")
        entries = {sha: text_payload(result.files[rel]) for rel, sha in hashes}
        cache.put_payloads(TEXT, sorted(entries.items()))  # the next run finds them
        return dict(result.files)


def job_results(
    work: Sequence[Work],
    workers: int,
    job_cache: JobCache | None,
    before_fork: Callable[[], None] | None = None,
    current: Current | None = None,
    scope: Scope | None = None,
    background: list[tuple[str, str, Any]] | None = None,
) -> list[JobResult]:
    """Each job's result, in order: from the job cache when its key is there, else rendered on
    the workers (and stored).

    With a ``scope`` (:mod:`docgen.render.job_index`) and the key index of the last render of
    that scope (:mod:`docgen.pipeline.key_index`), only the jobs whose named types changed (and
    the few the scope says to) are keyed: every other job is looked up under the key the index
    holds, its parts not even made. Without one, every job is keyed as follows.

    A probe of about :data:`PROBE_JOBS` jobs spread over the list decides who looks keys up:
    after a small change most are stored, and this process reads them all and sends only the
    rest to the workers; on a cold cache the workers compute and look up keys themselves
    (pickling every plan for its key is a fifth of a second spent on both cores, not one).
    Either way each key is looked up once, and the results are the same. A stored result stands
    only when ``current`` (when given) accepts its ``reads``; its files' texts are read only when
    one is asked for (:class:`StoredTexts`).

    After a render that reused jobs, the memo (:meth:`JobCache.store_memo`) and the key index are
    stored here when they changed enough. After one that reused none (a cold one) with
    ``background`` given, both are appended to it as entries a child makes and stores
    (:func:`~docgen.pipeline.remember_later.cold_entries`, :func:`~docgen.pipeline.entry_writer.store_later`), so that
    the first warm render finds them as every later one does.
    """
    results: dict[int, JobResult] = {}
    reused_before = job_cache.reused if job_cache is not None else 0
    missing: dict[int, str] = {}  # looked up here and not found: rendered without a second look
    stale: set[int] = set()  # looked up here, found, not current
    entries: dict[int, tuple[str, StoredJob | None]] = {}  # each job's key and stored result (None: the memo's)
    unmemoized = [0]  # jobs looked up here that the memo did not answer
    source = StoredTexts(job_cache) if job_cache is not None else None
    deps: dict[int, tuple[tuple[str, ...], tuple[Any, ...]]] = {}  # each job keyed here: its named types, kept part
    memo = job_cache.memo() if job_cache is not None and work else None
    kept = job_cache.key_index() if job_cache is not None and scope is not None and work else None
    rekey = kept.rekey(scope, len(work)) if kept is not None and scope is not None else None
    if job_cache is not None and source is not None and work:
        looked = partial(_look_up, job_cache, source, work, results=results, missing=missing, stale=stale,
                         current=current, entries=entries, unmemoized=unmemoized, memo=memo, deps=deps)
        if kept is not None and rekey is not None:
            taken = [i for i in range(len(work)) if i not in rekey]
            key_index.seed(work, taken, kept)
            looked(taken, given=kept.keys)
            looked(sorted(rekey))
        else:
            probe = list(range(0, len(work), max(1, len(work) // PROBE_JOBS)))
            if 2 * looked(probe) >= len(probe):
                looked(sorted(set(range(len(work))) - set(probe)))
    if job_cache is not None:
        job_cache.reused += len(results)
    todo = [i for i in range(len(work)) if i not in results]
    jobs: list[Job] = [partial(_job, job_cache, current, missing.get(i), *work[i]) for i in todo]
    fresh: list[Outcome] = []
    store = job_cache.store if job_cache is not None else None
    for index, done in zip(todo, run_jobs(jobs, workers, before_fork, store)):
        fault_point("render")
        if isinstance(done, Outcome):
            assert job_cache is not None and source is not None
            stored = job_entries.stored_job(done.payload)
            if stored is not None and (done.rendered or _current(stored, current)):
                if done.fresh:
                    fresh.append(done)
                if done.rendered:
                    job_cache.rendered += 1
                    job_cache.stale += done.stale or index in stale
                else:
                    job_cache.reused += 1
                result = _result(stored, done.texts, source, work[index][1])
                entries[index] = (done.key, stored)
            else:  # a stored entry that is not a StoredJob (or no longer current): rendered again
                result = work[index][1]()
                again = rendered(done.key, result)
                fresh.append(again)
                job_cache.rendered += 1
                made = job_entries.stored_job(again.payload)
                if made is not None:
                    entries[index] = (done.key, made)
            done = result
        results[index] = done
    if job_cache is not None and fresh:
        job_cache.store(fresh)
    if job_cache is not None and job_cache.cache.enabled and len(entries) == len(work):
        ordered = [entries[i] for i in range(len(work))]
        cold = job_cache.reused == reused_before  # this render reused no job
        if cold and background is not None:  # the memo and the key index made and stored by a child
            background.extend(cold_entries(job_cache, work, job_memo.entries_made(ordered, memo), deps, scope, current))
        else:
            if not cold and unmemoized[0] * job_memo.REWRITE_SHARE > len(work):
                job_cache.store_memo(job_memo.entries_made(ordered, memo))
            if scope is not None:
                keys = [key for key, _ in ordered]
                index = key_index.to_store(work, keys, deps, kept if rekey is not None else None)
                if index is not None:
                    job_cache.store_key_index(scope, keys, *index)
    return [results[i] for i in range(len(work))]


def _result(stored: StoredJob, texts: Mapping[str, str] | None, source: StoredTexts,
            render: Callable[[], JobResult]) -> JobResult:
    """The :class:`JobResult` of a stored entry: with ``texts`` when it was rendered now, else
    with texts read when one is asked for."""
    files = Texts(dict(stored.hashes), lambda: texts) if texts is not None else source.lazy(stored.hashes, render)
    return stored.result(files)


def _look_up(
    job_cache: JobCache,
    source: StoredTexts,
    work: Sequence[Work],
    indices: list[int],
    *,
    results: dict[int, JobResult],
    missing: dict[int, str],
    stale: set[int],
    current: Current | None,
    entries: dict[int, tuple[str, StoredJob | None]],
    unmemoized: list[int],
    memo: job_memo.JobMemo | None,
    deps: dict[int, tuple[tuple[str, ...], tuple[Any, ...]]],
    given: Sequence[str] | None = None,
) -> int:
    """Look the jobs at ``indices`` up: current hits into ``results`` (with their keys into
    ``entries``), the keys of the rest into ``missing`` (stale ones also into ``stale``); returns
    the number of current hits. The ``memo`` (:meth:`JobCache.memo`) answers first; the jobs it
    does not hold, or holds with reads no longer current, are looked up one by one (counted in
    ``unmemoized``). ``given`` (the key index's keys, by job) gives each job's key instead of its
    parts; otherwise the parts are made and what they name is noted in ``deps``."""
    hits = 0
    if given is not None:
        keys = [given[index] for index in indices]
    else:
        keys = []
        for index in indices:
            parts, named = parts_of(work[index][0])
            deps[index] = (named, kept_part(work[index][0], parts))
            keys.append(job_cache.key(*parts))
        job_cache.keyed += len(indices)
    lazy = source.lazy
    if memo is not None:  # the memo's jobs' results straight from its columns (their entries made if it is written)
        answers = memo.results(keys, current, lambda hashes, n: lazy(hashes, work[indices[n]][1]))
        source.unmade.append(answers)
        for index, key, answer in zip(indices, keys, answers):
            if answer is not None:
                results[index] = answer
                entries[index] = (key, None)
        hits = len(indices) - answers.count(None)
    else:
        answers = [None] * len(keys)
    rest = [key for key, answer in zip(keys, answers) if answer is None]
    unmemoized[0] += len(rest)
    stored = job_cache.lookup_many(rest) if rest else {}
    for index, key, answer in zip(indices, keys, answers):
        if answer is not None:
            continue
        payload = stored.get(key)
        result = job_entries.stored_job(payload) if payload is not None else None
        if result is not None and not _current(result, current):
            stale.add(index)
            result = None
        if result is None:
            missing[index] = key
        else:
            results[index] = result.result(lazy(result.hashes, work[index][1]))  # (_result, inlined)
            entries[index] = (key, result)
            hits += 1
    return hits


def _job(
    job_cache: JobCache | None,
    current: Current | None,
    key: str | None,
    deps: Any,
    render: Callable[[], JobResult],
) -> JobResult | Outcome:
    """One job, here or in a worker: without a job cache, its result; with one, its
    :class:`Outcome` (the stored result under the key made of ``deps`` when its reads are
    current, else the result rendered now). ``key`` given means it was looked up already and is
    missing or stale."""
    if job_cache is None:
        return render()
    stale = False
    if key is None:
        key = job_cache.key(*parts_of(deps)[0])
        stored = job_cache.lookup(key)
        if stored is not None:
            result = job_entries.stored_job(stored)
            if result is not None and _current(result, current):
                return Outcome(key, stored, None, (), False, False)
            stale = result is not None
    return rendered(key, render(), stale)


def _current(result: StoredJob, current: Current | None) -> bool:
    """True when ``result``'s reads are what this render would read."""
    return not result.tokens or (current is not None and current(result.tokens, result.digests))


class PoolRunner:
    """The pipeline's :class:`~docgen.render.jobs.JobRunner`: cached results reused, the rest run on
    ``workers`` forked processes (see :func:`job_results`)."""

    def __init__(self, workers: int, job_cache: JobCache | None, writer: EntryWriter | None = None) -> None:
        self.workers = workers
        self.job_cache = job_cache
        self._later = RememberLater()
        self._writer = writer  # stores what :meth:`remember` is given (None: the cache, here)

    def keys(self, items: Sequence[tuple[str, Any]]) -> Callable[[], list[str]]:
        """Each item's stand-in, worked out here when asked for; "" each without a job cache. A type
        or an operation stands in as its kind and its digest (:func:`~docgen.pipeline.plain.object_digest`,
        known from the model's decode: no walk, no hash for the corpus's 3,424), any other value
        as its key. (A child
        forked to work them out while this process planned was tried: on a busy two-core machine
        the parent's navigation tree took 0.29 s instead of 0.12, copy-on-write faults and a
        shared core costing what the child saved; not kept.)"""
        job_cache = self.job_cache
        if job_cache is None:
            return lambda: [""] * len(items)
        return lambda: [f"{kind}:{object_digest(value)}" if type(value) in DIGESTED else job_cache.key(kind, value)
                        for kind, value in items]

    def cached(
        self, kind: str, parts: tuple[Any, ...], make: Callable[[], V],
        to_plain: Callable[[V], Any], from_plain: Callable[[Any], V | None],
    ) -> V:
        """``make()`` stored in the cache (kind ``kind``) under the job context and ``parts``."""
        job_cache = self.job_cache
        if job_cache is None or not job_cache.cache.enabled or job_entries.empty_stand_in(parts):
            return make()
        key = job_cache.key(kind, *parts)
        payload = job_cache.cache.get_payload(kind, key)
        if payload is not None:
            try:
                found = from_plain(loads(payload))
            except PlainError:
                found = None
            if found is not None:
                return found
        value = make()
        try:
            job_cache.cache.put_payload(kind, key, dumps(to_plain(value)))
        except PlainError:  # not storable: made each time
            pass
        return value

    def cached_each(
        self, kind: str, items: Sequence[tuple[tuple[Any, ...], Made[V]]], current: Current,
        from_plain: Callable[[Any], V | None],
    ) -> list[V]:
        """Each item's value: stored (kind ``kind``) with its reads under the job context and its
        parts, reused while ``current`` accepts those reads; the values made are stored in one
        transaction."""
        job_cache = self.job_cache
        if job_cache is None or not job_cache.cache.enabled or any(job_entries.empty_stand_in(p) for p, _ in items):
            return [make()[0] for _, make in items]
        keys = [job_cache.key(kind, *parts) for parts, _ in items]
        stored = job_cache.cache.get_payloads(kind, keys)
        out: list[V] = []
        fresh: list[tuple[str, bytes]] = []
        for key, (_, make) in zip(keys, items):
            found = job_entries.stored_value(stored.get(key), current, from_plain)
            if found is None:
                value, reads = make()
                found = (value,)
                try:
                    fresh.append((key, job_entries.each_payload(value, reads)))
                except (PlainError, RecursionError):  # not storable: made each time
                    pass
            out.append(found[0])
        if fresh:
            job_cache.cache.put_payloads(kind, fresh)
        return out

    def recalled(self, kind: str) -> Any:
        """What :meth:`remember` stored under ``kind`` and the job context (None: nothing)."""
        job_cache = self.job_cache
        if job_cache is None or not job_cache.cache.enabled:
            return None
        return job_cache.cache.get(kind, job_cache.key(kind))

    def remember(self, kind: str, make: Callable[[], Any]) -> None:
        """Store ``make()`` under ``kind`` and the job context once the jobs have run
        (:mod:`docgen.pipeline.remember_later`: after a cold render, made by the child that
        stores its memo)."""
        self._later.remember(self.job_cache, kind, make)

    joined = staticmethod(job_memo.memo_joined)  # the memo's jobs' files as one part (render_package asks)

    def run(
        self, work: Sequence[Work], before_fork: Callable[[], None], current: Current | None = None,
        scope: Scope | None = None,
    ) -> list[JobResult]:
        job_cache = self.job_cache
        reused = job_cache.reused if job_cache is not None else 0
        background: list[tuple[str, str, Any]] | None = (
            [] if job_cache is not None and job_cache.cache.enabled else None)
        results = job_results(work, self.workers, job_cache, before_fork=before_fork, current=current,
                              scope=scope, background=background)
        reused = job_cache.reused - reused if job_cache is not None else 0
        self._later.after_run(job_cache, reused, background, self._writer)
        if job_cache is not None and background:  # a cold render's: made and stored by a child, forked at the end
            store_at_end(job_cache.cache, background)
        return results
