"""Patterns compiled on first use (:mod:`docgen.lazy_re`) answer as the compiled pattern does.

- Nothing is compiled before the first use; then every method and attribute is the compiled
  pattern's own (the same bound methods, the same ``pattern``, ``flags``, ``groups``).
- Each of docgen's lazy module-level patterns matches, searches, substitutes and splits sample
  texts exactly as ``re.compile`` of its source does.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import pytest

from docgen import lazy_re

SAMPLES = (
    "",
    "Nullable. Read-only. Inherited from [entity](entity.md).",
    "GET https://graph.microsoft.com/v1.0/users/{id}/events?$top=5 HTTP/1.1",
    "Collection(microsoft.graph.user) or String, not nullable, required",
    "application: addPassword {'a': 1, b: [2,], }\r\nC:\\x",
    "/me/drive/items('{item-id}')/microsoft.graph.copy(name='x',type=Foo.Bar'baz') line 3",
    "@odata.type: #microsoft.graph.user | :-- | --- |",
    "2024-05-01T10:20:30.5Z <br/> **bold** `code` [!INCLUDE [x](y.md)]",
    "6a9d4e3c-1f2b-4c5d-8e7f-0a1b2c3d4e5f\u2028json Values 12.5e-3",
)


def _lazy_patterns() -> dict[str, lazy_re.LazyPattern]:
    root = Path(lazy_re.__file__).parent
    found: dict[str, lazy_re.LazyPattern] = {}
    for info in pkgutil.walk_packages([str(root)], "docgen."):
        if info.name in ("docgen.__main__", "docgen.model.compile_dataclasses"):
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            values = value if isinstance(value, tuple) else (value,)
            for i, one in enumerate(values):
                if isinstance(one, lazy_re.LazyPattern):
                    found.setdefault(f"{info.name}.{name}[{i}]", one)
    return found


LAZY = _lazy_patterns()


def test_docgen_has_lazy_patterns() -> None:
    assert len(LAZY) >= 60


@pytest.mark.parametrize("name", sorted(LAZY))
def test_a_lazy_pattern_answers_as_the_compiled_one(name: str) -> None:
    lazy = LAZY[name]
    eager = re.compile(*lazy._source)
    assert (lazy.pattern, lazy.flags, lazy.groups, lazy.groupindex) == (
        eager.pattern, eager.flags, eager.groups, eager.groupindex)
    for text in SAMPLES:
        for probe in (text, text.lower(), text[len(text) // 2:]):
            assert _answers(lazy, probe) == _answers(eager, probe), probe


def _answers(pattern, text: str) -> tuple:
    def groups(m):
        return None if m is None else (m.span(), m.groups())

    return (
        groups(pattern.match(text)),
        groups(pattern.fullmatch(text)),
        groups(pattern.search(text)),
        pattern.findall(text),
        [m.span() for m in pattern.finditer(text)],
        pattern.sub("<\\g<0>>", text),
        pattern.subn("", text),
        pattern.split(text),
    )


def test_nothing_is_compiled_before_the_first_use() -> None:
    source = r"lazy-re-test-(\d+)-(?P<tail>\w+)"
    re.purge()
    lazy = lazy_re.compile(source, re.IGNORECASE)
    assert vars(lazy) == {}  # nothing kept yet
    assert "lazy_re.compile(" in repr(lazy)
    assert lazy.search("x LAZY-RE-TEST-12-ab").group("tail") == "ab"
    kept = vars(lazy)
    eager = re.compile(source, re.IGNORECASE)  # re's cache: the very pattern it compiled
    assert kept["search"].__self__ is eager and lazy.match.__self__ is eager
    assert lazy.sub.__self__ is eager and kept["groups"] == 2 and lazy.groupindex == {"tail": 2}
    assert lazy.fullmatch("lazy-re-test-1-z") is not None and lazy.split("a lazy-re-test-1-z b") == [
        "a ", "1", "z", " b"]
