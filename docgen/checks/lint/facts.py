"""What lint needs to know of every type and operation of a model, as plain columns.

In: a type or an operation of a resolved model. Out: a few scalars lint's per-page cache and
model-wide lookups read of it (:class:`TypeFacts`, :class:`OperationFacts`).

Lint checks page by page, but deciding which pages' stored findings stand asks something of
every object: which page holds a type's JSON representation, which example bodies failed to parse
(their parser errors are replaced by lint's own), what the resolver made of an operation and a
type (digests), which examples carry an explicit name (duplicate names across pages), the docs
version most example URLs name. Worked out from the object, that reads (and, for a model read
lazily from the cache: :mod:`docgen.model.lazy`, decodes) every operation's examples and every
type's properties. :class:`ObjectFacts` works them out so; a caller that keeps the facts of the
last run by each object's content digest (:mod:`docgen.pipeline.lint_cache`) answers an
unchanged object from them and decodes nothing of it: each fact is a function of the object's
fields alone.
"""

from __future__ import annotations

from typing import Any

from docgen.checks.lint.digests import digest_of, type_digest_of
from docgen.checks.lint.links import _URL_VERSION
from docgen.checks.lint.pages import _block_type as block_type
from docgen.checks.lint.pages import _explicit_name as explicit_name
from docgen.model.core import Operation, Property, TypeDef

Place = tuple[str, int, int]
"""A location as (path, line, col)."""

TypeFacts = tuple[str, "str | None", "tuple[Place, str] | None"]
"""(lint digest of the type, path of the page holding its JSON representation or None, that
representation's body error as (place, message) or None)."""

OperationFacts = tuple[str, tuple[tuple[Place, str], ...], tuple[tuple[str, str, Place], ...], tuple[str, int, int]]
"""(lint digest of what the resolver made of it, its examples' body errors as (place, message),
its named request/response examples as (kind, name, place) in example order, its example URLs'
docs versions as (first version named or "", count of ``beta``, count of ``1.0``))."""

def _place(location: Any) -> Place:
    return (location.path, location.line, location.col)


def _rows(rows: tuple[Property, ...]) -> tuple[tuple[str, str, str | None], ...]:
    return tuple((p.name, p.type, p.inherited_from) for p in rows)


def resolved(op: Operation) -> tuple[Any, ...]:
    """What the resolver decides, beyond its page, of the parts of an operation lint reads (see
    :meth:`docgen.checks.lint.core.Unit.digest`; a rule that reads more of an operation must add
    it here): the types of its body and response, its body rows' names and types."""
    body, response = op.request_body, op.response
    return (
        None if body is None else (body.type, _rows(body.properties)),
        None if response is None else response.type,
    )


class ObjectFacts:
    """The facts of each object, worked out from its fields (decoding what is lazy), once per
    object (by identity: model objects are frozen)."""

    def __init__(self, digests: bool = True) -> None:
        self.digests = digests
        """False: the facts' digests are left "" (a run that keys nothing on them: a cold
        :func:`~docgen.checks.lint.core.lint`); whoever needs one works it out then."""
        self._types: dict[int, tuple[TypeDef, TypeFacts]] = {}
        self._operations: dict[int, tuple[Operation, OperationFacts]] = {}

    def type_facts(self, typedef: TypeDef) -> TypeFacts:
        found = self._types.get(id(typedef))
        if found is None or found[0] is not typedef:
            found = self._types[id(typedef)] = (typedef, self.work_out_type(typedef))
        return found[1]

    def operation_facts(self, op: Operation) -> OperationFacts:
        found = self._operations.get(id(op))
        if found is None or found[0] is not op:
            found = self._operations[id(op)] = (op, self.work_out_operation(op))
        return found[1]

    def work_out_type(self, typedef: TypeDef) -> TypeFacts:
        """The facts of a type not asked for before (a subclass may remember them)."""
        return type_facts(typedef, self.digests)

    def work_out_operation(self, op: Operation) -> OperationFacts:
        """The facts of an operation not asked for before (a subclass may remember them)."""
        return operation_facts(op, self.digests)


def type_facts(typedef: TypeDef, digests: bool = True) -> TypeFacts:
    """:data:`TypeFacts` of ``typedef`` from its fields (its digest "" unless ``digests``)."""
    example = typedef.representation
    digest = type_digest_of(typedef) if digests else ""
    if example is None:
        return (digest, None, None)
    error = example.body_error
    return (
        digest,
        example.location.path,
        None if error is None else (_place(error.location), error.message),
    )


def operation_facts(op: Operation, digests: bool = True) -> OperationFacts:
    """:data:`OperationFacts` of ``op`` from its fields (its digest "" unless ``digests``)."""
    errors: list[tuple[Place, str]] = []
    named: list[tuple[str, str, Place]] = []
    first, beta, v1 = "", 0, 0
    for example in op.examples:
        if example.body_error is not None:
            errors.append((_place(example.body_error.location), example.body_error.message))
        name = explicit_name(example)
        if name and block_type(example) in ("request", "response"):
            named.append((example.kind, name, _place(example.location)))
        match = _URL_VERSION.search(example.url or "")
        if match:
            label = "beta" if match.group(1).lower() == "beta" else "1.0"
            first = first or label
            if label == "beta":
                beta += 1
            else:
                v1 += 1
    return (digest_of(resolved(op)) if digests else "", tuple(errors), tuple(named), (first, beta, v1))
