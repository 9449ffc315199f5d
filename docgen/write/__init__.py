"""Writing: rendered files -> the output folder, and the answer to "is it current?".

In: a mapping of relative paths to text. Out: files written atomically inside the output folder
with a manifest (:mod:`.output`), or, for ``docgen check``, the diff between what is on disk and
what would be written. :mod:`.paths` confines every path to the output folder before anything is
touched.
"""
