"""After rendering: parse each module with ``ast`` and check it holds only what its template meant.

An injection that slipped past escaping would show up as a statement no template writes (a
top-level call, an unexpected class or function, an assignment to an unplanned name); each is
reported, and the file is not written.
"""

from __future__ import annotations

import ast

_IMPORTS = (ast.Import, ast.ImportFrom)

ROLES_WITH_FIXED_NAMES = {
    "model",
    "enum",
    "builder",
    "client",
    "test",
    "package",
    "models_init",
    "requests_init",
    "conftest",
}
"""Roles whose top-level definitions must all be in the expected set (the others are static templates)."""


def _is_docstring(node: ast.stmt) -> bool:
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    )


def _is_type_checking(node: ast.stmt) -> bool:
    test = node.test if isinstance(node, ast.If) else None
    named = isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    named = named or (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING")
    # ``else:`` may define the run-time stand-ins of what the checkers import (plain functions
    # only: the runtime's ``dataclass_transform`` before Python 3.11)
    return (
        bool(named)
        and all(isinstance(n, _IMPORTS) for n in node.body)
        and all(isinstance(n, ast.FunctionDef) for n in node.orelse)
    )


def _names(node: ast.stmt) -> list[str]:
    if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
        return [node.name]
    targets: list[ast.expr] = []
    if isinstance(node, ast.Assign):
        targets = list(node.targets)
    elif isinstance(node, ast.AnnAssign):
        targets = [node.target]
    out = []
    for t in targets:
        for n in ast.walk(t):
            if isinstance(n, ast.Name):
                out.append(n.id)
            elif not isinstance(n, (ast.Tuple, ast.List, ast.Store, ast.Load)):
                out.append("<" + type(n).__name__ + ">")
    return out


def _check_class_body(cls: ast.ClassDef, problems: list[str]) -> None:
    for node in cls.body:
        if _is_docstring(node) or isinstance(
            node,
            (
                ast.AnnAssign,
                ast.Assign,
                ast.FunctionDef,
                ast.AsyncFunctionDef,
                ast.Pass,
            ),
        ):
            if isinstance(node, (ast.AnnAssign, ast.Assign)) and any(
                n.startswith("<") for n in _names(node)
            ):
                problems.append(
                    f"line {node.lineno}: class {cls.name} assigns to a non-name target"
                )
            continue
        if isinstance(node, ast.ClassDef):
            _check_class_body(node, problems)
            continue
        problems.append(
            f"line {node.lineno}: unexpected {type(node).__name__} statement in class {cls.name}"
        )


def check_module(text: str, role: str, expected: set[str]) -> list[str]:
    """Problems with the top-level statements of ``text`` (empty when it is what ``role`` writes)."""
    try:
        tree = ast.parse(text)
    except SyntaxError as exc:
        return [f"does not parse: {exc.msg} (line {exc.lineno})"]
    problems: list[str] = []
    for index, node in enumerate(tree.body):
        if index == 0 and _is_docstring(node):
            continue
        if isinstance(node, _IMPORTS):
            continue
        if isinstance(node, ast.If) and _is_type_checking(node):
            continue
        if isinstance(
            node,
            (
                ast.ClassDef,
                ast.FunctionDef,
                ast.AsyncFunctionDef,
                ast.Assign,
                ast.AnnAssign,
            ),
        ):
            names = _names(node)
            if role in ROLES_WITH_FIXED_NAMES:
                unexpected = [n for n in names if n not in expected]
                if unexpected:
                    problems.append(
                        f"line {node.lineno}: unexpected definition of {', '.join(unexpected)}"
                    )
            if isinstance(node, ast.ClassDef):
                _check_class_body(node, problems)
            continue
        if (
            _is_docstring(node)
            and index > 0
            and isinstance(tree.body[index - 1], (ast.Assign, ast.AnnAssign))
        ):
            continue  # an attribute docstring after an assignment
        problems.append(
            f"line {node.lineno}: unexpected top-level {type(node).__name__} statement"
        )
    if role in ("model", "enum"):
        classes = [n.name for n in tree.body if isinstance(n, ast.ClassDef)]
        if classes != sorted(expected):
            problems.append(
                f"expected exactly the class {', '.join(sorted(expected))}, found {', '.join(classes) or 'none'}"
            )
    return problems
