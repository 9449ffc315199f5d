"""Writing: rendered files -> the output folder, and the answer to "is it current?".

In: a mapping of relative paths to text. Out: files written atomically inside the output folder
with a manifest (:mod:`.output`), or, for ``docgen check``, the diff between what is on disk and
what would be written (:mod:`.state` compares the two). :mod:`.paths` confines every path to the
output folder before anything is touched; :mod:`.commit` locks the folder for one writer and
journals each write so that the next one completes a killed one; :mod:`.faults` is a test-only
hook that kills docgen at a chosen phase.
"""
