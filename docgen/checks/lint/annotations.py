"""An example annotation that names the wrong type: one finding on the annotation, not one per key.

A response annotation's ``@odata.type`` decides which table lint checks the body against. When it
names another type than the one the page's Response section returns (``openShiftChangeRequest``
page, ``"@odata.type": "microsoft.graph.swapShiftsChangeRequest"``), every key of the body would
be reported unknown, and none of those findings would name the cause. :func:`wrong_annotation`
recognises the case: the Response section's type fits more of the body's keys than the
annotation's type, and neither derives from the other. The caller then reports the annotation once
and checks the body against the Response section's type.
"""

from __future__ import annotations

from collections.abc import Container
from typing import Any

from docgen.checks.lint.typerules import TypeTable
from docgen.model.core import Example, Operation, TypeDef
from docgen.model.dataclass_ahead import dataclass

MIN_UNKNOWN = 2
"""Keys the annotation's type must miss before the annotation is blamed (one odd key is the key's fault)."""


@dataclass(frozen=True)
class WrongAnnotation:
    """The annotation's type, the type the page documents instead, and how many keys each fits."""

    annotated: TypeDef
    """The type the annotation's ``@odata.type`` names."""
    documented: TypeDef
    """The type the page's Response section returns."""
    keys: int
    """Keys of the body (of its first element for a collection), annotations left out."""
    fit_annotated: int
    """How many of them the annotated type declares."""
    fit_documented: int
    """How many of them the documented type declares."""

    def message(self, ref: str) -> str:
        missing = self.keys - self.fit_annotated
        return (
            f"the response annotation's `@odata.type` is `{ref}`, but the page returns "
            f"`{self.documented.qualified_name}` (Response section): {missing} of the body's {self.keys} keys are not "
            f"properties of `{self.annotated.name}`, {self.fit_documented} are properties of `{self.documented.name}`; "
            f"did you mean `{self.documented.qualified_name}`?"
        )


def _keys(body: Any) -> list[str]:
    if isinstance(body, dict) and isinstance(body.get("value"), list):
        body = next((item for item in body["value"] if isinstance(item, dict)), {})
    elif isinstance(body, list):
        body = next((item for item in body if isinstance(item, dict)), {})
    if not isinstance(body, dict):
        return []
    return [key for key in body if "@" not in key]


def wrong_annotation(operation: Operation, example: Example, types: TypeTable) -> WrongAnnotation | None:
    """The case above for a response ``example`` of ``operation``, None when the annotation fits."""
    ref = example.annotation.get("@odata.type")
    if example.kind != "response" or not isinstance(ref, str) or operation.response is None:
        return None
    annotated = types.lookup(ref)
    documented = types.lookup(operation.response.type)
    if annotated is None or documented is None or annotated.qualified_name == documented.qualified_name:
        return None
    if types.derives_from(annotated, documented) or types.derives_from(documented, annotated):
        return None
    if not (types.checkable(annotated) and types.checkable(documented)):
        return None
    keys = _keys(example.body)
    fit_annotated = sum(1 for key in keys if key in types.properties(annotated))
    fit_documented = sum(1 for key in keys if key in types.properties(documented))
    if len(keys) - fit_annotated < MIN_UNKNOWN or fit_documented <= fit_annotated:
        return None
    return WrongAnnotation(annotated, documented, len(keys), fit_annotated, fit_documented)


def _odata_types(value: Any, path: tuple = ()) -> list[tuple[tuple, str]]:
    """(JSON path of the ``@odata.type`` key, its value) for every object in ``value``."""
    out: list[tuple[tuple, str]] = []
    if isinstance(value, dict):
        ref = value.get("@odata.type")
        if isinstance(ref, str) and ref.strip():
            out.append((path + ("@odata.type",), ref.strip()))
        for key, item in value.items():
            out.extend(_odata_types(item, path + (key,)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            out.extend(_odata_types(item, path + (index,)))
    return out


def undocumented_types(example: Example, types: TypeTable) -> list[tuple[tuple, str]]:
    """``@odata.type`` values in a JSON representation that name no type of the model, qualified
    ones only (``#microsoft.graph.question``; ``Edm.*`` and bare words are placeholders)."""
    out = []
    for path, ref in _odata_types(example.body):
        name = ref.lstrip("#")
        if name.lower().startswith("collection(") and name.endswith(")"):
            name = name[len("collection(") : -1]
        if "." not in name or name.lower().startswith("edm.") or types.lookup(name) is not None:
            continue
        out.append((path, ref))
    return out


def foreign_namespace(ref: str, page_namespace: str, types: TypeTable, namespaces: Container[str]) -> str | None:
    """Why an annotation's ``@odata.type`` in another namespace than its page's is wrong, or None.

    A type documented in another namespace is a legitimate cross-namespace reference; only a name
    no page documents is blamed: when the page's namespace has a type of that simple name, or when
    no documented type uses the written namespace at all (``microsoft.devices.gadget`` on a
    ``microsoft.graph`` page)."""
    name = ref.strip().lstrip("#")
    if name.lower().startswith("collection(") and name.endswith(")"):
        name = name[len("collection(") : -1]
    namespace, _, simple = name.rpartition(".")
    if not namespace or not page_namespace or namespace.lower() in ("edm", page_namespace.lower()):
        return None
    if types.lookup(name) is not None:
        return None
    local = types.lookup(f"{page_namespace}.{simple}")
    if local is not None:
        return (
            f"the annotation's `@odata.type` `{ref.strip()}` is in namespace `{namespace}`, but the page is in "
            f"`{page_namespace}`, where `{local.name}` is documented; did you mean `{local.qualified_name}`?"
        )
    if namespace.lower() not in namespaces:
        return (
            f"the annotation's `@odata.type` `{ref.strip()}` is in namespace `{namespace}`, which no input page "
            f"uses; the page is in `{page_namespace}`"
        )
    return None


MIN_SHARED = 3
"""Unknown keys of one object that must all belong to one other type before that type is named as
the cause (fewer is a coincidence)."""


def common_owner(types: TypeTable, typedef: TypeDef, keys: list[str], candidates: list[TypeDef]) -> TypeDef | None:
    """The most specific documented type, other than ``typedef`` and its bases, that declares every
    key of ``keys`` (the keys ``typedef``'s tables lack); None when there are fewer than
    :data:`MIN_SHARED` keys or no such type. A page whose examples show a base type's properties
    but that names no base (``openShiftChangeRequest`` without "Inherits from
    [scheduleChangeRequest]") gets one finding naming that type instead of one per key."""
    if len(keys) < MIN_SHARED:
        return None
    own = {t.qualified_name for t in types.chain(typedef)}
    owners = [
        t
        for t in candidates
        if t.qualified_name not in own and t.kind != "enum" and all(key in types.properties(t) for key in keys)
    ]
    if not owners:
        return None
    return min(owners, key=lambda t: (len(types.properties(t)), t.qualified_name))


def owned_message(keys: list[str], typedef: TypeDef, owner: TypeDef) -> str:
    """The one finding for keys :func:`common_owner` found another owner of."""
    shown = ", ".join(f"`{key}`" for key in keys[:4]) + (", …" if len(keys) > 4 else "")
    base = f"neither it nor its base `{typedef.base}` declares them" if typedef.base else "the page names no base type"
    return (
        f"{len(keys)} properties ({shown}) are not in the tables of `{typedef.qualified_name}`, and all are "
        f"properties of `{owner.qualified_name}`; {base}: does `{typedef.name}` derive from `{owner.name}`?"
    )
