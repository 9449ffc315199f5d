"""A model's diagnostics as the set a patch changes, without hashing them all (issue 18).

In: a model's diagnostics, a tuple sorted by :meth:`~docgen.diagnostics.Diagnostic.sort_key`
without two equal, as every model holds them (:func:`~docgen.resolve.join.resolve` makes them
``sorted(set(...), key=Diagnostic.sort_key)``, and so does every patch). Out: a set-like
:class:`WarningSet` the patch's steps change in place (``add``, ``discard``, ``-=`` (a :class:`~collections.abc.MutableSet`), a pass over
the items: what :func:`~docgen.resolve.retype.retype` and :func:`~docgen.resolve.members.with_members`
do with a set), then :meth:`WarningSet.result`: the diagnostics as
``tuple(sorted(the_set, key=Diagnostic.sort_key))`` would give them, or None when the set is
equal to the model's (the model's tuple stands).

A diagnostic's sort key is its identity (place, code, message, severity: what ``==`` compares),
so an item is found by bisection in the sorted keys, and the few added or taken out are put in or
cut out of a copy of the tuple. Making a set of the corpus's 11,662 diagnostics, comparing it
back and sorting it again was 8-9 ms of a type-cell edit's patch (14-15 ms; a description edit's
1.5 ms); a pass over the items (what a retyped row's comparisons make first) reads the tuple, and
only an edit whose warnings change makes the keys (about 5 ms), checking the tuple is what every
model holds. Where it is not (a tuple made some other way), the set of its items is made and
used as before, and :meth:`WarningSet.result` gives what the set gave.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, MutableSet
from operator import lt

from docgen.diagnostics import Diagnostic

_KEY = Diagnostic.sort_key


class WarningSet(MutableSet[Diagnostic]):
    """The set of a model's diagnostics (see the module), changed in place."""

    def __init__(self, base: tuple[Diagnostic, ...]) -> None:
        self._base = base
        self._removed: set[int] = set()  # positions in the base no longer in the set
        self._added: dict[tuple, Diagnostic] = {}  # by sort key: not in the base, or replacing one taken out
        self._plain: set[Diagnostic] | None = None  # the set itself, once the base was found out of order
        self._keys: list[tuple] | None = None  # each item's sort key, once one was looked up

    def _find(self, key: tuple) -> int | None:
        """The position in the base of the item of sort key ``key`` (None: none). The first
        lookup makes every item's key and checks the base is sorted by them without two equal
        (5 ms for the corpus's: only an edit whose warnings change asks); when it is not, the
        set of the items is made and used from then on (:attr:`_plain`)."""
        keys = self._keys
        if keys is None:
            keys = list(map(_KEY, self._base))
            try:
                ordered = all(map(lt, keys, keys[1:]))
            except TypeError:  # keys of types that do not compare
                ordered = False
            if not ordered:
                self._fall_back()
                return None
            self._keys = keys
        at = bisect_left(keys, key)
        return at if at < len(keys) and keys[at] == key else None

    def _fall_back(self) -> None:
        """From here on, the set itself (asked at the first lookup: nothing added or taken out yet)."""
        self._plain = set(self._base)

    def __iter__(self) -> Iterator[Diagnostic]:
        if self._plain is not None:
            return iter(list(self._plain))
        removed, base = self._removed, self._base
        if not removed and not self._added:
            return iter(base)
        return iter([*(d for i, d in enumerate(base) if i not in removed), *self._added.values()])

    def __len__(self) -> int:
        if self._plain is not None:
            return len(self._plain)
        return len(self._base) - len(self._removed) + len(self._added)

    def __contains__(self, item: object) -> bool:
        if not isinstance(item, Diagnostic):
            return False
        if self._plain is None:
            key = _KEY(item)
            if key in self._added:
                return True
            at = self._find(key)
            if self._plain is None:
                return at is not None and at not in self._removed
        return item in self._plain

    def add(self, item: Diagnostic) -> None:
        key = _KEY(item)
        if self._plain is None and key not in self._added:
            at = self._find(key)
            if self._plain is None:
                if at is None or at in self._removed:  # new, or an equal one taken out put back
                    self._added[key] = item
                return
        if self._plain is not None:
            self._plain.add(item)

    def discard(self, item: Diagnostic) -> None:
        key = _KEY(item)
        if self._plain is None:
            if self._added.pop(key, None) is not None:
                return
            at = self._find(key)
            if self._plain is None:
                if at is not None:
                    self._removed.add(at)
                return
        self._plain.discard(item)

    def result(self) -> tuple[Diagnostic, ...] | None:
        """The diagnostics now, sorted by key (an item taken out and put back: the one put
        back); None when they are equal to the base's, as a set."""
        base, plain = self._base, self._plain
        if plain is not None:
            if len(plain) == len(base) and plain.issuperset(base):
                return None
            return tuple(sorted(plain, key=_KEY))
        added, removed = self._added, self._removed
        back = sum(1 for at in removed if _KEY(base[at]) in added)  # equal items taken out and put back
        if back == len(removed) == len(added):
            return None
        out = list(base)
        for at in sorted(removed, reverse=True):
            del out[at]
        assert self._keys is not None  # (made by the lookup of each item added or taken out)
        keys = list(self._keys)
        for at in sorted(removed, reverse=True):
            del keys[at]
        for key in sorted(added):
            at = bisect_left(keys, key)
            keys.insert(at, key)
            out.insert(at, added[key])
        return tuple(out)
