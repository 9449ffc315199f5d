"""Files to write whose digests are known before their texts are: :class:`Texts`.

In: each file's sha256 and a way to get the texts (all at once, or, for :meth:`Texts.joined`,
part by part). Out: a mapping of relative paths to text that gets the texts only when one is
asked for. A generate answered from the cache, whose output its stamps prove current
(:mod:`docgen.write.stamps`), then needs no text at all: on the corpus the texts are 37 MB, and
reading and decoding them was most of a generate after a prose edit. A package joined from the
render jobs' results reads only the parts (jobs) holding a text the writer asks for: after a
one-cell edit, none but the few rendered again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Mapping, Sequence


def sha256_text(text: str) -> str:
    """The hex sha256 of ``text``'s UTF-8 bytes (what :attr:`Texts.hashes` holds)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Texts(Mapping[str, str]):
    """Relative path -> text, with every text's sha256 (:attr:`hashes`) at hand; the texts come
    from ``load`` on first use, and must be exactly the files of ``hashes`` (each a string whose
    UTF-8 bytes have that digest: :meth:`_texts` checks the names and the types; the writer
    checks nothing more, so ``load`` must give the texts those digests were made of)."""

    __slots__ = ("hashes", "_load", "_loaded", "_owners", "_some", "_fetched")

    def __init__(
        self,
        hashes: Mapping[str, str],
        load: Callable[[], Mapping[str, str]],
        some: Callable[[Sequence[str]], Mapping[str, str] | None] | None = None,
    ) -> None:
        """``load`` gives every text; ``some`` (optional) the texts of the paths it is given,
        or None when it cannot (then :meth:`prefetch` falls back to ``load``); both must give
        the texts of their digests, as the writer checks nothing more."""
        self.hashes: dict[str, str] = dict(hashes)
        """Each file's sha256 (hex) of its UTF-8 bytes."""
        self._load = load
        self._loaded: Mapping[str, str] | None = None
        self._owners: dict[str, Mapping[str, str]] | None = None
        self._some = some
        self._fetched: dict[str, str] = {}

    def prefetch(self, rels: Sequence[str]) -> None:
        """Get the texts of ``rels`` now, together (one read of the cache for a few files rather
        than one of every text); without ``some``, or when it gives None, every text is got
        (:meth:`__getitem__` would have). Unknown paths raise KeyError."""
        for rel in rels:
            if rel not in self.hashes:
                raise KeyError(rel)
        missing = [rel for rel in rels if rel not in self._fetched]
        if self._loaded is not None or self._owners is not None or not missing:
            return
        got = self._some(missing) if self._some is not None else None
        if got is None:
            self._texts()
            return
        if not all(type(got.get(rel)) is str for rel in missing):
            raise ValueError("the loaded texts are not the files their digests name")
        self._fetched.update((rel, got[rel]) for rel in missing)

    @classmethod
    def joined(cls, parts: Sequence[Mapping[str, str]]) -> Texts:
        """The files of every part (a later part's file replacing an earlier one of the same
        path), sorted by path. A part that is a :class:`Texts` gives its digests and is asked for
        a text only when one of its files is; any other part's digests are computed now."""
        owners: dict[str, Mapping[str, str]] = {}
        hashes: dict[str, str] = {}
        for part in parts:  # (each part's at C speed: the corpus's 5,720 files one by one were 1.5 ms)
            known = part.hashes if isinstance(part, Texts) else {rel: sha256_text(text) for rel, text in part.items()}
            hashes.update(known)
            owners.update(dict.fromkeys(known, part))
        ordered = sorted(hashes)
        texts = cls(dict(zip(ordered, map(hashes.__getitem__, ordered))),
                    lambda: {rel: owners[rel][rel] for rel in ordered})
        texts._owners = owners
        return texts

    def given(self) -> list[str]:
        """The paths whose texts were given as texts, not by digest: of a :meth:`joined`
        package, the files of its parts that are not :class:`Texts` (whose texts the render
        jobs stored by digest); of any other, every path."""
        if self._owners is None:
            return list(self.hashes)
        return [rel for rel, part in self._owners.items() if not isinstance(part, Texts)]

    @property
    def loaded(self) -> bool:
        """True once every text was needed (and got)."""
        if self._owners is not None:
            return all(not isinstance(part, Texts) or part.loaded for part in self._owners.values())
        return self._loaded is not None

    def _texts(self) -> Mapping[str, str]:
        if self._loaded is None:
            texts = self._load()
            if texts.keys() != self.hashes.keys() or not all(type(text) is str for text in texts.values()):
                raise ValueError("the loaded texts are not the files their digests name")
            self._loaded = texts
        return self._loaded

    def __getitem__(self, rel: str) -> str:
        if rel not in self.hashes:
            raise KeyError(rel)
        if self._owners is not None:  # only the part that holds it
            text = self._owners[rel][rel]
            if type(text) is not str:
                raise ValueError("the loaded texts are not the files their digests name")
            return text
        fetched = self._fetched.get(rel)
        if fetched is not None:
            return fetched
        return self._texts()[rel]

    def __contains__(self, rel: object) -> bool:
        return rel in self.hashes

    def __iter__(self) -> Iterator[str]:
        return iter(self.hashes)

    def __len__(self) -> int:
        return len(self.hashes)
