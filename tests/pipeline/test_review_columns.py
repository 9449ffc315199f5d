"""Hostile column data (docgen/pipeline/columns.py): whatever a cache entry holds, decoding a
``DG`` encoding gives diagnostics whose every field has its declared type, or PlainError (a
miss): never another exception, never a diagnostic that crashes the code printing it.

Found in review: the related places were checked to be Locations but not what they hold, so
planted data (``["Location", None, "x", 1.5]``) decoded, and ``--format sarif`` then failed on
the place's path (``internal-error``)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docgen.cli.formats import to_sarif
from docgen.diagnostics import Diagnostic, Location, Severity
from docgen.pipeline import columns, plain
from docgen.pipeline.plain import PlainError, decode, encode


def _items() -> tuple[Diagnostic, ...]:
    return tuple(
        Diagnostic(Severity(1 + i % 3), f"code-{i % 3}", f"message {i}", Location(f"p{i % 4}.md", i + 1, 2),
                   context=f"ctx {i}" if i % 2 else "",
                   related=(Location("r.md", i, 1), Location("s.md", 2, i)) if i % 3 == 0 else ())
        for i in range(12)
    )


def _well_typed(made: object) -> bool:
    def place(p: object) -> bool:
        return type(p) is Location and type(p.path) is str and type(p.line) is int and type(p.col) is int

    return type(made) is tuple and all(
        type(d) is Diagnostic and type(d.severity) is Severity and type(d.code) is str
        and type(d.message) is str and type(d.context) is str and place(d.location)
        and type(d.related) is tuple and all(place(p) for p in d.related)
        for d in made
    )


GOOD = encode(_items())


@pytest.mark.parametrize("bad", [
    ["Location", None, 1, 1],
    ["Location", "a.md", "x", 1],
    ["Location", "a.md", 1, 1.5],
    ["Location", "a.md", True, 1],
    ["Location", "a.md", 1, math.nan],
    ["Location", 7, 1, 1],
    ["Location", ("a.md",), 1, 1],
])
def test_a_related_place_of_wrong_types_is_refused(bad: list) -> None:
    data = list(GOOD)
    data[10] = (*GOOD[10][:-1], (bad,))
    with pytest.raises(PlainError):
        decode(data)


def test_what_a_refused_place_would_have_done() -> None:
    """The failure the check prevents: such a place makes the SARIF report fail."""
    made = decode(GOOD)
    nowhere = Location(None, 1, 1)  # type: ignore[arg-type]
    hostile = Diagnostic(made[0].severity, "c", "m", made[0].location, related=(nowhere,))
    with pytest.raises(TypeError):
        to_sarif([hostile], root=Path("/tmp"))


def test_a_diagnostic_with_such_a_related_place_is_stored_item_by_item() -> None:
    """The encoder writes columns only for what the decoder accepts: an odd related place (no
    docgen code makes one) is stored item by item and comes back as it was."""
    odd = (*_items(), Diagnostic(Severity.ERROR, "c", "m", Location("a.md"), related=(Location("b.md", True, 1),)))
    data = encode(odd)
    assert type(data) is tuple
    assert decode(data)[-1].related[0].line is True
    assert encode(_items())[0] == columns.TAG


@pytest.mark.parametrize("index,value", [
    (3, 2**100), (3, 2**63), (6, -(2**70)), (7, 0), (7, -3),
    (8, ["DG", *GOOD[1:]]),  # a nested DG where messages are
    (9, ["DG", *GOOD[1:]]),
    (1, ["L", "p.md"]),
])
def test_hostile_items_in_a_column_are_refused(index: int, value: object) -> None:
    data = list(GOOD)
    column = data[index]
    data[index] = (*column[:-1], value) if type(column) is tuple and index not in (1,) else value
    with pytest.raises(PlainError):
        decode(data)


def test_a_nested_column_encoding_as_a_related_place_is_refused() -> None:
    data = list(GOOD)
    data[10] = (*GOOD[10][:-1], ["DG", *GOOD[1:]])
    with pytest.raises(PlainError):
        decode(data)


def test_no_class_may_be_named_as_the_column_tag(monkeypatch) -> None:
    class DG:  # the name is the point
        pass

    monkeypatch.setattr(plain, "_registered", lambda: (DG,))
    with pytest.raises(RuntimeError):
        plain.registry.__wrapped__()


_HOSTILE = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.booleans(),
    st.floats(allow_nan=True),
    st.none(),
    st.text(max_size=3),
    st.just(()),
    st.just(["L"]),
    st.just(["Severity", 2]),
    st.just(["Location", "a.md", 1, 1]),
    st.just(["Location", None, "x", 1.5]),
    st.just(["Diagnostic", ["Severity", 2], "c", "m", ["Location", "a.md", 1, 1], "", ()]),
    st.just(list(GOOD)),
)


@st.composite
def _mutated(draw) -> list:
    """GOOD with one to three things changed: an item of a column, a field of a related place,
    a whole column, or a column cut short."""
    data = list(GOOD)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        how = draw(st.sampled_from(["item", "place", "column", "short"]))
        index = 10 if how == "place" else draw(st.sampled_from(range(1, len(data))))
        column = data[index]
        if how == "place" and type(column) is tuple and column:  # (an earlier change may have emptied it)
            at = draw(st.sampled_from([n for n, places in enumerate(column) if type(places) is tuple and places]
                                      or [0]))
            places = column[at]
            if type(places) is tuple and places and type(places[0]) is list and len(places[0]) == 4:
                place = list(places[0])
                place[draw(st.integers(min_value=0, max_value=3))] = draw(_HOSTILE)
                column = (*column[:at], (place, *places[1:]), *column[at + 1:])
            data[index] = column
        elif how == "item" and type(column) is tuple and column:
            at = draw(st.integers(min_value=0, max_value=len(column) - 1))
            data[index] = (*column[:at], draw(_HOSTILE), *column[at + 1:])
        elif how == "short" and type(column) is tuple:
            data[index] = column[:-1]
        else:
            data[index] = draw(_HOSTILE)
    return data


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_mutated())
def test_mutated_columns_decode_well_typed_or_are_refused(data: list) -> None:
    try:
        made = decode(data)
    except PlainError:
        return
    assert _well_typed(made)
    assert len(made) == len(GOOD[3])
