"""A warm generate whose output is proven current (docgen.pipeline.unchanged.proven_output) prints
what a write that found every file unchanged prints, without rendering or writing: the same
stdout, stderr and exit code as a --no-cache run, in every format and verbosity, with the
diagnostics relocated as render_files relocates them. A damaged or missing report entry, an
edited output file or a manifest not in docgen's own form sends it down the full path."""

from __future__ import annotations

import sqlite3
import time

import pytest
from click.testing import CliRunner

from docgen.cli.main import main
from docgen.pipeline import run as run_module
from docgen.pipeline.cache import DB_NAME, Cache
from docgen.pipeline.unchanged import REPORT
from docgen.write import stamps
from docgen.write.paths import MANIFEST_NAME

MODES = [[], ["--format", "json"], ["--min-severity", "info"], ["--quiet"], ["--format", "json", "--min-severity", "warning"]]


def invoke(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def _settle() -> None:
    time.sleep(stamps.FINE_MARGIN_NS / 1e9 * 2)


@pytest.fixture
def generated(incremental_tree):
    """The incremental tree generated twice (the second run stamps what the first wrote)."""
    assert invoke("generate", "docs", "-o", "gen")[0] == 0
    _settle()
    assert invoke("generate", "docs", "-o", "gen")[0] == 0
    return incremental_tree


def _no_render(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("rendered although the output is proven current")

    monkeypatch.setattr(run_module.Run, "render", refuse)
    monkeypatch.setattr("docgen.write.output.write_output", refuse)


@pytest.mark.parametrize("mode", MODES)
def test_a_proven_no_op_prints_what_a_full_run_prints(generated, monkeypatch, mode) -> None:
    full = invoke("generate", "docs", "-o", "gen", "--no-cache", *mode)
    assert full[0] == 0
    _no_render(monkeypatch)
    assert invoke("generate", "docs", "-o", "gen", *mode) == full
    assert full[1] or full[2]  # something was printed to compare


def test_diagnostics_are_relocated_when_the_root_is_not_the_working_folder(generated, monkeypatch) -> None:
    (generated / "pyproject.toml").write_text("[tool.docgen]\n", encoding="utf-8")  # the root: this folder
    (generated / "sub").mkdir()
    monkeypatch.chdir(generated / "sub")
    args = ("generate", "../docs", "-o", "../gen", "--min-severity", "info")
    json_args = ("generate", "../docs", "-o", "../gen", "--format", "json")
    assert invoke(*args)[0] == 0
    _settle()
    warm = invoke(*args)
    full, full_json = invoke(*args, "--no-cache"), invoke(*json_args, "--no-cache")
    assert "../docs/" in full[2] and '"../docs/' in full_json[1]  # relative to the working folder
    _no_render(monkeypatch)
    assert invoke(*args) == warm == full
    assert invoke(*json_args) == full_json


@pytest.mark.parametrize("damage", ["shape", "bytes", "gone", "error-row"])
def test_a_damaged_report_entry_falls_back_to_the_full_path(generated, damage) -> None:
    db = sqlite3.connect(generated / "cache" / DB_NAME)
    keys = [key for (key,) in db.execute("SELECT key FROM entries WHERE kind = ?", (REPORT,))]
    assert keys
    if damage == "bytes":
        db.execute("UPDATE entries SET payload = ? WHERE kind = ?", (b"\x00garbage", REPORT))
    elif damage == "gone":
        db.execute("DELETE FROM entries WHERE kind = ?", (REPORT,))
    db.commit()
    db.close()
    if damage in ("shape", "error-row"):
        cache = Cache(generated / "cache")
        for key in keys:
            value = (("a",),) * 5 + ((1, 2),) if damage == "shape" else (("docs/a.md",), (1,), (1,), ("x",), ("an error",), (3,))
            cache.put(REPORT, key, value)
        cache.release()
    rendered: list[bool] = []
    render = run_module.Run.render

    def counting(self, *args, **kwargs):
        rendered.append(True)
        return render(self, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(run_module.Run, "render", counting)
        got = invoke("generate", "docs", "-o", "gen", "--format", "json")
    assert rendered and got == invoke("generate", "docs", "-o", "gen", "--format", "json", "--no-cache")


@pytest.mark.parametrize("spoil", ["hand-edited", "manifest-spacing", "missing"])
def test_an_output_not_proven_current_takes_the_full_path(generated, spoil) -> None:
    out = generated / "gen"
    manifest = out / MANIFEST_NAME
    victim = sorted(out.rglob("*.py"))[2]
    if spoil == "hand-edited":
        victim.write_text(victim.read_text(encoding="utf-8") + "# mine\n", encoding="utf-8")
    elif spoil == "manifest-spacing":
        manifest.write_text(manifest.read_text(encoding="utf-8").rstrip("\n") + "\n\n", encoding="utf-8")
    else:
        victim.unlink()
    code, stdout, stderr = invoke("generate", "docs", "-o", "gen")
    if spoil == "hand-edited":
        assert code == 1 and "hand-edited" in stderr
    elif spoil == "manifest-spacing":  # the write puts the manifest back in its own form
        assert code == 0 and "0 written" in stdout
        assert not manifest.read_text(encoding="utf-8").endswith("\n\n")
    else:
        assert code == 0 and "1 written" in stdout and victim.is_file()


def test_report_columns_round_trip_through_the_cache(tmp_path) -> None:
    from docgen.diagnostics import Location, Severity, info, warning
    from docgen.pipeline.unchanged import report_columns, valid_rows

    found = [warning("a-code", "naïve \U0001f600 \"quoted\"", Location("docs/é.md", 3, 4)),
             info("b", "same twice", Location("<docgen>")), info("b", "same twice", Location("<docgen>"))]
    cache = Cache(tmp_path)
    cache.put(REPORT, "k", report_columns(found))
    rows = valid_rows(cache.get(REPORT, "k"))
    assert rows == [(d.location.path, d.location.line, d.location.col, d.code, d.message, int(d.severity))
                    for d in found]
    assert valid_rows(report_columns([])) == []
    bad_values = [
        None, (), ((),) * 5, (("a",), (1,), (1,), ("c",), ("m",), (1, 2)),  # one column longer
        (("a",), (True,), (1,), ("c",), ("m",), (1,)),  # a bool is not a line
        (("a",), (1,), (1,), ("c",), ("m",), (int(Severity.ERROR),)),  # an error is never stored
        (["a"], [1], [1], ["c"], ["m"], [1]),
    ]
    for bad in bad_values:
        assert valid_rows(bad) is None, bad


def test_the_report_is_stored_by_the_second_run_of_a_tree_and_used_by_the_third(incremental_tree, monkeypatch) -> None:
    """The first generate of a tree (the one after an edit) stores no report (it would cost every
    edit); the next generate or check of the same tree stores it, and the one after is proven."""
    db_path = incremental_tree / "cache" / DB_NAME

    def reports() -> int:
        with sqlite3.connect(db_path) as db:
            return db.execute("SELECT COUNT(*) FROM entries WHERE kind = ?", (REPORT,)).fetchone()[0]

    assert invoke("generate", "docs", "-o", "gen")[0] == 0
    assert reports() == 0
    _settle()
    second = invoke("generate", "docs", "-o", "gen")
    assert second[0] == 0 and reports() == 1
    _no_render(monkeypatch)
    assert invoke("generate", "docs", "-o", "gen") == second
