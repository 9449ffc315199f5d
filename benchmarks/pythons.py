"""Does docgen give the same answer on every Python? Each output of one run, compared across Pythons.

Usage::

    python benchmarks/pythons.py PY [PY ...] [--docs DOCS] [--metadata CSDL] [--tests] [--keep DIR]

Each ``PY`` is an interpreter with docgen's dependencies installed (a venv's ``bin/python``); the
first is the reference. This checkout is put first on ``PYTHONPATH``, so every interpreter runs
the same docgen. ``DOCS`` defaults to ``$DOCGEN_CORPUS/graph-docs-v1.0`` and ``CSDL`` to
``$DOCGEN_CORPUS/graph-metadata/v1.0.csdl.xml``. For each interpreter, in a folder of its own
(all at one depth, so the relative paths docgen prints are the same): ``docgen model --format
json``, ``docgen generate`` (the tree's bytes, its stdout and stderr), ``docgen lint`` (text and
json), ``docgen todos --format json``, ``docgen drift --format json``, the seed (``api-docs/``)
generated, and ``docgen check`` of this checkout's ``generated/``. ``--tests`` also runs the
generated package's tests and the seed's (pytest's summary line is compared). Prints one line
per output: ``equal`` or ``differs`` with the first differing file or line. Exits 1 when
anything differs. Several minutes per interpreter on two cores (cold generation of the corpus).
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGE = "graphsdk"


def _run(
    python: str, argv: list[str], cwd: Path, out: Path, env: dict[str, str]
) -> None:
    """Run ``python -m docgen argv`` (or ``-m pytest``) in ``cwd``; stdout, stderr and rc into ``out``."""
    proc = subprocess.run(
        [python, "-m", *argv], cwd=cwd, env=env, capture_output=True, text=True
    )
    out.with_suffix(".out").write_text(proc.stdout, encoding="utf-8")
    out.with_suffix(".err").write_text(proc.stderr, encoding="utf-8")
    out.with_suffix(".rc").write_text(f"{proc.returncode}\n", encoding="utf-8")


def _pytest_summary(text: str) -> str:
    """pytest's last summary line, without the seconds it took."""
    lines = [line for line in text.splitlines() if line.strip()]
    last = lines[-1] if lines else ""
    return re.sub(r" in [0-9.]+s.*", "", last.strip("= ")) + "\n"


def measure(python: str, work: Path, docs: Path, csdl: Path, tests: bool) -> Path:
    """Every output of one interpreter, in ``work`` (created)."""
    work.mkdir(parents=True)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(REPO), *filter(None, [os.environ.get("PYTHONPATH")])]
    )
    env["DOCGEN_CACHE_DIR"] = str(work / "cache")
    res = work / "results"
    res.mkdir()
    dg = ["docgen"]
    _run(
        python,
        dg + ["model", str(docs), "--format", "json", "--no-cache"],
        work,
        res / "model",
        env,
    )
    _run(
        python,
        dg + ["generate", str(docs), "-o", f"out/{PACKAGE}", "--no-cache"],
        work,
        res / "generate",
        env,
    )
    for fmt in ("text", "json"):
        _run(
            python,
            dg + ["lint", str(docs), "--format", fmt],
            work,
            res / f"lint-{fmt}",
            env,
        )
    _run(
        python,
        dg + ["todos", str(docs), "--format", "json", "--no-cache"],
        work,
        res / "todos",
        env,
    )
    _run(
        python,
        dg + ["drift", "--metadata", str(csdl), str(docs), "--format", "json"],
        work,
        res / "drift",
        env,
    )
    shutil.copytree(REPO / "api-docs", work / "seeddocs")
    _run(
        python,
        dg + ["generate", "seeddocs", "-o", "seedout/generated", "--no-cache"],
        work,
        res / "seed",
        env,
    )
    _run(python, dg + ["check"], REPO, res / "check", env)
    if tests:
        for name, folder in (
            ("tests-corpus", work / "out"),
            ("tests-seed", work / "seedout"),
        ):
            (folder / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
            target = next(p for p in folder.iterdir() if p.is_dir()) / "tests"
            argv = [
                "pytest",
                str(target),
                "-q",
                "-p",
                "no:cacheprovider",
                "-c",
                str(folder / "pytest.ini"),
            ]
            _run(python, argv, folder, res / name, env)
            out = res / f"{name}.out"
            out.write_text(
                _pytest_summary(out.read_text(encoding="utf-8")), encoding="utf-8"
            )
    return work


def _files(folder: Path) -> dict[str, Path]:
    if not folder.is_dir():
        return {}
    return {
        p.relative_to(folder).as_posix(): p
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts and p.name != "pytest.ini"
    }


def compare_file(a: Path, b: Path) -> str | None:
    """None when equal, else the first differing line."""
    ta, tb = a.read_bytes(), b.read_bytes()
    if ta == tb:
        return None
    la = ta.decode("utf-8", "replace").splitlines()
    lb = tb.decode("utf-8", "replace").splitlines()
    changed = [
        line
        for line in difflib.unified_diff(la, lb, lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    return f"{len(changed)} lines differ, first: {changed[0][:160] if changed else '(bytes)'}"


def compare_tree(a: Path, b: Path) -> str | None:
    """None when both trees hold the same files with the same bytes, else what differs."""
    fa, fb = _files(a), _files(b)
    only = sorted(set(fa) ^ set(fb))
    changed = sorted(
        k for k in set(fa) & set(fb) if fa[k].read_bytes() != fb[k].read_bytes()
    )
    if not only and not changed:
        return None
    first = changed[0] if changed else only[0]
    return f"{len(changed)} files changed, {len(only)} only on one side, first: {first}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "pythons", nargs="+", help="interpreters; the first is the reference"
    )
    corpus = Path(os.environ.get("DOCGEN_CORPUS", "."))
    parser.add_argument("--docs", type=Path, default=corpus / "graph-docs-v1.0")
    parser.add_argument(
        "--metadata", type=Path, default=corpus / "graph-metadata" / "v1.0.csdl.xml"
    )
    parser.add_argument(
        "--tests", action="store_true", help="also run the generated tests"
    )
    parser.add_argument("--keep", type=Path, help="keep every output under this folder")
    args = parser.parse_args(argv)
    docs, csdl = args.docs.resolve(), args.metadata.resolve()
    root = Path(tempfile.mkdtemp(prefix="docgen-pythons-"))
    try:
        works = []
        for i, python in enumerate(args.pythons):
            version = subprocess.run(
                [python, "-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"],
                capture_output=True, text=True, check=True,
            ).stdout.strip()  # fmt: skip
            print(
                f"measuring Python {version} ({python}) ...",
                file=sys.stderr,
                flush=True,
            )
            works.append(
                (version, measure(python, root / f"py{i}", docs, csdl, args.tests))
            )
        ref_version, ref = works[0]
        differs = 0
        for version, work in works[1:]:
            print(f"## Python {version} against {ref_version}")
            rows = [
                (
                    f"{name}",
                    compare_file(ref / "results" / name, work / "results" / name),
                )
                for name in sorted(p.name for p in (ref / "results").iterdir())
            ]
            rows.append(
                (
                    f"generated tree out/{PACKAGE}",
                    compare_tree(ref / "out", work / "out"),
                )
            )
            rows.append(("seed tree", compare_tree(ref / "seedout", work / "seedout")))
            for name, diff in rows:
                differs += diff is not None
                print(f"{name:32} {'equal' if diff is None else 'differs: ' + diff}")
        if args.keep:
            shutil.copytree(root, args.keep, dirs_exist_ok=True)
        return 1 if differs else 0
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
