"""``docgen lint``: a resolved model -> findings where the docs contradict themselves.

:mod:`.core` runs every check; :mod:`.codes` lists the codes with their default severity;
:mod:`.examples` walks example bodies against the tables (:mod:`.typerules` answers what a type
declares and what fits it, :mod:`docgen.read.jsonpos` and :mod:`.locate` find the place in the page);
:mod:`.pages` checks a page's examples as a set; :mod:`.reword` turns the parser's and resolver's
findings into lint's (no line numbers, no interpreter text); :mod:`.suppress` finds the
``<!-- docgen-ignore CODE -->`` comments that silence one block or line. Each finding carries a
line-free ``context`` and its ``related`` places, which SARIF output turns into fingerprints and
``relatedLocations``. :mod:`.baseline` reads and writes a baseline file (the findings a project has
accepted, keyed like SARIF's fingerprints) and splits a run's findings into new and baselined.
:mod:`.core` checks page by page (a :class:`~docgen.checks.lint.core.Unit` per page, merged by
:func:`~docgen.checks.lint.core.finish`); :mod:`.tracking` notes what a page's rules read of the
rest of the tree, so that :mod:`docgen.pipeline.lint_cache` can keep each page's findings until
something it read changes.
"""
