"""Files to write whose digests are known before their texts are: :class:`Texts`.

In: each file's sha256 and a way to get the texts. Out: a mapping of relative paths to text that
gets the texts only when one is asked for. A generate answered from the cache, whose output its
stamps prove current (:mod:`docgen.write.stamps`), then needs no text at all: on the corpus the
texts are 37 MB, and reading and decoding them was most of a generate after a prose edit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping


class Texts(Mapping[str, str]):
    """Relative path -> text, with every text's sha256 (:attr:`hashes`) at hand; the texts come
    from ``load`` on first use, and must be exactly the files of ``hashes`` (each a string whose
    UTF-8 bytes have that digest: :meth:`_texts` checks the names and the types; the writer
    checks nothing more, so ``load`` must give the texts those digests were made of)."""

    __slots__ = ("hashes", "_load", "_loaded")

    def __init__(self, hashes: Mapping[str, str], load: Callable[[], Mapping[str, str]]) -> None:
        self.hashes: dict[str, str] = dict(hashes)
        """Each file's sha256 (hex) of its UTF-8 bytes."""
        self._load = load
        self._loaded: Mapping[str, str] | None = None

    @property
    def loaded(self) -> bool:
        """True once the texts were needed (and got)."""
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
        return self._texts()[rel]

    def __contains__(self, rel: object) -> bool:
        return rel in self.hashes

    def __iter__(self) -> Iterator[str]:
        return iter(self.hashes)

    def __len__(self) -> int:
        return len(self.hashes)
