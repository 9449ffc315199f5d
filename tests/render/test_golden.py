"""The golden record: the committed generated/ is exactly what docgen makes from api-docs/."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import REPO

from docgen.cli.main import main
from docgen.pipeline.build import build
from docgen.pipeline.cache import Cache
from docgen.render.package import RenderOptions, render_package

GENERATED = REPO / "generated"


@pytest.fixture(scope="module")
def fresh() -> dict[str, str]:
    built = build([REPO / "api-docs"], cache=Cache(None), root=REPO)
    files, diagnostics = render_package(built.model, RenderOptions(package="generated"))
    assert not [d for d in diagnostics if d.severity.label == "error"]
    return files


def test_same_file_list(fresh: dict[str, str]) -> None:
    committed = sorted(
        p.relative_to(GENERATED).as_posix()
        for p in GENERATED.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.name != ".docgen-manifest.json"
    )
    assert committed == sorted(fresh)


@pytest.mark.parametrize(
    "name",
    sorted(p.relative_to(GENERATED).as_posix() for p in GENERATED.rglob("*.py") if "__pycache__" not in p.parts),
)
def test_file_matches(fresh: dict[str, str], name: str) -> None:
    assert (GENERATED / name).read_text(encoding="utf-8") == fresh[name]


def test_docgen_check_passes_on_the_repository(monkeypatch) -> None:
    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(main, ["check", "--no-cache"])
    assert result.exit_code == 0, result.output
