"""A warm edit renders a few jobs in this process: ``multiprocessing`` and
``concurrent.futures.process`` (about 10 ms of imports) are imported only when a pool is made.
Checked in a fresh interpreter, since this one has imported everything already."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent("""
    import sys
    import docgen.cli.main, docgen.pipeline.render_jobs as rj, docgen.pipeline.procs, docgen.pipeline.entry_writer
    assert rj.run_jobs([lambda: 1, lambda: 2], 2) == [1, 2]  # below the threshold: run here
    heavy = sorted(m for m in ("multiprocessing", "concurrent.futures.process") if m in sys.modules)
    print(",".join(heavy) or "none")
    if sys.platform.startswith("linux"):  # and once there is work enough to spread, a pool is made
        jobs = [lambda i=i: i for i in range(rj.PARALLEL_THRESHOLD)]
        assert rj.run_jobs(jobs, 2) == list(range(rj.PARALLEL_THRESHOLD))
        assert "concurrent.futures.process" in sys.modules
""")


def test_a_few_jobs_import_no_process_pool() -> None:
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(REPO)}, cwd=REPO)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "none"
