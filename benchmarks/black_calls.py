"""How many generated files go through black (issue 18's bar: none), and whether black would change any.

    python benchmarks/black_calls.py TREE [TREE ...] [--verify] [--jobs N] [--show N]

Builds the model of the pages under the TREEs (through the cache in ``$DOCGEN_CACHE_DIR``, so a
second run skips parsing), renders the package with the packaged templates and *no* formatting,
then applies the predicate ``docgen generate`` uses (:func:`docgen.render.formatting.black_could_change`)
to every Python file, exactly as :func:`docgen.pipeline.render_cache.cached_formatter` does on a
cold cache. Prints:

- ``files``: Python files rendered; ``sent to black``: files the predicate sends through black
  (the bar is 0); for each of them (up to ``--show``) the first line that sent it.
- ``black changed``: of the files sent, how many black actually rewrites (each one is a layout
  the templates get wrong, not just a conservative predicate).
- with ``--verify``: black run on *every* Python file (spread over ``--jobs`` processes; minutes on
  the corpus): ``kept but black would change`` must be 0, or the fast path writes bytes black would not.

Exit status 0 when no file is sent and (with ``--verify``) no kept file would change; 1 otherwise.
"""

from __future__ import annotations

import argparse
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path


def _changes(text: str) -> bool:
    from docgen.render.formatting import format_python

    try:
        return format_python(text) != text
    except Exception:
        return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trees", nargs="+", type=Path)
    parser.add_argument("--verify", action="store_true", help="run black on every file, not only those sent")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--show", type=int, default=20, help="files sent to black to list (with the line)")
    parser.add_argument("--no-black", action="store_true", help="only count the files sent; do not run black")
    parser.add_argument("--dump", type=Path, help="write the rendered (unformatted) files under this folder")
    args = parser.parse_args(argv)

    from docgen.pipeline.build import build_model
    from docgen.pipeline.cache import Cache, user_cache_dir
    from docgen.pipeline.render_jobs import PoolRunner
    from docgen.render.formatting import black_line
    from docgen.render.package import RenderOptions, render_package

    start = time.perf_counter()
    model = build_model(args.trees, cache=Cache(user_cache_dir()), jobs=args.jobs)
    built = time.perf_counter()
    raw, _ = render_package(model, RenderOptions(), format_all=lambda texts: dict(texts),
                            runner=PoolRunner(args.jobs, None))
    rendered = time.perf_counter()
    python = {path: text for path, text in sorted(raw.items()) if path.endswith(".py")}
    if args.dump:
        for path, text in python.items():
            target = args.dump / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    sent = {path: line for path, text in python.items() if (line := black_line(text)) is not None}
    with ProcessPoolExecutor(args.jobs) as executor:
        changed_sent = [] if args.no_black else [
            p for p, c in zip(sent, executor.map(_changes, [python[p] for p in sent], chunksize=8)) if c
        ]
        kept_changed: list[str] = []
        if args.verify:
            kept = [p for p in python if p not in sent]
            flags = executor.map(_changes, [python[p] for p in kept], chunksize=32)
            kept_changed = [p for p, c in zip(kept, flags) if c]
    checked = time.perf_counter()

    print(f"trees: {' '.join(str(t) for t in args.trees)}")
    print(f"model {built - start:.1f} s, render without black {rendered - built:.1f} s, black {checked - rendered:.1f} s")
    print(f"files: {len(python)}")
    print(f"sent to black: {len(sent)}")
    if not args.no_black:
        print(f"black changed: {len(changed_sent)} of those sent")
    for path in list(sent)[: args.show]:
        mark = "changed" if path in changed_sent else "-" if args.no_black else "kept   "
        print(f"  {mark} {path}: {sent[path]!r}")
    if args.verify:
        print(f"kept but black would change: {len(kept_changed)} of {len(python) - len(sent)}")
        for path in kept_changed[: args.show]:
            print(f"  {path}")
    return 0 if not sent and not kept_changed else 1


if __name__ == "__main__":
    sys.exit(main())
