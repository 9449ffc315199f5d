"""config: [tool.docgen] in the nearest pyproject.toml."""

from __future__ import annotations

from pathlib import Path

from conftest import REPO

from docgen.cli.config import find_pyproject, load_config


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_repository_config_points_at_api_docs_and_generated():
    config, problems = load_config(REPO / "docgen")
    assert problems == []
    assert config.sources == (REPO / "api-docs",)
    assert config.output == REPO / "generated"
    assert config.package == "generated"
    assert config.base_url == "https://graph.microsoft.com/v1.0"


def test_nearest_pyproject_wins_and_paths_are_relative_to_it(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.docgen]\nsource = "outer"\noutput = "o"\n')
    inner = write(tmp_path / "proj" / "pyproject.toml",
                  '[tool.docgen]\nsource = ["docs/a", "docs/b"]\noutput = "gen"\ntemplates = "tpl"\n')
    (tmp_path / "proj" / "deep" / "er").mkdir(parents=True)
    assert find_pyproject(tmp_path / "proj" / "deep" / "er") == inner
    config, problems = load_config(tmp_path / "proj" / "deep" / "er")
    assert problems == []
    root = tmp_path / "proj"
    assert config.sources == (root / "docs/a", root / "docs/b")
    assert config.output == root / "gen" and config.templates == root / "tpl"
    assert config.package is None and config.base_url is None


def test_missing_table_invalid_toml_and_bad_values_are_diagnostics(tmp_path):
    write(tmp_path / "a" / "pyproject.toml", "[project]\nname = 'x'\n")
    config, problems = load_config(tmp_path / "a")
    assert config is None and [d.code for d in problems] == ["no-config"]

    write(tmp_path / "b" / "pyproject.toml", "[tool.docgen]\nsource = \n")
    config, problems = load_config(tmp_path / "b")
    assert config is None and [d.code for d in problems] == ["config-invalid"]
    assert problems[0].location.line == 2

    write(tmp_path / "c" / "pyproject.toml", "[tool.docgen]\nsource = 3\noutput = ['x']\nsoruce = 'typo'\n")
    config, problems = load_config(tmp_path / "c")
    assert config is None
    assert sorted(d.code for d in problems) == ["config-key", "config-value", "config-value"]
    assert any("soruce" in d.message for d in problems)


def test_no_pyproject_anywhere(tmp_path, monkeypatch):
    # the file-system root has no pyproject.toml here; /tmp's tree neither
    start = tmp_path / "x"
    start.mkdir()
    if find_pyproject(start) is None:
        config, problems = load_config(start)
        assert config is None and [d.code for d in problems] == ["no-config"]


def test_lint_table_settings_paths_relative_to_the_pyproject(tmp_path):
    from docgen.cli.config import LintConfig, load_lint_config

    write(tmp_path / "pyproject.toml", '[tool.docgen]\nsource = "docs"\n')
    config, problems = load_config(tmp_path)
    assert problems == [] and config.lint == LintConfig()
    write(tmp_path / "pyproject.toml",
          '[tool.docgen]\n[tool.docgen.lint]\nignore = ["invalid-json"]\nfail-on = "warning"\nbaseline = "ci/b.json"\n')
    (tmp_path / "sub").mkdir()
    settings, problems = load_lint_config(tmp_path / "sub")
    assert problems == []
    assert settings == LintConfig(("invalid-json",), "warning", tmp_path / "ci" / "b.json")


def test_lint_table_unknown_keys_and_bad_values_are_config_errors(tmp_path):
    from docgen.cli.config import LintConfig, load_lint_config

    write(tmp_path / "pyproject.toml",
          '[tool.docgen]\n[tool.docgen.lint]\nfail_on = "x"\nignore = 3\nfail-on = "fatal"\nbaseline = 1\n')
    settings, problems = load_lint_config(tmp_path)
    assert settings == LintConfig()
    assert sorted(d.code for d in problems) == ["config-key", "config-value", "config-value", "config-value"]
    assert any("[tool.docgen.lint] 'fail_on'" in d.message for d in problems)
    write(tmp_path / "pyproject.toml", '[tool.docgen]\nlint = "strict"\n')
    assert [d.code for d in load_lint_config(tmp_path)[1]] == ["config-value"]
    write(tmp_path / "pyproject.toml", "[project]\nname = 'x'\n")
    assert load_lint_config(tmp_path) == (LintConfig(), [])  # no [tool.docgen]: defaults
