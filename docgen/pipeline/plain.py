"""Values as plain data and back: what the cache stores instead of pickles.

:func:`to_plain` turns a value made of ``None``, booleans, integers, finite or not floats,
strings, tuples, lists, dicts and the frozen dataclasses and enums of :func:`registry` into
JSON-ready data; :func:`from_plain` turns such data back into the same value. Nothing in the data
names code: a class is looked up by name in the registry, an explicit list of docgen's own model
classes, and built from its fields in order (the constructor runs, nothing else); any other name,
shape or type is refused with :class:`PlainError`. Loading a cache entry can therefore build only
docgen's values, never run code (unlike :mod:`pickle`), and never import anything by a name the
data holds.

The encoding (``[...]`` is a JSON array):

- a tuple is an array of its items; a list is ``{"L": [...]}``; a dict is ``{"D": [k1, v1, k2,
  v2, ...]}`` (keys of any storable type, order kept);
- a registered dataclass is ``{"Name": [field1, field2, ...]}`` (every field, in declaration
  order); a registered enum is ``{"Name": value}``;
- ``None``, booleans, integers, floats and strings are themselves (JSON keeps 1 and 1.0 apart).

:func:`dumps` and :func:`loads` add the JSON text (compact, UTF-8). :func:`key_bytes` encodes
anything a cache key is made of, any dataclass or set included, and is never decoded.
Measured on the corpus page entries (3,341 pages): see ``docs/performance.md``.
"""

from __future__ import annotations

import dataclasses
import enum
import json
from functools import cache
from typing import Any


class PlainError(ValueError):
    """The value cannot be stored, or the data is not a value :func:`from_plain` may build."""


_SCALARS = (str, int, float, bool, type(None))
_LEAF = frozenset(_SCALARS)
"""Types that are their own encoding (checked inline: a call per leaf was a third of the walk)."""
_RESERVED = ("L", "D")


def _registered() -> tuple[type, ...]:
    """The classes a cache entry may hold: docgen's values, and nothing else."""
    from docgen import diagnostics
    from docgen.checks.todos import TodoFinding
    from docgen.model import core, page
    from docgen.read.typecells import TypeRef
    from docgen.render.jobs import JobResult

    return (
        diagnostics.Severity,
        diagnostics.Location,
        diagnostics.Diagnostic,
        core.Property,
        core.EnumMember,
        core.TypeDef,
        core.Header,
        core.RequestLine,
        core.Permissions,
        core.RequestBody,
        core.Response,
        core.Example,
        core.Operation,
        core.PageInfo,
        core.Model,
        page.PageProperty,
        page.BaseClaim,
        page.PageType,
        page.PageBody,
        page.PageResponse,
        page.PageOperation,
        page.PageLink,
        page.QualifiedUse,
        page.PageModel,
        TypeRef,
        JobResult,
        TodoFinding,
    )


@cache
def registry() -> dict[str, tuple[type, tuple[str, ...]]]:
    """Each allowed class by its name: (the class, its field names; () for an enum)."""
    table: dict[str, tuple[type, tuple[str, ...]]] = {}
    for cls in _registered():
        name = cls.__name__
        if name in table or name in _RESERVED:
            raise RuntimeError(f"two storable classes named {name}")
        if isinstance(cls, type) and issubclass(cls, enum.Enum):
            table[name] = (cls, ())
        elif dataclasses.is_dataclass(cls):
            if not cls.__dataclass_params__.frozen:  # type: ignore[attr-defined]
                raise RuntimeError(f"{name} is not frozen")
            table[name] = (cls, tuple(f.name for f in dataclasses.fields(cls) if f.init))
        else:
            raise RuntimeError(f"{name} is neither a dataclass nor an enum")
    return table


@cache
def _by_class() -> dict[type, tuple[str, tuple[str, ...]]]:
    return {cls: (name, names) for name, (cls, names) in registry().items()}


def to_plain(value: Any) -> Any:
    """``value`` as JSON-ready data (see the module's docstring); :class:`PlainError` for a value
    of a type that is not storable."""
    kind = type(value)
    if kind is str or kind is int or kind is float or kind is bool or value is None:
        return value
    if kind is tuple:
        return [item if type(item) in _LEAF else to_plain(item) for item in value]
    if kind is list:
        return {"L": [item if type(item) in _LEAF else to_plain(item) for item in value]}
    if kind is dict:
        flat: list[Any] = []
        for key, item in value.items():
            flat.append(to_plain(key))
            flat.append(to_plain(item))
        return {"D": flat}
    known = _by_class().get(kind)
    if known is None:
        raise PlainError(f"not storable: {kind.__qualname__}")
    name, names = known
    if not names:  # an enum
        return {name: value.value}
    fields = [getattr(value, field) for field in names]
    return {name: [item if type(item) in _LEAF else to_plain(item) for item in fields]}


def from_plain(data: Any) -> Any:
    """The value ``data`` encodes; :class:`PlainError` when it is not an encoding this module
    makes (an unknown class, a wrong number of fields, a type JSON does not produce)."""
    kind = type(data)
    if kind is str or kind is int or kind is float or kind is bool or data is None:
        return data
    if kind is list:
        return tuple([item if type(item) in _LEAF else from_plain(item) for item in data])
    if kind is not dict or len(data) != 1:
        raise PlainError(f"not plain data: {kind.__name__}")
    ((tag, body),) = data.items()
    if tag == "L" and type(body) is list:
        return [item if type(item) in _LEAF else from_plain(item) for item in body]
    if tag == "D" and type(body) is list and len(body) % 2 == 0:
        items = [item if type(item) in _LEAF else from_plain(item) for item in body]
        try:
            return dict(zip(items[::2], items[1::2]))
        except TypeError as exc:  # an unhashable key
            raise PlainError(str(exc)) from None
    known = registry().get(tag)
    if known is None:
        raise PlainError(f"not a storable class: {tag[:40]!r}")
    cls, names = known
    try:
        if not names:
            if type(body) not in _SCALARS:
                raise PlainError(f"bad {tag} value")
            return cls(body)
        if type(body) is not list or len(body) != len(names):
            raise PlainError(f"{tag} needs {len(names)} fields")
        return cls(*[item if type(item) in _LEAF else from_plain(item) for item in body])
    except PlainError:
        raise
    except (TypeError, ValueError) as exc:  # an enum value it does not have, a check in __post_init__
        raise PlainError(f"bad {tag}: {exc}") from None


def dumps(value: Any) -> bytes:
    """``value`` as compact JSON text (UTF-8): what the cache stores."""
    return json.dumps(to_plain(value), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def loads(payload: bytes) -> Any:
    """The value :func:`dumps` gave ``payload``; :class:`PlainError` for anything else."""
    try:
        data = json.loads(payload)
    except (ValueError, RecursionError) as exc:  # not JSON, not UTF-8, nested beyond reason
        raise PlainError(f"not JSON: {exc}") from None
    try:
        return from_plain(data)
    except RecursionError:
        raise PlainError("nested too deeply") from None


def _key_plain(value: Any) -> Any:
    """Like :func:`to_plain` for anything a cache key is made of: any dataclass (by its qualified
    name and fields), sets (sorted by their encoding), enums. Never decoded."""
    kind = type(value)
    if kind is str or kind is int or kind is float or kind is bool or value is None:
        return value
    if kind is tuple or kind is list:
        return [kind.__name__[0], [_key_plain(item) for item in value]]
    if kind is dict:
        return ["d", [[_key_plain(k), _key_plain(v)] for k, v in value.items()]]
    if kind is set or kind is frozenset:
        return ["s", sorted((_key_plain(item) for item in value), key=json.dumps)]
    if isinstance(value, enum.Enum):
        return ["e", f"{kind.__module__}.{kind.__qualname__}", _key_plain(value.value)]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = [_key_plain(getattr(value, f.name)) for f in dataclasses.fields(value)]
        return ["c", f"{kind.__module__}.{kind.__qualname__}", fields]
    if isinstance(value, bytes):
        return ["b", value.hex()]
    raise PlainError(f"not usable in a key: {kind.__qualname__}")


def key_bytes(value: Any) -> bytes:
    """A deterministic encoding of ``value`` for a cache key (the same bytes in every process and
    on every machine: no hash-ordered sets, no memory addresses)."""
    return json.dumps(_key_plain(value), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
