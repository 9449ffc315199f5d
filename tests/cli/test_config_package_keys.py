"""[tool.docgen] version and distribution: the generated package's pyproject.toml metadata."""

from __future__ import annotations

from docgen.cli.config import load_config


def test_version_and_distribution_are_read(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.docgen]\nsource = "docs"\nversion = "2.0.1"\ndistribution = "contoso-graph"\n',
        encoding="utf-8",
    )
    config, problems = load_config(tmp_path)
    assert problems == []
    assert (config.version, config.distribution) == ("2.0.1", "contoso-graph")


def test_a_version_that_is_not_a_string_is_an_error(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.docgen]\nversion = 2\n', encoding="utf-8")
    config, problems = load_config(tmp_path)
    assert config is None
    assert [p.code for p in problems] == ["config-value"]
    assert "version must be a string" in problems[0].message
