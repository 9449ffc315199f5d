"""Which request headers a page makes required on every call (``Header.required``): a header
required only under a condition is an optional argument of the SDK (the Shifts pages'
``MS-APP-ACTS-AS``: "Required only if the authorization token is an application token;
otherwise, optional"). Descriptions are those of real pages: the v1.0 corpus's and today's
(tests/fixtures/contrib-sample, CC BY 4.0: see its README)."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.extract.api_access import header_required
from docgen.extract.dispatch import extract_page
from docgen.read.source import read_source

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "contrib-sample"


@pytest.mark.parametrize(
    "description",
    [
        "Bearer {token}. Required.",
        "Bearer {token}. Required. Learn more about [authentication and authorization](/graph/auth/auth-concepts).",
        "application/json. Required.",
        "Required. Last known ETag value for the plannerTask to update.",
        "Bearer {token} (required)",
        "Bearer {token}. Required",
    ],
)
def test_a_header_the_page_says_is_required_is_required(description):
    assert header_required(description)


@pytest.mark.parametrize(
    "description",
    [
        "A user ID (GUID). Required only if the authorization token is an application token; otherwise, optional.",
        "eventual. This header and `$count` are required when using `$search`, or in specific usage of `$filter`.",
        'text/html or application/xhtml+xml for the HTML content, including for the required "Presentation" part.',
        "Required if the request body is a multipart form.",
        "Not required. Specifies the time zone.",
        "outlook.timezone. Optional.",
        "",
    ],
)
def test_a_header_required_under_a_condition_or_not_at_all_is_optional(description):
    assert not header_required(description)


def test_the_shifts_pages_acting_user_header_is_optional_and_authorization_required():
    page = "set-a/api/swapshiftschangerequest-list.md"
    source, diagnostics = read_source(SAMPLE / page, page)
    assert source is not None and not diagnostics
    (operation,) = extract_page(source).operations
    assert [(h.name, h.required, h.location.line) for h in operation.headers] == [
        ("Authorization", True, 48),
        ("MS-APP-ACTS-AS", False, 49),
    ]
