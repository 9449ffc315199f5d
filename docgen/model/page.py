"""Page-level model: what one page says, before pages are joined by :mod:`docgen.resolve.join`.

Plain frozen dataclasses (the cache stores them as plain data through :mod:`docgen.pipeline.plain`;
they are built in worker processes and pickled only between docgen's own processes).
Type references stay :class:`~docgen.read.typecells.TypeRef` values here; resolution turns them into
qualified names.
"""

from __future__ import annotations

from docgen.diagnostics import Diagnostic, Location
from docgen.model.core import (
    EnumMember,
    Example,
    Header,
    PageInfo,
    Permissions,
    RequestLine,
)
from docgen.model.dataclass_ahead import dataclass
from docgen.read.typecells import TypeRef

ORIGINS = ("resource", "enum", "values", "declared")
"""Where a :class:`PageType` comes from: a resource page, an enum table, the ``### x values``
tables of a resource page, or rows of another page's table (an API page's request body, "Inherited from"
rows) that declare properties of a type which may have no page of its own)."""


@dataclass(frozen=True)
class PageProperty:
    """One row of a properties, relationships or request body table."""

    name: str
    """The wire name."""
    ref: TypeRef
    """The type cell's reading."""
    location: Location
    """The row (its first cell)."""
    description: str = ""
    """The description cell as plain text."""
    navigation: bool = False
    """True for Relationships rows."""
    required: bool = False
    """True when the row says ``Required``."""
    nullable: bool | None = None
    """``Nullable.`` -> True, ``Not nullable.`` -> False, else None."""
    read_only: bool = False
    """True when the row says ``Read-only``."""
    inherited_from: TypeRef | None = None
    """The type named by ``Inherited from [x]``."""
    enum_values: tuple[str, ...] = ()
    """Members listed in the description (``The possible values are: `a`, `b`.``)."""
    shown_as: str = ""
    """The spelling of the page's JSON representation key when it differs from :attr:`name` only in
    case (``subUnit`` row, ``subunit`` key); resolution picks the wire name the examples use."""


@dataclass(frozen=True)
class BaseClaim:
    """One statement of a type's base type."""

    ref: TypeRef
    """The base type named."""
    source: str
    """``prose`` (Inherits from / Derived from), ``annotation`` (``baseType``), ``rows`` (Inherited from)
    or ``derived`` (the base's page lists this type among its derived types)."""


@dataclass(frozen=True)
class PageType:
    """A type as one page (or one table of a page) documents it."""

    name: str
    """Simple name."""
    namespace: str
    """Namespace from the qualified name or the page's ``Namespace:`` line; empty when unknown."""
    kind: str
    """``entity``, ``complex``, ``enum``, or empty when the page does not say."""
    location: Location
    """The title line or table that defines it."""
    origin: str
    """See :data:`ORIGINS`."""
    description: str = ""
    """First paragraph after the title."""
    properties: tuple[PageProperty, ...] = ()
    """Rows of the Properties and Relationships tables (or a request body's own rows)."""
    members: tuple[EnumMember, ...] = ()
    """Enum members."""
    bases: tuple[BaseClaim, ...] = ()
    """Every base type statement the page makes."""
    abstract: bool = False
    """Annotation ``abstract``."""
    open_type: bool = False
    """Annotation ``openType``."""
    key_property: str | None = None
    """Annotation ``keyProperty``."""
    flags: bool = False
    """Flag enum."""
    representation: Example | None = None
    """The JSON representation block."""
    anchors: tuple[str, ...] = ()
    """Anchors (lower-case) that link to this type on its page (``risklevel-values``)."""
    derived: tuple[TypeRef, ...] = ()
    """Types the page lists as derived from this one (``## Derived types``, "the derived types are …")."""
    declared_by: TypeRef | None = None
    """For ``declared`` types: the reference that names the type on the declaring page."""


@dataclass(frozen=True)
class PageBody:
    """An API page's request body section."""

    location: Location
    """The section heading or table."""
    ref: TypeRef | None = None
    """The body's type, when the page names it."""
    properties: tuple[PageProperty, ...] = ()
    """Rows of the body/parameters table (of every table, when there are several: first row of a
    name wins)."""
    tables: tuple[tuple[TypeRef | None, tuple[PageProperty, ...]], ...] = ()
    """When the section has several tables (one per subtype: "… for an assigned learning course
    activity (**learningAssignment**)"), each table's rows with the type the sentence before it
    names (None when it names none); empty for a single table."""


@dataclass(frozen=True)
class PageResponse:
    """An API page's response section."""

    location: Location
    """The sentence giving the status."""
    status: int
    """Success status code."""
    ref: TypeRef | None = None
    """The returned type, None when the body is empty."""


@dataclass(frozen=True)
class PageOperation:
    """An API page's operation before its type references are resolved."""

    name: str
    """Identifier: the first request example's name, else the file name."""
    title: str
    """H1 title."""
    location: Location
    """The page's first line."""
    method: str
    """Method of the first request line."""
    request_lines: tuple[RequestLine, ...]
    """Every request line."""
    description: str = ""
    """First paragraph after the title."""
    namespace: str = ""
    """The ``Namespace:`` line."""
    headers: tuple[Header, ...] = ()
    """Request headers."""
    permissions: Permissions | None = None
    """Permissions table."""
    body: PageBody | None = None
    """Request body, None when there is none."""
    response: PageResponse | None = None
    """Success response."""
    examples: tuple[Example, ...] = ()
    """Annotated examples in page order."""
    subject: TypeRef | None = None
    """The type the page is about (body type or the resource the description links to)."""
    parameters: tuple[PageProperty, ...] = ()
    """Rows of the function, path and query parameters tables, in page order."""


@dataclass(frozen=True)
class PageLink:
    """A link from this page to another page of the docs tree."""

    target: str
    """Normalised target path (lower-case)."""
    anchor: str | None
    """Lower-case anchor, if any."""
    text: str
    """Link text."""
    location: Location
    """Where the link is."""


@dataclass(frozen=True)
class QualifiedUse:
    """A qualified type name written on the page (cell, link text or example ``@odata.type``)."""

    name: str
    """The qualified name as written (without ``#``)."""
    location: Location
    """Where it is written."""
    source: str
    """``cell`` or ``example``."""


@dataclass(frozen=True)
class PageModel:
    """Everything one page contributes to the model."""

    info: PageInfo
    """Path, kind, title, front matter, hash."""
    namespace: str = ""
    """The ``Namespace:`` line, empty when absent."""
    namespace_location: Location | None = None
    """Where the ``Namespace:`` line is."""
    types: tuple[PageType, ...] = ()
    """Types the page documents or declares."""
    operations: tuple[PageOperation, ...] = ()
    """The page's operation (API pages)."""
    links: tuple[PageLink, ...] = ()
    """Links to other ``.md`` pages."""
    qualified_uses: tuple[QualifiedUse, ...] = ()
    """Qualified type names written on the page (for namespace checks)."""
    diagnostics: tuple[Diagnostic, ...] = ()
    """Problems found on this page alone."""
    permissions: Permissions | None = None
    """An include page's (``ms.topic: include``) permissions table, for the API pages that include it."""
