"""docgen.render.layout lays lines out as black does: black leaves its output as it is."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from docgen.render import layout
from docgen.render.escaping import py_str
from docgen.render.formatting import format_python

WORD = st.text(alphabet=st.sampled_from("abcXYZ$-_.,=()0123456789"), min_size=0, max_size=120) | st.integers(
    0, 90
).map(lambda n: "v" * n)  # lengths either side of black's line length


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(WORD, WORD), min_size=1, max_size=4), st.sampled_from([0, 4, 8]))
def test_pairs_are_what_black_writes(items, indent):
    pairs = [(py_str(a), py_str(b)) for a, b in items]
    line = layout.pairs(indent, "extra", pairs)
    text = "".join(f"{' ' * n}def f{n}():\n" for n in range(0, indent, 4)) + line + "\n"
    assert format_python(text) == text
    namespace: dict = {}
    exec(line.replace("\n" + " " * indent, "\n").strip(), namespace)  # the same tuple, at the top level
    assert namespace["extra"] == tuple(items)


def test_pairs_keep_their_values_and_order():
    text = layout.pairs(0, "extra", [(py_str("a"), py_str("1")), (py_str("b"), py_str("x" * 90))])
    namespace: dict = {}
    exec(text, namespace)
    assert namespace["extra"] == (("a", "1"), ("b", "x" * 90))
    assert layout.pairs(0, "extra", [(py_str("k"), py_str("v"))]) == 'extra = (("k", "v"),)'
