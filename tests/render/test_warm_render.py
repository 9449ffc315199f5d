"""What a warm render reads instead of working out again (issue 18), each checked against the
long way: the navigation tree's flat columns, the stored views and answers of the whole tree (a
stale or damaged stored piece is never trusted); and the suspicious-text warnings of every kind
of doc text (a shortcut searching them together was tried and was slower, and so was storing
the warnings by the stand-ins of every type and operation, which every edit changes: not kept)."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from docgen.diagnostics import Location, warning
from docgen.model.core import EnumMember, Example, Model, Operation, Property, TypeDef
from docgen.pipeline.plain import dumps, loads
from docgen.render import stored_tree
from docgen.render.escaping import BIDI_CONTROLS, suspicious
from docgen.render.verify import suspicious_text
from docgen.resolve.navigation import Endpoint, Navigation, Node, Param

_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=6)
_location = st.builds(Location, _text, st.integers(1, 500), st.integers(1, 80))
_endpoint = st.builds(Endpoint, st.sampled_from(["GET", "POST", "PATCH"]), _text, _text, _location)
_param = st.builds(Param, _text, st.booleans(), st.booleans(), _text, _text)


@st.composite
def _trees(draw: st.DrawFn) -> Navigation:
    count = draw(st.integers(1, 8))
    nodes = []
    for i in range(count):
        parent = None if i == 0 else draw(st.integers(0, count - 1))
        children = tuple(draw(st.lists(st.integers(1, count - 1), max_size=3))) if count > 1 else ()
        nodes.append(Node(
            i, draw(st.sampled_from(["root", "segment", "key", "function", "cast"])), draw(_text), parent, children,
            tuple(draw(st.lists(_endpoint, max_size=3))), tuple(draw(st.lists(_param, max_size=3))),
            draw(st.booleans()), tuple(draw(st.lists(_text, max_size=2))),
        ))
    diagnostics = tuple(warning("x", m, Location("p.md", 1, 1)) for m in draw(st.lists(_text, max_size=2)))
    functions = frozenset(draw(st.lists(st.tuples(st.integers(0, count - 1), _text), max_size=3)))
    return Navigation(tuple(nodes), diagnostics, functions)


@settings(max_examples=200, deadline=None)
@given(_trees())
def test_a_tree_of_every_shape_comes_back_from_its_flat_columns(nav: Navigation) -> None:
    stored = loads(dumps(stored_tree.navigation_plain(nav)))
    back = stored_tree.navigation_of(stored)
    assert back == nav
    assert back is not None and all(type(n) is Node for n in back.nodes)
    assert [type(e.line) for n in back.nodes for e in n.endpoints] == [Location] * sum(len(n.endpoints) for n in nav.nodes)


def _model(**texts: str) -> Model:
    at = Location("p.md", 3, 1)
    prop = Property(name="p", type="Edm.String", collection=False, description=texts.get("property", ""), location=at)
    member = EnumMember(name="m", description=texts.get("member", ""), location=at)
    thing = TypeDef(name="thing", namespace="microsoft.graph", kind="entity", description=texts.get("type", ""),
                    properties=(prop,), location=at)
    color = TypeDef(name="color", namespace="microsoft.graph", kind="enum", members=(member,), location=at)
    example = Example(kind="request", name="ex", body_text=texts.get("body", "{}"), location=at, url=texts.get("url"))
    op = Operation(name="get thing", title="Get thing", description=texts.get("operation", ""), location=at,
                   examples=(example,))
    return Model(types=(thing, color), operations=(op,))


def _scanned(model: Model) -> list[str]:
    """What a scan of every text one by one finds (the long way)."""
    texts = [t.name + t.description for t in model.types]
    texts += [p.name + p.description for t in model.types for p in t.properties]
    texts += [m.name + m.description for t in model.types for m in t.members]
    texts += [o.title + o.description for o in model.operations]
    texts += [e.body_text + (e.url or "") for o in model.operations for e in o.examples]
    return [name for text in texts for name in suspicious(text)]


def test_suspicious_text_finds_a_bidi_control_or_nul_in_every_kind_of_text() -> None:
    assert suspicious_text(_model()) == [] and _scanned(_model()) == []
    for where in ("type", "property", "member", "operation", "body", "url"):
        for bad in ("\x00", *sorted(BIDI_CONTROLS)):
            model = _model(**{where: f"a{bad}b"})
            found = suspicious_text(model)
            assert len(found) == 1 and found[0].code == "suspicious-text", (where, bad)
            assert _scanned(model) and all(name in found[0].message for name in _scanned(model))


def test_a_node_s_own_fields_digest_holds_every_field_of_a_parameter() -> None:
    """answered._node_fields flattens a Param field by field: a field added to Param must be
    added there too."""
    import dataclasses

    from docgen.render.answered import _node_fields

    assert [f.name for f in dataclasses.fields(Param)] == ["name", "quoted", "required", "type", "enum"]
    node = Node(1, "function", "f", 0, (), (), (Param("a", True, False),), False, ("id",))
    seen = {_node_fields(node)}
    for changed in (replace(node, params=(Param("a", True, False, enum="microsoft.graph.e"),)),
                    replace(node, params=(Param("a", True, False, type="Edm.Int32"),)),
                    replace(node, params=(Param("a", False, False),)), replace(node, params=()),
                    replace(node, placeholders=()), replace(node, bare=True), replace(node, wire="g")):
        seen.add(_node_fields(changed))
    assert len(seen) == 8
    assert _node_fields(replace(node, id=5, parent=3, children=(7,))) == _node_fields(node)  # not its place


def test_the_objects_found_clean_are_skipped_and_nothing_else(tmp_path) -> None:
    """recalled_suspicious skips a type or operation whose stand-in a render found clean; one
    holding a bidi control is scanned every time, an edited one again; a damaged memory is not
    read. Each answer is suspicious_text's."""
    from docgen.pipeline import render_jobs
    from docgen.pipeline.cache import Cache
    from docgen.pipeline.render_jobs import PoolRunner
    from docgen.render import verify

    job_cache = render_jobs.JobCache(Cache(tmp_path / "cache"), "context")
    runner = PoolRunner(1, job_cache)
    scanned: list[str] = []
    real = verify.escaping.suspicious

    def counted(text: str) -> list[str]:
        scanned.append(text)
        return real(text)

    def warnings(model: Model) -> list:
        types = runner.keys([("type", t) for t in model.types])()
        ops = runner.keys([("operation", o) for o in model.operations])()
        scanned.clear()
        found = verify.recalled_suspicious(model, runner, types, ops)
        runner.run([], lambda: None)  # what it asked to remember is stored once the jobs have run
        count = len(scanned)
        assert found == suspicious_text(model)
        del scanned[count:]
        return found

    verify.escaping.suspicious = counted
    try:
        clean, bidi = _model(), _model(property="a\u202eb")
        assert warnings(clean) == [] and len(scanned) == 6  # type, property, enum, member, operation, example
        assert warnings(clean) == [] and scanned == []  # every object found clean before
        assert len(warnings(bidi)) == 1 and scanned == ["thing", "pa\u202eb"]  # the edited type only
        assert len(warnings(bidi)) == 1 and len(scanned) == 2  # never remembered clean
        runner.job_cache.cache.put("suspicious-clean", job_cache.key("suspicious-clean"), ("x", 1))  # type: ignore[union-attr]
        assert warnings(clean) == [] and len(scanned) == 6  # not a memory: every object scanned
    finally:
        verify.escaping.suspicious = real
