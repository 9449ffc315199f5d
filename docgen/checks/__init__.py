"""The CI questions, answered from the same reading of the docs.

:mod:`.lint`: do the docs contradict themselves? (a resolved model in, findings out);
:mod:`.drift`: do they contradict the service's CSDL metadata? (model and metadata in, a
report out); :mod:`.todos`: which placeholders are left in the pages? (page text in, findings
out). None of them prints or decides an exit status: the command line does.
"""
