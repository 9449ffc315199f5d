"""Every shape the templates lay out (docgen.render.layout) at lengths either side of black's line
limit: a file the fast path keeps (``black_could_change`` false) is exactly what black writes,
and the usual lengths do keep it (black is not called)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from docgen.render import layout
from docgen.render.formatting import black_could_change, format_python

NAME = st.integers(1, 95).map(lambda n: ("n" * n)[:n]).map(lambda s: "N" + s)
SNAKE = st.integers(1, 60).flatmap(lambda n: st.just("a_b" * (n // 3) + "c" * (n % 3 + 1)))
TEXT = st.text(alphabet=st.sampled_from("abc-{}|@:=0123456789"), min_size=0, max_size=110)


def _nest(indent: int, body: str) -> str:
    """``body`` (already indented) inside enough ``def``s to be valid at ``indent``."""
    return "".join(f"{' ' * n}def f{n}():\n" for n in range(0, indent, 4)) + body + "\n"


def _kept_means_black(text: str) -> bool:
    """The fast path's promise: a file it keeps is black's output (one it sends may be anything)."""
    return black_could_change(text) or format_python(text) == text


@settings(max_examples=300, deadline=None)
@given(st.sampled_from([4, 8]), NAME, TEXT)
def test_return_builder_call(indent, cls, segment):
    args = ["self._session", f'self._path + "/{segment}"' if segment else "self._path + path"]
    text = _nest(indent, layout.returned(indent, "return ", cls, args))
    assert _kept_means_black(text)


ANNOTATION = st.tuples(NAME, st.booleans()).map(
    lambda p: f"{p[0]} | dict[str, _typing.Any] | None" if p[1] else f"{p[0]} | None"
)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from([4, 8]), SNAKE, ANNOTATION, st.sampled_from(["None", "_rt.UNSET", '"x"']))
def test_signature_parameter(indent, name, annotation, default):
    pad = " " * indent
    line = layout.signature_parameter(indent + 4, f"{name}: {annotation} = {default}")
    text = _nest(indent, f"{pad}def method(\n{pad}    self,\n{line}\n{pad}) -> None:\n{pad}    pass")
    assert _kept_means_black(text)


@settings(max_examples=200, deadline=None)
@given(NAME, st.sampled_from(["Builder", "AsyncBuilder"]))
def test_class_line(cls, base):
    text = layout.call(0, "class " + cls, ["_base." + base], ":") + '\n    """Doc."""\n'
    assert _kept_means_black(text)


@settings(max_examples=200, deadline=None)
@given(SNAKE, NAME)
def test_property_signature(name, target):
    text = "class C:\n" + layout.call(4, "def " + name, ["self"], f" -> {target}:", True) + "\n        pass\n"
    assert _kept_means_black(text)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from([0, 4, 8]), SNAKE, NAME, st.booleans())
def test_import_from(indent, module, name, alias):
    imported = f"{name} as {name}" if alias else name
    text = _nest(indent, layout.import_from(indent, "." + module, imported))
    assert _kept_means_black(text)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from([0, 4]), TEXT)
def test_keyword_call_argument(pad, spec):
    line = layout.keyword(8 + pad, "body", f'support.body(body, "{spec}")', ("call", "support.body", ["body", f'"{spec}"']))
    text = _nest(4 + pad, f"{' ' * (4 + pad)}call = builder.request_post(\n{line}\n{' ' * (4 + pad)})")
    assert _kept_means_black(text)


LINK = st.one_of(
    SNAKE,
    SNAKE.map(lambda s: s + "()"),
    st.tuples(SNAKE, TEXT).map(lambda p: f'{p[0]}("{p[1]}")'),
    st.tuples(SNAKE, TEXT).map(lambda p: f'{p[0]}(on="{p[1]}")'),
    TEXT.map(lambda t: f'by_id("{t}")'),
    st.tuples(SNAKE, TEXT, TEXT).map(lambda p: f'{p[0]}(start="{p[1]}", end="{p[2]}")'),
)


@settings(max_examples=600, deadline=None)
@given(st.sampled_from([4, 8]), st.lists(LINK, min_size=1, max_size=7), st.sampled_from(["client", "client.me"]))
def test_builder_chains(indent, links, root):
    expr = ".".join([root, *links])
    text = _nest(indent, layout.chain(indent, "builder", expr))
    assert _kept_means_black(text)


def test_corpus_shaped_lines_skip_black():
    """The lines that sent 2,298 of 5,717 v1.0 files through black are now black's layout already."""
    chain = (
        'client.identity_governance.access_reviews.definitions.by_id("e6cafba0-cbf0-4748-8868-0810c7f4cc06")'
        '.instances.by_id("1234fba0-cbf0-5678-8868-0810c7f91006").accept_recommendations()'
    )
    files = [
        _nest(4, layout.chain(4, "builder", chain)),
        _nest(4, layout.chain(4, "builder", 'client.communications.calls.by_id("57DAB8B1894C409AB240BD8BEAE78896").answer()')),
        _nest(8, layout.returned(8, "return ", "AppCatalogsTeamsAppsItemAppDefinitionsRequests", ["self._session", 'self._path + "/appDefinitions"'])),
        _nest(8, layout.returned(8, "return ", "AsyncDeviceAppManagementAndroidManagedAppProtectionsItemAssignmentsRequests", ["self._session", 'self._path + "/assignments"'])),
        _nest(4, layout.chain(4, "builder", 'client.device_management.device_compliance_policy_setting_state_summaries.by_id("{deviceCompliancePolicySettingStateSummaryId}").device_compliance_setting_states')),
        "class A:\n    def f(\n        self,\n" + layout.signature_parameter(8, "body: WindowsInformationProtectionAppLockerFile | dict[str, _typing.Any] | None = None") + "\n    ) -> None:\n        pass\n",
        _nest(8, layout.import_from(8, ".app_catalogs_teams_apps_item_app_definitions", "AppCatalogsTeamsAppsItemAppDefinitionsRequests")),
        layout.call(0, "class AsyncCommunicationsCallsLogTeleconferenceDeviceQualityRequests", ["_base.AsyncBuilder"], ":") + "\n    pass\n",
    ]
    for text in files:
        assert max(len(line) for line in text.splitlines()) <= 88
        assert not black_could_change(text)
        assert format_python(text) == text


ITEM = st.tuples(SNAKE, st.booleans()).map(lambda p: f'("{p[0]}", {p[0]}, {p[1]})')


@settings(max_examples=200, deadline=None)
@given(st.lists(ITEM, min_size=1, max_size=4))
def test_list_argument(items):
    line = layout.argument(12, "[" + ", ".join(items) + "]")
    text = f'def f():\n    def g():\n        path = _base.function(\n            "name",\n{line}\n            False,\n        )\n'
    assert _kept_means_black(text)


LONG = "x" * 90
KEPT_LONG_HEADS = {
    "split class": f"class C{LONG}(\n    _base.Builder\n):\n    pass\n",
    "split import": f"def f():\n    from .m{LONG} import (\n        Name,\n    )\n",
    "wrapped return annotation": f"def test_{LONG}() -> (\n    None\n):\n    pass\n",
    "empty call alone in parentheses": f"def f():\n    builder = (\n        client.{LONG}()\n    )\n",
    "return head parentheses cannot help": f"def f():\n    return C{LONG}(\n        self._session, path\n    )\n",
    "assignment head parentheses cannot help": f"def f():\n    builder = client.{LONG}(\n        on=\"x\"\n    )\n",
}


def test_long_heads_black_keeps_skip_black():
    for name, text in KEPT_LONG_HEADS.items():
        assert format_python(text) == text, name  # black itself leaves the file alone
        assert not black_could_change(text), name


@settings(max_examples=200, deadline=None)
@given(st.sampled_from([0, 4]), st.lists(st.tuples(TEXT, TEXT), min_size=1, max_size=3))
def test_keyword_dict_argument(pad, items):
    pairs = [(f'"{k}"', f'"{v}"') for k, v in items]
    value = "{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}"
    line = layout.keyword(8 + pad, "headers", value, ("dict", pairs))
    text = _nest(4 + pad, f"{' ' * (4 + pad)}call = builder.request_patch(\n{line}\n{' ' * (4 + pad)})")
    assert _kept_means_black(text)


@settings(max_examples=200, deadline=None)
@given(SNAKE, NAME, TEXT)
def test_annotated_field(name, annotation, value):
    text = "class C:\n" + layout.annotated(4, name, f"{annotation} | None", f'"{value}"') + "\n"
    assert _kept_means_black(text)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from([0, 4]), SNAKE, TEXT)
def test_assign(indent, name, value):
    text = _nest(indent, layout.assign(indent, name, f'"{value}"'))
    assert _kept_means_black(text)
