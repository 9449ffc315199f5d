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
