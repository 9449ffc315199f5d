"""docgen's :func:`dataclass`: :func:`dataclasses.dataclass`, with the methods it writes compiled
ahead.

Python 3.10-3.12's ``dataclasses`` write each class's ``__init__``, ``__repr__``, ``__eq__``,
``__hash__``, ``__setattr__`` and ``__delattr__`` as source text and compile it with ``exec``:
451 compilations for the 80 classes a warm ``docgen generate`` imports, about 35 ms of the 135 ms
it spent importing (issue 18).
:mod:`.dataclass_ahead_code` holds those texts as Python source (so Python caches them compiled,
in its ``.pyc``, like any module), keyed by the text itself. While :func:`dataclass` runs,
``dataclasses`` makes a function whose text is there from that compiled code, with the globals
and locals the text would have been run with; a text not there (a new or changed class, another
Python) is compiled as ``dataclasses`` does. The classes are what ``dataclasses.dataclass``
makes; only the functions' file and line numbers differ (``dataclass_ahead_code.py``, not
``<string>``). tests/model/test_dataclass_ahead.py checks the code is current and made alike.

Rewrite the code after changing a dataclass: ``python -m docgen.model.compile_dataclasses``.
"""

from __future__ import annotations

import dataclasses
import threading
import types
from typing import TYPE_CHECKING, Any, NamedTuple

from docgen.model import dataclass_ahead_code


class Recorded(NamedTuple):
    """One function ``dataclasses`` made: its text and what ``_create_fn`` was called with."""

    text: str
    name: str
    args: list[str]
    body: list[str]
    globals: Any
    locals: dict[str, Any]
    return_type: Any


_ORIGINAL = getattr(dataclasses, "_create_fn", None)
"""The function ``dataclasses`` makes its methods with (none from Python 3.13)."""
_LOCK = threading.RLock()
RECORDED: list[Recorded] | None = None
"""Every function made while it is a list (the code's writer and its tests set it)."""


def create_fn_digest() -> str:
    """What identifies ``dataclasses._create_fn``'s way of writing a text: its code, hashed."""
    import hashlib

    def parts(code: types.CodeType) -> list[Any]:
        nested = [parts(c) if isinstance(c, types.CodeType) else repr(c) for c in code.co_consts]
        return [code.co_code.hex(), code.co_names, nested]

    return hashlib.sha256(repr(parts(_ORIGINAL.__code__)).encode()).hexdigest() if _ORIGINAL else ""


_CURRENT = _ORIGINAL is not None and dataclass_ahead_code.CREATE_FN == create_fn_digest()
"""True when the code was written by this Python's ``dataclasses`` (the same ``_create_fn``)."""


def function_text(name: str, args: list[str], body: list[str], local_names: list[str], returns: bool) -> str:
    """The text ``dataclasses._create_fn`` (3.10-3.12) runs: a ``__create_fn__`` taking the
    locals and returning the function."""
    annotation = "->_return_type" if returns else ""
    lines = "\n".join(f"  {b}" for b in body)
    inner = f" def {name}({','.join(args)}){annotation}:\n{lines}"
    return f"def __create_fn__({', '.join(local_names)}):\n{inner}\n return {name}"


def _create_fn(name, args, body, *, globals=None, locals=None, return_type=dataclasses.MISSING):
    """``dataclasses._create_fn``, taking the compiled code of a text known ahead."""
    if locals is None:
        locals = {}
    if return_type is not dataclasses.MISSING:
        locals["_return_type"] = return_type
    text = function_text(name, args, body, list(locals), return_type is not dataclasses.MISSING)
    if RECORDED is not None:
        RECORDED.append(Recorded(text, name, list(args), list(body), globals, dict(locals), return_type))
    factory = dataclass_ahead_code.FACTORIES.get(text)
    if factory is None or globals is None or "__builtins__" not in globals:
        return _ORIGINAL(name, args, body, globals=globals, locals=locals, return_type=return_type)
    return types.FunctionType(factory.__code__, globals, "__create_fn__")(**locals)


def _dataclass(cls: Any = None, /, **params: Any) -> Any:
    """:func:`dataclasses.dataclass` (the same arguments, the same class), its methods' code
    taken from :mod:`.dataclass_ahead_code` where it is there."""
    if cls is None:
        return lambda cls: _dataclass(cls, **params)
    if _ORIGINAL is None or not (_CURRENT or RECORDED is not None):
        return dataclasses.dataclass(cls, **params)
    with _LOCK:
        dataclasses._create_fn = _create_fn
        try:
            return dataclasses.dataclass(cls, **params)
        finally:
            dataclasses._create_fn = _ORIGINAL


if TYPE_CHECKING:  # type checkers and editors see the standard decorator, fields and all
    from dataclasses import dataclass as dataclass
else:
    dataclass = _dataclass
