"""The content-hash cache: unchanged pages are not parsed again, changed ones are, corrupt
entries are discarded, and the result is always what a cold build gives."""

from __future__ import annotations

import os
import shutil
import sqlite3
import sys
from contextlib import closing
from pathlib import Path

import pytest
from conftest import SEED

import docgen.pipeline.build as pipeline
import docgen.pipeline.cache as cache_module
from docgen.model.json_view import dumps
from docgen.pipeline import entry_writer
from docgen.pipeline.build import build, plan
from docgen.pipeline.cache import DB_NAME, Cache


@pytest.fixture()
def tree(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    text = SEED.read_text(encoding="utf-8")
    for n in range(5):
        (docs / f"page-{n}.md").write_text(text.replace("learningAssignment", f"learningAssignment{n}"), encoding="utf-8")
    return docs


def _cold(docs: Path) -> str:
    return dumps(build([docs], cache=Cache(None), root=docs.parent, jobs=1).model)


def test_unchanged_tree_is_one_lookup(tree: Path, tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    first = build([tree], cache=cache, root=tree.parent, jobs=1)
    assert len(_entries(tmp_path / "cache", "model")) == 1  # stored by the first build
    again = Cache(tmp_path / "cache")
    second = build([tree], cache=again, root=tree.parent, jobs=1)
    # the model, the names of its fields' entries (checked to be there), and the tree entry
    # naming it as the model the next edit is patched from
    assert (again.hits, again.misses) == (3, 0)
    assert dumps(second.model) == dumps(first.model) == _cold(tree)
    assert second.key == first.key == plan([tree], tree.parent).key


def test_one_changed_page_is_the_only_one_parsed(tree: Path, tmp_path: Path, monkeypatch) -> None:
    build([tree], cache=Cache(tmp_path / "cache"), root=tree.parent, jobs=1)
    page = tree / "page-3.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Update the properties", "Change the properties"), encoding="utf-8")
    parsed = []
    monkeypatch.setattr(pipeline, "_parse_one", lambda item, real=pipeline._parse_one: parsed.append(item[1]) or real(item))
    cache = Cache(tmp_path / "cache")
    result = build([tree], cache=cache, root=tree.parent, jobs=1)
    assert parsed == ["docs/page-3.md"]
    # model: miss; the four other pages' digests come from one entry (the last load of these page
    # names: a hit), the changed page's misses; the tree's last model (the entry naming it, and
    # its page keys and indexes) and the edited page's old entry hit; the sentence names the
    # operation's subject by a link, whose cell only changed, so the patch reads the model (its
    # entry, its chunks' names and places: hits), but the body table's type is declared at the
    # subject's place (the model holds a trace of it: docgen.resolve.skeleton.reference_changes),
    # so the four other pages are read and all resolved
    assert [kind for kind, _ in cache._read] == ["cores", "tree", "tree-data", "page", "model", "model-chunks",
                                                  "model-places", "page", "page", "page", "page"]
    assert (cache.hits, cache.misses) == (11, 2)
    assert dumps(result.model) == _cold(tree)
    assert "Change the properties" in dumps(result.model)


def _entries(root: Path, kind: str) -> list[str]:
    entry_writer.finish_writes()  # the children still storing what builds gave them
    with closing(sqlite3.connect(root / DB_NAME)) as db, db:  # closed: 3.13 warns of an open one
        return [key for (key,) in db.execute("SELECT key FROM entries WHERE kind = ? ORDER BY key", (kind,))]


def _tamper(root: Path, kind: str, key: str, change) -> None:
    entry_writer.finish_writes()
    db = sqlite3.connect(root / DB_NAME)
    (payload,) = db.execute("SELECT payload FROM entries WHERE kind = ? AND key = ?", (kind, key)).fetchone()
    db.execute("UPDATE entries SET payload = ? WHERE kind = ? AND key = ?", (change(payload), kind, key))
    db.commit()
    db.close()


def test_corrupt_entries_are_discarded(tree: Path, tmp_path: Path) -> None:
    root = tmp_path / "cache"
    build([tree], cache=Cache(root), root=tree.parent, jobs=1)
    build([tree], cache=Cache(root), root=tree.parent, jobs=1)  # stores the model
    assert len(_entries(root, "model")) == 1
    for key in _entries(root, "model"):
        _tamper(root, "model", key, lambda payload: b"garbage")
    first_page = _entries(root, "page")[0]
    _tamper(root, "page", first_page, lambda payload: payload[:-10])  # truncated
    cache = Cache(root)
    result = build([tree], cache=cache, root=tree.parent, jobs=1)
    assert dumps(result.model) == _cold(tree)
    # the five digests (one entry), the tree's entries (the model they name and its page keys:
    # nothing edited, resolved) and the four intact entries; the model and the truncated page were redone
    assert cache.hits == 7
    assert first_page in _entries(root, "page")  # stored again, whole


def test_a_file_that_is_not_a_database_is_replaced(tree: Path, tmp_path: Path) -> None:
    root = tmp_path / "cache"
    build([tree], cache=Cache(root), root=tree.parent, jobs=1)
    entry_writer.finish_writes()
    for name in (DB_NAME, DB_NAME + "-wal", DB_NAME + "-shm"):
        if (root / name).exists():
            (root / name).write_bytes(b"not a database at all" * 100)
    cache = Cache(root)
    result = build([tree], cache=cache, root=tree.parent, jobs=1)
    assert dumps(result.model) == _cold(tree)
    assert (cache.hits, cache.misses) == (0, 8)  # model, the digests' entry, five digests, the tree
    assert len(_entries(root, "page")) == 5


def test_an_unwritable_cache_folder_is_not_an_error(tree: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    cache = Cache(blocker / "cache")
    result = build([tree], cache=cache, root=tree.parent, jobs=1)
    assert dumps(result.model) == _cold(tree)
    assert (cache.hits, cache.misses) == (0, 0)


def test_no_cache_writes_nothing(tree: Path, tmp_path: Path) -> None:
    build([tree], cache=Cache(None), root=tree.parent, jobs=1)
    assert not (tmp_path / "cache").exists()


def test_parallel_build_fills_the_same_cache(tree: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(pipeline, "PARALLEL_THRESHOLD", 2)
    build([tree], cache=Cache(tmp_path / "cache"), root=tree.parent, jobs=2)
    entry_writer.finish_writes()
    with closing(sqlite3.connect(tmp_path / "cache" / DB_NAME)) as db, db:  # closed: 3.13 warns of an open one
        db.execute("DELETE FROM entries WHERE kind = 'model'")
    cache = Cache(tmp_path / "cache")
    result = build([tree], cache=cache, root=tree.parent, jobs=1)
    # every page (entry) was cached by whichever process parsed it, and the digests (one entry);
    # and the tree's two entries
    assert (cache.hits, cache.misses) == (8, 1)
    assert dumps(result.model) == _cold(tree)


def test_past_its_size_limit_the_cache_drops_its_oldest_entries(tmp_path: Path, monkeypatch) -> None:
    cache = Cache(tmp_path / "cache")
    cache.put_payloads("page", [(f"old-{n}", bytes(4096)) for n in range(40)])
    monkeypatch.setattr(cache_module, "SIZE_LIMIT", 100 * 1024)
    cache.put_payloads("page", [(f"new-{n}", bytes(4096)) for n in range(8)])
    keys = _entries(tmp_path / "cache", "page")
    assert all(f"new-{n}" in keys for n in range(8))  # what was just written stays
    assert "old-0" not in keys and len(keys) < 48  # the oldest went
    assert cache.get_payload("page", "new-7") == bytes(4096)


def test_a_damaged_database_is_replaced(tree: Path, tmp_path: Path) -> None:
    """What an OS crash can leave (the cache does not sync): a file that opens as a database but
    whose pages are garbage. The run that finds it gives the right model and starts a new one."""
    root = tmp_path / "cache"
    build([tree], cache=Cache(root), root=tree.parent, jobs=1)
    entry_writer.finish_writes()
    with closing(sqlite3.connect(root / DB_NAME)) as db, db:  # closed: 3.13 warns of an open one
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # every entry in the file itself
    data = bytearray((root / DB_NAME).read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    assert len(data) > 2 * page_size
    data[page_size:] = bytes([0xA5]) * (len(data) - page_size)  # keep the header and schema page
    (root / DB_NAME).write_bytes(bytes(data))
    cache = Cache(root)
    result = build([tree], cache=cache, root=tree.parent, jobs=1)
    assert dumps(result.model) == _cold(tree)
    again = Cache(root)
    assert again.get_payloads("page", list(plan([tree], tree.parent).keys)).keys() == set(plan([tree], tree.parent).keys)
    build([tree], cache=again, root=tree.parent, jobs=1)
    assert again.misses == 0  # the new database holds every page and the model


def test_a_parallel_parse_stores_its_pages_through_a_child_and_the_next_read_sees_them(
    tree: Path, tmp_path: Path, monkeypatch
) -> None:
    """The entries of a parallel parse go to an EntryWriter's child, which stores them once the
    parse is over; any later read of this process waits for it, so a load right after the parse
    finds every page."""

    monkeypatch.setattr(pipeline, "PARALLEL_THRESHOLD", 2)
    work = plan([tree], tree.parent)
    loaded = pipeline.load_pages(work, Cache(tmp_path / "cache"), jobs=2)
    assert loaded.parsed == 5 and len(entry_writer._WRITERS) == 1  # the child may still be writing
    reader = Cache(tmp_path / "cache")
    assert set(reader.get_payloads("core", list(work.keys))) == set(work.keys)  # waited for it
    assert not entry_writer._WRITERS
    assert set(reader.get_payloads("page", list(work.keys))) == set(work.keys)


def test_an_entry_writer_stores_every_entry_in_order_of_kind(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(entry_writer, "STORE_BATCH", 7)  # several transactions per kind
    cache = Cache(tmp_path / "cache")
    writer = cache_module.EntryWriter(cache)
    payloads = {f"k{n}": bytes([n % 256]) * (n * 97) for n in range(40)}  # one empty, some large
    for key, payload in payloads.items():
        writer.put("page", key, payload)
        writer.put("core", key, key.encode())
    writer.close()
    cache_module.finish_writes()
    assert Cache(tmp_path / "cache").get_payloads("page", list(payloads)) == payloads
    assert Cache(tmp_path / "cache").get_payload("core", "k39") == b"k39"


@pytest.mark.parametrize("side", [True, False])
def test_large_payloads_go_to_the_child_through_its_side_file_in_order(tmp_path: Path, monkeypatch, side: bool) -> None:
    """A payload of SIDE_FROM bytes or more is written to the writer's side file and the pipe
    carries where (without memfd_create, through the pipe): every entry is stored as sent, the
    small ones between the large ones too, a later one under the same key replacing an earlier."""
    monkeypatch.setattr(entry_writer, "SIDE_FROM", 1000)
    if not side:
        monkeypatch.delattr(entry_writer.os, "memfd_create", raising=False)
    cache = Cache(tmp_path / "cache")
    writer = cache_module.EntryWriter(cache)
    assert (writer._side is not None) == (side and hasattr(entry_writer.os, "memfd_create"))
    payloads = {f"k{n}": bytes([n % 251]) * (n * 331) for n in range(12)}  # 0 to 3,641 bytes
    for key, payload in payloads.items():
        writer.put("page", key, payload)
        writer.put("core", key, key.encode())
    writer.put("page", "k11", b"again" * 400)  # put aside again: the last one stands
    payloads["k11"] = b"again" * 400
    writer.close()
    cache_module.finish_writes()
    assert Cache(tmp_path / "cache").get_payloads("page", list(payloads)) == payloads
    assert Cache(tmp_path / "cache").get_payloads("core", list(payloads)) == {k: k.encode() for k in payloads}


def test_when_no_process_can_be_forked_the_entries_are_stored_here(tmp_path: Path, monkeypatch) -> None:
    import os


    def no_fork() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    writer = cache_module.EntryWriter(Cache(tmp_path / "cache"))
    writer.put("page", "k", b"v")
    writer.close()
    assert not entry_writer._WRITERS
    assert Cache(tmp_path / "cache").get_payload("page", "k") == b"v"


def test_without_a_cache_an_entry_writer_forks_nothing(tmp_path: Path) -> None:
    writer = cache_module.EntryWriter(Cache(None))
    writer.put("page", "k", b"v")
    writer.close()
    assert not entry_writer._WRITERS


def test_a_pages_core_is_the_same_however_often_the_process_parsed_it(tree: Path) -> None:
    """The core digest keys the render cache (PageSet.key): it is a hash of the encoded parse,
    so it must not depend on what the process parsed before (with pickles, a memo that handed
    one page's string to the next changed which objects were shared, hence the bytes: an
    lru_cache on typecells.clean_name did, and every front-matter edit re-rendered the corpus). A fresh
    process, so that nothing parsed by earlier tests hides the first parse."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from docgen.pipeline.cache import Cache\n"
        "from docgen.pipeline.build import load_pages, plan\n"
        "docs = Path(sys.argv[1])\n"
        "work = plan([docs], docs.parent)\n"
        "print(*(load_pages(work, Cache(None), jobs=1).key for _ in range(3)))\n"
    )
    out = subprocess.run([sys.executable, "-c", script, str(tree)], capture_output=True, text=True, check=True)
    keys = out.stdout.split()
    assert len(keys) == 3 and len(set(keys)) == 1, keys


def test_present_names_the_keys_stored_of_a_kind(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    keys = [f"k{i}" for i in range(1203)]  # more than one query's worth
    cache.put_payloads("text", [(key, b"x") for key in keys[::2]])
    cache.put_payloads("other", [("k1", b"y")])
    assert cache.present("text", keys) == set(keys[::2])
    assert cache.present("text", []) == set() and Cache(None).present("text", keys) == set()


@pytest.mark.parametrize("planted", [b"garbage", "marshal-list"])
def test_a_damaged_digests_entry_is_not_trusted(tree: Path, tmp_path: Path, planted) -> None:
    import marshal

    root = tmp_path / "cache"
    build([tree], cache=Cache(root), root=tree.parent, jobs=1)
    (key,) = _entries(root, "cores")
    if planted == "marshal-list":  # plain data of another shape, with a right digest: planted
        value = marshal.dumps(((["L", "a"],), ("b",)))  # a list where a page key should be
        with closing(sqlite3.connect(root / DB_NAME)) as db, db:
            db.execute("UPDATE entries SET payload = ?, sha256 = ? WHERE kind = 'cores'",
                       (value, cache_module.entry_digest("cores", key, value)))
    else:
        _tamper(root, "cores", key, lambda payload: planted)
    page = tree / "page-3.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Update the properties", "Change the properties"), encoding="utf-8")
    result = build([tree], cache=Cache(root), root=tree.parent, jobs=1)
    assert dumps(result.model) == _cold(tree)


def test_an_entry_stored_as_text_that_is_not_utf8_costs_only_itself(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    cache.put_payloads("page", [(f"k{i}", bytes([i])) for i in range(5)])
    with closing(sqlite3.connect(tmp_path / "cache" / DB_NAME)) as db, db:
        db.execute("UPDATE entries SET payload = CAST(x'fffe00' AS TEXT) WHERE key = 'k2'")
        db.execute("UPDATE entries SET sha256 = CAST(x'ff' AS TEXT) WHERE key = 'k3'")
    found = Cache(tmp_path / "cache").get_payloads("page", [f"k{i}" for i in range(5)])
    assert found == {"k0": b"\x00", "k1": b"\x01", "k4": b"\x04"}
    assert Cache(tmp_path / "cache").get_payload("page", "k2") is None
    assert Cache(tmp_path / "cache").get_payload("page", "k4") == b"\x04"


def test_a_large_entry_is_read_whole_and_a_damaged_one_is_a_miss(tmp_path: Path) -> None:
    """A payload of cache_module.LARGE bytes or more is read through SQLite's blob I/O: the same
    bytes as a small one's column (or as a TEXT value's, read as before); damaged, a miss and
    dropped."""
    import os

    payload = os.urandom(cache_module.LARGE + 12345)
    cache = Cache(tmp_path / "cache")
    cache.put_payloads("model", [("big", payload), ("edge", payload[: cache_module.LARGE]),
                                 ("small", payload[:100]), ("damaged", payload), ("text", payload)])
    reader = Cache(tmp_path / "cache")
    assert reader.get_payload("model", "big") == payload
    assert reader.get_payload("model", "edge") == payload[: cache_module.LARGE]
    assert reader.get_payload("model", "small") == payload[:100]
    with closing(sqlite3.connect(tmp_path / "cache" / DB_NAME)) as db, db:
        db.execute("UPDATE entries SET payload = substr(payload, 1, length(payload) - 1) || x'00' WHERE key = 'damaged'")
        db.execute("UPDATE entries SET payload = CAST(payload AS TEXT) WHERE key = 'text'")
        assert db.execute("SELECT typeof(payload) FROM entries WHERE key = 'text'").fetchone() == ("text",)
    reader = Cache(tmp_path / "cache")
    assert reader.get_payload("model", "damaged") is None and reader.get_payload("model", "text") == payload
    assert reader.present("model", ["big", "damaged", "text"]) == {"big", "text"}  # the damaged one dropped
    assert reader.get_payload("model", "big") == payload and reader.get_payload("model", "gone") is None
    assert (reader.hits, reader.misses) == (2, 2)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="models are stored by forked children on Linux")
def test_a_patched_model_is_stored_when_the_run_ends_not_while_it_renders(tmp_path: Path, monkeypatch) -> None:
    """A whole resolve's model is stored by a child forked at once (it fills the core the cold
    render's planning leaves idle); a patched model's child is forked when the run waits for its
    writes at its end (``finish_writes``), so it takes no core from the warm render and write."""
    docs = tmp_path / "docs"
    shutil.copytree(Path(__file__).parents[1] / "fixtures" / "incremental", docs)
    root = tmp_path / "cache"
    forks: list[str] = []
    real_fork = os.fork
    monkeypatch.setattr(os, "fork", lambda: forks.append("fork") or real_fork())
    first = build([docs], cache=Cache(root), root=tmp_path, jobs=1)
    assert forks == ["fork"]  # the whole resolve's store, started at once
    assert _entries(root, "model") == [first.key]
    page = docs / "resources" / "directoryobject.md"
    page.write_text(page.read_text(encoding="utf-8").replace("when this object was deleted", "when this object went"),
                    encoding="utf-8")
    cache = Cache(root)
    forks.clear()
    result = build([docs], cache=cache, root=tmp_path, jobs=1)
    assert [kind for kind, _ in cache._read].count("page") == 1  # patched: the edited page's old entry only
    assert forks == []  # nothing stored yet
    with closing(sqlite3.connect(root / DB_NAME)) as db, db:  # read behind docgen's back: nothing waited for
        stored = [key for (key,) in db.execute("SELECT key FROM entries WHERE kind = 'model'")]
    assert stored == [first.key]
    assert sorted(_entries(root, "model")) == sorted([first.key, result.key])  # finish_writes: stored now
    assert forks == ["fork"]
    assert dumps(result.model) == dumps(build([docs], cache=Cache(None), root=tmp_path, jobs=1).model)
    assert "when this object went" in dumps(result.model)
    again = Cache(root)
    assert dumps(build([docs], cache=again, root=tmp_path, jobs=1).model) == dumps(result.model)
    assert again.misses == 0
