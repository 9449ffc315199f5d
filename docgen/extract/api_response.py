"""API pages' response: status and type.

In: the ``Response`` section's sentences, the response examples, the request lines and the title.
Out: a :class:`~docgen.model.page.PageResponse` (status, type, one object or a collection), filled
from the first response example when the sentences say nothing, and a
``response-collection-mismatch`` warning when the request lines or the title contradict the
sentence on one object versus a collection.
"""

from __future__ import annotations

import re
from dataclasses import replace

from docgen.diagnostics import Diagnostic, Location, warning
from docgen.extract.api_refs import bold_ref, collection_ref, link_ref, primitive_ref
from docgen.extract.api_request import last_segment
from docgen.model.core import Example, RequestLine
from docgen.model.page import PageResponse
from docgen.read.page import Section
from docgen.read.typecells import TypeRef, primitive_name

_STATUS_RE = re.compile(r"`?\b([1-5]\d\d)\b\s*(?:[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*)?`?")
_COLLECTION_FN_RE = re.compile(r"^\s*Collection\((.*)\)\s*$", re.IGNORECASE)


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
            if (
                found.ref is None
                and found.status not in (202, 204)
                and "response body" in text
            ):
                ref = link_ref(block.inline, path)
                if ref is not None:
                    found = PageResponse(
                        found.location, found.status, collection_ref(ref, text)
                    )
            continue
        match = _STATUS_RE.search(block.inline.raw)
        if not match or "response" not in text and "return" not in text:
            continue
        status = int(match.group(1))
        if _tells_a_failure(status, text):
            continue
        ref = None
        if status != 204:
            ref = link_ref(block.inline, path, after=match.end())
            if ref is None:
                ref = bold_ref(block.inline, path, after=match.end())
            if ref is None:
                ref = primitive_ref(block.inline, path)
            if ref is not None:
                ref = collection_ref(ref, block.inline.text)
        found = PageResponse(Location(path, block.line, 1), status, ref)
    return found


def _tells_a_failure(status: int, text: str) -> bool:
    """True when a Response section's sentence gives the status of a failure, not of success: an
    error status (``a `507 Insufficient Storage` response will be returned``), or a sentence
    about an error that says nothing of success ("If an error occurred while following any of the
    specified sites, this method returns a `207` status code"). The section states success
    first, often without a code, and its failures after; the success status then comes from the
    first response example (:func:`response_from_examples`)."""
    if status >= 400:
        return True
    return ("error" in text or "fail" in text) and "success" not in text


def response_from_examples(
    examples: list[Example], path: str, found: PageResponse | None
) -> PageResponse | None:
    """Fill a missing status/type from the first response example (status line, ``@odata.type``)."""
    for example in examples:
        if example.kind != "response":
            continue
        status = found.status if found is not None else example.status
        if status is None:
            continue
        ref = found.ref if found is not None else None
        odata_type = example.annotation.get("@odata.type")
        if (
            ref is None
            and status not in (202, 204)
            and isinstance(odata_type, str)
            and odata_type.strip()
        ):
            collection = example.annotation.get("isCollection") in (
                True,
                "true",
                "True",
            )
            name = odata_type.strip().lstrip("#")
            wrapped = _COLLECTION_FN_RE.match(name)
            if wrapped:  # "Collection(microsoft.graph.user)"
                name, collection = wrapped.group(1).strip().lstrip("#"), True
            prim = primitive_name(name)
            ref = TypeRef(
                prim or name,
                example.location,
                collection,
                cell=f'@odata.type "{odata_type}"',
            )
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
    lasts = [last_segment(line) for line in lines]
    ref = found.ref
    if ref.collection and all(_KEY_SEGMENT_RE.match(s) for s in lasts):
        collection, why = False, f"every request line ends with a key ({lasts[0]})"
    elif (
        not ref.collection
        and _LIST_TITLE_RE.match(title)
        and not any(
            _KEY_SEGMENT_RE.match(s) or "(" in s or s.startswith("$") or not s
            for s in lasts
        )
    ):
        collection, why = (
            True,
            f"the title {title.strip()!r} lists the collection {lasts[0]!r}",
        )
    else:
        return found, []
    said = (
        f"a collection of `{ref.name}`"
        if ref.collection
        else f"one `{ref.name}` object"
    )
    read = "a collection" if collection else "one object"
    diag = warning(
        "response-collection-mismatch",
        f"the Response section says {said}, but {why}; the response is read as {read}",
        ref.location,
    )
    return PageResponse(
        found.location, found.status, replace(ref, collection=collection)
    ), [diag]
