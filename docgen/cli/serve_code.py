"""What ``docgen serve`` (:mod:`docgen.cli.serve`) loads before it listens, and what says the code it
loaded is still docgen's code on disk (checked before each command: a server whose code changed
stops)."""

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

DIST_INFO = ("jinja2", "markdown_it_py", "click", "black", "markupsafe", "mdurl")
"""Distributions whose ``<name>-<version>.dist-info`` folders :func:`code_state` watches."""


def preload() -> None:
    """Import every docgen module a command may use and :data:`PRELOAD`, and fill the caches that
    depend on docgen's code alone (:func:`~docgen.pipeline.fingerprint.code_fingerprint`)."""
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
    from docgen.pipeline.fingerprint import code_fingerprint

    code_fingerprint()


def code_state() -> tuple:
    """What says docgen's code is the code this process imported: the size and mtime of every
    file and folder of the docgen package and the packaged templates, and which ``dist-info``
    folders the dependencies have (an upgrade replaces them). One ``stat`` per file."""
    import os

    import docgen
    from docgen.render.options import packaged_templates

    found = []
    for root in (os.path.dirname(os.path.abspath(docgen.__file__)), os.fspath(packaged_templates())):
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            st = os.stat(folder)
            found.append((folder, st.st_mtime_ns))
            for file in sorted(files):
                if file.endswith((".pyc", ".pyo")):
                    continue
                path = os.path.join(folder, file)
                try:
                    st = os.stat(path)
                except OSError:
                    found.append((path, None))
                    continue
                found.append((path, st.st_size, st.st_mtime_ns))
    return tuple(found), _dist_infos()


def _dist_infos() -> tuple:
    import importlib.util
    import os

    infos = []
    for dist in DIST_INFO:
        top = {"markdown_it_py": "markdown_it"}.get(dist, dist)
        try:
            spec = importlib.util.find_spec(top)
        except (ImportError, ValueError):
            spec = None
        if spec is None or not spec.origin:
            infos.append((dist, None))
            continue
        site = os.path.dirname(os.path.dirname(spec.origin))
        try:
            infos.append((dist, tuple(sorted(n for n in os.listdir(site)
                                             if n.startswith(dist + "-") and n.endswith(".dist-info")))))
        except OSError:
            infos.append((dist, None))
    return tuple(infos)
