"""A report's encoded diagnostics kept in the cache (docgen.pipeline.report_text): the text is
always what ``make`` gives, taken from the cache only for the very same diagnostics in the same
order; anything else stored under the key is not used."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.cli.formats import columns_of_rows, rows_json_text, rows_of_columns
from docgen.pipeline.cache import Cache
from docgen.pipeline.report_text import ANY, KIND, SEEN, _stored, any_key, columns_key, report_text

ROWS = [
    ("docs/a.md", 3, 1, "unresolved-include", "include x is not resolved", -1),
    ("docs/a.md", 9, 4, "table-shape", 'a "quoted" message \\ with a backslash', -2),
    ("docs/b\udc80.md", 1, 1, "odd-name", "caf\u00e9 \u2028 line", -1),
    ("docs/a.md", 3, 1, "unresolved-include", "include x is not resolved", -1),  # a duplicate
]


def text_of(rows, cache: Cache, calls: list) -> str:
    columns = columns_of_rows(rows)

    def make() -> str:
        calls.append(len(rows))
        return rows_json_text(rows_of_columns(columns))

    got = report_text(cache, columns, make)
    return got.decode("utf-8") if type(got) is bytes else got


def stored_text(cache: Cache, key: str) -> str | None:
    """The text stored under ``key`` as report_text reads it (its UTF-8 bytes, or a str)."""
    got = _stored(cache.get_payload(KIND, key))
    return got.decode("utf-8") if type(got) is bytes else got


def test_the_same_diagnostics_are_encoded_once_and_the_text_is_the_encoders(tmp_path: Path) -> None:
    cache, calls = Cache(tmp_path / "cache"), []
    first = text_of(ROWS, cache, calls)
    again = text_of(list(ROWS), cache, calls)
    assert first == again == rows_json_text(sorted(set(ROWS))) and calls == [4]


@pytest.mark.parametrize("change", [
    lambda rows: rows[:2],
    lambda rows: [rows[0], (*rows[1][:4], rows[1][4] + "!", rows[1][5]), *rows[2:]],
    lambda rows: [(rows[0][0], 4, *rows[0][2:]), *rows[1:]],  # another line
    lambda rows: [(*rows[0][:5], -2), *rows[1:]],  # another severity
    lambda rows: [rows[1], rows[0], *rows[2:]],  # another order (the same text, another key)
])
def test_other_diagnostics_get_their_own_entry(tmp_path: Path, change) -> None:
    cache, calls = Cache(tmp_path / "cache"), []
    text_of(ROWS, cache, calls)
    other = change(list(ROWS))
    assert columns_key(columns_of_rows(other)) != columns_key(columns_of_rows(ROWS))
    assert text_of(other, cache, calls) == rows_json_text(sorted(set(other))) and len(calls) == 2


def test_strings_split_elsewhere_give_another_key() -> None:
    """The strings of a column are joined by NULs, none holding one: the same characters
    split otherwise between two diagnostics are other diagnostics."""
    one = [("p", 1, 1, "c", "ab", -1), ("p", 2, 1, "c", "c", -1)]
    two = [("p", 1, 1, "c", "a", -1), ("p", 2, 1, "c", "bc", -1)]
    assert columns_key(columns_of_rows(one)) != columns_key(columns_of_rows(two))


@pytest.mark.parametrize("planted", ["[]", "not json", 42, ("[{", "}]")])
def test_a_damaged_stored_text_is_not_used_and_is_stored_again(tmp_path: Path, planted) -> None:
    cache, calls = Cache(tmp_path / "cache"), []
    key = columns_key(columns_of_rows(ROWS))
    cache.put(KIND, key, planted)
    assert text_of(ROWS, cache, calls) == rows_json_text(sorted(set(ROWS))) and calls == [4]
    assert stored_text(cache, key) == rows_json_text(sorted(set(ROWS)))


@pytest.mark.parametrize("odd", [
    [("docs/a.md", 1, 1, "code", 7, -1)],  # a message that is not text
    [("docs/a.md", 1, 1, "code", "m", object())],  # a severity marshal refuses
    [],
])
def test_diagnostics_of_other_shapes_are_encoded_and_not_stored(tmp_path: Path, odd) -> None:
    cache, calls = Cache(tmp_path / "cache"), []
    assert columns_key(columns_of_rows(odd)) is None
    if odd and not isinstance(odd[0][5], int):
        return  # (the encoder refuses such a row too)
    assert text_of(odd, cache, calls) == text_of(odd, cache, calls) == rows_json_text(odd)
    assert calls == [len(odd)] * 2


def test_without_a_cache_the_text_is_made(tmp_path: Path) -> None:
    calls: list = []
    assert text_of(ROWS, Cache(None), calls) == text_of(ROWS, Cache(None), calls) == rows_json_text(sorted(set(ROWS)))
    assert calls == [4, 4]


def test_a_string_holding_a_nul_gets_no_key_and_its_text_is_made(tmp_path: Path) -> None:
    one = [("p", 1, 1, "c", "a\0b", -1), ("p", 2, 1, "c", "c", -1)]
    two = [("p", 1, 1, "c", "a", -1), ("p", 2, 1, "c", "b\0c", -1)]
    assert columns_key(columns_of_rows(one)) is None and columns_key(columns_of_rows(two)) is None
    cache, calls = Cache(tmp_path / "cache"), []
    assert text_of(one, cache, calls) == rows_json_text(one) and text_of(two, cache, calls) == rows_json_text(two)
    assert calls == [2, 2]


def test_a_new_set_after_a_stored_one_is_stored_the_second_time_it_is_reported(tmp_path: Path) -> None:
    """The first report's text is stored (no text stored yet); another set of diagnostics (an
    edit's) is only marked the first time, stored the second, read from the cache the third."""
    cache, calls = Cache(tmp_path / "cache"), []
    other = ROWS[:2]
    text_of(ROWS, cache, calls)
    key = columns_key(columns_of_rows(other))
    assert text_of(other, cache, calls) == rows_json_text(sorted(set(other))) and calls == [4, 2]
    assert stored_text(cache, key) is None and cache.get(SEEN, key) == 1
    assert text_of(ROWS, cache, calls) == rows_json_text(sorted(set(ROWS))) and calls == [4, 2]  # the first: stored
    assert text_of(other, cache, calls) == rows_json_text(sorted(set(other))) and calls == [4, 2, 2]
    assert stored_text(cache, key) == rows_json_text(sorted(set(other)))
    assert text_of(other, cache, calls) == rows_json_text(sorted(set(other))) and calls == [4, 2, 2]


def test_a_planted_mark_changes_only_when_the_text_is_stored(tmp_path: Path) -> None:
    """A mark that is not what report_text writes is no mark: the text is stored as for a set
    not seen (the first report of a cache is stored), and the text is the encoder's either way."""
    cache, calls = Cache(tmp_path / "cache"), []
    key = columns_key(columns_of_rows(ROWS))
    cache.put(SEEN, key, "1")
    cache.put(ANY, any_key(), 2)
    assert text_of(ROWS, cache, calls) == rows_json_text(sorted(set(ROWS))) and calls == [4]
    assert stored_text(cache, key) == rows_json_text(sorted(set(ROWS))) and cache.get(ANY, any_key()) == 1


def test_a_stored_text_is_given_as_its_utf8_bytes_and_one_with_a_lone_surrogate_as_text(tmp_path: Path) -> None:
    """A text that encodes strictly is stored as its UTF-8 bytes and given back as them (written
    to stdout as they are); one holding a lone surrogate is stored and given back as a str."""
    cache = Cache(tmp_path / "cache")
    plain_rows = [row for row in ROWS if "\udc80" not in row[0]]
    for rows in (plain_rows, ROWS):
        columns = columns_of_rows(rows)
        text = rows_json_text(rows_of_columns(columns))
        assert report_text(cache, columns, lambda: text) == text  # made (stored: the first; else marked)
        assert report_text(cache, columns, lambda: text) == (text.encode("utf-8") if rows is plain_rows else text)
        again = report_text(cache, columns, lambda: "not called")
        assert again == (text.encode("utf-8") if rows is plain_rows else text)
    key = columns_key(columns_of_rows(plain_rows))
    cache.put_payload(KIND, key, b'[{"\xff"}]')  # not UTF-8: not used
    assert report_text(cache, columns_of_rows(plain_rows), lambda: "[{}]") == "[{}]"
