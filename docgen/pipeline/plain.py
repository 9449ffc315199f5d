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
  order); a registered enum is ``["Name", value]``; a lazy field of a type or an operation
  (:mod:`docgen.model.lazy`), unless empty or a scalar, is the marshal bytes of its encoding
  (sealed: :func:`docgen.pipeline.lazy_data.seal`, opened when the field is first read);
- a tuple of :data:`~docgen.pipeline.columns.SMALLEST` or more diagnostics is ``["DG", ...]``,
  its fields as columns (:mod:`docgen.pipeline.columns`; a whole tree's findings decode in a
  quarter of the time); a tuple of as many pages (:class:`~docgen.model.core.PageInfo`: a model's)
  is ``["PI", ...]``, likewise;
- ``None``, booleans, integers, floats and strings are themselves.

:func:`dumps` and :func:`loads` write and read that data with :mod:`marshal` (version 4): it keeps
tuples, lists, 1 and 1.0, ``True`` and 1 apart, and is several times faster than JSON both ways
(``benchmarks/cache_codec.py``). ``marshal.loads`` can build a code object from planted bytes,
but it never runs one, and :func:`decode` refuses every type but the ones above (a code object, a
set, bytes but a sealed field's …): what comes out is docgen's data or :class:`PlainError`. :func:`key_bytes` encodes
anything a cache key is made of, any dataclass or set included, as marshal (version 2) of plain
data of its own, and is never decoded.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import marshal
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from operator import attrgetter
from typing import Any

from docgen.diagnostics import Diagnostic, Location
from docgen.keys import KEY_MARSHAL, plain_walk
from docgen.pipeline import columns, lazy_data, unmarshal
from docgen.model import lazy
from docgen.model.core import Operation, PageInfo, TypeDef


class PlainError(ValueError):
    """The value cannot be stored, or the data is not a value :func:`from_plain` may build."""


_SCALARS = (str, int, float, bool, type(None))
_LEAF = frozenset(_SCALARS)
"""Types that are their own encoding (checked inline: a call per leaf was a third of the walk)."""
_RESERVED = ("L", "D", columns.TAG, columns.PAGES, lazy_data.OBJECTS)


def _registered_core() -> tuple[type, ...]:
    """The classes of the model and the pages' models: what every command that reads a stored
    model or page decodes (their modules are imported by then anyway)."""
    from docgen import diagnostics
    from docgen.model import core, page
    from docgen.read.typecells import TypeRef

    return (
        diagnostics.Severity, diagnostics.Location, diagnostics.Diagnostic,
        core.Property, core.EnumMember, core.TypeDef, core.Header, core.RequestLine, core.Permissions,
        core.RequestBody, core.Response, core.Example, core.Operation, core.PageInfo, core.Model,
        page.PageProperty, page.BaseClaim, page.PageType, page.PageBody, page.PageResponse,
        page.PageOperation, page.PageLink, page.QualifiedUse, page.PageModel,
        TypeRef,
    )


def _registered_more() -> tuple[type, ...]:
    """The other classes a cache entry may hold: a render's, the navigation tree's, the checks'
    (imported only when an entry names one, or one is stored: a warm ``generate`` imports
    neither drift nor todos)."""
    from docgen.checks.drift import report as drift
    from docgen.checks.todos import TodoFinding
    from docgen.render.jobs import JobResult, StoredJob
    from docgen.resolve import navigation

    return (
        JobResult, StoredJob,
        navigation.Param, navigation.Endpoint, navigation.Node,
        TodoFinding,
        drift.Finding, drift.Figure, drift.DriftSummary, drift.DriftReport,
    )


def _registered() -> tuple[type, ...]:
    """The classes a cache entry may hold: docgen's values, and nothing else."""
    return (*_registered_core(), *_registered_more())


@cache
def registry() -> dict[str, tuple[type, tuple[str, ...]]]:
    """Each allowed class by its name: (the class, its field names; () for an enum).

    A dataclass is decoded by setting its fields (see :func:`decode`), so one whose construction
    would do more (``__post_init__``, fields left out of ``__init__``, ``__slots__``) is refused
    here rather than built wrong."""
    return _table(_registered())


@cache
def core_registry() -> dict[str, tuple[type, tuple[str, ...]]]:
    """:func:`registry`'s entries for :func:`_registered_core`'s classes (the same names, classes
    and fields): what :func:`decode` and :func:`encode` look in first, so that a command that
    stores or reads only models and pages imports none of the other classes' modules."""
    return _table(_registered_core())


def _table(classes: tuple[type, ...]) -> dict[str, tuple[type, tuple[str, ...]]]:
    table: dict[str, tuple[type, tuple[str, ...]]] = {}
    for cls in classes:
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
def _by_class(core: bool = False) -> dict[type, tuple[str, tuple[str, ...], Any]]:
    """Each class (of :func:`core_registry` when ``core``, else of :func:`registry`): its name,
    its field names and a getter of their values (as a tuple)."""
    out: dict[type, tuple[str, tuple[str, ...], Any]] = {}
    for name, (cls, names) in (core_registry() if core else registry()).items():
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
        if len(value) >= columns.SMALLEST and type(value[0]) is Diagnostic:  # see docgen.pipeline.columns
            if _ENCODINGS:
                kept = _ENCODINGS.get(id(value))
                if kept is not None and kept[0] is value:  # decoded from this data: see keeping_encodings
                    return kept[1]
            data = columns.encode_diagnostics(value, encode)
            if data is not None:
                return data
        elif len(value) >= columns.SMALLEST and type(value[0]) is PageInfo:  # a model's pages
            data = columns.encode_pages(value, PageInfo)
            if data is not None:
                return data
        elif len(value) >= lazy_data.SMALLEST and type(value[0]) in _LAZY_CLASSES:  # a model's types, operations
            return lazy_data.as_columns(_by_class(True)[type(value[0])][0], tuple([encode(item) for item in value]))
        return tuple([item if type(item) in _LEAF else encode(item) for item in value])
    if kind is list:
        return ["L", *[item if type(item) in _LEAF else encode(item) for item in value]]
    if kind is dict:
        flat: list[Any] = ["D"]
        for key, item in value.items():
            flat.append(key if type(key) in _LEAF else encode(key))
            flat.append(item if type(item) in _LEAF else encode(item))
        return flat
    if _ENCODINGS and kind is Diagnostic:
        kept = _ENCODINGS.get(id(value))
        if kept is not None and kept[0] is value:  # decoded from this data: see keeping_encodings
            return kept[1]
    known = _by_class(True).get(kind)
    if known is None:
        known = _by_class().get(kind)
    if known is None:
        raise PlainError(f"not storable: {kind.__qualname__}")
    name, names, getter = known
    if not names:  # an enum
        return [name, value.value]
    if kind in _LAZY_CLASSES:  # lazy fields sealed; fields never read: their stored data as it is
        return [name, *lazy_data.encode_fields(value, names, value.__dict__.get(lazy.PENDING) or {}, encode)]
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
    if tag == "Location" and len(data) == 4:  # the most common object (37,000 in the corpus's model)
        _, path, line, col = data
        if type(path) in _LEAF and type(line) in _LEAF and type(col) in _LEAF:  # as below, one call fewer
            place = _new(Location)
            state = place.__dict__  # (item by item: a fifth faster than update with keywords)
            state["path"] = path
            state["line"] = line
            state["col"] = col
            return place
    if tag == "L":
        return [item if type(item) in _LEAF else decode(item) for item in data[1:]]
    if tag == columns.TAG:
        made = columns.decode_diagnostics(data, decode, PlainError)
        if _KEEPING[0]:
            _ENCODINGS[id(made)] = (made, data)
        return made
    if tag == "D":
        if len(data) % 2 == 0:
            raise PlainError("a dict of an odd length")
        items = [item if type(item) in _LEAF else decode(item) for item in data[1:]]
        try:
            return dict(zip(items[::2], items[1::2]))
        except TypeError as exc:  # an unhashable key
            raise PlainError(str(exc)) from None
    known = core_registry().get(tag)
    if known is None:
        if tag == columns.PAGES:  # (before registry(), which imports the checks' classes)
            return columns.decode_pages(data, PageInfo, PlainError)
        if tag == lazy_data.OBJECTS:  # (object by object while digesting: each digest from its data)
            return lazy_data.decode_object_columns(data, decode, core_registry, PlainError, _DIGESTING[0])
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
    obj = _new(cls)
    if cls in _LAZY_CLASSES:
        if _LAZY_ON[0]:
            lazy_data.decode_lazily(obj, tag, names, fields, decode, core_registry, PlainError)
        else:
            lazy_data.decode_eagerly(obj, tag, names, fields, decode, core_registry, PlainError)
    else:
        if not _LEAF.issuperset(map(type, fields)):
            fields = [item if type(item) in _LEAF else decode(item) for item in fields]
        obj.__dict__.update(zip(names, fields))
    if _DIGESTING[0] and cls in DIGESTED:  # its encoding is at hand: see object_digest
        _DIGESTS[id(obj)] = (obj, _data_digest(data))
    elif _KEEPING[0] and cls is Diagnostic:
        _ENCODINGS[id(obj)] = (obj, data)
    return obj


# lazy fields (issue 18): see docgen.pipeline.lazy_data
_LAZY_CLASSES = lazy_data.LAZY_CLASSES
_LAZY_ON = lazy_data.LAZY_ON
eager = lazy_data.eager
Pending = lazy_data.Pending


class DamagedModel(PlainError):
    """A lazy field of a model read from the cache does not decode. A patched model carries the
    unread fields of the model it patched as they were stored, so the damage is met again by every
    later run until the stored models are dropped (the command's guard does:
    :meth:`docgen.pipeline.run.Run.forget_damaged_models`)."""


def _decode_field(owner: str, name: str, data: Any) -> Any:
    """A lazy field's value from its stored data (:func:`docgen.model.lazy.set_decoder`)."""
    try:
        return decode(lazy_data.opened(owner, name, data, core_registry, PlainError))
    except (PlainError, RecursionError) as exc:
        raise DamagedModel(f"a model stored in docgen's cache is damaged ({owner}.{name}: {exc}); "
                         "run docgen with --no-cache, or delete the cache folder") from None


def pending(data: dict[str, Any]) -> Pending:
    """A :class:`~docgen.pipeline.lazy_data.Pending` unpickled (by a name of this module: the decoder)."""
    return Pending(data)


lazy.set_decoder(_decode_field)
lazy.set_peeker(lambda holds, data, names: lazy_data.peek(holds, data, names, core_registry))
lazy_data.RESTORE[0] = pending


MARSHAL_VERSION = 4


def _marshalled(walk: Callable[[Any], Any], value: Any, version: int, refusal: str) -> bytes:
    """:mod:`marshal` bytes (``version``) of ``walk(value)``; :class:`PlainError` for a value
    nested too deeply (Python's or marshal's depth limit) or that ``walk`` refuses."""
    try:
        return marshal.dumps(walk(value), version)
    except RecursionError:
        raise PlainError("nested too deeply") from None
    except ValueError as exc:  # marshal's own depth limit
        raise PlainError(f"{refusal}: {exc}") from None


def dumps(value: Any, version: int = MARSHAL_VERSION) -> bytes:
    """``value`` as :mod:`marshal` bytes (``version``) of its plain data: what the cache stores."""
    return _marshalled(encode, value, version, "not storable")


def loads(payload: bytes) -> Any:
    """The value :func:`dumps` gave ``payload``; :class:`PlainError` for anything else."""
    try:
        data = unmarshal.loads(payload)
    except unmarshal.NotMarshal as exc:  # not marshal data, cut short, planted
        raise PlainError(str(exc)) from None
    try:
        return decode(data)
    except RecursionError:
        raise PlainError("nested too deeply") from None


def _refuse(value: Any) -> Any:
    """What no key is made of: a class, or a value that is no scalar, container, enum or dataclass."""
    if isinstance(value, type):
        raise PlainError(f"not usable in a key: the class {value.__qualname__}")
    raise PlainError(f"not usable in a key: {type(value).__qualname__}")


# --- per-object digests (issue 18) ------------------------------------------------------------

DIGESTED: frozenset[type] = frozenset((TypeDef, Operation))
"""The model's objects a key names by their digest (:func:`object_digest`) instead of walking
them: a type, an operation. Every render job's key holds one or more of them."""

_DIGESTS: dict[int, tuple[Any, str]] = {}
"""The digest of each object of :data:`DIGESTED` known to this process, by ``id`` (with the
object itself, kept alive so that its ``id`` is not reused: see :func:`retain_digests`)."""

_DIGESTING = [False]
"""Whether :func:`decode` notes the digest of each object of :data:`DIGESTED` it builds
(:func:`digesting`)."""


def _data_digest(data: Any) -> str:
    """The digest of an object whose :func:`encode` is ``data`` (a sealed field stored apart
    hashed as its sealed bytes: :func:`~docgen.pipeline.lazy_data.resolved`)."""
    if any(type(item) is tuple and lazy_data.is_ref(item) for item in data):
        try:
            data = [lazy_data.resolved(item) for item in data]
        except ValueError as exc:
            raise PlainError(f"a model stored in docgen's cache is damaged ({exc})") from None
    return hashlib.blake2b(marshal.dumps(data, KEY_MARSHAL), digest_size=16).hexdigest()


def data_digest(data: Any) -> str:
    """The digest :func:`object_digest` gives an object whose :func:`encode` is ``data``."""
    return _data_digest(data)


def object_digest(value: Any) -> str:
    """A digest of every field of ``value`` (a frozen model object, e.g. a type or an operation):
    blake2b of :mod:`marshal` version 2 of its :func:`encode`, the cache's own encoding, so the
    same in every process and on every machine, and remembered for the object (models are frozen).

    A model the cache gives is decoded from that encoding: while :func:`digesting`, :func:`decode`
    hashes each type's and operation's data as it builds the object (0.05 s for the corpus's
    3,424 against 0.16 s to encode them again), and after an edit the patched model shares the
    unchanged objects with the stored one, so only the objects the edit replaced are encoded
    here. A value :func:`encode` refuses is walked as :func:`key_plain` walks it."""
    found = _DIGESTS.get(id(value))
    if found is not None and found[0] is value:
        return found[1]
    try:
        digest = _data_digest(encode(value))
    except (PlainError, RecursionError, ValueError):
        digest = "w" + hashlib.blake2b(_marshalled(_walk_all, value, KEY_MARSHAL, "not usable in a key"),
                                       digest_size=16).hexdigest()
    _DIGESTS[id(value)] = (value, digest)
    return digest


@contextmanager
def digesting(on: bool = True) -> Iterator[None]:
    """Inside the block, :func:`decode` notes the digest of every type and operation it builds
    (the render pipeline decodes its model so: :func:`docgen.pipeline.render_cache.render_cached`);
    with ``on`` False it does not (a model whose digests were stored beside it:
    :func:`note_digests`)."""
    saved = _DIGESTING[0]
    _DIGESTING[0] = on
    try:
        yield
    finally:
        _DIGESTING[0] = saved


def is_digesting() -> bool:
    """Whether :func:`decode` notes digests here (inside :func:`digesting`)."""
    return _DIGESTING[0]


def known_digests(objects: Sequence[Any], most: int) -> tuple[str, ...] | None:
    """The digest (:func:`object_digest`) of each of ``objects``, when at most ``most`` of them
    are not known yet (those are worked out here); None otherwise (nothing worked out)."""
    known = [_DIGESTS.get(id(value)) for value in objects]
    if sum(1 for found, value in zip(known, objects) if found is None or found[0] is not value) > most:
        return None
    return tuple(found[1] if found is not None and found[0] is value else object_digest(value)
                 for found, value in zip(known, objects))


def note_digests(objects: Sequence[Any], digests: Sequence[str]) -> None:
    """Note ``digests[i]`` as the digest of ``objects[i]``: what :func:`known_digests` gave for
    objects equal to these (the caller vouches for that: the stored model they were stored with)."""
    for value, found in zip(objects, digests):
        _DIGESTS[id(value)] = (value, found)


def retain_digests(objects: Iterable[Any]) -> None:
    """Forget every digest but those of ``objects`` (the model just rendered: what the next
    build of this process may patch), so the objects of older models can be freed."""
    keep = {id(value): _DIGESTS[id(value)] for value in objects
            if id(value) in _DIGESTS and _DIGESTS[id(value)][0] is value}
    _DIGESTS.clear()
    _DIGESTS.update(keep)


# --- kept encodings (issue 18) ---------------------------------------------------------------

_ENCODINGS: dict[int, tuple[Any, Any]] = {}
"""The data each :class:`~docgen.diagnostics.Diagnostic`, or tuple of them in columns, decoded
inside :func:`keeping_encodings` was decoded from, by ``id`` (with the object, kept alive so that its ``id`` is not reused):
:func:`encode` gives it back instead of walking the object again."""

_KEEPING = [False]
"""Whether :func:`decode` keeps the data of each diagnostic it builds (:func:`keeping_encodings`)."""


@contextmanager
def keeping_encodings() -> Iterator[None]:
    """Inside the block, :func:`decode` keeps the data of every diagnostic it builds, and
    :func:`encode` gives that data back for the same object until :func:`forget_encodings`. A
    warm render stores the model's diagnostics again with the package (11,662 on the corpus:
    0.035 s to encode, 0.005 s to give back); the data is what encoding an equal object gives
    (frozen objects, decoded from it)."""
    saved = _KEEPING[0]
    _KEEPING[0] = True
    try:
        yield
    finally:
        _KEEPING[0] = saved


def forget_encodings() -> None:
    """Forget the data :func:`keeping_encodings` kept (and the objects it kept alive)."""
    _ENCODINGS.clear()


_walk_all: Callable[[Any], Any] = plain_walk(other=_refuse)
"""Every field walked, no digest (what :func:`object_digest` falls back to)."""

key_plain: Callable[[Any], Any] = plain_walk(other=_refuse, digested=dict.fromkeys(DIGESTED, object_digest))
"""``value``'s key encoding before :mod:`marshal` (:func:`docgen.keys.plain_walk`, every field
kept, a type or an operation by its :func:`object_digest`); :class:`PlainError` for a value no
key is made of (``...`` included, so that no input tuple or list can look like the encoding of a
dataclass, an enum, a dict or a set)."""


def key_bytes(value: Any) -> bytes:
    """A deterministic encoding of ``value`` for a cache key (the same bytes in every process and
    on every machine: no hash-ordered sets, no memory addresses, no marshal back-references):
    :func:`key_plain` written with :mod:`marshal` version :data:`KEY_MARSHAL`. Anything a cache
    key is made of: scalars, bytes, tuples, lists, dicts, sets, enums and any dataclass (by its
    qualified name and fields); never decoded. The walk keeps containers of scalars whole and
    marshal writes the strings at C speed: 0.23 s against 0.34 s for the token stream it
    replaced, for the keys of the corpus's 5,727 render jobs."""
    return _marshalled(key_plain, value, KEY_MARSHAL, "not usable in a key")
