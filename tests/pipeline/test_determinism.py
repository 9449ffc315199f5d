"""The same docs and templates give the same bytes, whatever the hash seed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import REPO

SCRIPT = r"""
import hashlib, json, sys
from docgen.pipeline.cache import Cache
from docgen.model.json_view import dumps
from docgen.pipeline.build import build_model
from docgen.pipeline.render_jobs import PoolRunner
from docgen.render.package import RenderOptions, render_package
model = build_model([sys.argv[1]], jobs=int(sys.argv[2]), cache=Cache(None))
files, diagnostics = render_package(model, RenderOptions(), runner=PoolRunner(int(sys.argv[2]), None))
h = hashlib.sha256(dumps(model).encode())
for name in sorted(files):
    h.update(name.encode() + b"\0" + files[name].encode() + b"\0")
for diagnostic in diagnostics:
    h.update(diagnostic.format().encode() + b"\0")
print(h.hexdigest(), len(files))
"""


def _digest(seed: str, docs: Path, jobs: int, tmp: Path) -> str:
    env = dict(os.environ, PYTHONHASHSEED=seed, DOCGEN_CACHE_DIR=str(tmp / f"cache-{seed}"))
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(docs), str(jobs)], capture_output=True, text=True, env=env, cwd=REPO, check=True
    )
    return out.stdout.strip()


def test_seed_model_and_output_identical_under_hash_seeds(tmp_path: Path) -> None:
    results = {_digest(seed, REPO / "api-docs", 1, tmp_path) for seed in ("0", "1", "4242")}
    assert len(results) == 1
    (only,) = results
    assert int(only.split()[1]) > 5  # runtime, models, requests, tests were rendered


def test_corpus_model_and_output_identical_parallel_and_serial(corpus: Path, tmp_path: Path) -> None:
    docs = corpus / "graph-docs-v1.0"
    serial = _digest("7", docs, 1, tmp_path)
    parallel = _digest("99", docs, 2, tmp_path)
    assert serial == parallel
