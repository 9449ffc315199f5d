"""Example bodies against the tables: unknown properties, wrong value types, enum values, namespaces.

One walk over each example's parsed JSON, following the documented type of every member: the
request body's type (and its parameters table), the response's type (``value`` arrays give the
element type; an annotation's ``@odata.type``/``isCollection`` wins), or a resource page's type for its
JSON representation. Objects whose ``@odata.type`` names a known type are checked as that type.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from docgen.checks.lint.annotations import (
    MIN_SHARED,
    common_owner,
    foreign_namespace,
    owned_message,
    undocumented_types,
    wrong_annotation,
)
from docgen.checks.lint.codes import example_label, json_path_text, make
from docgen.checks.lint.tracking import LintReads
from docgen.checks.lint.typerules import (
    DEFAULT_NAMESPACE,
    TypeTable,
    did_you_mean,
    is_extension_key,
    json_kind,
    placeholder_word,
    primitive_mismatch,
    split_qualified,
    strip_type_ref,
)
from docgen.diagnostics import Diagnostic, Location
from docgen.model.core import Example, Model, Operation, Property, TypeDef
from docgen.model.dataclass_ahead import dataclass
from docgen.read.jsonpos import JsonPath

_BASE_KEYS = frozenset(
    ("id", "createdDateTime", "createdBy", "lastModifiedDateTime", "lastModifiedBy", "deletedDateTime")
)
"""Keys that base types (``entity``, ``changeTrackedEntity``, ``directoryObject``) usually give."""

MAX_DEPTH = 64
"""JSON nesting below which example bodies are not walked."""


def _is_annotation_key(key: str) -> bool:
    """``@odata.context``, ``@microsoft.graph.conflictBehavior``, ``photo@odata.mediaEtag`` …"""
    return "@" in key


@dataclass(frozen=True)
class _Root:
    """What the top of an example body is documented as."""

    typedef: TypeDef | None
    """The documented type, None when unknown."""
    collection: bool = False
    """True when the body is (or wraps in ``value``) a collection of ``typedef``."""
    extra: tuple[Property, ...] = ()
    """Rows of a request-body/parameters table, valid at the top level too."""
    unknown_code: str = "example-property-unknown"
    """The code for a top-level key that no table has (``table-row-missing`` for representations)."""


class ExampleChecker:
    """Walks example bodies; ``locate(example, path)`` turns a JSON path into a location."""

    def __init__(
        self,
        model: Model,
        types: TypeTable,
        locate: Callable[[Example, JsonPath], Location],
        annotation_location: Callable[[Example], Location] | None = None,
        reads: LintReads | None = None,
    ):
        """``reads`` answers (and notes) lookups beyond a page (:mod:`docgen.checks.lint.tracking`)."""
        self._model = model
        self._annotation_location = annotation_location or (lambda example: example.location)
        self._types = types
        self._locate = locate
        self._out: list[Diagnostic] = []
        self._example: Example | None = None
        self._reads = reads if reads is not None else LintReads(model, types)

    # -- entry points ---------------------------------------------------------------------------

    def check_model(self) -> list[Diagnostic]:
        """Every example of every operation and every type's JSON representation."""
        out = [d for operation in self._model.operations for d in self.check_operation(operation)]
        return out + [d for typedef in self._model.types for d in self.check_representation(typedef)]

    def check_operation(self, operation: Operation) -> list[Diagnostic]:
        """The findings of ``operation``'s examples."""
        self._out = []
        answers = {
            e.name: typedef
            for e in operation.examples
            if e.kind == "response" and (typedef := self._from_annotation(e)) is not None
        }
        for example in operation.examples:
            if example.body is None or example.kind not in ("request", "response"):
                continue
            if not example.annotation.get("blockType"):
                continue  # a fence without an annotation is not a documented example
            root = self._root_for(operation, example)
            self._check_annotation_namespace(example, operation.namespace or DEFAULT_NAMESPACE)
            wrong = wrong_annotation(operation, example, self._types)
            if wrong is not None:
                ref = str(example.annotation.get("@odata.type", "")).strip()
                self._example = example
                self._out.append(
                    make(
                        "annotation-type-mismatch",
                        wrong.message(ref),
                        self._annotation_location(example),
                        context=f"{example_label(example)} {ref}",
                        related=(operation.response.location,) if operation.response else (),
                    )
                )
                root = _Root(wrong.documented, root.collection, root.extra)
            answer = answers.get(example.name)
            if answer is not None and _is_update(example) and not self._from_annotation(example):
                # An update's body is the type its response returns; pages that update several
                # sub-resources (``…/format/font``) say so only in the response annotation.
                root = _Root(answer, root.collection, root.extra)
            self._walk_root(example, root)
        return self._out

    def check_representation(self, typedef: TypeDef) -> list[Diagnostic]:
        """The findings of ``typedef``'s JSON representation (none without one)."""
        self._out = []
        example = typedef.representation
        if example is not None and example.body is not None:
            if split_qualified(strip_type_ref(str(example.annotation.get("@odata.type", "")))[0])[1] != typedef.name:
                # (the page's own type in another namespace is the parser's namespace-mismatch)
                self._check_annotation_namespace(example, typedef.namespace)
            root = _Root(self._from_annotation(example) or typedef, unknown_code="table-row-missing")
            self._walk_root(example, root)
            for path, ref in undocumented_types(example, self._types):
                namespace, simple = split_qualified(strip_type_ref(ref)[0])
                near = did_you_mean(simple, self._reads.names_in(namespace.lower()))
                hint = f"; did you mean `{namespace}.{near}`?" if near else ""
                self._emit(
                    "unresolved-type",
                    f"the JSON representation of `{typedef.qualified_name}` gives a value the type `{ref}`, "
                    f"which no input page documents{hint}",
                    path,
                )
        return self._out

    def _check_annotation_namespace(self, example: Example, page_namespace: str) -> None:
        ref = example.annotation.get("@odata.type")
        if not isinstance(ref, str):
            return
        problem = foreign_namespace(ref, page_namespace, self._types, self._reads.namespaces)
        if problem is not None:
            self._out.append(
                make(
                    "namespace-mismatch",
                    problem,
                    self._annotation_location(example),
                    context=f"{example_label(example)} annotation {ref.strip()}",
                )
            )

    # -- roots ----------------------------------------------------------------------------------

    def _from_annotation(self, example: Example) -> TypeDef | None:
        ref = example.annotation.get("@odata.type")
        return self._types.lookup(ref) if isinstance(ref, str) else None

    def _root_for(self, operation: Operation, example: Example) -> _Root:
        annotated = self._from_annotation(example)
        if example.annotation.get("blockType") == "example":
            return _Root(annotated)  # a standalone example (a notification …) says its own type or none
        if example.kind == "request":
            body = operation.request_body
            if body is None:
                return _Root(annotated)
            return _Root(annotated or self._types.lookup(body.type), body.collection, body.properties)
        collection_flag = example.annotation.get("isCollection")
        if annotated is not None:
            collection = collection_flag is True or str(collection_flag).lower() == "true"
            ref = example.annotation.get("@odata.type", "")
            return _Root(annotated, collection or strip_type_ref(str(ref))[1])
        response = operation.response
        if response is None:
            return _Root(None)
        return _Root(self._types.lookup(response.type), response.collection)

    def _walk_root(self, example: Example, root: _Root) -> None:
        self._example = example
        body = example.body
        typedef = root.typedef
        if isinstance(body, dict) and isinstance(body.get("value"), list):
            declared = set(self._types.properties(typedef)) if typedef is not None else set()
            declared.update(p.name for p in root.extra)
            if "value" not in declared:
                self._walk_elements(body["value"], typedef, ("value",))
                # Beside ``value`` stand only annotations; their ``@odata.type`` is still checked.
                self._check_odata_type(body, None, ())
                return
        if isinstance(body, list):
            self._walk_elements(body, typedef, ())
        elif isinstance(body, dict):
            extra = {p.name: p for p in root.extra}
            self._walk_object(body, typedef, (), extra, root.unknown_code)

    def _walk_elements(self, items: list, typedef: TypeDef | None, path: JsonPath) -> None:
        for index, item in enumerate(items):
            if isinstance(item, dict):
                self._walk_object(item, typedef, path + (index,), {}, "example-property-unknown")

    # -- objects --------------------------------------------------------------------------------

    def _emit(self, code: str, message: str, path: JsonPath, related: tuple[Location, ...] = ()) -> None:
        assert self._example is not None
        example = self._example
        context = f"{example_label(example)} {json_path_text(path)}"
        self._out.append(make(code, message, self._locate(example, path), context=context, related=related))

    def _actual_type(self, obj: dict, declared: TypeDef | None, path: JsonPath) -> TypeDef | None:
        """The type an object is: its ``@odata.type`` when that names a known type, else ``declared``."""
        named = self._check_odata_type(obj, declared, path)
        return named if named is not None else declared

    def _check_odata_type(self, obj: dict, declared: TypeDef | None, path: JsonPath) -> TypeDef | None:
        """Report an ``@odata.type`` whose namespace disagrees with the type it names; return that type."""
        ref = obj.get("@odata.type")
        if not isinstance(ref, str) or not ref.strip():
            return None
        name, _ = strip_type_ref(ref)
        found = self._types.get(name)
        if found is not None:
            return found
        namespace, simple = split_qualified(name)
        if not namespace:
            return self._types.lookup(name)
        folded = self._types.lookup(name)
        if folded is not None and folded.qualified_name.lower() == name.lower():
            if not self._misspelt(folded, name):
                return folded
            self._emit(
                "type-name-case",
                f"`@odata.type` is `{ref.strip()}` but the type is spelt `{self._spelling(folded)}` "
                f"({folded.location.path}); OData type names are case-sensitive",
                path + ("@odata.type",),
                related=(folded.location,),
            )
            return folded
        candidates = [t for t in self._types.same_name(simple) if t.documented]
        if declared is not None and declared.name.lower() == simple.lower():
            candidates = [declared]
        if len(candidates) == 1 and candidates[0].namespace.lower() != namespace.lower():
            other = candidates[0]
            self._emit(
                "namespace-mismatch",
                f"`@odata.type` is `{ref.strip()}` but `{other.name}` is in namespace `{other.namespace}` "
                f"({other.location.path})",
                path + ("@odata.type",),
                related=(other.location,),
            )
            return other
        return None

    def _misspelt(self, typedef: TypeDef, written: str) -> bool:
        """True when ``written`` (a qualified name equal to the type's but for case) is spelt as
        neither the type's name nor its page's title spells it (``openTypeExtension`` in the title,
        ``opentypeextension`` in the annotation): only then is the case surely wrong."""
        namespace, simple = split_qualified(written)
        if namespace != typedef.namespace:
            return True
        return simple != typedef.name and simple not in re.findall(r"[\w.]+", self._title(typedef))

    def _title(self, typedef: TypeDef) -> str:
        return self._reads.title(typedef.location.path)

    def _spelling(self, typedef: TypeDef) -> str:
        """The type's qualified name as its page's title spells it (else as the model has it)."""
        words = [w for w in re.findall(r"[\w.]+", self._title(typedef)) if w.lower() == typedef.name.lower()]
        return f"{typedef.namespace}.{words[0]}" if words else typedef.qualified_name

    def _walk_object(
        self, obj: dict, declared: TypeDef | None, path: JsonPath, extra: dict[str, Property], unknown_code: str
    ) -> None:
        if len(path) > MAX_DEPTH:
            return  # deeper than any real example; not worth a stack overflow
        typedef = self._actual_type(obj, declared, path)
        checkable = self._types.checkable(typedef) or bool(extra)
        props = dict(extra)
        if typedef is not None:
            props.update(self._types.properties(typedef))
        open_type = typedef is not None and self._types.is_open(typedef)
        unknown: list[str] = []
        for key, value in obj.items():
            if _is_annotation_key(key) or is_extension_key(key):
                continue
            prop = props.get(key)
            if prop is None:
                if checkable and not open_type:
                    unknown.append(key)
                self._walk_untyped(value, path + (key,))
                continue
            self._check_member(prop, value, path + (key,))
        owner = None
        if typedef and not extra and len(unknown) >= MIN_SHARED:
            owner = common_owner(self._types, typedef, unknown, self._reads.owners(unknown))
        if owner is not None and typedef is not None:
            self._emit(unknown_code, owned_message(unknown, typedef, owner), path + (unknown[0],))
            return
        for key in unknown:
            hint = " (a single object is not wrapped in `value`)" if key == "value" and isinstance(obj[key], dict) else ""
            self._unknown(key, typedef, props, path + (key,), unknown_code, hint)

    def _unknown(
        self, key: str, typedef: TypeDef | None, props: dict, path: JsonPath, code: str, hint: str = ""
    ) -> None:
        if typedef is None:
            where = "the request body table"
        elif code == "table-row-missing":
            where = f"the Properties/Relationships tables of `{typedef.qualified_name}`"
        else:
            where = f"the tables of `{typedef.qualified_name}`"
        near = sorted(name for name in props if name.lower() == key.lower())
        typo = did_you_mean(key, props) if not near and not hint else None
        if near:
            hint = f" (the table has `{near[0]}`)"
        elif typo is not None:
            hint = f" (did you mean `{typo}`?)"
        elif not hint and typedef is not None and not typedef.base and (typedef.kind == "entity" or key in _BASE_KEYS):
            hint = " (the page names no base type it could inherit it from)"
        self._emit(code, f"property `{key}` is not in {where}{hint}", path)

    def _walk_untyped(self, value: Any, path: JsonPath) -> None:
        """Descend into a member whose type is unknown, checking only ``@odata.type`` namespaces."""
        if len(path) > MAX_DEPTH:
            return
        if isinstance(value, dict):
            self._walk_object(value, None, path, {}, "example-property-unknown")
        elif isinstance(value, list):
            for index, item in enumerate(value):
                self._walk_untyped(item, path + (index,))

    # -- members --------------------------------------------------------------------------------

    def _check_member(self, prop: Property, value: Any, path: JsonPath) -> None:
        if value is None or _is_type_placeholder(value):
            return
        if self._any_json(prop):
            self._walk_untyped(value, path)
            return
        if prop.collection:
            if not isinstance(value, list):
                if not self._is_placeholder_for(prop, value):
                    self._wrong(prop, f"{json_kind(value)} for a collection", path)
                return
            for index, item in enumerate(value):
                if item is not None:
                    self._check_single(prop, item, path + (index,))
            return
        if isinstance(value, list):
            self._wrong(prop, "an array for a single value", path)
            return
        self._check_single(prop, value, path)

    def _any_json(self, prop: Property) -> bool:
        """True for ``Edm.Untyped`` and for documented property-less types like ``microsoft.graph.Json``."""
        if prop.type == "Edm.Untyped":
            return True
        if prop.type.startswith("Edm."):
            return False
        typedef = self._types.lookup(prop.type)
        return (
            typedef is not None
            and typedef.kind != "enum"
            and typedef.documented
            and not self._types.properties(typedef)
        )

    def _is_placeholder_for(self, prop: Property, value: Any) -> bool:
        """``"String collection"``-style placeholders standing for a whole collection."""
        return isinstance(value, str) and "collection" in value.lower()

    def _wrong(self, prop: Property, what: str, path: JsonPath) -> None:
        self._emit(
            "example-value-type",
            f"property `{prop.name}` has {what} but the table says `{_type_text(prop)}`",
            path,
        )

    def _check_single(self, prop: Property, value: Any, path: JsonPath) -> None:
        if prop.type.startswith("Edm."):
            problem = primitive_mismatch(prop.type, value)
            if problem is not None and problem.startswith("a malformed date"):
                wants = "YYYY-MM-DD" if prop.type == "Edm.Date" else "an ISO 8601 date-time (YYYY-MM-DDThh:mm:ssZ)"
                fix = f"; write `{value[:10]}`" if prop.type == "Edm.Date" and _DATE_PREFIX.match(value) else ""
                self._emit(
                    "example-value-type",
                    f"property `{prop.name}` has `{value}` but `{prop.type}` wants {wants}{fix}",
                    path,
                )
            elif problem is not None:
                self._wrong(prop, problem, path)
            return
        typedef = self._types.lookup(prop.type)
        if typedef is None or not self._types.described(typedef):
            # Unknown, known only by name, or property-less like ``microsoft.graph.Json``: any JSON.
            self._walk_untyped(value, path)
            return
        if typedef.kind == "enum":
            self._check_enum(prop, typedef, value, path)
        elif isinstance(value, dict):
            self._walk_object(value, typedef, path, {}, "example-property-unknown")
        elif not (isinstance(value, str) and _names_type(value, typedef)):
            self._wrong(prop, f"{json_kind(value)} for an object", path)

    def _check_enum(self, prop: Property, enum: TypeDef, value: Any, path: JsonPath) -> None:
        if isinstance(value, dict):
            self._wrong(prop, "an object for an enum", path)
            return
        if not isinstance(value, str):
            self._wrong(prop, f"{json_kind(value)} for an enum", path)
            return
        if placeholder_word(value) == "string" or _names_type(value, enum) or _is_value_placeholder(value, prop):
            return
        members = {m.name for m in enum.members}
        if value in members:
            return
        # Flags are comma-separated; "a | b | c" lists the choices in a representation.
        parts = [part for part in _ENUM_SEPARATORS.split(value) if part]
        folded = {m.lower(): m for m in members}
        unknown = [part for part in parts if part not in members and part.lower() not in folded]
        if "," in value and not enum.flags and len(parts) > 1:
            # One string, not several values: one finding for it.
            if unknown:
                self._emit(
                    "enum-value-unknown",
                    f"property `{prop.name}` has `{value}`, which is not a member of enum "
                    f"`{enum.qualified_name}` (nor a list of members: `{unknown[0]}` is none)",
                    path,
                )
            else:
                self._wrong(prop, f"`{value}`, several members in one string, for a single value (the enum is not flags)", path)
            return
        if unknown:
            hint = did_you_mean(unknown[0], members) if len(unknown) == 1 else None
            listed = ", ".join(f"`{part}`" for part in unknown)
            what = f"`{unknown[0]}`, which is not a member" if len(unknown) == 1 else f"{listed}, which are not members"
            suffix = f" (did you mean `{hint}`?)" if hint else ""
            self._emit(
                "enum-value-unknown",
                f"property `{prop.name}` has {what} of enum `{enum.qualified_name}`{suffix}",
                path,
            )
        for part in parts:
            if part not in members and part.lower() in folded:
                self._emit(
                    "enum-value-case",
                    f"property `{prop.name}` has `{part}`; enum `{enum.qualified_name}` spells it `{folded[part.lower()]}`",
                    path,
                )


_DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}")
_ENUM_SEPARATORS = re.compile(r"\s*[,|]\s*")
_ODATA_TYPE_PREFIX = re.compile(r"^\s*@odata\.type\s*:\s*")


def _names_type(value: str, typedef: TypeDef) -> bool:
    """True for a placeholder naming the type itself (``"microsoft.graph.itemBody"``, ``"itemBody"``,
    ``"@odata.type: microsoft.graph.alertFeedback"``)."""
    name, _ = strip_type_ref(_ODATA_TYPE_PREFIX.sub("", value))
    return name.lower() in (typedef.name.lower(), typedef.qualified_name.lower())


def _is_update(example: Example) -> bool:
    return example.kind == "request" and (example.method or "").upper() in ("PATCH", "PUT")


def _is_type_placeholder(value: Any) -> bool:
    """``{"@odata.type": "microsoft.graph.x"}``: a representation's stand-in for a value of a type."""
    return isinstance(value, dict) and bool(value) and all(_is_annotation_key(k) for k in value)


def _is_value_placeholder(value: str, prop: Property) -> bool:
    """``"contentType-value"``: the docs' placeholder for "some value of this property"."""
    return value.strip().lower() == f"{prop.name.lower()}-value"


def _type_text(prop: Property) -> str:
    return f"Collection({prop.type})" if prop.collection else prop.type

