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
    import docgen.pipeline.job_runs as jr
    assert rj.run_jobs([lambda: 1, lambda: 2], 2) == [1, 2]  # below the threshold: run here
    heavy = sorted(m for m in ("multiprocessing", "concurrent.futures.process") if m in sys.modules)
    print(",".join(heavy) or "none")
    if sys.platform.startswith("linux"):  # and once there is work enough to spread, a pool is made
        jobs = [lambda i=i: i for i in range(jr.PARALLEL_THRESHOLD)]
        assert rj.run_jobs(jobs, 2) == list(range(jr.PARALLEL_THRESHOLD))
        assert "concurrent.futures.process" in sys.modules
""")


def test_a_few_jobs_import_no_process_pool() -> None:
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(REPO)}, cwd=REPO)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "none"


WARM_GENERATE = textwrap.dedent("""
    import sys
    from docgen.cli.main import main
    try:
        main(sys.argv[1:], standalone_mode=False)
    except SystemExit:
        pass
    print(",".join(sorted(m for m in sys.modules if m.startswith(("docgen.checks", "ctypes")))) or "none")
""")


def test_a_warm_generate_after_an_edit_imports_no_check(tmp_path: Path) -> None:
    """A description edit's ``generate`` patches the stored model and renders a few jobs: the
    cache's classes of lint, todos and drift (``plain.registry``) are not imported for it (about
    5 ms of dataclasses and regexes), nor ``ctypes`` (wanted only by the children a pool or an
    entry writer forks)."""
    import json
    import shutil

    docs = tmp_path / "docs"
    shutil.copytree(REPO / "tests" / "fixtures" / "incremental_render", docs)
    env = {**os.environ, "PYTHONPATH": str(REPO), "DOCGEN_CACHE_DIR": str(tmp_path / "cache")}
    command = [sys.executable, "-c", WARM_GENERATE, "generate", str(docs), "-o", str(tmp_path / "out"), "--format", "json"]
    cold = subprocess.run(command, capture_output=True, text=True, timeout=300, env=env, cwd=tmp_path)
    assert cold.returncode in (0, 1), cold.stderr[-3000:]
    page = docs / "resources" / "part.md"
    text = page.read_text(encoding="utf-8")
    assert "The weight in grams." in text
    page.write_text(text.replace("The weight in grams.", "The weight in kilograms.", 1), encoding="utf-8")
    warm = subprocess.run(command, capture_output=True, text=True, timeout=300, env=env, cwd=tmp_path)
    assert warm.returncode in (0, 1), warm.stderr[-3000:]
    report = json.loads(warm.stdout[: warm.stdout.rindex("}") + 1])
    assert "models/part.py" in report["written"]  # the edit was rendered, in this process
    assert "kilograms" in (tmp_path / "out" / "models" / "part.py").read_text(encoding="utf-8")
    assert warm.stdout.strip().splitlines()[-1] == "none"
