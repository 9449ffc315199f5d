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


def test_load_bytes_checks_the_size_before_reading(tmp_path: Path, monkeypatch):
    """A page over the limit is refused from its size alone, naming it: not a byte is read."""
    monkeypatch.setattr(source, "MAX_PAGE_BYTES", 100)
    big = tmp_path / "big.md"
    big.write_bytes(b"# x\n" * 100)
    reads: list[int] = []
    real_read = source.os.read
    monkeypatch.setattr(
        source.os, "read", lambda fd, n: reads.append(n) or real_read(fd, n)
    )
    data, diags = source.load_bytes(big, "big.md")
    assert data is None and reads == []
    assert [(d.code, str(d.location)) for d in diags] == [
        ("page-too-large", "big.md:1:1")
    ]
    assert "page is 400 bytes" in diags[0].message and "100-byte" in diags[0].message
    small = tmp_path / "small.md"
    small.write_bytes(b"# x\n" * 25)
    assert source.load_bytes(small, "small.md") == (b"# x\n" * 25, [])


def test_load_bytes_reads_only_regular_files(tmp_path: Path):
    os = source.os
    if not hasattr(os, "mkfifo"):
        return
    os.mkfifo(tmp_path / "pipe.md")  # nobody writes: reading it would block forever
    os.symlink("/dev/zero", tmp_path / "zero.md")  # reading it would never end
    for name, kind in (
        ("pipe.md", "a FIFO (named pipe)"),
        ("zero.md", "a character device"),
    ):
        data, diags = source.load_bytes(tmp_path / name, name)
        assert data is None
        assert [(d.code, str(d.location)) for d in diags] == [
            ("not-a-file", f"{name}:1:1")
        ]
        assert diags[0].message.startswith(kind) and diags[0].severity.label == "error"
    page, diags = read_source(tmp_path / "pipe.md", "pipe.md")
    assert page is None and diags[0].code == "not-a-file"


def test_load_bytes_never_reads_past_the_limit(tmp_path: Path, monkeypatch):
    """A file that grows after its size was looked at is still read no further than the limit."""
    monkeypatch.setattr(source, "MAX_PAGE_BYTES", 10)
    page = tmp_path / "p.md"
    page.write_bytes(b"# x\n")
    real_fstat = source.os.fstat

    def growing(fd):
        page.write_bytes(b"y" * 10_000)  # grows between the look and the read
        return _shrunk(real_fstat(fd))

    def _shrunk(info):
        class Info:
            st_mode = info.st_mode
            st_size = 4

        return Info()

    monkeypatch.setattr(source.os, "fstat", growing)
    data, diags = source.load_bytes(page, "p.md")
    assert data is None and [d.code for d in diags] == ["page-too-large"]
    assert "page is 11 bytes" in diags[0].message  # the limit plus one byte, no more
