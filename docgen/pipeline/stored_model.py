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
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docgen.model import lazy
from docgen.pipeline import plain
from docgen.pipeline.cache import Cache
from docgen.pipeline.entry_writer import Later
from docgen.resolve import places

if TYPE_CHECKING:
    from docgen.model.core import Model

MODEL = "model"
"""The kind of a model's entry (by its key)."""
DIGESTS = "model-digests"
"""The kind of the entry holding, by a model's key, the digests of its types and operations."""
PLACES = "model-places"
"""The kind of the entry holding, by a model's key, its :func:`~docgen.resolve.places.extras`."""
MOST_UNKNOWN = 256
"""Objects past which a model's digests are not worked out to be stored (a whole resolve's model:
encoding all of it was 0.16 s; its next read hashes them while it decodes, as before)."""


def load_model(cache: Cache, key: str) -> Model | None:
    """The model stored under ``key`` (None when there is none, or it is not a model); inside
    :func:`~docgen.pipeline.plain.digesting`, with its types' and operations' digests noted, read
    from their entry when it is sound, else hashed as it is decoded."""
    from docgen.model.core import Model

    digests = _digests(cache.get(DIGESTS, key)) if plain.is_digesting() else None
    if digests is None:
        value = cache.get(MODEL, key)
        if not isinstance(value, Model):
            return None
        if plain.is_digesting():  # hashed as it was decoded: the next read of it need not
            stored = _known(value)
            if stored is not None:
                cache.put(DIGESTS, key, stored)
        return value
    with plain.digesting(False):
        value = cache.get(MODEL, key)
    if not isinstance(value, Model):
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
    """The entries that store ``model`` under ``key``: its digests first (when all but
    :data:`MOST_UNKNOWN` of its types and operations have known digests), its places (when known
    or every object of it is decoded: see :func:`places_of`), then the model."""
    stored = _known(model)
    found: object = places_of(model)
    if found is None and not any(lazy.PENDING in value.__dict__ for value in (*model.types, *model.operations)):
        # A whole resolve's model, every field at hand: walked by the child that stores it
        # (0.05 s of a cold `docgen model` on the corpus), not here. A patch in this process
        # (--watch) reads them from their entry.
        found = Later(lambda: places.extras(model))
    return [*([(DIGESTS, key, stored)] if stored is not None else []),
            *([(PLACES, key, found)] if found is not None else []), (MODEL, key, model)]


def forget_stored_models(cache: Cache) -> None:
    """Drop every stored model with its digests and places, once a model's lazy field was found
    damaged (:class:`~docgen.pipeline.plain.DamagedModel`): the next run resolves the pages whole
    instead of meeting the damage again in every patch of it. Waits first for this run's children
    still storing a model (a patched one carries the damage)."""
    from docgen.pipeline.entry_writer import finish_writes

    finish_writes(MODEL)
    cache.drop_kinds((MODEL, DIGESTS, PLACES))


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
