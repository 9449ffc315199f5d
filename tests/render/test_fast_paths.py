"""The rendering shortcuts of the cold path give what the long ways give.

- ``formatting.black_line`` finds long lines with a regular expression and counts triple quotes
  over the text; ``_black_line_by_line`` is the line-by-line definition it must agree with.
- The environment's ``getattr`` looks plain dicts' keys up at once and its context calls the
  layout helpers directly: what a template sees must be what stock Jinja gives.
- ``plan_operation`` reads an operation's request lines once per registry: planning the same
  operation again gives an equal plan and the same diagnostics.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docgen.render import environment as templating
from docgen.render import layout
from docgen.render.formatting import LINE_LENGTH, _black_line_by_line, black_could_change, black_line

# ---------------------------------------------------------------- black_line

_PIECES = [
    "x = 1",
    '"""',
    '    """Docstring.',
    '    """',
    'x = """',
    '""" + """',
    "# comment " + "c" * 90,
    "    " + "d" * 100,
    "    foo(" + "a, " * 40 + ")",
    '    "' + "s" * 95 + '",',
    "def " + "f" * 90 + "(",
    "class " + "C" * 90 + "(",
    "from ." + "m" * 90 + " import (",
    "y" * LINE_LENGTH,
    "y" * (LINE_LENGTH + 1),
    "",
]


def _lines() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(_PIECES),
        st.text(alphabet=st.sampled_from('ab "#(),=:\t'), max_size=120),
    )


@settings(max_examples=400, deadline=None)
@given(
    st.lists(_lines(), max_size=12),
    st.sampled_from(["\n", "\r\n", "\r", "\u2028", "\x0c"]),
    st.booleans(),
)
def test_black_line_agrees_with_the_line_by_line_definition(lines, other_break, mixed):
    """Random files of plain, long, commented, atomic and triple-quoted lines: the same first
    line (or None), with ``\\n`` line ends and with any mix of ``str.splitlines``' others."""
    text = "\n".join(lines)
    assert black_line(text) == _black_line_by_line(text)
    if mixed and len(lines) > 1:
        text = lines[0] + other_break + "\n".join(lines[1:])
        assert black_line(text) == _black_line_by_line(text)


def test_black_line_reads_the_first_line_and_the_quotes_before_a_long_line():
    long = "    z = f(" + "a, " * 40 + ")"
    assert black_line(long) == long  # the first line, no line end at all
    assert black_line("x\n" + long + "\n") == long
    assert black_line('"""\n' + long + '\n"""\n') is None  # inside a docstring
    assert black_line('"""\n"""\n' + long) == long  # after it
    assert black_line('x = """ """ """\n' + long) is None  # three on one line: still open
    assert not black_could_change("x = 1\n" * 50)


# ---------------------------------------------------------------- the environment


def _stock(source: str, **context: object) -> str:
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    for name in templating.LAYOUT_HELPERS:
        env.globals[name] = getattr(layout, name)
    return env.from_string(source).render(**context)


def _ours(source: str, **context: object) -> str:
    env = templating.environment(None)
    return env.from_string(source).render(**context)


@pytest.mark.parametrize(
    "source",
    [
        "{{ d.name }}|{{ d['name'] }}",
        "{{ d.items is defined }}|{{ d.get('name') }}|{{ d.keys() | list | length }}",
        "{{ d.items | string | truncate(20) }}",  # a key named like a method: the method, as Jinja
        "{{ obj.real }}|{{ obj.imag }}",
        "{{ call(4, 'def ' ~ d.name, ['self'], ' -> int:', True) }}",
        "{{ signature_parameter(8, 'x: int') }}|{{ import_from(4, '.m', d.name) }}",
        "{% for k in d %}{{ k }},{% endfor %}",
        "{{ ns.name }}",
    ],
)
def test_what_templates_see_is_what_stock_jinja_gives(source):
    context = {"d": {"name": "value", "items": "shadowed"}, "obj": 3, "ns": _Namespace()}
    assert _ours(source, **context) == _stock(source, **context)


class _Namespace:
    name = "attribute"


@pytest.mark.parametrize(
    "source",
    ["{{ d.missing }}", "{{ d.missing.deeper }}", "{{ nope(1) }}", "{{ d.name(1) }}"],
)
def test_what_is_undefined_fails_as_with_stock_jinja(source):
    context = {"d": {"name": "value"}}
    with pytest.raises(Exception) as stock:
        _stock(source, **context)
    with pytest.raises(Exception) as ours:
        _ours(source, **context)
    assert type(ours.value) is type(stock.value)
    assert str(ours.value) == str(stock.value)


def test_other_callables_still_get_what_they_ask_for():
    seen = []

    @jinja2.pass_context
    def wants_context(context, value):
        seen.append(context.get("d"))
        return value * 2

    def stops():
        raise StopIteration

    env = templating.environment(None)
    out = env.from_string("{{ f(2) }}|{{ s() is undefined }}").render(f=wants_context, s=stops, d="here")
    assert out == "4|True"
    assert seen == ["here"]


# ---------------------------------------------------------------- request lines, once per registry

SEED = Path(__file__).resolve().parents[2] / "api-docs"


def test_an_operation_planned_again_gets_an_equal_plan_and_the_same_diagnostics():
    from docgen.pipeline.build import build_model
    from docgen.render.models import Registry
    from docgen.render.requests import plan_operation

    model = build_model([SEED])
    assert model.operations
    shared = Registry.build(model)
    for op in model.operations:
        first = plan_operation(shared, op, "m", headers=False)
        again = plan_operation(shared, op, "m")
        fresh = plan_operation(Registry.build(model), op, "m")
        assert again == fresh
        assert first[0].lines == fresh[0].lines
        assert first[1] == [d for d in fresh[1] if d in first[1]]
        assert again[0].lines is not first[0].lines or not first[0].lines  # a new tuple each time
    assert len(shared.lines) == len(model.operations)


def test_request_line_diagnostics_come_with_every_plan():
    from docgen.diagnostics import Location
    from docgen.model.core import Model, Operation, RequestLine
    from docgen.render.models import Registry
    from docgen.render.requests import plan_operation

    where = Location("api/x.md", 3, 1)
    op = Operation(
        name="x",
        title="X",
        location=where,
        request_lines=(RequestLine("GET", "/things/acdefc6b-2a8b-4b8c-9a3b-6f6f1f1f1f1f/{id", where),),
    )
    reg = Registry.build(Model(types=(), operations=(op,)))
    codes = [[d.code for d in plan_operation(reg, op, "m")[1]] for _ in range(3)]
    assert codes[0] == codes[1] == codes[2]
    assert "request-line-sample-id" in codes[0]


# ---------------------------------------------------------------- layout.split_top_level


@settings(max_examples=3000, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("ab ,.|+()[]{}'\"\\"), max_size=40),
    st.sampled_from([", ", " | ", " + ", ".", ","]),
    st.booleans(),
)
def test_split_top_level_agrees_with_the_scan(text, separator, keep):
    """The fast ways (``str.split`` when nothing nests, jumping between quotes, brackets and
    separators otherwise) cut where the one-character-at-a-time scan cuts."""
    from docgen.render.layout import _split_jumping, _split_scanning, split_top_level

    expected = _split_scanning(text, separator, keep)
    assert split_top_level(text, separator, keep) == expected
    assert _split_jumping(text, separator, keep) == expected


_PIECES = st.sampled_from(
    ["'", '"', "\\'", '\\"', "\\\\", "\\", "(", ")", "[", "]", "{", "}", "a", ", ", " | ", " + ", ".", ","]
)


@settings(max_examples=3000, deadline=None)
@given(
    st.lists(_PIECES, max_size=16).map("".join),
    st.sampled_from([", ", " | ", " + ", ".", ","]),
    st.booleans(),
)
def test_jumping_agrees_with_the_scan_on_escapes_and_nesting(text, separator, keep):
    """Texts made of the pieces that matter (escaped quotes and backslashes inside strings,
    separators inside strings and brackets, unbalanced brackets, unterminated strings)."""
    from docgen.render.layout import _split_jumping, _split_scanning

    assert _split_jumping(text, separator, keep) == _split_scanning(text, separator, keep)


# ---------------------------------------------------------------- request line patterns

_TEXTS = st.text(alphabet=st.sampled_from("/aAbBkKsS('):=-{}\u212aſé"), max_size=8)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.tuples(_TEXTS, st.booleans(), st.booleans(), st.booleans()), min_size=1, max_size=4),
    st.text(alphabet=st.sampled_from("/aAbBkKsS('):=-\u212aſéx"), max_size=14),
)
def test_a_line_that_could_not_match_does_not(pieces, path):
    """``could_match`` never turns away a path the compiled pattern matches (with or without a
    trailing slash), whatever the case, parameters and non-ASCII look-alikes (K, ſ)."""
    from docgen.diagnostics import Location
    from docgen.render.requests import LinePlan, Segment

    segments = []
    for index, (text, param, quoted, slashes) in enumerate(pieces):
        if param:
            segments.append(Segment("{x}", f"p{index}", quoted, slashes))
        else:
            segments.append(Segment(text or "/"))
    line = LinePlan("GET", tuple(segments), (), Location("x.md"))
    pattern = line.pattern()
    if pattern.fullmatch(path) or pattern.fullmatch(path + "/"):
        assert line.could_match(path)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(_TEXTS, st.booleans()), min_size=1, max_size=4),
    st.lists(st.booleans(), min_size=40, max_size=40),
    st.sampled_from(["", "/"]),
)
def test_paths_written_from_the_line_in_any_case_could_match(pieces, flips, end):
    """Paths made from the line itself (literals in mixed case, a value for each parameter):
    each one the pattern matches passes ``could_match``; most are such paths."""
    from docgen.diagnostics import Location
    from docgen.render.requests import LinePlan, Segment

    segments, parts, flip = [], [], iter(flips * 4)
    for index, (text, param) in enumerate(pieces):
        if param:
            segments.append(Segment("{x}", f"p{index}"))
            parts.append("v")
        else:
            literal = text or "/"
            segments.append(Segment(literal))
            parts.append("".join(ch.swapcase() if next(flip) else ch for ch in literal))
    line = LinePlan("GET", tuple(segments), (), Location("x.md"))
    path = "".join(parts) + end
    pattern = line.pattern()
    if pattern.fullmatch(path) or pattern.fullmatch(path + "/"):
        assert line.could_match(path)


def test_the_docstring_filter_remembers_only_what_prints_one_way():
    env = templating.environment(None)
    render = env.from_string("{{ a | docstring }}|{{ b | docstring }}|{{ c | docstring(4) }}|{{ c | docstring(True) }}").render
    out = render(a=[1], b=[True], c=["x"])
    assert out.split("|")[:2] == ['"""1"""', '"""True"""']
    assert render(a=["p"], b=("p",), c=["x"]) == _stock_docstrings(["p"], ["p"], ["x"])


def _stock_docstrings(a, b, c):
    from docgen.render.escaping import docstring

    return "|".join([docstring(a, 0), docstring(list(b), 0), docstring(c, 4), docstring(c, True)])


_SUBJECT = st.text(alphabet=st.sampled_from("/aAbBkKsS('):=-\n\u212aſéx"), max_size=16)


@settings(max_examples=1500, deadline=None)
@given(
    st.lists(
        st.tuples(_TEXTS, st.booleans(), st.booleans(), st.booleans(), st.sampled_from(["p", "q", "_1"])),
        min_size=1,
        max_size=5,
    ),
    _SUBJECT,
)
def test_the_line_walk_gives_what_the_regex_gives(pieces, subject):
    """:func:`docgen.render.line_match.fullmatch` answers as the compiled pattern's ``fullmatch``
    (the same parameters' values, or no match), or leaves the case to it: non-ASCII paths and
    literals, repeated or odd names. Parameters of all three kinds, quotes, slashes, line ends."""
    import re

    from docgen.diagnostics import Location
    from docgen.render import line_match
    from docgen.render.requests import LinePlan, Segment

    segments = []
    for index, (text, param, quoted, slashes, name) in enumerate(pieces):
        if param:
            segments.append(Segment("{x}", name if index % 3 == 0 else f"{name}{index}", quoted, slashes))
        else:
            segments.append(Segment(text or "/"))
    line = LinePlan("GET", tuple(segments), (), Location("x.md"))
    got = line_match.fullmatch(line.segments, subject)
    try:
        pattern = line.pattern()
    except re.error:  # repeated group names: left to the regex, which reports it
        assert got is line_match.UNSURE
        return
    m = pattern.fullmatch(subject)
    if got is line_match.UNSURE:
        assert not subject.isascii() or not all(s.text.isascii() for s in segments)
        return
    assert got == (m.groupdict() if m else None)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/users/a/messages", {"id": "a"}),
        ("/Users/a%2Fb/MESSAGES/", {"id": "a%2Fb"}),
        ("/users/a/b/messages", None),
        ("/users//messages", None),
        ("/users/'it''s'/messages", {"id": "'it''s'"}),
    ],
)
def test_the_line_walk_on_a_plain_line(path, expected):
    from docgen.diagnostics import Location
    from docgen.render import line_match
    from docgen.render.requests import LinePlan, Segment

    line = LinePlan(
        "GET", (Segment("/users/"), Segment("{id}", "id"), Segment("/messages")), (), Location("x.md")
    )
    assert line_match.fullmatch(line.segments, path) == expected
    m = line.pattern().fullmatch(path)
    assert (m.groupdict() if m else None) == expected
