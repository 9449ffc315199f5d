"""Operations: an API page's operation, its types resolved, in the model.

Mixed into the resolver of :mod:`docgen.resolve.join`; the methods use its ``type_of``,
``prop``, ``alternatives`` and ``diagnostics``.

* the request body, response and parameter rows are typed like any property (unqualified names
  in the page's namespace; rows inherited from a qualified base in the base's namespace);
* an "A or B" type cell (``appHostedMediaConfig or serviceHostedMediaConfig``) registers both
  types, and once bases are settled the body, response or row is typed as the nearest base type
  they share (:func:`nearest_common_base`);
* two pages whose request examples carry the same name are reported as
  ``duplicate-operation-name``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from docgen.diagnostics import warning
from docgen.model.core import Operation, Property, RequestBody, Response
from docgen.model.page import PageModel, PageOperation, PageProperty
from docgen.read.typecells import UNTYPED, TypeRef
from docgen.resolve.entry import DEFAULT_NAMESPACE


class OperationResolution:
    """Operation methods of the resolver."""

    alternatives: dict
    diagnostics: list

    def _note_alternatives(self, ref: TypeRef | None, namespace: str) -> None:
        """Resolve (and so register) the further types of an "A or B" reference."""
        if ref is not None and ref.alternatives:
            self.alternatives[ref] = tuple(
                self.type_of(alt, namespace) for alt in ref.alternatives
            )

    def _included_permissions(self, op: PageOperation):
        """The page's permissions, read from the include file that holds them when it is among the
        input pages (relative to the page); ``permissions-include-missing`` (once per page) when not."""
        perms = op.permissions
        if perms is None or not perms.include:
            return perms
        path = self.find_page(perms.include.lower())
        included = self.page_by_path[path].permissions if path is not None else None
        if path is None or included is None:
            what = "is not among the input pages" if path is None else "holds no permissions table"
            message = f"the permissions are in the include {perms.include}, which {what}; none are read"
            self.diagnostics.append(warning("permissions-include-missing", message, perms.location))
            return perms
        return replace(included, location=perms.location, include=perms.include)

    def operation(self, op: PageOperation, page: PageModel) -> Operation:
        namespace = page.namespace or DEFAULT_NAMESPACE
        body = None
        if op.body is not None:
            body_type = None
            collection = False
            if op.body.ref is not None and op.body.ref.name != UNTYPED:
                body_type = self.type_of(op.body.ref, namespace)
                self._note_alternatives(op.body.ref, namespace)
                collection = op.body.ref.collection
            body_ns = (
                body_type.rpartition(".")[0]
                if body_type and not body_type.startswith("Edm.")
                else namespace
            )
            rows = tuple(
                self.prop(row, row_namespace(row, body_ns))
                for row in op.body.properties
            )
            for row in op.body.properties:
                self._note_alternatives(row.ref, row_namespace(row, body_ns))
            body = RequestBody(op.body.location, body_type, collection, rows)
        for row in op.parameters:
            self._note_alternatives(row.ref, namespace)
        response = None
        if op.response is not None:
            ref = op.response.ref
            resp_type = (
                self.type_of(ref, namespace)
                if ref is not None and ref.name != UNTYPED
                else None
            )
            if resp_type is not None:
                self._note_alternatives(ref, namespace)
            response = Response(
                op.response.location,
                op.response.status,
                resp_type,
                bool(ref and ref.collection),
            )
        return Operation(
            name=op.name,
            title=op.title,
            location=op.location,
            method=op.method,
            request_lines=op.request_lines,
            description=op.description,
            namespace=op.namespace,
            headers=op.headers,
            permissions=self._included_permissions(op),
            request_body=body,
            response=response,
            examples=op.examples,
            parameters=tuple(self.prop(row, namespace) for row in op.parameters),
        )

    def with_common_bases(
        self, page_op: PageOperation, op: Operation, bases: dict[str, str | None]
    ) -> Operation:
        """``op`` with each "A or B" its body and response sentences, body table and parameter
        tables name typed as the nearest base type A and B share (unchanged without one).
        ``bases`` maps the built types' lower-cased qualified names to their bases."""

        def shared(ref: TypeRef | None, resolved: str | None) -> str | None:
            others = self.alternatives.get(ref) if ref is not None else None
            if not others or resolved is None:
                return resolved
            return nearest_common_base([resolved, *others], bases) or resolved

        def rows(
            page_rows: Sequence[PageProperty], props: tuple[Property, ...]
        ) -> tuple[Property, ...]:
            # ``props`` itself when no type changes (the usual case): no copies to make, and the
            # test below for an unchanged operation compares the same objects.
            typed = [shared(row.ref, p.type) for row, p in zip(page_rows, props)]
            if len(typed) == len(props) and all(
                t == p.type for t, p in zip(typed, props)
            ):
                return props
            return tuple(replace(p, type=t) for t, p in zip(typed, props))

        body = op.request_body
        if body is not None and page_op.body is not None:
            body = replace(
                body,
                type=shared(page_op.body.ref, body.type),
                properties=rows(page_op.body.properties, body.properties),
            )
        response = op.response
        if response is not None and page_op.response is not None:
            response = replace(
                response, type=shared(page_op.response.ref, response.type)
            )
        parameters = rows(page_op.parameters, op.parameters)
        if (body, response, parameters) == (
            op.request_body,
            op.response,
            op.parameters,
        ):
            return op
        return replace(op, request_body=body, response=response, parameters=parameters)

    def check_operation_names(self, operations: list[Operation]) -> None:
        """Two pages whose request examples carry the same name make two operations of one name."""
        first: dict[str, Operation] = {}
        for op in sorted(operations, key=lambda o: (o.location, o.name)):
            seen = first.setdefault(op.name.lower(), op)
            if seen is not op:
                message = (
                    f'operation name "{op.name}" is also used by {seen.location.path}'
                )
                self.diagnostics.append(
                    warning("duplicate-operation-name", message, op.location)
                )


def row_namespace(row: PageProperty, namespace: str) -> str:
    """Rows inherited from a qualified base resolve their unqualified cells in the base's namespace."""
    if row.inherited_from is not None and "." in row.inherited_from.name:
        return row.inherited_from.name.rpartition(".")[0]
    return namespace


def nearest_common_base(
    names: Sequence[str], bases: dict[str, str | None]
) -> str | None:
    """The nearest type every one of ``names`` is or derives from (``mediaConfig`` for
    ``appHostedMediaConfig`` and ``serviceHostedMediaConfig``), None when they share none.
    ``bases`` maps lower-cased qualified names to their base."""

    def chain(name: str) -> list[str]:
        out = [name]
        current = bases.get(name.lower())
        while current is not None and current not in out:
            out.append(current)
            current = bases.get(current.lower())
        return out

    chains = [chain(name) for name in names]
    lowered = [{n.lower() for n in c} for c in chains[1:]]
    return next((n for n in chains[0] if all(n.lower() in c for c in lowered)), None)
