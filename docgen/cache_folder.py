"""Where docgen's cache folder is: the one rule the cache (:mod:`docgen.pipeline.cache`) and the
``docgen serve`` client (:mod:`docgen.serve_client`, which must not import the pipeline) share.

Standard library only, and nothing but :mod:`os` and :mod:`pathlib` imported."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path


def user_cache_dir(environ: Mapping[str, str] | None = None) -> Path:
    """``$DOCGEN_CACHE_DIR``, else ``$XDG_CACHE_HOME/docgen``, else ``~/.cache/docgen``
    (``environ``: the variables to read, :data:`os.environ` by default)."""
    env = os.environ if environ is None else environ
    explicit = env.get("DOCGEN_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "docgen"
