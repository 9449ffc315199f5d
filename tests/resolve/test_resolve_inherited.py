""""Inherited from [x]" rows as evidence of x's properties (issue 16 item 1, issue 20's
table-row-missing class): modern Intune excerpts in tests/fixtures/modern/inherited/."""

from __future__ import annotations

from pathlib import Path

from docgen.checks.lint.core import lint
from docgen.extract.dispatch import extract_page
from docgen.pipeline.build import build_model
from docgen.read.source import decode_source
from docgen.resolve.join import resolve

INHERITED = Path(__file__).resolve().parents[1] / "fixtures" / "modern" / "inherited"


def from_texts(**texts: str):
    pages = []
    for name, text in texts.items():
        src, _ = decode_source(text.encode(), f"resources/{name}.md")
        pages.append(extract_page(src))
    return resolve(pages)


def resource(name: str, body: str) -> str:
    return f"---\ndoc_type: resourcePageType\n---\n# {name} resource type\n\nNamespace: microsoft.graph\n\n{body}\n"


def _model():
    return build_model([INHERITED], jobs=1)


def _names(typedef):
    return [p.name for p in typedef.properties]


def test_a_row_the_base_page_lacks_becomes_a_property_of_the_base():
    index = _model().type_index()
    base = index["microsoft.graph.mobileApp"]
    assert "supersedingAppCount" in _names(base) and "supersededAppCount" in _names(base)
    kept = next(p for p in base.properties if p.name == "supersededAppCount")
    assert kept.type == "Edm.Int32" and kept.inherited_from is None
    assert kept.location.path.endswith(("intune-apps-mobilelobapp.md", "intune-apps-windowsappx.md", "intune-apps-windowsmobilemsi.md"))
    # derived types inherit it instead of repeating it
    for name in ("mobileLobApp", "windowsMobileMSI", "windowsAppX"):
        assert "supersededAppCount" not in _names(index[f"microsoft.graph.{name}"])
    assert index["microsoft.graph.windowsMobileMSI"].base == "microsoft.graph.mobileLobApp"
    assert index["microsoft.graph.mobileLobApp"].base == "microsoft.graph.mobileApp"


def test_one_finding_on_the_base_page_not_one_per_derived_page():
    model = _model()
    missing = [d for d in model.diagnostics if d.code == "table-row-missing"]
    assert sorted(d.message.split('"')[1] for d in missing) == ["supersededAppCount", "supersedingAppCount"]
    assert {d.location.path.rpartition("/")[2] for d in missing} == {"intune-apps-mobileapp.md"}
    assert all("2 more" in d.message for d in missing)  # three derived pages have the row
    found = [d for d in lint(model) if d.code == "table-row-missing"]
    assert len(found) == 2
    assert {d.location.path.rpartition("/")[2] for d in found} == {"intune-apps-mobileapp.md"}


def test_a_row_that_disagrees_with_its_base_is_reported_at_the_row():
    model = _model()
    mismatches = [d for d in model.diagnostics if d.code == "inherited-row-mismatch"]
    assert len(mismatches) == 1
    (found,) = mismatches
    assert found.location.path.endswith("intune-apps-windowsappx.md")
    assert '"size"' in found.message and "Edm.Int32" in found.message and "Edm.Int64" in found.message
    # the base's own row wins
    size = next(p for p in model.type_index()["microsoft.graph.mobileLobApp"].properties if p.name == "size")
    assert size.type == "Edm.Int64"


def test_lint_never_blames_a_derived_page_for_a_property_its_rows_document():
    found = lint(_model())
    derived = [d for d in found if not d.location.path.endswith("intune-apps-mobileapp.md")]
    assert not [d for d in derived if d.code in ("table-row-missing", "unknown-property")], derived


def test_rows_naming_a_type_outside_the_chain_stay_on_the_page_type():
    # the annotation says the base is parentB; the rows say "Inherited from [parentA]" for a
    # property neither page has: the property stays on the page's own type, never lost
    child = resource(
        "child",
        "## Properties\n|Property|Type|Description|\n|--|--|--|\n"
        "|x|String|An x.|\n|shared|Int32|A shared count. Inherited from [parentA](parenta.md)|\n\n"
        '## JSON representation\n<!-- {"blockType": "resource", "baseType": "microsoft.graph.parentB", '
        '"@odata.type": "microsoft.graph.child"} -->\n```json\n{"x": "s", "shared": 1}\n```',
    )
    plain = "## Properties\n|Property|Type|Description|\n|--|--|--|\n|y|Int32|A y.|"
    model = from_texts(child=child, parenta=resource("parentA", plain), parentb=resource("parentB", plain))
    index = model.type_index()
    assert index["microsoft.graph.child"].base == "microsoft.graph.parentB"
    shared = [p for p in index["microsoft.graph.child"].properties if p.name == "shared"]
    assert len(shared) == 1 and shared[0].inherited_from == "microsoft.graph.parentA"
    assert "shared" not in _names(index["microsoft.graph.parentA"])
    assert not [d for d in model.diagnostics if d.code == "table-row-missing"]


def test_a_row_spelled_differently_from_the_base_is_reported():
    base = resource("vehicle", "## Properties\n|Property|Type|Description|\n|--|--|--|\n|wheelCount|Int32|Wheels.|")
    car = resource(
        "car",
        "Inherits from [vehicle](vehicle.md)\n\n## Properties\n|Property|Type|Description|\n|--|--|--|\n"
        "|WheelCount|Int32|Wheels. Inherited from [vehicle](vehicle.md)|\n|doors|Int32|Doors.|",
    )
    model = from_texts(vehicle=base, car=car)
    (found,) = [d for d in model.diagnostics if d.code == "inherited-row-mismatch"]
    assert 'spells it "WheelCount"' in found.message and found.location.path == "resources/car.md"
    assert _names(model.type_index()["microsoft.graph.vehicle"]) == ["wheelCount"]
