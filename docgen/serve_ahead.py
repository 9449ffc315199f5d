"""``docgen serve`` reads ahead, in its idle time, the stored model its last command used or stored
(what :mod:`docgen.cli.serve_loop` uses of the pipeline, beside :mod:`docgen.serve_code`).

In: the cache folder and key a command's child noted last (:mod:`docgen.pipeline.kept_model`).
Once no docgen store holds that cache's writers lock (:func:`writers_done`: a model stored after
its command ended is then whole), :func:`read` decodes the model as a warm edit's render reads it
(inside :func:`~docgen.pipeline.plain.digesting` and
:func:`~docgen.pipeline.plain.keeping_encodings`, through
:func:`~docgen.pipeline.stored_model.load_model`). Out: the model kept for the next child
(:func:`docgen.pipeline.kept_model.take` says when it may use it).

The server keeps one model, and the module state a cache read leaves (the digests noted, the
diagnostics' encodings kept, where the model's fields are fetched from) of that model only: what
a fresh process has after reading it. The server never reads a lazy field of it; a child that
does changes its own copy.
"""

from __future__ import annotations

import gc
import os
from pathlib import Path

from docgen.pipeline import kept_model
from docgen.pipeline.kept_model import NOTE_FD, held, last_note, noting

__all__ = ["NOTE_FD", "forget", "held", "last_note", "noting", "read", "writers_done"]


def writers_done(root: str) -> bool:
    """Whether no docgen store holds ``root``'s writers lock now (what :func:`read` waits for:
    a model stored after its command ended is then whole). Never waits."""
    from docgen.pipeline.entry_writer import writers_done as done

    return done(Path(root))


def read(root: str, key: str) -> bool:
    """In the server: decode the model stored under ``key`` in the cache folder ``root`` as a warm
    render reads it, and keep it for the next child; the model kept before is dropped with the
    state its read left. False when there is none (or the folder is not usable)."""
    from docgen.pipeline import plain, stored_model
    from docgen.pipeline.cache import Cache
    from docgen.pipeline.memory import paused_gc

    gc.unfreeze()  # (the model kept before, freed as it is dropped: a model holds no cycle)
    kept_model.drop(root)
    forget()  # (the state of the model read before: with MOST at 1, of no model kept)
    if not (os.path.isabs(root) and os.path.isdir(root)):  # (a folder gone: not made again here)
        return False
    cache = Cache(Path(root))
    kinds = stored_model.STAMPED
    try:
        if not cache.enabled:
            return False
        stamped = kept_model.stamps(cache, key, kinds)
        with paused_gc(), plain.digesting(), plain.keeping_encodings():
            model = stored_model.load_model(cache, key)
            state = kept_model.read_state()
        if model is None or kept_model.stamps(cache, key, kinds) != stamped:  # (replaced while read)
            forget()
            return False
        kept_model.keep(root, key, model, stamped, state)
        return True
    finally:
        cache.release()
        # Out of the collector's way: its next pass in the server (or a child's) would walk the
        # model's 100,000 objects (20 ms), and a pass in a child would copy their pages.
        gc.freeze()


def forget() -> None:
    """Drop the module state the last read left (what a fresh process has none of): the
    digests noted, the encodings kept, the models' sources and places."""
    from docgen.pipeline import plain, stored_model

    plain.retain_digests(())
    plain.forget_encodings()
    stored_model._SOURCES.clear()
    stored_model._FETCHED.clear()
    stored_model._PLACES.clear()
    stored_model._PREFETCHED.clear()

