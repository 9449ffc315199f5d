"""Edits that may add or remove a model diagnostic without retyping or
renaming a row or adding enum members (the patch compares the model's diagnostics
back only then: docgen/resolve/patch.py ``touched``). Each edit is made in turn over one cache and
one output folder; after each, a warm ``generate`` must give the ``--no-cache`` run's exit status,
JSON diagnostics (info included) and files, and a warm ``lint`` the ``--no-cache`` lint's.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "pipeline"))
from test_incremental_model import tree  # noqa: E402, F401 - the fixture

from docgen.cli.main import main  # noqa: E402


def _run(command: str, docs: Path, *options: str) -> tuple[int, list]:
    result = CliRunner().invoke(main, [command, str(docs), "--format", "json", "--min-severity", "info", *options])
    assert "Traceback" not in result.output, result.output
    return result.exit_code, json.loads(result.output).get("diagnostics") or json.loads(result.output)


def _files(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def _replace(page: Path, old: str, new: str) -> None:
    text = page.read_text(encoding="utf-8")
    assert old in text, (page, old)
    page.write_text(text.replace(old, new, 1), encoding="utf-8")


def _edits(docs: Path):
    widget, part, entity = (docs / "resources" / f"{n}.md" for n in ("widget", "part", "entity"))
    yield "a description made a placeholder", lambda: _replace(widget, "The widget's display name.", "TODO")
    yield "an empty description", lambda: _replace(widget, "| The widget's size in millimetres. |", "|  |")
    yield "the listed enum values changed", lambda: _replace(
        widget, "The possible values are: `red`, `blue`, `unknownFutureValue`.",
        "The possible values are: `red`, `green`, `unknownFutureValue`.")
    yield "the listed enum values put back", lambda: _replace(
        widget, "`red`, `green`, `unknownFutureValue`", "`red`, `blue`, `unknownFutureValue`")
    yield "an enum member removed", lambda: _replace(widget, "| blue | A blue widget. |\n", "")
    yield "the enum member back", lambda: _replace(widget, "| red | A red widget. |\n",
                                                   "| red | A red widget. |\n| blue | A blue widget. |\n")
    yield "a duplicate row", lambda: _replace(widget, "| name | String | TODO |\n",
                                              "| name | String | TODO |\n"
                                              "| name | String | TODO |\n")
    yield "the duplicate row gone", lambda: _replace(widget, "| name | String | TODO |\n", "")
    yield "an Inherited from row naming another type", lambda: _replace(
        widget, "Inherited from [entity](entity.md).", "Inherited from [part](part.md).")
    yield "an Inherited from row's link broken", lambda: _replace(
        widget, "Inherited from [part](part.md).", "Inherited from [entity](entiti.md).")
    yield "the Inherited from row put back", lambda: _replace(
        widget, "Inherited from [entity](entiti.md).", "Inherited from [entity](entity.md).")
    yield "a link to a missing page", lambda: _replace(part, "The part's label.", "The part's [label](label.md).")
    yield "the link fixed", lambda: _replace(part, "[label](label.md)", "[label](widget.md)")
    yield "a base type's row described as inherited", lambda: _replace(
        entity, "| The unique identifier. Read-only. |", "| The unique identifier. Inherited from [part](part.md). |")
    yield "a JSON key dropped from the representation", lambda: _replace(widget, '  "size": "Int32"\n', "")
    yield "a JSON key typed otherwise", lambda: _replace(part, '"weight": "Double"', '"weight": "String"')


def test_diagnostic_edits_in_sequence_give_the_cold_diagnostics(tree: Path) -> None:  # noqa: F811
    warm = tree.parent / "warm"
    _run("generate", tree, "--output", str(warm), "--jobs", "1")
    _run("lint", tree)
    changed = 0
    for what, edit in _edits(tree):
        before = _run("generate", tree, "--output", str(tree.parent / "before"), "--no-cache")
        edit()
        found = _run("generate", tree, "--output", str(warm), "--jobs", "1")
        cold = tree.parent / f"cold-{changed}"
        expected = _run("generate", tree, "--output", str(cold), "--no-cache")
        assert found == expected, what
        assert _files(warm) == _files(cold), what
        assert _run("lint", tree) == _run("lint", tree, "--no-cache"), what
        changed += before != expected
    assert changed >= 8  # most edits add or remove a diagnostic (else this tests little)
