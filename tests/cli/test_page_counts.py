"""Every command's summary counts the same pages: the pages it was given, those it skipped (an
empty page, a binary file) included. ``docgen model`` counted only the pages that made it into
the model (5 where lint, todos and generate said 6, found this session)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.cli.main import main

PAGE = """# widget resource type

Namespace: microsoft.graph

## Properties
| Property | Type | Description |
|:--|:--|:--|
|name|String|The name.|
"""


@pytest.fixture
def docs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "widget.md").write_text(PAGE, encoding="utf-8")
    (docs / "empty.md").write_text("", encoding="utf-8")  # skipped: empty-page
    (docs / "notes.md").write_text("Nothing docgen reads.\n", encoding="utf-8")
    return docs


@pytest.mark.parametrize("no_cache", [[], ["--no-cache"]])
def test_each_command_counts_every_page_it_was_given(docs: Path, no_cache: list[str]) -> None:
    counted = {}
    for command in (["model"], ["lint"], ["todos"], ["generate", "-o", "out"], ["check", "-o", "out"]):
        result = CliRunner().invoke(main, [command[0], "docs", *command[1:], *no_cache])
        found = re.search(r"^\w+: .* in (\d+) pages?\b", result.output, re.MULTILINE)
        assert found, result.output
        counted[command[0]] = int(found.group(1))
    assert counted == dict.fromkeys(counted, 3)
