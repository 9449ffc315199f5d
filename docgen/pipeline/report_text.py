"""The JSON text of a report's diagnostics, kept in the cache by what the diagnostics are.

In: the report's diagnostics as columns (:func:`docgen.cli.formats.columns`: in their order,
duplicates kept) and what makes their text (:func:`docgen.cli.support.emit_json`: sorted,
deduplicated and encoded by :func:`~docgen.cli.formats.rows_json_text`). Out: that text, taken
from the cache when the same diagnostics were written before (a generate after a one-cell edit
reports the diagnostics the one before it reported: the corpus's 13,104), else made and stored.
The text is a function of the diagnostics in their order, so the key need not sort them.

A text made here is stored when the cache holds no report's text yet (the first, cold run) or
when the same diagnostics were reported once before (a mark of kind :data:`SEEN` remembers it,
a few bytes); the first time otherwise, only the mark is stored. After a one-cell edit that
changes the diagnostics (scale.py's type-cell edit: 13,109 instead of 13,104) the next edit or
its undo reports another set again, so storing the 3.5 MB text (14 ms: encoded, hashed and
written) was wasted; a set reported a second time (a run with nothing changed) is stored then,
and read from the third.

The key is every field of every diagnostic (:func:`columns_key`): the strings of a column joined
by NULs (none holding one: so no two lists of strings give the same key), the integers in :mod:`marshal`'s
version 2 (no references: the same values give the same bytes), and docgen's code (which makes
the encoder). A text is stored as its UTF-8 bytes, the entry's payload as it is (not plain data:
read back, it is written to stdout as it is, :func:`docgen.cli.support.emit_json`: decoding the
corpus's 3.9 MB and encoding them again for stdout were 4-8 ms of a warm generate); one that does
not encode strictly (a lone surrogate) is stored as a ``str`` (:mod:`docgen.pipeline.plain`), as
it always was. What is neither the text of a JSON list in valid UTF-8 nor such a ``str`` is not
used: the rows are encoded again and stored over it.
"""

from __future__ import annotations

import marshal
from collections.abc import Callable, Sequence

from docgen.pipeline.cache import Cache, code_fingerprint, digest, loads
from docgen.pipeline.plain import PlainError

KIND = "report-json"
"""The kind of the entries holding a report's encoded diagnostics."""

SEEN = "report-json-seen"
"""The kind of the marks of the diagnostics whose text was made once and not stored (see the module)."""

ANY = "report-json-any"
"""The kind of the one mark saying a report's text was stored (:func:`any_key`)."""


def any_key() -> str:
    """The key of the :data:`ANY` mark (docgen's code: another code's texts are not read)."""
    return digest(ANY, code_fingerprint())


def columns_key(columns: Sequence[Sequence]) -> str | None:
    """The key of the JSON text of the diagnostics of ``columns`` (paths, lines, columns,
    codes, messages, -severities: :func:`docgen.cli.formats.columns`, in their order, duplicates
    kept); None when they are not six columns of one length of strings and plain integers where a
    diagnostic has them (the text is then made, nothing is stored). Made by passes over the
    columns in C: for the corpus's 13,104 diagnostics, 3-5 ms against the 20-25 ms of sorting
    and encoding them."""
    if len(columns) != 6 or len(set(map(len, columns))) != 1 or not columns[0]:
        return None
    paths, lines, cols, codes, messages, severities = columns
    parts: list[bytes | str] = [KIND, code_fingerprint()]
    try:
        parts += [marshal.dumps(list(lines), 2), marshal.dumps(list(cols), 2), marshal.dumps(list(severities), 2)]
        for strings in (paths, codes, messages):
            if "\0" in "".join(strings):  # a NUL inside a string: not split one way only (a memchr,
                return None  # where counting the joined NULs was 0.6 ms of the corpus's messages)
            parts.append("\0".join(strings).encode("utf-8", "surrogatepass"))
    except (TypeError, ValueError):  # not strings (join), not plain values (marshal)
        return None
    return digest(*parts)


def report_text(cache: Cache, columns: Sequence[Sequence], make: Callable[[], str]) -> str | bytes:
    """``make()``, the JSON text of the diagnostics of ``columns``: from the cache when it holds
    the text of these very columns (see the module: its UTF-8 bytes, then), else made, and stored
    when no report's text is stored yet or these diagnostics were reported before (else marked as
    reported; nothing is stored without a cache)."""
    key = columns_key(columns) if cache.enabled else None
    if key is not None:
        stored = _stored(cache.get_payload(KIND, key))
        if stored is not None:
            return stored
    text = make()
    if key is not None:
        if cache.get(SEEN, key) == 1 or cache.get(ANY, any_key()) != 1:
            try:
                cache.put_payload(KIND, key, text.encode("utf-8"))
            except UnicodeEncodeError:  # (a lone surrogate: stored as plain data)
                cache.put(KIND, key, text)
            cache.put(ANY, any_key(), 1)
        else:
            cache.put(SEEN, key, 1)
    return text


def _stored(payload: bytes | None) -> str | bytes | None:
    """The text a :data:`KIND` entry's ``payload`` holds: its bytes when they are the UTF-8 of a
    JSON list's text, else the ``str`` of such a list stored as plain data; None for anything else."""
    if payload is None:
        return None
    if payload.startswith(b"[{") and payload.endswith(b"}]"):
        if not payload.isascii():
            try:
                payload.decode("utf-8")
            except UnicodeDecodeError:
                return None
        return payload
    try:
        value = loads(payload)
    except PlainError:
        return None
    return value if type(value) is str and value.startswith("[{") and value.endswith("}]") else None
