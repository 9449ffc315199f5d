"""docgen lint through the real parser: per code, a page set that triggers it and one that does not.

``tests/fixtures/lint/<code>/{bad,good}/`` hold excerpts of real Graph pages (each names its source
and what was edited); ``tests/fixtures/lint/shared/`` holds the resource pages they all lean on. A
case is the shared pages overlaid with the case's own, parsed from a scratch folder.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from docgen.checks.lint.core import CODES, lint
from docgen.diagnostics import Diagnostic
from docgen.pipeline.build import build_model

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "lint"
CASES = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir() and p.name != "shared")
GET_PAGE = "api/calendarpermission-get.md"


def lay_out(tmp_path: Path, code: str, variant: str) -> Path:
    """The shared pages overlaid with ``<code>/<variant>/`` in a scratch folder."""
    root = tmp_path / variant
    shutil.copytree(FIXTURES / "shared", root)
    shutil.copytree(FIXTURES / code / variant, root, dirs_exist_ok=True)
    return root


def run(root: Path, **kw) -> list[Diagnostic]:
    return lint(build_model([root], jobs=1), **kw)


def line_of(path: Path, needle: str) -> int:
    """1-based number of the first line of ``path`` holding ``needle``."""
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in text:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def test_every_code_has_a_case():
    # lint-ignore-unknown is exercised by the suppression tests below.
    assert set(CODES) - {"lint-ignore-unknown"} == set(CASES)


@pytest.mark.parametrize("code", CASES)
def test_bad_case_raises_its_code_and_nothing_else(code, tmp_path):
    found = run(lay_out(tmp_path, code, "bad"))
    assert found, f"{code}: nothing found"
    assert {d.code for d in found} == {code}, [d.format() for d in found]
    assert all(d.severity == CODES[code][0] for d in found)


@pytest.mark.parametrize("code", CASES)
def test_good_case_is_clean(code, tmp_path):
    found = run(lay_out(tmp_path, code, "good"))
    assert found == [], [d.format() for d in found]


@pytest.mark.parametrize(
    "code, page, needle",
    [
        ("example-property-unknown", GET_PAGE, '"isRemoveable"'),
        ("example-value-type", GET_PAGE, '"isRemovable": "true"'),
        ("enum-value-unknown", GET_PAGE, '"role": "writer"'),
        ("namespace-mismatch", GET_PAGE, "Microsoft.OutlookServices"),
        ("namespace-mismatch", "resources/calendarpermission.md", "```json"),
        ("invalid-json", GET_PAGE, '"name": "My Organization",'),
        ("table-row-missing", "resources/calendarpermission.md", '"canShare"'),
        ("representation-row-missing", "resources/calendarpermission.md", "|isRemovable|"),
    ],
)
def test_findings_point_at_the_offending_line(code, page, needle, tmp_path):
    root = lay_out(tmp_path, code, "bad")
    found = [d for d in run(root) if d.code == code and Path(d.location.path).resolve() == (root / page).resolve()]
    assert len(found) == 1
    assert found[0].location.line == line_of(root / page, needle)


def test_messages_name_property_type_and_value(tmp_path):
    (value_type,) = run(lay_out(tmp_path, "example-value-type", "bad"))
    assert "`isRemovable`" in value_type.message and "Edm.Boolean" in value_type.message
    (enum,) = run(lay_out(tmp_path / "e", "enum-value-unknown", "bad"))
    assert "`writer`" in enum.message and "microsoft.graph.calendarRoleType" in enum.message


def _prepend_to_front_matter(page: Path, line: str) -> None:
    text = page.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    page.write_text("---\n" + line + "\n" + text[4:], encoding="utf-8")


def test_front_matter_suppresses_codes_on_its_page(tmp_path):
    root = lay_out(tmp_path, "example-property-unknown", "bad")
    _prepend_to_front_matter(root / GET_PAGE, "docgen-lint-ignore: example-property-unknown, invalid-json")
    assert run(root) == []


def test_html_comment_suppresses_codes_and_unknown_codes_are_reported(tmp_path):
    root = lay_out(tmp_path, "invalid-json", "bad")
    page = root / GET_PAGE
    page.write_text(
        page.read_text(encoding="utf-8") + "\n<!-- docgen-lint-disable: invalid-json, no-such-check -->\n",
        encoding="utf-8",
    )
    found = run(root)
    assert [d.code for d in found] == ["lint-ignore-unknown"]
    assert "no-such-check" in found[0].message
    assert found[0].location.line == line_of(page, "docgen-lint-disable")


def test_suppression_is_per_page_and_ignore_is_global(tmp_path):
    root = lay_out(tmp_path, "duplicate-example-name", "bad")
    first = run(root)
    assert len(first) == 1
    _prepend_to_front_matter(Path(first[0].location.path), "docgen-lint-ignore: duplicate-example-name")
    assert run(root) == []
    root2 = lay_out(tmp_path / "again", "duplicate-example-name", "bad")
    assert run(root2, ignore=["duplicate-example-name"]) == []
