"""Lint's facts of the last run's types and operations, remembered by their content.

In: the cache and the objects of a model lint is checking. Out: each object's lint facts
(:mod:`docgen.checks.lint.facts`: which page holds a type's representation, body errors,
named examples, URL versions, lint's digests of it), from one stored entry (kind :data:`FACTS`,
one per docgen code: each object's facts by its :func:`~docgen.pipeline.plain.object_digest`)
when the object's digest is there, else worked out from its fields.

After a one-page edit almost every object of the model is the same as in the last lint, so lint
decides which pages to check again without decoding the lazy fields (:mod:`docgen.model.lazy`)
of those objects. A fact is a function of the object's fields alone, and the digest covers every
field, so a remembered fact is the one working it out would give. An entry, or a fact in it, that
is not of the expected shape is not trusted (the fact is worked out).
"""

from __future__ import annotations

import marshal
from typing import Any

from docgen.checks.lint.facts import ObjectFacts, OperationFacts, TypeFacts
from docgen.model import lazy
from docgen.model.core import Model, Operation, TypeDef
from docgen.pipeline.cache import Cache, code_fingerprint, digest
from docgen.pipeline import unmarshal
from docgen.pipeline.plain import known_digests, object_digest
from docgen.pipeline.stored_model import MOST_UNKNOWN

FACTS = "lint-facts"
"""The cache kind of the one entry holding the facts of the last lint's objects."""


def _facts_key() -> str:
    return digest(FACTS, code_fingerprint())


def _is_place(value: Any) -> bool:
    return (type(value) is tuple and len(value) == 3 and type(value[0]) is str
            and type(value[1]) is int and type(value[2]) is int)


def _is_error(value: Any) -> bool:
    return type(value) is tuple and len(value) == 2 and _is_place(value[0]) and type(value[1]) is str


def _type_facts_ok(value: Any) -> bool:
    return (type(value) is tuple and len(value) == 3 and type(value[0]) is str
            and (value[1] is None or type(value[1]) is str) and (value[2] is None or _is_error(value[2])))


def _operation_facts_ok(value: Any) -> bool:
    if not (type(value) is tuple and len(value) == 4 and type(value[0]) is str):
        return False
    errors, named, versions = value[1], value[2], value[3]
    return (type(errors) is tuple and all(_is_error(e) for e in errors)
            and type(named) is tuple
            and all(type(n) is tuple and len(n) == 3 and type(n[0]) is str and type(n[1]) is str
                    and _is_place(n[2]) for n in named)
            and type(versions) is tuple and len(versions) == 3 and type(versions[0]) is str
            and type(versions[1]) is int and type(versions[2]) is int)


def _read_from_cache(model: Model) -> bool:
    """True when some object of ``model`` was read from the cache (a lazy field of it was
    pending: :mod:`docgen.model.lazy`) or every object's digest but a few is known already."""
    objects = (*model.types, *model.operations)
    if any(lazy.PENDING in value.__dict__ for value in objects):
        return True
    return known_digests(objects, MOST_UNKNOWN) is not None


class RememberedFacts(ObjectFacts):
    """Lint's facts of each object (:mod:`docgen.checks.lint.facts`) remembered by the object's
    content digest (:func:`~docgen.pipeline.plain.object_digest`) from the last lint run (one
    entry, kind :data:`FACTS`): an object whose digest is there is answered from it, without
    reading (decoding) any of its fields; the others are worked out. :meth:`store` writes the
    facts of this run's objects when any was worked out (or the entry held others).

    A run with nothing to remember from whose model was just resolved whole (no object read
    from the cache lazily, no digest known: a cold ``lint``) remembers nothing either: digesting
    every object of such a model (encoding each, 0.16 s on the corpus) would cost the cold run
    what it saves nobody; the next run, reading the stored model, remembers its objects' facts."""

    def __init__(self, cache: Cache, model: Model | None = None) -> None:
        super().__init__(digests=cache.enabled)
        self.cache = cache
        self.stored_types: dict[str, Any] = {}
        self.stored_operations: dict[str, Any] = {}
        self.types_now: dict[str, TypeFacts] = {}
        self.operations_now: dict[str, OperationFacts] = {}
        self.worked_out = 0
        """Objects whose facts were worked out (not remembered)."""
        self._load()
        self.remembering = cache.enabled and (
            model is None or bool(self.stored_types or self.stored_operations) or _read_from_cache(model)
        )
        """Whether facts are looked up and kept by object digest in this run."""

    def _load(self) -> None:
        if not self.cache.enabled:
            return
        payload = self.cache.get_payloads(FACTS, [_facts_key()]).get(_facts_key())
        try:
            value = unmarshal.loads(payload) if payload is not None else None
        except unmarshal.NotMarshal:
            value = None
        if type(value) is tuple and len(value) == 2 and all(type(part) is dict for part in value):
            self.stored_types, self.stored_operations = value

    def work_out_type(self, typedef: TypeDef) -> TypeFacts:
        if not self.remembering:
            self.worked_out += 1
            return super().work_out_type(typedef)
        key = object_digest(typedef)
        found = self.stored_types.get(key)
        if found is None or not _type_facts_ok(found):
            self.worked_out += 1
            found = super().work_out_type(typedef)
        self.types_now[key] = found
        return found

    def work_out_operation(self, op: Operation) -> OperationFacts:
        if not self.remembering:
            self.worked_out += 1
            return super().work_out_operation(op)
        key = object_digest(op)
        found = self.stored_operations.get(key)
        if found is None or not _operation_facts_ok(found):
            self.worked_out += 1
            found = super().work_out_operation(op)
        self.operations_now[key] = found
        return found

    def store(self) -> None:
        """Keep the facts of the objects asked about in this run (when they differ from the entry's)."""
        if not self.remembering:
            return
        if (not self.worked_out and len(self.types_now) == len(self.stored_types)
                and len(self.operations_now) == len(self.stored_operations)):
            return
        try:
            payload = marshal.dumps((self.types_now, self.operations_now), 4)
        except ValueError:
            return
        self.cache.put_payloads(FACTS, [(_facts_key(), payload)])
