"""Template overrides (one at a time), strict templates, and byte-determinism across hash seeds."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

from render_helpers import hand_seed_model

from docgen.render.environment import packaged_templates
from docgen.render.package import TEMPLATE_NAMES, RenderOptions, render_package

TESTS = Path(__file__).resolve().parents[1]


def test_every_documented_template_is_packaged():
    root = packaged_templates()
    for name in TEMPLATE_NAMES:
        assert (root / name).is_file(), name


def test_user_template_replaces_one_template_only(tmp_path):
    packaged = (packaged_templates() / "models" / "enum.py.j2").read_text()
    (tmp_path / "models").mkdir()
    custom = packaged.replace(
        "from .. import _runtime as _rt\n",
        "from .. import _runtime as _rt\n\nCUSTOMIZED = True\n",
    )
    assert custom != packaged
    (tmp_path / "models" / "enum.py.j2").write_text(custom)
    files, diags = render_package(hand_seed_model(), RenderOptions(templates=tmp_path))
    # The override adds a top-level name the ast check does not expect: reported, file left out.
    assert any(d.code == "unexpected-code" and "CUSTOMIZED" in d.message for d in diags)
    assert "models/course_status.py" not in files


def test_user_template_override_used(tmp_path):
    packaged = (packaged_templates() / "models" / "enum.py.j2").read_text()
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "enum.py.j2").write_text(
        packaged.replace("{{ header }}\n", "{{ header }}\n# house style: enums\n")
    )
    files, diags = render_package(hand_seed_model(), RenderOptions(templates=tmp_path))
    assert not [d for d in diags if d.severity.label == "error"]
    assert "# house style: enums" in files["models/course_status.py"]
    assert "# house style: enums" not in files["models/learning_assignment.py"]


def test_a_user_template_edited_while_the_process_lives_is_read_again(tmp_path):
    """The packaged templates are not checked for changes (they change only with docgen); a
    user's folder is, so an editor integration or a test sees its edit."""
    import os

    packaged = (packaged_templates() / "models" / "enum.py.j2").read_text()
    (tmp_path / "models").mkdir()
    template = tmp_path / "models" / "enum.py.j2"
    for style in ("first", "second"):
        template.write_text(packaged.replace("{{ header }}\n", "{{ header }}\n# house style: " + style + "\n"))
        stamp = os.stat(template).st_mtime_ns + (1_000_000_000 if style == "second" else 0)
        os.utime(template, ns=(stamp, stamp))  # a new mtime even on a coarse clock
        files, _ = render_package(hand_seed_model(), RenderOptions(templates=tmp_path))
        assert "# house style: " + style in files["models/course_status.py"]


def test_broken_or_undefined_user_template_is_a_diagnostic(tmp_path):
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "enum.py.j2").write_text(
        "{{ header }}\n{{ no_such_variable }}\n"
    )
    (tmp_path / "models" / "model.py.j2").write_text("{% if %}\n")
    files, diags = render_package(hand_seed_model(), RenderOptions(templates=tmp_path))
    errors = [d for d in diags if d.code == "template-error"]
    assert any("no_such_variable" in d.message for d in errors)
    assert any("model.py.j2" in d.message for d in errors)
    assert (
        "models/course_status.py" not in files
        and "requests/learning_assignment.py" in files
    )


def test_template_that_writes_invalid_python_is_a_diagnostic(tmp_path):
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "conftest.py.j2").write_text("{{ header }}\ndef broken(:\n")
    files, diags = render_package(hand_seed_model(), RenderOptions(templates=tmp_path))
    assert any(
        d.code == "invalid-python" and "tests/conftest.py" in d.message for d in diags
    )
    assert "tests/conftest.py" not in files


def test_doc_text_is_data_not_template(tmp_path):
    from dataclasses import replace

    model = hand_seed_model()
    t = model.types[0]
    model = replace(
        model,
        types=(replace(t, description="{{ 7*7 }} {% for x in y %}"),) + model.types[1:],
    )
    files, diags = render_package(model, RenderOptions())
    text = next(
        v for k, v in files.items() if k.startswith("models/") and "{{ 7*7 }}" in v
    )
    assert "{% for x in y %}" in text


def _digest_script() -> str:
    return (
        "import hashlib, sys; sys.path[:0] = [%r, %r]\n"
        "from render_helpers import hand_seed_model\n"
        "from test_hostile_codegen import hostile_model\n"
        "from docgen.render.package import render_package, RenderOptions\n"
        "h = hashlib.sha256()\n"
        "for m in (hand_seed_model(), hostile_model()):\n"
        "    files, diags = render_package(m, RenderOptions())\n"
        "    for k in files: h.update(k.encode() + b'\\0' + files[k].encode() + b'\\0')\n"
        "    for d in diags: h.update(d.format().encode())\n"
        "print(h.hexdigest())\n" % (str(TESTS), str(TESTS / "render"))
    )


def test_same_bytes_under_different_hash_seeds():
    digests = set()
    for seed in ("0", "12345"):
        env = {"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"}
        out = subprocess.run(
            [sys.executable, "-c", _digest_script()],
            env=env,
            capture_output=True,
            text=True,
            cwd=TESTS.parent,
            check=True,
        )
        digests.add(out.stdout.strip())
    assert len(digests) == 1
    assert len(hashlib.sha256().hexdigest()) == len(digests.pop())


def test_format_all_hook_gets_every_file_in_batches():
    from docgen.render.package import format_each

    model = hand_seed_model()
    batches = []

    def format_all(texts):
        batches.append(sorted(texts))
        out = format_each(texts)
        out["models/item_body.py"] = ValueError("Cannot parse: 1:2: boom")
        return out

    files, diags = render_package(model, RenderOptions(), format_all=format_all)
    reference, _ = render_package(model, RenderOptions())
    # one batch per job (a model module, an operation's modules) and one for the package files
    flat = [path for batch in batches for path in batch]
    python = [p for p in reference if p.endswith(".py")]  # pyproject.toml, README.md, py.typed: not black's
    assert sorted(flat) == sorted(python) and len(flat) == len(set(flat))
    assert ["models/learning_assignment.py"] in batches
    assert {k: v for k, v in reference.items() if k != "models/item_body.py"} == files
    assert any(d.code == "invalid-python" and "models/item_body.py" in d.message for d in diags)
