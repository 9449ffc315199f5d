"""Stamps stored as a small change against the whole entry (docgen.pipeline.unchanged): what is
read back is always what was last stored, however many changes came between."""

from __future__ import annotations

import random

from docgen.pipeline import unchanged
from docgen.pipeline.cache import Cache


def _stamp(n: int) -> tuple:
    return (n, n * 10, n * 10 + 1, 1000 + n, f"{n:064x}")


def _store(cache: Cache, key: str, stamps: dict) -> list[str]:
    stored = unchanged._read_stamps(cache, key)
    entries = unchanged._stamps_entries(key, stamps, stored)
    if entries:
        cache.put_payloads(unchanged.STAMPS, entries)
    return [k for k, _ in entries]


def test_a_few_changes_are_stored_as_a_delta_and_read_back_whole(tmp_path) -> None:
    cache = Cache(tmp_path / "cache")
    key = "k" * 64
    stamps = {f"pkg/m{n}.py": _stamp(n) for n in range(2000)}
    assert _store(cache, key, stamps) == [key, unchanged._delta_key(key)]  # the first: whole
    assert unchanged._read_stamps(cache, key) == stamps
    assert _store(cache, key, dict(stamps)) == []  # nothing changed: nothing stored
    rng = random.Random(7)
    for step in range(30):
        stamps = dict(stamps)
        for _ in range(rng.randint(0, 5)):
            stamps.pop(rng.choice(sorted(stamps)), None)
        for _ in range(rng.randint(0, 5)):
            n = rng.randint(0, 2200)
            stamps[f"pkg/m{n}.py"] = _stamp(n + step + 1)
        written = _store(cache, key, stamps)
        assert key not in written or step == 0 or len(written) == 2
        assert unchanged._read_stamps(cache, key) == stamps
    # many changes at once: the whole entry again, and the change emptied
    stamps = {f"pkg/n{n}.py": _stamp(n) for n in range(500)}
    assert _store(cache, key, stamps) == [key, unchanged._delta_key(key)]
    assert unchanged._read_stamps(cache, key) == stamps
    assert unchanged._read_stamps(cache, key).base == stamps


def test_a_small_change_does_not_rewrite_the_whole_entry(tmp_path) -> None:
    cache = Cache(tmp_path / "cache")
    key = "j" * 64
    stamps = {f"a/{n}": _stamp(n) for n in range(1000)}
    _store(cache, key, stamps)
    whole = cache.get_payload(unchanged.STAMPS, key)
    stamps = {**stamps, "a/1": _stamp(5000)}
    del stamps["a/2"]
    assert _store(cache, key, stamps) == [unchanged._delta_key(key)]
    assert cache.get_payload(unchanged.STAMPS, key) == whole
    assert unchanged._read_stamps(cache, key) == stamps


def test_a_damaged_change_entry_is_ignored(tmp_path) -> None:
    cache = Cache(tmp_path / "cache")
    key = "d" * 64
    stamps = {f"a/{n}": _stamp(n) for n in range(100)}
    _store(cache, key, stamps)
    cache.put(unchanged.STAMPS, unchanged._delta_key(key), ("not", "columns", 3))
    assert unchanged._read_stamps(cache, key) == stamps


def test_comparing_only_the_touched_paths_stores_what_comparing_all_stores(tmp_path) -> None:
    """remember() names the paths whose stamps it may have changed (touched): the entries made
    from those alone are byte for byte the ones a comparison of every stamp makes, through a
    chain of deltas, a delta undone, a change past the delta's share and a damaged change."""
    cache = Cache(tmp_path / "cache")
    key = "t" * 64
    stamps = {f"pkg/m{n}.py": _stamp(n) for n in range(1500)}
    _store(cache, key, stamps)
    rng = random.Random(11)
    for step in range(40):
        stored = unchanged._read_stamps(cache, key)
        assert stored.differs is not None and stored.differs >= {p for p in stored if stored.base.get(p) != stored[p]}
        new = dict(stored)
        touched = set()
        for _ in range(rng.choice([0, 0, 1, 3, 200])):  # none, a few, more than a delta holds
            path = f"pkg/m{rng.randint(0, 1700)}.py"
            touched.add(path)
            if rng.random() < 0.3:
                new.pop(path, None)
            else:
                new[path] = _stamp(rng.randint(0, 5000)) if rng.random() < 0.8 else stored.base.get(path, _stamp(1))
        touched.add("pkg/never-there.py")  # a touched path in neither is harmless
        quick = unchanged._stamps_entries(key, new, stored, touched)
        assert quick == unchanged._stamps_entries(key, new, stored), step
        if quick:
            cache.put_payloads(unchanged.STAMPS, quick)
        assert unchanged._read_stamps(cache, key) == (new if quick else stored)
    cache.put_payload(unchanged.STAMPS, unchanged._delta_key(key), b"damaged")
    stored = unchanged._read_stamps(cache, key)
    assert stored == stored.base and stored.differs == set()  # a damaged change: the whole entry as it is
    new = {**stored, "pkg/m1.py": _stamp(9999)}
    assert unchanged._stamps_entries(key, new, stored, {"pkg/m1.py"}) == unchanged._stamps_entries(key, new, stored)
    plain = dict(stored)  # stamps read otherwise: every one compared, touched or not
    assert unchanged._stamps_entries(key, new, plain, {"pkg/m1.py"}) == unchanged._stamps_entries(key, new, plain)


def test_remember_pages_with_the_plans_stamps_stores_what_reading_them_again_stores(tmp_path) -> None:
    """remember_pages given the stamps the plan took (stored=) updates only the pages the plan
    read and the stamped pages it did not plan; the entries are those of the pass over every
    page it makes when the stamps are read again (stored=None)."""
    import os
    import time

    from docgen.pipeline.plan import plan

    docs = tmp_path / "docs"
    docs.mkdir()
    for n in range(40):
        (docs / f"p{n}.md").write_text(f"# Page {n}\n\nText {n}.\n", encoding="utf-8")
    cache = Cache(tmp_path / "cache")
    inputs, root = [docs], tmp_path

    def planned_now():
        known, found = unchanged.stored_pages(cache, inputs, root)
        return plan(inputs, root, known=known, found=found), (known, found)

    time.sleep(0.12)  # older than the racy margin: stamped
    taken = time.time_ns()
    first, stored = planned_now()
    unchanged.remember_pages(cache, first, taken, root, inputs, stored=stored)
    assert len(unchanged._read_stamps(cache, unchanged._inputs_key(inputs, root))) == 40
    for step, change in enumerate(["edit", "remove", "add", "touch", "nothing", "recent"]):
        if change == "edit":
            (docs / "p3.md").write_text("# Page 3\n\nOther text.\n", encoding="utf-8")
        elif change == "remove":
            (docs / "p7.md").unlink()
        elif change == "add":
            (docs / "new.md").write_text("# New\n", encoding="utf-8")
        elif change == "touch":
            os.utime(docs / "p5.md")
        if change != "recent":
            time.sleep(0.12)
        else:
            (docs / "p9.md").write_text("# Page 9\n\nJust now.\n", encoding="utf-8")  # racily clean: no stamp
        taken = time.time_ns()
        planned, stored = planned_now()
        fast: list = []
        slow: list = []
        unchanged.remember_pages(cache, planned, taken, root, inputs, stored=stored, entries=fast)
        unchanged.remember_pages(cache, planned, taken, root, inputs, entries=slow)
        assert fast == slow, (step, change)
        assert (change == "nothing") == (not fast)
        cache.put_payloads(unchanged.STAMPS, fast)


def test_stamps_handed_on_unread_store_what_the_same_stamps_copied_store(tmp_path) -> None:
    """A write's stamps handed on as the stored ones but those it dropped, with those it took anew
    (StampsOver): the output's entries remember() makes of them without touching the stored ones
    are byte for byte those of the same stamps as a dict (every stamp compared)."""
    from docgen.write.stamps import StampsOver

    cache = Cache(tmp_path / "cache")
    key = "o" * 64
    _store(cache, key, {f"pkg/m{n}.py": _stamp(n) for n in range(1500)})
    rng = random.Random(5)
    for step in range(30):
        stored = unchanged._read_stamps(cache, key)
        hashes = {path: stamp[4] for path, stamp in stored.items()}
        dropped, fresh = set(), {}
        for _ in range(rng.choice([0, 1, 3, 120])):
            path = f"pkg/m{rng.randint(0, 1600)}.py"
            if path in stored:
                dropped.add(path)
            roll = rng.random()
            if roll < 0.3:  # rewritten: a new stamp
                fresh[path] = _stamp(rng.randint(2000, 9000))
                hashes[path] = fresh[path][4]
            elif roll < 0.5:  # changed, no stamp taken (racily clean)
                hashes[path] = "f" * 64
            elif roll < 0.6:  # no longer wanted
                hashes.pop(path, None)
            # else: its stamp did not hold, its bytes are the wanted ones (kept, vouching still)
        over = StampsOver(stored, dropped, fresh)
        assert dict(over) == {**{p: s for p, s in stored.items() if p not in dropped}, **fresh}
        assert len(over) == len(dict(over)) and all(p in over for p in fresh) and not any(
            p in over for p in dropped - fresh.keys())
        quick = unchanged._output_entries(key, over, stored, hashes)
        assert quick == unchanged._output_entries(key, dict(over), stored, hashes), step
        if quick:
            cache.put_payloads(unchanged.STAMPS, quick)
