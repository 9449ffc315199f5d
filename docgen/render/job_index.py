"""What lets a warm render key only the jobs an edit reaches (issue 18): a job's key parts made
when asked for, with the model objects they were made of, and the scope of everything else.

In: the renderer's plan of jobs. Out: :class:`Keyed` (a job's key parts, made by a call that also
names the types they were made of: :meth:`~docgen.render.lazy_plans.LazyPlans.keyed`) and
:class:`Scope` (one digest of everything the key parts of every job are made of besides those
named types, and each type's digest now). A runner that kept, from the last render of the same
context and the same scope, each job's key and the digests of the types it named, may take that
key for a job whose named types have those digests still, without making its parts or its key
(:func:`docgen.pipeline.render_jobs.job_results`): its parts are the same, so its key is.

What the scope holds (see :func:`scope`): the type graph as rendering names it (each type's
qualified name, kind and base, every class name of the registry, the order the classes are
planned in), the tree's key (the class and enum names it reads and the operations' fields the
tree is built from: :mod:`docgen.render.tree_stand_ins`), the operations' module names, the
navigation views and node digests (by what they are stored under: the tree's key and the builder
methods' answers), and the shape of the plan (how many jobs of each kind). An operation's and a
builder module's parts are made of those and the operations they read whole (named by their
stand-ins: an edit of an API page's description rekeys the jobs of that operation alone); a
model module's of its class (the registry's), its type and the bases its
:meth:`~docgen.render.lazy_plans.LazyPlans.inputs` walk read (named), and its properties'
classes (the registry's). Package files (a handful) are keyed each time: their parts read more
of the model (every page's path), which the scope leaves out.
"""

from __future__ import annotations

import hashlib
import marshal
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from docgen.keys import KEY_MARSHAL
from docgen.model.dataclass_ahead import dataclass

INDEX_SCOPE = "job-index-scope-1"
"""The first part of every scope's digest: a scope made another way is another scope."""


@dataclass(frozen=True)
class Keyed:
    """A job's key parts, made when asked for (:attr:`make`)."""

    make: Callable[[], tuple[tuple[Any, ...], tuple[str, ...]]]
    """The parts and the qualified names of the types they were made of."""
    seed: Callable[[tuple[Any, ...], tuple[str, ...]], None] | None = None
    """Given the last of the parts (a flat tuple of scalars, kept with the index) and the names
    as the last render of the same scope made them, for a job whose named types are unchanged:
    the maker takes them instead of making them again (what the job's reads are checked
    against reads them too: :meth:`~docgen.render.lazy_plans.LazyPlans.inputs`)."""


def keyed(make: Callable[[], tuple[tuple[Any, ...], tuple[str, ...]]],
          seed: Callable[[tuple[Any, ...], tuple[str, ...]], None] | None = None) -> Keyed:
    """``Keyed(make, seed)``, its fields set as a decoded frozen dataclass's are (3,500 a render)."""
    found = _new(Keyed)
    fields = found.__dict__
    fields["make"] = make
    fields["seed"] = seed
    return found


_new = object.__new__


def parts_of(parts: "tuple[Any, ...] | Keyed") -> tuple[tuple[Any, ...], tuple[str, ...]]:
    """A :data:`~docgen.render.jobs.Work` item's key parts and what they name: made now for
    :class:`Keyed` parts; an operation job's tuple (``("operation", view, stand-in, module)``)
    names its operation's stand-in (none uncached: the operation itself stands in); any other
    tuple names none (the scope covers what it is made of)."""
    if type(parts) is Keyed:
        return parts.make()
    if parts[0] == "operation" and type(parts[2]) is str and parts[2]:
        return parts, (parts[2],)
    return parts, ()  # type: ignore[return-value]


def kept_part(parts: "tuple[Any, ...] | Keyed", made: tuple[Any, ...]) -> tuple[Any, ...]:
    """What the index keeps of a job's ``made`` parts for its :attr:`Keyed.seed`: their last part
    (a flat tuple), () for a job that takes none."""
    if type(parts) is Keyed and parts.seed is not None and made and type(made[-1]) is tuple:
        return made[-1]  # type: ignore[no-any-return]
    return ()


@dataclass(frozen=True)
class Scope:
    """Everything the jobs' key parts are made of besides the types each names (its digest), and
    each type's digest (:attr:`digests`)."""

    digest: str
    """A digest of what :func:`scope` was given."""
    digests: Mapping[str, str]
    """Each qualified type name's stand-in (the digests of every type of that name, in the model's
    order), and each operation's stand-in with :data:`OPERATION`."""
    rekeyed: frozenset[int]
    """The jobs (by index) to key each time whatever the index says (the package files)."""


OPERATION = "+"
"""The digest :attr:`Scope.digests` holds for each operation's stand-in (a job names an operation
by its stand-in, itself a digest: the name is there while the operation is the same)."""


def scope(
    types: Sequence[Any],
    type_stand_ins: Sequence[str],
    refs: Mapping[str, Any],
    order: Sequence[str],
    tree_key: Any,
    modules: Sequence[tuple[Any, str]],
    views: Any,
    jobs: Sequence[tuple[Any, Any]],
    stand_ins: Sequence[str] = (),
) -> Scope | None:
    """The :class:`Scope` of a render of ``jobs`` (:data:`~docgen.render.jobs.Work`: the package
    files, a tuple of parts starting ``"file"``, are keyed each time); None when a stand-in is
    missing (nothing is cached). ``stand_ins``: the operations', which the jobs that read an
    operation whole name (an operation job's parts, :func:`parts_of`; a builder module's)."""
    if not all(type_stand_ins) or not all(stand_ins):
        return None
    kinds = [parts[0] if type(parts) is tuple else "keyed" for parts, _ in jobs]
    rekeyed = [i for i, kind in enumerate(kinds) if kind == "file"]
    digests: dict[str, str] = {}
    graph: list[Any] = []
    for t, stand_in in zip(types, type_stand_ins):
        name = t.qualified_name
        digests[name] = digests[name] + " " + stand_in if name in digests else stand_in
        graph += (name, t.kind, t.base)
    digests.update(dict.fromkeys(stand_ins, OPERATION))
    classes: list[Any] = []
    for name, ref in refs.items():
        classes += (name, ref.module, ref.name, ref.kind)
    data = (INDEX_SCOPE, tuple(graph), tuple(classes), tuple(order), tree_key, tuple(m for _, m in modules), views,
            tuple(kinds))
    try:
        digest = hashlib.blake2b(marshal.dumps(data, KEY_MARSHAL), digest_size=16).hexdigest()
    except ValueError:  # not marshal data (a part of the tree's key): no index
        return None
    return Scope(digest, digests, frozenset(rekeyed))
