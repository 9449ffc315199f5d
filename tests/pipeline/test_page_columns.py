"""A model's pages (a tuple of PageInfo) stored as columns (docgen/pipeline/columns.py): every field
comes back, front matter order included; short tuples, mixed tuples and front matter of anything
but strings are encoded item by item; data the encoder never wrote is refused (PlainError)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docgen.model.core import PageInfo
from docgen.pipeline import columns, plain
from docgen.pipeline.plain import PlainError, decode, encode

TEXT = st.text(max_size=12)


def _fields(pages) -> list[tuple]:
    return [(type(p), p.path, p.kind, p.title, list(p.front_matter.items()), p.sha256) for p in pages]


def _pages(count: int = 12) -> tuple[PageInfo, ...]:
    return tuple(PageInfo(f"resources/p{i}.md", ("resource", "api", "enum")[i % 3], f"title {i} ü",
                          {"title": f"t{i}", "ms.topic": "ref"} if i % 4 else {"b": "2", "a": "1"},
                          f"{i:064x}") for i in range(count))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.builds(PageInfo, TEXT, TEXT, TEXT, st.dictionaries(TEXT, TEXT, max_size=4), TEXT),
                min_size=columns.SMALLEST, max_size=20))
def test_pages_come_back_with_every_field_in_order(pages: list[PageInfo]) -> None:
    items = tuple(pages)
    data = encode(items)
    assert type(data) is list and data[0] == columns.PAGES
    back = plain.loads(plain.dumps(items))
    assert type(back) is tuple and _fields(back) == _fields(items) and back == items
    assert encode(back) == data


def test_each_kind_and_front_matter_shape_is_written_once() -> None:
    data = encode(_pages())
    assert data[2] == ("api", "resource", "enum") or set(data[2]) == {"resource", "api", "enum"}
    assert sorted(data[5]) == [("b", "a"), ("title", "ms.topic")]


def test_short_mixed_or_not_string_pages_are_encoded_item_by_item() -> None:
    short = _pages(columns.SMALLEST - 1)
    odd = (*_pages(10), PageInfo("x.md", "api", "x", {"n": 1}, ""))  # type: ignore[dict-item]
    mixed = (*_pages(10), "not a page")
    for items in (short, odd, mixed):
        data = encode(items)
        assert type(data) is tuple  # item by item
        assert decode(data) == items


def _damaged() -> list[list]:
    good = encode(_pages())

    def changed(at: int, value: object) -> list:
        return [*good[:at], value, *good[at + 1:]]

    return [
        good[:-1],  # a column short
        changed(1, list(good[1])),  # a column that is not a tuple
        changed(1, good[1][:-1]),  # paths one short
        changed(3, (*good[3][:-1], 99)),  # a kind out of range
        changed(3, (*good[3][:-1], -1)),
        changed(3, (*good[3][:-1], "0")),
        changed(6, (*good[6][:-1], 7)),  # a shape out of range
        changed(7, (*good[7][:-1], ("only one",))),  # values that do not pair with their keys
        changed(7, (*good[7][:-1], (1, 2))),  # values that are not strings
        changed(5, ((1,), *good[5][1:])),  # a key that is not a string
        changed(8, (*good[8][:-1], None)),
    ]


@pytest.mark.parametrize("data", _damaged())
def test_damaged_page_columns_are_refused(data: list) -> None:
    with pytest.raises(PlainError):
        decode(data)
