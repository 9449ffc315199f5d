"""The stored jobs of a whole render in one entry, read back in one lookup (issue 18).

In: the (key, :class:`~docgen.render.jobs.StoredJob`) of every job of a render. Out: the bytes of
one cache entry (:func:`memo_payload`, kind :data:`MEMO`) and a :class:`JobMemo` read back from
them (:func:`read_memo`), which answers a key with the job stored under it then.

A warm render looks every job up: 5,735 on the corpus, a row and a digest check each in SQLite
and a decode each, 0.05 s of a render whose jobs are almost all unchanged. The memo holds them
all as flat columns (one :mod:`marshal` load, the tokens read shared between jobs), written for a
cold render (by the child that stores its entries) and by a render that found many jobs the memo
did not hold or held with reads no longer current (:data:`REWRITE_SHARE`: after edits changed
that many keys or reads), so most renders only read it, and check the reads of all its jobs in
one call (the few stale ones found by halving, :meth:`JobMemo.stale_jobs`). A job
the memo does not hold, or holds with reads no longer current, is looked up on its own as before:
the memo stands for the job entries it was made from, never for more (a job's stored result
depends only on its key and its reads, which are checked either way).
"""

from __future__ import annotations

import marshal
from collections.abc import Callable, Mapping, Sequence
from itertools import accumulate
from typing import Any

from docgen.diagnostics import Diagnostic
from docgen.pipeline.job_entries import flat_entry
from docgen.pipeline.plain import MARSHAL_VERSION, PlainError, decode, encode
from docgen.render.jobs import JobResult, StoredJob
from docgen.write.texts import Texts

MEMO = "job-memo"
"""The memo's kind (one entry per job context)."""

MEMO_FORMAT = "job-memo-2"
"""The first item of a memo's data: another shape is not read (``job-memo-1`` held each job's
diagnostics as an item of its own: 515 decodes of the corpus's warm render, 8 ms, where one
column decode of all of them is 1 ms)."""

REWRITE_SHARE = 50
"""A render writes the memo again when more than one job in this many was not in it, or was in it
with reads no longer current."""


def memo_payload(entries: Sequence[tuple[str, StoredJob]]) -> bytes:
    """The memo of ``entries`` ((key, stored job) of every job of a render): columns of keys,
    each job's file count, paths, digests, token count, tokens, token digests, its diagnostics'
    count and its shared diagnostics' count, and the plain data of every job's diagnostics then
    shared diagnostics, in job order, as one tuple (:mod:`docgen.pipeline.columns` encodes it
    as columns). Equal tokens are written once (one string object, which :mod:`marshal` refers
    back to)."""
    canon: dict[str, str] = {}
    keys, file_counts, rels, shas, token_counts, tokens, digests = [], [], [], [], [], [], []
    diagnostic_counts: list[int] = []
    shared_counts: list[int] = []
    found: list[Diagnostic] = []
    for key, stored in entries:
        keys.append(key)
        file_counts.append(len(stored.hashes))
        for rel, sha in stored.hashes:
            rels.append(rel)
            shas.append(sha)
        token_counts.append(len(stored.tokens))
        tokens += [canon.setdefault(token, token) for token in stored.tokens]
        digests += [canon.setdefault(d, d) for d in stored.digests]
        diagnostic_counts.append(len(stored.diagnostics))
        shared_counts.append(len(stored.shared))
        found += stored.diagnostics
        found += stored.shared
    data = (MEMO_FORMAT, tuple(keys), tuple(file_counts), tuple(rels), tuple(shas), tuple(token_counts),
            tuple(tokens), tuple(digests), tuple(diagnostic_counts), tuple(shared_counts), encode(tuple(found)))
    return marshal.dumps(data, MARSHAL_VERSION)


def _only(column: tuple[Any, ...], kind: type) -> bool:
    """Every item of ``column`` is exactly of ``kind`` (checked at C speed)."""
    return not column or set(map(type, column)) == {kind}


class JobMemo:
    """The stored jobs of the render that wrote the memo, by key (:meth:`stored`)."""

    def __init__(self, columns: tuple[Any, ...]) -> None:
        (keys, file_counts, self._rels, self._shas, token_counts, self._tokens, self._digests, diagnostic_counts,
         shared_counts, self._found) = columns
        self._counts = diagnostic_counts  # a job's diagnostics, then its shared ones, from _found_at[i]
        self._found_at = list(accumulate(map(int.__add__, diagnostic_counts, shared_counts), initial=0))
        self._index = dict(zip(keys, range(len(keys))))
        self._files = list(accumulate(file_counts, initial=0))
        self._reads = list(accumulate(token_counts, initial=0))
        self._current: bool | None = None
        self._stale: set[int] | None = None

    def __len__(self) -> int:
        return len(self._index)

    def all_current(self, current: Callable[[tuple[str, ...], tuple[str, ...]], bool]) -> bool:
        """Whether the reads of every job in the memo are current (one call over all of them,
        made once per memo read: a render has one ``current``; after most edits they are, and no
        job's need be checked on its own)."""
        if self._current is None:
            self._current = bool(current(self._tokens, self._digests))
        return self._current

    def stale_jobs(self, current: Callable[[tuple[str, ...], tuple[str, ...]], bool] | None) -> set[int]:
        """The positions of the jobs whose reads are not current (``current`` None: every job
        that read something): none when :meth:`all_current` says so, else found by halving the
        jobs while a half's reads are not all current (a range of jobs is checked in one call over
        its slice of the columns, at C speed once the tokens' digests are known): after a
        type-cell edit, a few dozen calls instead of one per job (3,403 on the corpus)."""
        reads = self._reads
        if current is None:
            return {i for i in range(len(self._index)) if reads[i] != reads[i + 1]}
        if self.all_current(current):
            return set()
        found = self._stale
        if found is None:
            tokens, digests = self._tokens, self._digests
            found = set()
            todo = [(0, len(self._index))]
            while todo:
                a, b = todo.pop()
                t0, t1 = reads[a], reads[b]
                if t0 == t1 or current(tokens[t0:t1], digests[t0:t1]):
                    continue
                if b - a == 1:
                    found.add(a)
                else:
                    middle = (a + b) // 2
                    todo += ((middle, b), (a, middle))
            self._stale = found
        return found

    @property
    def stale(self) -> bool:
        """True when :meth:`all_current` found a job's reads no longer current (a type it read
        changed). The memo is not written again for that alone: those jobs are looked up on
        their own and count as the memo's misses (:data:`REWRITE_SHARE`); rewritten after scale.py's
        type-cell edit, it cost 0.04 s, and again when the page was put back."""
        return self._current is False

    def results(
        self, keys: Sequence[str], current: Callable[[tuple[str, ...], tuple[str, ...]], bool] | None,
        files: Callable[[tuple[tuple[str, str], ...], int], Mapping[str, str]],
    ) -> list[JobResult | None]:
        """The job stored under each of ``keys`` (:meth:`stored`) when its reads are current
        (:meth:`stale_jobs`; ``current`` None: only a job that read nothing stands), as each
        job's :class:`~docgen.render.jobs.JobResult` straight from the columns (its files
        ``files(hashes, n)`` for the n-th key and its reads, each made only when asked for: no
        job reused reads them, and a package joined by :meth:`~docgen.pipeline.render_jobs.PoolRunner.joined`
        asks for no job's files unless one of its texts is read), with no
        :class:`~docgen.render.jobs.StoredJob` between (:meth:`stored` makes one when the memo is
        written again): the corpus's 5,735 stored jobs of a warm render were a StoredJob, a
        JobResult and its reads' pairs each."""
        stale = self.stale_jobs(current)
        index = self._index.get
        at, counts, found = self._found_at, self._counts, self._found
        out: list[JobResult | None] = []
        add = out.append
        new = _new
        # What the answers share (this memo, the files callback, no diagnostics) is the class's:
        # each answer holds its position and key's index only (the corpus's 5,735 answers with
        # six fields each were 1.5 ms more of every warm render).
        cls = type("MemoResult", (MemoResult,), {"_memo": self, "_files": staticmethod(files)})
        for n, key in enumerate(keys):
            i = index(key)
            if i is None or (stale and i in stale):
                add(None)
                continue
            result = new(cls)
            fields = result.__dict__
            fields["_job"] = i
            fields["_n"] = n
            d0, d1 = at[i], at[i + 1]
            if d0 != d1:  # (most jobs report nothing: the class's empty diagnostics)
                middle = d0 + counts[i]
                fields["diagnostics"] = found[d0:middle]
                fields["shared"] = found[middle:d1]
            add(result)
        return out

    def hashes_of(self, i: int) -> tuple[tuple[str, str], ...]:
        """The (path, sha256) pairs of the files of the job at position ``i``."""
        f0, f1 = self._files[i], self._files[i + 1]
        return tuple(zip(self._rels[f0:f1], self._shas[f0:f1]))

    def shas_of(self, i: int) -> tuple[str, ...]:
        """The sha256 of each file of the job at position ``i``."""
        return self._shas[self._files[i]:self._files[i + 1]]

    def hashes_at(self, positions: Sequence[int]) -> dict[str, str] | None:
        """Path -> sha256 of the files of the jobs at ``positions`` (each once); None when two
        of them hold the same path (a position given twice included): then the files are not
        one part (:func:`memo_joined` joins them job by job)."""
        starts, rels, shas = self._files, self._rels, self._shas
        count = 0
        if 2 * len(positions) > len(self._index):  # most of the memo: all at C speed, the rest taken out
            hashes = dict(zip(rels, shas))
            if len(hashes) != len(rels):
                return None
            taken = set(positions)
            if len(taken) != len(positions):
                return None
            for i in range(len(self._index)):
                if i not in taken:
                    for rel in rels[starts[i]:starts[i + 1]]:
                        del hashes[rel]
            return hashes
        hashes = {}
        for i in positions:
            f0, f1 = starts[i], starts[i + 1]
            hashes.update(zip(rels[f0:f1], shas[f0:f1]))
            count += f1 - f0
        return hashes if len(hashes) == count else None

    def reads_of(self, i: int) -> tuple[tuple[str, str], ...]:
        """The (token, digest) pairs the job at position ``i`` read."""
        t0, t1 = self._reads[i], self._reads[i + 1]
        return tuple(zip(self._tokens[t0:t1], self._digests[t0:t1]))

    def stored(self, key: str) -> StoredJob | None:
        """The job stored under ``key`` when the memo was written (None: not in it)."""
        i = self._index.get(key)
        if i is None:
            return None
        d0, d1 = self._found_at[i], self._found_at[i + 1]
        middle = d0 + self._counts[i]
        diagnostics, shared = self._found[d0:middle], self._found[middle:d1]
        f0, f1, t0, t1 = self._files[i], self._files[i + 1], self._reads[i], self._reads[i + 1]
        stored = _new(StoredJob)  # fields set as plain.decode sets them (checked when the memo was read)
        stored.__dict__.update(hashes=tuple(zip(self._rels[f0:f1], self._shas[f0:f1])), diagnostics=diagnostics,
                               shared=shared, tokens=self._tokens[t0:t1], digests=self._digests[t0:t1])
        return stored


class MemoResult(JobResult):
    """A :class:`~docgen.render.jobs.JobResult` made from a memo's columns (:meth:`JobMemo.results`),
    whose files and reads are made when asked for (a package joins the files of a memo's jobs in
    one part, :func:`memo_joined`: no job's own mapping is made unless one of its texts is read).
    :meth:`JobMemo.results` makes them of a subclass whose class holds the memo (``_memo``) and
    the files callback (``_files``); each holds its job's position in the memo (``_job``), its
    place among the keys asked for (``_n``) and its diagnostics when it has some."""

    diagnostics: tuple[Diagnostic, ...] = ()
    shared: tuple[Diagnostic, ...] = ()
    _memo: JobMemo
    _files: Callable[[tuple[tuple[str, str], ...], int], Mapping[str, str]]

    @property  # type: ignore[override]
    def files(self) -> Mapping[str, str]:
        fields = self.__dict__
        made = fields.get("files")
        if made is None:  # made now, once: the files callback of JobMemo.results
            made = fields["files"] = self._files(self._memo.hashes_of(fields["_job"]), fields["_n"])
        return made  # type: ignore[no-any-return]

    @files.setter
    def files(self, value: Mapping[str, str]) -> None:  # (dataclasses.replace: its own field)
        self.__dict__["files"] = value

    @property  # type: ignore[override]
    def reads(self) -> tuple[tuple[str, str], ...]:
        fields = self.__dict__
        if "_job" not in fields:  # made by __init__ (dataclasses.replace): its own field
            return fields.get("reads", ())  # type: ignore[no-any-return]
        return self._memo.reads_of(fields["_job"])

    @reads.setter
    def reads(self, value: tuple[tuple[str, str], ...]) -> None:
        self.__dict__.pop("_job", None)
        self.__dict__["reads"] = value

    def __eq__(self, other: object) -> bool:  # equal to the JobResult of the same fields
        if not isinstance(other, JobResult):
            return NotImplemented
        return (self.files, self.diagnostics, self.shared, self.reads) == (
            other.files, other.diagnostics, other.shared, other.reads)

    __hash__ = JobResult.__hash__


_new = object.__new__


def read_memo(payload: bytes | None) -> JobMemo | None:
    """The memo ``payload`` holds (:func:`memo_payload`); None when there is none or it is not
    well-formed (every column of its type, the counts adding up, every diagnostic one)."""
    data = flat_entry(payload, MEMO_FORMAT, 11)
    if data is None or not all(type(column) is tuple for column in data[1:10]):
        return None
    _, keys, file_counts, rels, shas, token_counts, tokens, digests, diagnostic_counts, shared_counts, block = data
    count = len(keys)
    if not (len(file_counts) == len(token_counts) == len(diagnostic_counts) == len(shared_counts) == count
            and len(rels) == len(shas) and len(tokens) == len(digests) and len(set(keys)) == count):
        return None
    counts = (file_counts, token_counts, diagnostic_counts, shared_counts)
    if not all(_only(column, int) for column in counts) or min(min(column, default=0) for column in counts) < 0:
        return None
    if sum(file_counts) != len(rels) or sum(token_counts) != len(tokens):
        return None
    try:
        for column in (keys, rels, shas, tokens, digests):  # every item a string (checked at C speed,
            "".join(column)  # column by column: their 41,000 items not copied into one tuple first)
        found = decode(block)  # (a tuple of diagnostics is columns: one loop for them all)
    except (TypeError, PlainError, RecursionError):
        return None
    if type(found) is not tuple or len(found) != sum(diagnostic_counts) + sum(shared_counts) or not _only(found, Diagnostic):
        return None
    return JobMemo((*data[1:10], found))


def entries_made(
    ordered: list[tuple[str, StoredJob | None]], memo: JobMemo | None
) -> list[tuple[str, StoredJob]]:
    """``ordered`` with each entry the memo answered (None) made from it (:meth:`JobMemo.stored`)."""
    out = []
    for key, stored in ordered:
        if stored is None:
            stored = memo.stored(key) if memo is not None else None
            if stored is None:  # (the memo answered it: it holds it)
                raise RuntimeError("docgen lost a stored job it reused: please report this")
        out.append((key, stored))
    return out


def unmade_shas(answers: Sequence[Sequence[JobResult | None]]) -> set[str]:
    """The digests of the files of the memo's answers (:meth:`JobMemo.results`) whose files are not
    made yet: a :class:`~docgen.pipeline.render_jobs.StoredTexts` reading every waiting text reads theirs too."""
    wanted: set[str] = set()
    for each in answers:
        for answer in each:
            if isinstance(answer, MemoResult) and "files" not in answer.__dict__ and "_job" in answer.__dict__:
                wanted.update(answer._memo.shas_of(answer.__dict__["_job"]))
    return wanted


def memo_joined(results: Sequence[JobResult], files: Mapping[str, str]) -> Texts | None:
    """The files of ``results`` and then ``files`` joined as :meth:`~docgen.write.texts.Texts.joined` joins them
    (a later part's file replacing an earlier one's), with the files of the jobs the memo
    answered (:class:`MemoResult`, their files not made yet) as one
    part (:class:`MemoTexts`) made from the memo's columns: the corpus's 5,735 jobs' own
    mappings are not made. None when there are none, or they are not of one memo, or a path of
    theirs is in two jobs (then joined job by job, as any runner's results)."""
    memo_results: list[MemoResult] = []
    others: list[Mapping[str, str]] = []
    memo = None
    for result in results:
        if isinstance(result, MemoResult) and "files" not in result.__dict__ and "_job" in result.__dict__:
            if memo is None:
                memo = result._memo
            elif result._memo is not memo:
                return None
            memo_results.append(result)
        else:
            others.append(result.files)
    if memo is None:
        return None
    hashes = memo.hashes_at([result.__dict__["_job"] for result in memo_results])
    others.append(files)
    if hashes is None or any(rel in hashes for part in others for rel in part):
        return None  # (a later part would replace a memo job's file: joined in order)
    return Texts.joined([MemoTexts(hashes, memo_results), *others])


class MemoTexts(Texts):
    """The files of jobs the memo answered (:func:`memo_joined`): their digests from the
    memo's columns; a text is read through the job that holds it (its files made then, as
    :class:`MemoResult` makes them: read from the cache, the job rendered
    again when an entry is gone)."""

    __slots__ = ("_results", "_holders")

    def __init__(self, hashes: dict[str, str], results: Sequence[MemoResult]) -> None:
        super().__init__(hashes, self._all)
        self._results = results
        self._holders: dict[str, JobResult] | None = None

    def _all(self) -> Mapping[str, str]:
        return {rel: self[rel] for rel in self.hashes}

    def __getitem__(self, rel: str) -> str:
        if rel not in self.hashes:
            raise KeyError(rel)
        holders = self._holders
        if holders is None:  # each path's job, worked out when a text is first asked for
            holders = self._holders = {}
            for result in self._results:
                for path, _ in result._memo.hashes_of(result.__dict__["_job"]):
                    holders[path] = result
        return holders[rel].files[rel]

    @property
    def loaded(self) -> bool:
        return all(not isinstance(result.files, Texts) or result.files.loaded for result in self._results)
