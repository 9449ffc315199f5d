"""The command line: the edge where options become calls and diagnostics become exit codes.

In: the command's arguments and ``[tool.docgen]``. Out: text, JSON, GitHub workflow commands,
SARIF or a Markdown summary on stdout/stderr, the output folder (through :mod:`docgen.write`) and an exit status.

:mod:`.main` holds the click commands generate, check and model, :mod:`.checks` lint, todos and
drift; :mod:`.scope` what a check reads and reports on (DOCS, ``--root``); :mod:`.output` what a
command prints (``--quiet``, ``--min-severity``, the summary line); :mod:`.markdown` the
``--format markdown`` summary; :mod:`.target` what ``generate`` and ``check`` work on (and the
render options it gives the pipeline);
:mod:`.watch` ``--watch`` for generate, check and lint (poll the pages, run again on a change);
:mod:`.support` the shared options, path display, the edge guard, the progress bar and
:func:`~docgen.cli.support.pipeline`, which opens the command's
:class:`~docgen.pipeline.run.Run`; :mod:`.config` reads ``[tool.docgen]``; :mod:`.formats` prints
findings. A command opens one run (``--jobs``, ``--no-cache``) and asks it for the plan, the
model, the rendered package or a check's cached findings; it never sees the cache, the worker
pools or the build's steps, and decides nothing about what a page means.
"""
