"""Telling whether the output folder holds what docgen would write, without writing anything.

In: the files a fresh generation holds (relative posix path -> text) and the output folder. Out:
a :class:`CheckResult`: each file that differs (changed, new, stale, hand-edited) with a capped
unified diff, manifest and leftover findings, and what a later check may reuse (every file's
sha256, the stamps of the files found unchanged: :mod:`docgen.write.stamps`). Split from
:mod:`docgen.write.output`, which re-exports it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import field
from pathlib import Path

from docgen import __version__
from docgen.diagnostics import Diagnostic, Location, error
from docgen.model.dataclass_ahead import dataclass
from docgen.write.commit import leftovers
from docgen.write.paths import MANIFEST_NAME
from docgen.write.stamps import Stamp
from docgen.write.state import (
    Display,
    Manifest,
    digests,
    read_manifest,
    survey,
    validate,
)

DIFF_LINES_PER_FILE = 200
"""At most this many lines of unified diff are shown per file."""
DIFF_LINES_TOTAL = 2000
"""At most this many lines of unified diff are shown in all."""

_CHECK_FINDINGS = {
    "new": ("new-file", "is not there yet: docgen would write it"),
    "changed": ("out-of-date", "differs from what docgen generates now (the docs, templates or docgen changed)"),
    "hand-edited": ("hand-edited", "was edited by hand since docgen wrote it"),
    "foreign": ("not-generated", "has no docgen header but docgen would write a file here"),
    "stale": ("stale-file", "was generated earlier and is no longer produced"),
    "stale-edited": ("stale-file", "was generated earlier and is no longer produced (and was edited by hand since)"),
}


@dataclass(frozen=True)
class CheckResult:
    """How the output folder differs from a fresh generation."""

    changed: tuple[str, ...] = ()
    """Docgen's own files that a fresh generation would change (docs, template or version drift)."""
    new: tuple[str, ...] = ()
    """Files a fresh generation would add."""
    stale: tuple[str, ...] = ()
    """Files generated earlier that a fresh generation would remove."""
    hand_edited: tuple[str, ...] = ()
    """Files (kept or stale) whose bytes differ from what docgen recorded writing, or that lack its header."""
    diffs: tuple[tuple[str, str], ...] = ()
    """(display path, unified diff text) per changed or edited file, capped."""
    cut_lines: int = 0
    """How many diff lines the caps left out."""
    diagnostics: tuple[Diagnostic, ...] = ()
    """One finding per differing file, plus manifest and refusal findings."""
    hashes: Mapping[str, str] = field(default_factory=dict)
    """The sha256 of every file a fresh generation holds (empty after a refusal)."""
    stamps: Mapping[str, Stamp] = field(default_factory=dict)
    """A stamp (:mod:`docgen.write.stamps`) of each file found unchanged."""

    @property
    def clean(self) -> bool:
        """True when the output is exactly what docgen would write now."""
        return not self.diagnostics

    def diff_text(self) -> str:
        """All diffs, then a line saying how much was cut."""
        text = "".join(diff for _, diff in self.diffs)
        if self.cut_lines:
            text += f"... {self.cut_lines} more diff line(s) not shown\n"
        return text

    def to_json(self) -> dict:
        """The JSON form printed by ``docgen check --format json``."""
        return {
            "up_to_date": self.clean,
            "changed": list(self.changed),
            "new": list(self.new),
            "stale": list(self.stale),
            "hand_edited": list(self.hand_edited),
            "diffs": [{"path": path, "diff": diff} for path, diff in self.diffs],
            "diff_lines_cut": self.cut_lines,
            "diagnostics": [d.to_json() for d in self.diagnostics],
        }


def _first_difference(old: bytes, new: bytes) -> int:
    """1-based number of the first line that differs."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    for number, (a, b) in enumerate(zip(old_lines, new_lines), start=1):
        if a != b:
            return number
    return min(len(old_lines), len(new_lines)) + 1


def _diff(old: bytes, new: bytes, shown: str) -> list[str]:
    """Unified diff lines from the file on disk to the fresh generation."""
    import difflib

    a = old.decode("utf-8", errors="replace").splitlines(keepends=True)
    b = new.decode("utf-8", errors="replace").splitlines(keepends=True)
    lines = list(difflib.unified_diff(a, b, f"a/{shown}", f"b/{shown}"))
    return [line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines]


def check_output(
    files: Mapping[str, str],
    out: Path,
    *,
    inputs: Iterable[Path] = (),
    version: str = __version__,
    display: Display = str,
) -> CheckResult:
    """Compare ``out`` with ``files`` (a fresh generation) without writing anything."""
    inputs = tuple(inputs)
    refusals = validate(files, out, inputs, display)
    if refusals:
        return CheckResult(diagnostics=tuple(sorted(refusals, key=Diagnostic.sort_key)))
    manifest, diagnostics = read_manifest(out, display)
    hashes = digests(files)
    stamps: dict[str, Stamp] = {}
    states = survey(files, out, manifest, hashes=hashes, stamps=stamps)
    groups: dict[str, list[str]] = {"changed": [], "new": [], "stale": [], "hand_edited": []}
    diffs: list[tuple[str, str]] = []
    budget, cut = DIFF_LINES_TOTAL, 0
    for state in states:
        if state.status == "unchanged":
            continue
        code, why = _CHECK_FINDINGS[state.status]
        shown = display(out / state.rel)
        line = _first_difference(state.old, state.new) if state.old and state.new else 1
        diagnostics.append(error(code, f"{state.rel} {why}", Location(shown, line)))
        group = {"new": "new", "changed": "changed", "stale": "stale"}.get(state.status, "hand_edited")
        groups[group].append(state.rel)
        if state.old is not None and state.new is not None:
            lines = _diff(state.old, state.new, shown)
            keep = max(0, min(len(lines), DIFF_LINES_PER_FILE, budget))
            budget -= keep
            cut += len(lines) - keep
            if keep:
                diffs.append((shown, "".join(lines[:keep])))
    manifest_path = Location(display(out / MANIFEST_NAME))
    expected = Manifest(version, tuple(sorted(hashes.items())))
    existing = out.is_dir() and any(state.old is not None for state in states)
    if manifest is None and existing and not any(d.code == "manifest-unreadable" for d in diagnostics):
        diagnostics.append(error("manifest-missing", "docgen's manifest is missing: run docgen generate", manifest_path))
    elif manifest is not None and manifest.docgen_version != version:
        message = f"the output was generated by docgen {manifest.docgen_version}; this is docgen {version}"
        diagnostics.append(error("version-changed", message, manifest_path))
    elif manifest is not None and not diagnostics and manifest != expected:
        diagnostics.append(error("manifest-out-of-date", "docgen's manifest does not match the output", manifest_path))
    diagnostics += leftovers(out, display)  # a killed write's journal and temporaries
    return CheckResult(
        changed=tuple(groups["changed"]),
        new=tuple(groups["new"]),
        stale=tuple(groups["stale"]),
        hand_edited=tuple(groups["hand_edited"]),
        diffs=tuple(diffs),
        cut_lines=cut,
        diagnostics=tuple(diagnostics),
        hashes=hashes,
        stamps=stamps,
    )
