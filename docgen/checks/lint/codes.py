"""The codes ``docgen lint`` reports: default severity and a one-line description for each."""

from __future__ import annotations

from docgen.diagnostics import Diagnostic, Location, Severity
from docgen.model.core import Example

CODES: dict[str, tuple[Severity, str]] = {
    "invalid-json": (
        Severity.ERROR,
        "an example's JSON body does not parse (trailing comma, unquoted key …)",
    ),
    "invalid-annotation": (
        Severity.WARNING,
        'a `<!-- { … } -->` annotation is not valid JSON, or a flag in it is a string (`"true"`)',
    ),
    "example-property-unknown": (
        Severity.WARNING,
        "an example's JSON has a property that the type's tables (base chain included) lack",
    ),
    "example-value-type": (
        Severity.WARNING,
        "an example value has the wrong JSON type for its property (string for a number, array for a single value …)",
    ),
    "enum-value-unknown": (
        Severity.WARNING,
        "an example uses a value that the property's enum lacks",
    ),
    "enum-value-case": (
        Severity.INFO,
        "an example's enum value differs from the member only in letter case (`HTML` for `html`)",
    ),
    "annotation-type-mismatch": (
        Severity.WARNING,
        "a response annotation's `@odata.type` names another type than the page's Response section, and the body fits the latter",
    ),
    "example-unpaired": (
        Severity.WARNING,
        "a request example without a response, or a response without a request",
    ),
    "example-status-line": (
        Severity.WARNING,
        "a response example's status line lacks the protocol version (`HTTP 201 Created`)",
    ),
    "example-url-unmatched": (
        Severity.WARNING,
        "a request example's URL names a segment none of the page's request lines has",
    ),
    "duplicate-example-name": (
        Severity.ERROR,
        "two request (or two response) examples share a name",
    ),
    "representation-row-missing": (
        Severity.WARNING,
        "a Properties table row that the resource's JSON representation lacks",
    ),
    "table-row-missing": (
        Severity.WARNING,
        (
            "a key of the resource's JSON representation (or a derived page's \"Inherited from\" "
            "row) that the Properties/Relationships tables lack"
        ),
    ),
    "unresolved-link": (
        Severity.ERROR,
        "a link (type cell, prose, Methods table) points at no input page",
    ),
    "link-not-checked": (
        Severity.INFO,
        "a link into another version of the docs (`view=`) or out of the input tree; not resolved",
    ),
    "unresolved-type": (Severity.ERROR, "a type name resolves to no documented type"),
    "namespace-mismatch": (
        Severity.WARNING,
        "a namespace (the page's `Namespace:` line or an example's `@odata.type`) disagrees with the type's",
    ),
    "type-name-case": (
        Severity.WARNING,
        "a qualified type name (an example's `@odata.type`) differs from the documented type's only in letter case",
    ),
    "lint-ignore-unknown": (
        Severity.WARNING,
        "a page's lint suppression names a code that does not exist",
    ),
}
"""Code -> (default severity, one-line description)."""

FIXES: dict[str, str] = {
    "invalid-json": "Make the body valid JSON: drop the trailing comma, add the missing one, quote the key, "
    "remove the comment or `...`.",
    "invalid-annotation": 'Remove the trailing comma; write flags as JSON booleans (`"isCollection": true`).',
    "example-property-unknown": "Correct the spelling, add the missing table row (or the base type's page, or "
    '"Inherits from"), or unwrap a single object from `value`.',
    "example-value-type": 'Write the value as its type (`true`, `"2020-09-08"`), or correct the table\'s type.',
    "enum-value-unknown": "Use a member the enum lists, or add the member to the enum's table.",
    "enum-value-case": "Spell the value as the enum does.",
    "annotation-type-mismatch": "Write the type the page returns in the annotation's `@odata.type`.",
    "example-unpaired": 'Annotate the missing half (`"blockType": "request"` / `"response"`), or add it.',
    "example-status-line": "Write the status line as `HTTP/1.1 201 Created`.",
    "example-url-unmatched": "Correct the example's URL, or add the request line it calls to the HTTP request section.",
    "duplicate-example-name": "Give one of the examples a name of its own.",
    "representation-row-missing": "Add the key to the JSON representation (or remove a row that is wrong).",
    "table-row-missing": "Add the row (type and description), or remove the key.",
    "unresolved-link": "Correct the target, or add the page (lint the whole docs tree).",
    "link-not-checked": "Nothing to fix on the page; lint the tree the link points into to check it.",
    "unresolved-type": "Link the cell to the type's page, write the type's real name, or document the type.",
    "namespace-mismatch": "Write the type's namespace (`#microsoft.graph.conversationThread`); make the "
    "`Namespace:` line and the annotation agree.",
    "type-name-case": "Spell the type as its page does (`#microsoft.graph.openTypeExtension`).",
    "lint-ignore-unknown": "Spell the code as docs/lint-codes.md lists it.",
}
"""Code -> how to fix a finding (the **Fix:** of docs/lint-codes.md), for SARIF's full description."""


def rules() -> dict[str, tuple[Severity, str, str]]:
    """Code -> (fixed level, short description, full description) for SARIF rules."""
    return {
        code: (
            severity,
            description,
            f"{description[0].upper()}{description[1:]}. {FIXES[code]}",
        )
        for code, (severity, description) in CODES.items()
    }


SURFACED = (
    "invalid-json",
    "invalid-annotation",
    "unresolved-link",
    "unresolved-type",
    "namespace-mismatch",
    "table-row-missing",  # a base page lacking a row its derived pages' "Inherited from" rows have
    "representation-row-missing",  # a row read under the representation's spelling (resolve)
)
"""Codes the parser/resolver put into ``Model.diagnostics`` that lint reports as its own."""


def make(
    code: str,
    message: str,
    location: Location,
    *,
    context: str = "",
    related: tuple[Location, ...] = (),
) -> Diagnostic:
    """A diagnostic with the code's default severity; ``context`` tells it apart on its page without
    its line (SARIF fingerprints), ``related`` names the other places its message refers to.
    """
    return Diagnostic(
        CODES[code][0], code, message, location, context=context, related=related
    )


def example_label(example: Example) -> str:
    """An example's line-independent identity on its page: ``request get_user``; a nameless one is
    ``response`` (ties are numbered by the report)."""
    name = example.name.strip() if isinstance(example.name, str) else ""
    return f"{example.kind} {name}".strip()


def json_path_text(path: tuple) -> str:
    """``("value", 0, "id")`` -> ``/value/0/id`` (a JSON pointer without escaping)."""
    return "".join(f"/{part}" for part in path) or "/"
