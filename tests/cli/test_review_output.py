"""The command line's output after today's changes: emit_json writes what click.echo wrote, on a
stream of any encoding; shown_from shows every path as display(root / path) does, whatever the
root (relative, the filesystem's root) and the working directory.

Found in review: on a stream whose encoding is ASCII (``PYTHONIOENCODING=ascii``), click.echo
writes UTF-8 to the stream's buffer, while emit_json's direct write failed on the first
non-ASCII character (``internal-error``, exit 1, where the JSON report was printed before)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docgen.cli import support
from docgen.cli.support import display
from docgen.cli.target import shown_from
from docgen.diagnostics import Location, error, warning

REPO = Path(__file__).resolve().parents[2]

FOUND = [
    error("bad-type", "naïve “quotes” \U0001f600", Location("docs/résumé.md", 3, 7)),
    warning("plain", "ascii only", Location("docs/a.md", 1, 1)),
]


def _written(monkeypatch: pytest.MonkeyPatch, encoding: str, write) -> bytes | type:
    """What ``write()`` puts on a stdout of ``encoding`` (not a terminal), or the error's type."""
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding=encoding, write_through=True)
    monkeypatch.setattr(sys, "stdout", stream)
    try:
        write()
        stream.flush()
    except UnicodeError as exc:
        return type(exc)
    finally:
        monkeypatch.undo()
    return raw.getvalue()


@pytest.mark.parametrize("encoding", ["utf-8", "UTF8", "ascii", "latin-1", "utf-16"])
@pytest.mark.parametrize("with_rows", [False, True])
def test_emit_json_writes_what_click_echo_writes_in_any_encoding(monkeypatch, encoding, with_rows) -> None:
    from docgen.cli import formats as report

    document = {"output": "gén", "ok": False}
    expected_text = support._dumps({**document, "diagnostics": report.to_json(FOUND)}, None)
    echoed = _written(monkeypatch, encoding, lambda: click.echo(expected_text))
    if with_rows:
        got = _written(monkeypatch, encoding, lambda: support.emit_json(document, rows=report.rows(FOUND)))
    else:
        got = _written(monkeypatch, encoding, lambda: support.emit_json(document, FOUND))
    assert got == echoed
    plain = _written(monkeypatch, encoding, lambda: support.emit_json({"model": ["ü"]}))
    assert plain == _written(monkeypatch, encoding, lambda: click.echo(support._dumps({"model": ["ü"]}, None)))


def test_a_json_report_on_an_ascii_stdout(tmp_path: Path) -> None:
    """The whole command, as a user with PYTHONIOENCODING=ascii runs it."""
    page = tmp_path / "docs" / "note.md"
    page.parent.mkdir()
    page.write_text("---\ntitle: \"Über\"\ndescription: \"TODO: décrire\"\n---\n\n# Über\n\nTODO: écrire ça.\n",
                    encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONIOENCODING": "ascii",
           "DOCGEN_CACHE_DIR": str(tmp_path / "cache")}
    out = subprocess.run([sys.executable, "-m", "docgen", "todos", "docs", "--format", "json"], cwd=tmp_path,
                         capture_output=True, env=env, timeout=120, check=False)
    assert out.returncode == 0, out.stderr
    assert "écrire".encode() in out.stdout and b"internal-error" not in out.stderr


_SEGMENTS = st.sampled_from(["a", "b", "..", ".", "", "x.md", "é", "sub", "..a", "a..", "~"])
_PATHS = st.lists(_SEGMENTS, min_size=1, max_size=5).map("/".join) | st.sampled_from(["<docgen>", "/abs/x.md", "/"])


@settings(max_examples=300, deadline=None)
@given(root=st.sampled_from(["project", "project/sub", ".", "..", "/", "project/../other", "./project/"]),
       cwd=st.sampled_from(["project", "project/sub/deeper", "other", ".", "/"]),
       paths=st.lists(_PATHS, min_size=1, max_size=6))
def test_shown_from_any_root_and_working_directory(tmp_path_factory, root, cwd, paths) -> None:
    base = tmp_path_factory.getbasetemp() / "shown"
    for folder in ("project/sub/deeper", "other"):
        (base / folder).mkdir(parents=True, exist_ok=True)
    before = os.getcwd()
    os.chdir(base / cwd if cwd != "/" else "/")
    try:
        rooted = Path(root) if root.startswith("/") else Path(os.path.relpath(base / root))
        shown = shown_from(rooted)
        for path in paths:
            expected = path if path.startswith("<") or os.path.isabs(path) else display(rooted / path)
            assert shown(path) == expected, (root, cwd, path)
    finally:
        os.chdir(before)
