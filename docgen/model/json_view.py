"""The model as JSON: ``docgen model --format json`` (schema_version 1, shape in CONTRACT.md).

Keys may be added freely; renaming or removing one needs a new ``SCHEMA_VERSION``.
"""

from __future__ import annotations

import json
from typing import Any

from docgen.diagnostics import Location
from docgen.model.core import Example, Model, Operation, Property, TypeDef

SCHEMA_VERSION = 1
"""The version of the JSON shape below."""


def _source(location: Location) -> dict[str, Any]:
    return {"path": location.path, "line": location.line}


def _property(prop: Property) -> dict[str, Any]:
    return {
        "name": prop.name,
        "type": prop.type,
        "collection": prop.collection,
        "navigation": prop.navigation,
        "required": prop.required,
        "description": prop.description,
        "nullable": prop.nullable,
        "read_only": prop.read_only,
        "inherited_from": prop.inherited_from,
        "enum_values": list(prop.enum_values),
        "source": _source(prop.location),
    }


def _type(typedef: TypeDef) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": typedef.name,
        "namespace": typedef.namespace,
        "qualified_name": typedef.qualified_name,
        "kind": typedef.kind,
        "base": typedef.base,
        "description": typedef.description,
        "abstract": typedef.abstract,
        "open_type": typedef.open_type,
        "key_property": typedef.key_property,
        "documented": typedef.documented,
        "source": _source(typedef.location),
        "sources": [_source(s) for s in typedef.sources],
        "properties": [_property(p) for p in typedef.properties],
        "members": [m.name for m in typedef.members],
    }
    if typedef.kind == "enum":
        data["flags"] = typedef.flags
        data["member_details"] = [
            {
                "name": m.name,
                "value": m.value,
                "description": m.description,
                "source": _source(m.location),
            }
            for m in typedef.members
        ]
    return data


def _example(example: Example) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": example.kind,
        "name": example.name,
        "source": _source(example.location),
        "truncated": example.truncated,
    }
    if example.kind == "request":
        data["method"] = example.method
        data["url"] = example.url
    elif example.kind == "response":
        data["status"] = example.status
    data["valid_json"] = example.body_error is None
    return data


def _operation(op: Operation) -> dict[str, Any]:
    body = op.request_body
    response = op.response
    perms = op.permissions
    return {
        "name": op.name,
        "title": op.title,
        "method": op.method,
        "paths": list(op.paths),
        "request_lines": [
            {"method": line.method, "path": line.path, "source": _source(line.location)}
            for line in op.request_lines
        ],
        "namespace": op.namespace,
        "description": op.description,
        "headers": [
            {"name": h.name, "required": h.required, "description": h.description,
             "source": _source(h.location)}
            for h in op.headers
        ],
        "request_body": None
        if body is None
        else {
            "type": body.type,
            "collection": body.collection,
            "properties": [p.name for p in body.properties],
            "property_details": [_property(p) for p in body.properties],
            "source": _source(body.location),
        },
        "response": None
        if response is None
        else {
            "status": response.status,
            "type": response.type,
            "collection": response.collection,
            "source": _source(response.location),
        },
        "permissions": {
            "delegated_work": list(perms.delegated_work) if perms else [],
            "delegated_personal": list(perms.delegated_personal) if perms else [],
            "application": list(perms.application) if perms else [],
            "rows": [list(row) for row in perms.raw] if perms else [],
            "source": _source(perms.location) if perms else None,
        },
        "parameters": [_property(p) for p in op.parameters],
        "examples": [_example(e) for e in op.examples],
        "source": _source(op.location),
    }


def model_to_json(model: Model) -> dict[str, Any]:
    """The model as a JSON-ready dict in CONTRACT.md's shape (sorted as the contract says)."""
    types = sorted(model.types, key=lambda t: (t.qualified_name, t.location))
    operations = sorted(model.operations, key=lambda o: (o.name, o.location))
    diagnostics = sorted(model.diagnostics, key=lambda d: d.sort_key())
    return {
        "schema_version": SCHEMA_VERSION,
        "pages": [
            {"path": p.path, "kind": p.kind, "title": p.title} for p in model.pages
        ],
        "types": [_type(t) for t in types],
        "operations": [_operation(o) for o in operations],
        "diagnostics": [d.to_json() for d in diagnostics],
    }


def dumps(model: Model, *, indent: int | None = None) -> str:
    """The JSON text, byte-for-byte stable for the same model.

    Without ``indent`` the document is one line: the C encoder writes a whole tree's model
    (20 MB) about five times faster than the indenting one. ``indent`` pretty-prints.
    """
    return json.dumps(model_to_json(model), indent=indent, ensure_ascii=False) + "\n"
