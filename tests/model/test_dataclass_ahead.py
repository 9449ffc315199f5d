"""docgen's dataclasses, their methods compiled ahead (:mod:`docgen.model.dataclass_ahead`).

- :mod:`docgen.model.dataclass_ahead_code` is current: what ``python -m
  docgen.model.compile_dataclasses`` would write now (run it after changing a dataclass).
- Every function ``dataclasses`` writes for docgen's classes is made from the code compiled
  ahead, and that function is the one ``dataclasses`` itself makes: the same bytecode, constants,
  names, arguments, defaults, annotations, closure values and globals (only the file and line
  numbers differ).
- A class whose methods are not there gets them compiled as ``dataclasses`` does, and behaves
  the same.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from docgen.diagnostics import Location
from docgen.model import dataclass_ahead, dataclass_ahead_code

ROOT = Path(__file__).resolve().parents[2]

written_by_this_python = pytest.mark.skipif(
    not dataclass_ahead._CURRENT,
    reason="the code was written by another Python's dataclasses: every method is compiled from"
    " its text (python -m docgen.model.compile_dataclasses writes it for this one)",
)


def _python(code: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter with this checkout first on the path."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300
    )


@written_by_this_python
def test_the_code_is_current() -> None:
    done = _python("import sys; from docgen.model import compile_dataclasses as c; sys.exit(c.main(['--check']))")
    assert done.returncode == 0, done.stderr


_COMPARE = r"""
import json, types
from docgen.model import compile_dataclasses, dataclass_ahead, dataclass_ahead_code

def shape(fn):
    code = fn.__code__
    return (
        code.co_code, code.co_consts, code.co_names, code.co_varnames, code.co_freevars,
        code.co_cellvars, code.co_flags, code.co_argcount, code.co_kwonlyargcount,
        code.co_posonlyargcount, code.co_stacksize, code.co_name, code.co_qualname,
        fn.__name__, fn.__qualname__, fn.__defaults__, fn.__kwdefaults__, fn.__annotations__,
        tuple(id(c.cell_contents) for c in fn.__closure__ or ()), id(fn.__globals__),
    )

calls = compile_dataclasses.recorded()
found = differ = 0
names = set()
for call in calls:
    made = dataclass_ahead._ORIGINAL(
        call.name, call.args, call.body, globals=call.globals, locals=dict(call.locals),
        return_type=call.return_type,
    )
    factory = dataclass_ahead_code.FACTORIES.get(call.text)
    if factory is None:
        continue
    found += 1
    ahead = types.FunctionType(factory.__code__, call.globals, "__create_fn__")(**call.locals)
    names.add(call.name)
    if shape(made) != shape(ahead) or made.__code__.co_filename != "<string>":
        differ += 1
print(json.dumps({"calls": len(calls), "found": found, "differ": differ, "names": sorted(names)}))
"""


@written_by_this_python
def test_every_function_is_made_ahead_as_dataclasses_makes_it() -> None:
    done = _python(_COMPARE)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["calls"] > 400  # every docgen dataclass: 97 classes, about 560 functions
    assert result["found"] == result["calls"]
    assert result["differ"] == 0
    assert set(result["names"]) >= {"__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__", "__lt__"}


@written_by_this_python
def test_a_docgen_class_gets_the_code_made_ahead() -> None:
    init = Location.__init__
    assert init.__code__.co_filename.startswith(str(Path(dataclass_ahead_code.__file__).parent))
    assert init.__qualname__ == "Location.__init__"
    assert init.__globals__ is sys.modules["docgen.diagnostics"].__dict__
    here = Location("a.md", 3, 4)
    assert (here, repr(here), hash(here)) == (Location("a.md", 3, 4), "Location(path='a.md', line=3, col=4)",
                                              hash(("a.md", 3, 4)))
    assert here < Location("a.md", 3, 5)
    with pytest.raises(dataclasses.FrozenInstanceError):
        here.line = 9  # type: ignore[misc]


def _unknown_shape(decorate):
    @decorate(frozen=True)
    class Unheard:
        zeta_only_in_this_test: int
        eta_only_in_this_test: tuple = dataclasses.field(default_factory=tuple)

    return Unheard


def test_a_class_not_made_ahead_is_what_dataclasses_makes() -> None:
    ours, theirs = _unknown_shape(dataclass_ahead.dataclass), _unknown_shape(dataclasses.dataclass)
    assert ours.__init__.__code__.co_filename == "<string>"  # compiled from its text
    for name in ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__"):
        assert getattr(ours, name).__code__.co_code == getattr(theirs, name).__code__.co_code
    one = ours(1)
    assert (one, repr(one), hash(one)) == (ours(1, ()), "_unknown_shape.<locals>.Unheard(zeta_only_in_this_test=1, eta_only_in_this_test=())",
                                           hash(theirs(1)))
    assert dataclasses.fields(ours) == dataclasses.fields(ours)
    assert [f.name for f in dataclasses.fields(ours)] == [f.name for f in dataclasses.fields(theirs)]
    with pytest.raises(dataclasses.FrozenInstanceError):
        one.zeta_only_in_this_test = 2  # type: ignore[misc]
    assert dataclasses._create_fn is dataclass_ahead._ORIGINAL  # put back after each class


def test_the_plain_form_and_the_called_form_both_work() -> None:
    @dataclass_ahead.dataclass
    class Plain:
        only_here_a: int = 1

    assert Plain() == Plain(1) and Plain() != Plain(2)
    assert dataclasses.is_dataclass(Plain) and Plain.__dataclass_params__.frozen is False
    Plain().only_here_a = 3  # not frozen


def test_type_checkers_see_the_standard_decorator(tmp_path):
    """A class made with docgen's ``dataclass`` is a dataclass to mypy (its fields typed, its
    constructor checked), not the ``Any`` a plain decorator function would make it."""
    if importlib.util.find_spec("mypy") is None:
        pytest.skip("mypy is not installed (pip install -e '.[test]' installs it)")
    script = tmp_path / "uses_location.py"
    script.write_text(
        "from docgen.diagnostics import Location\n"
        "good: str = Location(path='a.md', line=1).path\n"
        "bad = Location(path=1, line='x')\n",
        encoding="utf-8",
    )
    out = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental", "--follow-imports=silent",
         "--cache-dir", str(tmp_path / "mypy-cache"), str(script)],
        capture_output=True, text=True, cwd=ROOT,
    )
    errors = [line for line in out.stdout.splitlines() if ": error:" in line]
    assert [line.split(":")[1] for line in errors] == ["3", "3"], out.stdout
