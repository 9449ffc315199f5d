"""One ``generate --watch`` process through a run of edits (the model kept in
the process between runs, its digests retained, the names stored by the render read back) leaves
after each run what a ``--no-cache`` generate writes, with its diagnostics."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from docgen.cli import watch
from docgen.cli.main import main

USER = Path("docs/resources/user.md")
STATE = Path("docs/resources/useraccountstate.md")


def _replace(path: Path, old: str, new: str):
    def step() -> None:
        text = path.read_text(encoding="utf-8")
        assert old in text, (path, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return step


STEPS = [
    ("type cell", _replace(USER, "|jobTitle|String|", "|jobTitle|Int64|")),
    ("description", _replace(USER, "The user's job title.", "The title.")),
    ("enum member removed", _replace(STATE, "|disabled|The account cannot sign in.|\n", "")),
    ("enum renamed", _replace(STATE, "userAccountState enum type", "userAccountStatus enum type")),
    ("enum renamed back", _replace(STATE, "userAccountStatus enum type", "userAccountState enum type")),
    ("row removed", _replace(USER, "|mail|String|The SMTP address for the user.|\n", "")),
    ("type cell back", _replace(USER, "|jobTitle|Int64|", "|jobTitle|String|")),
]


def test_a_watching_generate_matches_a_cold_run_after_each_edit(incremental_tree: Path, monkeypatch) -> None:
    outputs: list[dict[str, bytes]] = []
    cold_runs: list[tuple[dict[str, bytes], list]] = []
    out = incremental_tree / "out"

    def snapshot() -> None:  # the output of the run just made, and a cold run of the same pages
        outputs.append({str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()})
        cold = incremental_tree / f"cold{len(outputs)}"
        result = CliRunner().invoke(main, ["generate", "docs", "-o", str(cold), "--no-cache", "--format", "json",
                                           "--min-severity", "info"])
        cold_runs.append(({str(p.relative_to(cold)): p.read_bytes() for p in sorted(cold.rglob("*")) if p.is_file()},
                          json.loads(result.output)["diagnostics"]))
        shutil.rmtree(cold)

    pending = [None]  # the first wait: after run 1
    for _, step in STEPS:
        pending += [snapshot, step, None]
    pending += [snapshot]

    def fake_sleep(seconds: float) -> None:
        if pending:
            step = pending.pop(0)
            if step is not None:
                step()

    monkeypatch.setattr(watch, "SLEEP", fake_sleep)
    result = CliRunner().invoke(main, ["generate", "docs", "-o", "out", "--watch", "--interval", "50",
                                       "--max-runs", str(len(STEPS) + 1), "--format", "json",
                                       "--min-severity", "info"])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output + result.stderr
    runs = [json.loads(line)["diagnostics"] for line in result.stdout.splitlines() if line.startswith("{")]
    assert len(runs) == len(STEPS) + 1, result.stdout[-2000:]
    assert len(outputs) >= len(STEPS), (len(outputs), result.stderr)
    for i, ((files, diagnostics), made) in enumerate(zip(cold_runs, outputs)):
        what = "start" if i == 0 else STEPS[i - 1][0]
        assert made == files, what
        assert runs[i] == diagnostics, what
    assert len({tuple(sorted(made.items())) for made in outputs}) >= 5  # the edits changed the output
