"""Base types in prose (issue 16 item 2): "Base type of [x]" names a derived type; "Inherits
from", "Derived from", "is the derivative of", "properties are inherited from" name the base.
Modern excerpts (attachmentBase, taskFileAttachment) and synthetic pages in
tests/fixtures/modern/base_prose/."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.extract.dispatch import extract_page
from docgen.pipeline.build import build_model
from docgen.read.source import decode_source

BASE_PROSE = Path(__file__).resolve().parents[1] / "fixtures" / "modern" / "base_prose"


def _page_type(text: str):
    src, _ = decode_source(text.encode(), "resources/thing.md")
    return extract_page(src).types[0]


def _page(intro: str) -> str:
    return (
        "---\ndoc_type: resourcePageType\n---\n# thing resource type\n\nNamespace: microsoft.graph\n\n"
        f"{intro}\n\n## Properties\n|Property|Type|Description|\n|:--|:--|:--|\n|x|String|An x.|\n"
    )


@pytest.mark.parametrize(
    "intro",
    [
        "Inherits from [widget](widget.md).",
        "Derived from [widget](widget.md).",
        "This type is the derivative of [widget](widget.md).",
        "The following properties are inherited from [widget](widget.md).",
        "Base type of [gadget](gadget.md).\n\nInherits from [widget](widget.md).",
        "Base type of [gadget](gadget.md). Inherits from [widget](widget.md).",
    ],
)
def test_prose_names_the_base(intro):
    page_type = _page_type(_page(intro))
    assert [(c.ref.name, c.source) for c in page_type.bases] == [("widget", "prose")]


@pytest.mark.parametrize(
    "intro, derived",
    [
        ("Base type of [gadget](gadget.md).", ["gadget"]),
        ("**thing** is the base type for [gadget](gadget.md).", ["gadget"]),
        ("Represents a base type for [gadget](gadget.md) and [gizmo](gizmo.md). See [widget](widget.md).", ["gadget", "gizmo"]),
        ("Represents an abstract base type for an attachment. You can add it to a [widget](widget.md).", []),
        # checked on today's pages the rule was not built from (protectionrulebase.md,
        # security-threatsubmission.md)
        (
            (
                "This abstract type is the base type for [siteProtectionRule](../resources/siteprotectionrule.md), "
                "[mailboxProtectionRule](../resources/mailboxprotectionrule.md), and "
                "[driveProtectionRule](../resources/driveprotectionrule.md)."
            ),
            ["siteProtectionRule", "mailboxProtectionRule", "driveProtectionRule"],
        ),
        (
            (
                "This resource is an abstract type. It is the base type for "
                "[emailThreatSubmission](../resources/security-emailthreatsubmission.md), "
                "[fileThreatSubmissin](../resources/security-filethreatsubmission.md), and "
                "[urlThreatSubmission](../resources/security-urlthreatsubmission.md)."
            ),
            ["emailThreatSubmission", "fileThreatSubmissin", "urlThreatSubmission"],
        ),
        # resources/accessreviewapplyaction.md (v1.0): the link names where the type is used
        ("Represents a base class for apply actions in the [widget](widget.md) of a [gizmo](gizmo.md).", []),
    ],
)
def test_base_type_of_names_derived_types_not_the_base(intro, derived):
    page_type = _page_type(_page(intro))
    assert not page_type.bases
    assert [r.name for r in page_type.derived] == derived


def test_modern_pages_build_the_classes_the_right_way_up():
    model = build_model([BASE_PROSE], jobs=1)
    index = model.type_index()
    assert index["microsoft.graph.taskFileAttachment"].base == "microsoft.graph.attachmentBase"
    assert index["microsoft.graph.attachmentBase"].base == "microsoft.graph.entity"
    assert index["microsoft.graph.printerCopy"].base == "microsoft.graph.printerBase"
    assert index["microsoft.graph.printerShareCopy"].base == "microsoft.graph.printerBase"
    assert index["microsoft.graph.printerBase"].base is None
    codes = {d.code for d in model.diagnostics}
    assert "base-type-cycle" not in codes and "base-type-mismatch" not in {
        d.code for d in model.diagnostics if d.severity.name != "INFO"
    }
