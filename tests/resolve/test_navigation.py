"""The navigation tree (docgen/resolve/navigation.py) from request lines: key syntaxes, alternate
keys, $value/$count/$ref, functions with parameters, casts, duplicate path+method, and the
Python names render gives the nodes (docgen/render/navigation.py)."""

from __future__ import annotations

from docgen.diagnostics import Location
from docgen.model.core import Example, Model, Operation, Property, RequestLine, TypeDef
from docgen.render.navigation import display, name_nodes
from docgen.resolve.navigation import build_navigation, locate, parse_path


def _op(page: str, title: str, *lines: str, params=(), examples=()) -> Operation:
    request_lines = []
    for i, text in enumerate(lines):
        method, _, path = text.partition(" ")
        request_lines.append(RequestLine(method, path, Location(page, 20 + i)))
    return Operation(
        name=page.rsplit("/", 1)[-1].removesuffix(".md").replace("-", "_"),
        title=title,
        location=Location(page, 1),
        method=request_lines[0].method,
        request_lines=tuple(request_lines),
        parameters=tuple(
            Property(n, t, False, Location(page, 30)) for n, t in params
        ),
        examples=tuple(examples),
    )


def _model(*ops: Operation, types=()) -> Model:
    return Model(
        types=tuple(TypeDef(t, "microsoft.graph", "entity", Location("r.md")) for t in types),
        operations=tuple(ops),
    )


def _walk(nav, path):
    found = locate(nav, path)
    assert found is not None, path
    return [n for n, _ in found]


def test_key_syntaxes_are_one_node():
    nav = build_navigation(
        _model(
            _op("api/user-get.md", "Get user", "GET /users/{id | userPrincipalName}"),
            _op("api/user-update.md", "Update user", "PATCH /users('{user-id}')"),
            _op("api/user-delete.md", "Delete user", "DELETE /users/{userId}"),
        )
    )
    users = nav.child(0, "segment", "users")
    assert users is not None
    keys = [c for c in nav.nodes[users].children if nav.nodes[c].kind == "key"]
    assert len(keys) == 1
    key = nav.nodes[keys[0]]
    assert [e.method for e in key.endpoints] == ["GET", "PATCH", "DELETE"]
    # pages in path order: user-delete, user-get, user-update
    assert key.placeholders == ("userId", "id | userPrincipalName", "user-id")
    names, diags = name_nodes(nav)
    assert names.accessors[key.id] == "by_id"
    assert names.modules[key.id] == "users_item"
    assert diags == []


def test_alternate_key_gets_its_own_by_method():
    nav = build_navigation(
        _model(
            _op("api/application-get.md", "Get application",
                "GET /applications/{application-id}",
                "GET /applications(appId='{appId}')"),
        )
    )
    names, _ = name_nodes(nav)
    apps = nav.child(0, "segment", "applications")
    alt = nav.child(apps, "alt", "appId")
    key = nav.child(apps, "key")
    assert alt is not None and key is not None and alt != key
    assert names.accessors[alt] == "by_app_id"
    assert names.accessors[key] == "by_id"
    assert [e.method for e in nav.nodes[alt].endpoints] == ["GET"]
    assert display(nav, alt) == "/applications(appId='{appId}')"
    # the example URL form reaches the same node
    assert _walk(nav, "/applications(appId='abc')")[-1].id == alt


def test_dollar_segments_and_casts():
    nav = build_navigation(
        _model(
            _op("api/profilephoto-get.md", "Get photo", "GET /me/photo/$value"),
            _op("api/user-count.md", "Count users", "GET /users/$count"),
            _op("api/group-post-members.md", "Add member", "POST /groups/{id}/members/$ref"),
            _op("api/group-list-users.md", "List user members",
                "GET /groups/{id}/members/microsoft.graph.user"),
            types=["user"],
        )
    )
    names, _ = name_nodes(nav)
    photo = _walk(nav, "/me/photo/$value")
    assert [names.accessors[n.id] for n in photo] == ["me", "photo", "content"]
    count = _walk(nav, "/users/$count")
    assert names.accessors[count[-1].id] == "count"
    ref = _walk(nav, "/groups/g1/members/$ref")
    assert [names.accessors[n.id] for n in ref] == ["groups", "by_id", "members", "ref"]
    assert [e.method for e in ref[-1].endpoints] == ["POST"]
    cast = _walk(nav, "/groups/g1/members/microsoft.graph.user")[-1]
    assert cast.kind == "cast" and names.accessors[cast.id] == "as_user"


def test_functions_take_their_parameters():
    delta_example = Example(
        "request", "delta", Location("api/driveitem-delta.md", 60), method="GET",
        url="https://graph.microsoft.com/v1.0/me/drive/root/delta(token='1230919asd190410jlka')",
    )
    nav = build_navigation(
        _model(
            _op("api/driveitem-delta.md", "Track changes", "GET /me/drive/root/delta",
                params=[("token", "Edm.String")], examples=[delta_example]),
            _op("api/reportroot-getemailactivitycounts.md", "getEmailActivityCounts",
                "GET /reports/getEmailActivityCounts(period='{period_value}')"),
            _op("api/range-cell.md", "Range: Cell",
                "GET /me/drive/items/{id}/workbook/worksheets/{id|name}/range(address='{address}')/cell(row={row},column={column})"),
            _op("api/calendar-getschedule.md", "calendar: getSchedule",
                "POST /me/calendar/getSchedule"),
            _op("api/user-assignlicense.md", "user: assignLicense",
                "POST /users/{id | userPrincipalName}/assignLicense"),
        )
    )
    names, _ = name_nodes(nav)
    delta = _walk(nav, "/me/drive/root/delta")[-1]
    assert delta.kind == "function" and delta.bare
    assert [(p.name, p.required, p.quoted) for p in delta.params] == [("token", False, True)]
    # the example's call reaches the same node, passing the argument
    found = locate(nav, "/me/drive/root/delta(token='abc')")
    assert found is not None and found[-1][0].id == delta.id
    assert found[-1][1] == (("token", "abc", True),)
    report = _walk(nav, "/reports/getEmailActivityCounts(period='D7')")[-1]
    assert names.accessors[report.id] == "get_email_activity_counts"
    assert [(p.name, p.required) for p in report.params] == [("period", True)]
    cell = _walk(nav, "/me/drive/items/1/workbook/worksheets/2/range(address='A1')/cell(row=1,column=2)")
    assert [names.accessors[n.id] for n in cell][-2:] == ["range_", "cell"]  # builtin: suffix
    assert [(p.name, p.quoted) for p in cell[-1].params] == [("row", False), ("column", False)]
    schedule = _walk(nav, "/me/calendar/getSchedule")[-1]
    assert schedule.kind == "function" and names.accessors[schedule.id] == "get_schedule"
    assign = _walk(nav, "/users/u1/assignLicense")[-1]
    assert assign.kind == "function" and [e.method for e in assign.endpoints] == ["POST"]


def test_a_literal_that_is_also_a_function_is_one_callable_node():
    nav = build_navigation(
        _model(
            _op("api/a.md", "Get range", "GET /me/drive/items/{id}/workbook/names/{name}/range"),
            _op("api/b.md", "Range", "GET /me/drive/items/{id}/workbook/names/{name}/range(address='{a}')"),
        )
    )
    node = _walk(nav, "/me/drive/items/1/workbook/names/n/range")[-1]
    assert node.kind == "function" and node.bare
    assert [(p.name, p.required) for p in node.params] == [("address", False)]


def test_two_pages_one_path_and_method_make_one_method_and_a_warning():
    nav = build_navigation(
        _model(
            _op("api/user-get.md", "Get a user", "GET /me"),
            _op("api/signedinuser-get.md", "Get signed-in user", "GET /me"),
        )
    )
    me = nav.nodes[nav.child(0, "segment", "me")]
    assert [(e.method, e.page) for e in me.endpoints] == [("GET", "api/signedinuser-get.md")]
    [diag] = [d for d in nav.diagnostics if d.code == "navigation-duplicate-method"]
    assert diag.severity.name.lower() == "warning"
    assert diag.location.path == "api/user-get.md"
    assert "api/signedinuser-get.md:20" in diag.message and "GET /me" in diag.message


def test_segments_that_snake_case_alike_are_renamed_with_a_warning():
    nav = build_navigation(
        _model(
            _op("api/a.md", "A", "GET /me/memberOf"),
            _op("api/b.md", "B", "GET /me/member_of"),
            _op("api/c.md", "C", "GET /me/get"),
            _op("api/d.md", "D", "GET /me/class"),
        )
    )
    names, diags = name_nodes(nav)
    me = nav.child(0, "segment", "me")
    by_wire = {nav.nodes[c].wire: names.accessors[c] for c in nav.nodes[me].children}
    assert by_wire == {"member_of": "member_of", "memberOf": "member_of_2", "get": "get_", "class": "class_"}
    [clash] = diags
    assert clash.code == "navigation-name-clash"
    assert "'member_of'" in clash.message and "'memberOf'" in clash.message
    # the same input gives the same names (no dependence on page order)
    again, _ = name_nodes(build_navigation(_model(*reversed(build_navigation_ops()))))
    assert again == name_nodes(build_navigation(_model(*build_navigation_ops())))[0]


def build_navigation_ops():
    return [
        _op("api/a.md", "A", "GET /me/memberOf"),
        _op("api/b.md", "B", "GET /me/member_of"),
    ]


def test_unreadable_lines_are_skipped_with_a_warning():
    nav = build_navigation(
        _model(_op("api/x.md", "X", "GET /me/mailFolders/{id}/.../messages/{id", "HEAD /me"))
    )
    codes = sorted(d.code for d in nav.diagnostics)
    assert codes == ["navigation-line-skipped", "navigation-line-skipped"]
    assert parse_path("/me/messages/{id") is None


def test_drive_item_path_is_a_key_of_its_own():
    nav = build_navigation(
        _model(_op("api/driveitem-get.md", "Get item", "GET /me/drive/root:/{item-path}:", "GET /drives/{drive-id}/items/{id}:/{name}:/content"))
    )
    names, _ = name_nodes(nav)
    path = _walk(nav, "/me/drive/root:/a/b.txt:")
    assert [names.accessors[n.id] for n in path] == ["me", "drive", "root", "by_path"]
    nested = _walk(nav, "/drives/d/items/i:/x.txt:/content")
    assert [n.kind for n in nested] == ["segment", "key", "segment", "key", "path", "segment"]
