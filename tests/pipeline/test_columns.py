"""A tuple of diagnostics stored as columns (docgen/pipeline/columns.py): every field comes back,
order and duplicates kept; anything the encoder did not write is refused as PlainError (a cache
miss), and the item-by-item form of older entries still decodes."""

from __future__ import annotations

import marshal

import pytest

from docgen.diagnostics import Diagnostic, Location, Severity
from docgen.pipeline import columns, plain
from docgen.pipeline.cache import Cache, entry_digest
from docgen.pipeline.plain import PlainError, decode, encode

HERE = Location("api/user-get.md", 12, 3)


def _awkward() -> tuple[Diagnostic, ...]:
    return (
        Diagnostic(Severity.ERROR, "unresolved-link", "no page für «Benutzer» 👤", HERE),
        Diagnostic(Severity.WARNING, "enum-mismatch", "no page für «Benutzer» 👤", HERE),  # same place, other code
        Diagnostic(Severity.INFO, "unresolved-link", "same place, same code, other message", HERE),
        Diagnostic(Severity.ERROR, "internal-error", "no place of its own", Location("<docgen>")),
        Diagnostic(Severity.WARNING, "empty-path", "", Location("", 0, 0)),
        Diagnostic(Severity.WARNING, "dup", "twice", Location("résumé/ü.md", 1, 1), context="prop ä",
                   related=(Location("a.md", 2, 3), Location("b/ç.md", 4, 5))),
        Diagnostic(Severity.WARNING, "dup", "twice", Location("résumé/ü.md", 1, 1)),  # equal: kept twice
        Diagnostic(Severity.INFO, "big", "x" * 5000, Location("api/user-get.md", 2**31 + 7, 10**12)),
        Diagnostic(Severity.ERROR, "tab\tcode", "line\nbreak \x00 nul", Location("a b/c\\d.md", 9, 9)),
    )


def _fields(items) -> list[tuple]:
    """Every field, context and related included (equality leaves those two out)."""
    return [(type(d), d.severity, d.code, d.message, type(d.location), d.location.path, d.location.line,
             d.location.col, d.context, d.related) for d in items]


def test_awkward_diagnostics_come_back_with_every_field() -> None:
    items = _awkward()
    data = encode(items)
    assert isinstance(data, list) and data[0] == columns.TAG
    back = plain.loads(plain.dumps(items))
    assert type(back) is tuple
    assert _fields(back) == _fields(items)
    assert all(type(d.severity) is Severity for d in back)
    assert back == items


def test_columns_write_each_path_and_code_once_and_leave_out_empty_columns() -> None:
    items = tuple(Diagnostic(Severity.WARNING, f"code-{i % 3}", f"m{i}", Location(f"p{i % 2}.md", i, 1))
                  for i in range(20))
    data = encode(items)
    assert data[1] == ("p0.md", "p1.md") and data[2] == ("code-0", "code-1", "code-2")
    assert data[-2] is None and data[-1] is None  # no context, no related place
    assert _fields(decode(data)) == _fields(items)


def test_short_tuples_and_tuples_of_other_things_are_encoded_item_by_item() -> None:
    few = _awkward()[: columns.SMALLEST - 1]
    assert type(encode(few)) is tuple and _fields(decode(encode(few))) == _fields(few)
    mixed = (*_awkward(), "not a diagnostic")
    assert type(encode(mixed)) is tuple and decode(encode(mixed)) == mixed
    odd = (*_awkward(), Diagnostic(Severity.ERROR, "c", "m", Location("a.md", True, 1)))  # a bool line
    assert type(encode(odd)) is tuple
    assert decode(encode(odd))[-1].location.line is True
    as_list = list(_awkward())
    assert decode(encode(as_list)) == as_list


def test_the_item_by_item_form_of_older_entries_still_decodes() -> None:
    items = _awkward()
    old = tuple(encode(d) for d in items)  # what the cache stored before the columns
    assert _fields(decode(old)) == _fields(items)


def _damaged() -> list[list]:
    good = encode(_awkward())
    assert good[-1] is not None and good[-2] is not None

    def changed(index: int, value) -> list:
        data = list(good)
        data[index] = value
        return data

    return [
        good[:-1],  # a field short
        [*good, None],  # a field more
        changed(1, list(good[1])),  # a column that is a list
        changed(1, (*good[1][:-1], 5)),  # a path that is not a string
        changed(3, (*good[3][:-1], len(good[1]))),  # a path index past the table
        changed(3, (*good[3][:-1], -1)),  # a negative index
        changed(6, (*good[6][:-1], 99)),  # a code index past the table
        changed(4, good[4][:-1]),  # a column short
        changed(5, (*good[5][:-1], 1.5)),  # a column that is not an integer
        changed(5, (*good[5][:-1], True)),  # nor a bool
        changed(7, (*good[7][:-1], 4)),  # a level there is not
        changed(8, (*good[8][:-1], None)),  # a message that is not a string
        changed(9, good[9][:-1]),  # a context column short
        changed(9, (*good[9][:-1], 1)),
        changed(10, (*good[10][:-1], (["Severity", 1],))),  # a related place that is no location
        changed(10, (*good[10][:-1], ["L"])),  # related places that are not a tuple
        changed(10, "related"),
    ]


@pytest.mark.parametrize("data", _damaged())
def test_damaged_columns_are_refused(data: list) -> None:
    with pytest.raises(PlainError):
        decode(data)


def test_a_damaged_column_entry_is_a_cache_miss(tmp_path) -> None:
    cache = Cache(tmp_path)
    items = _awkward()
    cache.put("render", "k", (items,))
    assert _fields(cache.get("render", "k")[0]) == _fields(items)
    for number, data in enumerate(_damaged()):  # a sound digest over data the encoder never wrote
        key = f"bad{number}"
        payload = marshal.dumps((data,), plain.MARSHAL_VERSION)
        cache.put_payload("render", key, payload)
        assert cache.get_payload("render", key) is not None
        assert cache.get("render", key) is None  # refused, not a traceback
        assert cache.get_payload("render", key) is None  # and dropped
    assert entry_digest("render", "k", b"") != entry_digest("render", "k", b"x")


def test_kept_columns_are_given_back_for_that_very_tuple() -> None:
    payload = plain.dumps(_awkward())
    plain.forget_encodings()
    with plain.keeping_encodings():
        kept = plain.loads(payload)
    try:
        assert plain.encode(kept) is plain._ENCODINGS[id(kept)][1]
        again = tuple(list(kept))  # an equal tuple, not that one: encoded again, to the same data
        assert plain.encode(again) is not plain._ENCODINGS[id(kept)][1]
        assert plain.encode(again) == plain.encode(kept)
    finally:
        plain.forget_encodings()
    assert plain.dumps(plain.loads(payload)) == payload


@pytest.mark.parametrize("data", [["Location", "a.md", 3, 4], ["Location", "", 0, 0], ["Location", "é", True, 1.5],
                                  ["Location", None, -1, 2**70], ["Location", "a.md", ["L", 1], 2]])
def test_a_location_decodes_as_every_other_class_does(data: list) -> None:
    """decode's shortcut for the commonest object gives what the registry's way gives."""
    back = decode(data)
    assert type(back) is Location
    assert vars(back) == dict(zip(("path", "line", "col"), [decode(item) for item in data[1:]]))
    assert encode(back) == data


@pytest.mark.parametrize("data", [["Location", "a.md", 3], ["Location", "a.md", 3, 4, 5], ["Location"]])
def test_a_location_of_the_wrong_length_is_refused(data: list) -> None:
    with pytest.raises(PlainError):
        decode(data)
