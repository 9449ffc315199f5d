"""The packaged templates compiled ahead: the Python source Jinja makes of each template, shipped
in :mod:`docgen.render.compiled_templates`, used only while it still matches.

Compiling a template is Jinja's lexer, parser and code generator, then Python's ``compile`` of the
source they made: 66 ms for the fourteen packaged templates, ``tests/test_operation.py.j2`` alone
20 ms, paid by every process that renders (a warm type-cell edit compiles seven). Python's
``compile`` of the recorded source is a sixth of that (10 ms for all fourteen) and makes the same
code object, so a template renders the same either way.

The recorded source is used for a template only when the sha256 of the packaged template's text,
the Jinja version and the environment's compile settings (:func:`settings`) are those it was made
from; otherwise the template is compiled as before. A user's template folder (``--templates``)
always compiles (its loader comes first). ``python -m docgen.render.compile_templates`` writes the
module again; a test checks it is current.

The module holds text, not code objects or bytecode: it is compiled here, from the package, and
nothing of it comes from the cache.
"""

from __future__ import annotations

import hashlib
from types import CodeType
from typing import Any

import jinja2

_TABLE: dict[str, Any] = {}
"""The imported :mod:`docgen.render.compiled_templates` (imported at the first template)."""


def settings(environment: jinja2.Environment) -> str:
    """What the code Jinja makes of a template depends on besides its text: the environment's
    syntax and whitespace options, and which filters and tests want the context passed in."""

    def passes(functions: dict[str, Any]) -> list[tuple[str, str]]:
        return sorted((name, repr(getattr(f, "jinja_pass_arg", None))) for name, f in functions.items())

    return repr((
        environment.block_start_string,
        environment.block_end_string,
        environment.variable_start_string,
        environment.variable_end_string,
        environment.comment_start_string,
        environment.comment_end_string,
        environment.line_statement_prefix,
        environment.line_comment_prefix,
        environment.trim_blocks,
        environment.lstrip_blocks,
        environment.newline_sequence,
        environment.keep_trailing_newline,
        environment.optimized,
        environment.is_async,
        environment.autoescape,
        sorted(environment.extensions),
        passes(environment.filters),
        passes(environment.tests),
    ))


def digest(source: str) -> str:
    """The sha256 of a template's text, as the loader read it."""
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


def _table() -> Any:
    if "module" not in _TABLE:
        try:
            from docgen.render import compiled_templates
        except ImportError:  # not shipped (a partial checkout): every template compiles
            compiled_templates = None
        _TABLE["module"] = compiled_templates
    return _TABLE["module"]


def recorded(name: str, source: str, environment_settings: str) -> str | None:
    """The recorded Python source of packaged template ``name`` when it was made from ``source``
    with this Jinja and these settings, else None."""
    table = _table()
    if table is None or table.JINJA != jinja2.__version__ or table.SETTINGS != environment_settings:
        return None
    entry = table.TEMPLATES.get(name)
    if entry is None or entry[0] != digest(source):
        return None
    return entry[1]


class PackagedLoader(jinja2.FileSystemLoader):
    """The packaged templates' loader: Jinja's :meth:`~jinja2.BaseLoader.load` (docgen sets no
    bytecode cache), with the template's code compiled from its recorded source when that is
    current (:func:`recorded`), else by Jinja as before."""

    def __init__(self, searchpath: str) -> None:
        super().__init__(searchpath)
        self._settings: dict[int, str] = {}

    def load(
        self,
        environment: jinja2.Environment,
        name: str,
        globals: Any = None,
    ) -> jinja2.Template:
        if globals is None:
            globals = {}
        source, filename, uptodate = self.get_source(environment, name)
        key = id(environment)
        if key not in self._settings:  # the filters are registered after the loader is made
            self._settings[key] = settings(environment)
        python = recorded(name, source, self._settings[key])
        code: CodeType
        if python is None:
            code = environment.compile(source, name, filename)
        else:  # as Environment.compile does with the source it made
            code = compile(python, filename, "exec", dont_inherit=True)
        return environment.template_class.from_code(environment, code, globals, uptodate)
