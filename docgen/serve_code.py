"""What ``docgen serve`` (:mod:`docgen.cli.serve`) loads before it listens, and what says the code it
loaded is still docgen's code on disk (checked before each command: a server whose code changed
stops).

Not in :mod:`docgen.cli`: the command layer reaches the pipeline only through its run
(``tests/cli/test_layers.py``), and this warms the pipeline's own per-process caches."""

from __future__ import annotations

PRELOAD = (
    "click", "jinja2", "markupsafe", "markdown_it", "mdurl", "linkify_it", "sqlite3", "json", "difflib",
    "concurrent.futures", "concurrent.futures.process", "multiprocessing", "multiprocessing.connection",
    "multiprocessing.popen_fork", "multiprocessing.queues", "multiprocessing.synchronize", "queue",
    "ctypes", "hashlib", "uuid", "tempfile", "shutil", "subprocess", "textwrap", "unicodedata", "tokenize",
    "inspect", "dis", "ast", "html", "html.entities", "base64", "bz2", "lzma", "zlib", "random", "datetime",
    "ipaddress", "platform", "locale", "gettext", "pickle", "fcntl", "select", "selectors", "socket",
    "struct", "urllib.parse", "logging", "tomllib",
)
"""Modules the commands import besides docgen's (``-X importtime`` of a cold and a warm
``generate``, ``check``, ``lint``, ``model`` and ``todos`` on the corpus)."""

SKIPPED = ("docgen.__main__", "docgen.render.compile_templates", "docgen.model.compile_dataclasses",
           "docgen.render.runtime_ahead")
"""docgen's modules the server does not import: scripts and recorded text, not used by a command."""

DIST_INFO = ("jinja2", "markdown-it-py", "click", "black", "markupsafe", "mdurl")
"""Distributions whose ``<name>-<version>.dist-info`` folders :func:`code_state` watches."""


def preload() -> None:
    """Import every docgen module a command may use and :data:`PRELOAD`, and fill the caches that
    depend on docgen's code alone (:func:`warm`)."""
    import importlib
    import os

    import docgen

    root = os.path.dirname(os.path.abspath(docgen.__file__))
    names = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__" and not d.startswith("."))
        rel = os.path.relpath(folder, os.path.dirname(root)).replace(os.sep, ".")
        for file in sorted(files):
            if file.endswith(".py"):
                names.append(rel if file == "__init__.py" else f"{rel}.{file[:-3]}")
    for name in [*PRELOAD, *names]:
        if name in SKIPPED:
            continue
        try:
            importlib.import_module(name)
        except ImportError:  # (tomllib before 3.11; a module another platform's)
            pass
    warm()


def warm() -> None:
    """Fill the per-process caches that depend on nothing but docgen's code, its packaged
    templates and the installed dependencies (all watched by :func:`code_state`), as the first
    command of a process would: the code's fingerprint, the cache's class registry, black's
    version, the packaged templates compiled and the checker's runtime
    (the warm-up a render without ``--templates`` does before its workers fork:
    the templates alone were 24 ms in-process, on a busy machine)."""
    from docgen.pipeline import plain, render_cache
    from docgen.pipeline.fingerprint import code_fingerprint
    from docgen.render import environment as templating
    from docgen.render.package import TEMPLATE_NAMES
    from docgen.render.runtime import runtime

    code_fingerprint()
    plain.registry()
    plain.core_registry()
    render_cache.black_version()
    templating.compile_all(TEMPLATE_NAMES, None)
    runtime()


def code_paths() -> list[str]:
    """What :func:`code_state` watches: every folder and file (but compiled ones) of the docgen
    package and of the packaged templates, and the dependencies' ``dist-info`` folders (an
    upgrade or a removal replaces them; a missing one is watched as missing)."""
    import os

    import docgen
    from docgen.pipeline.fingerprint import dist_info_folders
    from docgen.render.options import packaged_templates

    found = []
    for root in (os.path.dirname(os.path.abspath(docgen.__file__)), os.fspath(packaged_templates())):
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            found.append(folder)
            found.extend(os.path.join(folder, f) for f in sorted(files) if not f.endswith((".pyc", ".pyo")))
    return found + [folder for dist in DIST_INFO for folder in dist_info_folders(dist)]


def code_state(paths: list[str]) -> tuple:
    """The size and mtime of each of ``paths`` (None: missing): one ``stat`` each (~230, 1-2 ms).
    A folder's mtime changes when a file is added to it or removed."""
    import os

    state = []
    for path in paths:
        try:
            st = os.stat(path)
        except OSError:
            state.append(None)
            continue
        state.append((st.st_size, st.st_mtime_ns))
    return tuple(state)

