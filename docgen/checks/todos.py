"""Placeholders left in the docs: TODO notes, "Not yet documented", empty descriptions, placeholder front matter.

A single pass over a page's lines (the text :mod:`docgen.read.source` already decoded; no Markdown
tokenizer) that tracks front matter, code fences (skipped), HTML comments (findings there are
*hidden*: a reader never sees them), headings (the section) and pipe tables (the row's property
name and which column is the description). Each finding gets a category:

* ``metadata`` — in the front matter;
* ``permissions`` — in a permissions section or table;
* ``description`` — a description cell or a "Not yet documented"/"Add description" text;
* ``instructions`` — a TODO note to the writer outside a table (``**TODO: Remove properties …**``);
* ``other`` — a TODO in a table cell that is not a description (a type or name column).
"""

from __future__ import annotations

import re
from collections import Counter

from docgen.diagnostics import Diagnostic, Location, Severity, warning
from docgen.model.dataclass_ahead import dataclass

CATEGORIES = ("metadata", "permissions", "description", "instructions", "other")
"""Finding categories in report order."""

KINDS = {
    "todo": "TODO note",
    "not-yet-documented": "'Not yet documented'",
    "provide-description": "'PROVIDE DESCRIPTION HERE'",
    "add-description": "'Add description'",
    "empty-description": "empty description cell",
    "empty-front-matter": "empty front matter value",
}
"""What was found, by kind, with the words the report uses."""

REQUIRED_FRONT_MATTER = ("title", "description", "author", "ms.prod")
"""Front matter keys whose empty value is a placeholder left unfilled."""

_PLACEHOLDER = re.compile(
    r"(?P<todo>\*\*\s*TODO\b[^*]*\*\*|\bTODO(?:[A-Z_]+\b|\s*(?:\([^)]*\))?\s*:)(?:(?!-->)[^|\n])*)"
    r"|(?P<not_yet_documented>(?i:\bnot yet documented\b))"
    r"|(?P<provide_description>(?i:\bprovide description here\b))"
    r"|(?P<add_description>(?i:\badd description\b))"
)
_FENCE = re.compile(r"^[ \t>]*(`{3,}|~{3,})")
_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$")
_TAB_HEADING = re.compile(r"\]\(#tab/")
_DELIMITER = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_FRONT_KEY = re.compile(r"^([A-Za-z0-9_.\-]+)\s*:(.*)$")

_SECTIONS = {
    "permissions": "permissions",
    "permission": "permissions",
    "prerequisites": "permissions",
    "request body": "request body",
    "properties": "properties",
    "relationships": "relationships",
    "request headers": "request headers",
    "http request": "http request",
    "response": "response",
    "examples": "examples",
    "example": "examples",
    "optional query parameters": "query parameters",
    "query parameters": "query parameters",
    "parameters": "parameters",
    "path parameters": "parameters",
    "function parameters": "parameters",
    "json representation": "json representation",
    "methods": "methods",
}
_TABLE_SECTIONS = frozenset(
    {"permissions", "request body", "properties", "relationships", "request headers", "query parameters", "parameters"}
)


@dataclass(frozen=True)
class TodoFinding:
    """One placeholder in one page."""

    path: str
    """The page's display path."""
    line: int
    """1-based line."""
    col: int
    """1-based column of the placeholder's first character."""
    kind: str
    """What was found (a key of :data:`KINDS`)."""
    category: str
    """One of :data:`CATEGORIES`."""
    section: str
    """``front matter``, ``introduction``, ``permissions``, ``request body``, ``properties`` … (lower case)."""
    property: str | None
    """The table row's first cell (property, parameter or permission type) or front matter key."""
    visible: bool
    """False when the placeholder sits inside an HTML comment."""
    text: str
    """The placeholder as written (trimmed, at most 200 characters)."""

    def message(self) -> str:
        """One line for a human."""
        where = self.section + (f", {self.property!r}" if self.property else "")
        hidden = "" if self.visible else ", hidden in an HTML comment"
        excerpt = f": {self.text[:100]}" if self.text else ""
        return f"{KINDS[self.kind]} ({where}{hidden}){excerpt}"

    def to_diagnostic(self) -> Diagnostic:
        """The finding as a ``todo-<category>`` warning."""
        return warning(f"todo-{self.category}", self.message(), Location(self.path, self.line, self.col))

    def to_json(self) -> dict:
        """The finding as a JSON object."""
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "kind": self.kind,
            "category": self.category,
            "section": self.section,
            "property": self.property,
            "visible": self.visible,
            "text": self.text,
        }


def _comment_spans(line: str, in_comment: bool) -> tuple[list[tuple[int, int, bool]], bool]:
    """Split ``line`` into (start, end, hidden) spans by HTML comments; return the state after it."""
    spans: list[tuple[int, int, bool]] = []
    pos = 0
    while pos < len(line):
        if in_comment:
            end = line.find("-->", pos)
            if end < 0:
                spans.append((pos, len(line), True))
                break
            spans.append((pos, end, True))
            pos, in_comment = end + 3, False
        else:
            start = line.find("<!--", pos)
            if start < 0:
                spans.append((pos, len(line), False))
                break
            spans.append((pos, start, False))
            pos, in_comment = start + 4, True
    return spans, in_comment


def _cells(line: str) -> list[tuple[int, str]]:
    """(start offset, text) of each cell of a pipe-table row, outer pipes dropped."""
    cells: list[tuple[int, str]] = []
    start = 0
    for match in _CELL_SPLIT.finditer(line):
        cells.append((start, line[start : match.start()]))
        start = match.end()
    cells.append((start, line[start:]))
    if cells and not cells[0][1].strip():
        cells = cells[1:]
    if cells and not cells[-1][1].strip():
        cells = cells[:-1]
    return cells


def _plain(cell: str) -> str:
    """A cell's text without links, emphasis or code marks."""
    return _LINK.sub(r"\1", cell).replace("**", "").replace("`", "").replace("\\", "").strip().strip("*_").strip()


def _group_row(cells: list[tuple[int, str]]) -> bool:
    """A row that only names a group (``| **Open extensions** | | |`` in methods tables)."""
    first = cells[0][1].strip() if cells else ""
    bold = len(first) > 4 and first.startswith("**") and first.endswith("**")
    return bold and not any(_plain(cell) for _, cell in cells[1:])


def _section_of(level: int, title: str, current: str) -> str:
    """The section a heading opens (deeper headings only switch to known table-bearing sections)."""
    name = " ".join(_plain(title).lower().rstrip(":.").split())
    canonical = _SECTIONS.get(name)
    if level == 1:
        return "introduction"
    if level == 2:
        return canonical or name[:60]
    return canonical if canonical in _TABLE_SECTIONS else current


@dataclass
class _Table:
    """The pipe table being read (mutable scanner state, never returned)."""

    description_col: int | None
    permissions: bool


def _kind(match: re.Match) -> str:
    return match.lastgroup.replace("_", "-")


def _category(kind: str, section: str, table: _Table | None, cell_index: int | None) -> str:
    if section == "permissions" or (table is not None and table.permissions):
        return "permissions"
    if table is not None and cell_index is not None:
        if cell_index == table.description_col or kind != "todo":
            return "description"
        return "other"
    return "instructions" if kind == "todo" else "description"


def _front_matter(lines: list[str], path: str) -> tuple[list[TodoFinding], int]:
    """Findings in the front matter and the index of the first line after it."""
    if not lines or lines[0].strip() != "---":
        return [], 0
    findings: list[TodoFinding] = []
    for index in range(1, len(lines)):
        line = lines[index]
        if line.strip() in ("---", "..."):
            return findings, index + 1
        key_match = _FRONT_KEY.match(line)
        if not key_match:
            continue
        key, value = key_match.group(1), key_match.group(2)
        found = False
        for match in _PLACEHOLDER.finditer(line, key_match.start(2)):
            found = True
            findings.append(
                TodoFinding(path, index + 1, match.start() + 1, _kind(match), "metadata", "front matter", key,
                            True, match.group().strip()[:200])
            )
        if not found and key.lower() in REQUIRED_FRONT_MATTER and value.strip().strip("'\"").strip() == "":
            col = key_match.start(2) + len(value) - len(value.lstrip()) + 1
            findings.append(
                TodoFinding(path, index + 1, col, "empty-front-matter", "metadata", "front matter", key, True, value.strip())
            )
    return [], 0  # an unterminated block is not front matter


def scan_page(text: str, path: str) -> list[TodoFinding]:
    """Every placeholder in one page's text, in page order."""
    lines = text.split("\n")
    findings, start = _front_matter(lines, path)
    section = "introduction"
    fence: str | None = None
    in_comment = False
    table: _Table | None = None
    previous = ""
    for index in range(start, len(lines)):
        line = lines[index]
        number = index + 1
        if fence is not None:
            stripped = line.lstrip(" \t>")
            if stripped.startswith(fence) and not stripped.strip().strip(fence[0]):
                fence = None
            continue
        if not in_comment:
            fence_match = _FENCE.match(line)
            if fence_match:
                fence, table = fence_match.group(1), None
                previous = ""
                continue
            heading = _HEADING.match(line)
            if heading and not (len(heading.group(1)) == 1 and _TAB_HEADING.search(line)):
                section = _section_of(len(heading.group(1)), heading.group(2), section)
                table, previous = None, ""
                continue
        spans, next_comment = _comment_spans(line, in_comment)
        if not in_comment and "|" in line and "|" in previous and _DELIMITER.match(line):
            header = [_plain(cell).lower() for _, cell in _cells(previous)]
            description_col = next((i for i, h in enumerate(header) if h.startswith("description")), None)
            permissions = any(h.startswith("permission") for h in header)
            table = _Table(description_col, permissions)
            in_comment, previous = next_comment, line
            continue
        if table is not None and ("|" not in line or not line.strip()):
            table = None
        cells = _cells(line) if table is not None else []
        row_name = _plain(cells[0][1]) or None if cells else None
        for match in _PLACEHOLDER.finditer(line):
            hidden = next((h for s, e, h in spans if s <= match.start() < e), in_comment)
            cell_index = next((i for i, (s, _) in reversed(list(enumerate(cells))) if s <= match.start()), None)
            kind = _kind(match)
            findings.append(
                TodoFinding(path, number, match.start() + 1, kind, _category(kind, section, table, cell_index),
                            section, row_name if cells else None, not hidden, match.group().strip()[:200])
            )
        if table is not None and table.description_col is not None and not in_comment and row_name and not _group_row(cells):
            col = table.description_col
            if col >= len(cells) or not _plain(cells[col][1]):
                offset = cells[col][0] if col < len(cells) else len(line)
                findings.append(
                    TodoFinding(path, number, offset + 1, "empty-description", "description", section,
                                row_name, True, "")
                )
        in_comment, previous = next_comment, line
    return findings


@dataclass(frozen=True)
class TodoReport:
    """Every finding of a ``docgen todos`` run, with its summary."""

    findings: tuple[TodoFinding, ...]
    """Sorted by path, line, column."""
    pages: int
    """How many pages were scanned."""

    @classmethod
    def of(cls, findings, pages: int) -> TodoReport:
        """Sort ``findings`` and wrap them."""
        ordered = sorted(findings, key=lambda f: (f.path, f.line, f.col, f.kind))
        return cls(tuple(ordered), pages)

    def summary(self) -> dict:
        """Counts: total, visible, hidden, pages with findings, per category, section and kind."""
        by_category = Counter(f.category for f in self.findings)
        return {
            "total": len(self.findings),
            "visible": sum(f.visible for f in self.findings),
            "hidden": sum(not f.visible for f in self.findings),
            "pages_scanned": self.pages,
            "pages_with_findings": len({f.path for f in self.findings}),
            "by_category": {c: by_category.get(c, 0) for c in CATEGORIES},
            "by_section": dict(sorted(Counter(f.section for f in self.findings).items())),
            "by_kind": dict(sorted(Counter(f.kind for f in self.findings).items())),
        }

    def to_json(self) -> dict:
        """``{"findings": […], "summary": {…}}``."""
        return {"findings": [f.to_json() for f in self.findings], "summary": self.summary()}

    def diagnostics(self) -> list[Diagnostic]:
        """The findings as diagnostics (for github and sarif output)."""
        return [f.to_diagnostic() for f in self.findings]

    @staticmethod
    def rules() -> dict[str, tuple[Severity, str, str]]:
        """SARIF rules, one per category: (fixed level: warning, short and full description)."""
        described = {
            "todo-metadata": ("Placeholder or empty value in the page's front matter", "Fill the value in."),
            "todo-permissions": (
                "Permissions table still holds a placeholder",
                "List the least-privileged permissions for each permission type, or \"Not supported.\".",
            ),
            "todo-description": (
                "Missing description: placeholder text or an empty description cell",
                "Write the description.",
            ),
            "todo-instructions": ("A TODO note to the writer is still in the page", "Do what it says, then delete the note."),
            "todo-other": ("A placeholder in a table cell that is not a description", "Fill the cell in."),
        }
        return {code: (Severity.WARNING, short, f"{short}. {fix}") for code, (short, fix) in described.items()}

    def fails(self, threshold: str | int) -> bool:
        """Whether ``--fail-on`` is met: ``visible``, ``any``, ``never`` or a count."""
        if threshold == "never":
            return False
        if threshold == "any":
            return bool(self.findings)
        if threshold == "visible":
            return any(f.visible for f in self.findings)
        return len(self.findings) >= int(threshold)

    def to_text(self) -> str:
        """Findings grouped by file, then summary tables per category and per section."""
        out: list[str] = []
        current = None
        for finding in self.findings:
            if finding.path != current:
                if current is not None:
                    out.append("")
                current = finding.path
                out.append(current)
            out.append("  " + finding.to_diagnostic().format())
        summary = self.summary()
        if out:
            out.append("")
        out.append(
            f"{summary['total']} placeholder(s) in {summary['pages_with_findings']} of {self.pages} page(s): "
            f"{summary['visible']} visible, {summary['hidden']} hidden in HTML comments"
        )
        for title, counts in (("category", summary["by_category"]), ("section", summary["by_section"])):
            if not counts:
                continue
            width = max(len(title), *(len(k) for k in counts))
            out.append("")
            out.append(f"{title:<{width}}  count")
            out.append(f"{'-' * width}  -----")
            out.extend(f"{name:<{width}}  {count:>5}" for name, count in counts.items())
        return "\n".join(out) + "\n"
