"""The JSON text of a report's diagnostics, kept in the cache by what the diagnostics are.

In: the report's rows (:data:`~docgen.cli.formats.Row` tuples, deduplicated and sorted, as
:func:`docgen.cli.support.emit_json` writes them) and the encoder that makes their text
(:func:`~docgen.cli.formats.rows_json_text`). Out: that text, taken from the cache when the same
rows were encoded before (a generate after a one-cell edit reports the diagnostics the one before
it reported: the corpus's 13,104), else encoded and stored.

The key is every field of every row (:func:`rows_key`): the strings joined with their lengths
beside them (so no two lists of strings give the same key), the integers in :mod:`marshal`'s
version 2 (no references: the same values give the same bytes), and docgen's code (which makes
the encoder). A stored value is plain text (a ``str``, :mod:`docgen.pipeline.plain`): what is not
the text of a JSON list is not used, the rows are encoded again and stored over it.
"""

from __future__ import annotations

import marshal
from collections.abc import Callable, Sequence

from docgen.pipeline.cache import Cache, code_fingerprint, digest

KIND = "report-json"
"""The kind of the entries holding a report's encoded diagnostics."""


def rows_key(found: Sequence[tuple]) -> str | None:
    """The key of the JSON text of ``found``; None when a row is not six fields of strings and
    integers where a diagnostic has them (the encoder then makes the text, nothing is stored).
    Made by passes over the columns in C: for the corpus's 13,104 rows, 4-5 ms against the
    15-18 ms of encoding them."""
    columns = list(zip(*found))
    if len(columns) != 6 or any(len(column) != len(found) for column in columns):
        return None
    paths, lines, cols, codes, messages, severities = columns
    parts: list[bytes | str] = [KIND, code_fingerprint()]
    try:
        parts += [marshal.dumps(lines, 2), marshal.dumps(cols, 2), marshal.dumps(severities, 2)]
        for strings in (paths, codes, messages):
            parts.append(marshal.dumps(tuple(map(len, strings)), 2))
            parts.append("".join(strings).encode("utf-8", "surrogatepass"))
    except (TypeError, ValueError):  # not strings (join), not plain values (marshal)
        return None
    return digest(*parts)


def report_text(cache: Cache, found: Sequence[tuple], encode: Callable[[Sequence[tuple]], str]) -> str:
    """``encode(found)``, from the cache when it holds the text of these very rows (see the
    module), else made and stored (nothing stored without a cache or for an empty report)."""
    key = rows_key(found) if found and cache.enabled else None
    if key is not None:
        stored = cache.get(KIND, key)
        if type(stored) is str and stored.startswith("[{") and stored.endswith("}]"):
            return stored
    text = encode(found)
    if key is not None:
        cache.put(KIND, key, text)
    return text
