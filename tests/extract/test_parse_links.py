"""The links a page holds: in prose, headings and table cells, written inline, as references or
as autolinks, each with the line and column of its ``[``."""

from __future__ import annotations

from docgen.extract.dispatch import extract_page
from docgen.read.source import SourcePage

PAGE = """---
title: "user resource type"
---

# user resource type

Namespace: microsoft.graph

A [group](group.md#members) member. See <https://example.com/x.md>.

## Properties

| Property | Type | Description |
|:--|:--|:--|
| manager | [user][user-ref] | The manager. |
| photo | [profilePhoto](profilephoto.md) | Also [a photo](../api/user-get.md). |
| id | String | Plain. |

[user-ref]: user.md
"""


def links_of(text: str) -> list[tuple]:
    model = extract_page(SourcePage("docs/resources/user.md", text, ""))
    return [(l.target, l.anchor, l.text, l.location.line, l.location.col) for l in model.links]


def test_links_in_prose_cells_and_references_are_found_where_they_are_written():
    assert links_of(PAGE) == [
        ("docs/resources/group.md", "members", "group", 9, 3),
        ("docs/resources/user.md", None, "user", 15, 13),
        ("docs/resources/profilephoto.md", None, "profilePhoto", 16, 11),
        ("docs/api/user-get.md", None, "a photo", 16, 50),
    ]


def test_a_reference_link_needs_its_definition():
    without = PAGE.replace("[user-ref]: user.md\n", "")
    assert [link[2] for link in links_of(without)] == ["group", "profilePhoto", "a photo"]
