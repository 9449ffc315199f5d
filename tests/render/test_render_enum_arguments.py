"""Enum-typed function arguments are written as the docs write them, not as raw text
(tests/fixtures/rules/enum_arguments/: api/ pages copied whole from graph-docs-v1.0, and the two
enums they use from its resources/enums.md). outlookuser-supportedtimezones.md calls
``supportedTimeZones(TimeZoneStandard=microsoft.graph.timeZoneStandard'Iana')`` (an OData enum
literal: type, then the quoted member); appconsentrequest-filterbycurrentuser.md calls
``filterByCurrentUser(on='reviewer')`` (the member quoted)."""

from __future__ import annotations

from pathlib import Path

import pytest
from render_helpers import import_package, render_pages, run_pytest

from docgen.pipeline.build import build_model
from docgen.resolve.navigation import build_navigation
from docgen.resolve.segments import parse_path

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "rules" / "enum_arguments"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    return render_pages(tmp_path_factory, PAGES, "enumargspkg")


def test_an_enum_literal_is_read_with_its_type():
    (_, _, call) = parse_path(
        "/me/outlook/supportedTimeZones(TimeZoneStandard=microsoft.graph.timeZoneStandard'{tz}')"
    )
    assert call.args == (("TimeZoneStandard", "tz", True),)
    assert call.enums == (("TimeZoneStandard", "microsoft.graph.timeZoneStandard"),)


def test_enum_parameters_are_quoted_with_the_documented_prefix():
    nav = build_navigation(build_model([PAGES]))
    params = {
        (n.wire, p.name): (p.quoted, p.enum)
        for n in nav.nodes
        if n.kind == "function"
        for p in n.params
    }
    assert params[("supportedTimeZones", "TimeZoneStandard")] == (
        True,
        "microsoft.graph.timeZoneStandard",
    )
    assert params[("filterByCurrentUser", "on")] == (True, "")


def test_builders_write_enum_values_as_the_docs_do(rendered):
    root, _, _ = rendered
    import_package(root, "enumargspkg")
    from enumargspkg import Client
    from enumargspkg.models import ConsentRequestFilterByCurrentUserOptions, TimeZoneStandard

    client = Client("t")
    zones = client.me.outlook.supported_time_zones
    assert zones(time_zone_standard="Iana").request_get().request.url.endswith(
        "/me/outlook/supportedTimeZones(TimeZoneStandard=microsoft.graph.timeZoneStandard'Iana')"
    )
    assert zones(time_zone_standard=TimeZoneStandard.IANA).request_get().request.url.endswith(
        "(TimeZoneStandard=microsoft.graph.timeZoneStandard'iana')"
    )
    assert zones().request_get().request.url.endswith("/me/outlook/supportedTimeZones")
    mine = client.identity_governance.app_consent.app_consent_requests.filter_by_current_user
    assert mine(on=ConsentRequestFilterByCurrentUserOptions.REVIEWER).request_get().request.url.endswith(
        "/appConsentRequests/filterByCurrentUser(on='reviewer')"
    )


def test_generated_tests_pass(rendered):
    root, package, _ = rendered
    result = run_pytest(package / "tests", root)
    assert result.returncode == 0, result.stdout + result.stderr
    text = (package / "tests" / "test_outlookuser_supportedtimezones.py").read_text()
    assert 'time_zone_standard="Iana"' in text  # the example's member, without type and quotes
