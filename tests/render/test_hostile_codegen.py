"""Hostile doc text through the generator: no injection, names safe, every module as intended.

Cases come from tests/fixtures/hostile/codegen_cases.json; each lands in the generated package
and is read back with ``ast``: the text round-trips through ``ast.get_docstring`` /
``ast.literal_eval`` and no statement beyond the intended ones exists.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from render_helpers import import_package, run_pytest, write_package

from docgen.diagnostics import Location
from docgen.model.core import (
    EnumMember,
    Example,
    Header,
    Model,
    Operation,
    Property,
    RequestBody,
    RequestLine,
    Response,
    TypeDef,
)
from docgen.render import escaping
from docgen.render.ast_check import check_module
from docgen.render.package import RenderOptions, render_package

CASES = json.loads(
    (Path(__file__).resolve().parents[1] / "fixtures" / "hostile" / "codegen_cases.json").read_text(
        encoding="utf-8"
    )
)
PAGE = "docs/hostile.md"


def at(line: int) -> Location:
    return Location(PAGE, line, 1)


def hostile_model() -> Model:
    descriptions = CASES["descriptions"]
    props = tuple(
        Property(
            name,
            "Edm.String",
            False,
            at(10 + i),
            description=descriptions[i % len(descriptions)],
        )
        for i, name in enumerate(CASES["property_names"])
    )
    thing = TypeDef(
        "thing",
        "microsoft.graph",
        "entity",
        at(5),
        description=descriptions[0],
        properties=props,
    )
    members = tuple(
        EnumMember(m, at(40 + i), description=descriptions[i % len(descriptions)])
        for i, m in enumerate(CASES["enum_members"])
    )
    color = TypeDef(
        "color",
        "microsoft.graph",
        "enum",
        at(40),
        description=descriptions[2],
        members=members,
    )
    odd = tuple(
        TypeDef(
            name,
            "microsoft.graph",
            "complex",
            at(60 + i),
            description=descriptions[i % len(descriptions)],
        )
        for i, name in enumerate(CASES["type_names"])
    )
    headers = tuple(
        Header(h, at(70 + i), "Required.", True)
        for i, h in enumerate(CASES["header_names"])
    )
    example_body = {name or "empty": "String" for name in CASES["property_names"][:4]}
    op = Operation(
        'update-thing"); import os; ("',
        descriptions[0],
        at(1),
        method="PATCH",
        request_lines=tuple(
            RequestLine("PATCH", p, at(20 + i)) for i, p in enumerate(CASES["paths"])
        ),
        description=descriptions[6],
        headers=headers
        + (Header("Authorization", at(72), "Bearer {token}. Required.", True),),
        request_body=RequestBody(at(30), "microsoft.graph.thing"),
        response=Response(at(35), 200, "microsoft.graph.thing"),
        examples=(
            Example(
                "request",
                descriptions[3],
                at(80),
                method="PATCH",
                url="/things/a%40b.com/items('it''s')",
                body_text=json.dumps(example_body),
                body=example_body,
            ),
            Example(
                "response",
                descriptions[3],
                at(90),
                status=200,
                body_text=json.dumps(example_body),
                body=example_body,
            ),
        ),
    )
    types = tuple(sorted((thing, color, *odd), key=lambda t: t.qualified_name))
    return Model(types=types, operations=(op,))


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    files, diags = render_package(hostile_model(), RenderOptions(package="hostilepkg"))
    root = tmp_path_factory.mktemp("hostile")
    folder = write_package(files, root, "hostilepkg")
    return files, diags, root, folder


def test_no_errors_and_the_expected_warnings(rendered):
    files, diags, _, _ = rendered
    assert not [d.format() for d in diags if d.severity.label == "error"]
    codes = {d.code for d in diags}
    assert {"name-clash", "duplicate-member", "suspicious-text", "bad-header"} <= codes
    clash = [d.message for d in diags if d.code == "name-clash"]
    assert any("'_id'" in m and "'id'" in m for m in clash)  # names both wire names
    assert any("'user-name'" in m and "'user_name'" in m for m in clash)
    assert any(
        "'unknownFutureValue' listed twice" in d.message
        for d in diags
        if d.code == "duplicate-member"
    )
    bidi = [d for d in diags if d.code == "suspicious-text"]
    assert any("RIGHT-TO-LEFT OVERRIDE" in d.message for d in bidi) and any(
        "NUL" in d.message for d in bidi
    )
    assert all(d.location.path == PAGE for d in diags)


def test_paths_are_sanitized(rendered):
    files, _, _, _ = rendered
    for path in files:
        parts = path.split("/")
        assert (
            ".." not in parts
            and not path.startswith("/")
            and "\\" not in path
            and ":" not in path
        )
        assert all(
            p.replace(".py", "").replace("_", "").isalnum()
            or p in ("__init__.py", "_runtime.py", "pyproject.toml", "README.md", "py.typed")
            for p in parts
        )


def test_every_module_holds_only_intended_statements(rendered):
    files, _, _, _ = rendered
    allowed = (
        ast.Import,
        ast.ImportFrom,
        ast.ClassDef,
        ast.FunctionDef,
        ast.Assign,
        ast.AnnAssign,
        ast.If,
        ast.Expr,
    )
    for path, text in files.items():
        if not path.endswith(".py"):
            continue
        tree = ast.parse(text)
        for node in tree.body:
            assert isinstance(node, allowed), (path, ast.dump(node)[:80])
            if isinstance(node, ast.Expr):
                assert isinstance(node.value, ast.Constant) and isinstance(
                    node.value.value, str
                ), path
            if isinstance(node, ast.If):
                assert all(
                    isinstance(n, (ast.Import, ast.ImportFrom)) for n in node.body
                ), path
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                assert node.func.attr != "system", path


def _class(files: dict[str, str], path: str) -> ast.ClassDef:
    tree = ast.parse(files[path])
    return next(n for n in tree.body if isinstance(n, ast.ClassDef))


def test_descriptions_round_trip_through_docstrings(rendered):
    files, _, _, _ = rendered
    cls = _class(files, "models/thing.py")
    assert ast.get_docstring(cls).split("\n\n")[0] == escaping.clean_text(
        CASES["descriptions"][0]
    )
    docs = [
        n.value.value
        for prev, n in zip(cls.body, cls.body[1:])
        if isinstance(prev, ast.AnnAssign) and isinstance(n, ast.Expr)
    ]
    expected = [escaping.clean_text(d) for d in CASES["descriptions"]]
    assert len(docs) == len(CASES["property_names"])
    for doc in docs:
        assert doc.split("\n\n")[0] in expected
    text = files["models/thing.py"]
    for ch in ("\x00", "\u202e", "\u2028", "\r"):
        assert ch not in text
    assert "{{7*7}}" in text  # not rendered by Jinja


def test_wire_names_round_trip_through_literals(rendered):
    files, _, _, _ = rendered
    cls = _class(files, "models/thing.py")
    table = next(
        n for n in cls.body if isinstance(n, ast.AnnAssign) and n.target.id == "_wire_"
    )
    wires = {ast.literal_eval(v).rpartition(" ")[0] for v in table.value.values}
    assert wires == set(CASES["property_names"])
    fields = [
        n.target.id
        for n in cls.body
        if isinstance(n, ast.AnnAssign)
        and n.target.id != "_wire_"
        and not n.target.id.startswith("_")
    ]
    assert len(fields) == len(set(fields)) == len(CASES["property_names"])
    assert {
        "class_",
        "class_2",
        "match_",
        "case_",
        "type_",
        "id_",
        "id_2",
        "user_name",
        "user_name_2",
        "field",
        "to_dict_",
    } <= set(fields)


def test_enum_members_merged_and_values_round_trip(rendered):
    files, _, _, _ = rendered
    cls = _class(files, "models/color.py")
    assigns = [n for n in cls.body if isinstance(n, ast.Assign)]
    names = [n.targets[0].id for n in assigns]
    values = [ast.literal_eval(n.value) for n in assigns]
    assert sorted(values) == sorted(set(CASES["enum_members"]))
    assert len(names) == len(set(names)) and not any(n.startswith("_") for n in names)


def test_generated_package_imports_and_behaves(rendered):
    _, _, root, _ = rendered
    import_package(root, "hostilepkg")
    from hostilepkg.models import Color, Thing

    assert Color("unknownFutureValue") is Color.UNKNOWN_FUTURE_VALUE
    assert Color("brand-new").member is Color.UNKNOWN_FUTURE_VALUE
    data = {
        "class": "c",
        "\U0001d41class": "bold",
        "_id": "x",
        "id": "y",
        "user-name": "u",
        "user_name": "v",
    }
    thing = Thing.from_dict(data)
    assert (thing.class_, thing.class_2, thing.id_, thing.id_2) == (
        "c",
        "bold",
        "y",
        "x",
    )
    assert thing.to_dict() == data


def test_header_injection_is_refused_and_paths_are_parameters(rendered):
    files, _, root, _ = rendered
    builders = [t for p, t in files.items() if p.startswith("requests/")]
    assert builders and not any("Injected" in t for t in builders)
    import_package(root, "hostilepkg")
    from hostilepkg import Client

    client = Client("t")
    # items('{name}') is the key syntax of /items/{name}: one by_id, the value percent-encoded
    request = client.things.by_id("a/b?c").items.by_id("it's").request_patch(
        {}, good_header="g"
    ).request
    assert request.url.endswith("/things/a%2Fb%3Fc/items/it%27s")
    request2 = client.drive.root.by_path("dir/file name.txt").content.request_patch(
        {}, good_header="g"
    ).request
    assert "/drive/root:/dir/file%20name.txt:/content" in request2.url


def test_generated_tests_run(rendered):
    _, _, root, folder = rendered
    result = run_pytest(folder / "tests", root)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ast_check_catches_injected_statements():
    clean = '"""Doc."""\n\nfrom __future__ import annotations\n\nimport typing as _typing\n\n\nclass Thing:\n    """x"""\n\n    a: int = 1\n'
    assert check_module(clean, "model", {"Thing"}) == []
    assert check_module(clean + "\n__import__('os').system('x')\n", "model", {"Thing"})
    assert check_module(clean + "\n\ndef evil():\n    pass\n", "model", {"Thing"})
    assert check_module(
        clean.replace("    a: int = 1\n", "    a: int = 1\n    print('x')\n"),
        "model",
        {"Thing"},
    )
    assert check_module(clean + "\nif True:\n    import os\n", "model", {"Thing"})
    assert check_module("x = (\n", "model", {"Thing"})


HOSTILE_PAGE = (
    Path(__file__).resolve().parents[1]
    / "fixtures"
    / "hostile"
    / "hostile-learningassignment-update.md"
)


def test_hostile_page_end_to_end(tmp_path):
    """The hostile page through the real parser: warnings, no errors, safe code, tests that run."""
    from docgen.extract.dispatch import extract_page
    from docgen.read.source import decode_source
    from docgen.resolve.join import resolve

    src, read_diags = decode_source(
        HOSTILE_PAGE.read_bytes(), "hostile/hostile-learningassignment-update.md"
    )
    model = resolve([extract_page(src)])
    files, diags = render_package(model, RenderOptions(package="hostilepage"))
    assert not [d.format() for d in diags if d.severity.label == "error"]
    codes = {d.code for d in (*read_diags, *model.diagnostics, *diags)}
    assert codes & {
        "suspicious-text",
        "bidi-control",
    }  # the bidi override: removed or escaped, warned
    for path, text in files.items():
        if not path.endswith(".py"):
            continue
        assert check_module(text, "any", set()) == [], path
        assert "\u202e" not in text and "\x00" not in text
    model_text = files["models/learning_assignment.py"]
    tree = ast.parse(model_text)
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef))
    table = next(
        n for n in cls.body if isinstance(n, ast.AnnAssign) and n.target.id == "_wire_"
    )
    wires = {ast.literal_eval(v).rpartition(" ")[0] for v in table.value.values}
    declared = next(t for t in model.types if t.name == "learningAssignment")
    assert (
        wires == {p.name for p in declared.properties} and {"class", "match"} <= wires
    )
    docs = [n.value.value for n in cls.body if isinstance(n, ast.Expr)]
    assert any(
        d.startswith('Closes """ the docstring \\ and {{7*7}} and ') for d in docs
    )
    enum_type = next(t for t in model.types if t.name == "assignmentType")
    enum_text = next(
        v for k, v in files.items() if k.startswith("models/assignment_type")
    )
    values = [
        ast.literal_eval(n.value)
        for n in ast.walk(ast.parse(enum_text))
        if isinstance(n, ast.Assign)
    ]
    assert sorted(values) == sorted({m.name for m in enum_type.members})
    folder = write_package(files, tmp_path, "hostilepage")
    result = run_pytest(folder / "tests", tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
