"""The generated runtime's own value checks, for the generator.

Whether an example's value passes strict decoding (``"2024-13-01"`` as a ``date``, ``"PT"`` as a
``duration``, ``"AAE"`` as base64 …) decides whether its generated test is ``xfail``. The rule is
the runtime's ``codec(spec).check``: :func:`runtime` renders the *packaged* ``_runtime.py.j2``
(never a user's template folder) with the packaged Jinja environment, once per process, and
executes it as a module object, so the generator asks the very code every generated package
ships rather than a copy of it. That code is docgen's own and imports the standard library only,
so this is like importing a module. In: a type spec and a JSON value. Out: whether the runtime
accepts it.
"""

from __future__ import annotations

import functools
import sys
import types
from typing import Any

from docgen.render import environment as templating
from docgen.render.options import RenderOptions

MODULE_NAME = "_docgen_packaged_runtime"
"""The name the executed runtime gets in ``sys.modules`` (its dataclasses look their module up
while they are made). No generated package is called that; the runtime's ``PACKAGE`` is empty,
so its model imports (``resolve_type``, model codecs) are never used from here."""


@functools.lru_cache(maxsize=1)
def runtime() -> types.ModuleType:
    """The packaged ``_runtime.py.j2`` rendered and executed (once per process)."""
    text = templating.render(
        "_runtime.py.j2",
        None,
        header="# docgen's own copy of the generated runtime",
        base_url=RenderOptions().base_url,
    )
    module = types.ModuleType(MODULE_NAME)
    module.__file__ = "<packaged _runtime.py.j2>"
    sys.modules[MODULE_NAME] = module
    exec(compile(text, module.__file__, "exec"), module.__dict__)
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
