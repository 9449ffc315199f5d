"""The codes ``docgen lint`` reports: default severity and a one-line description for each."""

from __future__ import annotations

from docgen.diagnostics import Diagnostic, Location, Severity

CODES: dict[str, tuple[Severity, str]] = {
    "invalid-json": (Severity.ERROR, "an example's JSON body does not parse (trailing comma, unquoted key …)"),
    "invalid-annotation": (Severity.WARNING, "a `<!-- { … } -->` annotation is not valid JSON, or a flag in it is a string (`\"true\"`)"),
    "example-property-unknown": (
        Severity.WARNING,
        "an example's JSON has a property that the type's tables (base chain included) lack",
    ),
    "example-value-type": (
        Severity.WARNING,
        "an example value has the wrong JSON type for its property (string for a number, array for a single value …)",
    ),
    "enum-value-unknown": (Severity.WARNING, "an example uses a value that the property's enum lacks"),
    "enum-value-case": (
        Severity.INFO,
        "an example's enum value differs from the member only in letter case (`HTML` for `html`)",
    ),
    "example-unpaired": (Severity.WARNING, "a request example without a response, or a response without a request"),
    "duplicate-example-name": (Severity.ERROR, "two request (or two response) examples share a name"),
    "representation-row-missing": (
        Severity.WARNING,
        "a Properties table row that the resource's JSON representation lacks",
    ),
    "table-row-missing": (
        Severity.WARNING,
        "a key of the resource's JSON representation that the Properties/Relationships tables lack",
    ),
    "unresolved-link": (Severity.ERROR, "a link (type cell, prose, Methods table) points at no input page"),
    "unresolved-type": (Severity.ERROR, "a type name resolves to no documented type"),
    "namespace-mismatch": (
        Severity.WARNING,
        "a namespace (the page's `Namespace:` line or an example's `@odata.type`) disagrees with the type's",
    ),
    "lint-ignore-unknown": (Severity.WARNING, "a page's lint suppression names a code that does not exist"),
}
"""Code -> (default severity, one-line description)."""

SURFACED = ("invalid-json", "invalid-annotation", "unresolved-link", "unresolved-type", "namespace-mismatch")
"""Codes the parser/resolver put into ``Model.diagnostics`` that lint reports as its own."""


def make(code: str, message: str, location: Location) -> Diagnostic:
    """A diagnostic with the code's default severity."""
    return Diagnostic(CODES[code][0], code, message, location)
