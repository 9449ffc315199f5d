"""What lint's rules read of the rest of the tree while they check one page, as tokens.

Lint checks a page (:mod:`docgen.checks.lint.units`) from the page's own model pieces and from
lookups into the whole model: types by name (:class:`~docgen.checks.lint.typerules.TypeTable`),
page titles, the documented names of a namespace, the types that declare a property (the index
:meth:`LintReads.owners` answers from, instead of a walk over every documented type), the tree's
docs version and folders (:mod:`docgen.checks.lint.links`), the examples that share a name
(duplicate names across pages). While :meth:`LintReads.recording` is open, each such lookup is
noted as a *token*: a letter and a key, noted whether the key is found or not (a type that
appears later changes the answer). Tokens:

- ``q``/``f``/``s`` + name: the type of this qualified name / the types of this folded qualified
  name / of this folded simple name (:class:`TypeTable`'s tables);
- ``t`` + path: a page's title; ``n`` + namespace: the documented type names of a namespace;
- ``k`` + property name: the documented types that declare it (through their bases);
- ``v``: the tree's docs version; ``d`` + folder: whether a page lives in that folder;
- ``x`` + kind + name: the places of the request/response examples of that name;
- ``P`` + path: another page's suppression comments and front matter (a finding located there).

No rule walks a whole table, so no token stands for "everything": the one walk there was
(:func:`~docgen.checks.lint.annotations.common_owner` over every documented type) asks the ``k``
index instead, and the tree-wide answers (docs version, folders, names) are tokens of their own.

:meth:`LintReads.digest` gives each token a digest of what it names now (a type's digest leaves
out descriptions and sources, which no rule reads of another type). A stored page's findings
stand when every token it recorded still has the digest it was stored with
(:meth:`LintReads.current`): the rules are deterministic functions of the page's own pieces and
of the answers to those lookups.

What the tree-wide answers need of every operation (its named examples, its URLs' docs version)
and a type's digest come from the run's :class:`~docgen.checks.lint.facts.ObjectFacts`: with the
per-page cache, remembered by each object's content, so an unchanged object is not decoded.
"""

from __future__ import annotations

import posixpath
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from docgen.checks.lint.digests import _hash, digest_of, plain_value, type_digest_of
from docgen.checks.lint.facts import ObjectFacts, Place, resolved
from docgen.checks.lint.locate import PageTexts
from docgen.checks.lint.pages import _block_type, _explicit_name
from docgen.checks.lint.typerules import TypeTable
from docgen.model import lazy
from docgen.model.core import Example, Model, Operation, PageInfo, TypeDef

__all__ = ["SEP", "LintReads", "digest_of", "plain_value", "type_digest_of"]

SEP = "\0"
"""Between a token's letter and its key."""


class LintReads:
    """The model-wide lookups of lint's rules, noting each as a token while recording."""

    def __init__(
        self,
        model: Model,
        types: TypeTable | None = None,
        texts: PageTexts | None = None,
        facts: ObjectFacts | None = None,
    ) -> None:
        self.model = model
        self.facts = facts if facts is not None else ObjectFacts()
        """Each type's and operation's facts (:mod:`docgen.checks.lint.facts`): worked out from
        the object, or remembered by its content (the per-page cache's memo)."""
        self.types = types if types is not None else TypeTable(model)
        self.types.recorder = self
        self.texts = texts if texts is not None else PageTexts()
        self.tokens: set[str] | None = None
        self.pages: dict[str, PageInfo] = {page.path: page for page in model.pages}
        self._names: dict[str, list[str]] = {}
        for t in model.types:
            if t.documented:
                self._names.setdefault(t.namespace.lower(), []).append(t.name)
        self._owners: dict[str, list[TypeDef]] | None = None
        self._named: dict[tuple[str, str], list[tuple[int, Place]]] | None = None
        self._dirs: set[str] | None = None
        self._version: list[str | None] = []
        self._digests: dict[str, str] = {}
        self._by_id: dict[int, str] = {}

    # -- recording ------------------------------------------------------------------------------

    def note(self, token: str) -> None:
        if self.tokens is not None:
            self.tokens.add(token)

    @contextmanager
    def recording(self) -> Iterator[set[str]]:
        """Note every lookup made inside the block into the set it gives."""
        saved = self.tokens
        found: set[str] = set()
        self.tokens = found
        try:
            yield found
        finally:
            self.tokens = saved

    @contextmanager
    def _quiet(self) -> Iterator[None]:
        saved, self.tokens = self.tokens, None
        try:
            yield
        finally:
            self.tokens = saved

    # -- lookups --------------------------------------------------------------------------------

    def title(self, path: str) -> str:
        """The title of the page at ``path`` ("" when there is none)."""
        self.note(f"t{SEP}{path}")
        page = self.pages.get(path)
        return page.title if page is not None else ""

    def names_in(self, namespace: str) -> list[str]:
        """The documented type names of a (lower-cased) namespace, in model order."""
        self.note(f"n{SEP}{namespace}")
        return self._names.get(namespace, [])

    @property
    def namespaces(self) -> _Namespaces:
        """The lower-cased namespaces of the documented types, as a container that notes each test."""
        return _Namespaces(self)

    def owners(self, keys: list[str]) -> list[TypeDef]:
        """The documented types, not enums, that declare every one of ``keys`` (through their
        bases), in model order: what a walk over every documented type would find."""
        index = self._owner_index()
        for key in keys:
            self.note(f"k{SEP}{key}")
        if not keys:
            return []
        wanted = {id(t) for t in index.get(keys[0], ())}
        for key in keys[1:]:
            wanted &= {id(t) for t in index.get(key, ())}
        return [t for t in index.get(keys[0], ()) if id(t) in wanted]

    def _owner_index(self) -> dict[str, list[TypeDef]]:
        if self._owners is None:
            index: dict[str, list[TypeDef]] = {}
            names: dict[int, tuple[str, ...]] = {}
            with self._quiet():
                for t in self.model.types:
                    if t.documented and t.kind != "enum":
                        # the keys of types.properties(t), read from each type's stored rows
                        # without decoding them (lazy.columns)
                        keys: dict[str, None] = {}
                        for link in self.types.chain(t):
                            own = names.get(id(link))
                            if own is None:
                                own = names[id(link)] = tuple(
                                    row[0] for row in lazy.columns(link, "properties", ("name",))
                                )
                            keys.update(dict.fromkeys(own))
                        for key in keys:
                            index.setdefault(key, []).append(t)
            self._owners = index
        return self._owners

    def tree_version(self) -> str | None:
        """``beta`` or ``1.0``: the version most example URLs of the tree name (see
        :func:`docgen.checks.lint.links.tree_version`)."""
        self.note("v")
        if not self._version:
            counts: Counter[str] = Counter()  # as tree_version(model) counts, in the same order
            for op in self.model.operations:
                first, beta, v1 = self.facts.operation_facts(op)[3]
                if first:  # the label this operation names first is counted first (ties: most_common)
                    counts[first] += 0
                if beta:
                    counts["beta"] += beta
                if v1:
                    counts["1.0"] += v1
            self._version.append(counts.most_common(1)[0][0] if counts else None)
        return self._version[0]

    def has_page_dir(self, folder: str) -> bool:
        """True when an input page lives in ``folder`` (lower-cased, ``/``-separated)."""
        self.note(f"d{SEP}{folder}")
        if self._dirs is None:
            self._dirs = {posixpath.dirname(p.path.replace("\\", "/")).lower() for p in self.model.pages}
        return folder in self._dirs

    def named(self, kind: str, name: str) -> list[Example]:
        """The annotated request/response examples of ``kind`` named ``name``, by place."""
        self.note(f"x{SEP}{kind}{SEP}{name}")
        holders = {index for index, _ in self._named_index().get((kind, name), ())}
        found = [
            e
            for index in sorted(holders)
            for e in self.model.operations[index].examples
            if e.kind == kind and _explicit_name(e) == name and _block_type(e) in ("request", "response")
        ]
        return sorted(found, key=lambda e: e.location)

    def _named_index(self) -> dict[tuple[str, str], list[tuple[int, Place]]]:
        """(kind, explicit name) -> (index of the operation, place) of each named example, by
        place: from the operations' facts (only the operations holding a name asked for are
        read, by :meth:`named`)."""
        if self._named is None:
            index: dict[tuple[str, str], list[tuple[int, Place]]] = {}
            for number, op in enumerate(self.model.operations):
                for kind, name, place in self.facts.operation_facts(op)[2]:
                    index.setdefault((kind, name), []).append((number, place))
            for found in index.values():
                found.sort(key=lambda item: item[1])
            self._named = index
        return self._named

    def other_page(self, path: str) -> tuple[PageInfo | None, list[str] | None]:
        """Another page's info and lines (for the suppressions of a finding located there)."""
        self.note(f"P{SEP}{path}")
        return self.pages.get(path), self.texts.lines(path)

    # -- digests --------------------------------------------------------------------------------

    def stamped(self, tokens: set[str]) -> tuple[tuple[str, str], ...]:
        """``tokens`` sorted, each with its digest now (what a stored page's findings carry)."""
        return tuple((token, self.digest(token)) for token in sorted(tokens))

    def current(self, stamps: Any) -> bool:
        """True when ``stamps`` is a tuple of (token, digest) pairs all still current."""
        if not isinstance(stamps, tuple):
            return False
        for pair in stamps:
            if not (isinstance(pair, tuple) and len(pair) == 2 and isinstance(pair[0], str)):
                return False
            if self.digest(pair[0]) != pair[1]:
                return False
        return True

    def digest(self, token: str) -> str:
        """The digest of what ``token`` names (computed once per run)."""
        found = self._digests.get(token)
        if found is None:
            saved, self.tokens = self.tokens, None  # what computing it looks up is noted nowhere
            try:
                found = self._digests[token] = self._compute(token)
            finally:
                self.tokens = saved
        return found

    def _compute(self, token: str) -> str:
        if token == "v":
            return repr(self.tree_version())
        letter, _, key = token.partition(SEP)
        if letter == "q":
            found = self.types.entries(letter, key)
            return self.type_digest(found[0]) if found else "-"
        if letter in ("f", "s"):
            return _hash(repr([self.type_digest(t) for t in self.types.entries(letter, key)]))
        if letter == "t":
            page = self.pages.get(key)
            return "-" if page is None else _hash(page.title)
        if letter == "n":
            return _hash(repr(self._names.get(key)))
        if letter == "k":
            return _hash(repr([t.qualified_name for t in self._owner_index().get(key, ())]))
        if letter == "d":
            return "1" if self.has_page_dir(key) else "0"
        if letter == "x":
            kind, _, name = key.partition(SEP)
            return _hash(repr([place for _, place in self._named_index().get((kind, name), ())]))
        if letter == "P":
            page = self.pages.get(key)
            front = None if page is None else sorted(page.front_matter.items())
            return _hash(repr((front, self.texts.lines(key))))
        return "?"  # a token this docgen never writes: never current

    def type_digest(self, typedef: TypeDef) -> str:
        """The digest of a type of the model (all but its description, sources and
        representation), once per run."""
        found = self._by_id.get(id(typedef))
        if found is None:
            found = self._by_id[id(typedef)] = self.facts.type_facts(typedef)[0] or type_digest_of(typedef)
        return found

    def operation_digest(self, op: Operation) -> str:
        """The digest of what the resolver made of an operation, as lint reads it
        (:func:`docgen.checks.lint.facts.resolved`)."""
        return self.facts.operation_facts(op)[0] or digest_of(resolved(op))


class _Namespaces:
    """``namespace in reads.namespaces``, noted as the ``n`` token of that namespace."""

    def __init__(self, reads: LintReads) -> None:
        self._reads = reads

    def __contains__(self, namespace: object) -> bool:
        return bool(self._reads.names_in(str(namespace)))
