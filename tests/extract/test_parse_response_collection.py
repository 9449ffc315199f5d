"""One object or a collection: the request lines and the title over the Response sentence when
they disagree (excerpts of the real pages in tests/fixtures/pages/corpus-api-*-excerpt.md)."""

from __future__ import annotations

from pathlib import Path

from docgen.extract.dispatch import extract_page
from docgen.read.source import read_source

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"


def page(name: str):
    src, diagnostics = read_source(PAGES / name, name)
    assert src is not None and diagnostics == []
    return extract_page(src)


def mismatch(model) -> list[str]:
    return [d.message for d in model.diagnostics if d.code == "response-collection-mismatch"]


def test_list_title_over_a_collection_segment_reads_a_collection():
    # api/channel-list-members.md:55: "List members of a channel", GET …/channels/{channel-id}/members,
    # but the sentence says "a [conversationMember](…) object"
    model = page("corpus-api-channel-list-members-excerpt.md")
    (op,) = model.operations
    assert op.response.ref.name == "conversationMember" and op.response.ref.collection
    assert mismatch(model) == [
        "the Response section says one `conversationMember` object, but the title "
        "'List members of a channel' lists the collection 'members'; the response is read as a collection"
    ]


def test_lines_ending_with_a_key_read_one_object():
    # api/chat-get.md:52: GET /chats/{chat-id}, "a collection of [chat](…) objects"
    model = page("corpus-api-chat-get-excerpt.md")
    (op,) = model.operations
    assert op.response.ref.name == "chat" and not op.response.ref.collection
    assert mismatch(model) == [
        "the Response section says a collection of `chat`, but every request line ends with a key "
        "({chat-id}); the response is read as one object"
    ]


def test_agreeing_sources_are_left_alone():
    # api/directoryaudit-get.md:49: GET /auditLogs/directoryAudits/{id}, "[directoryAudit](…) object"
    model = page("corpus-api-directoryaudit-get-excerpt.md")
    (op,) = model.operations
    assert op.response.ref.name == "directoryAudit" and not op.response.ref.collection
    assert mismatch(model) == []
