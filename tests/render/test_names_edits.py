"""Edits that change what naming reads, each followed by a warm ``generate``
over one cache, must give the ``--no-cache`` files and diagnostics (the render may store the
types' names and the operations' module names, with their ``name-clash`` warnings, in the cache:
docgen/render/names_cache.py). The edits run in sequence over one cache and one output folder, so a
stored naming of an earlier state is there to be wrongly read back: a type renamed on its page (also
by case only), its namespace line changed, a second type whose module clashes appearing and going,
a type moved to another page, an operation page renamed or added with a clashing module name,
non-ASCII and very long names (``long-name``).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from conftest import REPO
from docgen.cli.main import main

FIXTURE = REPO / "tests" / "fixtures" / "incremental"
LONG = "averyVeryLongEnumerationName" * 3


def _generate(docs: Path, out: Path, *options: str) -> tuple[int, list]:
    result = CliRunner().invoke(main, ["generate", str(docs), "--output", str(out), "--format", "json",
                                       "--jobs", "1", *options])
    assert "Traceback" not in result.output, result.output
    return result.exit_code, json.loads(result.output)["diagnostics"]


def _files(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def _replace(page: Path, old: str, new: str) -> None:
    text = page.read_text(encoding="utf-8")
    assert old in text, (page, old)
    page.write_text(text.replace(old, new), encoding="utf-8")


def _enum(title: str, namespace: str = "microsoft.graph") -> str:
    return (f'---\ntitle: "{title} enum type"\ndescription: "x"\ndoc_type: enumPageType\n---\n\n'
            f"# {title} enum type\n\nNamespace: {namespace}\n\nA state.\n\n## Members\n"
            "|Member|Description|\n|:---|:---|\n|on|On.|\n|off|Off.|\n")


def _edits(docs: Path):
    res, api = docs / "resources", docs / "api"
    state = res / "useraccountstate.md"
    yield "enum renamed", lambda: _replace(state, "userAccountState enum type", "userAccountStatus enum type")
    yield "enum renamed by case", lambda: _replace(state, "userAccountStatus enum type", "UserAccountStatus enum type")
    yield "namespace line", lambda: _replace(state, "Namespace: microsoft.graph", "Namespace: microsoft.graph.security")
    yield "a clashing enum appears", lambda: (res / "useraccountstatus2.md").write_text(
        _enum("userAccountStatus"), encoding="utf-8")
    yield "namespace back", lambda: _replace(state, "Namespace: microsoft.graph.security", "Namespace: microsoft.graph")
    yield "the clashing enum goes", lambda: (res / "useraccountstatus2.md").unlink()
    yield "a type moved to another page", lambda: state.rename(res / "accountstate.md")
    yield "a non-ASCII name", lambda: _replace(res / "accountstate.md", "UserAccountStatus enum type",
                                               "userAccountÉtat enum type")
    # a name whose snake_case passes naming.MODULE_NAME_MAX (long-name), then one of 39 characters
    yield "a long name", lambda: (res / "longname.md").write_text(_enum(LONG), encoding="utf-8")
    yield "a 39-character name", lambda: _replace(res / "longname.md", LONG, "aBcDeFgHiJkLmNoPqRsTuVwXyZaBcDeFgHiJkLm")
    yield "an operation page renamed", lambda: (api / "user-get.md").rename(api / "user-fetch.md")
    yield "an operation page added whose module clashes", lambda: shutil.copyfile(
        api / "user-list.md", api / "user_list.md")
    yield "the clashing operation page goes", lambda: (api / "user_list.md").unlink()
    yield "an operation page renamed by case", lambda: (api / "user-fetch.md").rename(api / "User-Fetch.md")


def test_naming_edits_in_sequence_give_the_cold_output(tmp_path: Path, monkeypatch) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(FIXTURE, docs, ignore=shutil.ignore_patterns("NOTE.txt"))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DOCGEN_CACHE_DIR", str(tmp_path / "cache"))
    warm = tmp_path / "warm"
    _generate(docs, warm)
    clashes = {}
    for what, edit in _edits(docs):
        edit()
        code, found = _generate(docs, warm)
        cold = tmp_path / "cold"
        cold_code, expected = _generate(docs, cold, "--no-cache")
        assert (code, found) == (cold_code, expected), what
        assert _files(warm) == _files(cold), what
        shutil.rmtree(cold)
        clashes[what] = sorted(d["message"] for d in expected if d["code"] in ("name-clash", "long-name"))
    # the sequence makes the warnings naming stores come and go (else it would test little)
    assert clashes["a clashing enum appears"] and not clashes["the clashing enum goes"], clashes
    assert clashes["an operation page added whose module clashes"] != clashes["the clashing operation page goes"], clashes
    assert clashes["a long name"] != clashes["a 39-character name"], clashes
