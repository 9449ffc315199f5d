"""Reading page bytes: BOM, CRLF, bad UTF-8, binary, empty, huge, bidi controls."""

from __future__ import annotations

from pathlib import Path

from docgen.read import source
from docgen.read.source import decode_source, read_source


def test_bom_and_crlf_normalised():
    page, diags = decode_source(b"\xef\xbb\xbf# T\r\nline\rnext\r\n", "p.md")
    assert page.text == "# T\nline\nnext\n" and diags == []


def test_invalid_utf8_located_and_replaced():
    page, diags = decode_source(b"# T\nab\xffcd\n", "p.md")
    assert page.text == "# T\nab\ufffdcd\n"
    assert [(d.code, d.location.line, d.location.col) for d in diags] == [
        ("invalid-utf8", 2, 3)
    ]


def test_binary_file_skipped():
    page, diags = decode_source(b"\x89PNG\r\n\x1a\n\x00\x00", "img.md")
    assert (
        page is None
        and diags[0].code == "binary-file"
        and diags[0].severity.label == "error"
    )


def test_late_nul_stripped_with_warning():
    data = b"# T\n" + b"x" * 9000 + b"\n\x00y\n"
    page, diags = decode_source(data, "p.md")
    assert "\x00" not in page.text
    assert [(d.code, d.location.line, d.location.col) for d in diags] == [
        ("nul-character", 3, 1)
    ]


def test_empty_page():
    page, diags = decode_source(b"  \n\n", "p.md")
    assert page is None and diags[0].code == "empty-page"


def test_bidi_controls_reported_and_stripped():
    page, diags = decode_source("# T\nab\u202ecd \u2066x\u2069\n".encode(), "p.md")
    assert page.text == "# T\nabcd x\n"
    assert [(d.code, d.location.line, d.location.col) for d in diags] == [
        ("bidi-control", 2, 3),
        ("bidi-control", 2, 7),
        ("bidi-control", 2, 9),
    ]


def test_too_large(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(source, "MAX_PAGE_BYTES", 100)
    big = tmp_path / "big.md"
    big.write_bytes(b"# x\n" * 100)
    page, diags = read_source(big, "big.md")
    assert page is None and diags[0].code == "page-too-large"


def test_unreadable(tmp_path: Path):
    page, diags = read_source(tmp_path / "missing.md", "missing.md")
    assert page is None and diags[0].code == "unreadable-file"


def test_hash_is_of_bytes(tmp_path: Path):
    file = tmp_path / "a.md"
    file.write_bytes(b"# a\r\n")
    page, _ = read_source(file, "a.md")
    import hashlib

    assert page.sha256 == hashlib.sha256(b"# a\r\n").hexdigest()
