"""Printing findings in the formats CI systems read: text, JSON, GitHub workflow commands, SARIF 2.1.0.

Every command hands a list of :class:`~docgen.diagnostics.Diagnostic` (its findings converted to
diagnostics where needed) to one of these functions; none of them prints or decides exit codes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from urllib.parse import quote

from docgen import __version__
from docgen.diagnostics import Diagnostic, Severity

FORMATS = ("text", "json", "github", "sarif")
"""The ``--format`` values every reporting command accepts."""

SARIF_SCHEMA = "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json"
"""The ``$schema`` a SARIF document names (the OASIS 2.1.0 schema)."""

_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def ordered(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Diagnostics without duplicates, in their deterministic order."""
    return sorted(set(diagnostics), key=Diagnostic.sort_key)


def to_text(diagnostics: Iterable[Diagnostic]) -> str:
    """One ``path:line:col: severity: code: message`` line per diagnostic."""
    return "".join(d.format() + "\n" for d in ordered(diagnostics))


def _escape_data(text: str) -> str:
    """Escape a workflow command's message (GitHub's ``escapeData``)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """Escape a workflow command's property value (GitHub's ``escapeProperty``)."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def to_github(diagnostics: Iterable[Diagnostic]) -> str:
    """GitHub Actions workflow commands: ``::warning file=…,line=…,col=…,title=…::message``."""
    lines = []
    for d in ordered(diagnostics):
        where = d.location
        props = f"file={_escape_property(where.path)},line={where.line},col={where.col},title={_escape_property(d.code)}"
        lines.append(f"::{_GITHUB_LEVEL[d.severity]} {props}::{_escape_data(d.message)}\n")
    return "".join(lines)


def to_json(diagnostics: Iterable[Diagnostic]) -> list[dict]:
    """The diagnostics as JSON objects, ordered."""
    return [d.to_json() for d in ordered(diagnostics)]


def _fingerprint(d: Diagnostic) -> str:
    """A stable identity for a result across runs (ignores line moves)."""
    return hashlib.sha256(f"{d.code}\0{d.location.path}\0{' '.join(d.message.split())}".encode()).hexdigest()


def to_sarif(
    diagnostics: Iterable[Diagnostic],
    *,
    rules: Mapping[str, str] | None = None,
    tool: str = "docgen",
) -> dict:
    """A SARIF 2.1.0 log with one run, as GitHub code scanning accepts it.

    ``rules`` maps a code to a one-line description; codes without one are described by their name.
    Artifact URIs are the diagnostics' (relative) paths, percent-encoded, against ``%SRCROOT%``.
    """
    items = ordered(diagnostics)
    descriptions = dict(rules or {})
    codes = sorted({d.code for d in items} | set(descriptions))
    index = {code: i for i, code in enumerate(codes)}
    worst: dict[str, Severity] = {}
    for d in items:
        worst[d.code] = max(worst.get(d.code, d.severity), d.severity)
    sarif_rules = [
        {
            "id": code,
            "name": "".join(part.capitalize() for part in code.replace("_", "-").split("-")),
            "shortDescription": {"text": descriptions.get(code) or code.replace("-", " ")},
            "defaultConfiguration": {"level": _SARIF_LEVEL[worst.get(code, Severity.WARNING)]},
        }
        for code in codes
    ]
    results = []
    for d in items:
        results.append(
            {
                "ruleId": d.code,
                "ruleIndex": index[d.code],
                "level": _SARIF_LEVEL[d.severity],
                "message": {"text": " ".join(d.message.split()) or d.code},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": quote(d.location.path), "uriBaseId": "%SRCROOT%"},
                            "region": {"startLine": max(1, d.location.line), "startColumn": max(1, d.location.col)},
                        }
                    }
                ],
                "partialFingerprints": {"docgenFinding/v1": _fingerprint(d)},
            }
        )
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": tool,
                        "version": __version__,
                        "rules": sarif_rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
