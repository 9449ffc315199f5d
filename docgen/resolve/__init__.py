"""Resolution: page models -> one :class:`~docgen.model.core.Model`.

In: every page's :class:`~docgen.model.page.PageModel`. Out: the resolved model with its
diagnostics. :mod:`.join` keys types by qualified name, merges enums and properties, checks every
reference; :mod:`.bases` settles base types (annotations, prose, "Inherited from" rows, derived
lists) and :mod:`.kinds` the kinds that a type's use tells; :mod:`.operations` types each
operation's body, response and parameters; :mod:`.rows` keeps the properties "Inherited from"
rows and JSON representation keys give types whose tables lack them; :mod:`.paths` adds the
navigation properties that request URLs declare; :mod:`.navigation` builds the tree of every
request line's path segments (read by :mod:`.segments`) that the generated client navigates (built
on demand from a model, not part of it). :mod:`.patch` gives the model of a tree whose edited pages
changed only descriptions or primitive type cells from the model before the edit (and the index of
"Inherited from" rows and comparisons :func:`.join.resolve_indexed` gives with it), without a whole resolve
(:mod:`.skeleton`: what the edit must leave equal);
:mod:`.retype` makes a patched type cell's property and warnings again; :mod:`.shift` moves the
places of a page whose lines moved; :mod:`.added` adds or takes out the properties of primitive
rows added to or removed from a resource page's table; :mod:`.bodies` replaces examples whose
bodies changed with their keys kept; :mod:`.members` adds members added to an enum's table;
:mod:`.renamed` looks up a type cell edited to name a type, by :mod:`.lookup`'s rule (the
resolver's). The types being assembled are :mod:`.entry` values (:class:`.entry.TypeEntry`),
the only mutable state, frozen into the model at the end. Import order runs one way:
:mod:`.entry` <- :mod:`.lookup`, :mod:`.bases`, :mod:`.kinds`, :mod:`.operations`, :mod:`.rows`, :mod:`.paths` <-
:mod:`.join` <- :mod:`.added` <- :mod:`.renamed`; :mod:`.bodies`, :mod:`.members`, :mod:`.skeleton` <- :mod:`.patch`.
"""
