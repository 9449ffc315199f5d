"""Diagnostics made relative to the project root are shown relative to the working directory:
cli/target.shown_from gives what display(root / path) gives, for every kind of path."""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import pytest

from docgen.cli.support import display
from docgen.cli.target import _from_root, shown_from
from docgen.diagnostics import Diagnostic, Location, Severity

PATHS = [
    "api/user-get.md", "resources/ü ç/é.md", "a//b.md", "a/./b.md", "./a.md", "a/", "", ".", "..", "../x.md",
    "a/../b.md", "a/b/../../c.md", "sub/y.md", "sub/deeper/x.md", "sub/deeper", "sub/deeper/../z.md", "sub", "<docgen>", "/abs/page.md", "a\\b.md", "...md", "a/..b.md", "..a/b.md",
]

PATHS += ["/".join(parts) for n in (1, 2, 3)
          for parts in itertools.product(("sub", "deeper", "project", "..", ".", "x.md", ""), repeat=n)]


@pytest.mark.parametrize("where", ["same", "below", "beside", "above", "far"])
def test_shown_from_gives_what_display_gives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    root = tmp_path / "project"
    cwd = {"same": root, "below": root / "sub" / "deeper", "beside": tmp_path / "other", "above": tmp_path,
           "far": tmp_path / "x" / "y" / "z"}[where]
    cwd.mkdir(parents=True, exist_ok=True)
    root.mkdir(exist_ok=True)
    monkeypatch.chdir(cwd)
    shown = shown_from(root)
    for path in PATHS:
        expected = path if path.startswith("<") or os.path.isabs(path) else display(root / path)
        assert shown(path) == expected, path
        assert shown(path) == expected, path  # and again, remembered


def test_a_relocated_diagnostic_keeps_every_other_field(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "project"
    (tmp_path / "run").mkdir()
    root.mkdir()
    monkeypatch.chdir(tmp_path / "run")
    found = Diagnostic(Severity.WARNING, "dup", "twice", Location("api/a.md", 3, 4), context="c",
                       related=(Location("b.md", 1, 1),))
    moved = _from_root(found, shown_from(root))
    assert type(moved) is Diagnostic and type(moved.location) is Location
    assert moved.location == Location("../project/api/a.md", 3, 4)
    assert (moved.severity, moved.code, moved.message, moved.context, moved.related) == (
        found.severity, found.code, found.message, found.context, found.related)
    assert found.location == Location("api/a.md", 3, 4)  # the original is not touched
    assert moved.format() == "../project/api/a.md:3:4: warning: dup: twice"
    unmoved = Diagnostic(Severity.ERROR, "internal-error", "m", Location("<docgen>"))
    assert _from_root(unmoved, shown_from(root)) is unmoved
