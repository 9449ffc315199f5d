"""One page -> :class:`PageModel`: decide the page's kind and dispatch to the kind's extractor.

Every page yields a type, an operation, or a diagnostic saying why not; no exception escapes
(an unexpected one becomes an ``internal-error`` diagnostic naming the page).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from docgen.diagnostics import Diagnostic, Location, error, info, warning
from docgen.extract.api_access import permissions
from docgen.extract.common import name_from_title, page_header
from docgen.extract.enums import extract_enum_page
from docgen.extract.examples import page_examples
from docgen.extract.resource import extract_resource
from docgen.model.core import Example, PageInfo
from docgen.model.page import PageLink, PageModel, PageType, QualifiedUse
from docgen.read.page import Page, Section
from docgen.read.parse import parse_page
from docgen.read.source import SourcePage
from docgen.read.typecells import normalise_target

_QUALIFIED_RE = re.compile(r"^#?(microsoft\.[\w.]+)\.([A-Za-z_]\w*)$")

KINDS = ("api", "resource", "enum", "conceptual", "include", "unknown")
"""Values of :attr:`PageInfo.kind`."""


def kind_from_doc_type(value: str | None) -> str | None:
    """``apiPageType``, ``"resourcePageType "``, ``resourcePageType_``, ``enumTypes`` … -> a kind."""
    if not value:
        return None
    text = value.strip().strip("\"'").strip().lower().rstrip("_")
    if text.startswith("api"):
        return "api"
    if text.startswith("resource"):
        return "resource"
    if text.startswith("enum"):
        return "enum"
    if text.startswith(("conceptual", "overview")):
        return "conceptual"
    return None


def kind_from_sections(sections: list[Section]) -> str | None:
    """The kind a page's sections suggest, for pages whose doc_type is missing or unknown."""
    titles = {s.title.strip().lower() for s in sections}
    if "http request" in titles or "http requests" in titles:
        return "api"
    if titles & {"properties", "relationships", "json representation"}:
        return "resource"
    if "members" in titles:
        return "enum"
    return None


def _page_kind(page: Page, sections: list[Section]) -> tuple[str, list[Diagnostic]]:
    diagnostics: list[Diagnostic] = []
    if page.front_matter.get("ms.topic", "").strip().strip("\"'").lower() == "include":
        return "include", diagnostics  # a fragment other pages include (a permissions table …)
    if not page.front_matter and "/includes/" in "/" + page.path.lower():
        return "include", diagnostics  # includes/permissions/x-permissions.md: a bare table
    raw = page.front_matter.get("doc_type")
    declared = kind_from_doc_type(raw)
    suggested = kind_from_sections(sections)
    line = page.front_matter_lines.get("doc_type", 1)
    if declared is None:
        if raw:
            message = f'unknown doc_type "{raw}"'
            diagnostics.append(warning("unknown-doc-type", message, Location(page.path, line, 1)))
        elif "doc_type" not in page.front_matter:
            diagnostics.append(info("missing-doc-type", "no doc_type in the front matter", Location(page.path, 1, 1)))
        return suggested or "unknown", diagnostics
    if declared == "resource" and suggested == "enum":
        return "enum", diagnostics
    if declared == "enum" and suggested == "resource":
        return "resource", diagnostics
    if declared == "api" and suggested in ("resource", "enum"):
        message = f'doc_type says "{raw}" but the page has no HTTP request section and reads as a {suggested} page'
        diagnostics.append(warning("doc-type-mismatch", message, Location(page.path, line, 1)))
        return suggested, diagnostics
    if declared in ("resource", "enum") and suggested == "api":
        message = f'doc_type says "{raw}" but the page has an HTTP request section; read as an API page'
        diagnostics.append(warning("doc-type-mismatch", message, Location(page.path, line, 1)))
        return "api", diagnostics
    return declared, diagnostics


def _odata_types(value: Any, depth: int = 0) -> Iterator[str]:
    if depth > 50:
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "@odata.type" and isinstance(item, str):
                yield item
            else:
                yield from _odata_types(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            yield from _odata_types(item, depth + 1)


def _value_line(page: Page, example: Example, value: str) -> Location:
    """The page line of ``value`` inside the example's fence (the fence line when not found)."""
    start = example.location.line
    quoted = '"' + value + '"'
    for offset, text in enumerate(page.lines[start : start + example.body_text.count("\n") + 50]):
        column = text.find(quoted)
        if column >= 0:
            return Location(page.path, start + 1 + offset, column + 2)
    return example.location


def _qualified_uses(page: Page, types: list[PageType], examples: list[Example], extra_refs: list) -> list[QualifiedUse]:
    uses: list[QualifiedUse] = []
    refs = list(extra_refs)
    for page_type in types:
        for prop in page_type.properties:
            refs.append(prop.ref)
            if prop.inherited_from is not None:
                refs.append(prop.inherited_from)
    for ref in refs:
        if ref is not None and not ref.primitive and _QUALIFIED_RE.match(ref.name):
            uses.append(QualifiedUse(ref.name, ref.location, "cell"))
    for example in examples:
        for value in _odata_types(example.body):
            if _QUALIFIED_RE.match(value.strip()):
                uses.append(QualifiedUse(value.strip().lstrip("#"), _value_line(page, example, value), "example"))
    return uses


def _namespace_conflicts(uses: list[QualifiedUse]) -> list[Diagnostic]:
    """Examples naming a type in another namespace than the page's cells do."""
    cells: dict[str, QualifiedUse] = {}
    for use in uses:
        if use.source == "cell":
            cells.setdefault(use.name.rpartition(".")[2].lower(), use)
    out: list[Diagnostic] = []
    reported: set[tuple[str, int]] = set()
    for use in uses:
        if use.source != "example":
            continue
        cell = cells.get(use.name.rpartition(".")[2].lower())
        if cell is None or cell.name.rpartition(".")[0] == use.name.rpartition(".")[0]:
            continue
        if (use.name, use.location.line) in reported:
            continue
        reported.add((use.name, use.location.line))
        message = f'example says "{use.name}" but the table says "{cell.name}" (line {cell.location.line})'
        out.append(warning("namespace-mismatch", message, use.location))
    return out


def _link_location(page: Page, inline, text: str, cursor: tuple[int, int]) -> tuple[Location, tuple[int, int]]:
    """Where ``[text`` is written, searching the inline run's lines from ``cursor`` (line, index)."""
    line, start = cursor
    last = inline.line + inline.raw.count("\n")
    needle = "[" + text if text else "["
    while line <= last and line <= len(page.lines):
        found = page.lines[line - 1].find(needle, start)
        if found >= 0:
            return Location(page.path, line, found + 1), (line, found + 1)
        line, start = line + 1, 0
    return Location(page.path, inline.line, inline.col), cursor


def _links_and_includes(page: Page) -> tuple[list[PageLink], list[Diagnostic]]:
    links: list[PageLink] = []
    diagnostics: list[Diagnostic] = []
    in_tab = False
    for block in page.blocks:
        if block.kind == "tab":
            in_tab = True
        elif block.kind in ("hr", "heading"):
            in_tab = False
        if block.kind == "include":
            message = f"include {block.content} is not resolved (its text is not part of the model)"
            make = info if in_tab else warning
            diagnostics.append(make("unresolved-include", message, Location(page.path, block.line, 1)))
            continue
        inlines = []
        if block.inline is not None:
            inlines.append(block.inline)
        if block.table is not None:
            inlines.extend(block.table.header)
            for row in block.table.rows:
                inlines.extend(row)
        for inline in inlines:
            found = inline.links
            if not found:
                continue
            cursor = (inline.line, inline.col - 1)
            for link in found:
                target, anchor = normalise_target(page.path, link.href)
                location, cursor = _link_location(page, inline, link.text, cursor)
                if target is None or "/includes/" in "/" + target:
                    continue
                links.append(PageLink(target, anchor, link.text, location))
    return links, diagnostics


def _extract(src: SourcePage) -> PageModel:
    page = parse_page(src.path, src.text)
    sections = page.sections()
    head = page_header(page)
    diagnostics: list[Diagnostic] = [
        warning(code, message, Location(src.path, line, 1)) for code, message, line in page.problems
    ]
    kind, problems = _page_kind(page, sections)
    diagnostics.extend(problems)
    examples, representations, problems = page_examples(page)
    diagnostics.extend(problems)
    links, problems = _links_and_includes(page)
    diagnostics.extend(problems)
    types: list[PageType] = []
    include_permissions = None
    operations = []
    extra_refs: list = []
    location = Location(src.path, head.title_line, 1)
    if kind == "api":
        # imported here: a process that reads no API page (a warm edit of a resource page) does
        # not load the request, body and response readers (8 ms of imports)
        from docgen.extract.api import extract_api

        operation, body_types, problems = extract_api(page, head, examples)
        operations.append(operation)
        if operation.permissions is not None and operation.permissions.include:
            # the resolver reads that include, or says it is missing (permissions-include-missing)
            read = operation.permissions.location.line
            diagnostics = [d for d in diagnostics if not (d.code == "unresolved-include" and d.location.line == read)]
        types.extend(body_types)
        diagnostics.extend(problems)
        if operation.body is not None:
            extra_refs.extend(p.ref for p in operation.body.properties)
    elif kind == "resource":
        found, problems = extract_resource(page, head, representations, sections)
        types.extend(found)
        diagnostics.extend(problems)
    elif kind == "enum":
        found, problems = extract_enum_page(page, name_from_title(head.title), head.namespace, head.title_line, head.description)
        types.extend(found)
        diagnostics.extend(problems)
        if not found:
            diagnostics.append(warning("no-enum-members", "enum page without a members table", location))
    elif kind == "include":
        whole = Section("", 0, 1, tuple(page.blocks))
        include_permissions = permissions(whole, src.path)
    elif kind == "conceptual":
        diagnostics.append(info("conceptual-page", "conceptual page: no type or operation to read", location))
    else:
        message = "cannot tell what this page documents (no doc_type and no HTTP request/Properties/Members section)"
        diagnostics.append(warning("unknown-page-kind", message, location))
    uses = _qualified_uses(page, types, examples, extra_refs)
    diagnostics.extend(_namespace_conflicts(uses))
    page_info = PageInfo(src.path, kind, head.title, dict(page.front_matter), src.sha256)
    namespace_location = Location(src.path, head.namespace_line, 1) if head.namespace_line else None
    return PageModel(
        info=page_info,
        namespace=head.namespace,
        namespace_location=namespace_location,
        types=tuple(types),
        operations=tuple(operations),
        links=tuple(links),
        qualified_uses=tuple(uses),
        diagnostics=tuple(sorted(diagnostics, key=Diagnostic.sort_key)),
        permissions=include_permissions,
    )


def extract_page(src: SourcePage) -> PageModel:
    """Everything ``src`` says, with its own diagnostics; never raises."""
    try:
        return _extract(src)
    except RecursionError:
        message = "page nests too deeply to read"
    except Exception as exc:  # noqa: BLE001 - a bug of ours must not hide the other pages
        message = f"internal error while reading the page: {type(exc).__name__}: {exc}"
    info_ = PageInfo(src.path, "unknown", "", {}, src.sha256)
    return PageModel(info=info_, diagnostics=(error("internal-error", " ".join(message.split()), Location(src.path)),))
