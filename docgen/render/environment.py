"""The one Jinja environment every generated file comes from.

* Loader: the user's template folder first (``RenderOptions.templates``), the packaged templates
  behind it, so a user can replace one template at a time.
* ``StrictUndefined``: a misspelt variable is an error, not an empty string.
* No autoescaping (this is Python, not HTML): doc text reaches a template only as data and only
  through the filters registered here (:mod:`docgen.render.escaping`); it is never compiled as a template.
"""

from __future__ import annotations

import functools
from pathlib import Path

import jinja2

from docgen.render import escaping, layout
from docgen.render.options import packaged_templates


LAYOUT_HELPERS = (
    "call",
    "import_from",
    "assign",
    "parameter",
    "pairs",
    "chain",
    "returned",
    "argument",
    "keyword",
    "returns",
    "signature_parameter",
)
"""The functions of :mod:`docgen.render.layout` templates call by name to lay lines out as black would."""


def _docstring_filter(value: object, indent: int = 0) -> str:
    paragraphs = list(value) if isinstance(value, (list, tuple)) else [str(value)]
    return escaping.docstring(paragraphs, indent)


@functools.lru_cache(maxsize=8)
def environment(user_dir: str | None = None) -> jinja2.Environment:
    """The environment for an optional user template folder (cached: templates compile once)."""
    loaders: list[jinja2.BaseLoader] = []
    if user_dir is not None:
        loaders.append(jinja2.FileSystemLoader(user_dir))
    loaders.append(jinja2.FileSystemLoader(str(packaged_templates())))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        # The packaged templates are part of docgen and change only with it: each render does
        # not stat them again (5,515 renders on the corpus). A user's folder may be edited while
        # a process lives (a test, an editor integration), so its templates are checked.
        auto_reload=user_dir is not None,
    )
    env.filters["py_str"] = escaping.py_str
    env.filters["py_literal"] = escaping.py_literal
    env.filters["docstring"] = _docstring_filter
    env.filters["comment"] = escaping.comment
    env.filters["py_tuple"] = escaping.py_tuple
    for name in LAYOUT_HELPERS:
        env.globals[name] = getattr(layout, name)
    return env


def render(name: str, user_dir: Path | None = None, **context: object) -> str:
    """Render template ``name`` with ``context`` as data."""
    env = environment(str(user_dir) if user_dir is not None else None)
    return env.get_template(name).render(**context)


def compile_all(names: tuple[str, ...], user_dir: Path | None = None) -> None:
    """Compile templates ``names`` now (a template that fails to compile is left for
    :func:`render` to report where it is used)."""
    env = environment(str(user_dir) if user_dir is not None else None)
    for name in names:
        try:
            env.get_template(name)
        except (jinja2.TemplateError, OSError, ValueError):  # render() reports it where it is used
            pass
