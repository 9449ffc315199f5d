"""The ``docgen`` script's entry (``docgen.__main__:main``): importing it runs nothing, and
:func:`~docgen.__main__.main` switches the cyclic collector off before the command line's modules
are imported, as ``python -m docgen`` does."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import REPO

_SCRIPT = r"""
import gc, sys
import docgen.__main__ as entry
assert gc.isenabled() and "docgen.cli.main" not in sys.modules, "importing the entry ran something"
class Watch:
    def find_spec(self, name, path=None, target=None):
        if name == "docgen.cli.main":
            print("collector on at the command line's import:", gc.isenabled(), flush=True)
        return None
sys.meta_path.insert(0, Watch())
sys.argv = ["docgen", "--version"]
entry.main()
"""


def test_the_script_entry_switches_the_collector_off_first() -> None:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]))
    done = subprocess.run([sys.executable, "-c", _SCRIPT], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "docgen, version" in done.stdout
    assert "collector on at the command line's import: False" in done.stdout
