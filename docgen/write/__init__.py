"""Writing: rendered files -> the output folder, and the answer to "is it current?".

In: a mapping of relative paths to text. Out: files written atomically inside the output folder
with a manifest (:mod:`.output`), or, for ``docgen check``, the diff between what is on disk and
what would be written (:mod:`.check`; :mod:`.state` compares the two). :mod:`.stamps` records a
file's stat with its sha256 so that an unchanged file need not be read again, and :mod:`.quick`
proves from them and the manifest that an output is current. :mod:`.texts` holds files whose
digests are known before their texts are read (a package answered from the cache). :mod:`.paths` confines every path to the
output folder before anything is touched; :mod:`.commit` locks the folder for one writer and
journals each write so that the next one completes a killed one; :mod:`.faults` is a test-only
hook that kills docgen at a chosen phase.
"""
