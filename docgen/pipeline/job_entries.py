"""The render job cache's entries as flat :mod:`marshal` data (issue 18).

In: a stored job (:class:`~docgen.render.jobs.StoredJob`) or a value with the tokens it read.
Out: the bytes the job cache stores (:func:`job_payload`, :func:`each_payload`) and back
(:func:`stored_job`, :func:`stored_value`), checked: anything not of that shape is None (the job
is rendered again, the value made again).

A warm render looks up every job (5,735 on the corpus) and every operation's part of the builder
methods' answers: decoded as plain data (:func:`~docgen.pipeline.plain.decode`, a call per
tuple) that was a third of the lookups. Here an entry is a tuple of flat tuples of strings,
which :mod:`marshal` builds at C speed and one ``str.join`` checks; only diagnostics and values
go through :func:`~docgen.pipeline.plain.decode`, and only when there are some (most jobs have
no diagnostic) or when the reads are current (a value).
"""

from __future__ import annotations

import marshal
from collections.abc import Callable
from typing import Any

from docgen.diagnostics import Diagnostic
from docgen.pipeline import unmarshal
from docgen.pipeline.plain import MARSHAL_VERSION, PlainError, decode, encode
from docgen.render.jobs import Current, StoredJob, V

JOB_FORMAT = "job-flat-1"
"""The first item of a stored job's data (:func:`job_payload`): an entry of another shape is not
read (it is rendered again)."""


def job_payload(stored: StoredJob) -> bytes:
    """``stored`` as a job entry: :mod:`marshal` of a tuple of flat tuples of strings (the paths,
    their digests, the tokens read, their digests) and the diagnostics' plain data, () for none
    (most jobs have none). Read back by :func:`stored_job` at C speed, the diagnostics decoded only
    when there are some: a :class:`StoredJob` decoded through :func:`~docgen.pipeline.plain.decode`
    was 20 calls per job, a third of looking the corpus's 5,735 jobs up."""
    rels = tuple([rel for rel, _ in stored.hashes])
    shas = tuple([sha for _, sha in stored.hashes])
    extra = encode((stored.diagnostics, stored.shared)) if stored.diagnostics or stored.shared else ()
    return marshal.dumps((JOB_FORMAT, rels, shas, stored.tokens, stored.digests, extra), MARSHAL_VERSION)


def flat_entry(payload: bytes | None, tag: Any, size: int) -> tuple[Any, ...] | None:
    """The tuple of ``size`` items, the first ``tag``, that ``payload`` holds as :mod:`marshal`
    data; None when there is no payload or it is not such a tuple (not marshal data, cut short)."""
    if payload is None:
        return None
    try:
        data = unmarshal.loads(payload)
    except unmarshal.NotMarshal:
        return None
    if type(data) is not tuple or len(data) != size or data[0] != tag:
        return None
    return data


def stored_job(payload: bytes) -> StoredJob | None:
    """The stored entry ``payload`` encodes (:func:`job_payload`); None when it is not a
    well-formed one."""
    data = flat_entry(payload, JOB_FORMAT, 6)
    if data is None:
        return None
    _, rels, shas, tokens, digests, extra = data
    if not (type(rels) is tuple and type(shas) is tuple and type(tokens) is tuple and type(digests) is tuple
            and len(rels) == len(shas) and len(tokens) == len(digests) and type(extra) is tuple):
        return None
    try:
        "".join(rels + shas + tokens + digests)  # every item a string (checked at C speed)
    except TypeError:
        return None
    found = job_diagnostics(extra)
    if found is None:
        return None
    diagnostics, shared = found
    stored = _new(StoredJob)  # fields set as plain.decode sets them: a frozen __init__ is 5 setattr calls
    stored.__dict__.update(hashes=tuple(zip(rels, shas)), diagnostics=diagnostics, shared=shared,
                           tokens=tokens, digests=digests)
    return stored


_new = object.__new__


EACH_FORMAT = "each-flat-1"
"""The first item of a :meth:`~docgen.pipeline.render_jobs.PoolRunner.cached_each` entry's data (:func:`each_payload`)."""


def job_diagnostics(extra: Any) -> tuple[tuple[Diagnostic, ...], tuple[Diagnostic, ...]] | None:
    """A stored job's (diagnostics, shared diagnostics) from the plain data ``extra`` holds (none
    when it is empty); None when it is not such a pair (the entry is not trusted)."""
    if not extra:
        return (), ()
    try:
        decoded = decode(extra)
    except (PlainError, RecursionError):
        return None
    if not (type(decoded) is tuple and len(decoded) == 2 and all(type(part) is tuple for part in decoded)):
        return None
    diagnostics, shared = decoded
    if not all(type(d) is Diagnostic for d in (*diagnostics, *shared)):
        return None
    return diagnostics, shared


def each_payload(value: Any, reads: tuple[tuple[str, str], ...]) -> bytes:
    """A :meth:`~docgen.pipeline.render_jobs.PoolRunner.cached_each` entry: :mod:`marshal` of the value's plain data and two
    flat tuples of strings (the tokens read, their digests), checked at C speed when read."""
    data = (EACH_FORMAT, encode(value), tuple([t for t, _ in reads]), tuple([d for _, d in reads]))
    try:
        return marshal.dumps(data, MARSHAL_VERSION)
    except ValueError as exc:  # nested too deeply for marshal
        raise PlainError(f"not storable: {exc}") from None


def stored_value(
    payload: bytes | None, current: Current, from_plain: Callable[[Any], V | None]
) -> tuple[V] | None:
    """(the value,) a :meth:`~docgen.pipeline.render_jobs.PoolRunner.cached_each` entry holds when its reads are current;
    None when there is none, it is not such an entry, or its reads are stale (the value is
    decoded only then: 2,102 answers of the corpus's operations were a sixth of a warm render
    decoded as plain data whole)."""
    data = flat_entry(payload, EACH_FORMAT, 4)
    if data is None:
        return None
    _, value, tokens, digests = data
    if not (type(tokens) is tuple and type(digests) is tuple and len(tokens) == len(digests)):
        return None
    try:
        "".join(tokens + digests)  # every item a string (checked at C speed)
    except TypeError:
        return None
    if tokens and not current(tokens, digests):
        return None
    try:
        found = from_plain(decode(value))
    except (PlainError, RecursionError):
        return None
    return None if found is None else (found,)


def empty_stand_in(parts: tuple[Any, ...]) -> bool:
    """True when a part is an empty string or a tuple holding one (a stand-in of nothing cached)."""
    return any(part == "" or (type(part) is tuple and "" in part) for part in parts)
