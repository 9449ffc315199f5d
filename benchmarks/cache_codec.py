"""How fast the cache's encodings are for the corpus's page entries (issues 19 and 18).

    python benchmarks/cache_codec.py $DOCGEN_CORPUS/graph-docs-v1.0 [--limit N]

Parses the pages (in this process), then times, over every page's ``(PageModel, diagnostics)``:
pickle (what the cache stored before issue 19, for reference: never read from the cache now), the
walk of :mod:`docgen.pipeline.plain` both ways (:func:`~docgen.pipeline.plain.encode`,
:func:`~docgen.pipeline.plain.decode`), and the bytes its plain data is written as: marshal (what
the cache stores), JSON (what it stored before: tuples and lists are both arrays there, so the
walk that read it built tuples from lists; the JSON rows time only the text) and msgpack when it
is installed. ``dumps``/``loads`` rows are the whole of :func:`~docgen.pipeline.plain.dumps` and
:func:`~docgen.pipeline.plain.loads`. Prints CPU seconds (best of 5, the cyclic collector paused
as in docgen) and megabytes, and checks that every page comes back equal.
"""

from __future__ import annotations

import argparse
import gc
import json
import marshal
import pickle
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from docgen.pipeline import plain
from docgen.pipeline.build import _parse_one


def timed(label: str, call, rows: list) -> None:
    """CPU seconds of ``call``, best of 5 (wall time on a shared machine measured its load)."""
    best = float("inf")
    for _ in range(5):
        start = time.process_time()
        call()
        best = min(best, time.process_time() - start)
    rows.append((label, best))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("docs", type=Path)
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    paths = sorted(args.docs.rglob("*.md"))
    if args.limit:
        paths = paths[: args.limit]
    gc.disable()  # as docgen runs (docgen.pipeline.memory): the collector would dominate the loads
    values = [_parse_one((str(p), p.relative_to(args.docs).as_posix(), p.read_bytes())) for p in paths]
    rows: list = []
    pickled = [pickle.dumps(v, protocol=pickle.HIGHEST_PROTOCOL) for v in values]
    plains = [plain.encode(v) for v in values]
    stored = [plain.dumps(v) for v in values]
    as_json = [json.dumps(p, ensure_ascii=False, separators=(",", ":")).encode() for p in plains]
    assert all(plain.loads(b) == v for b, v in zip(stored, values))
    timed("pickle dumps", lambda: [pickle.dumps(v, protocol=pickle.HIGHEST_PROTOCOL) for v in values], rows)
    timed("pickle loads", lambda: [pickle.loads(b) for b in pickled], rows)
    timed("encode (walk)", lambda: [plain.encode(v) for v in values], rows)
    timed("decode (walk)", lambda: [plain.decode(p) for p in plains], rows)
    timed("marshal dumps (of plain)", lambda: [marshal.dumps(p, 4) for p in plains], rows)
    timed("marshal loads (to plain)", lambda: [marshal.loads(b) for b in stored], rows)
    timed("json dumps (of plain)", lambda: [json.dumps(p, ensure_ascii=False, separators=(",", ":")).encode() for p in plains], rows)
    timed("json loads (to plain)", lambda: [json.loads(b) for b in as_json], rows)
    sizes = [("pickle", pickled), ("marshal (stored)", stored), ("json", as_json)]
    try:
        import msgpack  # type: ignore[import-not-found]
    except ImportError:
        print("msgpack: not installed, not measured")
    else:
        packed = [msgpack.packb(p) for p in plains]
        timed("msgpack dumps (of plain)", lambda: [msgpack.packb(p) for p in plains], rows)
        timed("msgpack loads (to plain)", lambda: [msgpack.unpackb(b) for b in packed], rows)
        sizes.append(("msgpack", packed))
    timed("dumps (stored: walk+marshal)", lambda: [plain.dumps(v) for v in values], rows)
    timed("loads (stored: marshal+walk)", lambda: [plain.loads(b) for b in stored], rows)
    print(f"{len(values)} pages")
    for label, seconds in rows:
        print(f"{label:30} {seconds:7.3f} s CPU")
    for label, blobs in sizes:
        print(f"{label:30} {sum(map(len, blobs)) / 1e6:7.1f} MB")


if __name__ == "__main__":
    main()
