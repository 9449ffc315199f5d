"""A report's encoded diagnostics kept in the cache (docgen.pipeline.report_text): the text is
always the encoder's, taken from the cache only for the very same rows; anything else stored
under the key is not used."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.cli.formats import rows_json_text
from docgen.pipeline.cache import Cache
from docgen.pipeline.report_text import KIND, report_text, rows_key

ROWS = [
    ("docs/a.md", 3, 1, "unresolved-include", "include x is not resolved", -1),
    ("docs/a.md", 9, 4, "table-shape", 'a "quoted" message \\ with a backslash', -2),
    ("docs/b\udc80.md", 1, 1, "odd-name", "caf\u00e9 \u2028 line", -1),
]


def counting(calls: list):
    def encode(found):
        calls.append(len(found))
        return rows_json_text(found)
    return encode


def test_the_same_rows_are_encoded_once_and_the_text_is_the_encoders(tmp_path: Path) -> None:
    cache, calls = Cache(tmp_path / "cache"), []
    first = report_text(cache, ROWS, counting(calls))
    again = report_text(cache, list(ROWS), counting(calls))
    assert first == again == rows_json_text(ROWS) and calls == [3]


@pytest.mark.parametrize("change", [
    lambda rows: rows[:2],
    lambda rows: [rows[0], (*rows[1][:4], rows[1][4] + "!", rows[1][5]), rows[2]],
    lambda rows: [(*rows[0][:1], 4, *rows[0][2:])] + rows[1:],  # another line
    lambda rows: [("docs/a.md", 3, 1, "unresolved-includ", "e include x is not resolved", -1)] + rows[1:],
])
def test_other_rows_get_their_own_text(tmp_path: Path, change) -> None:
    cache, calls = Cache(tmp_path / "cache"), []
    report_text(cache, ROWS, counting(calls))
    other = change(list(ROWS))
    assert rows_key(other) != rows_key(ROWS)
    assert report_text(cache, other, counting(calls)) == rows_json_text(other) and len(calls) == 2


@pytest.mark.parametrize("planted", ["[]", "not json", 42, ("[{", "}]")])
def test_a_damaged_stored_text_is_not_used_and_is_stored_again(tmp_path: Path, planted) -> None:
    cache, calls = Cache(tmp_path / "cache"), []
    cache.put(KIND, rows_key(ROWS), planted)
    assert report_text(cache, ROWS, counting(calls)) == rows_json_text(ROWS) and calls == [3]
    assert cache.get(KIND, rows_key(ROWS)) == rows_json_text(ROWS)


def test_rows_of_other_shapes_are_encoded_and_not_stored(tmp_path: Path) -> None:
    cache, calls = Cache(tmp_path / "cache"), []
    odd = [("docs/a.md", 1, 1, "code", 7, -1)]  # a message that is not text
    assert rows_key(odd) is None
    assert report_text(cache, odd, counting(calls)) == rows_json_text(odd)
    assert report_text(cache, odd, counting(calls)) == rows_json_text(odd) and calls == [1, 1]


def test_without_a_cache_the_rows_are_encoded(tmp_path: Path) -> None:
    calls: list = []
    assert report_text(Cache(None), ROWS, counting(calls)) == rows_json_text(ROWS)
    assert report_text(Cache(None), ROWS, counting(calls)) == rows_json_text(ROWS) and calls == [3, 3]


def test_strings_split_elsewhere_give_another_key() -> None:
    """The strings of a column are joined with their lengths beside them: the same characters
    split otherwise between two rows are other rows."""
    one = [("p", 1, 1, "c", "ab", -1), ("p", 2, 1, "c", "c", -1)]
    two = [("p", 1, 1, "c", "a", -1), ("p", 2, 1, "c", "bc", -1)]
    assert rows_key(one) != rows_key(two)
