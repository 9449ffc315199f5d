"""Extraction: one page's blocks -> one page model.

In: a :class:`~docgen.read.page.Page`. Out: a :class:`~docgen.model.page.PageModel` (the types,
enums, operations and examples that one page declares, with diagnostics), never an exception.
:mod:`.dispatch` decides the page's kind and calls the kind's extractor: :mod:`.resource`
(property tables, the JSON representation in :mod:`.representation`), :mod:`.enums`,
:mod:`.api` (operations, put together from :mod:`.api_request`'s request lines,
:mod:`.api_access`'s permissions and headers, :mod:`.api_body`'s request body and parameters and
:mod:`.api_response`'s response, with :mod:`.api_refs` reading the types their sentences name),
with :mod:`.examples` and :mod:`.common` shared by all of them.
Pages are extracted one at a time, in any order, in any process.
"""
