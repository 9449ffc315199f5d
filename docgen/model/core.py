"""The intermediate model: what the docs say, independent of any template.

Every node is a frozen dataclass with a source location. Stages build new values; nothing mutates
a model after it is built, and no model object knows about templates or output files.

Type references are strings: primitives as their Edm names (``Edm.String``), everything else as a
qualified name (``microsoft.graph.itemBody``). Page extraction produces *page-level* models whose
names may still be unqualified; :mod:`docgen.resolve.join` joins them into one :class:`Model`.
"""

from __future__ import annotations

from dataclasses import field
from typing import Any

from docgen.diagnostics import Diagnostic, Location
from docgen.model.dataclass_ahead import dataclass
from docgen.model.lazy import lazy

TYPE_KINDS = ("entity", "complex", "enum")
"""The values :attr:`TypeDef.kind` may take."""

EXAMPLE_KINDS = ("request", "response", "resource")
"""The values :attr:`Example.kind` may take."""


@dataclass(frozen=True)
class Property:
    """One row of a properties, relationships or request-body table."""

    name: str
    """The wire name as the docs write it (``assignedDateTime``)."""
    type: str
    """``Edm.*`` primitive or qualified type name; ``Edm.Untyped`` when the cell is empty/unknown."""
    collection: bool
    """True for ``String collection``, ``Collection(x)``, ``[x](…) collection``."""
    location: Location
    """The table row."""
    description: str = ""
    """The description cell as plain text (markdown links reduced to their text)."""
    navigation: bool = False
    """True for rows of a Relationships table (navigation properties)."""
    required: bool = False
    """True when the description says ``Required.`` (request bodies) or the key property."""
    nullable: bool | None = None
    """What the docs say about null (``Nullable.``/``Not nullable.``), None when silent."""
    read_only: bool = False
    """True when the description says ``Read-only``."""
    inherited_from: str | None = None
    """The type named in ``Inherited from [x]`` (as written/qualified), None when not inherited."""
    enum_values: tuple[str, ...] = ()
    """Members listed in the description cell (``The possible values are: `a`, `b`.``)."""
    type_cell: str = ""
    """The raw type cell, kept for diagnostics and drift reports."""


@dataclass(frozen=True)
class EnumMember:
    """One member of an enum type."""

    name: str
    """The wire value (``notStarted``)."""
    location: Location
    """Where the member is documented."""
    value: int | None = None
    """The numeric value when a ``Value`` column gives one."""
    description: str = ""
    """The member's description, if any."""


@dataclass(frozen=True)
class TypeDef:
    """An entity, complex or enum type."""

    name: str
    """The simple name (``learningAssignment``)."""
    namespace: str
    """The namespace (``microsoft.graph``)."""
    kind: str
    """``entity``, ``complex`` or ``enum`` (see :data:`TYPE_KINDS`)."""
    location: Location
    """The page (title line) or cell that defines or first mentions the type."""
    base: str | None = None
    """Qualified name of the base type, None when it has none."""
    description: str = ""
    """The type's description (first paragraph of its page, or empty)."""
    properties: tuple[Property, ...] = lazy((), "Property")
    """Properties the type declares itself (inherited ones live on the base)."""
    members: tuple[EnumMember, ...] = lazy((), "EnumMember")
    """Enum members (only for ``kind == "enum"``)."""
    abstract: bool = False
    """From the resource annotation's ``abstract``."""
    open_type: bool = False
    """From the resource annotation's ``openType``: unknown properties are expected."""
    key_property: str | None = None
    """From the resource annotation's ``keyProperty``."""
    documented: bool = True
    """False when the type is known only by name (a link or type cell; no page of its own)."""
    flags: bool = False
    """True for flag enums (``isFlags``)."""
    sources: tuple[Location, ...] = ()
    """Every place that contributed to this type (pages, merged enum tables, API body tables)."""
    representation: "Example | None" = lazy(None, "Example")
    """The resource page's JSON representation block (kind ``request``-less: ``kind="resource"``)."""

    @property
    def qualified_name(self) -> str:
        """``namespace.name``."""
        return f"{self.namespace}.{self.name}" if self.namespace else self.name


@dataclass(frozen=True)
class Header:
    """A row of a request-headers table."""

    name: str
    """The header name (``Authorization``)."""
    location: Location
    """The table row."""
    description: str = ""
    """The description cell."""
    required: bool = False
    """True when the row says the header is required on every call (``Required.``, not "Required
    only if …": :func:`docgen.extract.api_access.header_required`)."""


@dataclass(frozen=True)
class RequestLine:
    """One line of an HTTP request block: method and path template."""

    method: str
    """Upper-case HTTP method."""
    path: str
    """The path as documented (``/users/{id | userPrincipalName}/messages``), query string kept."""
    location: Location
    """The line in the fence."""


@dataclass(frozen=True)
class Permissions:
    """The permissions table of an API page."""

    location: Location
    """The table (or the include that stands for it)."""
    delegated_work: tuple[str, ...] = ()
    """Delegated (work or school account) permissions, least privileged first."""
    delegated_personal: tuple[str, ...] = ()
    """Delegated (personal Microsoft account) permissions."""
    application: tuple[str, ...] = ()
    """Application permissions."""
    raw: tuple[tuple[str, ...], ...] = ()
    """Every row as its cells' text (the permission type, then each permissions cell: "least
    privileged" and "higher privileged" in today's tables), placeholders included; a transposed
    table's as (column header, cell) pairs."""
    include: str = ""
    """The include file the table is in (``[!INCLUDE [permissions-table](../includes/permissions/x.md)]``),
    as a path relative to the docs tree; empty when the page holds the table itself."""


@dataclass(frozen=True)
class RequestBody:
    """What the request body section says."""

    location: Location
    """The section heading or table."""
    type: str | None = None
    """The qualified body type (from "a JSON representation of [x]" or the page's subject)."""
    collection: bool = False
    """True when the body is a collection of ``type``."""
    properties: tuple[Property, ...] = ()
    """Rows of the body/parameters table."""


@dataclass(frozen=True)
class Response:
    """What the response section says."""

    location: Location
    """The section's sentence that gives the status."""
    status: int
    """The success status code (200, 201, 204 …)."""
    type: str | None = None
    """Qualified type of the response body, None when there is none."""
    collection: bool = False
    """True when the body is a collection (``value`` array)."""


@dataclass(frozen=True)
class Example:
    """An annotated request or response example."""

    kind: str
    """``request``, ``response`` or ``resource`` (a JSON representation block; see :data:`EXAMPLE_KINDS`)."""
    name: str
    """The annotation's ``name`` (responses inherit the preceding request's when they lack one)."""
    location: Location
    """The fence's first line."""
    annotation: dict[str, Any] = field(default_factory=dict)
    """The parsed annotation comment (``blockType``, ``truncated``, ``@odata.type`` …)."""
    method: str | None = None
    """Request examples: the HTTP method."""
    url: str | None = None
    """Request examples: the URL or path as written."""
    status: int | None = None
    """Response examples: the status code from ``HTTP/1.1 200 OK``."""
    headers: tuple[tuple[str, str], ...] = ()
    """Header lines in order."""
    body_text: str = ""
    """The raw body text."""
    body: Any = None
    """The parsed JSON body, None when absent or invalid."""
    body_error: Diagnostic | None = None
    """Why the body is not valid JSON, located inside the fence."""

    @property
    def truncated(self) -> bool:
        """True when the annotation says the body was shortened."""
        value = self.annotation.get("truncated")
        return value is True or (isinstance(value, str) and value.lower() == "true")


@dataclass(frozen=True)
class Operation:
    """One API page: an operation with its request lines, headers, body, response and examples."""

    name: str
    """A stable identifier from the page (``update_learningassignment``)."""
    title: str
    """The page's H1 title (``Update learningAssignment``)."""
    location: Location
    """The page (its first line)."""
    method: str = "GET"
    """The HTTP method of the first request line."""
    request_lines: tuple[RequestLine, ...] = lazy((), "RequestLine")
    """Every request line of the HTTP request section."""
    description: str = ""
    """The first paragraph after the title."""
    namespace: str = ""
    """The page's ``Namespace:`` line, empty when absent."""
    headers: tuple[Header, ...] = lazy((), "Header")
    """The request headers table."""
    permissions: Permissions | None = lazy(None, "Permissions")
    """The permissions table, None when the page has none."""
    request_body: RequestBody | None = lazy(None, "RequestBody")
    """The request body, None when the section says there is none."""
    response: Response | None = lazy(None, "Response")
    """The documented success response."""
    examples: tuple[Example, ...] = lazy((), "Example")
    """Annotated examples in page order."""
    parameters: tuple[Property, ...] = lazy((), "Property")
    """Rows of a "Function parameters" (or path/query parameters) table, in page order."""

    @property
    def paths(self) -> tuple[str, ...]:
        """The request paths in order."""
        return tuple(line.path for line in self.request_lines)


@dataclass(frozen=True)
class PageInfo:
    """What docgen knows about one input page as a whole."""

    path: str
    """The page's path (as in every :class:`Location`)."""
    kind: str
    """``api``, ``resource``, ``enum``, ``conceptual`` or ``unknown``."""
    title: str
    """The H1 title."""
    front_matter: dict[str, str] = field(default_factory=dict)
    """The YAML front matter's key/value pairs as written (quotes removed)."""
    sha256: str = ""
    """Hash of the page's bytes (for caching and generated headers)."""


@dataclass(frozen=True)
class Model:
    """The resolved model of a documentation tree."""

    types: tuple[TypeDef, ...] = ()
    """Every type, sorted by qualified name."""
    operations: tuple[Operation, ...] = ()
    """Every operation, sorted by name then location."""
    diagnostics: tuple[Diagnostic, ...] = ()
    """Everything found wrong, sorted by location."""
    pages: tuple[PageInfo, ...] = ()
    """The input pages, sorted by path."""

    def type_index(self) -> dict[str, TypeDef]:
        """Types by qualified name."""
        return {t.qualified_name: t for t in self.types}
