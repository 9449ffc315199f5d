"""Reading: a page's bytes -> text -> located Markdown blocks.

In: a file's bytes (:mod:`.source` decodes them: BOM, CRLF, bad UTF-8, binary files, bidi
controls). Out: :class:`~docgen.read.page.Page`, a flat list of located blocks (sections,
tables, fences, annotations, includes, language tabs) from one markdown-it-py pass
(:mod:`.page`), and :class:`~docgen.read.typecells.TypeRef`, the reading of one type cell
(:mod:`.typecells`). Inline runs (:class:`~docgen.read.page.Inline`) are read when first asked
for; :mod:`.text` holds the plain-text pieces they share. Everything that touches markdown-it-py
goes through :mod:`.mdit`, the one facade over it (docgen's faster block loop, table rule and
inline fast path on the versions they were proven on, the stock parser on any other).
Nothing here knows what a page means.
"""
