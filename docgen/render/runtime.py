"""The generated runtime's own value checks, for the generator.

Whether an example's value passes strict decoding (``"2024-13-01"`` as a ``date``, ``"PT"`` as a
``duration``, ``"AAE"`` as base64 …) decides whether its generated test is ``xfail``. The rule is
the runtime's ``codec(spec).check``: :func:`runtime` renders the *packaged* ``_runtime.py.j2``
(never a user's template folder) with the packaged Jinja environment, once per process, and
executes it as a module object, so the generator asks the very code every generated package
ships rather than a copy of it. That code is docgen's own and imports the standard library only,
so this is like importing a module. In: a type spec and a JSON value. Out: whether the runtime
accepts it.

The rendered text is also recorded, as :data:`RECORDED` (``runtime_ahead.py``, written by
``python -m docgen.render.runtime``; a test checks it is current; the one module exempt from the
line limit of tests/test_architecture.py, as it is the runtime's text as generated). When the text
rendered now is that file's, byte for byte, the file is run through Python's import machinery
under :data:`MODULE_NAME` (never imported under its own name), so its bytecode comes from
``__pycache__`` like any docgen module's: compiling the runtime's 2,000 lines (14 ms) was paid by
every process that re-renders an operation (a warm type-cell edit); now reading the file to
compare it is (0.1 ms). Otherwise (an edited template, a partial checkout) the rendered text is
compiled as before. Either way the module executed is the text rendered now; only its functions'
file name differs.
"""

from __future__ import annotations

import functools
import importlib.util
import sys
import types
from pathlib import Path
from typing import Any

from docgen.render import environment as templating
from docgen.render.options import RenderOptions

MODULE_NAME = "_docgen_packaged_runtime"
"""The name the executed runtime gets in ``sys.modules`` (its dataclasses look their module up
while they are made). No generated package is called that; the runtime's ``PACKAGE`` is empty,
so its model imports (``resolve_type``, model codecs) are never used from here."""


RECORDED = Path(__file__).with_name("runtime_ahead.py")
"""The rendered runtime, recorded (see the module): loaded only while it is the text rendered now."""


def text() -> str:
    """The packaged ``_runtime.py.j2`` rendered as docgen's own copy."""
    return templating.render(
        "_runtime.py.j2",
        None,
        header="# docgen's own copy of the generated runtime, recorded by `python -m docgen.render.runtime`",
        base_url=RenderOptions().base_url,
    )


def _recorded(path: Path, wanted: str) -> types.ModuleType | None:
    """The module of ``path`` (bytecode from ``__pycache__`` when current) under
    :data:`MODULE_NAME` when the file's text is ``wanted``; None when it is not, or cannot be read."""
    try:
        if path.read_text(encoding="utf-8") != wanted:
            return None
    except (OSError, UnicodeDecodeError):
        return None
    spec = importlib.util.spec_from_file_location(MODULE_NAME, path)
    if spec is None or spec.loader is None:
        return None
    module = importlib.util.module_from_spec(spec)
    sys.modules[MODULE_NAME] = module
    spec.loader.exec_module(module)
    return module


@functools.lru_cache(maxsize=1)
def runtime() -> types.ModuleType:
    """The packaged ``_runtime.py.j2`` rendered and executed (once per process): the recorded
    file's module when it is the same text (see the module), else the text compiled here."""
    text_now = text()
    module = _recorded(RECORDED, text_now)
    if module is not None:
        return module
    module = types.ModuleType(MODULE_NAME)
    module.__file__ = "<packaged _runtime.py.j2>"
    sys.modules[MODULE_NAME] = module
    exec(compile(text_now, module.__file__, "exec"), module.__dict__)
    return module


def accepts(spec: str, value: Any) -> bool:
    """True when the runtime's strict decoding accepts ``value`` for the simple spec ``spec``
    (``str``, ``int`` … ``bytes``, ``json``: a codec of ``_SIMPLE``; ``None`` is left to the
    caller). A check that raises (an offset of 24 hours or more in a date-time, a duration too
    long for a ``timedelta``) fails the strict decoding too, so it is a "no" here."""
    try:
        return runtime().codec(spec).check(value)
    except (ValueError, OverflowError):
        return False


def main(argv: list[str]) -> int:
    """``python -m docgen.render.runtime [--check]``: write :data:`RECORDED` (or, with
    ``--check``, exit 1 when it is not the text rendered now)."""
    text_now = text()
    try:
        current = RECORDED.read_text(encoding="utf-8")
    except OSError:
        current = None
    if "--check" in argv:
        print("current" if current == text_now else f"{RECORDED} is not current", file=sys.stderr)
        return 0 if current == text_now else 1
    if current != text_now:
        RECORDED.write_text(text_now, encoding="utf-8")
    print(f"wrote {RECORDED}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
