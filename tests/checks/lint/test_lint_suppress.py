"""``<!-- docgen-ignore CODE -->``: one block or one line of a page, through the real parser."""

from __future__ import annotations

from pathlib import Path

from test_lint_fixtures import GET_PAGE, lay_out, line_of, run

from docgen.checks.lint.suppress import block_suppressions

RESOURCE = "resources/calendarpermission.md"


def _insert_before(page: Path, needle: str, line: str) -> None:
    """Put ``line`` on a line of its own before the first line holding ``needle``."""
    lines = page.read_text(encoding="utf-8").split("\n")
    index = next(i for i, text in enumerate(lines) if needle in text)
    page.write_text("\n".join(lines[:index] + [line] + lines[index:]), encoding="utf-8")


def _append_to_line(page: Path, needle: str, tail: str) -> None:
    lines = page.read_text(encoding="utf-8").split("\n")
    index = next(i for i, text in enumerate(lines) if needle in text)
    lines[index] += tail
    page.write_text("\n".join(lines), encoding="utf-8")


def _two_rows_missing(tmp_path: Path) -> Path:
    """representation-row-missing for `isRemovable` and, on the next row, `role`."""
    root = lay_out(tmp_path, "representation-row-missing", "bad")
    page = root / RESOURCE
    text = page.read_text(encoding="utf-8")
    page.write_text(
        text.replace(
            '  "isInsideOrganization": "boolean",\n  "role": "string"\n',
            '  "isInsideOrganization": "boolean"\n',
        ),
        encoding="utf-8",
    )
    assert sorted(d.message.split("`")[1] for d in run(root)) == ["isRemovable", "role"]
    return root


def test_a_comment_after_a_rows_last_pipe_silences_that_row_only(tmp_path):
    root = _two_rows_missing(tmp_path)
    _append_to_line(
        root / RESOURCE,
        "|isRemovable|",
        " <!-- docgen-ignore representation-row-missing -->",
    )
    found = run(root)
    assert [d.code for d in found] == ["representation-row-missing"]
    assert "`role`" in found[0].message
    assert found[0].location.line == line_of(root / RESOURCE, "|role|")


def test_a_comment_before_a_table_silences_the_whole_table(tmp_path):
    root = _two_rows_missing(tmp_path)
    _insert_before(
        root / RESOURCE,
        "| Property ",
        "<!-- docgen-ignore representation-row-missing -->",
    )
    assert run(root) == []


def test_a_comment_before_an_examples_annotation_silences_that_example(tmp_path):
    root = lay_out(tmp_path, "example-property-unknown", "bad")
    page = root / GET_PAGE
    _insert_before(
        page,
        '"blockType": "response"',
        "<!-- docgen-ignore example-property-unknown -->",
    )
    # the annotation opens on the line before its "blockType" line: move the comment above it
    lines = page.read_text(encoding="utf-8").split("\n")
    at = lines.index("<!-- docgen-ignore example-property-unknown -->")
    lines[at - 1], lines[at] = lines[at], lines[at - 1]
    page.write_text("\n".join(lines), encoding="utf-8")
    assert run(root) == []


def test_a_comment_before_another_example_silences_nothing_here(tmp_path):
    root = lay_out(tmp_path, "example-property-unknown", "bad")
    page = root / GET_PAGE
    _insert_before(
        page,
        "```msgraph-interactive",
        "<!-- docgen-ignore example-property-unknown -->",
    )
    found = run(root)
    assert [d.code for d in found] == ["example-property-unknown"]
    assert found[0].location.line == line_of(page, '"isRemoveable"')


def test_an_unknown_code_in_a_block_suppression_is_reported_and_the_known_one_works(
    tmp_path,
):
    root = _two_rows_missing(tmp_path)
    _append_to_line(
        root / RESOURCE,
        "|isRemovable|",
        " <!-- docgen-ignore representation-row-missing, row-mising -->",
    )
    found = sorted(run(root), key=lambda d: d.code)
    assert [d.code for d in found] == [
        "lint-ignore-unknown",
        "representation-row-missing",
    ]
    assert "`row-mising`" in found[0].message
    assert found[0].location.line == line_of(root / RESOURCE, "|isRemovable|")
    assert "`role`" in found[1].message


def test_block_extents():
    lines = [
        "<!-- docgen-ignore a -->",  # 1: the paragraph 2-3
        "text",
        "more text",
        "",
        "<!-- docgen-ignore b, c -->",  # 5: annotation 7-9 and fence 10-12
        "",
        "<!-- {",
        '  "blockType": "response"',
        "} -->",
        "```json",
        "<!-- docgen-ignore not-a-suppression -->",
        "```",
        "| a | b | <!-- docgen-ignore d -->",  # 13: its own line
        "| c | d |",
    ]
    found = block_suppressions("p.md", lines)
    assert [(s.codes, s.first, s.last, s.where.line) for s in found] == [
        (("a",), 2, 3, 1),
        (("b", "c"), 7, 12, 5),
        (("d",), 13, 13, 13),
    ]
    assert (
        found[1].covers("c", 11)
        and not found[1].covers("c", 13)
        and not found[1].covers("a", 11)
    )
    assert block_suppressions("p.md", ["no marker here"]) == []
