"""The one Jinja environment every generated file comes from.

* Loader: the user's template folder first (``RenderOptions.templates``), the packaged templates
  behind it, so a user can replace one template at a time. A packaged template's code comes from
  the source recorded for it in :mod:`docgen.render.compiled_templates` while that is current
  (:mod:`docgen.render.compiled`); a user's templates compile as they are read.
* ``StrictUndefined``: a misspelt variable is an error, not an empty string.
* No autoescaping (this is Python, not HTML): doc text reaches a template only as data and only
  through the filters registered here (:mod:`docgen.render.escaping`); it is never compiled as a template.
"""

from __future__ import annotations

import functools
from pathlib import Path
from types import FunctionType
from typing import Any

import jinja2
import jinja2.runtime

from docgen.render import escaping, layout
from docgen.render.compiled import PackagedLoader
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
    paragraphs = tuple(value) if isinstance(value, (list, tuple)) else (str(value),)
    if type(indent) is int and all(type(p) is str for p in paragraphs):
        return _docstring(paragraphs, indent)
    # other data (a user template's): not remembered, since equal values may print differently
    # (1 and True)
    return escaping.docstring(list(paragraphs), indent)


@functools.lru_cache(maxsize=4096)
def _docstring(paragraphs: tuple[str, ...], indent: int) -> str:
    """:func:`~docgen.render.escaping.docstring` of the same paragraphs once: a builder module
    writes each method's docstrings twice (its sync and async classes), every docstring of the
    corpus's request builders twice."""
    return escaping.docstring(list(paragraphs), indent)


_DICT_ATTRIBUTES = frozenset(dir(dict))
"""Every attribute a plain ``dict`` has (its methods and dunders; a dict has no ``__dict__``)."""


class _Context(jinja2.runtime.Context):
    """Jinja's context, with a shorter way to call the layout helpers (same results).

    A template's ``{{ call(...) }}`` goes through :meth:`call`, which asks the callable whether
    it wants the context, environment or evaluation context passed in (four attribute look-ups,
    one making a bound method) before calling it. The :mod:`docgen.render.layout` helpers want
    none (they are plain functions without ``jinja_pass_arg``), so for them it only drops the
    compiler's ``_loop_vars``/``_block_vars`` and calls. Anything else goes Jinja's way."""

    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 - Jinja's signature
        if type(__obj) is not FunctionType or __obj not in _PLAIN_HELPERS:
            return super().call(__obj, *args, **kwargs)
        kwargs.pop("_block_vars", None)
        kwargs.pop("_loop_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:  # as Jinja does
            return __self.environment.undefined(
                "value was undefined because a callable raised a StopIteration exception"
            )


class _Environment(jinja2.Environment):
    """Jinja's environment with a shorter ``obj.name`` for template data held in plain dicts.

    Jinja prefers the attribute to the item: ``environment.getattr(d, "name")`` first tries
    ``getattr(d, "name")``, which for a dict key raises and catches an AttributeError (about a
    million times in a corpus render). For a plain ``dict`` the attributes are known in advance
    (:data:`_DICT_ATTRIBUTES`), so a name that is not one of them is looked up as an item at once:
    the same value, or the same undefined, as Jinja's way."""

    context_class = _Context

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


@functools.lru_cache(maxsize=8)
def environment(user_dir: str | None = None) -> jinja2.Environment:
    """The environment for an optional user template folder (cached: templates compile once)."""
    loaders: list[jinja2.BaseLoader] = []
    if user_dir is not None:
        loaders.append(jinja2.FileSystemLoader(user_dir))
    loaders.append(PackagedLoader(str(packaged_templates())))
    env = _Environment(
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


_PLAIN_HELPERS = frozenset(
    helper
    for helper in (getattr(layout, name) for name in LAYOUT_HELPERS)
    if not hasattr(helper, "jinja_pass_arg")
)
"""The layout helpers :meth:`_Context.call` calls directly (those that want nothing passed in:
all of them today; checked here so that one made to want the context would go Jinja's way)."""


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
