"""Warm runs over a stored model whose heavy fields are decoded only when read (docgen.model.lazy):
the output after each edit is byte for byte the ``--no-cache`` output, the patch looks only at the
objects of the edited page (docgen.resolve.places), and a stored model damaged inside a lazy field
gives the right output or a diagnostic, never a traceback or a wrong file."""

from __future__ import annotations

import json
import marshal
import sqlite3
from contextlib import closing
from pathlib import Path

from click.testing import CliRunner
from test_incremental_model import EDITS, PATCHED, tree  # noqa: F401 - the fixture

from docgen.cli.main import main
from docgen.pipeline import lazy_data
from docgen.resolve import patch as patching


def _generate(docs: Path, out: Path, *options: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["generate", str(docs), "--output", str(out), "--format", "json",
                                       "--jobs", "1", *options])
    return result.exit_code, result.output


def _files(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def _same_as_cold(docs: Path, what: str) -> None:
    warm_code, warm = _generate(docs, docs.parent / "warm")
    cold_code, cold = _generate(docs, docs.parent / "cold", "--no-cache")
    assert "Traceback" not in warm, what
    assert warm_code == cold_code, what
    assert json.loads(warm)["diagnostics"] == json.loads(cold)["diagnostics"], what
    assert _files(docs.parent / "warm") == _files(docs.parent / "cold"), what


def _cold_or_one_clean_error(docs: Path) -> None:
    """A warm generate of ``docs`` gives what a ``--no-cache`` one gives, or first one clean
    internal error (a damaged stored model dropped: no "please report this") and the cold output
    on the run after it."""
    cold_code, cold = _generate(docs, docs.parent / "cold", "--no-cache")
    code, output = _generate(docs, docs.parent / "warm")
    assert "Traceback" not in output
    if code != cold_code or json.loads(output)["diagnostics"] != json.loads(cold)["diagnostics"]:
        assert code == 1 and "internal-error" in output and "please report this" not in output, output
        code, output = _generate(docs, docs.parent / "warm")
    assert code == cold_code, output
    assert json.loads(output)["diagnostics"] == json.loads(cold)["diagnostics"]
    assert _files(docs.parent / "warm") == _files(docs.parent / "cold")


def test_every_patched_edit_generates_the_cold_output_looking_at_its_page_only(tree: Path) -> None:  # noqa: F811
    _generate(tree, tree.parent / "warm")  # the cache is filled (a whole resolve: its places stored)
    looked = []
    for what, name, old, new, how in EDITS:
        page = tree / name
        page.write_text(page.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
        patching.LAST_NEAR[0] = -2  # stays so when no patch is made (the tree's render was answered whole)
        _same_as_cold(tree, what)
        if how == PATCHED:
            looked.append((what, patching.LAST_NEAR[0]))
    # each patch found its objects through the index of pages (never -1: every object looked at)
    assert all(count != -1 for _, count in looked), looked
    assert sum(1 for _, count in looked if count >= 1) >= len(looked) - 2, looked


def _plant(cache: Path, damage) -> None:
    """Rewrite the stored model (its digest made to match: a planted entry, not a torn one).
    ``damage(data, sealed)`` gives the model's new data; ``sealed`` rewrites a sealed field (by
    its value in the data: sealed bytes, or a reference to them in their entry, see
    docgen.pipeline.stored_model) with a function of its bytes, and gives what the data holds
    in its place then."""
    from docgen.pipeline.cache import DB_NAME, entry_digest
    from docgen.pipeline.stored_model import FIELDS

    with closing(sqlite3.connect(cache / DB_NAME)) as db, db:

        def sealed(item, change):
            if type(item) is bytes:
                return change(item)
            assert lazy_data.is_ref(item), item
            name = item[1]  # the chunk's name (the digest of what it held), the field's place in it
            (payload,) = db.execute("SELECT CAST(payload AS BLOB) FROM entries WHERE kind = ? AND key = ?",
                                    (FIELDS, name)).fetchone()
            chunk = list(marshal.loads(payload))
            chunk[item[2]] = change(chunk[item[2]])
            planted = marshal.dumps(tuple(chunk), 4)
            db.execute("UPDATE entries SET payload = ?, sha256 = ? WHERE kind = ? AND key = ?",
                       (planted, entry_digest(FIELDS, name, planted), FIELDS, name))
            return item

        rows = db.execute("SELECT key, CAST(payload AS BLOB) FROM entries WHERE kind = 'model'").fetchall()
        assert rows
        for key, payload in rows:
            data = marshal.loads(payload)
            planted = marshal.dumps(damage(data, sealed), 4)
            db.execute("UPDATE entries SET payload = ?, sha256 = ? WHERE kind = 'model' AND key = ?",
                       (planted, entry_digest("model", key, planted), key))


def _damaged_rows(only: str | None):
    """Every type's (or the type named ``only``'s) properties with a place of three fields: the
    shape of the field holds, its rows do not decode."""

    def rows_damaged(rows: bytes) -> bytes:
        return lazy_data.seal(tuple([*row[:4], ["Location", "x.md", 1], *row[5:]] for row in marshal.loads(rows)))

    def damage(data, sealed):
        types = []
        for t in data[1]:
            rows = t[7]  # sealed: the marshal bytes of the rows' data (lazy_data.seal), or where they are
            if rows and (only is None or t[1] == only):
                rows = sealed(rows, rows_damaged)
            types.append([*t[:7], rows, *t[8:]])
        return [data[0], tuple(types), *data[2:]]

    return damage


def test_a_damaged_lazy_field_the_patch_reads_gives_a_whole_resolve(tree: Path) -> None:  # noqa: F811
    _generate(tree, tree.parent / "warm")
    _plant(tree.parent / "cache", _damaged_rows(None))
    page = tree / "resources" / "widget.md"
    page.write_text(page.read_text(encoding="utf-8").replace("The widget's display name.", "The name."),
                    encoding="utf-8")
    _same_as_cold(tree, "a description edit over a damaged stored model")


def test_a_damaged_lazy_field_read_later_is_a_diagnostic(tree: Path) -> None:  # noqa: F811
    _generate(tree, tree.parent / "warm")
    _plant(tree.parent / "cache", _damaged_rows("entity"))  # not the edited page's type
    page = tree / "resources" / "part.md"
    page.write_text(page.read_text(encoding="utf-8").replace("The part's label.", "The label."), encoding="utf-8")
    before = _files(tree.parent / "warm")
    code, output = _generate(tree, tree.parent / "warm")
    cold_code, cold = _generate(tree, tree.parent / "cold", "--no-cache")
    if code == cold_code and json.loads(output)["diagnostics"] == json.loads(cold)["diagnostics"]:  # not read
        assert _files(tree.parent / "warm") == _files(tree.parent / "cold")
    else:
        assert code == 1 and "Traceback" not in output
        assert "internal-error" in output and "--no-cache" in output
        assert _files(tree.parent / "warm") == before  # nothing written from a model it could not read
        assert _generate(tree, tree.parent / "warm", "--no-cache")[0] == cold_code  # the way out it names
