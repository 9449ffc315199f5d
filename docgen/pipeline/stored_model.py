"""A built model in the cache, with the digests of its types and operations beside it.

In: the cache, a model's key (:attr:`~docgen.pipeline.build.Plan.key`) and, to store, the model.
Out: the stored model (or None), its types' and operations' digests noted
(:func:`~docgen.pipeline.plain.note_digests`) when they were stored with it; the entries to
store for it.

A render names each type and operation in its jobs' keys by its digest
(:func:`~docgen.pipeline.plain.object_digest`). A model decoded inside
:func:`~docgen.pipeline.plain.digesting` hashes each one's data as it is decoded (0.04 s of the
corpus's 0.24 s decode); when the model was stored with the digests of its objects (an entry of
kind :data:`DIGESTS` under the model's key: a patched model's are known but the few objects the
patch made), they are read instead and nothing is hashed. The entry holds the counts of types and
operations it was made for; any doubt (missing, damaged, not those counts) and the model is
decoded as before.

Beside them, an entry of kind :data:`PLACES` holds the pages each type and operation holds a
place on beyond the ones it names itself (:func:`docgen.resolve.places.extras`): what lets a
patch look at only the objects of the edited pages (:func:`page_index`), leaving the others'
lazy fields (:mod:`docgen.model.lazy`) unread. Worked out by a walk of the whole model after a
whole resolve (0.05 s on the corpus) by the child that stores the model, carried to a patched model (:func:`carry_places`); missing
or not of the model's shape, the patch looks at every object.

The sealed lazy fields of the types and operations (:mod:`docgen.pipeline.lazy_data`: 11 of the
corpus model's 15.7 MB, all but the types' rows: :data:`INLINE`) are stored apart, those of
:data:`PER_ENTRY` objects to an entry of kind :data:`FIELDS` named by its content's digest (a
chunk: a patched model shares every chunk but the few its patch changed with the model it
patched, so an edit stores a few hundred KB of fields, not 11 MB), the names of a model's chunks
in an entry of kind :data:`CHUNKS` by its key, and the model's entry holds a reference, (chunk,
place), in each field's place (:func:`~docgen.pipeline.lazy_data.is_ref`). Reading the model reads, hashes and copies only the
rest (a warm edit read the whole 15.7 MB entry to use two to four fields); a field's entry is
fetched when the field is first read (:func:`_fetch`; gone by then: :class:`FieldsGone`). The child that stores a model splits it (:func:`_apart`), fetching
the fields a patched model carries from the entries of the model it patched, and writes the
digests of its types and operations beside it (hashed over the sealed bytes, as
:func:`~docgen.pipeline.plain.object_digest` is), so that no later read hashes them. A model whose
chunks are not all there is no model (:func:`load_model` gives None: a whole resolve).
"""

from __future__ import annotations

import importlib
import marshal
from collections.abc import Callable
from functools import cache as memoized
from typing import TYPE_CHECKING, Any

from docgen.model import lazy
from docgen.pipeline import kept_model, lazy_data, parts, plain, tree_entry, unmarshal
from docgen.pipeline.cache import Cache
from docgen.pipeline.entry_writer import Later, Writes
from docgen.resolve import places

if TYPE_CHECKING:
    from docgen.model.core import Model

MODEL = "model"
"""The kind of a model's entry (by its key)."""
DIGESTS = "model-digests"
"""The kind of the entry holding, by a model's key, the digests of its types and operations."""
PLACES = "model-places"
"""The kind of the entry holding, by a model's key, its :func:`~docgen.resolve.places.extras`."""
FIELDS = "model-fields"
"""The kind of the entries (chunks) holding stored models' sealed fields, those of :data:`PER_ENTRY`
objects to an entry, by the digest of its payload (:func:`_chunk_name`): the :mod:`marshal` bytes
(version 2: the same bytes for the same fields, whatever shares them) of a tuple of sealed bytes
(read with :mod:`docgen.pipeline.unmarshal`, checked to be that). Shared by every model that has them."""
CHUNKS = "model-chunks"
"""The kind of the entry holding, by a model's key, the names of its :data:`FIELDS` entries (what
:func:`load_model` checks are all there, and eviction keeps: :mod:`docgen.pipeline.in_use`)."""
PER_ENTRY = 16
"""Objects (types, then operations) whose sealed fields share a :data:`FIELDS` entry: about 64
fields, 55 KB, on the corpus; a warm edit reads two to four fields, and a patch changes the
entries of the objects it made only. (Grouped by object, not by field: a field made empty or not
by an edit moves no other object's fields to another entry.)"""
STAMPED = (MODEL, DIGESTS, CHUNKS)
"""The entries under a model's key whose digests a model kept in memory is checked against
(:mod:`docgen.pipeline.kept_model`): what :func:`load_model` decodes it from."""
MOST_UNKNOWN = 256
"""Objects past which the digests of a model read while digesting are not worked out to be stored
when it was stored without them (the child that stores a model stores them: :func:`model_entries`)."""


def load_model(cache: Cache, key: str) -> Model | None:
    """The model stored under ``key`` (None when there is none, or it is not a model); inside
    :func:`~docgen.pipeline.plain.digesting`, with its types' and operations' digests noted, read
    from their entry when it is sound, else hashed as it is decoded."""
    if not cache.enabled:
        return None
    kept = kept_model.take(cache, key, STAMPED)  # (docgen serve's child: the model its server read ahead)
    if kept is not None and _fields_present(cache, key):
        _resolve_from(cache, key)
        kept_model.note(cache.root, key, took=True)
        return kept
    kept_model.note(cache.root, None)
    before = _SOURCES.get(key)
    _resolve_from(cache, key)  # (a model hashed as it is decoded fetches its fields)
    found = _load(cache, key)
    if found is None:  # the fields of a model of this key read before are where they were
        _SOURCES.pop(key, None)
        if before is not None:
            _SOURCES[key] = before
    else:
        kept_model.note(cache.root, key)
    return found


_PREFETCHED: dict[str, Model] = {}  # the model prefetch read, by its key (one), until take_prefetched


def prefetch(cache: Cache, key: str) -> Callable[[], None]:
    """What reads the model stored under ``key`` ahead of its use, as a render reads it (digested,
    encodings kept), for :func:`take_prefetched`: run while a child parses the edited pages."""

    def read() -> None:
        _PREFETCHED.clear()
        with plain.digesting(), plain.keeping_encodings():
            found = load_model(cache, key)
        if found is not None:
            _PREFETCHED[key] = found
            page_index(cache, key, found)  # what the patch reads next, read while the child parses:
        tree_entry.read_ahead(cache, key)  # its places, its stored tree and its code (2-8 ms)
        importlib.import_module("docgen.resolve.patch")

    return read


def take_prefetched(key: str) -> Model | None:
    """The model :func:`prefetch` read under ``key`` when it was read as it would be read now
    (digests noted and diagnostics' data kept: a render's patch), else None; forgotten either way."""
    found = _PREFETCHED.pop(key, None)
    _PREFETCHED.clear()
    keeping = plain._KEEPING[0]  # (inside plain.keeping_encodings: plain.py is at its line limit)
    return found if found is not None and plain.is_digesting() and keeping else None


def _load(cache: Cache, key: str) -> Model | None:
    """:func:`load_model` once its fields are fetched from ``cache``."""
    from docgen.model.core import Model

    digests = _digests(cache.get(DIGESTS, key)) if plain.is_digesting() else None
    if digests is None:
        value = cache.get(MODEL, key)
        if not isinstance(value, Model) or not _fields_present(cache, key):
            return None
        if plain.is_digesting():  # hashed as it was decoded: the next read of it need not
            stored = _known(value)
            if stored is not None:
                cache.put(DIGESTS, key, stored)
        return value
    with plain.digesting(False):
        value = cache.get(MODEL, key)
    if not isinstance(value, Model) or not _fields_present(cache, key):
        return None
    types, operations = digests
    if len(types) == len(value.types) and len(operations) == len(value.operations):
        plain.note_digests(value.types, types)
        plain.note_digests(value.operations, operations)
    # else (never stored so): the digests are worked out when a key asks (object_digest)
    return value


def _digests(value: Any) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """(types' digests, operations' digests) of a :data:`DIGESTS` entry; None when it is not one."""
    if not (type(value) is tuple and len(value) == 2 and all(type(part) is tuple for part in value)):
        return None
    if not all(type(d) is str for part in value for d in part):
        return None
    return value[0], value[1]


def model_entries(key: str, model: Model) -> list[tuple[str, str, object]]:
    """The entries that store ``model`` under ``key``, each worked out and written by the child
    that stores them (:func:`~docgen.pipeline.entry_writer.store_later`): its sealed fields apart
    (:func:`_apart`), the digests of its types and operations, its places (when known or every
    object of it is decoded: see :func:`places_of`), then the model's own entry."""
    kept_model.note(None, key)
    found: object = places_of(model)
    if found is None and not any(lazy.PENDING in value.__dict__ for value in (*model.types, *model.operations)):
        # A whole resolve's model, every field at hand: walked by the child that stores it
        # (0.05 s of a cold `docgen model` on the corpus), not here. A patch in this process
        # (--watch) reads them from their entry.
        found = Later(lambda: places.extras(model))
    apart = memoized(lambda: _apart(key, model))  # worked out once, by the child that stores them
    # (the fields' entries are waited for with the model's: a fetch reads those of a model read
    # before, never of one this process is storing, and need not wait for the child)
    return [(MODEL, key, Writes(lambda cache: _write_fields(cache, apart()[0]))),
            (CHUNKS, key, Writes(lambda cache: cache.put(CHUNKS, key, tuple([name for name, _ in apart()[0]])))),
            (DIGESTS, key, Writes(lambda cache: cache.put(DIGESTS, key, apart()[1]))),
            *([(PLACES, key, found)] if found is not None else []),
            (MODEL, key, Writes(lambda cache: cache.put_payloads(MODEL, [(key, apart()[2])])))]


def _write_fields(cache: Any, chunks: list[tuple[str, bytes]]) -> None:
    """Store the :data:`FIELDS` entries (name, payload) of a model not stored yet (the ones it
    shares with a model stored before are there: before the model's entry is written)."""
    found = cache.present(FIELDS, [name for name, _ in chunks])
    cache.put_payloads(FIELDS, [(name, payload) for name, payload in dict(chunks).items() if name not in found])


def _chunk_name(payload: bytes) -> str:
    """The name of a :data:`FIELDS` entry: the digest of its payload."""
    return parts.name(payload)


def _apart(key: str, model: Model) -> tuple[list[tuple[str, bytes]], tuple[tuple[str, ...], tuple[str, ...]], bytes]:
    """``model`` stored apart: its types' and operations' sealed fields in chunks (name, payload:
    :data:`FIELDS`, in the order of the references to them), the digests of its types and
    operations, and the payload of its entry (the model, each sealed field a reference). A field
    still pending is taken as it was stored (fetched when stored apart for another model)."""
    fields: list[tuple[str, bytes]] = []
    held: list[Any] = []
    data = [plain.encode(model)]
    types = _split_all(data[0], 1, "TypeDef", model.types, fields, held)
    operations = _split_all(data[0], 2, "Operation", model.operations, fields, held)
    # The bytes plain.dumps gives the model read back (marshal marks an object referenced more
    # than once): the data handed over alone, each pending field's data held twice (here, as
    # the read model's pending fields hold theirs while encode_fields gives them back).
    # The model's large columns (the types' rows, the diagnostics', the pages' names: 5.5 MB of
    # the corpus's entry, the same but for the one or two items an edit changed) apart as well, in
    # parts named by their content (docgen.pipeline.parts) among its fields' entries.
    # (data[0] stays the data's one reference: a model with no column that large is stored as before)
    data[0], layout = parts.split(data[0], fields)
    payload = marshal.dumps((parts.MARK, data.pop(), layout) if layout else data.pop(), plain.MARSHAL_VERSION)
    held.clear()
    return fields, (types, operations), payload


def _split_all(data: list[Any], at: int, tag: str, values: tuple[Any, ...], chunks: list[tuple[str, bytes]],
               held: list[Any]) -> tuple[str, ...]:
    """:func:`_split` each object of ``values`` (of the class ``tag``), whose data is ``data[at]``
    (in columns, or item by item: :func:`~docgen.pipeline.lazy_data.as_columns`), the fields of
    each :data:`PER_ENTRY` objects to a chunk added to ``chunks``, and put their data back as it
    was stored (columns of the split data); their digests. (The columns and lists made on the way
    are dropped as they are replaced: marshal's bytes depend on reference counts.)"""
    items = lazy_data.by_item(data[at])
    data[at] = None
    digests: list[str] = []
    for start in range(0, len(items), PER_ENTRY):
        reused = _reused(items[start:start + PER_ENTRY], values[start:start + PER_ENTRY], tag)
        if reused is not None:  # the chunk the objects were read from, as it is
            digests += reused[2]
            _refer_again(items[start:start + PER_ENTRY], tag, reused[0], reused[1], chunks, held)
            continue
        fields: list[bytes] = []
        places: list[tuple[list[Any], int]] = []
        digests += [_split(item, fields, places, held, _known_digest(value))
                    for item, value in zip(items[start:start + PER_ENTRY], values[start:start + PER_ENTRY])]
        if fields:
            _refer(fields, places, chunks, held)
    data[at] = lazy_data.as_columns(tag, tuple(items))
    return tuple(digests)


def _refer(fields: list[bytes], places: list[tuple[list[Any], int]], chunks: list[tuple[str, bytes]],
           held: list[Any]) -> None:
    """Make ``fields`` a chunk (added to ``chunks``) and put a reference to each in its place."""
    payload = marshal.dumps(tuple(fields), lazy_data.SEAL_MARSHAL)
    name = _chunk_name(payload)
    chunks.append((name, payload))
    for n, (item, at) in enumerate(places):
        item[at] = ref = (lazy_data.REF, name, n)
        held.append(ref)


def _reused(items: list[list[Any]], values: tuple[Any, ...], tag: str) -> tuple[str, bytes, list[str]] | None:
    """(chunk name, payload, digests) when the fields of ``items`` (the data of ``values``, a group
    of :data:`PER_ENTRY` objects of the class ``tag``) kept apart are all still the references to
    one stored chunk, in its order and all of it (objects left unread since the stored model was
    read, or carried whole by a patch) and their digests are known: :func:`_refer` would make that
    chunk again, byte for byte, after fetching each field (a warm edit's store child: 25-40 ms of
    CPU on the corpus). None otherwise. (Only lazy fields are ever sealed or references.)"""
    name = None
    count = 0
    ref = lazy_data.REF
    for item in items:
        for at in _apart_places(tag):
            part = item[at]
            kind = type(part)
            if kind is bytes:  # a field made or read since: the chunk changes
                return None
            if kind is tuple and len(part) == 3 and part[0] == ref:
                if type(part[2]) is not int or part[2] != count or type(part[1]) is not str:
                    return None  # (not a reference: is_ref)
                if name is not None and part[1] != name:
                    return None
                name = part[1]
                count += 1
    digests = [_known_digest(value) for value in values]
    if name is None or None in digests:
        return None
    payload = _chunk_payload(name)
    try:
        chunk = unmarshal.loads(payload) if payload is not None else None
    except unmarshal.NotMarshal:
        return None
    if type(chunk) is not tuple or len(chunk) != count or not all(type(item) is bytes for item in chunk):
        return None  # (not all of it: a field of the group gone from it)
    return name, payload, digests  # type: ignore[return-value]


def _refer_again(items: list[list[Any]], tag: str, name: str, payload: bytes, chunks: list[tuple[str, bytes]],
                 held: list[Any]) -> None:
    """What :func:`_split` and :func:`_refer` do with a group :func:`_reused` found unchanged: the
    chunk added, a new reference to each field in its place (one new name string, as _refer's:
    marshal's bytes depend on which objects are shared), the inline fields held."""
    name = (name + " ")[:-1]
    chunks.append((name, payload))
    count = 0
    inline = _inline(tag)
    places = _apart_places(tag)
    for item in items:
        for at in inline:
            if type(item[at]) is bytes:
                held.append(item[at])
        for at in places:
            part = item[at]
            if type(part) is tuple and len(part) == 3 and part[0] == lazy_data.REF:  # (not an empty field)
                item[at] = ref = (lazy_data.REF, name, count)
                held.append(ref)
                count += 1


@memoized
def _apart_places(tag: str) -> tuple[int, ...]:
    """The places, in the data of an object of the class ``tag``, of its lazy fields not :data:`INLINE`."""
    cls, names = plain.core_registry()[tag]
    return tuple(sorted(names.index(name) + 1 for name in lazy.lazy_fields(cls) if name not in INLINE.get(tag, ())))


def _known_digest(value: Any) -> str | None:
    """The digest of ``value`` when this process knows it (noted, or worked out), else None."""
    found = plain.known_digests((value,), 0)
    return found[0] if found is not None else None


def _split(item: list[Any], fields: list[bytes], places: list[tuple[list[Any], int]], held: list[Any],
           known: str | None) -> str:
    """Put each sealed field of ``item`` (a type's or an operation's data) in ``fields`` and its
    place in ``places`` (where :func:`_refer` puts a reference to it; but for :data:`INLINE`
    ones, kept in ``held``); the object's digest (``known``, when this process knows it: a
    patched model's objects but the few it made). (A function of its own: no local outlives it
    to raise a reference count, which marshal's bytes depend on.)"""
    whole = [lazy_data.resolved(part) for part in item]
    inline = _inline(item[0])
    for at, part in enumerate(whole):
        if type(part) is not bytes:
            continue
        if at in inline:
            held.append(part)
        else:
            places.append((item, at))
            fields.append(part)
    return known if known is not None else plain.data_digest(whole)


INLINE = {"TypeDef": ("properties",)}
"""Sealed fields kept in the model's entry, not apart: a warm render peeks at every type's rows
(:func:`docgen.model.lazy.columns`: their names and types; 1.7 MB on the corpus), which would
fetch almost every entry apart."""


@memoized
def _inline(tag: str) -> frozenset[int]:
    """The places, in the data of an object of the class ``tag``, of its :data:`INLINE` fields."""
    names = plain.core_registry()[tag][1]
    return frozenset(names.index(name) + 1 for name in INLINE.get(tag, ()))


def is_whole(cache: Cache, key: str) -> bool:
    """Whether a model is stored under ``key`` with every :data:`FIELDS` entry it names (not
    read: a damaged one is found so when it is read). Eviction drops a model's entry, its fields'
    entries and its tree data apart, so a tree data found says nothing of its model."""
    return bool(cache.present(MODEL, [key])) and _fields_present(cache, key)


def _fields_present(cache: Cache, key: str) -> bool:
    """Whether every :data:`FIELDS` entry of the model stored under ``key`` is there (named by
    its :data:`CHUNKS` entry): else its references lead nowhere."""
    names = cache.get(CHUNKS, key)
    if type(names) is not tuple or not all(type(name) is str for name in names):
        return False
    unique = set(names)
    return not unique or len(cache.present(FIELDS, list(unique))) == len(unique)


_FETCHED: dict[str, tuple[bytes, ...]] = {}
"""The :data:`FIELDS` entries fetched last, by name (a few: a warm edit reads two to four fields)."""
_SOURCES: dict[str, Cache] = {}
"""The cache each model read (by its key) came from: where fields are fetched, from the cache of
the model read last first (the last few models: a patch's and the one it patched, a test's warm
and cold; an entry is named by its content, so any cache that has it has the same bytes)."""


def _resolve_from(cache: Cache, key: str) -> None:
    """Fetch the fields of the model stored under ``key`` from ``cache`` from now on."""
    _FETCHED.clear()  # (fetched afresh in each run: what is read is checked against its digest)
    if len(_SOURCES) >= 16:
        _SOURCES.pop(next(iter(_SOURCES)))
    _SOURCES[key] = cache
    lazy_data.RESOLVE[0] = _fetch


class FieldsGone(LookupError):
    """A stored model's :data:`FIELDS` entry is gone since the model was read (evicted by another
    docgen process, deleted): not a ``ValueError``, so that no reader of a lazy field takes it for
    damage (:class:`~docgen.pipeline.plain.DamagedModel`). The model is read again by a run that
    meets it (:meth:`docgen.pipeline.run.Run.render`): a model with a fields' entry missing is no
    model (:func:`load_model`), so that run resolves the pages (or patches a model still whole)."""


def _fetch(ref: tuple[str, str, int]) -> bytes:
    """The sealed bytes a reference names (:data:`FIELDS`); :class:`FieldsGone` when its entry is
    gone, ``ValueError`` when it is damaged or not of that shape."""
    _, name, index = ref
    chunk = _FETCHED.get(name)
    if chunk is None:
        payload = _chunk_payload(name)
        if payload is None:
            raise FieldsGone(f"a stored model's fields' entry {name[-12:]} is gone")
        try:
            chunk = unmarshal.loads(payload)
        except unmarshal.NotMarshal as exc:
            raise ValueError(str(exc)) from None
        if type(chunk) is not tuple or not all(type(item) is bytes for item in chunk):
            raise ValueError("a fields' entry that is not a tuple of sealed fields")
        if len(_FETCHED) >= 8:
            _FETCHED.clear()
        _FETCHED[name] = chunk
    if not 0 <= index < len(chunk):
        raise ValueError("a reference past its fields' entry")
    return chunk[index]


def _chunk_payload(name: str) -> bytes | None:
    """The :data:`FIELDS` entry ``name`` from the caches models were read from (the last first)."""
    for cache in reversed(list(dict.fromkeys(_SOURCES.values()))):
        payload = cache.get_payload(FIELDS, name)
        if payload is not None:
            return payload
    return None


def forget_stored_models(cache: Cache) -> None:
    """Drop every stored model with its digests and places, once a model's lazy field was found
    damaged (:class:`~docgen.pipeline.plain.DamagedModel`): the next run resolves the pages whole
    instead of meeting the damage again in every patch of it. Waits first for this run's children
    still storing a model (a patched one carries the damage)."""
    from docgen.pipeline.entry_writer import finish_writes

    finish_writes(MODEL)
    cache.drop_kinds((MODEL, DIGESTS, PLACES, FIELDS, CHUNKS))


_PLACES: dict[int, tuple[Model, places.Extras]] = {}
"""The :func:`~docgen.resolve.places.extras` of the models read, built or patched last (at most
two: a model and its patch), by ``id`` (with the model, kept alive so that its ``id`` is not reused)."""


def _remember_places(model: Model, found: places.Extras) -> None:
    if len(_PLACES) >= 2:
        _PLACES.clear()
    _PLACES[id(model)] = (model, found)


def _note_places(model: Model, value: object) -> None:
    if places.is_extras(value, len(model.types), len(model.operations)):
        _remember_places(model, value)  # type: ignore[arg-type]


def places_of(model: Model) -> places.Extras | None:
    """The :func:`~docgen.resolve.places.extras` of ``model`` when known (stored with it, worked
    out when it was stored, or carried to it from the model it patched)."""
    found = _PLACES.get(id(model))
    return found[1] if found is not None and found[0] is model else None


def page_index(cache: Cache, key: str, model: Model) -> places.PageIndex | None:
    """Which types and operations of ``model`` (stored under ``key``) hold a place on a page,
    when its places are known (in memory, or read from their entry: what a patch asks for)."""
    found = places_of(model)
    if found is None:
        _note_places(model, cache.get(PLACES, key))
        found = places_of(model)
    return places.PageIndex(model, found) if found is not None else None


def carry_places(old: Model, new: Model) -> None:
    """Note the places of ``new``, a patch of ``old`` (only the objects it made are walked)."""
    found = places_of(old)
    carried = places.carried(old, found, new) if found is not None else None
    if carried is not None:
        _remember_places(new, carried)


def _known(model: Model) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """The digests of ``model``'s types and operations when all but :data:`MOST_UNKNOWN` of
    them are known (the rest are worked out), else None."""
    types = plain.known_digests(model.types, MOST_UNKNOWN)
    operations = plain.known_digests(model.operations, MOST_UNKNOWN) if types is not None else None
    return None if types is None or operations is None else (types, operations)
