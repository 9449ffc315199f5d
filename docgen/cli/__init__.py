"""The command line: the edge where options become calls and diagnostics become exit codes.

:mod:`.main` holds the click commands (generate, check, model, lint, todos, drift); :mod:`.target`
what ``generate`` and ``check`` work on; :mod:`.support` the shared options, path display, the
edge guard and progress; :mod:`.config` reads ``[tool.docgen]``; :mod:`.formats` prints findings
as text, JSON, GitHub workflow commands or SARIF. Commands call the stages and the pipeline;
they decide nothing about what a page means.
"""
