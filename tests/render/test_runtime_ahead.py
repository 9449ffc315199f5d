"""The generator's copy of the runtime (docgen/render/runtime.py): run from the recorded
``runtime_ahead.py`` only while it is the text rendered now, else compiled from the render."""

from __future__ import annotations

import sys

import pytest

from docgen.render import runtime as rt

VALUES = [
    ("date", "2024-12-01"), ("date", "2024-13-01"), ("duration", "PT"), ("duration", "PT1H"),
    ("bytes", "AAE"), ("bytes", "AAE="), ("int", 3), ("int", True), ("datetime", "2024-01-02T03:04:05Z"),
    ("datetime", "2024-01-02T03:04:05+24:00"), ("guid", "not-a-guid"), ("float", 1.5), ("str", 1),
]


@pytest.fixture
def fresh():
    """runtime() made anew in the test, and again for whoever comes after it."""
    rt.runtime.cache_clear()
    yield
    rt.runtime.cache_clear()
    sys.modules.pop(rt.MODULE_NAME, None)


def test_the_recorded_runtime_is_current():
    """``python -m docgen.render.runtime`` was run after the last change to what renders it."""
    assert rt.RECORDED.read_text(encoding="utf-8") == rt.text(), "run: python -m docgen.render.runtime"
    assert rt.main(["--check"]) == 0


def test_the_recorded_file_is_run_as_the_runtime(fresh):
    module = rt.runtime()
    assert module.__file__ == str(rt.RECORDED)
    assert module.__name__ == rt.MODULE_NAME and sys.modules[rt.MODULE_NAME] is module
    assert module.PACKAGE == ""  # as when the text is executed: no generated package's models
    assert module.__doc__.startswith("Serialization, request and transport helpers")
    assert rt.accepts("date", "2024-12-01") and not rt.accepts("date", "2024-13-01")


@pytest.mark.parametrize("recorded", ["other", "missing"])
def test_a_recorded_file_that_is_not_the_render_is_not_used(fresh, tmp_path, monkeypatch, recorded):
    """An edited template (or a stale or missing recording): the rendered text is compiled, and
    it answers as the recorded module does."""
    expected = [rt.accepts(spec, value) for spec, value in VALUES]
    assert True in expected and False in expected
    path = tmp_path / "runtime_ahead.py"
    if recorded == "other":
        path.write_text(rt.text() + "\nRECORDED_ONLY = True\n", encoding="utf-8")
    monkeypatch.setattr(rt, "RECORDED", path)
    rt.runtime.cache_clear()
    module = rt.runtime()
    assert module.__file__ == "<packaged _runtime.py.j2>"
    assert not hasattr(module, "RECORDED_ONLY")
    assert [rt.accepts(spec, value) for spec, value in VALUES] == expected


def test_main_writes_the_recording_then_finds_it_current(tmp_path, monkeypatch):
    path = tmp_path / "runtime_ahead.py"
    monkeypatch.setattr(rt, "RECORDED", path)
    assert rt.main(["--check"]) == 1
    path.write_text("stale = True\n", encoding="utf-8")
    assert rt.main(["--check"]) == 1
    assert rt.main([]) == 0
    assert path.read_text(encoding="utf-8") == rt.text()
    assert rt.main(["--check"]) == 0
