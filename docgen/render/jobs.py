"""What a render job is, and the seam through which the renderer has its jobs run.

The renderer plans what spans files (class and module names, the navigation tree, the builders'
answers) in one process and then cuts the rest into jobs (class and operation plans are made by
the jobs that need them): render one model module, or one operation's request
builder and test module, each formatted and checked. A job is a :data:`Work` pair (what its result
depends on, and the call that renders it) and returns a :class:`JobResult`.

Who runs the jobs is not the renderer's business: :func:`~docgen.render.package.render_package`
takes a :class:`JobRunner`. :class:`InProcess` (the default) runs them in turn, here; the pipeline's
runner (:class:`docgen.pipeline.render_jobs.PoolRunner`) reuses cached results and spreads the rest
over forked workers. Every runner returns the results in job order, so the bytes are the same.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol, TypeVar

from docgen.diagnostics import Diagnostic
from docgen.model.dataclass_ahead import dataclass


@dataclass(frozen=True)
class JobResult:
    """What one job produced."""

    files: Mapping[str, str]
    """Relative path -> final text of each file the job wrote (a job cache's hit gives a
    :class:`~docgen.write.texts.Texts` that reads the texts only when one is asked for)."""
    diagnostics: tuple[Diagnostic, ...]
    """What rendering, formatting and checking those files found."""
    shared: tuple[Diagnostic, ...]
    """What the job added to the shared registry's diagnostics (deduplicated across jobs)."""
    reads: tuple[tuple[str, str], ...] = ()
    """What the job read of the types beyond its key's parts: each token it looked up, with the
    token's digest then (:mod:`docgen.render.reads`). A stored result is reused only while every
    one is current (the ``current`` a runner is given says so)."""


@dataclass(frozen=True)
class StoredJob:
    """A :class:`JobResult` as a job cache stores it: each file's digest instead of its text
    (the texts are entries of their own, by digest, read only when one is asked for)."""

    hashes: tuple[tuple[str, str], ...]
    """(relative path, sha256 of the text's UTF-8 bytes) of each file the job wrote, in order."""
    diagnostics: tuple[Diagnostic, ...]
    """As :attr:`JobResult.diagnostics`."""
    shared: tuple[Diagnostic, ...]
    """As :attr:`JobResult.shared`."""
    tokens: tuple[str, ...] = ()
    """The tokens of :attr:`JobResult.reads`, in order."""
    digests: tuple[str, ...] = ()
    """Their digests (two flat tuples of strings decode at C speed: a tuple of pairs was one
    call per pair, 70,000 on the corpus)."""

    @property
    def reads(self) -> tuple[tuple[str, str], ...]:
        """(token, digest) pairs, as :attr:`JobResult.reads`."""
        return tuple(zip(self.tokens, self.digests))

    def result(self, files: Mapping[str, str]) -> JobResult:
        """The :class:`JobResult` of this entry with ``files`` (its texts), made as
        :func:`~docgen.pipeline.plain.decode` makes a frozen dataclass, by setting its fields:
        a warm render makes one for each of the corpus's 5,735 reused jobs."""
        result = _new(JobResult)
        result.__dict__.update(files=files, diagnostics=self.diagnostics, shared=self.shared, reads=self.reads)
        return result


_new = object.__new__


Work = tuple[Any, Callable[[], JobResult]]
"""A job as the renderer plans it: what its result depends on (its cache key's parts, a tuple, or
a :class:`~docgen.render.job_index.Keyed` that makes them when asked; what it reads beyond them
its result's ``reads`` says) and the call that renders it."""

V = TypeVar("V")

Current = Callable[[tuple[str, ...], tuple[str, ...]], bool]
"""Whether a stored result's :attr:`JobResult.reads` (as two columns: the tokens, their digests)
are still what this render would read."""

Made = Callable[[], tuple[V, tuple[tuple[str, str], ...]]]
"""A value made with what making it read (tokens with their digests, as :attr:`JobResult.reads`)."""


class JobRunner(Protocol):
    """Runs a render's jobs and names what they depend on."""

    def keys(self, items: Sequence[tuple[str, Any]]) -> Callable[[], list[str]]:
        """Short stand-ins for the (kind, value) ``items`` in jobs' dependencies, given by the call
        it returns ("" each when nothing is cached); the runner may work them out meanwhile (the
        values must not change until that call)."""
        ...

    def cached(
        self, kind: str, parts: tuple[Any, ...], make: Callable[[], V],
        to_plain: Callable[[V], Any], from_plain: Callable[[Any], V | None],
    ) -> V:
        """``make()``, or what the runner stored of it under ``kind`` and ``parts`` (everything
        ``make`` reads, stand-ins included: an empty stand-in means nothing is cached).
        ``to_plain`` gives a storable value of it, ``from_plain`` the value back (None when the
        stored one is not such a value: ``make`` is called)."""
        ...

    def cached_each(
        self, kind: str, items: Sequence[tuple[tuple[Any, ...], Made[V]]], current: Current,
        from_plain: Callable[[Any], V | None],
    ) -> list[V]:
        """Each item's value, in order: what the runner stored under ``kind`` and the item's
        parts (as for :meth:`cached`) when ``current`` accepts the reads stored with it, else
        what its call makes: (a plain value, the tokens it read, stamped). ``from_plain`` checks a
        stored value (None: made again)."""
        ...

    def recalled(self, kind: str) -> Any:
        """The value :meth:`remember` stored last under ``kind`` for this runner's context (None
        when there is none): unchecked plain data, the caller checks it."""
        ...

    def remember(self, kind: str, make: Callable[[], Any]) -> None:
        """Store ``make()`` (plain data) under ``kind`` for the next render of the same context;
        the runner may skip it (nothing cached, or a render that reused nothing: a cold one)."""
        ...

    def joined(self, results: Sequence[JobResult], files: Mapping[str, str]) -> Mapping[str, str] | None:
        """The files of ``results`` and then ``files`` as one mapping (a later part's file
        replacing an earlier one's), when the runner joins them its own way; None when it leaves
        that to the caller."""
        ...

    def run(
        self, work: Sequence[Work], before_fork: Callable[[], None], current: Current | None = None,
        scope: Any = None,
    ) -> list[JobResult]:
        """Every job's result, in order; ``before_fork`` runs first if the jobs leave this process
        (what it loads, every worker inherits). A stored result may stand for a job only when its
        key's parts are the job's and ``current`` (when given) accepts its ``reads``. ``scope``
        (a :class:`~docgen.render.job_index.Scope`, when given) lets the runner take a job's key
        from its last render of the same scope while the types its parts name are unchanged."""
        ...


class InProcess:
    """The jobs run in turn, in this process, nothing cached."""

    def keys(self, items: Sequence[tuple[str, Any]]) -> Callable[[], list[str]]:
        return lambda: [""] * len(items)

    def cached(
        self, kind: str, parts: tuple[Any, ...], make: Callable[[], V],
        to_plain: Callable[[V], Any], from_plain: Callable[[Any], V | None],
    ) -> V:
        return make()

    def cached_each(
        self, kind: str, items: Sequence[tuple[tuple[Any, ...], Made[V]]], current: Current,
        from_plain: Callable[[Any], V | None],
    ) -> list[V]:
        return [make()[0] for _, make in items]

    def recalled(self, kind: str) -> Any:
        return None

    def remember(self, kind: str, make: Callable[[], Any]) -> None:
        pass

    def joined(self, results: Sequence[JobResult], files: Mapping[str, str]) -> Mapping[str, str] | None:
        return None

    def run(
        self, work: Sequence[Work], before_fork: Callable[[], None], current: Current | None = None,
        scope: Any = None,
    ) -> list[JobResult]:
        return [render() for _, render in work]


def merge_shared(
    results: Sequence[JobResult], already: Sequence[Diagnostic]
) -> list[Diagnostic]:
    """The jobs' shared diagnostics in job order, each (code, message) once and not in ``already``.

    What a job adds to the shared registry's diagnostics (an unknown type, reported where it is
    first met) comes back with it; merged in job order, the first report of each kept, this is
    what a run of every job in one process reports."""
    seen = {(d.code, d.message) for d in already}
    merged: list[Diagnostic] = []
    for result in results:
        for diagnostic in result.shared:
            key = (diagnostic.code, diagnostic.message)
            if key not in seen:
                seen.add(key)
                merged.append(diagnostic)
    return merged
