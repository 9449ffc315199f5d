"""An operation naming "[A](…) or [B](…)" takes the nearest base type A and B share
(tests/fixtures/rules/item_or/, copied from graph-docs-v1.0: api/conditionalaccessroot-post-
namedlocations.md, whose Request body and Response sentences say "an [ipNamedLocation](…) or
[countryNamedLocation](…) object"; api/call-answer.md, lines 1-56 and 169-206, whose body table
types mediaConfig as "[appHostedMediaConfig](…) or [serviceHostedMediaConfig](…)"; and the
resources/ pages of those types, their bases and the types their properties use)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from render_helpers import render_to, run_pytest

from docgen.pipeline.build import build_model
from docgen.resolve.operations import nearest_common_base

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "rules" / "item_or"
NAMED = "create_namedlocation_from_conditionalaccessroot_1"
ANSWER = "call-answer-service-hosted-media"


def operations(root: Path) -> dict:
    return {op.name: op for op in build_model([root]).operations}


def test_sentences_with_or_take_the_common_base():
    op = operations(PAGES)[NAMED]
    assert op.request_body.type == "microsoft.graph.namedLocation"
    assert op.response.type == "microsoft.graph.namedLocation"


def test_body_table_cell_with_or_takes_the_common_base():
    op = operations(PAGES)[ANSWER]
    types = {p.name: p.type for p in op.request_body.properties}
    assert types["mediaConfig"] == "microsoft.graph.mediaConfig"
    assert types["callbackUri"] == "Edm.String"


def test_examples_of_either_type_pass(tmp_path):
    package, diags = render_to(build_model([PAGES]), tmp_path, "orpkg")
    assert not [d for d in diags if d.code.startswith("example-contradicts")]
    result = run_pytest(package / "tests", tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "xfail" not in result.stdout


def test_and_is_not_an_alternative(tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(PAGES, docs)
    page = docs / "api" / "conditionalaccessroot-post-namedlocations.md"
    text = page.read_text(encoding="utf-8")
    old = "an [ipNamedLocation](../resources/ipnamedlocation.md) or [countryNamedLocation]"
    assert text.count(old) == 1
    page.write_text(
        text.replace(old, "an [ipNamedLocation](../resources/ipnamedlocation.md) and [countryNamedLocation]"),
        encoding="utf-8",
    )
    op = operations(docs)[NAMED]
    assert op.request_body.type == "microsoft.graph.ipNamedLocation"
    assert op.response.type == "microsoft.graph.namedLocation"  # its sentence still says "or"


def test_types_without_a_shared_base_keep_the_first(tmp_path):
    # "an [ipNamedLocation](…) or [ipRange](…) object": an entity and a complex type without a base
    docs = tmp_path / "docs"
    shutil.copytree(PAGES, docs)
    page = docs / "api" / "conditionalaccessroot-post-namedlocations.md"
    text = page.read_text(encoding="utf-8")
    old = "[countryNamedLocation](../resources/countrynamedlocation.md) object"
    assert text.count(old) == 2
    page.write_text(text.replace(old, "[ipRange](../resources/iprange.md) object"), encoding="utf-8")
    op = operations(docs)[NAMED]
    assert op.request_body.type == "microsoft.graph.ipNamedLocation"
    assert op.response.type == "microsoft.graph.ipNamedLocation"


@pytest.mark.parametrize(
    ("names", "shared"),
    [
        (["a.ip", "a.country"], "a.named"),
        (["a.ip", "a.named"], "a.named"),
        (["a.sub", "a.country"], "a.named"),  # the nearest, not the root
        (["a.ip", "a.other"], None),
        (["a.ip"], "a.ip"),
    ],
)
def test_nearest_common_base(names, shared):
    bases = {
        "a.ip": "a.named",
        "a.country": "a.named",
        "a.sub": "a.ip",
        "a.named": "a.entity",
        "a.entity": None,
        "a.other": None,
    }
    assert nearest_common_base(names, bases) == shared
