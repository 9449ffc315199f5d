"""The result of ``docgen drift``: findings, a summary of counts and accuracy figures, text and JSON.

:mod:`docgen.checks.drift.compare` computes a :class:`DriftReport`; this module only holds and prints it.
"""

from __future__ import annotations

from dataclasses import replace

from docgen.diagnostics import Diagnostic, Location, Severity
from docgen.model.dataclass_ahead import dataclass

KIND_SEVERITY: dict[str, Severity] = {
    "type-missing-in-docs": Severity.INFO,
    "type-page-not-read": Severity.WARNING,
    "type-missing-in-metadata": Severity.ERROR,
    "namespace-mismatch": Severity.WARNING,
    "kind-mismatch": Severity.ERROR,
    "base-type-mismatch": Severity.ERROR,
    "property-missing-in-docs": Severity.WARNING,
    "property-only-in-representation": Severity.WARNING,
    "property-missing-in-metadata": Severity.ERROR,
    "property-type-mismatch": Severity.ERROR,
    "collection-mismatch": Severity.ERROR,
    "navigation-mismatch": Severity.INFO,
    "enum-member-missing-in-docs": Severity.WARNING,
    "enum-member-missing-in-metadata": Severity.ERROR,
}
"""Every finding kind and its severity, in report order.

``type-missing-in-docs`` is a metadata type with no page at all (informational: the docs do not
claim to cover it); ``property-only-in-representation`` is a metadata property that the docs show
only in the type's JSON representation, not in its tables (counted as found, typed by the
representation's placeholder); ``type-page-not-read`` is a metadata type that has a page (see
:func:`docgen.checks.drift.compare.pages_by_type_name`) but no documented type in the model.
"""

KINDS = tuple(KIND_SEVERITY)
"""Finding kinds in report order."""

KIND_HELP: dict[str, tuple[str, str]] = {
    "type-missing-in-docs": ("a metadata type has no page", "Write the page, if the type is meant for users."),
    "type-page-not-read": (
        "a metadata type has a page that docgen did not read as that type",
        "Check the page's doc_type, title and Properties table.",
    ),
    "type-missing-in-metadata": (
        "the docs document a type the metadata lacks",
        "Rename the type as the service does, or remove it.",
    ),
    "namespace-mismatch": (
        "a type sits in another namespace in the docs than in the metadata",
        "Correct the page's Namespace: line or annotation.",
    ),
    "kind-mismatch": (
        "entity in one, complex in the other",
        "Give the page a key (keyProperty, an id row) or remove the entity evidence, as the service has it.",
    ),
    "base-type-mismatch": ("the base types differ", "State the base (Inherits from …, or baseType in the annotation)."),
    "property-missing-in-docs": (
        "a metadata property that no table of the type lists",
        "Add the row to Properties or Relationships.",
    ),
    "property-only-in-representation": (
        "a metadata property only the JSON representation shows",
        "Add the table row.",
    ),
    "property-missing-in-metadata": (
        "a documented property the metadata lacks",
        "Remove or rename the row (or it is a service bug).",
    ),
    "property-type-mismatch": (
        "the property's type differs",
        "Write the type the service uses (link an enum's page rather than string).",
    ),
    "collection-mismatch": (
        "single in one, collection in the other",
        "Write `x collection` (or Collection(x)) in the type cell, or remove it.",
    ),
    "navigation-mismatch": (
        "structural in one, navigation in the other",
        "Move the row to the Relationships table (or out of it).",
    ),
    "enum-member-missing-in-docs": ("a metadata enum member the docs do not list", "Add the member."),
    "enum-member-missing-in-metadata": (
        "a documented enum member the metadata lacks",
        "Remove or respell the member.",
    ),
}
"""Kind -> (short description, how to fix it), for SARIF rules (as docs/lint-codes.md says)."""


@dataclass(frozen=True)
class Finding:
    """One disagreement between the docs and the metadata."""

    kind: str
    """One of :data:`KINDS`."""
    type: str
    """The qualified type it is about (the metadata's spelling when the type is in the metadata)."""
    severity: Severity
    """How bad it is (see :data:`KIND_SEVERITY`)."""
    message: str
    """One line for a human."""
    property: str | None = None
    """The property or enum member it is about, None for type-level findings."""
    docs_value: str | None = None
    """What the docs say (a type, ``collection``/``single``, a base), None when they say nothing."""
    metadata_value: str | None = None
    """What the metadata says, None when it says nothing."""
    location: Location | None = None
    """Where in the docs (the row, or the type's page), None when the docs have no such place."""
    metadata_location: Location | None = None
    """Where in the CSDL file, None when the metadata has no such element."""
    pattern: str = ""
    """The disagreement class inside ``kind`` (``Edm.String vs <enum>``), for grouping counts."""
    docs_cell: str | None = None
    """The docs' type cell as written, for findings about a documented property's type."""

    def sort_key(self) -> tuple:
        """Deterministic order: type, then kind (report order), then property and values."""
        return (
            self.type.lower(),
            self.type,
            KINDS.index(self.kind) if self.kind in KINDS else len(KINDS),
            self.kind,
            (self.property or "").lower(),
            self.property or "",
            self.docs_value or "",
            self.metadata_value or "",
            self.location or Location(""),
        )

    def to_json(self) -> dict:
        """The finding as a JSON object (locations as ``{"path", "line", "col"}`` or null)."""
        return {
            "kind": self.kind,
            "severity": self.severity.label,
            "type": self.type,
            "property": self.property,
            "docs": self.docs_value,
            "metadata": self.metadata_value,
            "message": self.message,
            "pattern": self.pattern,
            "docs_cell": self.docs_cell,
            "location": _location_json(self.location),
            "metadata_location": _location_json(self.metadata_location),
        }


def _location_json(location: Location | None) -> dict | None:
    if location is None:
        return None
    return {"path": location.path, "line": location.line, "col": location.col}


@dataclass(frozen=True)
class Figure:
    """One accuracy figure: a share with its numerator, denominator and the bar it should meet."""

    name: str
    """Stable key (``property_recall``)."""
    label: str
    """Human wording."""
    numerator: int
    """Items that agree."""
    denominator: int
    """Items considered."""
    target: float | None = None
    """The issue's bar (0.99 …), None for figures given only for information."""

    @property
    def ratio(self) -> float | None:
        """numerator / denominator, None when nothing was considered."""
        return self.numerator / self.denominator if self.denominator else None

    def to_json(self) -> dict:
        """The figure as JSON (ratio rounded to 6 places)."""
        ratio = self.ratio
        return {
            "label": self.label,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "ratio": None if ratio is None else round(ratio, 6),
            "target": self.target,
        }

    def format(self) -> str:
        """``label: 98.76% (800/810; target 99%)``."""
        ratio = self.ratio
        shown = "n/a" if ratio is None else f"{ratio * 100:.2f}%"
        bar = "" if self.target is None else f"; target {self.target * 100:g}%"
        return f"{self.label}: {shown} ({self.numerator}/{self.denominator}{bar})"


@dataclass(frozen=True)
class DriftSummary:
    """Counts per finding kind, population counts and the accuracy figures."""

    counts: tuple[tuple[str, int], ...]
    """(kind, number of findings) for every kind in :data:`KINDS`, zeros included."""
    populations: tuple[tuple[str, int], ...]
    """Named sizes: metadata types, types with a page, docs types, matched types …"""
    figures: tuple[Figure, ...]
    """The accuracy figures (issue 3's bar), in a fixed order."""

    def count(self, kind: str) -> int:
        """Findings of ``kind``."""
        return dict(self.counts).get(kind, 0)

    def figure(self, name: str) -> Figure:
        """The figure called ``name``; KeyError when there is none."""
        for figure in self.figures:
            if figure.name == name:
                return figure
        raise KeyError(name)

    def to_json(self) -> dict:
        """The summary as JSON."""
        return {
            "counts": dict(self.counts),
            "populations": dict(self.populations),
            "figures": {f.name: f.to_json() for f in self.figures},
        }


@dataclass(frozen=True)
class DriftReport:
    """Everything ``docgen drift`` found."""

    metadata_path: str
    """The CSDL file compared against."""
    findings: tuple[Finding, ...]
    """Every disagreement, sorted by :meth:`Finding.sort_key`."""
    summary: DriftSummary
    """Counts and figures."""

    def worst(self) -> Severity | None:
        """The highest severity among the findings, None when there are none."""
        return max((f.severity for f in self.findings), default=None)

    def at_or_above(self, severity: Severity) -> tuple[Finding, ...]:
        """Findings whose severity is ``severity`` or worse."""
        return tuple(f for f in self.findings if f.severity >= severity)

    def to_json(self) -> dict:
        """One JSON document: metadata path, findings and summary."""
        return {
            "schema_version": 1,
            "metadata": self.metadata_path,
            "findings": [f.to_json() for f in self.findings],
            "summary": self.summary.to_json(),
        }

    def diagnostics(self) -> list[Diagnostic]:
        """The findings as diagnostics (github and sarif output): at the docs' place, else the
        metadata's; the metadata's place, when both are known, is a related location. A finding
        with neither is left out (no tool can show it). The context is type and property."""
        out = []
        for f in self.findings:
            where = f.location or f.metadata_location
            if where is None:
                continue
            related = (f.metadata_location,) if f.location and f.metadata_location else ()
            context = f"{f.type} {f.property or ''}".strip()
            out.append(Diagnostic(f.severity, f.kind, f.message, where, context=context, related=related))
        return out

    @staticmethod
    def rules() -> dict[str, tuple[Severity, str, str, str]]:
        """SARIF rules: kind -> (fixed level, short and full description, docs/lint-codes.md anchor)."""
        out = {}
        for kind in KINDS:
            short, fix = KIND_HELP[kind]
            anchor = "namespace-mismatch-drift" if kind == "namespace-mismatch" else kind
            out[kind] = (KIND_SEVERITY[kind], short, f"{short[0].upper()}{short[1:]}. {fix}", anchor)
        return out

    def only_pages(self, pages: set[str] | frozenset[str]) -> DriftReport:
        """The findings located in ``pages`` (paths as locations name them): what ``drift --root``
        reports for the pages named. Counts per kind are those of the findings kept; populations
        and accuracy figures stay the whole tree's."""
        kept = tuple(f for f in self.findings if f.location is not None and f.location.path in pages)
        counts = {kind: 0 for kind, _ in self.summary.counts}
        for finding in kept:
            counts[finding.kind] = counts.get(finding.kind, 0) + 1
        summary = replace(self.summary, counts=tuple(counts.items()))
        return replace(self, findings=kept, summary=summary)

    def to_text(self, min_severity: Severity = Severity.INFO, *, summary: bool = True) -> str:
        """Findings at or above ``min_severity`` grouped by type, then (with ``summary``) the
        summary."""
        lines: list[str] = []
        current: str | None = None
        for finding in self.findings:
            if finding.severity < min_severity:
                continue
            if finding.type != current:
                current = finding.type
                if lines:
                    lines.append("")
                lines.append(current)
            lines.append(
                f"  {_where(finding)}: {finding.severity.label}: {finding.kind}: {finding.message}"
            )
        if not summary:
            return "\n".join(lines) + "\n" if lines else ""
        if lines:
            lines.append("")
        lines.append(f"summary: the docs against {self.metadata_path}")
        lines.append("  findings per kind")
        lines.extend(
            f"    {kind}: {count}" for kind, count in self.summary.counts if count
        )
        if not self.findings:
            lines.append("    none")
        lines.append("  populations")
        lines.extend(
            f"    {name.replace('_', ' ')}: {size}"
            for name, size in self.summary.populations
        )
        lines.append("  accuracy")
        lines.extend(f"    {figure.format()}" for figure in self.summary.figures)
        return "\n".join(lines) + "\n"


def _where(finding: Finding) -> str:
    location = finding.location or finding.metadata_location
    return str(location) if location is not None else "-"


@dataclass(frozen=True)
class DisagreementClass:
    """Findings of one kind that share a pattern, with a few examples."""

    kind: str
    """The finding kind."""
    pattern: str
    """The shared :attr:`Finding.pattern`."""
    count: int
    """How many findings."""
    types: int
    """How many distinct types they are about."""
    examples: tuple[Finding, ...]
    """The first few findings, from different pages where possible."""

    def format_example(self, finding: Finding) -> str:
        """``path:line: type.property: docs X / metadata Y``."""
        where = _where(finding)
        subject = finding.type + (f".{finding.property}" if finding.property else "")
        values = f"docs {finding.docs_value or '-'} / metadata {finding.metadata_value or '-'}"
        cell = f" (cell {finding.docs_cell!r})" if finding.docs_cell else ""
        return f"{where}: {subject}: {values}{cell}"


def disagreement_classes(
    findings: tuple[Finding, ...] | list[Finding],
    *,
    min_severity: Severity = Severity.WARNING,
    examples: int = 3,
) -> list[DisagreementClass]:
    """Findings at or above ``min_severity`` grouped by (kind, pattern), largest first.

    Ties are broken by kind order then pattern, so the list is deterministic. Examples prefer
    findings from pages not already shown for the class.
    """
    groups: dict[tuple[str, str], list[Finding]] = {}
    for finding in sorted(findings, key=Finding.sort_key):
        if finding.severity >= min_severity:
            groups.setdefault((finding.kind, finding.pattern), []).append(finding)
    result = []
    for (kind, pattern), members in groups.items():
        chosen: list[Finding] = []
        pages: set[str] = set()
        for finding in members:
            page = (finding.location or finding.metadata_location or Location("")).path
            if page not in pages:
                pages.add(page)
                chosen.append(finding)
            if len(chosen) == examples:
                break
        for finding in members:
            if len(chosen) >= examples:
                break
            if finding not in chosen:
                chosen.append(finding)
        types = len({f.type for f in members})
        result.append(
            DisagreementClass(kind, pattern, len(members), types, tuple(chosen))
        )
    order = {kind: index for index, kind in enumerate(KINDS)}
    result.sort(key=lambda c: (-c.count, order.get(c.kind, len(order)), c.pattern))
    return result


FIGURES: tuple[tuple[str, str, str, str, float | None], ...] = (
    (
        "type_coverage",
        "metadata entity+complex types with a page that are in the model",
        "types_with_page_in_model",
        "types_with_page",
        0.99,
    ),
    (
        "property_recall",
        "property recall",
        "meta_properties_found",
        "meta_properties",
        0.99,
    ),
    (
        "property_precision",
        "property precision",
        "docs_properties_found",
        "docs_properties",
        0.98,
    ),
    (
        "property_type_agreement",
        "property type+collection agreement",
        "type_pairs_agree",
        "type_pairs",
        0.99,
    ),
    (
        "enum_member_recall",
        "enum member recall",
        "meta_members_found",
        "meta_members",
        0.98,
    ),
    ("base_type_agreement", "base type agreement", "base_agree", "base_total", 0.95),
    (
        "enum_coverage",
        "metadata enum types documented in the model",
        "enums_compared",
        "metadata_enums",
        None,
    ),
)
"""(name, label, numerator counter, denominator counter, issue-3 bar) of every figure, in order."""


def summarize(
    findings: list[Finding] | tuple[Finding, ...],
    counters: dict[str, int],
    populations: tuple[tuple[str, int], ...],
) -> DriftSummary:
    """Counts per kind, and the :data:`FIGURES` computed from the comparison's ``counters``."""
    counts = {kind: 0 for kind in KINDS}
    for finding in findings:
        counts[finding.kind] = counts.get(finding.kind, 0) + 1
    figures = tuple(
        Figure(name, label, counters.get(num, 0), counters.get(den, 0), target)
        for name, label, num, den, target in FIGURES
    )
    return DriftSummary(tuple((k, counts[k]) for k in KINDS), populations, figures)
