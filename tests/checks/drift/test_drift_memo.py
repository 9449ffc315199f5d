"""``docgen drift`` after an edit compares again only the metadata types whose docs types changed
(docgen.pipeline.drift_cache, docgen.checks.drift.memo), and prints what ``--no-cache`` prints in
every format."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.cli.main import main
from docgen.pipeline import drift_cache

CSDL = Path(__file__).resolve().parents[2] / "fixtures" / "csdl" / "incremental.csdl.xml"
FORMATS = ("text", "json", "sarif")


def drift(fmt: str, *extra: str) -> str:
    result = CliRunner().invoke(main, ["drift", "docs", "--metadata", str(CSDL), "--format", fmt,
                                       "--min-severity", "info", *extra])
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def replace(page: Path, old: str, new: str) -> None:
    text = page.read_text(encoding="utf-8")
    assert old in text, f"{page.name} has no {old!r}"
    page.write_text(text.replace(old, new, 1), encoding="utf-8")


def type_cell(docs: Path) -> None:
    replace(docs / "resources" / "user.md", "|jobTitle|String|", "|jobTitle|Int64|")


def description(docs: Path) -> None:
    replace(docs / "resources" / "user.md", "|The SMTP address for the user.|", "|The user's SMTP address.|")


def row_added(docs: Path) -> None:
    replace(docs / "resources" / "user.md", "|jobTitle|", "|nickname|String|What the user is called.|\n|jobTitle|")


def enum_member(docs: Path) -> None:
    replace(docs / "resources" / "useraccountstate.md", "|unknownFutureValue|",
            "|locked|The account is locked after failed sign-ins.|\n|unknownFutureValue|")


def base_type(docs: Path) -> None:
    replace(docs / "resources" / "directoryobject.md", "|deletedDateTime|DateTimeOffset|",
            "|createdDateTime|DateTimeOffset|Date and time when this object was created.|\n"
            "|deletedDateTime|DateTimeOffset|")


def base_renamed(docs: Path) -> None:  # a skeleton change: every type compared again
    replace(docs / "resources" / "user.md", "[directoryObject](directoryobject.md)", "[group](group.md)")


def page_removed(docs: Path) -> None:
    (docs / "resources" / "useraccountstate.md").unlink()


# edit -> (the most metadata types compared again, whether the report must change); an edit of
# user is compared again for user and for directoryObject (whose chain holds its subtype user)
EDITS = {
    "type cell": (type_cell, 2, True),
    "description": (description, 2, False),
    "row added": (row_added, 2, True),
    "enum member": (enum_member, 1, True),
    "base type property": (base_type, None, True),
    "base renamed": (base_renamed, None, None),
    "page removed": (page_removed, None, None),
}


@pytest.mark.parametrize("kind", list(EDITS))
def test_warm_drift_after_an_edit_is_the_cold_report(incremental_tree, kind):
    edit, most, changes = EDITS[kind]
    before = {fmt: drift(fmt) for fmt in FORMATS}
    total = drift_cache.LAST[0].recompared
    assert total > 3 and drift_cache.LAST[0].reused == 0  # the first run compares every type
    edit(incremental_tree / "docs")
    warm = drift("json")
    memo = drift_cache.LAST[0]
    assert memo is not None and memo.recompared + memo.reused == total
    if most is not None:
        assert memo.recompared <= most and memo.reused == total - memo.recompared
    if kind == "base type property":  # directoryObject's chain holds user (and every subtype)
        assert 1 < memo.recompared < total
    for fmt in FORMATS:
        got = warm if fmt == "json" else drift(fmt)
        assert got == drift(fmt, "--no-cache"), f"{fmt} after the {kind} edit differs from --no-cache"
        if changes is not None:
            assert (got != before[fmt]) == changes


def test_every_edit_in_a_row_then_back(incremental_tree):
    docs = incremental_tree / "docs"
    pages = {p: p.read_bytes() for p in docs.rglob("*.md")}
    cold = drift("json")
    for edit, _, _ in EDITS.values():
        edit(docs)
        assert drift("json") == drift("json", "--no-cache")
    for page, data in pages.items():
        page.write_bytes(data)
    assert drift("json") == cold


def test_a_damaged_memo_is_not_trusted(incremental_tree, monkeypatch):
    drift("json")
    monkeypatch.setattr(drift_cache, "_stored", lambda value: None)
    type_cell(incremental_tree / "docs")
    warm = drift("json")
    assert drift_cache.LAST[0].reused == 0 and drift_cache.LAST[0].recompared > 3
    assert warm == drift("json", "--no-cache")


def test_stored_entries_of_the_wrong_shape_are_refused():
    import marshal

    from docgen.checks.drift.report import Finding
    from docgen.diagnostics import Location, Severity

    finding = Finding("property-missing-in-docs", "microsoft.graph.user", Severity.WARNING, "m",
                      property="mail", location=Location("docs/u.md", 3, 1), pattern="p")
    entries = {"microsoft.graph.user": ("d", (finding,), (("meta_properties", 2),))}
    payload = drift_cache._payload("s", entries)
    assert drift_cache._stored(payload) == ("s", entries)  # round trip, Finding for Finding
    assert drift_cache._stored(None) is None
    assert drift_cache._stored(b"not marshal") is None
    row = list(drift_cache._flat(finding))
    for index, bad in ((0, "no-such-kind"), (2, 9), (7, ("p", "1", 1)), (3, None)):
        damaged = list(row)
        damaged[index] = bad
        stored = marshal.dumps((drift_cache.FORMAT, "s", (("k", "d", (tuple(damaged),), ()),)), 2)
        assert drift_cache._stored(stored) is None, (index, bad)
    counts = marshal.dumps((drift_cache.FORMAT, "s", (("k", "d", (), (("n", "1"),)),)), 2)
    assert drift_cache._stored(counts) is None
