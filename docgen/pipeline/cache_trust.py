"""Whether a cache folder may be read: only when no one but its owner, this user, can write in it.

In: a folder. Out: why its entries may not be docgen's own, or None. Kept apart from
:mod:`docgen.pipeline.cache`, which reads the folder only when this says it may."""

from __future__ import annotations

import os
from pathlib import Path


def untrusted(root: Path) -> str | None:
    """Why entries in the cache folder ``root`` may not be docgen's own: it is owned by another
    user, or others than its owner may write in it. None when only its owner (this user) can, or
    when it does not exist yet (docgen makes it so). An entry in the cache decides generated code
    (and a planted one can claim gigabytes: a five-byte marshal payload makes Python fill a 16 GiB
    tuple), so a folder others can write in is not read. Where the file system has no owners
    and modes (Windows), nothing is refused."""
    if not hasattr(os, "getuid"):
        return None
    try:
        st = root.stat()
    except OSError:  # none yet, or out of reach: _connection makes it or runs without a cache
        return None
    if st.st_uid != os.getuid():
        return f"{root} is owned by another user (uid {st.st_uid})"
    if st.st_mode & 0o022:
        who = "its group and others" if st.st_mode & 0o022 == 0o022 else ("its group" if st.st_mode & 0o020 else "others")
        return f"{root} may be written by {who} (mode {st.st_mode & 0o777:o}; `chmod go-w {root}` fixes it)"
    return None
