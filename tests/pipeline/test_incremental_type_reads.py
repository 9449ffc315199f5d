"""The digests of the types' reads kept from one render to the next (docgen.render.type_reads):
a warm render checks the stored jobs' reads walking only the types the last render did not see,
re-renders exactly the jobs that read an edited type (a resource, a base type, an enum, a derived
type), gives the bytes of a render without a cache, and trusts no damaged or foreign entry."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_incremental_render import FIXTURE, _edit, _render

from docgen.pipeline import render_jobs
from docgen.pipeline.build import build_model
from docgen.pipeline.cache import Cache
from docgen.pipeline.render_jobs import PoolRunner
from docgen.render import reads as reads_module
from docgen.render.type_reads import TOKEN_FORMAT, TOKEN_READS, TOKEN_SEEN, TYPE_READS, token_reads, type_reads



@pytest.fixture()
def docs(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    shutil.copytree(FIXTURE, folder)
    return folder


class _Walks:
    """Counts the types :meth:`Reads._type_digest` walks (not answered from what it was told)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.walked: list[str] = []
        original = reads_module.Reads._type_digest
        walked = self.walked

        def counted(self: reads_module.Reads, t: object) -> str:
            if id(t) not in self._by_id:
                walked.append(t.qualified_name)  # type: ignore[attr-defined]
            return original(self, t)

        monkeypatch.setattr(reads_module.Reads, "_type_digest", counted)


def _warm(docs: Path, tmp_path: Path, context: str = "context") -> render_jobs.JobCache:
    """A job cache after a cold render (which remembers every type) and an unchanged one."""
    job_cache = render_jobs.JobCache(Cache(tmp_path / "cache"), context)
    _render(docs, job_cache)
    assert type_reads(job_cache.cache.get(TYPE_READS, job_cache.key(TYPE_READS)))  # kept by the cold render's child
    _render(docs, job_cache)
    assert type_reads(job_cache.cache.get(TYPE_READS, job_cache.key(TYPE_READS)))
    return job_cache


@pytest.mark.parametrize(
    ("page", "old", "new", "rendered", "walked"),
    [
        # a resource's property: gizmo's module and the one operation that reads gizmo
        ("resources/gizmo.md", "|count|Int32|", "|count|Int64|", 2, ["microsoft.graph.gizmo"]),
        # a base type's property: its module and the three operations whose examples are checked
        # against a class deriving from it
        ("resources/thing.md", "|createdDateTime|DateTimeOffset|", "|createdDateTime|Int64|", 4,
         ["microsoft.graph.thing"]),
        # an enum member: the enum's module and the two operations whose examples hold a colour
        ("resources/widget.md", "|red|Red.|", "|crimson|Crimson.|", 3, ["microsoft.graph.widgetColor"]),
        # a derived type: its module and the listing whose hint names it
        ("resources/fancywidget.md", "|sparkle|Boolean|", "|sparkle|Int32|", 2, ["microsoft.graph.fancyWidget"]),
        # a description: a new type (its digest covers every field), walked; nothing read changed
        ("resources/widget.md", "The widget's name.", "The widget's full name.", 1, ["microsoft.graph.widget"]),
    ],
)
def test_an_edit_walks_only_the_edited_type_and_renders_the_jobs_that_read_it(
    docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, page, old, new, rendered, walked
) -> None:
    job_cache = _warm(docs, tmp_path)
    jobs, reused = job_cache.rendered, job_cache.reused
    _edit(docs / page, old, new)
    walks = _Walks(monkeypatch)
    warm = _render(docs, job_cache)
    assert sorted(set(walks.walked)) == walked  # every other type's digest was told
    assert job_cache.rendered - jobs == rendered
    assert job_cache.reused - reused == jobs - rendered
    assert warm == _render(docs, None)
    stored = type_reads(job_cache.cache.get(TYPE_READS, job_cache.key(TYPE_READS)))
    assert stored is not None
    _edit(docs / page, new, old)  # back: only the types of the last render are kept
    walks.walked.clear()
    back = _render(docs, job_cache)
    assert sorted(set(walks.walked)) == walked
    assert back == _render(docs, None)


@pytest.mark.parametrize("bad", [b"\x00not marshal", "text", (("a",), ()), (("a", "b"), ("c", "")), (("a",), (1,))])
def test_a_damaged_entry_is_not_trusted(docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bad) -> None:
    job_cache = _warm(docs, tmp_path)
    key = job_cache.key(TYPE_READS)
    if isinstance(bad, bytes):
        job_cache.cache.put_payload(TYPE_READS, key, bad)
    else:
        job_cache.cache.put(TYPE_READS, key, bad)
    _edit(docs / "resources/gizmo.md", "|count|Int32|", "|count|Int64|")
    walks = _Walks(monkeypatch)
    jobs = job_cache.rendered
    warm = _render(docs, job_cache)
    assert len(set(walks.walked)) > 1  # nothing told: every type read was walked
    assert job_cache.rendered - jobs == 2
    assert warm == _render(docs, None)


def test_another_render_context_does_not_see_the_entry(docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    job_cache = _warm(docs, tmp_path)
    other = render_jobs.JobCache(job_cache.cache, "other templates")
    assert other.key(TYPE_READS) != job_cache.key(TYPE_READS)
    walks = _Walks(monkeypatch)
    cold = _render(docs, other)  # cold in that context: every type walked
    assert len(set(walks.walked)) > 1
    assert cold == _render(docs, None)
    assert type_reads(other.cache.get(TYPE_READS, other.key(TYPE_READS)))  # its own, kept by its cold render


def test_the_kept_digests_are_the_ones_a_render_works_out(docs: Path, tmp_path: Path) -> None:
    job_cache = _warm(docs, tmp_path)
    stored = type_reads(job_cache.cache.get(TYPE_READS, job_cache.key(TYPE_READS)))
    assert stored
    model = build_model([docs], cache=Cache(None), root=docs)
    from docgen.render.checker import Checker  # noqa: F401  (the registry's types, as a render has them)
    from docgen.render.lazy_plans import LazyPlans
    from docgen.render.models import Registry
    from docgen.render.reads import Reads, TrackedChecker

    reg = Registry.build(model)
    plans = LazyPlans(reg)
    fresh = Reads.watch(reg, TrackedChecker.lazy(reg, plans))
    keys = PoolRunner(1, job_cache).keys([("type", t) for t in model.types])()
    by_key = {key: fresh._type_digest(t) for t, key in zip(model.types, keys)}
    assert stored.items() <= by_key.items()


class _Digested:
    """Counts the tokens :meth:`Reads._compute` digests (not answered from what it was told)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.tokens: list[str] = []
        original = reads_module.Reads._compute
        tokens = self.tokens

        def counted(self: reads_module.Reads, token: str) -> str:
            tokens.append(token)
            return original(self, token)

        monkeypatch.setattr(reads_module.Reads, "_compute", counted)


def _slots(job_cache: render_jobs.JobCache) -> list:
    return token_reads(job_cache.cache.get(TOKEN_READS, job_cache.key(TOKEN_READS))) or []


def test_a_description_edit_digests_no_token_and_an_edit_put_back_takes_the_world_before(
    docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    job_cache = _warm(docs, tmp_path)
    assert len(_slots(job_cache)) == 1 and _slots(job_cache)[0][3] > 10  # every token the jobs read
    digested = _Digested(monkeypatch)
    _edit(docs / "resources/widget.md", "The widget's name.", "The widget's full name.")
    warm = _render(docs, job_cache)
    assert digested.tokens == []  # the same world: every token's digest told
    assert warm == _render(docs, None)
    _edit(docs / "resources/widget.md", "The widget's full name.", "The widget's name.")
    _edit(docs / "resources/gizmo.md", "|count|Int32|", "|count|Int64|")  # another world
    digested.tokens.clear()
    warm = _render(docs, job_cache)
    assert digested.tokens  # digested anew
    assert warm == _render(docs, None)
    assert len(_slots(job_cache)) == 1  # taken from the world before: not kept on first sight
    assert job_cache.cache.get(TOKEN_SEEN, job_cache.key(TOKEN_SEEN)) is not None
    digested.tokens.clear()
    assert _render(docs, job_cache) == warm  # the same world again: digested again (not told), kept now
    assert digested.tokens
    assert len(_slots(job_cache)) == 2  # kept, with the world before
    digested.tokens.clear()
    assert _render(docs, job_cache) == warm
    assert digested.tokens == []  # a third time: every digest told
    _edit(docs / "resources/gizmo.md", "|count|Int64|", "|count|Int32|")  # back
    digested.tokens.clear()
    warm = _render(docs, job_cache)
    assert digested.tokens == []
    assert warm == _render(docs, None)


@pytest.mark.parametrize("how", ["the world before", "malformed", "marshal", "another format"])
def test_token_digests_of_another_world_or_damaged_are_not_taken(
    docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    job_cache = _warm(docs, tmp_path)
    key = job_cache.key(TOKEN_READS)
    (world, tokens, digests, count, frame, column), = _slots(job_cache)
    _edit(docs / "resources/gizmo.md", "|count|Int32|", "|count|Int64|")
    if how == "malformed":
        job_cache.cache.put(TOKEN_READS, key, (TOKEN_FORMAT, ((world, tokens, digests, count + 1, frame, column),)))
    elif how == "marshal":
        job_cache.cache.put_payload(TOKEN_READS, key, b"\x00not marshal")
    elif how == "another format":
        job_cache.cache.put(TOKEN_READS, key, ("token-reads-0", ((world, tokens, digests, count, frame, column),)))
    # (the world before: the entry as kept, its gizmo tokens' digests those before the edit)
    digested = _Digested(monkeypatch)
    jobs = job_cache.rendered
    warm = _render(docs, job_cache)
    assert job_cache.rendered - jobs == 2  # gizmo's module and the operation that reads it
    assert "p\0gizmo:Gizmo" in digested.tokens  # digested anew
    assert warm == _render(docs, None)
    if how == "the world before":  # worked out from it: kept on second sight
        assert _slots(job_cache)[0][0] == world
        assert _render(docs, job_cache) == warm
    assert _slots(job_cache)[0][0] != world  # the new world's kept first


def test_a_slot_of_the_same_world_whose_columns_do_not_add_up_is_not_taken(
    docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    job_cache = _warm(docs, tmp_path)
    (world, tokens, digests, count, frame, column), = _slots(job_cache)
    job_cache.cache.put(TOKEN_READS, job_cache.key(TOKEN_READS), (TOKEN_FORMAT, ((world, tokens, digests, count + 1, frame, column),)))
    _edit(docs / "resources/widget.md", "The widget's name.", "The widget's full name.")  # the same world
    digested = _Digested(monkeypatch)
    warm = _render(docs, job_cache)
    assert digested.tokens  # not told: digested
    assert warm == _render(docs, None)
    assert _slots(job_cache)[0][3] == count  # kept anew


@pytest.mark.parametrize(
    ("page", "old", "new", "fresh", "kept"),
    [
        ("resources/gizmo.md", "|count|Int32|", "|count|Int64|", "p\0gizmo:Gizmo", "p\0widget:Widget"),
        # a base type: the plans of the classes deriving from it read it (their chain)
        ("resources/thing.md", "|createdDateTime|DateTimeOffset|", "|createdDateTime|Int64|", "p\0widget:Widget",
         "p\0gizmo:Gizmo"),
    ],
)
def test_a_type_edit_digests_only_the_tokens_that_read_the_edited_type(
    docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, page, old, new, fresh, kept
) -> None:
    job_cache = _warm(docs, tmp_path)
    (_, tokens, _, _, _, _), = _slots(job_cache)
    assert fresh in tokens.split("\x01") and kept in tokens.split("\x01")
    _edit(docs / page, old, new)
    digested = _Digested(monkeypatch)
    warm = _render(docs, job_cache)
    assert fresh in digested.tokens and kept not in digested.tokens
    assert not any(t[:1] in "rom" for t in digested.tokens)  # the frame's: taken
    assert warm == _render(docs, None)


def test_edits_kept_one_after_another_keep_their_world_when_two_types_changed_since(
    docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    job_cache = _warm(docs, tmp_path)
    (base, *_), = _slots(job_cache)
    _edit(docs / "resources/gizmo.md", "|count|Int32|", "|count|Int64|")
    first = _render(docs, job_cache)
    assert [slot[0] for slot in _slots(job_cache)] == [base]  # one type changed since: not kept yet
    _edit(docs / "resources/thing.md", "|createdDateTime|DateTimeOffset|", "|createdDateTime|Int64|")  # kept too
    digested = _Digested(monkeypatch)
    second = _render(docs, job_cache)
    assert "p\0gizmo:Gizmo" in digested.tokens  # (taken from the base world: gizmo's changed since)
    assert second != first and second == _render(docs, None)
    slots = _slots(job_cache)
    assert len(slots) == 2 and slots[1][0] == base  # two types changed since: kept at once
    _edit(docs / "resources/widget.md", "The widget's name.", "The widget's full name.")  # the same world
    digested.tokens.clear()
    third = _render(docs, job_cache)
    assert digested.tokens == []  # told: its world was kept
    assert third == _render(docs, None)


def test_the_frame_is_the_digest_of_each_type_key_class_and_odata_entry_in_order() -> None:
    """Reads.frame (its columns zipped at C speed) digests the data it always did: the registry's
    type keys, each class key with its qualified name, each class's key and fields flat, the
    ``@odata.type`` index; so the frames remembered by earlier renders still match, and a class
    that is no ClassRef gives no frame."""
    from docgen.render.lazy_plans import LazyPlans
    from docgen.render.models import Registry

    model = build_model([FIXTURE], cache=Cache(None), root=FIXTURE)
    reg = Registry.build(model)
    plans = LazyPlans(reg)
    reads = reads_module.Reads.watch(reg, reads_module.TrackedChecker.lazy(reg, plans))
    refs: list[object] = []
    for key, ref in reads._refs.items():
        refs += (key, ref.module, ref.name, ref.kind)
    data = (reads_module.WORLD, list(reads._types), [(key, plans.qualified(key)) for key in plans], refs,
            list(reads._odata.items()))
    assert len(refs) > 8 and reads.frame() == reads_module._hash(data)
    other = reads_module.Reads.watch(reg, reads_module.TrackedChecker.lazy(reg, plans))
    other._refs[next(iter(other._refs))] = ("a", "tuple", "of fields")  # type: ignore[assignment]
    assert other.frame() is None
