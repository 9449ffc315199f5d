"""How fast the cache's encodings are for the corpus's page entries (issue 19).

    python benchmarks/cache_codec.py $DOCGEN_CORPUS/graph-docs-v1.0 [--limit N]

Parses the pages (in this process), then times, over every page's ``(PageModel, diagnostics)``:
pickle (what the cache stored before issue 19, for reference), and the plain encoding of
:mod:`docgen.pipeline.plain` written as JSON and as marshal (tuples/lists/dicts of plain values;
marshal.loads can build code objects, so its output would have to go through the same
validating walk, which :func:`~docgen.pipeline.plain.from_plain` is). Prints seconds for encode
and decode (best of 3, the cyclic collector paused as in docgen), and megabytes. It also checks
that every page comes back equal.
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

from docgen.pipeline.build import _parse_one
from docgen.pipeline.plain import from_plain, to_plain


def timed(label: str, call, rows: list) -> None:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - start)
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
    plains = [to_plain(v) for v in values]
    as_json = [json.dumps(p, ensure_ascii=False, separators=(",", ":")).encode() for p in plains]
    as_marshal = [marshal.dumps(p) for p in plains]
    assert all(from_plain(json.loads(b)) == v for b, v in zip(as_json, values))
    timed("pickle dumps", lambda: [pickle.dumps(v, protocol=pickle.HIGHEST_PROTOCOL) for v in values], rows)
    timed("pickle loads", lambda: [pickle.loads(b) for b in pickled], rows)
    timed("to_plain (walk)", lambda: [to_plain(v) for v in values], rows)
    timed("from_plain (walk)", lambda: [from_plain(p) for p in plains], rows)
    timed("json dumps (of plain)", lambda: [json.dumps(p, ensure_ascii=False, separators=(",", ":")).encode() for p in plains], rows)
    timed("json loads (to plain)", lambda: [json.loads(b) for b in as_json], rows)
    timed("marshal dumps (of plain)", lambda: [marshal.dumps(p) for p in plains], rows)
    timed("marshal loads (to plain)", lambda: [marshal.loads(b) for b in as_marshal], rows)
    print(f"{len(values)} pages")
    for label, seconds in rows:
        print(f"{label:28} {seconds:7.3f} s")
    for label, blobs in (("pickle", pickled), ("json", as_json), ("marshal", as_marshal)):
        print(f"{label:28} {sum(map(len, blobs)) / 1e6:7.1f} MB")


if __name__ == "__main__":
    main()
