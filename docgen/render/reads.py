"""What an operation's job reads of the types, recorded while it renders.

An operation's job (its plan, its test module) reads the types only through the
:class:`~docgen.render.models.Registry` (``types``, ``refs``) and the
:class:`~docgen.render.checker.Checker` (``plans``, ``odata``, the classes deriving from one).
:meth:`Reads.watch` puts a recording view in front of each of those four tables, so that every
lookup made while a job runs (:meth:`Reads.recording`) is noted as a *token*: a table and a key,
looked up whether the key is there or not (a missing type that appears later changes what the
job would do). Walking a whole table (``values()``, ``items()``, ``len``) notes ``*``: the job
then depends on every type. The classes deriving from a class are found through an index
(:class:`TrackedChecker`), noted as one token, and so are the classes of one name (``n``: what a
missing property's hint names when an ``@odata.type`` names no documented type), so that only a
job that walks a whole table depends on everything.

Each token has a digest (:meth:`Reads.digest`), computed at most once per render from the
value the token names, with descriptions and locations left out: no operation's file or
diagnostic shows a type's (``tests/pipeline/test_incremental_render.py`` compares a warm render
after such edits with a cold one). A job's result carries its tokens with their digests; a
later render reuses it when every token's digest is still the same. This is complete because a
job is a deterministic function of its own key (the operation, its module name, the navigation
nodes it reads, templates, options, docgen's code) and of the values those lookups return: with
the same values it makes the same lookups in the same order and writes the same bytes.

A class plan is made when a job first asks for it (:mod:`docgen.render.lazy_plans`): its read
(``p``) is digested from what the plan is made of (its type without descriptions and locations,
its class, its bases' names, kinds and property names, its properties' classes), so checking a
stored job's reads makes no plan.
"""

from __future__ import annotations

import dataclasses
import hashlib
import marshal
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from itertools import chain
from operator import attrgetter
from typing import Any, TypeVar

from docgen.keys import KEY_MARSHAL, MARK, plain_walk
from docgen.render.checker import Checker
from docgen.render.lazy_plans import LazyPlans
from docgen.render.models import ClassPlan, ClassRef, Registry

ALL = "*"
"""The token of a job that walked a whole table: it depends on every type."""

SEP = "\0"
"""Between a token's table letter and its key."""

_SKIPPED = frozenset(("description", "location", "sources"))
"""Fields a digest leaves out: doc text and places no operation's output shows."""

V = TypeVar("V")

_ONE_BY_ONE = 64
"""Up to this many tokens, :meth:`Reads.current` settles those it does not know one by one (and
stops at the first whose digest differs); more are digested each once first, then compared at C
speed."""

_PLAN_REST = tuple(f.name for f in dataclasses.fields(ClassPlan) if f.name != "type")
"""A class plan's fields but its type (whose digest is computed once per type)."""

_REF_FIELDS = tuple(f.name for f in dataclasses.fields(ClassRef))
"""A class's fields, each a string: what :meth:`Reads.world` takes of each class."""

WORLD = "reads-world-1"
"""The first part of every :meth:`Reads.world` digest: a world digested another way is another."""


class Watched(Mapping[str, V]):
    """A read-only view of one table that notes each key looked up while its :class:`Reads` is
    recording (``letter`` names the table in the token)."""

    __slots__ = ("_data", "_letter", "_reads")

    def __init__(self, data: Mapping[str, V], letter: str, reads: Reads) -> None:
        self._data = data
        self._letter = letter
        self._reads = reads

    def _note(self, key: object) -> None:
        tokens = self._reads.tokens
        if tokens is not None:
            tokens.add(f"{self._letter}{SEP}{key}")

    def __getitem__(self, key: str) -> V:
        self._note(key)
        return self._data[key]

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        self._note(key)
        return self._data.get(key, default)

    def __contains__(self, key: object) -> bool:
        self._note(key)
        return key in self._data

    def __iter__(self) -> Iterator[str]:
        self._reads.note_all()
        return iter(self._data)

    def __len__(self) -> int:
        self._reads.note_all()
        return len(self._data)


class TrackedChecker(Checker):
    """A :class:`Checker` whose derived-class lookups are one token each (``d``), answered from an
    index of each class's direct subclasses rather than a scan of every class."""

    reads: Reads | None = None

    @classmethod
    def lazy(cls, reg: Registry, plans: LazyPlans) -> TrackedChecker:
        """A checker over ``plans`` (made when first looked up), indexed as :meth:`Checker.build`
        indexes the plans, without making any."""
        odata: dict[str, str] = {}
        for key in plans:
            odata.setdefault(plans.qualified(key).lower(), key)
        return cls(reg, plans, odata)  # type: ignore[arg-type]

    def _derived(self, key: str) -> list[ClassPlan]:
        reads = self.reads
        if reads is None:
            return super()._derived(key)
        if reads.tokens is not None:
            reads.tokens.add(f"d{SEP}{key}")
        return reads.derived(key)

    def _named(self, simple: str) -> list[str]:
        reads = self.reads
        if reads is None:
            return super()._named(simple)
        if reads.tokens is not None:
            reads.tokens.add(f"n{SEP}{simple}")
        return list(reads.named(simple))


class Models:
    """Membership in the set of model classes, each question noted as a read (see :meth:`Reads.models`)."""

    __slots__ = ("_reads",)

    def __init__(self, reads: Reads) -> None:
        self._reads = reads

    def __contains__(self, pair: object) -> bool:
        if not isinstance(pair, tuple) or len(pair) != 2:
            return False
        module, name = pair
        tokens = self._reads.tokens
        if tokens is not None:
            tokens.add(f"m{SEP}{module}:{name}")
        return pair in self._reads.model_set()


class Reads:
    """The recording views of one render's registry and checker, and the tokens' digests."""

    def __init__(self, reg: Registry, checker: TrackedChecker) -> None:
        self.tokens: set[str] | None = None
        self._types = dict(reg.types)
        self._refs = dict(reg.refs)
        plans = checker.plans
        self._lazy = plans if isinstance(plans, LazyPlans) else None
        self._plans: Mapping[str, ClassPlan] = plans if self._lazy is not None else dict(plans)
        self._odata = dict(checker.odata)
        self._digests: dict[str, str] = {}
        self._children: dict[str, list[str]] | None = None
        self._derived: dict[str, list[str]] = {}
        self._named: dict[str, tuple[str, ...]] | None = None
        self._models: frozenset[tuple[str, str]] | None = None
        self._order = {key: i for i, key in enumerate(self._plans)}
        self._by_id: dict[int, str] = {}
        self._world: str | None = None
        self._frame: str | None = None
        self._column: tuple[str, ...] | None = None
        self.told = 0
        """How many tokens' digests :meth:`know_tokens` was told (with those known then)."""
        self.slots: list[tuple[str, str, str, int]] = []
        """The (world, tokens, digests) remembered by earlier renders (:mod:`docgen.render.type_reads`)."""
        self.taken_from: str | None = None
        """The world of the slot :meth:`know_unchanged` took digests from, when one type at most
        changed since (:mod:`docgen.render.type_reads`: this world's own is then kept on second sight)."""

    @classmethod
    def watch(cls, reg: Registry, checker: TrackedChecker) -> Reads:
        """Put recording views in front of ``reg``'s and ``checker``'s tables (in place)."""
        reads = cls(reg, checker)
        reg.types = Watched(reads._types, "t", reads)  # type: ignore[assignment]
        reg.refs = Watched(reads._refs, "r", reads)  # type: ignore[assignment]
        checker.plans = Watched(reads._plans, "p", reads)  # type: ignore[assignment]
        checker.odata = Watched(reads._odata, "o", reads)  # type: ignore[assignment]
        checker.reads = reads
        return reads

    def note_all(self) -> None:
        if self.tokens is not None:
            self.tokens.add(ALL)

    @contextmanager
    def recording(self) -> Iterator[set[str]]:
        """Note every lookup made inside the block into the set it gives."""
        saved = self.tokens
        self.tokens = found = set()
        try:
            yield found
        finally:
            self.tokens = saved

    def stamped(self, tokens: set[str]) -> tuple[tuple[str, str], ...]:
        """``tokens`` sorted, each with its digest now (what a job's result carries)."""
        if ALL in tokens:
            return ((ALL, self.digest(ALL)),)
        return tuple((token, self.digest(token)) for token in sorted(tokens))

    def current(self, tokens: tuple[str, ...], digests: tuple[str, ...]) -> bool:
        """True when every one of ``tokens`` still has its digest in ``digests`` (a stamped
        result's two columns). Once a token's digest is known, a stored result's tokens are
        compared at C speed (a lookup each through ``map``, one tuple comparison); a token not
        known yet, or a different digest, is settled one by one."""
        known = self._digests
        looked = tuple(map(known.get, tokens))
        if looked == digests:
            return True
        if None not in looked:  # every token known: one's digest differs (a stale range's halves, after a type-cell edit)
            return False
        if len(tokens) > _ONE_BY_ONE:  # many tokens (a job memo's: 12,060 of 1,991 on the corpus)
            digest = self.digest
            for token in set(tokens).difference(known):
                digest(token)
            return tuple(map(known.get, tokens)) == digests
        for token, value in zip(tokens, digests):
            found = known.get(token)
            if (found if found is not None else self.digest(token)) != value:
                return False
        return True

    def digest(self, token: str) -> str:
        """The digest of what ``token`` names (computed once per render)."""
        found = self._digests.get(token)
        if found is None:
            found = self._digests[token] = self._compute(token)
        return found

    def _compute(self, token: str) -> str:
        if token == ALL:
            parts = [
                self.digest(f"{letter}{SEP}{key}")
                for letter, table in (("t", self._types), ("r", self._refs), ("p", self._plans), ("o", self._odata))
                for key in sorted(table)
            ]
            return _hash((sorted(self._types), sorted(self._refs), sorted(self._plans), sorted(self._odata), parts))
        letter, _, key = token.partition(SEP)
        tables: dict[str, Mapping[str, Any]] = {"t": self._types, "r": self._refs, "p": self._plans, "o": self._odata}
        if letter in tables:
            table = tables[letter]
            if key not in table:
                return "-"
            lazy = self._lazy
            if letter == "p" and lazy is not None:  # what the plan is made of: not made here
                return _hash((self._type_digest(lazy.type_of(key)), _plain(lazy.inputs(lazy.qualified(key)))))
            value = table[key]
            if letter == "p":  # its type's digest (once per type), then the rest of the plan
                rest = tuple(getattr(value, name) for name in _PLAN_REST)
                return _hash((self._type_digest(value.type), _plain(rest)))
            if letter == "t":
                return self._type_digest(value)
            return _hash(_plain(value))
        if letter == "m":  # a membership: (module, class) names a model class or not
            module, _, name = key.partition(":")
            return "1" if (module, name) in self.model_set() else "0"
        if letter == "n":  # the answer itself: qualified names only
            return _hash(self.named(key))
        if letter == "d":
            return _hash([(*k.split(":", 1), self.digest(f"p{SEP}{k}")) for k in self.derived_keys(key)])
        return "?"  # a token this docgen never writes: never current

    def world(self) -> str | None:
        """A digest of everything a token's digest (:meth:`_compute`) is made of: the
        :meth:`frame` and the digest of each type it names (:meth:`type_column`). The same world
        gives every token the same digest, so the digests of a render of the same world may be
        taken as they are (:meth:`know_tokens`). None without lazy plans, or when a class is not a
        :class:`~docgen.render.models.ClassRef` of strings (nothing is taken)."""
        if self._world is None:
            frame = self.frame()
            if frame is None:
                return None
            self._world = _hash((WORLD, frame, self.type_column()))
        return self._world

    def frame(self) -> str | None:
        """A digest of what a token's digest is made of but the types' fields: each type of the
        registry's table by key, each class's key and qualified name in order, every class name
        (the registry's) and the ``@odata.type`` index. None as for :meth:`world`."""
        lazy = self._lazy
        if lazy is None:
            return None
        if self._frame is None:
            classes = self._refs.values()
            if classes and set(map(type, classes)) != {ClassRef}:
                return None
            # Each class's key then its fields, flat (zipped at C speed: the corpus's 1,322 classes
            # one by one, and a call per class for its qualified name, were 1 ms of every render).
            refs = list(chain.from_iterable(zip(self._refs, *[map(attrgetter(name), classes) for name in _REF_FIELDS])))
            data = (WORLD, list(self._types), list(lazy._qualified.items()), refs, list(self._odata.items()))
            try:
                self._frame = _hash(data)
            except ValueError:  # not marshal data (a name that is no string): nothing is taken
                return None
        return self._frame

    def type_column(self) -> tuple[str, ...]:
        """The digest (:meth:`_type_digest`: every field but descriptions and locations) of each
        type of the registry's table, then of each class's planned type, in :meth:`frame`'s order
        (made once per render: a type's digest never changes once known, and a type-cell edit's
        render asked for it four times, 0.6 ms each)."""
        if self._column is None:
            lazy = self._lazy
            assert lazy is not None
            digest = self._type_digest
            self._column = (*[digest(t) for t in self._types.values()], *[digest(lazy.type_of(key)) for key in lazy])
        return self._column

    def changed_types(self, column: tuple[str, ...]) -> set[str] | None:
        """The qualified names of the types whose digests differ from ``column`` (the
        :meth:`type_column` of a render of the same :meth:`frame`); None when it is not as long."""
        lazy = self._lazy
        now = self.type_column()
        if lazy is None or len(column) != len(now):
            return None
        names = [*self._types, *[lazy.qualified(key) for key in lazy]]
        return {name for name, old, new in zip(names, column, now) if old != new}

    def know_unchanged(self, tokens: tuple[str, ...], digests: tuple[str, ...], changed: set[str]) -> None:
        """Take ``digests`` as the digests of those of ``tokens`` that read none of the ``changed``
        types (as the caller vouches: worked out by a render of the same :meth:`frame` whose types
        differed only in those): a class's name, the ``@odata.type`` index and a membership read
        the frame alone; a type reads itself; a plan reads its type and the chain of its bases
        (the chain :meth:`~docgen.render.lazy_plans.LazyPlans.inputs` walks: the same while no
        type on it changed). Any other token (derived classes, names, every type) is digested
        anew. After a type-cell edit, the 1,991 tokens the corpus's stored jobs read were all
        digested again to find the few jobs that read the edited type."""
        lazy = self._lazy
        if lazy is None:
            return
        known = self._digests
        qualified, first, index = lazy._qualified, lazy._first, lazy._index
        for token, value in zip(tokens, digests):
            letter = token[:1]
            if letter in "rom" and token[1:2] == SEP:
                known.setdefault(token, value)
            elif letter == "t" and token[1:2] == SEP:
                if token[2:] not in changed:
                    known.setdefault(token, value)
            elif letter == "p" and token[1:2] == SEP:
                q = qualified.get(token[2:])
                if q is None:
                    known.setdefault(token, value)  # no such class: "-", the frame's
                    continue
                if q in changed:
                    continue
                t = first[q]
                seen = {q}
                name = t.base if t.kind != "enum" else None
                clean = True
                while name:
                    b = index.get(name)
                    if b is None:
                        break
                    if name in changed or b.qualified_name in changed:
                        clean = False
                        break
                    if b.kind == "enum" or b.qualified_name in seen:
                        break
                    seen.add(b.qualified_name)
                    name = b.base
                if clean:
                    known.setdefault(token, value)

    def know_tokens(self, tokens: tuple[str, ...], digests: tuple[str, ...]) -> None:
        """Take ``digests`` as the digests of ``tokens`` (as the caller vouches: worked out by a
        render of the same :meth:`world`) instead of computing them again (after a description
        edit, all 1,991 tokens the corpus's stored jobs read were digested to find them current:
        a sixth of the render's jobs' time)."""
        known = dict(zip(tokens, digests))
        known.update(self._digests)
        self._digests = known
        self.told = len(known)

    def known_tokens(self) -> Mapping[str, str]:
        """Every token digested (or told) so far, with its digest."""
        return self._digests

    def know_types(self, known: Mapping[int, str]) -> None:
        """Take ``known`` (a type's ``id`` -> what :meth:`_type_digest` would give it, as the
        caller vouches: worked out by an earlier render for a type of the same fields) instead of
        walking those types again (2/3 of checking the stored jobs' reads after a one-cell edit)."""
        for key, value in known.items():
            self._by_id.setdefault(key, value)

    def type_digests(self) -> Mapping[int, str]:
        """Each type's :meth:`_type_digest` known so far, by the type's ``id``."""
        return self._by_id

    def type_digest(self, t: Any) -> str:
        """The digest of type ``t``'s reads (:meth:`_type_digest`: told, worked out before, or
        walked now)."""
        return self._type_digest(t)

    def _type_digest(self, t: Any) -> str:
        """The digest of a type (by identity: the plans hold the registry's own types)."""
        found = self._by_id.get(id(t))
        if found is None:
            found = self._by_id[id(t)] = _hash(_plain(t))
        return found

    def model_set(self) -> frozenset[tuple[str, str]]:
        """:func:`~docgen.render.builders.model_specs` of the registry (made once per render)."""
        if self._models is None:
            self._models = frozenset((r.module, r.name) for r in self._refs.values() if r.kind != "enum")
        return self._models

    def models(self) -> Models:
        """A stand-in for :func:`~docgen.render.builders.model_specs` whose every ``in`` is a read
        (token ``m``): a builder module asks it whether its GET answers a model class."""
        return Models(self)

    def named(self, simple: str) -> tuple[str, ...]:
        """What :meth:`Checker._named` answers for ``simple``, from an index of every class by
        its lower-case name (built once per render)."""
        if self._named is None:
            index: dict[str, list[str]] = {}
            lazy = self._lazy
            types = ([lazy.type_of(key) for key in lazy] if lazy is not None
                     else [plan.type for plan in self._plans.values()])
            for t in types:
                if t.kind != "enum":
                    index.setdefault(t.name.lower(), []).append(t.qualified_name)
            self._named = {name: tuple(sorted(found)) for name, found in index.items()}
        return self._named.get(simple, ())

    def derived(self, key: str) -> list[ClassPlan]:
        """What :meth:`Checker._derived` answers for ``key``, from the subclass index."""
        return [self._plans[k] for k in self.derived_keys(key)]

    def _type_of(self, key: str) -> Any:
        lazy = self._lazy
        return lazy.type_of(key) if lazy is not None else self._plans[key].type

    def derived_keys(self, key: str) -> list[str]:
        """The keys of :meth:`derived`'s classes (none planned: a digest needs only their keys)."""
        found = self._derived.get(key)
        if found is not None:
            return found
        if self._children is None:
            self._children = {}
            lazy = self._lazy
            for k in self._plans:
                if lazy is not None:
                    base = lazy.base_key(k)
                else:
                    ref = self._plans[k].base
                    base = f"{ref.module}:{ref.name}" if ref is not None else None
                if base is not None:
                    self._children.setdefault(base, []).append(k)
        seen: set[str] = set()
        todo = list(self._children.get(key, ()))
        while todo:
            k = todo.pop()
            if k in seen or k == key:
                continue
            seen.add(k)
            todo.extend(self._children.get(k, ()))
        keys = sorted(seen, key=self._order.__getitem__)
        found = self._derived[key] = sorted(keys, key=lambda k: self._type_of(k).qualified_name.lower())
        return found


def _hash(value: Any) -> str:
    """A digest of ``value``, plain data (:func:`_plain`): marshal version 2 (no back-references:
    the same bytes in every process) hashed."""
    return hashlib.blake2b(marshal.dumps(value, KEY_MARSHAL), digest_size=16).hexdigest()


def _other(value: Any) -> Any:
    """A value that is no scalar, container, enum or dataclass: by its class's name and repr."""
    return (MARK, "r", type(value).__qualname__, repr(value))


_plain: Callable[[Any], Any] = plain_walk(_SKIPPED, other=_other)
"""``value`` as nested tuples and lists of builtins (:func:`docgen.keys.plain_walk`, the walk
of the job keys too), without the :data:`_SKIPPED` fields: what :func:`_hash` digests."""
