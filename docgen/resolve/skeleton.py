"""A page's parse with everything blanked that a resolve only copies: what an edit must leave equal
for the model to be patched rather than resolved (issue 18).

In: a :class:`~docgen.model.page.PageModel`. Out: the same page with every description the
resolver only copies blanked (types', rows', enum members', operations'), "Inherited from"
references without their cell and place, links without their places, and the page's front matter
and hash left out (:func:`skeleton`); a reference whose cell is a whole line or description (an
operation's subject, a base claim, a body type's ``declared_by``) taken from the page after an
edit that changed only its cell (:func:`subject_changes`). :mod:`docgen.resolve.patch` compares the
skeletons of a page before and after an edit, once the changes it can patch are taken out.
"""

from __future__ import annotations

from dataclasses import replace

from docgen.diagnostics import Location
from docgen.model.core import EnumMember
from docgen.model.page import PageModel, PageOperation, PageProperty, PageType
from docgen.read.typecells import TypeRef

_NOWHERE = Location("", 0, 0)


def _loose(ref: TypeRef | None) -> TypeRef | None:
    """An "Inherited from" reference without its cell and place (see :meth:`Changes.add`)."""
    if ref is None or ref.alternatives:
        return ref
    return replace(ref, cell="", location=_NOWHERE)


def _row(row: PageProperty) -> PageProperty:
    if not row.description and row.inherited_from is None:
        return row
    return replace(row, description="", inherited_from=_loose(row.inherited_from))


def _rows(rows: tuple[PageProperty, ...]) -> tuple[PageProperty, ...]:
    return tuple(_row(row) for row in rows)


def _member(member: EnumMember) -> EnumMember:
    return replace(member, description="") if member.description else member


def _type(page_type: PageType) -> PageType:
    return replace(
        page_type,
        description="",
        properties=_rows(page_type.properties),
        members=tuple(_member(m) for m in page_type.members),
    )


def _operation(op: PageOperation) -> PageOperation:
    body = op.body
    if body is not None:
        tables = tuple((ref, _rows(rows)) for ref, rows in body.tables)
        body = replace(body, properties=_rows(body.properties), tables=tables)
    return replace(op, description="", parameters=_rows(op.parameters), body=body)


def skeleton(page: PageModel) -> PageModel:
    """``page`` with every description the resolver only copies blanked (see the module's docstring)."""
    return replace(
        page,
        info=replace(page.info, front_matter={}, sha256=""),  # what no model field but pages holds
        types=tuple(_type(t) for t in page.types),
        operations=tuple(_operation(op) for op in page.operations),
        links=tuple(replace(link, location=_NOWHERE) for link in page.links),
    )


def link_changes(old: PageModel, new: PageModel, unseen: set[Location], linked: set[str]) -> tuple[PageModel, PageModel]:
    """``old`` and ``new`` (a page before and after an edit, ``old``'s places moved as the edit
    moved them) without their links, which the resolve reads only to warn of one that names no
    input page (``unresolved-link``, at the link, naming its text and target): the place of each
    old link that is not the same link after the edit is added to ``unseen`` (the model must hold
    no trace of it: it resolved), and the target of each new or changed link to ``linked`` (it
    must name an input page: no new warning)."""
    if old.links == new.links:
        return replace(old, links=()), replace(new, links=())
    before = {link.location: link for link in old.links}
    after = {link.location: link for link in new.links}
    if len(before) != len(old.links) or len(after) != len(new.links):
        unseen.update(before)  # two links at one place: each must have resolved
        linked.update(link.target for link in new.links)
    else:
        unseen.update(place for place, link in before.items() if after.get(place) != link)
        linked.update(link.target for place, link in after.items() if before.get(place) != link)
    return replace(old, links=()), replace(new, links=())


def subject_changes(old: PageModel, new: PageModel, unseen: set[Location]) -> PageModel:
    """``old`` with each reference of the kinds below taken from ``new`` where the two differ in
    their cell only, and with it every reference of ``old`` that is the same reference: an
    operation's subject (and the request body's, when the body names none), a type's base claim
    and its ``declared_by`` (a request body table's type). The extractor keeps a whole line or
    description as such a reference's cell (``Apply decisions to an [accessReviewInstance](…).``,
    :func:`docgen.extract.api_refs.link_ref`; ``Key of the entity. Inherited from [mobileApp](…)``,
    a body row's base claim), so an edit of that text changes the cell alone. The resolve reads a
    reference's cell only to quote it in an ``unresolved-type`` warning at the reference's place,
    so that place is added to ``unseen`` (the model must hold no trace of it: it resolved). A
    reference whose name, place, target, anchor, collection or alternatives changed, or that
    would be swapped two ways, is left as it is (the skeletons then differ: a whole resolve)."""
    pairs: list[tuple[TypeRef | None, TypeRef | None]] = []
    if len(old.operations) == len(new.operations):
        pairs += [(a.subject, b.subject) for a, b in zip(old.operations, new.operations)]
    if len(old.types) == len(new.types):
        for t, u in zip(old.types, new.types):
            pairs.append((t.declared_by, u.declared_by))
            if len(t.bases) == len(u.bases):
                pairs += [(c.ref, d.ref) for c, d in zip(t.bases, u.bases)]
    swapped: dict[TypeRef, TypeRef] = {}
    for was, now in pairs:
        if was is not None and now is not None and was != now and replace(was, cell=now.cell) == now:
            if swapped.setdefault(was, now) != now:
                return old
    if not swapped:
        return old
    unseen.update(ref.location for ref in swapped)

    def swap(ref: TypeRef | None) -> TypeRef | None:
        return swapped.get(ref, ref) if ref is not None else None

    operations = []
    for op in old.operations:
        body = op.body
        if body is not None and body.ref in swapped:
            body = replace(body, ref=swap(body.ref))
        operations.append(replace(op, subject=swap(op.subject), body=body) if op.subject in swapped or body is not op.body else op)
    types = []
    for t in old.types:
        bases = tuple(replace(c, ref=swapped[c.ref]) if c.ref in swapped else c for c in t.bases)
        if t.declared_by in swapped or bases != t.bases:
            t = replace(t, declared_by=swap(t.declared_by), bases=bases)
        types.append(t)
    return replace(old, operations=tuple(operations), types=tuple(types))
