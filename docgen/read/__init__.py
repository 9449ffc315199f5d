"""Reading: a page's bytes -> text -> located Markdown blocks.

In: a file's bytes (:mod:`.source` decodes them: BOM, CRLF, bad UTF-8, binary files, bidi
controls). Out: :class:`~docgen.read.page.Page`, a flat list of located blocks (sections,
tables, fences, annotations, includes, language tabs) from one markdown-it-py pass
(:mod:`.page`, with docgen's block loop :mod:`.page_block` and table rule :mod:`.page_table`),
and :class:`~docgen.read.typecells.TypeRef`, the reading of one type cell (:mod:`.typecells`).
Nothing here knows what a page means.
"""
