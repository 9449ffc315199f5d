"""Reading a page's bytes into text: the first pipeline stage.

Everything that can be wrong with the bytes themselves is found here and reported as a
:class:`~docgen.diagnostics.Diagnostic` with the line and column of the offending byte:

* a UTF-8 byte-order mark is dropped silently; CRLF and lone CR line ends become LF;
* invalid UTF-8 is reported (``invalid-utf8``, at the first bad byte) and decoded with U+FFFD;
* only regular files are read (``not-a-file``, error: a FIFO, a device such as ``/dev/zero``, a
  socket), and a page's size is checked before it is read: pages over :data:`MAX_PAGE_BYTES` are
  skipped (``page-too-large``, error, naming the size); :func:`load_bytes` never blocks on a FIFO
  and never reads more than the limit (plus one byte), whatever the file claims;
* a NUL byte in the first :data:`BINARY_SNIFF_BYTES` means a binary file (``binary-file``, error,
  the page is skipped); a later one is reported (``nul-character``, warning) and stripped;
* an empty page is reported (``empty-page``, warning) and skipped;
* bidi control characters (U+202A–U+202E, U+2066–U+2069) are reported
  (``bidi-control``, warning) and stripped, so they can never reach generated code.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from pathlib import Path

from docgen.diagnostics import Diagnostic, Location, error, warning
from docgen.model.dataclass_ahead import dataclass

MAX_PAGE_BYTES = 10 * 1024 * 1024
"""Pages larger than this (10 MiB) are refused: no real documentation page comes close."""

BINARY_SNIFF_BYTES = 8000
"""A NUL byte among the first bytes means a binary file (git's heuristic); later ones are stripped."""

_CONTROL_RE = re.compile("[\x00\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class SourcePage:
    """One page's normalised text."""

    path: str
    """The display path used in every :class:`Location` of this page."""
    text: str
    """The decoded text: no BOM, ``\\n`` line ends, bidi controls removed."""
    sha256: str
    """Hex SHA-256 of the page's bytes as read (for caching and generated headers)."""


def _line_col(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of byte ``offset``."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    col = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return line, col


def _text_line_col(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of character ``index`` in ``text``."""
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def _too_large(size: int, display: str) -> Diagnostic:
    limit = MAX_PAGE_BYTES
    message = (
        f"page is {size} bytes ({size / 2**20:.1f} MiB), over the {limit}-byte"
        f" ({limit / 2**20:g} MiB) limit; skipped"
    )
    return error("page-too-large", message, Location(display))


def refusal(data: bytes, display: str) -> Diagnostic | None:
    """Why ``data`` is not a page docgen reads (too large, binary), None when it is one."""
    if len(data) > MAX_PAGE_BYTES:
        return _too_large(len(data), display)
    nul = data.find(b"\x00", 0, BINARY_SNIFF_BYTES)
    if nul >= 0:
        line, col = _line_col(data, nul)
        message = (
            "NUL byte: this looks like a binary file, not a Markdown page; skipped"
        )
        return error("binary-file", message, Location(display, line, col))
    return None


def decode_source(
    data: bytes, display: str
) -> tuple[SourcePage | None, list[Diagnostic]]:
    """Turn a page's bytes into a :class:`SourcePage` (None when it must be skipped)."""
    diagnostics: list[Diagnostic] = []
    digest = hashlib.sha256(data).hexdigest()
    refused = refusal(data, display)
    if refused is not None:
        return None, [refused]
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_col(data, exc.start)
        bad = data[exc.start : exc.start + 1].hex()
        message = (
            f"invalid UTF-8 (byte 0x{bad}); decoded with U+FFFD replacement characters"
        )
        diagnostics.append(
            warning("invalid-utf8", message, Location(display, line, col))
        )
        text = data.decode("utf-8", errors="replace")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return None, diagnostics + [
            warning("empty-page", "the page is empty; skipped", Location(display))
        ]
    if _CONTROL_RE.search(text):
        for match in _CONTROL_RE.finditer(text):
            line, col = _text_line_col(text, match.start())
            char = match.group()
            code = "nul-character" if char == "\x00" else "bidi-control"
            kind = "NUL" if char == "\x00" else "bidirectional control"
            message = f"{kind} character U+{ord(char):04X} removed"
            diagnostics.append(warning(code, message, Location(display, line, col)))
        text = _CONTROL_RE.sub("", text)
    return SourcePage(path=display, text=text, sha256=digest), diagnostics


_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


def _not_regular(mode: int, display: str) -> Diagnostic | None:
    """``not-a-file`` unless ``mode`` is a regular file's."""
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    message = f"{kind}, not a regular file: only regular files are read; skipped"
    return error("not-a-file", message, Location(display))


def load_bytes(path: Path | str, display: str) -> tuple[bytes | None, list[Diagnostic]]:
    """The bytes of the page at ``path`` (None with an error diagnostic when it is not read).

    Only a regular file is read (a symlink is followed to one), and only when its size is within
    :data:`MAX_PAGE_BYTES`: both are checked before a byte is read, and the file is opened without
    blocking, so a FIFO or ``/dev/zero`` named ``x.md`` is refused at once. At most the limit plus
    one byte is ever read (a file growing meanwhile is refused too). Bytes that are no page
    (:func:`refusal`: binary) are refused as well. Never raises.
    """
    try:
        shown = _not_regular(os.stat(path).st_mode, display)
        if shown is not None:
            return None, [shown]
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
        fd = os.open(path, flags | getattr(os, "O_BINARY", 0))
        try:
            info = os.fstat(fd)  # what was opened, not what was looked at
            shown = _not_regular(info.st_mode, display)
            if shown is None and info.st_size > MAX_PAGE_BYTES:
                shown = _too_large(info.st_size, display)
            if shown is not None:
                return None, [shown]
            chunks: list[bytes] = []
            left = MAX_PAGE_BYTES + 1
            want = min(
                info.st_size + 1, left
            )  # one read for a file that keeps its size
            while left > 0:
                chunk = os.read(fd, want)
                if not chunk:
                    break
                chunks.append(chunk)
                left -= len(chunk)
                want = min(left, 1 << 16)
        finally:
            os.close(fd)
    except OSError as exc:
        message = f"cannot read the page: {exc.strerror or exc}"
        return None, [error("unreadable-file", message, Location(display))]
    data = b"".join(chunks)
    refused = refusal(data, display)
    if refused is not None:
        return None, [refused]
    return data, []


def read_source(path: Path, display: str) -> tuple[SourcePage | None, list[Diagnostic]]:
    """Read ``path`` (see :func:`load_bytes`) and decode it; ``display`` is the path shown in
    diagnostics.

    Never raises: an unreadable file is an ``unreadable-file`` error diagnostic.
    """
    data, problems = load_bytes(path, display)
    if data is None:
        return None, problems
    return decode_source(data, display)
