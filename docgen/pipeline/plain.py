"""Values as plain data and back: what the cache stores instead of pickles.

:func:`encode` turns a value made of ``None``, booleans, integers, finite or not floats,
strings, tuples, lists, dicts and the frozen dataclasses and enums of :func:`registry` into plain
data (nested tuples and lists of scalars); :func:`decode` turns such data back into the same
value. Nothing in the data names code: a class is looked up by name in the registry, an explicit
list of docgen's own model classes, and built from its fields in order (its declared fields are
set, as pickle sets them; no ``__init__``, ``__post_init__`` or other method of it runs: the
registry refuses classes that have one of their own); any other name, shape or type is refused
with :class:`PlainError`. Loading a cache entry can therefore build only docgen's values, never
run code (unlike :mod:`pickle`), and never import anything by a name the data holds.

The encoding (``[...]`` a list, ``(...)`` a tuple):

- a tuple is a tuple of its items; a list is ``["L", item, ...]``; a dict is ``["D", k1, v1,
  k2, v2, ...]`` (keys of any storable type, order kept);
- a registered dataclass is ``["Name", field1, field2, ...]`` (every field, in declaration
  order); a registered enum is ``["Name", value]``;
- ``None``, booleans, integers, floats and strings are themselves.

:func:`dumps` and :func:`loads` write and read that data with :mod:`marshal` (version 4): it keeps
tuples, lists, 1 and 1.0, ``True`` and 1 apart, and is several times faster than JSON both ways
(``benchmarks/cache_codec.py``). ``marshal.loads`` can build a code object from planted bytes,
but it never runs one, and :func:`decode` refuses every type but the ones above (a code object, a
set, bytes …): what comes out is docgen's data or :class:`PlainError`. :func:`key_bytes` encodes
anything a cache key is made of, any dataclass or set included, as JSON, and is never decoded.
"""

from __future__ import annotations

import dataclasses
import enum
import marshal
from functools import cache
from operator import attrgetter
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
    """Each allowed class by its name: (the class, its field names; () for an enum).

    A dataclass is decoded by setting its fields (see :func:`decode`), so one whose construction
    would do more (``__post_init__``, fields left out of ``__init__``, ``__slots__``) is refused
    here rather than built wrong."""
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
            fields = dataclasses.fields(cls)
            if hasattr(cls, "__post_init__") or hasattr(cls, "__slots__") or not all(f.init for f in fields):
                raise RuntimeError(f"{name} cannot be built from its fields alone")
            table[name] = (cls, tuple(f.name for f in fields))
        else:
            raise RuntimeError(f"{name} is neither a dataclass nor an enum")
    return table


@cache
def _by_class() -> dict[type, tuple[str, tuple[str, ...], Any]]:
    """Each class: its name, its field names and a getter of their values (as a tuple)."""
    out: dict[type, tuple[str, tuple[str, ...], Any]] = {}
    for name, (cls, names) in registry().items():
        getter = None
        if len(names) == 1:
            getter = (lambda field: lambda value: (getattr(value, field),))(names[0])
        elif names:
            getter = attrgetter(*names)
        out[cls] = (name, names, getter)
    return out


def encode(value: Any) -> Any:
    """``value`` as plain data (see the module's docstring); :class:`PlainError` for a value of
    a type that is not storable."""
    kind = type(value)
    if kind is str or kind is int or kind is float or kind is bool or value is None:
        return value
    if kind is tuple:
        return tuple([item if type(item) in _LEAF else encode(item) for item in value])
    if kind is list:
        return ["L", *[item if type(item) in _LEAF else encode(item) for item in value]]
    if kind is dict:
        flat: list[Any] = ["D"]
        for key, item in value.items():
            flat.append(key if type(key) in _LEAF else encode(key))
            flat.append(item if type(item) in _LEAF else encode(item))
        return flat
    known = _by_class().get(kind)
    if known is None:
        raise PlainError(f"not storable: {kind.__qualname__}")
    name, names, getter = known
    if not names:  # an enum
        return [name, value.value]
    return [name, *[item if type(item) in _LEAF else encode(item) for item in getter(value)]]


_new = object.__new__


def decode(data: Any) -> Any:
    """The value ``data`` encodes; :class:`PlainError` when it is not an encoding this module
    makes (an unknown class, a wrong number of fields, any other type)."""
    kind = type(data)
    if kind is str or kind is int or kind is float or kind is bool or data is None:
        return data
    if kind is tuple:
        if _LEAF.issuperset(map(type, data)):  # scalars only (most are): already the value
            return data
        return tuple([item if type(item) in _LEAF else decode(item) for item in data])
    if kind is not list or not data or type(data[0]) is not str:
        raise PlainError(f"not plain data: {kind.__name__}")
    tag = data[0]
    if tag == "L":
        return [item if type(item) in _LEAF else decode(item) for item in data[1:]]
    if tag == "D":
        if len(data) % 2 == 0:
            raise PlainError("a dict of an odd length")
        items = [item if type(item) in _LEAF else decode(item) for item in data[1:]]
        try:
            return dict(zip(items[::2], items[1::2]))
        except TypeError as exc:  # an unhashable key
            raise PlainError(str(exc)) from None
    known = registry().get(tag)
    if known is None:
        raise PlainError(f"not a storable class: {tag[:40]!r}")
    cls, names = known
    if not names:
        if len(data) != 2 or type(data[1]) not in _LEAF:
            raise PlainError(f"bad {tag} value")
        try:
            return cls._value2member_map_[data[1]]  # type: ignore[attr-defined]
        except (KeyError, TypeError):  # a value the enum does not have
            raise PlainError(f"bad {tag}: {data[1]!r}") from None
    if len(data) != len(names) + 1:
        raise PlainError(f"{tag} needs {len(names)} fields")
    fields = data[1:]
    if not _LEAF.issuperset(map(type, fields)):
        fields = [item if type(item) in _LEAF else decode(item) for item in fields]
    obj = _new(cls)
    obj.__dict__.update(zip(names, fields))
    return obj


MARSHAL_VERSION = 4


def dumps(value: Any) -> bytes:
    """``value`` as :mod:`marshal` bytes of its plain data: what the cache stores."""
    try:
        return marshal.dumps(encode(value), MARSHAL_VERSION)
    except RecursionError:
        raise PlainError("nested too deeply") from None
    except ValueError as exc:  # marshal's own depth limit
        raise PlainError(f"not storable: {exc}") from None


def loads(payload: bytes) -> Any:
    """The value :func:`dumps` gave ``payload``; :class:`PlainError` for anything else."""
    try:
        data = marshal.loads(payload)
    except (ValueError, EOFError, TypeError, RecursionError) as exc:  # not marshal data, cut short
        raise PlainError(f"not marshal data: {exc}") from None
    try:
        return decode(data)
    except RecursionError:
        raise PlainError("nested too deeply") from None


_KEY_FIELDS: dict[type, tuple[str, tuple[str, ...]] | None] = {}
"""Per class: its qualified name and field names when it is a dataclass (None otherwise)."""


def _key_fields(kind: type) -> tuple[str, tuple[str, ...]] | None:
    if kind not in _KEY_FIELDS:
        _KEY_FIELDS[kind] = (
            (f"{kind.__module__}.{kind.__qualname__}", tuple(f.name for f in dataclasses.fields(kind)))
            if dataclasses.is_dataclass(kind)
            else None
        )
    return _KEY_FIELDS[kind]


def _key_tokens(value: Any, out: list[str]) -> None:
    """Append ``value``'s key encoding to ``out``: every token says what it is and, when it has
    content, how long that content is, so the joined tokens of two different values differ.
    Anything a cache key is made of: plain values, tuples and lists, dicts (in order), sets
    (their members' encodings sorted), enums, any dataclass (by its qualified name and fields),
    bytes. Never decoded."""
    kind = type(value)
    if kind is str:
        out.append(f"s{len(value)}:")
        out.append(value)
    elif kind is tuple or kind is list:
        out.append(f"{'(' if kind is tuple else '['}{len(value)}:")
        for item in value:
            _key_tokens(item, out)
    elif value is None:
        out.append("N")
    elif kind is bool:
        out.append("T" if value else "F")
    elif kind is int or kind is float:
        out.append(f"{'i' if kind is int else 'f'}{value!r};")
    elif kind is dict:
        out.append(f"{{{len(value)}:")
        for k, v in value.items():
            _key_tokens(k, out)
            _key_tokens(v, out)
    elif kind is set or kind is frozenset:
        members = []
        for item in value:
            tokens: list[str] = []
            _key_tokens(item, tokens)
            members.append("".join(tokens))
        members.sort()
        out.append(f"<{len(members)}:")
        out.extend(members)
    elif isinstance(value, enum.Enum):
        name = f"{kind.__module__}.{kind.__qualname__}"
        out.append(f"e{len(name)}:{name}")
        _key_tokens(value.value, out)
    elif isinstance(value, bytes):
        out.append(f"b{len(value)}:{value.hex()}")
    else:
        fields = _key_fields(kind)
        if fields is None or isinstance(value, type):
            raise PlainError(f"not usable in a key: {kind.__qualname__}")
        name, names = fields
        out.append(f"c{len(name)}:{name}{len(names)}:")
        for field in names:
            _key_tokens(getattr(value, field), out)


def key_bytes(value: Any) -> bytes:
    """A deterministic encoding of ``value`` for a cache key (the same bytes in every process and
    on every machine: no hash-ordered sets, no memory addresses). A flat token stream (see
    :func:`_key_tokens`): building JSON of nested lists first cost 2.5 times as much (0.37 against
    0.15 s for the corpus's 2,102 operations)."""
    out: list[str] = []
    _key_tokens(value, out)
    return "".join(out).encode("utf-8", "surrogatepass")
