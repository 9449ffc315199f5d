"""What one metadata type's comparison found in the last ``docgen drift``, reused while nothing it
read has changed.

In: the comparison's *skeleton* (everything about the docs that matching, paging and the type
indexes read: every docs type's names, kind, base, documented flag, location and whether it has
members; the pages a type may be named after; the assumed bases) and, per metadata type, the docs
types its comparison reads (the pair's chain: :meth:`PropertyComparison.scopes`) with each one's
content digest. Out: that type's findings and counter increments, or None (compare it again).

Why it is exact: :meth:`_Comparison.compare_type` reads the metadata (fixed by the CSDL's sha256,
part of the entry's key), the indexes built from the skeleton, and only the docs types of its
chain (their properties, members and representation). With the skeleton equal, the chain is the
same list of docs keys; with each of those types' digests equal (a digest covers every field),
every value it reads is equal, so the findings and counts are the ones comparing would give. A
skeleton that differs (a type added, renamed, rebased, moved...) compares every type again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from docgen.checks.drift.report import Finding
from docgen.model.core import TypeDef

Entry = tuple[str, tuple[Finding, ...], tuple[tuple[str, int], ...]]
"""(digest of the docs types read, findings, counter increments) of one metadata type."""


def skeleton_digest(parts: Any) -> str:
    """A digest of the comparison's skeleton (a value of tuples, strings, ints, bools, None and
    Locations: its repr is deterministic)."""
    return hashlib.sha256(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()


class TypeMemo:
    """The last run's entries (``stored``: skeleton digest, {metadata key: :data:`Entry`}) and
    this run's; ``digest_of`` gives a docs type's content digest."""

    def __init__(self, stored: tuple[str, dict[str, Entry]] | None,
                 digest_of: Callable[[TypeDef], str]):
        self._stored = stored
        self._digest_of = digest_of
        self._old: dict[str, Entry] = {}
        self.skeleton = ""
        self.entries: dict[str, Entry] = {}
        self.recompared = 0
        """Metadata types compared in this run (not reused)."""
        self.reused = 0

    def start(self, skeleton: str) -> None:
        """Set this run's skeleton; the last run's entries count only when it is the same."""
        self.skeleton = skeleton
        if self._stored is not None and self._stored[0] == skeleton:
            self._old = self._stored[1]

    def reads(self, types: list[TypeDef]) -> str:
        """The digest of the docs types one comparison reads, in order."""
        return hashlib.sha256(
            "\0".join(self._digest_of(t) for t in types).encode()).hexdigest()

    def recall(self, mkey: str, reads: str) -> Entry | None:
        entry = self._old.get(mkey)
        if entry is None or entry[0] != reads:
            return None
        self.entries[mkey] = entry
        self.reused += 1
        return entry

    def note(self, mkey: str, entry: Entry) -> None:
        self.entries[mkey] = entry
        self.recompared += 1

    def changed(self) -> bool:
        """Whether the entries differ from the stored ones (worth storing)."""
        return self._stored is None or self.recompared > 0 or self._stored[0] != self.skeleton \
            or len(self.entries) != len(self._stored[1])
