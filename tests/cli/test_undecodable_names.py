"""Names and text the output streams cannot carry.

Found this session: a page whose file name is not valid UTF-8 (``caf\\xe9.md``: Python holds the
byte as a lone surrogate) made every command end in ``internal-error`` (the plan's digest, then
every output, encodes the page's name); and ``docgen model`` on a stdout that cannot encode a
character of the model (``PYTHONIOENCODING=latin-1`` and an arrow in a property name) did too.
Now such a page or folder is an ``unreadable-file`` / ``unreadable-folder`` error located at its
name with the byte escaped, the other pages are read, and text a stream cannot encode is printed
escaped (``\\u2192``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.cli.main import main
from docgen.pipeline.inputs import discover, shown_name

REPO = Path(__file__).resolve().parents[2]

PAGE = """# widget\u2192 resource type

Namespace: microsoft.graph

A widget.

## Properties
| Property | Type | Description |
|:--|:--|:--|
|name\u2192|String|The name \u2192 \u65e5\u672c.|
"""


def _undecodable(folder: Path, raw: bytes) -> Path:
    """A path under ``folder`` whose last part is the bytes ``raw`` (skips where the file system
    refuses names that are not UTF-8, as macOS's does)."""
    path = Path(os.fsdecode(os.fsencode(folder) + b"/" + raw))
    try:
        path.write_text(PAGE, encoding="utf-8") if raw.endswith(b".md") else path.mkdir()
    except (OSError, UnicodeError):
        pytest.skip("this file system refuses names that are not UTF-8")
    return path


@pytest.fixture
def docs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "widget.md").write_text(PAGE, encoding="utf-8")
    _undecodable(docs, b"caf\xe9.md")
    folder = _undecodable(docs, b"d\xff")
    (folder / "inside.md").write_text(PAGE, encoding="utf-8")
    return docs


def test_shown_name_escapes_only_undecodable_bytes() -> None:
    assert shown_name("docs/r\u00e9sum\u00e9.md") == "docs/r\u00e9sum\u00e9.md"
    assert shown_name(os.fsdecode(b"docs/caf\xe9.md")) == "docs/caf\\xe9.md"


def test_discover_reports_each_undecodable_name_and_reads_the_rest(docs: Path) -> None:
    files, problems = discover([docs], docs.parent)
    assert [f.display for f in files] == ["docs/widget.md"]  # not the page in the folder d\xff
    assert [(d.code, str(d.location)) for d in problems] == [
        ("unreadable-file", "docs/caf\\xe9.md:1:1"),
        ("unreadable-folder", "docs/d\\xff:1:1"),
    ]
    named, problems = discover([os.fsdecode(os.fsencode(docs) + b"/caf\xe9.md")], docs.parent)
    assert named == [] and [(d.code, str(d.location)) for d in problems] == [("unreadable-file", "docs/caf\\xe9.md:1:1")]


@pytest.mark.parametrize("command", [
    ["generate", "docs", "-o", "out"], ["check", "docs", "-o", "out"], ["lint", "docs"], ["model", "docs"],
    ["todos", "docs"],
])
def test_every_command_reports_the_name_and_exits_1(docs: Path, command: list[str]) -> None:
    for cache in ([], ["--no-cache"]):
        result = CliRunner().invoke(main, [*command, *cache, "--format", "json"])
        assert result.exit_code == 1, result.output
        assert "internal-error" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)
        found = json.loads(result.stdout)["diagnostics"]
        assert {(d["code"], d["path"]) for d in found if d["severity"] == "error"} == {
            ("unreadable-file", "docs/caf\\xe9.md"), ("unreadable-folder", "docs/d\\xff")}
    assert not (docs.parent / "out").exists()  # generate writes nothing on an error


def test_text_a_stream_cannot_encode_is_escaped(tmp_path: Path) -> None:
    (tmp_path / "widget.md").write_text(PAGE, encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "latin-1", "PYTHONPATH": str(REPO), "DOCGEN_CACHE_DIR": str(tmp_path / "c")}
    for command in (["model", "widget.md"], ["generate", "widget.md", "-o", "out", "--min-severity", "info"]):
        done = subprocess.run([sys.executable, "-m", "docgen", *command], cwd=tmp_path, env=env,
                              capture_output=True, timeout=120)
        assert done.returncode in (0, 1), done.stderr
        shown = (done.stdout + done.stderr).decode("latin-1")
        assert "internal-error" not in shown
        assert "\\u2192" in shown  # the arrow, escaped
    done = subprocess.run([sys.executable, "-m", "docgen", "model", "widget.md"], cwd=tmp_path,
                          env={**env, "PYTHONIOENCODING": "utf-8"}, capture_output=True, timeout=120)
    assert done.returncode == 0 and "widget\u2192 (" in done.stdout.decode("utf-8")  # UTF-8: the arrow itself
