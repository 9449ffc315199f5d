"""Reading: a page's bytes -> text -> located Markdown blocks.

In: a file's bytes (:mod:`.source` reads them, regular files only and within a size limit,
and decodes them: BOM, CRLF, bad UTF-8, binary files, bidi controls). Out: :class:`~docgen.read.page.Page`, a flat list of located blocks (sections,
tables, fences, includes, language tabs) from one markdown-it-py pass, and
:class:`~docgen.read.typecells.TypeRef`, the reading of one type cell (:mod:`.typecells`).

:func:`~docgen.read.parse.parse_page` (:mod:`.parse`: headings, paragraphs, includes, tabs)
makes the page, with :mod:`.front_matter` (front matter cut out, its lines blanked) and
:mod:`.tables` (table rows, tables markdown-it cannot see, cells continued over two lines).
:mod:`.jsonpos` reads JSON text (an example body, an annotation) keeping positions and says, in
docgen's words, where and why it is not JSON (the same on every Python). :mod:`.page` holds what it makes: ``Page``, ``Section``, ``Block``, ``Table`` and ``Inline``, a
run of inline markdown read when first asked for; :mod:`.text` the plain-text pieces runs share.
Everything that touches markdown-it-py goes through :mod:`.mdit`, the one facade over it
(docgen's faster block loop, table rule and inline fast path on the versions they were proven
on, markdown-it's stock parser on any other). Nothing here knows what a page means.
"""
