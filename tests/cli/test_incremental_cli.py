"""Incremental runs against cold ones, through the command line (issue 18's guard).

A warm ``docgen generate`` (cache and previous output in place) after an edit must leave the
output folder byte for byte as a ``--no-cache`` run into an empty folder does; ``lint --format
json`` and ``model --format json`` must print what their ``--no-cache`` runs print. Each edit kind
docgen reads differently is tried: a resource page's type cell and description, an enum member,
an API page, a base type's property, a page added and a page removed — one at a time from the same
warm start, and all in a row on one cache. The corpus variant makes three edits on a copy of the
v1.0 pages (skipped without ``$DOCGEN_CORPUS``).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.cli.main import main



def invoke(*args: str | Path):
    return CliRunner().invoke(main, [str(a) for a in args])


def files_of(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by its relative path, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_same_files(warm: Path, cold: Path) -> None:
    got, want = files_of(warm), files_of(cold)
    assert sorted(got) == sorted(want), (
        f"only after the incremental run: {sorted(set(got) - set(want))}; "
        f"only after the cold run: {sorted(set(want) - set(got))}"
    )
    differing = [name for name in want if got[name] != want[name]]
    assert not differing, f"incremental output differs from the cold run's in: {differing}"


def replace(page: Path, old: str, new: str) -> None:
    text = page.read_text(encoding="utf-8")
    assert old in text, f"{page.name} has no {old!r}"  # the edit must change the page
    page.write_text(text.replace(old, new, 1), encoding="utf-8")


def edit_row(page: Path, start: str, old: str, new: str) -> None:
    """In the table row of ``page`` starting ``start``, the first ``old`` becomes ``new``."""
    lines = page.read_text(encoding="utf-8").split("\n")
    rows = [i for i, line in enumerate(lines) if line.startswith(start) and old in line]
    assert rows, f"{page.name} has no row starting {start!r} holding {old!r}"
    lines[rows[0]] = lines[rows[0]].replace(old, new, 1)
    page.write_text("\n".join(lines), encoding="utf-8")


# ---------------------------------------------------------------- the edits


def type_cell(docs: Path) -> None:
    replace(docs / "resources" / "user.md", "|jobTitle|String|", "|jobTitle|Int64|")


def row_added(docs: Path) -> None:
    replace(docs / "resources" / "user.md", "|jobTitle|", "|nickname|String|What the user is called.|\n|jobTitle|")


def description(docs: Path) -> None:
    replace(docs / "resources" / "user.md", "|The SMTP address for the user.|", "|The user's SMTP address.|")


def enum_member(docs: Path) -> None:
    replace(docs / "resources" / "useraccountstate.md", "|unknownFutureValue|",
            "|locked|The account is locked after failed sign-ins.|\n|unknownFutureValue|")


def api_page(docs: Path) -> None:
    page = docs / "api" / "user-update.md"
    replace(page, "|officeLocation|String|The office location.|\n",
            "|officeLocation|String|The office location.|\n|mail|String|The SMTP address.|\n")
    replace(page, '"officeLocation": null\n', '"officeLocation": null,\n  "mail": "u1@contoso.com"\n')


def base_type(docs: Path) -> None:
    replace(docs / "resources" / "directoryobject.md", "|deletedDateTime|DateTimeOffset|",
            "|createdDateTime|DateTimeOffset|Date and time when this object was created.|\n"
            "|deletedDateTime|DateTimeOffset|")


def page_added(docs: Path) -> None:
    (docs / "resources" / "device.md").write_text(
        '---\ntitle: "device resource type"\ndescription: "Represents a registered device."\n'
        "doc_type: resourcePageType\n---\n\n# device resource type\n\nNamespace: microsoft.graph\n\n"
        "Represents a registered device. Inherits from [directoryObject](directoryobject.md).\n\n"
        "## Properties\n| Property | Type | Description |\n|:---------|:-----|:------------|\n"
        "|displayName|String|The name of the device.|\n|accountEnabled|Boolean|Whether the device is enabled.|\n",
        encoding="utf-8",
    )


def page_removed(docs: Path) -> None:
    (docs / "api" / "user-delete.md").unlink()


EDITS: dict[str, Callable[[Path], None]] = {
    "resource type cell": type_cell,
    "resource description": description,
    "resource row added": row_added,
    "enum member": enum_member,
    "API page": api_page,
    "base type property": base_type,
    "page added": page_added,
    "page removed": page_removed,
}


# ---------------------------------------------------------------- comparing


@pytest.fixture
def tree(incremental_tree):
    """A copy of the fixture pages as ``docs/`` in a project folder (the CWD), its own cache."""
    return incremental_tree


def generate(out: str, *extra: str) -> None:
    result = invoke("generate", "docs", "-o", out, *extra)
    assert result.exit_code == 0, result.output


def printed(command: str, *extra: str) -> dict:
    """``docgen COMMAND docs --format json`` (exit 0 or 1: findings are not failures here)."""
    result = invoke(command, "docs", "--format", "json", *extra)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


CSDL = Path(__file__).resolve().parents[1] / "fixtures" / "csdl" / "incremental.csdl.xml"
"""Metadata for the fixture pages (user, directoryObject, userAccountState)."""


def drifted(*extra: str, metadata: str | Path = CSDL) -> dict:
    """``docgen drift docs --metadata METADATA --format json`` (exit 0 or 1)."""
    result = invoke("drift", "docs", "--metadata", metadata, "--format", "json", *extra)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def assert_incremental_is_cold(root: Path, label: str) -> None:
    """``warm/`` (generated incrementally) equals a cold ``--no-cache`` run; so do lint and model."""
    cold = root / f"cold-{label}"
    generate(str(cold), "--no-cache")
    assert_same_files(root / "warm", cold)
    assert invoke("check", "docs", "-o", "warm").exit_code == 0
    for command in ("lint", "model"):
        warm_json = printed(command)
        assert warm_json == printed(command, "--no-cache"), f"{command} after {label}: warm differs from cold"
    assert drifted() == drifted("--no-cache"), f"drift after {label}: warm differs from cold"


@pytest.mark.parametrize("kind", list(EDITS))
def test_one_edit_regenerates_as_a_cold_run(tree, kind):
    generate("warm")
    printed("lint"), printed("model")  # warm the lint and model entries too
    before = files_of(tree / "warm")
    EDITS[kind](tree / "docs")
    generate("warm")
    assert files_of(tree / "warm") != before, f"the {kind} edit changed no generated file: it tests nothing"
    assert_incremental_is_cold(tree, "edit")


def test_every_edit_in_a_row_on_one_cache(tree):
    generate("warm")
    for index, (kind, edit) in enumerate(EDITS.items()):
        edit(tree / "docs")
        generate("warm")
        assert_incremental_is_cold(tree, str(index))


def test_the_lint_findings_follow_the_edits(tree):
    """The lint comparison compares something: an edit docgen's lint reads changes its findings
    (typing jobTitle Int64 makes the get and list examples' job titles strings where the table
    says a number)."""
    before = printed("lint")["diagnostics"]
    type_cell(tree / "docs")
    after = printed("lint")["diagnostics"]
    assert after != before
    assert after == printed("lint", "--no-cache")["diagnostics"]


def test_drift_is_compared_once_per_tree_and_metadata(tree, monkeypatch):
    """An unchanged tree and metadata file are compared once; an edit to a page or to the
    metadata's bytes is compared again and prints what a ``--no-cache`` run prints."""
    from docgen.checks.drift import compare as drift_compare

    calls = []
    real = drift_compare.compare
    monkeypatch.setattr(drift_compare, "compare", lambda *args: calls.append(1) or real(*args))
    metadata = tree / "meta.csdl.xml"
    metadata.write_bytes(CSDL.read_bytes())
    first = drifted(metadata="meta.csdl.xml")
    assert drifted(metadata="meta.csdl.xml") == first and len(calls) == 1  # the second from the cache

    type_cell(tree / "docs")  # jobTitle: the docs say Int64, the metadata Edm.String
    after_edit = drifted(metadata="meta.csdl.xml")
    assert len(calls) == 2 and after_edit != first
    assert any(f.get("property") == "jobTitle" for f in after_edit["findings"])
    assert after_edit == drifted("--no-cache", metadata="meta.csdl.xml")

    text = metadata.read_text(encoding="utf-8")  # the metadata gains the property only the docs had
    metadata.write_text(text.replace('<Property Name="officeLocation" Type="Edm.String" />',
                                     '<Property Name="officeLocation" Type="Edm.String" />\n'
                                     '        <Property Name="mail" Type="Edm.String" />'), encoding="utf-8")
    after_metadata = drifted(metadata="meta.csdl.xml")
    assert after_metadata != after_edit
    assert not any(f.get("property") == "mail" for f in after_metadata["findings"])
    assert after_metadata == drifted("--no-cache", metadata="meta.csdl.xml")

    # the same bytes under another name: locations name the file as given, so compared again
    shutil.copy(metadata, tree / "other.csdl.xml")
    count = len(calls)
    renamed = drifted(metadata="other.csdl.xml")
    assert len(calls) == count + 1 and renamed["metadata"] != after_metadata["metadata"]


# ---------------------------------------------------------------- the corpus


def test_corpus_edits_regenerate_as_a_cold_run(corpus, tmp_path, monkeypatch):
    """Three edits on a copy of the v1.0 pages (a type cell, an enum member, an API page's request
    body row), each followed by a warm generate; then the output against a cold run."""
    docs = tmp_path / "docs"
    shutil.copytree(corpus / "graph-docs-v1.0", docs)
    monkeypatch.setenv("DOCGEN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    generate("warm")
    edit_row(docs / "resources" / "educationschool.md", "| principalName ", "String", "Int64 ")
    generate("warm")
    replace(docs / "resources" / "intune-apps-managedappavailability.md", "|lineOfBusiness|1|",
            "|partner|2|An app shared with partner tenants.|\n|lineOfBusiness|1|")
    generate("warm")
    edit_row(docs / "api" / "educationschool-update.md", "| principalName ", "String", "Int64 ")
    generate("warm")
    cold = tmp_path / "cold"
    generate(str(cold), "--no-cache")
    assert_same_files(tmp_path / "warm", cold)
    assert printed("model") == printed("model", "--no-cache")
