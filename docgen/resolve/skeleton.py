"""A page's parse with everything blanked that a resolve only copies: what an edit must leave equal
for the model to be patched rather than resolved (issue 18).

In: a :class:`~docgen.model.page.PageModel`. Out: the same page with every description the
resolver only copies blanked (types', rows', enum members', operations'), "Inherited from"
references without their cell and place, links without their places, and the page's front matter
and hash left out (:func:`skeleton`); a reference whose cell is a whole line or description (an
operation's subject, a base claim, a body type's ``declared_by``) taken from the page after an
edit that changed only its cell (:func:`reference_changes`). :mod:`docgen.resolve.patch` compares the
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


def reference_changes(old: PageModel, new: PageModel, unseen: set[Location]) -> PageModel:
    """``old`` with each reference of the kinds below taken from ``new`` where the two differ in
    their cell only, and with it every reference of ``old`` that is the same reference: an
    operation's subject (and the request body's, when the body names none), a type's base claim
    and its ``declared_by`` (a request body table's type). The extractor keeps a whole line or
    description as such a reference's cell (``Apply decisions to an [accessReviewInstance](…).``,
    :func:`docgen.extract.api_refs.link_ref`; ``Key of the entity. Inherited from [mobileApp](…)``,
    a body row's base claim), so an edit of that text changes the cell alone. The resolve reads a
    reference's cell only to quote it in an ``unresolved-type`` warning at the reference's place,
    so that place is added to ``unseen`` (the model must hold no trace of it: it resolved). An
    edit before the link moves the reference along its line: its place is taken from ``new`` too,
    and with it the place of the body type it declares (which is the link's), the old place in
    ``unseen`` as before (a base claim so moved must be the only one of its type on its line: two
    claims otherwise equal are ranked by place). A reference whose name, line, target, anchor,
    collection or alternatives changed, or that would be swapped two ways, is left as it is (the
    skeletons then differ: a whole resolve)."""
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
        if was is not None and now is not None and was != now and _moved_along(was, now):
            if swapped.setdefault(was, now) != now:
                return old
    if not swapped:
        return old
    moved = {was.location: now.location for was, now in swapped.items() if was.location != now.location}
    if any(not _alone_on_its_line(t, moved) for t in old.types):
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
        if t.declared_by in swapped or bases != t.bases:  # (a body type is placed at the link declaring it)
            t = replace(t, declared_by=swap(t.declared_by), bases=bases, location=moved.get(t.location, t.location))
        types.append(t)
    return replace(old, operations=tuple(operations), types=tuple(types))


def _alone_on_its_line(page_type: PageType, moved: dict[Location, Location]) -> bool:
    """Whether each base claim of ``page_type`` at a place in ``moved`` is its type's only claim
    on that line (claims otherwise equal are ranked by place: another one there could swap ranks)."""
    lines = [c.ref.location.line for c in page_type.bases]
    return all(lines.count(c.ref.location.line) < 2 for c in page_type.bases if c.ref.location in moved)


def _moved_along(was: TypeRef, now: TypeRef) -> bool:
    """Whether ``now`` is ``was`` with another cell, its place at most moved along its line."""
    if (was.location.path, was.location.line) != (now.location.path, now.location.line):
        return False
    return replace(was, cell=now.cell, location=now.location) == now
