"""docgen.checks.drift.csdl on the real Graph metadata (skipped without DOCGEN_CORPUS)."""

from __future__ import annotations

from collections import Counter

from docgen.checks.drift.csdl import read_csdl


def test_reads_the_whole_v1_metadata(corpus):
    metadata, diagnostics = read_csdl(corpus / "graph-metadata" / "v1.0.csdl.xml", "v1.0.csdl.xml")
    assert diagnostics == []
    assert metadata is not None
    # The counts corpus/README.md gives for this file.
    assert Counter(t.kind for t in metadata.types) == {"entity": 507, "complex": 518, "enum": 323}
    index = metadata.type_index()
    user = index["microsoft.graph.user"]
    assert user.base == "microsoft.graph.directoryObject" and user.open_type
    # every reference is resolved through the alias: no "graph." prefix survives
    refs = [p.type for t in metadata.types for p in t.properties] + [t.base for t in metadata.types if t.base]
    assert not [r for r in refs if r.startswith("graph.")]
    assert index["microsoft.graph.callrecords.clientuseragent"].base == "microsoft.graph.callRecords.userAgent"
