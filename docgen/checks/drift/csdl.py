"""Read a service's OData CSDL metadata (``$metadata`` XML) into frozen dataclasses.

Only what :mod:`docgen.checks.drift.compare` compares with the docs is kept: entity, complex and enum types per
schema namespace, their properties (type, collection, nullable), navigation properties
(``ContainsTarget``), ``BaseType``, ``Abstract``, ``OpenType``, keys, and enum members
(``IsFlags``). Type references are resolved through schema aliases (``graph.user`` becomes
``microsoft.graph.user``), so they use the same spelling as :mod:`docgen.model.core`.

The XML is read with the standard library's expat parser feeding an
:class:`xml.etree.ElementTree.TreeBuilder`, so every element keeps the line it starts on. Bad input
(unreadable file, malformed XML, a type without a name) becomes a :class:`Diagnostic`; nothing
raises.
"""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET
from pathlib import Path
from xml.parsers import expat

from docgen.diagnostics import Diagnostic, Location, error, warning
from docgen.model.dataclass_ahead import dataclass

_LINE = "{docgen}line"
"""Attribute key under which the element's start line is stored in the built tree."""

_KINDS = {"EntityType": "entity", "ComplexType": "complex", "EnumType": "enum"}
"""CSDL element name -> :data:`docgen.model.core.TYPE_KINDS` value."""


@dataclass(frozen=True)
class CsdlProperty:
    """A ``Property`` or ``NavigationProperty`` of a structured type."""

    name: str
    """The property name as the metadata spells it."""
    type: str
    """Element type: ``Edm.*`` or a qualified name with aliases resolved (``microsoft.graph.x``)."""
    collection: bool
    """True when the type is written ``Collection(...)``."""
    line: int
    """Line of the element in the CSDL file."""
    nullable: bool = True
    """``Nullable`` (CSDL's default when absent is true)."""
    navigation: bool = False
    """True for a ``NavigationProperty``."""
    contains_target: bool = False
    """``ContainsTarget="true"`` on a navigation property."""


@dataclass(frozen=True)
class CsdlMember:
    """A ``Member`` of an ``EnumType``."""

    name: str
    """The member name."""
    line: int
    """Line of the element in the CSDL file."""
    value: int | None = None
    """The ``Value`` attribute, None when absent or not an integer."""


@dataclass(frozen=True)
class CsdlType:
    """An ``EntityType``, ``ComplexType`` or ``EnumType``."""

    name: str
    """The simple name (``user``)."""
    namespace: str
    """The schema namespace (``microsoft.graph``)."""
    kind: str
    """``entity``, ``complex`` or ``enum``."""
    line: int
    """Line of the element in the CSDL file."""
    base: str | None = None
    """Qualified ``BaseType`` with aliases resolved, None when there is none."""
    abstract: bool = False
    """``Abstract="true"``."""
    open_type: bool = False
    """``OpenType="true"``."""
    properties: tuple[CsdlProperty, ...] = ()
    """Declared properties then navigation properties, in document order."""
    members: tuple[CsdlMember, ...] = ()
    """Enum members in document order (enums only)."""
    flags: bool = False
    """``IsFlags="true"`` (enums only)."""
    key: tuple[str, ...] = ()
    """Names in ``Key/PropertyRef`` (entities only)."""

    @property
    def qualified_name(self) -> str:
        """``namespace.name``."""
        return f"{self.namespace}.{self.name}" if self.namespace else self.name


@dataclass(frozen=True)
class CsdlMetadata:
    """Everything read from one CSDL document."""

    path: str
    """The file as given (used in locations)."""
    types: tuple[CsdlType, ...] = ()
    """Every entity, complex and enum type, sorted by qualified name (case-insensitive)."""
    namespaces: tuple[str, ...] = ()
    """Schema namespaces in document order."""
    aliases: tuple[tuple[str, str], ...] = ()
    """(alias, namespace) pairs in document order."""
    sha256: str = ""
    """The SHA-256 of the bytes this was read from (empty when built otherwise): what a stored
    comparison with this metadata is keyed by."""

    def type_index(self) -> dict[str, CsdlType]:
        """Types by lower-cased qualified name."""
        return {t.qualified_name.lower(): t for t in self.types}

    def location(self, line: int) -> Location:
        """A location in the CSDL file."""
        return Location(self.path, line, 1)


def _local(tag: str) -> str:
    """The element name without its XML namespace (expat reports ``uri name``)."""
    return tag.rsplit(" ", 1)[-1]


def _build_tree(data: bytes) -> ET.Element:
    """Parse ``data`` into an element tree whose elements carry their line under :data:`_LINE`."""
    builder = ET.TreeBuilder()
    parser = expat.ParserCreate(namespace_separator=" ")

    def start(tag: str, attrs: dict[str, str]) -> None:
        attrs = {_local(k): v for k, v in attrs.items()}
        attrs[_LINE] = str(parser.CurrentLineNumber)
        builder.start(_local(tag), attrs)

    parser.StartElementHandler = start
    parser.EndElementHandler = lambda tag: builder.end(_local(tag))
    parser.Parse(data, True)
    return builder.close()


def _is_true(value: str | None) -> bool:
    return (value or "").strip().lower() == "true"


class _Reader:
    """Turns the element tree into :class:`CsdlType` values, collecting diagnostics."""

    def __init__(self, path: str, root: ET.Element):
        self.path = path
        self.root = root
        self.diagnostics: list[Diagnostic] = []
        self.schemas = [e for e in root.iter("Schema")]
        self.aliases = [
            (s.get("Alias", ""), s.get("Namespace", ""))
            for s in self.schemas
            if s.get("Alias")
        ]
        self.alias_map = {alias: ns for alias, ns in self.aliases}

    def loc(self, element: ET.Element) -> Location:
        return Location(self.path, int(element.get(_LINE, "1")), 1)

    def resolve(self, ref: str) -> tuple[str, bool]:
        """(element type with aliases resolved, is collection) for a ``Type`` attribute."""
        text = ref.strip()
        collection = text.startswith("Collection(") and text.endswith(")")
        if collection:
            text = text[len("Collection(") : -1].strip()
        prefix, _, name = text.rpartition(".")
        if prefix in self.alias_map:
            text = f"{self.alias_map[prefix]}.{name}"
        return text, collection

    def read(self) -> list[CsdlType]:
        types: list[CsdlType] = []
        for schema in self.schemas:
            namespace = schema.get("Namespace", "")
            if not namespace:
                self.diagnostics.append(
                    warning(
                        "csdl-schema-without-namespace",
                        "Schema has no Namespace",
                        self.loc(schema),
                    )
                )
            for element in schema:
                kind = _KINDS.get(element.tag)
                if kind is None:
                    continue
                name = element.get("Name", "").strip()
                if not name:
                    self.diagnostics.append(
                        warning(
                            "csdl-type-without-name",
                            f"{element.tag} has no Name",
                            self.loc(element),
                        )
                    )
                    continue
                types.append(self.read_type(element, kind, name, namespace))
        return types

    def read_type(
        self, element: ET.Element, kind: str, name: str, namespace: str
    ) -> CsdlType:
        base = element.get("BaseType")
        return CsdlType(
            name=name,
            namespace=namespace,
            kind=kind,
            line=self.loc(element).line,
            base=self.resolve(base)[0] if base else None,
            abstract=_is_true(element.get("Abstract")),
            open_type=_is_true(element.get("OpenType")),
            properties=self.read_properties(element) if kind != "enum" else (),
            members=self.read_members(element) if kind == "enum" else (),
            flags=_is_true(element.get("IsFlags")),
            key=tuple(
                ref.get("Name", "")
                for key in element.findall("Key")
                for ref in key.findall("PropertyRef")
            ),
        )

    def read_properties(self, element: ET.Element) -> tuple[CsdlProperty, ...]:
        props = []
        for child in element:
            if child.tag not in ("Property", "NavigationProperty"):
                continue
            name = child.get("Name", "").strip()
            if not name:
                self.diagnostics.append(
                    warning(
                        "csdl-property-without-name",
                        f"{child.tag} has no Name",
                        self.loc(child),
                    )
                )
                continue
            type_text, collection = self.resolve(child.get("Type", ""))
            if not type_text:
                self.diagnostics.append(
                    warning(
                        "csdl-property-without-type",
                        f"{child.tag} {name!r} has no Type",
                        self.loc(child),
                    )
                )
            nullable = child.get("Nullable")
            props.append(
                CsdlProperty(
                    name=name,
                    type=type_text,
                    collection=collection,
                    line=self.loc(child).line,
                    nullable=True if nullable is None else _is_true(nullable),
                    navigation=child.tag == "NavigationProperty",
                    contains_target=_is_true(child.get("ContainsTarget")),
                )
            )
        return tuple(props)

    def read_members(self, element: ET.Element) -> tuple[CsdlMember, ...]:
        members = []
        for child in element.findall("Member"):
            name = child.get("Name", "").strip()
            if not name:
                self.diagnostics.append(
                    warning(
                        "csdl-member-without-name",
                        "Member has no Name",
                        self.loc(child),
                    )
                )
                continue
            raw = child.get("Value")
            try:
                value = int(raw) if raw is not None else None
            except ValueError:
                value = None
                self.diagnostics.append(
                    warning(
                        "csdl-member-bad-value",
                        f"Member {name!r} has a non-integer Value {raw!r}",
                        self.loc(child),
                    )
                )
            members.append(
                CsdlMember(name=name, line=self.loc(child).line, value=value)
            )
        return tuple(members)


def parse_csdl(
    data: bytes | str, path: str
) -> tuple[CsdlMetadata | None, list[Diagnostic]]:
    """Read CSDL from ``data``; ``path`` is only used in locations.

    Returns (None, [error]) when the XML is malformed or has no ``Schema``.
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    try:
        root = _build_tree(data)
    except expat.ExpatError as exc:
        message = expat.ErrorString(exc.code) if exc.code else str(exc)
        return None, [
            error(
                "csdl-invalid-xml",
                f"malformed XML: {message}",
                Location(path, exc.lineno, exc.offset + 1),
            )
        ]
    reader = _Reader(path, root)
    if not reader.schemas:
        return None, [
            error(
                "csdl-no-schema",
                "no <Schema> element: not CSDL metadata",
                Location(path, 1, 1),
            )
        ]
    types = reader.read()
    seen: dict[str, CsdlType] = {}
    unique: list[CsdlType] = []
    for t in types:
        key = t.qualified_name.lower()
        if key in seen:
            reader.diagnostics.append(
                warning(
                    "csdl-duplicate-type",
                    f"{t.qualified_name} is declared again (first at line {seen[key].line}); the first is kept",
                    Location(path, t.line, 1),
                )
            )
            continue
        seen[key] = t
        unique.append(t)
    unique.sort(key=lambda t: (t.qualified_name.lower(), t.qualified_name))
    metadata = CsdlMetadata(
        path=path,
        types=tuple(unique),
        namespaces=tuple(s.get("Namespace", "") for s in reader.schemas),
        aliases=tuple(reader.aliases),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    return metadata, sorted(reader.diagnostics, key=Diagnostic.sort_key)


def csdl_bytes(
    path: Path | str, display: str | None = None
) -> tuple[bytes | None, str, list[Diagnostic]]:
    """The bytes of the CSDL file at ``path``, the name locations show (``display``, default:
    ``path`` as given) and, when it cannot be read, (None, name, [error])."""
    shown = display if display is not None else Path(path).as_posix()
    try:
        return Path(path).read_bytes(), shown, []
    except OSError as exc:
        return None, shown, [
            error(
                "csdl-unreadable",
                f"cannot read metadata: {exc.strerror or exc}",
                Location(shown, 1, 1),
            )
        ]


def read_csdl(
    path: Path | str, display: str | None = None
) -> tuple[CsdlMetadata | None, list[Diagnostic]]:
    """Read the CSDL file at ``path``; ``display`` (default: ``path`` as given) is used in locations."""
    data, shown, problems = csdl_bytes(path, display)
    if data is None:
        return None, problems
    return parse_csdl(data, shown)
