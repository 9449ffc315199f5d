"""How long pathological Markdown takes to read (issue 7): a benchmark, not a timed test.

    python benchmarks/pathological.py

Each input is written to a page of its own and run through docgen's parse → resolve in-process
(no cache); the seed page is the baseline, so the figures read as "this many seed pages".
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from docgen.pipeline.build import build_model
from docgen.pipeline.cache import Cache

CASES = {
    "links '[](' * 20000": "[](" * 20000,
    "emphasis '**_* ' * 20000": "**_* " * 20000,
    "'?c_' * 100000": "?c_" * 100000,
    "5,000 nested blockquotes": ">" * 5000 + " deep\n",
    "table of 5,000 rows": "|Property|Type|Description|\n|:--|:--|:--|\n" + "|p|String|d|\n" * 5000,
    "unclosed fence + 50,000 lines": "```http\n" + "GET /x\n" * 50000,
    "unclosed HTML comment": "<!-- {\n" + "\"a\": 1,\n" * 50000,
}


def measure(text: str, work: Path) -> tuple[float, int]:
    page = work / "page.md"
    page.write_text("# Page\n\n" + text, encoding="utf-8")
    start = time.perf_counter()
    model = build_model([page], jobs=1, cache=Cache(None))
    return time.perf_counter() - start, len(model.diagnostics)


def main() -> int:
    seed = Path(__file__).resolve().parent.parent / "api-docs" / "learningassignment-update.md"
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        base, _ = measure(seed.read_text(encoding="utf-8"), work)
        print(f"{'input':<36} {'chars':>9} {'seconds':>9} {'× seed page':>12} {'diagnostics':>12}")
        print(f"{'seed page (baseline)':<36} {len(seed.read_text()):>9} {base:>9.4f} {1:>12.1f} {'':>12}")
        for name, text in CASES.items():
            seconds, count = measure(text, work)
            print(f"{name:<36} {len(text):>9} {seconds:>9.4f} {seconds / base:>12.1f} {count:>12}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
