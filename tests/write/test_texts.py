"""Texts: files whose digests are known before their texts are read."""

from __future__ import annotations

import pytest

from docgen.write.state import digests
from docgen.write.texts import Texts


def test_texts_are_loaded_once_and_only_when_a_text_is_asked_for() -> None:
    files = {"a.py": "x = 1\n", "b/c.py": "y = 'é'\n"}
    calls: list[int] = []
    texts = Texts(digests(files), lambda: (calls.append(1), files)[1])
    assert sorted(texts) == ["a.py", "b/c.py"] and len(texts) == 2 and "a.py" in texts and "z" not in texts
    assert calls == [] and not texts.loaded
    assert texts["b/c.py"] == "y = 'é'\n" and texts["a.py"] == "x = 1\n"
    assert calls == [1] and texts.loaded
    with pytest.raises(KeyError):
        texts["z"]
    assert digests(texts) is texts.hashes  # the writer takes the known digests


@pytest.mark.parametrize("loaded", [{"a.py": "x"}, {"a.py": "x", "b.py": "y", "c.py": "z"}, {"a.py": "x", "b.py": b"y"}])
def test_texts_that_are_not_the_files_their_digests_name_are_refused(loaded) -> None:
    texts = Texts(digests({"a.py": "x", "b.py": "y"}), lambda: loaded)
    with pytest.raises(ValueError):
        texts["a.py"]


def test_prefetch_gets_only_the_asked_texts_through_some() -> None:
    files = {"a.py": "x = 1\n", "b.py": "y = 2\n", "c.py": "z = 'ü'\n"}
    asked: list[list[str]] = []

    def some(rels):
        asked.append(list(rels))
        return {rel: files[rel] for rel in rels}

    def load():
        raise AssertionError("every text was read")

    texts = Texts(digests(files), load, some)
    texts.prefetch(["c.py", "a.py"])
    texts.prefetch(["a.py"])  # already here: some is not asked again
    assert asked == [["c.py", "a.py"]]
    assert texts["c.py"] == "z = 'ü'\n" and texts["a.py"] == "x = 1\n" and not texts.loaded
    with pytest.raises(KeyError):
        texts.prefetch(["nope.py"])


def test_prefetch_falls_back_to_every_text_when_some_cannot() -> None:
    files = {"a.py": "x\n", "b.py": "y\n"}
    calls: list[int] = []
    texts = Texts(digests(files), lambda: (calls.append(1), files)[1], lambda rels: None)
    texts.prefetch(["b.py"])
    assert calls == [1] and texts.loaded and texts["b.py"] == "y\n"
    without = Texts(digests(files), lambda: (calls.append(2), files)[1])
    without.prefetch(["a.py"])
    assert calls == [1, 2] and without["a.py"] == "x\n"


@pytest.mark.parametrize("given", [{"a.py": b"x"}, {}])
def test_prefetched_texts_that_are_not_strings_are_refused(given) -> None:
    texts = Texts(digests({"a.py": "x"}), lambda: {"a.py": "x"}, lambda rels: given)
    with pytest.raises(ValueError):
        texts.prefetch(["a.py"])


def test_given_names_the_files_of_the_parts_given_as_texts() -> None:
    """What render_cache._store_texts looks for in the cache: a joined package's files that came as
    texts (the package's own), not those of parts known by digest (the render jobs store theirs)."""
    by_digest = Texts(digests({"m/a.py": "a", "m/b.py": "b"}), lambda: {"m/a.py": "a", "m/b.py": "b"})
    joined = Texts.joined([by_digest, {"__init__.py": "i", "m/b.py": "B"}, Texts(digests({"t.py": "t"}), dict)])
    assert sorted(joined.given()) == ["__init__.py", "m/b.py"]  # a later part's file replaces an earlier one's
    assert not by_digest.loaded  # nothing read to tell
    assert sorted(by_digest.given()) == ["m/a.py", "m/b.py"]  # not joined: every path
