"""The digests of the types' reads, kept from one render to the next through the job runner.

In: the job runner, the model and the render's :class:`~docgen.render.reads.Reads`. Out: the
digest each type's readers' stamps hold (:meth:`~docgen.render.reads.Reads._type_digest`: a walk
of the whole type) told to the reads for every type the last render of the same context saw
with the same fields (:func:`recall_types`), and those known after this render stored for the
next (:func:`remember_types`); the caller gives the types' stand-ins to both.

A type is named by its stand-in (:meth:`~docgen.render.jobs.JobRunner.keys`: the type's digest,
:func:`~docgen.pipeline.plain.object_digest`), and the digest of its reads is made of the type's
fields alone, so the same stand-in gives the same digest. After a one-cell edit
the stored jobs' reads were checked by walking every type they read again (about 1,060 of the
corpus's 1,322: two thirds of checking them); now only the types the edit made are walked.

The tokens' digests are kept too (kind :data:`TOKEN_READS`), with the digest of the world they
were worked out in (:meth:`~docgen.render.reads.Reads.world`: every type's digest, the classes,
the ``@odata.type`` index): a render of the same world takes them (:func:`recall_types`), so an
edit that changes no type's reads (a description) digests no token to find the stored jobs
current. A render of another world with the same frame (the same types and classes by name:
:meth:`~docgen.render.reads.Reads.frame`) takes those of the tokens that read no type whose
digest changed (:meth:`~docgen.render.reads.Reads.know_unchanged`: a type-cell edit) and digests
the rest. When one type at most changed since that world, it keeps its own only on second sight
(:data:`TOKEN_SEEN` remembers the world of the last render that did not): scale.py's type-cell
edit is put back by the next edit, so its world's 460 KB slot was written for nothing (about 3
ms), and, kept first, it was the world the next type-cell edit took its digests from (two types
changed since, not one). A render of the same world again (the edit kept) keeps it, and so does
one with more types changed since the world it took from (edits kept one after another: what is
digested anew stays the tokens of two types at most). A render of a world no slot's frame
matches keeps its own at once (it digested every token).
"""

from __future__ import annotations

from typing import Any

from docgen.model.core import Model
from docgen.render.jobs import JobRunner
from docgen.render.reads import Reads

TYPE_READS = "type-reads"
"""The kind the runner remembers the (stand-in, digest) pairs under."""

TOKEN_READS = "token-reads"
"""The kind the runner remembers the tokens' digests under, with their world's digest."""

TOKEN_FORMAT = "token-reads-4"
"""The first item of a :data:`TOKEN_READS` value: another shape is not read."""

TOKEN_SEEN = "token-reads-seen"
"""The kind the runner remembers, as a mark, the world of the last render whose tokens' digests
were worked out from another world of its frame and not kept (see the module)."""

WORLDS = 2
"""The worlds whose tokens' digests are kept, the latest first: an edit put back finds those of
the world before it (scale.py's type-cell edit, then a description edit with the cell put back)."""


def type_reads(value: Any) -> dict[str, str] | None:
    """The stand-in -> digest pairs a remembered value holds; None when it is not one."""
    if not (type(value) is tuple and len(value) == 2 and type(value[0]) is tuple and type(value[1]) is tuple
            and len(value[0]) == len(value[1])):
        return None
    if not all(type(part) is str and part for column in value for part in column):
        return None
    return dict(zip(value[0], value[1]))


def recall_types(runner: JobRunner, model: Model, reads: Reads, keys: list[str]) -> None:
    """Tell ``reads`` the digests remembered for the stand-ins ``keys`` of ``model``'s types
    (nothing when the runner remembers no pairs)."""
    stored = type_reads(runner.recalled(TYPE_READS))
    if stored is not None:
        reads.know_types({id(t): stored[key] for t, key in zip(model.types, keys) if key in stored})
    recall_tokens(runner, reads)


Slot = tuple[str, str, str, int, str, str]
"""A world's digest, its tokens and their digests, each column one string (:data:`SEP` between
items: one string decodes at C speed, where 2,000 did not), how many there are, the world's frame
(:meth:`~docgen.render.reads.Reads.frame`) and its types' digests (:meth:`~docgen.render.reads.Reads.type_column`, one string)."""

SEP = "\x01"
"""Between a slot's items (a render whose tokens or digests hold it keeps none)."""


def token_reads(value: Any) -> list[Slot] | None:
    """The slots of a remembered :data:`TOKEN_READS` value, the latest first; None when it is not one."""
    if not (type(value) is tuple and len(value) == 2 and value[0] == TOKEN_FORMAT and type(value[1]) is tuple
            and len(value[1]) <= WORLDS):
        return None
    for slot in value[1]:
        if not (type(slot) is tuple and len(slot) == 6 and type(slot[0]) is str and slot[0]
                and type(slot[1]) is str and type(slot[2]) is str and type(slot[3]) is int and slot[3] > 0
                and type(slot[4]) is str and slot[4] and type(slot[5]) is str):
            return None
    return list(value[1])


def _columns(slot: Slot) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """A slot's tokens and digests; None when they are not as many as it says."""
    tokens, digests = tuple(slot[1].split(SEP)), tuple(slot[2].split(SEP))
    if not (len(tokens) == len(digests) == slot[3]):
        return None
    return tokens, digests


def recall_tokens(runner: JobRunner, reads: Reads) -> None:
    """Tell ``reads`` the tokens' digests remembered for its world (:meth:`~docgen.render.reads.Reads.world`),
    if any; the slots remembered are kept on it (:attr:`~docgen.render.reads.Reads.slots`: none
    when there are none or they are not well-formed), for :func:`remember_types`."""
    slots = token_reads(runner.recalled(TOKEN_READS))
    if not slots:
        return
    reads.slots = slots
    world = reads.world()
    for slot in slots:
        if slot[0] == world:
            columns = _columns(slot)
            if columns is not None:
                reads.know_tokens(*columns)
            return
    frame = reads.frame()
    for slot in slots:  # another world of the same frame: the tokens that read no changed type
        if slot[4] == frame:
            columns = _columns(slot)
            changed = reads.changed_types(tuple(slot[5].split(SEP)))
            if columns is not None and changed is not None:
                reads.know_unchanged(*columns, changed)
                if len(changed) <= 1:  # (more: edits kept since that world; its own is kept at once)
                    reads.taken_from = slot[0]
            return


def remember_types(runner: JobRunner, model: Model, reads: Reads, keys: list[str]) -> None:
    """Have the runner remember the digest of each of ``model``'s types, by its stand-in
    (``keys``), once its jobs have run (asked before them). The types ``reads`` does not know by
    then are walked: none read, after a cold render whose jobs ran on workers (the runner's child
    that stores its cold entries walks them), else the few whose stand-in is new and no job read."""
    types = model.types

    def pairs() -> tuple[tuple[str, ...], tuple[str, ...]]:
        digest = reads.type_digest
        kept = sorted({key: digest(t) for t, key in zip(types, keys) if key}.items())
        return tuple(k for k, _ in kept), tuple(d for _, d in kept)

    runner.remember(TYPE_READS, pairs)

    first_sight: list[str] = []  # the world, when its slot waits for a second sight (see the module)

    def tokens() -> tuple[str, tuple[Slot, ...]] | None:
        known = reads.known_tokens()
        world = reads.world()
        if world is None or not known or (reads.told and len(known) == reads.told):
            return None  # nothing to keep, or nothing new: what is kept stands
        if reads.taken_from not in (None, world) and runner.recalled(TOKEN_SEEN) != world:
            first_sight.append(world)  # taken from another world of its frame: kept when seen again
            return None
        joined = SEP.join(known), SEP.join(known.values())
        if joined[0].count(SEP) != len(known) - 1 or joined[1].count(SEP) != len(known) - 1:
            return None  # a token holding SEP: not kept
        others = [slot for slot in reads.slots if slot[0] != world][:WORLDS - 1]
        frame = reads.frame()
        column = SEP.join(reads.type_column())
        if frame is None or column.count(SEP) != len(reads.type_column()) - 1:
            return None
        return TOKEN_FORMAT, ((world, *joined, len(known), frame, column), *others)

    runner.remember(TOKEN_READS, tokens)
    runner.remember(TOKEN_SEEN, lambda: first_sight[0] if first_sight else None)  # (made after tokens)
