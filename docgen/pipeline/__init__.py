"""The pipeline's engine: stages run over a whole tree, on every core, through the cache.

In: input paths, ``--jobs``/``--no-cache`` and, for rendering, the render options. Out: the
pages' :class:`~docgen.pipeline.build.Plan`, the resolved model and its diagnostics, the rendered
package (path -> text) with every diagnostic, or a check's findings for the tree.

:mod:`.run` is what commands use: a :class:`~docgen.pipeline.run.Run` opens the cache, hands the
worker count to the pools (at most four per core), shows progress through the caller's meter,
pauses the collector and, when left, waits for the cache writes still in flight (but, at the
program's end, for a model still being stored: the next run waits for that on entering). Beneath it
:mod:`.inputs` finds pages (every input that holds nothing is a located error), :mod:`.plan`
reads and hashes them (:func:`docgen.read.source.load_bytes`; not those whose stamps
:mod:`.unchanged` stored still hold), :mod:`.build` parses them in a process pool and resolves
(or patches the last model);
:mod:`.render_cache` and :mod:`.render_jobs` render on every core, reusing unchanged jobs;
:mod:`.cache` is the content-addressed store every stage shares (entries are plain data:
:mod:`.plain`, a tuple of diagnostics as columns: :mod:`.columns`; :mod:`.entry_writer` stores
them from a forked child); :mod:`.procs` makes the
process pools, whose workers die with docgen; :mod:`.memory` pauses the cyclic collector for
whole-tree work. The stages themselves (read, extract, resolve, render) know
nothing of processes or caches. What is wrong with one run's inputs is never stored.
"""
