"""The packaged templates compiled ahead (:mod:`docgen.render.compiled`).

- :mod:`docgen.render.compiled_templates` is current: what ``python -m
  docgen.render.compile_templates`` would write now (run it after editing a template).
- The recorded source of each packaged template compiles to the code Jinja makes of the template,
  and the environment's loader uses it.
- A template whose text, Jinja version or environment settings differ from the recorded ones is
  compiled from its text as before: an edited packaged template renders its edit.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import jinja2
import pytest

from docgen.render import compile_templates, compiled, compiled_templates
from docgen.render import environment as templating
from docgen.render.options import packaged_templates


recorded_for_this_jinja = pytest.mark.skipif(
    jinja2.__version__ != compiled_templates.JINJA,
    reason=f"the recorded sources were made with Jinja {compiled_templates.JINJA} and Jinja {jinja2.__version__}"
    " is installed: every packaged template compiles from its text (python -m"
    " docgen.render.compile_templates records them for this Jinja)",
)
"""For tests that need the recorded sources in use: a user's clone may install a newer Jinja than
the one they were recorded with, and then they are (rightly) not used."""


@pytest.fixture
def fresh_environments():
    """Environments made for this test only (the cache of environments emptied around it)."""
    templating.environment.cache_clear()
    yield
    templating.environment.cache_clear()


@recorded_for_this_jinja
def test_the_compiled_templates_module_is_current():
    assert compile_templates.module_text() == compile_templates.TARGET.read_text(encoding="utf-8"), (
        "run python -m docgen.render.compile_templates"
    )
    assert sorted(compiled_templates.TEMPLATES) == compile_templates.template_names()
    assert len(compiled_templates.TEMPLATES) >= 14


@recorded_for_this_jinja
def test_recorded_sources_compile_to_the_code_jinja_makes():
    env = templating.environment(None)
    loader = jinja2.FileSystemLoader(str(packaged_templates()))
    packaged = compiled.PackagedLoader(str(packaged_templates()))
    for name in compile_templates.template_names():
        source, filename, _ = loader.get_source(env, name)
        python = compiled.recorded(name, source, compiled.settings(env))
        assert python is not None, name
        made = env.compile(source, name, filename)
        assert compile(python, filename, "exec", dont_inherit=True) == made, name
        # what the loader gives renders through the same code
        loaded = packaged.load(env, name)
        stock = env.template_class.from_code(env, made, {}, None)
        assert loaded.root_render_func.__code__ == stock.root_render_func.__code__, name
        assert loaded.blocks.keys() == stock.blocks.keys(), name


@recorded_for_this_jinja
def test_the_environment_loads_the_packaged_templates_through_the_recorded_code(monkeypatch, fresh_environments):
    env = templating.environment(None)
    assert isinstance(env.loader.loaders[-1], compiled.PackagedLoader)
    name = "tests/__init__.py.j2"
    stock = jinja2.FileSystemLoader(str(packaged_templates())).load(env, name)
    template = env.get_template(name)
    assert template.filename == str(packaged_templates() / "tests" / "__init__.py.j2")
    assert template.render(header="# h") == stock.render(header="# h")
    # a recorded source that says something else is what renders: the recorded code is used
    digest = compiled_templates.TEMPLATES[name][0]
    monkeypatch.setitem(compiled_templates.TEMPLATES, name, (digest, env.compile("recorded", name, raw=True)))
    templating.environment.cache_clear()
    assert templating.render(name, header="# h") == "recorded"


@recorded_for_this_jinja
def test_an_edited_packaged_template_compiles_from_its_text(tmp_path, monkeypatch, fresh_environments):
    copy = tmp_path / "templates"
    shutil.copytree(packaged_templates(), copy)
    edited = copy / "tests" / "__init__.py.j2"
    edited.write_text(edited.read_text(encoding="utf-8") + "# edited after compiling\n", encoding="utf-8")
    monkeypatch.setattr(templating, "packaged_templates", lambda: Path(copy))
    env = templating.environment(None)
    settings = compiled.settings(env)
    assert compiled.recorded("tests/__init__.py.j2", edited.read_text(encoding="utf-8"), settings) is None
    unedited = (copy / "models" / "model.py.j2").read_text(encoding="utf-8")
    assert compiled.recorded("models/model.py.j2", unedited, settings) is not None
    text = templating.render("tests/__init__.py.j2", header="# h")
    assert text.endswith("# edited after compiling\n")


@recorded_for_this_jinja
def test_another_jinja_or_other_settings_compile_from_the_text(monkeypatch, fresh_environments):
    env = templating.environment(None)
    name = "tests/__init__.py.j2"
    source, _, _ = env.loader.get_source(env, name)
    settings = compiled.settings(env)
    assert compiled.recorded(name, source, settings) is not None
    assert compiled.recorded(name, source, settings.replace("True", "False", 1)) is None
    before = templating.render(name, header="# h")
    monkeypatch.setattr(compiled_templates, "JINJA", "0.0")
    assert compiled.recorded(name, source, settings) is None
    templating.environment.cache_clear()
    assert templating.render(name, header="# h") == before


def test_a_filter_that_wants_the_context_changes_the_settings(fresh_environments):
    env = templating.environment(None)
    before = compiled.settings(env)
    env.filters["py_str"] = jinja2.pass_context(lambda context, value: value)
    try:
        assert compiled.settings(env) != before
    finally:
        templating.environment.cache_clear()
