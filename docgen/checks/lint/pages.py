"""Checks over a page's examples as a set: pairing, duplicate names, representation against tables."""

from __future__ import annotations

from docgen.checks.lint.codes import example_label, make
from docgen.checks.lint.typerules import TypeTable
from docgen.diagnostics import Diagnostic
from docgen.model.core import Example, Model, Operation, TypeDef


def _explicit_name(example: Example) -> str:
    """The name the annotation itself gives (responses may inherit one from their request)."""
    name = example.annotation.get("name")
    return name.strip() if isinstance(name, str) else ""


def _block_type(example: Example) -> str:
    """The annotation's ``blockType``; empty for a fence without one. Only annotated ``request`` and
    ``response`` blocks pair and carry names (``example`` blocks stand alone)."""
    value = example.annotation.get("blockType")
    return value.strip().lower() if isinstance(value, str) else ""


def _response_names(example: Example) -> set[str]:
    """The requests a response answers: ApiDoctor lets ``name`` be a list of request names."""
    listed = example.annotation.get("name")
    if isinstance(listed, list):
        return {n.strip() for n in listed if isinstance(n, str) and n.strip()}
    return {example.name} if example.name else set()


def unpaired(operation: Operation) -> list[Diagnostic]:
    """Requests without a response and responses without a request on one API page.

    A response pairs with the request of the same name; a nameless response pairs with the nearest
    preceding request that has no response yet.
    """
    out: list[Diagnostic] = []
    examples = [e for e in operation.examples if _block_type(e) in ("request", "response")]
    request_names = {e.name for e in examples if e.kind == "request" and e.name}
    answered: set[int] = set()
    for index, example in enumerate(examples):
        if example.kind != "response":
            continue
        names = _response_names(example)
        if names & request_names:
            answered.update(i for i, e in enumerate(examples) if e.kind == "request" and e.name in names)
            continue
        if not example.name:
            earlier = [i for i in range(index) if examples[i].kind == "request"]
            waiting = [i for i in earlier if i not in answered]
            if earlier:
                answered.add((waiting or earlier)[-1])
                continue
        label = f"response `{example.name}`" if example.name else "a response"
        bare = [
            e for e in operation.examples if e.kind == "request" and not _block_type(e) and e.location < example.location
        ]
        hint = " (a request before it has no annotation)" if bare else ""
        related = (bare[-1].location,) if bare else ()
        out.append(
            make(
                "example-unpaired",
                f"{label} has no request example on this page{hint}",
                example.location,
                context=example_label(example),
                related=related,
            )
        )
    for index, example in enumerate(examples):
        if example.kind == "request" and index not in answered:
            label = f"request `{example.name}`" if example.name else "a request"
            out.append(
                make(
                    "example-unpaired",
                    f"{label} has no response example on this page",
                    example.location,
                    context=example_label(example),
                )
            )
    return out


def duplicate_names(model: Model) -> list[Diagnostic]:
    """Examples of one kind that share the name their annotation gives, across the whole tree."""
    seen: dict[tuple[str, str], list[Example]] = {}
    for operation in model.operations:
        for example in operation.examples:
            name = _explicit_name(example)
            if name and _block_type(example) in ("request", "response"):
                seen.setdefault((example.kind, name), []).append(example)
    out: list[Diagnostic] = []
    for (kind, name), examples in sorted(seen.items()):
        ordered = sorted(examples, key=lambda e: e.location)
        for example in ordered[1:]:
            out.append(
                make(
                    "duplicate-example-name",
                    f"{kind} example name `{name}` is already used in {ordered[0].location.path}",
                    example.location,
                    context=f"{kind} {name}",
                    related=(ordered[0].location,),
                )
            )
    return out


def _optional(example: Example) -> set[str]:
    value = example.annotation.get("optionalProperties")
    return {v for v in value if isinstance(v, str)} if isinstance(value, list) else set()


def representation_rows(typedef: TypeDef, types: TypeTable) -> list[Diagnostic]:
    """Rows of the type's own Properties table that its JSON representation leaves out.

    Navigation properties (Relationships rows) are left out of representations by convention, and
    so are the annotation's ``optionalProperties``; a truncated representation is not checked.
    """
    example = typedef.representation
    if example is None or not isinstance(example.body, dict) or example.truncated:
        return []
    keys = set(example.body)
    skip = _optional(example)
    out: list[Diagnostic] = []
    for prop in typedef.properties:
        if prop.navigation or prop.inherited_from or prop.name in keys or prop.name in skip:
            continue
        if prop.location.path != example.location.path:
            continue  # a row from another page documenting the same type (merged Intune pages)
        folded = sorted(k for k in keys if k.lower() == prop.name.lower())
        hint = f" (it has `{folded[0]}`)" if folded else ""
        out.append(
            make(
                "representation-row-missing",
                f"property `{prop.name}` of `{typedef.qualified_name}` is in the table but not in the "
                f"JSON representation{hint}",
                prop.location,
                context=prop.name,
                related=(example.location,),
            )
        )
    return out
