"""Resolution never raises and does not depend on page order, whatever the pages say."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from docgen.extract.dispatch import extract_page
from docgen.read.source import decode_source
from docgen.resolve.join import resolve

NAMES = st.sampled_from(["alpha", "Alpha", "beta", "entity", "riskLevel", "microsoft.graph.alpha", "x.y.alpha", ""])
TYPES = st.sampled_from(["String", "Int32", "collection", "Collection(", "[alpha](alpha.md)", "[beta](beta.md#x)", "", "beta collection"])


@st.composite
def pages(draw):
    kind = draw(st.sampled_from(["resourcePageType", "enumPageType", "apiPageType", ""]))
    name = draw(NAMES)
    lines = [f"---\ndoc_type: {kind}\n---\n# {name} resource type\n", f"Namespace: {draw(st.sampled_from(['microsoft.graph', 'x.y', '']))}\n"]
    base = draw(NAMES)
    if base:
        lines.append(f"Inherits from [{base}]({base.lower()}.md).\n")
    lines.append("## Properties\n|Property|Type|Description|\n|:--|:--|:--|")
    for _ in range(draw(st.integers(0, 4))):
        prop = draw(st.sampled_from(["a", "b", "id", "@odata.x", "bad name"]))
        inherited = draw(st.sampled_from(["", f" Inherited from [{draw(NAMES) or 'beta'}](beta.md)."]))
        values = draw(st.sampled_from(["", " Possible values are: `low`, `high`."]))
        lines.append(f"|{prop}|{draw(TYPES)}|Text.{inherited}{values}|")
    if draw(st.booleans()):
        lines.append("\n### riskLevel values\n|Member|\n|:--|\n|low|\n|" + draw(st.sampled_from(["mid", "high"])) + "|")
    if draw(st.booleans()):
        lines.append('\n## HTTP request\n```http\nPATCH /alpha\n```\n## Request body\n|Property|Type|Description|\n|--|--|--|\n|a|String|A.|')
    if draw(st.booleans()):
        lines.append("\n## Members\n|Member|Value|\n|--|--|\n|one|1|\n|two|x|")
    return "\n".join(lines) + "\n"


@settings(max_examples=60, deadline=None)
@given(st.lists(pages(), min_size=1, max_size=4))
def test_resolve_total_and_order_independent(texts):
    models = []
    for i, text in enumerate(texts):
        src, _ = decode_source(text.encode(), f"resources/p{i}.md")
        models.append(extract_page(src))
    first = resolve(models)
    assert resolve(list(reversed(models))) == first
    assert not [d for d in first.diagnostics if d.code == "internal-error"]
