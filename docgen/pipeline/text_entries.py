"""Generated files' texts as cache entries of their own (kind :data:`TEXT`, keyed by sha256).

In: a text, or an entry's payload and the digest it should have. Out: the payload to store, or
the text when the payload is that text (never trusted otherwise). Shared by the render jobs
(:mod:`docgen.pipeline.render_jobs`, which store their files' texts) and the render cache
(:mod:`docgen.pipeline.render_cache`), and light to import: ``docgen check`` on an unchanged
tree imports the render cache for its keys, not the jobs' process pool.
"""

from __future__ import annotations

from docgen.pipeline.cache import dumps, loads
from docgen.pipeline.plain import PlainError
from docgen.write.texts import sha256_text

TEXT = "text"
"""The kind of the entries holding one generated file's text each, keyed by its sha256 (stored
by the jobs that render them, and by :func:`docgen.pipeline.render_cache.render_cached` for the
package's other files)."""


def text_payload(text: str) -> bytes:
    """The entry (kind :data:`TEXT`) of one file's text."""
    return dumps(text)


def read_text(payload: bytes | None, sha: str) -> str | None:
    """The text of a :data:`TEXT` entry when it is one whose UTF-8 bytes have digest ``sha``;
    None when the entry is missing, is not a text or is another text."""
    if payload is None:
        return None
    try:
        text = loads(payload)
    except PlainError:
        return None
    if type(text) is not str or sha256_text(text) != sha:
        return None
    return text
