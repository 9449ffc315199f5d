"""The keys of the last render's jobs, with the types each was made of, in one entry (issue 18).

In: a render's :class:`~docgen.render.job_index.Scope`, each job's key in order and the qualified
names of the types its key's parts were made of. Out: the bytes of one cache entry (kind
:data:`INDEX`, :func:`index_payload`: plain :mod:`marshal` data, read back through
:mod:`docgen.pipeline.unmarshal`) and a :class:`KeyIndex` read back from them
(:func:`read_index`), which, for the next render of the same scope and as many jobs, says which
jobs must be keyed again (:meth:`KeyIndex.rekey`: those naming a type whose digest changed, and
those the scope says to key each time) and gives every other job's key (:meth:`KeyIndex.key`)
without making its parts.

A warm render keyed every job (5,745 on the corpus: the model modules' inputs walked, each key
hashed, then looked up), though a one-cell edit reaches a few. The index stands for the render
that wrote it: a job it holds is taken under its stored key only while the scope is the same
(no name, kind or base of a type, no class name, no operation, no navigation view changed) and
the types the job's parts named have the digests they had; the stored result of that key is
then checked as any other (its reads current, or the job is rendered again).
"""

from __future__ import annotations

import marshal
from collections.abc import Mapping, Sequence
from itertools import accumulate
from typing import Any

from docgen.pipeline.job_entries import flat_entry
from docgen.pipeline.plain import MARSHAL_VERSION
from docgen.render.job_index import Keyed, Scope, kept_part, parts_of
from docgen.render.jobs import Work

INDEX = "job-index"
"""The index's kind (one entry per job context)."""

INDEX_FORMAT = "job-index-2"
"""The first item of an index's data: another shape is not read."""

REWRITE_SHARE = 50
"""A render whose index was usable writes it again when more than one job in this many got a key
other than the index's (else the next render keys those again, as this one did)."""


def index_payload(
    scope: Scope, keys: Sequence[str], deps: Sequence[tuple[str, ...]], digests: Mapping[str, str],
    kept: Sequence[tuple[Any, ...]],
) -> bytes:
    """The index of a render: its scope's digest, each job's key, each job's named types as
    indices into a table of names with their digests (``digests``, the scope's, for each), and
    what each job keeps of its parts (:func:`~docgen.render.job_index.kept_part`: a flat tuple of
    scalars, () for none)."""
    table: dict[str, int] = {}
    counts: list[int] = []
    ids: list[int] = []
    for names in deps:
        counts.append(len(names))
        ids += [table.setdefault(name, len(table)) for name in names]
    names = tuple(table)
    data = (INDEX_FORMAT, scope.digest, tuple(keys), tuple(counts), tuple(ids), names,
            tuple(digests.get(name, "") for name in names), tuple(kept))
    return marshal.dumps(data, MARSHAL_VERSION)


class KeyIndex:
    """The keys of the render that wrote the index, and what each job's parts named."""

    def __init__(self, scope: str, keys: tuple[str, ...], counts: tuple[int, ...], ids: tuple[int, ...],
                 names: tuple[str, ...], digests: tuple[str, ...], kept: tuple[tuple[Any, ...], ...]) -> None:
        self.scope = scope
        self.kept = kept
        """What each job kept of its parts (() for none), by job."""
        self.keys = keys
        self._ids = ids
        self._starts = list(accumulate(counts, initial=0))
        self._names = names
        self._digests = digests

    def __len__(self) -> int:
        return len(self.keys)

    def key(self, job: int) -> str:
        """The key job ``job`` had."""
        return self.keys[job]

    def deps(self, job: int) -> tuple[str, ...]:
        """The qualified names of the types job ``job``'s parts were made of."""
        names = self._names
        return tuple(names[i] for i in self._ids[self._starts[job]:self._starts[job + 1]])

    def rekey(self, scope: Scope, count: int) -> set[int] | None:
        """The jobs of a render of ``count`` jobs in ``scope`` that must be keyed again: each
        naming a type whose digest is not the one stored, and the scope's :attr:`~Scope.rekeyed`;
        None when the index is of another scope or another number of jobs (every job is keyed)."""
        if scope.digest != self.scope or count != len(self.keys):
            return None
        now = scope.digests
        changed = {i for i, (name, digest) in enumerate(zip(self._names, self._digests)) if now.get(name) != digest}
        out = set(scope.rekeyed)
        if changed:
            starts = self._starts
            job = 0
            for position, i in enumerate(self._ids):
                if i in changed:
                    while starts[job + 1] <= position:
                        job += 1
                    out.add(job)
        return out


def seed(work: Sequence[Work], taken: Sequence[int], index: KeyIndex) -> None:
    """Give each job of ``taken`` (its key from ``index``) what the index kept of its parts
    (:attr:`~docgen.render.job_index.Keyed.seed`)."""
    kept = index.kept
    for i in taken:
        parts = work[i][0]
        if type(parts) is Keyed and parts.seed is not None and kept[i]:
            parts.seed(kept[i], index.deps(i))


def to_store(
    work: Sequence[Work], keys: Sequence[str], deps: Mapping[int, tuple[tuple[str, ...], tuple[Any, ...]]],
    index: KeyIndex | None,
) -> tuple[list[tuple[str, ...]], list[tuple[Any, ...]]] | None:
    """Each job's named types and kept part, for the index of a render whose jobs got ``keys``:
    None when the render's ``index`` (None: there was none of its scope) stands still, no more
    than one job in :data:`REWRITE_SHARE` having got another key. A job keyed here is in
    ``deps``; one taken from the index has its entry there; one keyed on a worker has its parts
    made again here."""
    if index is not None:
        moved = sum(1 for i, key in enumerate(keys) if key != index.keys[i])
        if moved * REWRITE_SHARE <= len(keys):
            return None
    named: list[tuple[str, ...]] = []
    kept: list[tuple[Any, ...]] = []
    for i, key in enumerate(keys):
        if i in deps:
            names, part = deps[i]
        elif index is not None and key == index.keys[i]:
            names, part = index.deps(i), index.kept[i]
        else:
            made, names = parts_of(work[i][0])
            part = kept_part(work[i][0], made)
        named.append(names)
        kept.append(part)
    return named, kept


def read_index(payload: bytes | None) -> KeyIndex | None:
    """The index ``payload`` holds (:func:`index_payload`); None when there is none or it is not
    well-formed (each column of its type, the counts adding up, every id in the table)."""
    data = flat_entry(payload, INDEX_FORMAT, 8)
    if data is None:
        return None
    _, scope, keys, counts, ids, names, digests, kept = data
    if type(scope) is not str or not all(type(column) is tuple for column in data[2:]):
        return None
    if len(counts) != len(keys) or len(names) != len(digests) or len(kept) != len(keys):
        return None
    if kept and set(map(type, kept)) != {tuple}:
        return None
    if not {type(item) for part in kept for item in part} <= _SCALARS:
        return None
    if counts and (set(map(type, counts)) != {int} or min(counts) < 0):
        return None
    if sum(counts) != len(ids):
        return None
    if ids and (set(map(type, ids)) != {int} or min(ids) < 0 or max(ids) >= len(names)):
        return None
    try:
        "".join(keys + names + digests)  # every item a string (checked at C speed)
    except TypeError:
        return None
    return KeyIndex(scope, keys, counts, ids, names, digests, kept)


_SCALARS = {str, int, type(None)}
"""What a kept part may hold (:meth:`~docgen.render.lazy_plans.LazyPlans.inputs` is made of them)."""
