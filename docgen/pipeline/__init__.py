"""The pipeline's engine: stages run over a whole tree, on every core, through the cache.

In: input paths. Out: a :class:`~docgen.pipeline.build.BuildResult` (the resolved model and its
diagnostics) and, for ``generate``/``check``, the rendered package. :mod:`.build` finds pages,
parses them in a process pool and resolves; :mod:`.render_cache` and :mod:`.render_jobs` render
on every core, reusing unchanged jobs; :mod:`.cache` is the content-addressed store every stage
shares; :mod:`.memory` pauses the cyclic collector for whole-tree work. The stages themselves
(read, extract, resolve, render) know nothing of processes or caches.
"""
