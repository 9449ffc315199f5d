"""API (operation) pages: one page -> its operation and the types its request body declares.

In: a :class:`~docgen.read.page.Page` of kind ``api`` with its head and examples. Out: a
:class:`~docgen.model.page.PageOperation` and diagnostics. :func:`extract_api` finds the sections
and puts the parts together: request lines (:mod:`.api_request`), permissions and headers
(:mod:`.api_access`), request body and parameters (:mod:`.api_body`), response
(:mod:`.api_response`); :mod:`.api_refs` reads the types their sentences name.
"""

from __future__ import annotations

import posixpath

from docgen.diagnostics import Diagnostic, Location, warning
from docgen.extract.api_access import header_section, headers, permissions
from docgen.extract.api_body import body_types, parameter_rows, request_body
from docgen.extract.api_refs import link_ref
from docgen.extract.api_request import is_action, loose_request_lines, request_lines
from docgen.extract.api_response import (
    reconcile_collection,
    response,
    response_from_examples,
)
from docgen.extract.common import PageHead
from docgen.model.core import Example
from docgen.model.page import PageBody, PageOperation, PageType
from docgen.read.page import Page, Section


def _find(
    sections: list[Section], *titles: str, level: int | None = None
) -> Section | None:
    for wanted in titles:
        for section in sections:
            if section.title.strip().lower().rstrip(":") == wanted and (
                level is None or section.level == level
            ):
                return section
    return None


def extract_api(
    page: Page, head: PageHead, examples: list[Example]
) -> tuple[PageOperation, list[PageType], list[Diagnostic]]:
    """The page's operation and the types its request body declares."""
    path = page.path
    diagnostics: list[Diagnostic] = []
    sections = page.sections()
    lines = []
    for section in sections:
        if section.title.strip().lower().startswith("http request"):
            found, problems = request_lines(section, path)
            lines.extend(found)
            diagnostics.extend(problems)
    if not lines:
        lines = loose_request_lines(page, sections, path)
    if not lines:
        diagnostics.append(
            warning(
                "no-request-line",
                "no request line found in the HTTP request section",
                Location(path, head.title_line, 1),
            )
        )
    perms_section = _find(sections, "permissions", "permission") or _find(
        sections, "prerequisites"
    )
    body, subject_table = request_body(
        _find(sections, "request body"), path, is_action(lines, head.title)
    )
    resp = response(
        _find(sections, "response", "responses", level=2)
        or _find(sections, "response"),
        path,
    )
    resp = response_from_examples(examples, path, resp)
    resp, problems = reconcile_collection(resp, lines, head.title, path)
    diagnostics.extend(problems)
    subject = body.ref if body and body.ref else None
    if subject is None and head.description_inline is not None:
        subject = link_ref(head.description_inline, path)
    if subject is None and resp is not None and resp.ref is not None:
        subject = resp.ref
    types: list[PageType] = []
    if (
        body is not None
        and body.properties
        and subject_table
        and subject is not None
        and not subject.primitive
    ):
        types = body_types(subject, body.properties, head.namespace, path)
        if body.ref is None:
            body = PageBody(body.location, subject, body.properties, body.tables)
    parameters, problems = parameter_rows(sections, path)
    diagnostics.extend(problems)
    name = next((e.name for e in examples if e.kind == "request" and e.name), "")
    if not name:
        name = posixpath.basename(path).removesuffix(".md")
    operation = PageOperation(
        name=name,
        title=head.title,
        location=Location(path, 1, 1),
        method=lines[0].method if lines else "GET",
        request_lines=tuple(lines),
        description=head.description,
        namespace=head.namespace,
        headers=headers(header_section(sections), path),
        permissions=permissions(perms_section, path),
        body=body,
        response=resp,
        examples=tuple(examples),
        subject=subject,
        parameters=tuple(parameters),
    )
    return operation, types, diagnostics
