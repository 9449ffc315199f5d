"""The model: frozen dataclasses, each node with its source location.

:mod:`.page` holds what one page says (the output of :mod:`docgen.extract`); :mod:`.core` the
resolved model of a whole tree (the output of :mod:`docgen.resolve`, the input of rendering and
of every check); :mod:`.json_view` prints the resolved model as ``docgen model --format json``
(schema_version 1). Nothing mutates a model after it is built; stages return new values.
"""
