"""``render_cache.long_names`` (which may skip ASCII names of at most 39 characters) reports exactly what working out every name's snake_case reports, for names
built to make the most words per character (one-letter words, digits, CamelCase splits, separators,
a leading digit, keywords), at lengths either side of the bound, and for non-ASCII names that NFKC
lengthens."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from docgen.diagnostics import Location
from docgen.model.core import Model, Operation, TypeDef
from docgen.pipeline.render_cache import long_names
from docgen.render import naming

HERE = Location("resources/x.md", 1, 1)

# pieces that start a new word as often as possible: "aB" splits, "1a" splits, "_" separates,
# "ﬃ"/"㎒"/"½" grow under NFKC, "É" folds to "E"
PIECES = st.sampled_from(["a", "B", "1", "_", "aB", "1a", "A1", "ABc", "ﬃ", "㎒", "½", "É", "class", "9"])


def _plain_way(names: list[tuple[str, str]]) -> list[str]:
    return [name for name, fallback in names
            if len(naming.snake(name, fallback)) > naming.MODULE_NAME_MAX]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(PIECES, min_size=1, max_size=60).map("".join), min_size=1, max_size=4),
       st.lists(st.lists(PIECES, min_size=1, max_size=60).map("".join), max_size=3))
def test_long_names_reports_what_every_names_snake_case_gives(type_names: list[str], op_names: list[str]) -> None:
    types = tuple(TypeDef(name=n, namespace="microsoft.graph", kind="complex", location=HERE) for n in type_names)
    ops = tuple(Operation(name=n, title=n, location=HERE) for n in op_names)
    found = long_names(Model(types=types, operations=ops))
    expected = _plain_way([(n, "type") for n in type_names] + [(n, "operation") for n in op_names])
    assert [d.message.split(" ")[2] for d in found] == [n[:60] + "..." for n in expected]


def test_the_bound_either_side() -> None:
    """Names whose snake_case is as long as a name of their length can make: the longest is
    2n+1 ("1" then one-letter words: a fallback letter, an underscore, n-1 more)."""
    for n in (38, 39, 40, 41, 42):
        for name in ("1" + "a1" * n)[:n], ("a_" * n)[:n], ("1a" * n)[:n], ("aB" * n)[:n], "9" * n:
            for fallback in ("type", "operation"):
                t = TypeDef(name=name, namespace="microsoft.graph", kind="complex", location=HERE)
                op = Operation(name=name, title=name, location=HERE)
                model = Model(types=(t,) if fallback == "type" else (), operations=(op,) if fallback != "type" else ())
                assert len(long_names(model)) == len(_plain_way([(name, fallback)])), (name, fallback)
