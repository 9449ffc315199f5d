"""A stand-in cache for the tests of entry_writer.store_later: its child 'stores' each entry as a
file, slowly, and writes noise to stdout and stderr (which a detached child must not keep).
Imported by tests and by the scripts they run in a subprocess (no conftest import here)."""

from __future__ import annotations

import sys
import time
from pathlib import Path


class SlowCache:
    """What store_later needs of a cache: its child 'stores' each entry as a file, slowly."""

    def __init__(self, root: Path, delay: float):
        self.root = root
        self.delay = delay
        self.enabled = True

    def detached(self) -> SlowCache:
        return self

    def put(self, kind: str, key: str, value: object) -> None:
        print("noise on stdout"), print("noise on stderr", file=sys.stderr)
        time.sleep(self.delay)
        (self.root / f"{kind}-{key}").write_text(repr(value), encoding="utf-8")
