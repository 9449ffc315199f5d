"""Where docgen's cache folder is: the one rule the cache (:mod:`docgen.pipeline.cache`) and the
``docgen serve`` client (:mod:`docgen.serve_client`, which must not import the pipeline) share.

Standard library only, and nothing but :mod:`os` (the client runs before anything else is
imported: :mod:`pathlib` alone was 3-10 ms of it)."""

from __future__ import annotations

import os
from collections.abc import Mapping


def cache_folder(environ: Mapping[str, str] | None = None) -> str:
    """``$DOCGEN_CACHE_DIR``, else ``$XDG_CACHE_HOME/docgen``, else ``~/.cache/docgen``
    (``environ``: the variables to read, :data:`os.environ` by default)."""
    env = os.environ if environ is None else environ
    explicit = env.get("DOCGEN_CACHE_DIR")
    if explicit:
        return explicit
    base = env.get("XDG_CACHE_HOME")
    if not base:
        home = os.path.expanduser("~")
        if home.startswith("~"):  # as Path.home() says it
            raise RuntimeError("Could not determine home directory.")
        base = os.path.join(home, ".cache")
    return os.path.join(base, "docgen")
