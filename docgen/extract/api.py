"""API (operation) pages: request lines, permissions, headers, body, response, examples."""

from __future__ import annotations

import posixpath
import re
from dataclasses import replace

from docgen.diagnostics import Diagnostic, Location, info, warning
from docgen.extract.common import PageHead, column_index, property_rows
from docgen.model.core import Example, Header, Permissions, RequestLine
from docgen.model.page import (
    BaseClaim,
    PageBody,
    PageOperation,
    PageProperty,
    PageResponse,
    PageType,
)
from docgen.read.page import Inline, Page, Section
from docgen.read.typecells import TypeRef, clean_name, normalise_target, primitive_name

_REQUEST_LINE_RE = re.compile(r"^\s*(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+(\S.*?)\s*(?:HTTP/[\d.]+\s*)?$", re.IGNORECASE)
_STATUS_RE = re.compile(r"`?\b([1-5]\d\d)\b\s*(?:[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*)?`?")
_PERMISSION_RE = re.compile(r"^[A-Za-z][\w-]*(?:\.[\w-]+)+$")
_PERMISSION_SPLIT_RE = re.compile(r"[,;\s]+")
_JSON_REPR_RE = re.compile(
    r"JSON (?:representation|body|object) (?:of|for) (?:an? |the |each )?(?:\w+ )?\["
    r"|\bprovide the (?:new|modified|updated) \[",
    re.IGNORECASE,
)
"""The sentence that names the body's type: "supply a JSON representation of/for the [x] object",
"Provide a JSON body of an [x]", "Provide the new [x] object in the request body"."""
_NO_BODY_RE = re.compile(r"do not supply a request body|don't supply a request body|no request body", re.IGNORECASE)
_COLLECTION_NEAR_RE = re.compile(r"collection of|array of|list of|\ball (?:the )?$", re.IGNORECASE)
_PLURAL_AFTER_RE = re.compile(r"\]\([^)]*\)\s*(?:objects|resources|entities)\b", re.IGNORECASE)
"""``the requested [session](…) objects``: a plural noun right after the link names a collection."""

_REQUEST_FENCE_INFOS = ("http", "", "https", "msgraph-interactive", "rest", "text", "console")
_HEADER_LINE_RE = re.compile(r"^\s*[A-Za-z][\w-]*\s*:\s*\S")

_TYPE_NAME_RE = re.compile(r"^[A-Za-z_][\w.]*$")
_LINK_AT_RE = re.compile(r"\[[^\]]*\]\([^)]*\)")
_OR_LINK_RE = re.compile(r"\s+or\s+(?:an?\s+|the\s+)?\[([^\]]+)\]\(([^)\s]*)[^)]*\)", re.IGNORECASE)
"""``… or [countryNamedLocation](…)`` right after a link: one more type the sentence allows."""
_BOLD_TYPE_RE = re.compile(r"\*\*([A-Za-z_][\w.]*)\*\*\s+(?:object|resource|entity|collection)")
_PRIMITIVE_BODY_RE = re.compile(
    r"\b(String|Boolean|Int32|Int64|Stream|Double|DateTimeOffset|Guid|Binary)(\s+collection)?\s+"
    r"(?:object\s+|value\s+)?in the response body"
)
_COLLECTION_FN_RE = re.compile(r"^\s*Collection\((.*)\)\s*$", re.IGNORECASE)
_TITLE_VERB_RES = (
    re.compile(r"^\s*[\w.]+\s*:\s*([A-Za-z]\w*)"),  # "application: addPassword"
    re.compile(r"^\s*([A-Za-z]\w*)\s+(?:action|function)\b", re.IGNORECASE),  # "assign action"
    re.compile(r"^\s*([A-Za-z]\w*)"),  # "Clone a team"
)
"""Where an operation page's title names its verb; an action's request line ends with that verb."""
_PARAMETER_BAG_RE = re.compile(r"\bwith the following parameters\b", re.IGNORECASE)
_MEMBER_BODY_RE = re.compile(
    r"\bprovide (?:an? |the )?(?:optional |required )?`([A-Za-z_]\w*)` object with the following properties",
    re.IGNORECASE,
)
"""``provide an optional `passwordCredential` object with the following properties``: the body is
``{"passwordCredential": {…}}`` and the table lists that member's properties."""

_WORK, _PERSONAL, _APP = "delegated (work", "delegated (personal", "application"


def _find(sections: list[Section], *titles: str, level: int | None = None) -> Section | None:
    for wanted in titles:
        for section in sections:
            if section.title.strip().lower().rstrip(":") == wanted and (level is None or section.level == level):
                return section
    return None


def request_lines(section: Section | None, path: str) -> tuple[list[RequestLine], list[Diagnostic]]:
    """Every ``METHOD /path`` line of the section's code blocks; other lines reported as junk."""
    lines: list[RequestLine] = []
    diagnostics: list[Diagnostic] = []
    if section is None:
        return lines, diagnostics
    for block in section.blocks:
        if block.kind not in ("fence", "code") or (block.kind == "fence" and block.info not in _REQUEST_FENCE_INFOS):
            continue
        after_request = False
        for n, text in enumerate(block.content.split("\n")):
            if not text.strip():
                continue
            line = block.line + 1 + n if block.kind == "fence" else block.line + n
            match = _REQUEST_LINE_RE.match(text)
            if match:
                col = len(text) - len(text.lstrip()) + 1
                lines.append(RequestLine(match.group(1).upper(), match.group(2).strip(), Location(path, line, col)))
                after_request = True
            elif after_request and _HEADER_LINE_RE.match(text):
                continue  # a header written under the request line (Prefer: …, workbook-session-id: …)
            elif after_request and text.lstrip().startswith(("{", "[")):
                break  # a request body: the rest of the block is not request lines
            elif text.strip().lower() in ("or", "and"):
                continue
            else:
                message = f"not a request line (METHOD /path): {text.strip()[:80]}"
                diagnostics.append(info("junk-request-line", message, Location(path, line, 1)))
    return lines, diagnostics


def _permission_names(text: str) -> tuple[str, ...]:
    return tuple(word.strip(".") for word in _PERMISSION_SPLIT_RE.split(text) if _PERMISSION_RE.match(word.strip(".")))


def _bucket(label: str) -> str | None:
    label = label.strip().lower()
    if label.startswith(_WORK) or label == "delegated":
        return "work"
    if label.startswith(_PERSONAL):
        return "personal"
    if label.startswith(_APP):
        return "app"
    return None


def permissions(section: Section | None, path: str) -> Permissions | None:
    """The permissions table: normal (rows per permission type) or transposed (columns)."""
    if section is None:
        return None
    for block in section.blocks:
        if block.kind == "include" and "permission" in block.content.lower():
            return Permissions(Location(path, block.line, 1))
        if block.kind != "table" or block.table is None:
            continue
        table = block.table
        buckets: dict[str, list[str]] = {"work": [], "personal": [], "app": []}
        raw: list[tuple[str, str]] = []
        header_buckets = [_bucket(cell.text) for cell in table.header]
        if any(header_buckets):
            for row in table.rows:
                for cell, bucket in zip(row, header_buckets):
                    if bucket:
                        raw.append((table.header[header_buckets.index(bucket)].text, cell.text))
                        buckets[bucket].extend(_permission_names(cell.text))
        else:
            for row in table.rows:
                if len(row) < 2:
                    continue
                raw.append((row[0].text, row[1].text))
                bucket = _bucket(row[0].text)
                if bucket:
                    buckets[bucket].extend(_permission_names(row[1].text))
        return Permissions(
            Location(path, block.line, 1),
            tuple(dict.fromkeys(buckets["work"])),
            tuple(dict.fromkeys(buckets["personal"])),
            tuple(dict.fromkeys(buckets["app"])),
            tuple(raw),
        )
    return None


def headers(section: Section | None, path: str) -> tuple[Header, ...]:
    """Rows of the request headers table."""
    if section is None:
        return ()
    for block in section.blocks:
        if block.kind != "table" or block.table is None:
            continue
        table = block.table
        name_col = column_index(table, "name", "header", "request header") or 0
        desc_col = column_index(table, "description", "value")
        out = []
        for row in table.rows:
            if name_col >= len(row) or not row[name_col].text.strip():
                continue
            desc = row[desc_col].text if desc_col is not None and desc_col < len(row) else ""
            cell = row[name_col]
            required = "required" in desc.lower() and "not required" not in desc.lower()
            out.append(Header(clean_name(cell.text), Location(path, cell.line, cell.col), desc, required))
        return tuple(out)
    return ()


def _link_ref(inline: Inline, path: str, after: int = 0) -> TypeRef | None:
    """The first link to a docs page in ``inline`` whose position in the raw text is past ``after``."""
    position = 0
    for link in inline.links:
        found = inline.raw.find("[" + link.text, position) if link.text else -1
        if found >= 0:
            position = found + 1
        if found >= 0 and found < after:
            continue
        target, anchor = normalise_target(path, link.href)
        if target is None or target == path.lower():
            continue
        name = clean_name(link.text)
        if not _TYPE_NAME_RE.match(name):
            continue  # "[Microsoft Graph Security API error responses](…)" names a page, not a type
        prim = primitive_name(name)
        if prim:
            return TypeRef(prim, Location(path, inline.line, inline.col), cell=inline.raw)
        near = inline.raw[max(0, found - 20) : found] if found >= 0 else ""
        tail = inline.raw[found : found + len(link.text) + len(link.href) + 20] if found >= 0 else ""
        collection = bool(_COLLECTION_NEAR_RE.search(near)) or " collection" in tail.lower()
        collection = collection or bool(_PLURAL_AFTER_RE.search(tail))
        ref = TypeRef(name, Location(path, inline.line, inline.col), collection, target, anchor, inline.raw)
        return _or_alternatives(ref, inline.raw, found, path)
    return None


def _or_alternatives(ref: TypeRef, raw: str, found: int, path: str) -> TypeRef:
    """``ref`` with the types of links joined to its link by "or" ("an [ipNamedLocation](…) or
    [countryNamedLocation](…) object") as its alternatives; resolution gives the body or
    response their nearest common base type, as for an "A or B" type cell."""
    link = _LINK_AT_RE.match(raw, found) if found >= 0 else None
    if link is None:
        return ref
    others: list[TypeRef] = []
    position = link.end()
    while (match := _OR_LINK_RE.match(raw, position)) is not None:
        position = match.end()
        target, anchor = normalise_target(path, match.group(2))
        name = clean_name(match.group(1))
        if target is None or not _TYPE_NAME_RE.match(name) or primitive_name(name):
            return ref
        others.append(TypeRef(name, ref.location, ref.collection, target, anchor, ref.cell))
    return replace(ref, alternatives=tuple(others)) if others else ref


def _collection_ref(ref: TypeRef, text: str) -> TypeRef:
    if not ref.collection and re.search(r"collection of|\bcollection\b.*\bin the response body", text.lower()):
        return replace(ref, collection=True)
    return ref


def _bold_ref(inline: Inline, path: str, after: int = 0) -> TypeRef | None:
    """``an **alert** object``: a bold type name without a link."""
    match = _BOLD_TYPE_RE.search(inline.raw, after)
    if match is None:
        return None
    name = match.group(1)
    prim = primitive_name(name)
    return TypeRef(prim or name, Location(path, inline.line, inline.col), cell=inline.raw)


def _primitive_ref(inline: Inline, path: str) -> TypeRef | None:
    """``a String collection in the response body``, ``a Stream in the response body``."""
    match = _PRIMITIVE_BODY_RE.search(inline.text)
    if match is None:
        return None
    name = primitive_name(match.group(1)) or "Edm.String"
    return TypeRef(name, Location(path, inline.line, inline.col), bool(match.group(2)), cell=inline.raw)


def response(section: Section | None, path: str) -> PageResponse | None:
    """Status and type from the response section's sentences (the type may be in a later one)."""
    if section is None:
        return None
    found: PageResponse | None = None
    for block in section.blocks:
        if block.kind == "heading":
            break
        if block.kind != "paragraph" or block.inline is None:
            continue
        text = block.inline.text.lower()
        if found is not None:
            if found.ref is None and found.status not in (202, 204) and "response body" in text:
                ref = _link_ref(block.inline, path)
                if ref is not None:
                    found = PageResponse(found.location, found.status, _collection_ref(ref, text))
            continue
        match = _STATUS_RE.search(block.inline.raw)
        if not match or "response" not in text and "return" not in text:
            continue
        status = int(match.group(1))
        ref = None
        if status != 204:
            ref = _link_ref(block.inline, path, after=match.end())
            if ref is None:
                ref = _bold_ref(block.inline, path, after=match.end())
            if ref is None:
                ref = _primitive_ref(block.inline, path)
            if ref is not None:
                ref = _collection_ref(ref, block.inline.text)
        found = PageResponse(Location(path, block.line, 1), status, ref)
    return found


def response_from_examples(examples: list[Example], path: str, found: PageResponse | None) -> PageResponse | None:
    """Fill a missing status/type from the first response example (status line, ``@odata.type``)."""
    for example in examples:
        if example.kind != "response":
            continue
        status = found.status if found is not None else example.status
        if status is None:
            continue
        ref = found.ref if found is not None else None
        odata_type = example.annotation.get("@odata.type")
        if ref is None and status not in (202, 204) and isinstance(odata_type, str) and odata_type.strip():
            collection = example.annotation.get("isCollection") in (True, "true", "True")
            name = odata_type.strip().lstrip("#")
            wrapped = _COLLECTION_FN_RE.match(name)
            if wrapped:  # "Collection(microsoft.graph.user)"
                name, collection = wrapped.group(1).strip().lstrip("#"), True
            prim = primitive_name(name)
            ref = TypeRef(prim or name, example.location, collection, cell=f'@odata.type "{odata_type}"')
        location = found.location if found is not None else example.location
        return PageResponse(location, status, ref)
    return found


_LIST_TITLE_RE = re.compile(r"^\s*list\b", re.IGNORECASE)
_KEY_SEGMENT_RE = re.compile(r"^\{[^{}]*\}$")


def reconcile_collection(
    found: PageResponse | None, lines: list[RequestLine], title: str, path: str
) -> tuple[PageResponse | None, list[Diagnostic]]:
    """The request lines and the title over the Response sentence, when they disagree on whether
    a GET answers one object or a collection: ``GET /chats/{chat-id}`` (every line ends with a
    key) reads one entity whatever the sentence says; a page titled "List …" whose lines end with
    a collection segment (not a key, a function call or ``$count``…) reads a collection. The
    sentence is the page's defect then, reported as ``response-collection-mismatch``.
    """
    if found is None or found.ref is None or found.ref.primitive or not lines:
        return found, []
    if any(line.method != "GET" for line in lines):
        return found, []
    lasts = [_last_segment(line) for line in lines]
    ref = found.ref
    if ref.collection and all(_KEY_SEGMENT_RE.match(s) for s in lasts):
        collection, why = False, f"every request line ends with a key ({lasts[0]})"
    elif (
        not ref.collection
        and _LIST_TITLE_RE.match(title)
        and not any(_KEY_SEGMENT_RE.match(s) or "(" in s or s.startswith("$") or not s for s in lasts)
    ):
        collection, why = True, f"the title {title.strip()!r} lists the collection {lasts[0]!r}"
    else:
        return found, []
    said = f"a collection of `{ref.name}`" if ref.collection else f"one `{ref.name}` object"
    read = "a collection" if collection else "one object"
    diag = warning(
        "response-collection-mismatch",
        f"the Response section says {said}, but {why}; the response is read as {read}",
        ref.location,
    )
    return PageResponse(found.location, found.status, replace(ref, collection=collection)), [diag]


def _last_segment(line: RequestLine) -> str:
    """The request line's last path segment, query string and trailing slash dropped."""
    return line.path.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1].strip()


def is_action(lines: list[RequestLine], title: str) -> bool:
    """Whether the request line calls an action or function bound to its path: the last segment is a
    function call (``getByIds(…)``) or the verb the title names (``application: addPassword`` for
    ``POST /applications/{id}/addPassword``, ``Clone a team`` for ``POST /teams/{id}/clone``),
    not a ``{placeholder}``, an ``$value``/``$ref`` segment or the collection a create POSTs to."""
    if not lines:
        return False
    segment = _last_segment(lines[0])
    if not segment or segment.startswith(("{", "$")) or segment.endswith(":"):
        return False
    name, paren, _ = segment.partition("(")
    if paren and name and not name.startswith("{"):
        return True
    qualified = name.rsplit(".", 1)[-1].lower()  # "microsoft.graph.delta"
    for pattern in _TITLE_VERB_RES:
        match = pattern.match(title)
        if match:
            return match.group(1).lower() == qualified
    return False


def request_body(section: Section | None, path: str, action: bool = False) -> tuple[PageBody | None, bool]:
    """(body, is a property table of the subject) from the request body section. An action's table
    (``action``), a table headed ``Parameter`` and one introduced by "… with the following parameters"
    are parameter bags: their rows are the body's properties, not the subject's."""
    if section is None:
        return None, False
    ref = None
    bag = action
    member: tuple[str, Location, str] | None = None
    for block in section.blocks:
        if block.kind == "heading":
            break
        if block.kind == "table" and block.table is not None:
            location = Location(path, block.line, 1)
            if member is not None:
                # "provide an optional `passwordCredential` object with the following properties":
                # the body holds that one member; the rows are its type's properties.
                name, at, text = member
                return PageBody(location, ref, (PageProperty(name, TypeRef(name, at, cell=text), at, text),)), False
            rows, _ = property_rows(block.table, path)
            first = block.table.header[0].text.strip().lower() if block.table.header else ""
            return PageBody(location, ref, tuple(rows)), first.startswith("property") and not bag
        if block.kind == "paragraph" and block.inline is not None:
            if _NO_BODY_RE.search(block.inline.text):
                return None, False
            wrapped = _MEMBER_BODY_RE.search(block.inline.raw)
            if wrapped is not None:
                member = (wrapped.group(1), Location(path, block.line, 1), block.inline.text)
            bag = bag or bool(_PARAMETER_BAG_RE.search(block.inline.text))
            match = _JSON_REPR_RE.search(block.inline.raw)
            if match and ref is None:
                ref = _link_ref(block.inline, path, after=match.start())
    return PageBody(Location(path, section.line, 1), ref), False


PARAMETER_SECTIONS = ("function parameters", "path parameters", "query parameters")
"""Sections whose table lists an operation's parameters (``Optional query parameters`` is OData prose)."""


def parameter_rows(sections: list[Section], path: str) -> tuple[list[PageProperty], list[Diagnostic]]:
    """Rows of the first table of every parameters section (``Parameter | Type | Description``), in
    page order."""
    rows: list[PageProperty] = []
    diagnostics: list[Diagnostic] = []
    for section in sections:
        if section.title.strip().lower().rstrip(":") not in PARAMETER_SECTIONS:
            continue
        for block in section.blocks:
            if block.kind == "heading":
                break
            if block.kind == "table" and block.table is not None:
                found, problems = property_rows(block.table, path, parameters=True)
                rows.extend(found)
                diagnostics.extend(problems)
                break
    return rows, diagnostics


def _body_types(subject: TypeRef, rows: tuple[PageProperty, ...], namespace: str, path: str) -> list[PageType]:
    """Types an API page's body table declares: the subject's own rows and each "Inherited from" base."""
    own = tuple(row for row in rows if row.inherited_from is None)
    groups: dict[str, list[PageProperty]] = {}
    refs: dict[str, TypeRef] = {}
    for row in rows:
        if row.inherited_from is not None:
            key = row.inherited_from.name.lower()
            groups.setdefault(key, []).append(row)
            refs.setdefault(key, row.inherited_from)
    out = []
    name, ns = _split_qualified(subject.name, namespace)
    bases = tuple(BaseClaim(refs[key], "rows") for key in groups)[:1]
    # the subject of an operation page is addressable, hence an entity
    out.append(PageType(name, ns, "entity", subject.location, "declared", properties=own, bases=bases, declared_by=subject))
    for key, group in groups.items():
        base_name, base_ns = _split_qualified(refs[key].name, namespace)
        declared = PageType(base_name, base_ns, "", refs[key].location, "declared", properties=tuple(group), declared_by=refs[key])
        out.append(declared)
    return out


def _split_qualified(name: str, namespace: str) -> tuple[str, str]:
    if "." in name:
        ns, _, simple = name.rpartition(".")
        return simple, ns
    return name, namespace


def _header_section(sections: list[Section]) -> Section | None:
    """``Request headers``, ``Optional request headers``, ``Headers`` …"""
    for section in sections:
        title = section.title.strip().lower()
        if "header" in title and "response" not in title:
            return section
    return None


def _loose_request_lines(page: Page, sections: list[Section], path: str) -> list[RequestLine]:
    """Request lines of pages without an ``HTTP request`` section: fences before the examples
    whose every line is ``METHOD /relative/path``."""
    examples_line = next((s.line for s in sections if s.title.strip().lower().startswith("example")), None)
    out: list[RequestLine] = []
    for block in page.blocks:
        if examples_line is not None and block.line >= examples_line:
            break
        if block.kind != "fence":
            continue
        texts = [t for t in block.content.split("\n") if t.strip()]
        matches = [_REQUEST_LINE_RE.match(t) for t in texts]
        if texts and all(m and m.group(2).startswith("/") for m in matches):
            for n, text in enumerate(block.content.split("\n")):
                match = _REQUEST_LINE_RE.match(text)
                if match:
                    location = Location(path, block.line + 1 + n, len(text) - len(text.lstrip()) + 1)
                    out.append(RequestLine(match.group(1).upper(), match.group(2).strip(), location))
    return out


def extract_api(page: Page, head: PageHead, examples: list[Example]) -> tuple[PageOperation, list[PageType], list[Diagnostic]]:
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
        lines = _loose_request_lines(page, sections, path)
    if not lines:
        diagnostics.append(warning("no-request-line", "no request line found in the HTTP request section", Location(path, head.title_line, 1)))
    perms_section = _find(sections, "permissions", "permission") or _find(sections, "prerequisites")
    body, subject_table = request_body(_find(sections, "request body"), path, is_action(lines, head.title))
    resp = response(_find(sections, "response", "responses", level=2) or _find(sections, "response"), path)
    resp = response_from_examples(examples, path, resp)
    resp, problems = reconcile_collection(resp, lines, head.title, path)
    diagnostics.extend(problems)
    subject = body.ref if body and body.ref else None
    if subject is None and head.description_inline is not None:
        subject = _link_ref(head.description_inline, path)
    if subject is None and resp is not None and resp.ref is not None:
        subject = resp.ref
    types: list[PageType] = []
    if body is not None and body.properties and subject_table and subject is not None and not subject.primitive:
        types = _body_types(subject, body.properties, head.namespace, path)
        if body.ref is None:
            body = PageBody(body.location, subject, body.properties)
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
        headers=headers(_header_section(sections), path),
        permissions=permissions(perms_section, path),
        body=body,
        response=resp,
        examples=tuple(examples),
        subject=subject,
        parameters=tuple(parameters),
    )
    return operation, types, diagnostics

