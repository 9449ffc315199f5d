"""Which type a type reference names: the one rule, for the resolver and for a patch (issue 18).

In: a :class:`~docgen.read.typecells.TypeRef` (a type cell: a name, perhaps a link to a page and
an anchor), the namespace of what uses it, and a :class:`TypeIndex` (the input pages' paths, the
types each page documents, every type's key and namespace, keys by simple name). Out: the key
(lower-cased qualified name) of the type the reference names, or None.

The resolver (:mod:`docgen.resolve.join`) is a :class:`TypeIndex` while it joins the pages. A
patch of a resolved model (:mod:`docgen.resolve.retype`) rebuilds one from the model and the
table of the pages' types a whole resolve recorded (:func:`page_types_table`, :class:`StoredIndex`),
so that a type cell edited to name another type is read by the same rule.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping, Sequence
from typing import NamedTuple, Protocol

from docgen.read.typecells import TypeRef
from docgen.resolve.entry import DEFAULT_NAMESPACE, split_name


class PageTypeLike(Protocol):
    """What :func:`lookup` reads of a page's type."""

    @property
    def name(self) -> str: ...

    @property
    def anchors(self) -> tuple[str, ...]: ...

    @property
    def origin(self) -> str: ...


class EntryLike(Protocol):
    """What :func:`lookup` reads of a type: its namespace."""

    @property
    def namespace(self) -> str: ...


class TypeIndex(Protocol):
    """What :func:`lookup` reads."""

    page_by_path: Mapping[str, object]
    """Every input page, by its lower-cased path."""
    page_by_base: Mapping[str, list[str]]
    """Lower-cased page paths by their last component."""
    page_types: Mapping[str, Sequence[tuple[PageTypeLike, str]]]
    """Each page's documented types (in page order) with their keys, by lower-cased path."""
    entries: Mapping[str, EntryLike]
    """Every type, by key."""
    by_simple: Mapping[str, Sequence[str]]
    """Keys by lower-cased simple name."""


def find_page(index: TypeIndex, target: str) -> str | None:
    """The input page a normalised link target names (exact path, else a unique path suffix)."""
    if target in index.page_by_path:
        return target
    candidates = index.page_by_base.get(posixpath.basename(target), [])
    suffix = "/" + target
    matches = [c for c in candidates if ("/" + c).endswith(suffix)]
    if len(matches) == 1:
        return matches[0]
    tail = "/".join(target.split("/")[-2:])
    matches = [c for c in candidates if ("/" + c).endswith("/" + tail)]
    if len(matches) >= 1:
        return min(matches)
    if len(candidates) == 1:
        return candidates[0]
    return None


def lookup(index: TypeIndex, ref: TypeRef, context_ns: str) -> str | None:
    """The key of the type ``ref`` names, or None when no known type matches."""
    if ref.target is not None:
        path = find_page(index, ref.target)
        if path is not None:
            candidates = index.page_types.get(path, [])
            if ref.anchor:
                for page_type, key in candidates:
                    if ref.anchor in page_type.anchors or ref.anchor == page_type.name.lower():
                        return key
            simple = ref.name.rpartition(".")[2].lower()
            for page_type, key in candidates:
                if page_type.name.lower() == simple:
                    return key
            if not ref.anchor:
                for page_type, key in candidates:
                    if page_type.origin in ("resource", "enum"):
                        return key
    namespace, simple = split_name(ref.name, context_ns)
    key = f"{namespace}.{simple}".lower()
    if key in index.entries:
        return key
    if "." in ref.name:
        return None
    options = index.by_simple.get(simple.lower(), [])
    if not options and ref.target is None and simple.endswith("s"):
        options = index.by_simple.get(simple[:-1].lower(), [])  # "**secureScores** objects"
    if not options:
        return None
    for preferred in (context_ns.lower(), DEFAULT_NAMESPACE):
        for option in options:
            if index.entries[option].namespace.lower() == preferred:
                return option
    return min(options)


def names_looked_at(ref: TypeRef, context_ns: str) -> set[str]:
    """The lower-cased simple names :func:`lookup` may look ``ref`` up by, besides a page's types:
    a type of one of these names decides the answer wherever it comes from."""
    _, simple = split_name(ref.name, context_ns)
    names = {simple.lower()}
    if ref.target is None and simple.endswith("s"):
        names.add(simple[:-1].lower())
    return names


class StoredType(NamedTuple):
    """A page's documented type as :func:`page_types_table` records it."""

    name: str
    anchors: tuple[str, ...]
    origin: str
    kind: str
    """The kind the page says (``entity``, ``complex``, ``enum``, or empty)."""
    key: str


PageTypesTable = tuple[tuple[str, tuple[tuple[str, tuple[str, ...], str, str, str], ...]], ...]
"""(lower-cased page path, ((name, anchors, origin, said kind, key), ...)) for each page that
documents a type, sorted by path: plain data, stored with the model's tree entry."""


def is_page_types_table(item: object) -> bool:
    """True when ``item`` (read back from the cache) has the shape of a :data:`PageTypesTable`.
    (Plain loops: nested generators were 1.1 ms of a warm edit for the corpus's 1,172 pages.)"""
    if type(item) is not tuple:
        return False
    for entry in item:
        if not (type(entry) is tuple and len(entry) == 2 and type(entry[0]) is str and type(entry[1]) is tuple):
            return False
        for t in entry[1]:
            if not (type(t) is tuple and len(t) == 5 and type(t[0]) is str and type(t[1]) is tuple
                    and type(t[2]) is str and type(t[3]) is str and type(t[4]) is str):
                return False
            for anchor in t[1]:
                if type(anchor) is not str:
                    return False
    return True


def page_types_table(page_types: Mapping[str, Sequence[tuple[object, str]]]) -> PageTypesTable:
    """The resolver's ``page_types`` as plain data (see :data:`PageTypesTable`)."""
    return tuple(
        (path, tuple((t.name, tuple(t.anchors), t.origin, t.kind, key) for t, key in found))  # type: ignore[attr-defined]
        for path, found in sorted(page_types.items())
    )


class _Entry(NamedTuple):
    namespace: str
    documented: bool


class StoredIndex:
    """A :class:`TypeIndex` of a resolved model: its pages' paths and types, and the table of
    the pages' types its resolve recorded."""

    def __init__(self, paths: Sequence[str], types: Sequence[tuple[str, str, str, bool]], table: PageTypesTable):
        """``paths``: the input pages' paths; ``types``: each type's (simple name, namespace,
        key, documented), in the model's order; ``table``: :func:`page_types_table`'s."""
        self.page_by_path: dict[str, object] = {}
        self.page_by_base: dict[str, list[str]] = {}
        for path in sorted(paths):
            lowered = path.lower()
            self.page_by_path[lowered] = path
            self.page_by_base.setdefault(posixpath.basename(lowered), []).append(lowered)
        self.entries: dict[str, _Entry] = {}
        self.by_simple: dict[str, list[str]] = {}
        for name, namespace, key, documented in types:
            self.entries[key] = _Entry(namespace, documented)
            self.by_simple.setdefault(name.lower(), []).append(key)
        self.page_types: dict[str, list[tuple[StoredType, str]]] = {
            path: [(StoredType(name, anchors, origin, kind, key), key) for name, anchors, origin, kind, key in found]
            for path, found in table
        }
        self.said: dict[str, set[str]] = {}
        """The kinds each type's resource pages say, by key."""
        for found in self.page_types.values():
            for stored, key in found:
                if stored.origin == "resource":
                    self.said.setdefault(key, set()).add(stored.kind)
