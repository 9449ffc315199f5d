"""Checks over a page's examples as a set: pairing, duplicate names, representation against tables."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from docgen.checks.lint.codes import example_label, make
from docgen.checks.lint.typerules import TypeTable
from docgen.diagnostics import Diagnostic, Location
from docgen.model.core import Example, Model, Operation, TypeDef


def _explicit_name(example: Example) -> str:
    """The name the annotation itself gives (responses may inherit one from their request)."""
    name = example.annotation.get("name")
    return name.strip() if isinstance(name, str) else ""


def _block_type(example: Example) -> str:
    """The annotation's ``blockType``; empty for a fence without one. Only annotated ``request`` and
    ``response`` blocks pair and carry names (``example`` blocks stand alone)."""
    value = example.annotation.get("blockType")
    return value.strip().lower() if isinstance(value, str) else ""


def _response_names(example: Example) -> set[str]:
    """The requests a response answers: ApiDoctor lets ``name`` be a list of request names."""
    listed = example.annotation.get("name")
    if isinstance(listed, list):
        return {n.strip() for n in listed if isinstance(n, str) and n.strip()}
    return {example.name} if example.name else set()


_IGNORED = re.compile(r'"blockType"\s*:\s*"ignored"', re.IGNORECASE)
_REQUEST_FIRST = re.compile(r"^\s*(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+\S", re.IGNORECASE)
_EXAMPLES_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+examples?\b", re.IGNORECASE)
_RESPONSE_FIRST = re.compile(r"^\s*HTTP(?:/[\d.]+)?\s+\d{3}\b", re.IGNORECASE)


def ignored_examples(lines: list[str] | None) -> list[tuple[int, str]]:
    """(fence line, ``request``/``response``) of each fence annotated ``"blockType": "ignored"``
    whose first line is a request line or a status line: examples the page shows but exempts
    from checks (the report pages' ``GET …(period='D7')``)."""
    out: list[tuple[int, str]] = []
    if not lines:
        return out
    # Only the Examples section's fences: an ignored fence under "HTTP request" lists the syntax.
    index = next((i for i, text in enumerate(lines) if _EXAMPLES_HEADING.match(text)), len(lines))
    while index < len(lines):
        if "<!--" not in lines[index]:
            index += 1
            continue
        end = index
        while end < len(lines) and "-->" not in lines[end]:
            end += 1
        comment = "\n".join(lines[index : end + 1])
        index = end + 1
        if not _IGNORED.search(comment):
            continue
        fence = index
        while fence < len(lines) and not lines[fence].strip():
            fence += 1
        if fence >= len(lines) or not lines[fence].lstrip().startswith(("```", "~~~")):
            continue
        first = next((t for t in lines[fence + 1 :] if t.strip()), "")
        if _REQUEST_FIRST.match(first):
            out.append((fence + 1, "request"))
        elif _RESPONSE_FIRST.match(first):
            out.append((fence + 1, "response"))
    return out


def unpaired(operation: Operation, lines: list[str] | None = None) -> list[Diagnostic]:
    """Requests without a response and responses without a request on one API page.

    A response pairs with the request of the same name; a nameless response pairs with the nearest
    preceding request that has no response yet. A request or response annotated
    ``"blockType": "ignored"`` (found in the page's ``lines``) is a partner too: the report pages
    show the request under an ignored annotation and the response under a response annotation.
    """
    out: list[Diagnostic] = []
    examples = [e for e in operation.examples if _block_type(e) in ("request", "response")]
    request_names = {e.name for e in examples if e.kind == "request" and e.name}
    ignored = ignored_examples(lines)
    answered: set[int] = set()
    for index, example in enumerate(examples):
        if example.kind != "response":
            continue
        names = _response_names(example)
        if names & request_names:
            answered.update(i for i, e in enumerate(examples) if e.kind == "request" and e.name in names)
            continue
        if not names & request_names:
            earlier = [i for i in range(index) if examples[i].kind == "request"]
            waiting = [i for i in earlier if i not in answered]
            if earlier and not example.name:
                answered.add((waiting or earlier)[-1])
                continue
            if not waiting and _ignored_before(ignored, operation, examples, index):
                continue
        label = f"response `{example.name}`" if example.name else "a response"
        bare = [
            e for e in operation.examples if e.kind == "request" and not _block_type(e) and e.location < example.location
        ]
        hint = " (a request before it has no annotation)" if bare else ""
        related = (bare[-1].location,) if bare else ()
        out.append(
            make(
                "example-unpaired",
                f"{label} has no request example on this page{hint}",
                example.location,
                context=example_label(example),
                related=related,
            )
        )
    for index, example in enumerate(examples):
        if example.kind == "request" and index not in answered:
            if _ignored_after(ignored, examples, index):
                continue
            label = f"request `{example.name}`" if example.name else "a request"
            out.append(
                make(
                    "example-unpaired",
                    f"{label} has no response example on this page",
                    example.location,
                    context=example_label(example),
                )
            )
    return out


def _ignored_before(
    ignored: list[tuple[int, str]], operation: Operation, examples: list[Example], index: int
) -> bool:
    """True when an ignored request fence stands between the previous annotated example (or a
    request without annotation, which the finding then names) and ``examples[index]``."""
    line = examples[index].location.line
    floor = examples[index - 1].location.line if index else 0
    floor = max(
        [floor] + [e.location.line for e in operation.examples if not _block_type(e) and e.location.line < line]
    )
    return any(floor < at < line and kind == "request" for at, kind in ignored)


def _ignored_after(ignored: list[tuple[int, str]], examples: list[Example], index: int) -> bool:
    """True when an ignored response fence follows ``examples[index]`` before the next annotated one."""
    line = examples[index].location.line
    ceiling = examples[index + 1].location.line if index + 1 < len(examples) else float("inf")
    return any(line < at < ceiling and k == "response" for at, k in ignored)


def named_examples(model: Model) -> dict[tuple[str, str], list[Example]]:
    """The annotated request/response examples of the tree by (kind, the name their annotation
    gives), each list by place."""
    seen: dict[tuple[str, str], list[Example]] = {}
    for operation in model.operations:
        for example in operation.examples:
            name = _explicit_name(example)
            if name and _block_type(example) in ("request", "response"):
                seen.setdefault((example.kind, name), []).append(example)
    return {key: sorted(examples, key=lambda e: e.location) for key, examples in seen.items()}


def duplicate_names(model: Model) -> list[Diagnostic]:
    """Examples of one kind that share the name their annotation gives, across the whole tree."""
    named = named_examples(model)
    examples = [e for operation in model.operations for e in operation.examples]
    return duplicates_among(examples, lambda kind, name: named.get((kind, name), []))


def duplicates_among(examples: Iterable[Example], named: Callable[[str, str], list[Example]]) -> list[Diagnostic]:
    """:func:`duplicate_names`' findings located at ``examples`` (one page's), given ``named``
    (kind, name) -> every example of the tree of that kind and name, by place."""
    examples = list(examples)
    mine = {id(e) for e in examples}
    keys = {
        (e.kind, name)
        for e in examples
        if (name := _explicit_name(e)) and _block_type(e) in ("request", "response")
    }
    out: list[Diagnostic] = []
    for kind, name in sorted(keys):
        ordered = named(kind, name)
        for example in ordered[1:]:
            if id(example) not in mine:
                continue
            out.append(
                make(
                    "duplicate-example-name",
                    f"{kind} example name `{name}` is already used in {ordered[0].location.path}",
                    example.location,
                    context=f"{kind} {name}",
                    related=(ordered[0].location,),
                )
            )
    return out


def _optional(example: Example) -> set[str]:
    value = example.annotation.get("optionalProperties")
    return {v for v in value if isinstance(v, str)} if isinstance(value, list) else set()


def representation_rows(typedef: TypeDef, types: TypeTable) -> list[Diagnostic]:
    """Rows of the type's own Properties table that its JSON representation leaves out.

    Navigation properties (Relationships rows) are left out of representations by convention, and
    so are the annotation's ``optionalProperties``; a truncated representation is not checked.
    """
    example = typedef.representation
    if example is None or not isinstance(example.body, dict) or example.truncated:
        return []
    keys = set(example.body)
    skip = _optional(example)
    out: list[Diagnostic] = []
    for prop in typedef.properties:
        if prop.navigation or prop.inherited_from or prop.name in keys or prop.name in skip:
            continue
        if prop.location.path != example.location.path:
            continue  # a row from another page documenting the same type (merged Intune pages)
        folded = sorted(k for k in keys if k.lower() == prop.name.lower())
        hint = f" (it has `{folded[0]}`)" if folded else ""
        out.append(
            make(
                "representation-row-missing",
                f"property `{prop.name}` of `{typedef.qualified_name}` is in the table but not in the "
                f"JSON representation{hint}",
                prop.location,
                context=prop.name,
                related=(example.location,),
            )
        )
    return out


_STATUS_WITHOUT_VERSION = re.compile(r"^\s*HTTP\s+(\d{3})\b(.*)$", re.IGNORECASE)


def status_lines(operation: Operation, lines: list[str] | None) -> list[Diagnostic]:
    """``example-status-line`` for a response example whose status line lacks the protocol
    version (``HTTP 201 Created`` for ``HTTP/1.1 201 Created``): the status is not read from it."""
    out: list[Diagnostic] = []
    if not lines:
        return out
    for example in operation.examples:
        if example.kind != "response" or example.status is not None:
            continue
        start = example.location.line  # the fence opener (1-based) == index of the next line
        first = next((i for i in range(start, min(len(lines), start + 5)) if lines[i].strip()), None)
        if first is None:
            continue
        match = _STATUS_WITHOUT_VERSION.match(lines[first])
        if match is None:
            continue
        written = lines[first].strip()
        out.append(
            make(
                "example-status-line",
                f"status line `{written}` has no protocol version; write `HTTP/1.1 {match.group(1)}{match.group(2).rstrip()}`",
                Location(example.location.path, first + 1, lines[first].find(written[0]) + 1),
                context=f"{example_label(example)} {written}",
            )
        )
    return out


_HOST = re.compile(r"^\s*(?:https?://[^/\s]+)?(?:/(?:v1\.0|beta))?(?=/)", re.IGNORECASE)
_NAME_SEGMENT = re.compile(r"^[A-Za-z][A-Za-z]{2,}$")


def _segments(path: str) -> list[str]:
    """The path's segments without host, version, query, function arguments or ``$``-prefixes, lower-cased."""
    path = _HOST.sub("", path.strip(), count=1).split("?", 1)[0].split("#", 1)[0]
    out = []
    for segment in path.split("/"):
        segment = re.sub(r"\(.*\)$", "", segment.strip()).lstrip("$").lower()
        if segment:
            out.append(segment)
    return out


def unmatched_urls(operation: Operation) -> list[Diagnostic]:
    """``example-url-unmatched`` for a request example whose URL ends in another name than every
    request line of the page (``…/schedule/shifts`` on a page documenting ``…/schedule/openShifts``):
    the example calls another API than the page documents.

    Conservative: only when every request line ends in a literal segment (a line ending in
    ``{id}`` takes any last segment) and the example's last segment is a name (letters only; ids,
    ``$value`` and casts are not)."""
    lines = [line.path for line in operation.request_lines]
    endings = [_segments(line)[-1:] for line in lines]
    if not lines or any(not end or "{" in end[0] or ":" in end[0] for end in endings):
        return []
    known = {end[0] for end in endings}
    out: list[Diagnostic] = []
    for example in operation.examples:
        if example.kind != "request" or _block_type(example) != "request" or not example.url:
            continue
        last = _segments(example.url)[-1:]
        if not last or not _NAME_SEGMENT.match(last[0]) or last[0] in known:
            continue
        shown = ", ".join(f"`{line}`" for line in lines[:3]) + (" …" if len(lines) > 3 else "")
        out.append(
            make(
                "example-url-unmatched",
                f"the example's URL ends in `{last[0]}`, and none of the page's request lines does ({shown})",
                example.location,
                context=f"{example_label(example)} {last[0]}",
                related=(operation.request_lines[0].location,),
            )
        )
    return out
