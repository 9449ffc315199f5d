"""Examples -> tests: placeholders, URL matching, and the generator's strict check agreeing with
the generated runtime's strict decoding (so an xfail(strict=True) test really fails). Simple
values have one rule only, the runtime's codec, which the checker asks
(:mod:`docgen.render.runtime`); objects are walked over the class plans, and the property test
below holds that walk to the generated package's ``from_dict``."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from render_helpers import import_package, render_to
from test_generated_runtime import model

from docgen.render.checker import Checker
from docgen.render.example_urls import other_host, split_url
from docgen.render.models import Registry, plan_classes
from docgen.render.runtime import runtime


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    m = model()
    reg = Registry.build(m)
    plans, _ = plan_classes(reg)
    checker = Checker.build(reg, plans)
    root = tmp_path_factory.mktemp("mirror")
    render_to(m, root, "mirrorpkg")
    import_package(root, "mirrorpkg")
    import mirrorpkg._runtime as rt

    return checker, rt


def test_placeholders_become_typed_samples(both):
    checker, _ = both
    filled = checker.fill(
        {
            "count": "Integer",
            "when": "String (timestamp)",
            "flag": "Boolean",
            "key": "Guid",
            "shade": "String",
            "id": "String",
            "children": "String collection-value",
            "raw": "String",
        },
        "ref:item:Item",
    )
    assert filled == {
        "count": 1,
        "when": "2024-01-02T03:04:05Z",
        "flag": True,
        "key": "00000000-0000-0000-0000-000000000001",
        "shade": "light",
        "id": "String",  # a string stays a string
        "children": "String collection-value",  # not a placeholder word: left, and flagged by check
        "raw": "String",  # untyped JSON keeps what it has
    }


def test_urls_split_and_foreign_hosts_recognised():
    assert split_url(
        "https://graph.microsoft.com/v1.0/me/items?$top=2&$filter=a%20eq%20'b'"
    ) == (
        "/me/items",
        [("$top", "2"), ("$filter", "a eq 'b'")],
    )
    assert split_url("/beta/me")[0] == "/me"
    assert split_url("me/items")[0] == "/me/items"
    assert other_host("https://bot.contoso.com/api/calls") == "bot.contoso.com"
    assert other_host("https://graph.microsoft.com/v1.0/me") is None
    assert other_host("/me/items") is None


leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(
        [
            "2021-01-01T00:00:00Z",
            "2021-13-01T00:00:00Z",
            "2021-01-01",
            "25:00:00",
            "10:00:00",
            "PT1H",
            "P",
            "P99999999999D",
            "2021-01-01T00:00:00+24:00",
            "light",
            "LIGHT",
            "neon",
            "read,write",
            "AAEC",
            "A",
            "0d7d5a7a-0000-4000-8000-000000000001",
            "NaN",
        ]
    ),
)
values = st.recursive(
    leaves,
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(
        st.sampled_from(
            [
                "id",
                "count",
                "ratio",
                "flag",
                "when",
                "day",
                "at",
                "span",
                "key",
                "blob",
                "raw",
                "tags",
                "shade",
                "shades",
                "children",
                "extra",
                "@odata.type",
                "x@odata.bind",
                "bogus",
            ]
        ),
        inner,
        max_size=5,
    ),
    max_leaves=12,
)


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    value=values,
    odata=st.sampled_from(
        [
            None,
            "#microsoft.graph.specialItem",
            "#MICROSOFT.GRAPH.ITEM",
            "#other.x",
            "specialItem",
        ]
    ),
)
def test_generator_check_agrees_with_runtime_strict_decoding(both, value, odata):
    checker, rt = both
    if isinstance(value, dict) and odata:
        value = dict(value, **{"@odata.type": odata})
    for spec in (
        "ref:item:Item",
        "list:ref:item:Item",
        "ref:shade:Shade",
        "ref:perms:Perms",
        "datetime",
        "duration",
        "bytes",
        "float",
        "date",
        "time",
        "guid",
        "int",
        "bool",
        "str",
        "decimal",
        "json",
    ):
        problems: list[str] = []
        checker.check(value, spec, "$", problems)
        try:
            rt.codec(spec).load(value, True, "$")
            runtime_ok = True
        except (ValueError, OverflowError):  # DecodeError, or a check that raises
            runtime_ok = False
        assert runtime_ok == (not problems), (spec, value, problems)


def test_the_checker_asks_the_runtimes_own_codec(both, monkeypatch):
    """One rule for a simple value: change the packaged runtime's codec and the generator's
    verdict follows (a copy of the rule kept in the generator would not)."""
    checker, _ = both
    problems: list[str] = []
    checker.check({"day": "2024-01-02"}, "ref:item:Item", "$", problems)
    assert problems == []
    date_codec = type(runtime().codec("date"))
    monkeypatch.setattr(date_codec, "check", lambda self, value: value == "someday")
    checker.check({"day": "2024-01-02"}, "ref:item:Item", "$", problems)
    assert problems == ['$.day: expected date, got "2024-01-02"']
    problems.clear()
    checker.check({"day": "someday"}, "ref:item:Item", "$", problems)
    assert problems == []


def test_a_value_the_runtime_cannot_hold_is_flagged(both):
    """A value whose check raises in the runtime (no ``timedelta`` that long, no offset of a
    whole day) fails its strict decoding, so the checker flags it."""
    checker, rt = both
    for spec, value in (
        ("duration", "P99999999999D"),
        ("datetime", "2021-01-01T00:00:00+24:00"),
    ):
        problems: list[str] = []
        checker.check(value, spec, "$", problems)
        assert problems == [f'$: expected {spec}, got "{value}"']
        with pytest.raises((ValueError, OverflowError)):
            rt.codec(spec).load(value, True, "$")
