"""``docgen drift``: the docs' model and the service's CSDL metadata -> a report of disagreements.

:mod:`.csdl` reads the metadata into frozen dataclasses; :mod:`.compare` compares (types, kinds,
bases, enum members; properties in :mod:`.properties`, with :mod:`.graph`'s base chains and
:mod:`.patterns`' grouping of findings into classes); :mod:`.report` holds the result and prints it
as text or JSON; :mod:`.memo` lets a comparison reuse the last run's findings of the metadata types
whose docs types are unchanged.
"""
