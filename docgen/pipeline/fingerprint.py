"""What every cached value depends on besides its own inputs: docgen's code and version, the
installed markdown-it-py and the entry encoding (:func:`code_fingerprint`), and the installed
version of a distribution read without importing it (:func:`dist_version`); :func:`digest`, the
hash every key is made with.

In: the docgen package's source files and the installed distributions' metadata folders.
Out: hex digests and version strings, part of every cache key (:mod:`docgen.pipeline.cache`).
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
from functools import lru_cache
from pathlib import Path


def digest(*parts: bytes | str) -> str:
    """A hex SHA-256 over ``parts``, each length-prefixed so that no two splits collide."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


FORMAT = "plain-marshal-1"
"""How entries are encoded (part of every key: a new encoding never reads an old entry)."""


_TOP_LEVEL = {"markdown-it-py": "markdown_it"}
"""Distributions whose package is not named like them (without it, ``markdown-it-py`` went to
``importlib.metadata``: 15 ms of importing on every command)."""


def dist_version(name: str) -> str:
    """The installed version of distribution ``name`` ("" when it is not installed).

    Read from the name of its ``<name>-<version>.dist-info`` folder beside the package, which is
    what ``importlib.metadata`` reads too, without importing the package (black's import is
    10 ms of an unchanged ``check``'s 450); ``importlib.metadata`` when the folder is not found.
    """
    dist = name.replace("-", "_")
    spec = importlib.util.find_spec(_TOP_LEVEL.get(name, dist))
    if spec is not None and spec.origin:
        site = Path(spec.origin).parent.parent
        found = sorted(site.glob(f"{dist}-*.dist-info"))
        if len(found) == 1:
            return found[0].name[len(dist) + 1 : -len(".dist-info")]
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return ""


@lru_cache(maxsize=None)
def code_fingerprint() -> str:
    """A hash of what shapes every cached value besides its own inputs: docgen's source files
    and version, the installed markdown-it-py (the tokenizer every page goes through) and the
    entry encoding. A change to any of them invalidates every cached result."""
    from docgen import __version__

    package = Path(__file__).resolve().parents[1]  # the docgen package, every stage
    parts: list[bytes | str] = [FORMAT, __version__, dist_version("markdown-it-py")]
    for rel, path in _sources(os.fspath(package)):
        parts.append(rel.encode())
        with open(path, "rb") as stream:
            parts.append(stream.read())
    return digest(*parts)


def _sources(package: str) -> list[tuple[str, str]]:
    """(relative posix path, path) of every ``*.py`` below ``package``, in the order of
    ``sorted(Path(package).rglob("*.py"))`` and with its rules (a name ending in ``.py`` of any
    kind of entry; folders walked but those a symlink names; an unreadable folder skipped): by
    :func:`os.scandir`, without pathlib's selectors and ``Path`` objects. Every process asks for
    :func:`code_fingerprint`: the walk and reads took 10 ms of a warm run the first time, 5 ms
    after (the corpus's description edit: about 0.6 s), and 1.7 ms this way."""
    found: list[tuple[tuple[str, ...], str, str]] = []
    pending = [((), package)]
    while pending:
        parts, folder = pending.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except PermissionError:  # as pathlib's glob: skipped
            continue
        for entry in entries:
            name = entry.name
            if name.endswith(".py"):
                found.append(((*parts, name), "/".join((*parts, name)), entry.path))
            try:
                walk = entry.is_dir() and not entry.is_symlink()
            except OSError:
                walk = False
            if walk:
                pending.append(((*parts, name), entry.path))
    found.sort()
    return [(rel, path) for _, rel, path in found]
