"""review5 (issue 18: branches jobindex, warmbuild, warmtail): one ``generate --watch`` process
through edits a writer makes -- a base type changed and back, two pages at once, an enum member
added, a page deleted and put back, a new page, an output file edited by hand (refused, as a cold
run of the same folder refuses) and undone -- and through its cache folder deleted between runs
leaves after each run what a ``--no-cache`` generate of the same pages into a copy
of the same output folder leaves: the same files, diagnostics and exit status."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from click.testing import CliRunner

from docgen.cli import watch
from docgen.cli.main import main
from test_watch_sequence import _replace

USER = Path("docs/resources/user.md")
STATE = Path("docs/resources/useraccountstate.md")
DIROBJ = Path("docs/resources/directoryobject.md")
PHOTO = Path("docs/resources/profilephoto.md")




def _both(*steps):
    def step() -> None:
        for s in steps:
            s()
    return step


_saved: dict[str, str] = {}


def _delete(path: Path):
    def step() -> None:
        _saved[str(path)] = path.read_text(encoding="utf-8")
        path.unlink()
    return step


def _restore(path: Path):
    def step() -> None:
        path.write_text(_saved[str(path)], encoding="utf-8")
    return step


def _new_page() -> None:
    Path("docs/resources/extra.md").write_text(
        DIROBJ.read_text(encoding="utf-8").replace("directoryObject", "extraThing"), encoding="utf-8")


def _hand_edit() -> None:
    p = Path("out/models/user.py")
    p.write_text(p.read_text(encoding="utf-8") + "# mine\n", encoding="utf-8")


def _hand_undo() -> None:
    p = Path("out/models/user.py")
    p.write_text(p.read_text(encoding="utf-8").replace("# mine\n", ""), encoding="utf-8")


STEPS = [
    ("base changed", _replace(USER, "Inherits from [directoryObject](directoryobject.md).",
                              "Inherits from [group](group.md).")),
    ("base back", _replace(USER, "Inherits from [group](group.md).",
                           "Inherits from [directoryObject](directoryobject.md).")),
    ("two pages", _both(_replace(USER, "|mail|String|", "|mail|Int32|"), _replace(DIROBJ, "|id|String|", "|id|Guid|"))),
    ("enum member added", _replace(STATE, "|enabled|The account can sign in.|\n",
                                   "|enabled|The account can sign in.|\n|locked|Locked.|\n")),
    ("page deleted", _delete(PHOTO)),
    ("page back", _restore(PHOTO)),
    ("page added", _new_page),
    ("base description", _replace(DIROBJ, "Date and time when this object was deleted.", "When deleted.")),
    ("output edited by hand", _both(_hand_edit, _replace(USER, "The user's job title.", "The title."))),
    ("hand edit undone", _both(_hand_undo, _replace(USER, "The title.", "The user's job title."))),
    ("two pages back", _both(_replace(USER, "|mail|Int32|", "|mail|String|"), _replace(DIROBJ, "|id|Guid|", "|id|String|"))),
]


def _cache_deleted() -> None:
    shutil.rmtree(os.environ["DOCGEN_CACHE_DIR"])


CACHE_STEPS = [
    ("description", _replace(USER, "The user's job title.", "The title.")),
    ("type cell", _replace(USER, "|jobTitle|String|", "|jobTitle|Int64|")),
    ("base edited", _replace(DIROBJ, "|id|String|", "|id|Guid|")),
    ("description again", _replace(USER, "The title.", "The title 4.")),
    ("cache folder deleted", _both(_cache_deleted, _replace(USER, "The title 4.", "The job title."))),
    ("cache folder deleted, base edited", _both(_cache_deleted, _replace(DIROBJ, "|id|Guid|", "|id|String|"))),
    ("enum edited", _replace(STATE, "|disabled|The account cannot sign in.|\n", "")),
]


def test_a_watching_generate_whose_cache_folder_is_deleted_matches_a_cold_run(
    incremental_tree: Path, monkeypatch
) -> None:
    _watch(incremental_tree, monkeypatch, CACHE_STEPS, refused=0)


def test_a_watching_generate_matches_a_cold_run_of_the_same_folder(incremental_tree: Path, monkeypatch) -> None:
    _watch(incremental_tree, monkeypatch, STEPS, refused=1)


def _watch(incremental_tree: Path, monkeypatch, STEPS: list, refused: int) -> None:
    outputs: list[dict[str, bytes]] = []
    cold_runs: list[tuple[dict[str, bytes], list, int]] = []
    out = incremental_tree / "out"
    twin_root = incremental_tree / "twin"

    def tree(folder: Path) -> dict[str, bytes]:
        return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}

    def before() -> None:  # a copy of the folder as the next run finds it, with the same pages
        shutil.rmtree(twin_root, ignore_errors=True)
        twin_root.mkdir()
        shutil.copytree(incremental_tree / "docs", twin_root / "docs")
        if out.exists():
            shutil.copytree(out, twin_root / "out")

    def snapshot() -> None:  # the output of the run just made, and a cold run of the same folder
        outputs.append(tree(out))
        here = Path.cwd()
        monkeypatch.chdir(twin_root)
        result = CliRunner().invoke(main, ["generate", "docs", "-o", "out", "--no-cache", "--format", "json",
                                           "--min-severity", "info"])
        monkeypatch.chdir(here)
        cold_runs.append((tree(twin_root / "out"), json.loads(result.stdout)["diagnostics"], result.exit_code))

    pending: list = [None]  # the first wait: after run 1
    for _, step in STEPS:
        pending += [snapshot, _both(step, before), None]
    pending += [snapshot]
    before()  # (the first run: an empty folder)

    idle = [0]

    def fake_sleep(seconds: float) -> None:
        if pending:
            step = pending.pop(0)
            if step is not None:
                step()
            return
        idle[0] += 1
        if idle[0] > 200:  # a step that started no run: stop the watch
            raise KeyboardInterrupt

    monkeypatch.setattr(watch, "SLEEP", fake_sleep)
    result = CliRunner().invoke(main, ["generate", "docs", "-o", "out", "--watch", "--interval", "50",
                                       "--max-runs", str(len(STEPS) + 1), "--format", "json",
                                       "--min-severity", "info"])
    assert "Traceback" not in result.output + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    runs = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert len(runs) == len(STEPS) + 1, result.stdout[-2000:]
    assert len(outputs) >= len(STEPS), (len(outputs), result.stderr)
    for i, ((files, diagnostics, code), made) in enumerate(zip(cold_runs, outputs)):
        what = "start" if i == 0 else STEPS[i - 1][0]
        assert made == files, what
        assert runs[i]["diagnostics"] == diagnostics, what
        assert runs[i]["ok"] == (code == 0), what
    assert [code for _, _, code in cold_runs].count(1) == refused  # (the run after a hand edit refuses)
