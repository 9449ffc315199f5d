"""Navigation properties that API pages' request URLs declare (issue 3: properties that API pages
declare for types whose page lacks them).

``GET /users/{id | userPrincipalName}/joinedTeams`` answering a collection of ``team`` says that
``user`` has a navigation property ``joinedTeams`` of that type, whether or not ``user.md`` lists
it. This stage, run by :func:`docgen.resolve.join.resolve` once types and operations are built, adds
such properties and says so:

* **What a path addresses.** Request lines are normalised: query string, scheme, host and version
  dropped; ``/me`` is ``/users/{id}``; ``{id}``, ``{id | userPrincipalName}``, ``('id')`` and
  whole-segment sample GUIDs are keys (a placeholder naming a property, ``{property name}``, is
  not); ``root:/path:`` is ``items/{key}``. A GET, PATCH or PUT without a query string whose path
  is P and whose documented response is T says P addresses T (a collection when the response is
  one; P/{key} then addresses one T); so does an action page titled ``T: verb`` for its path
  without the verb, when that ends with a key. Where no page says, a prefix is followed through
  the model: a known property of the type the shorter prefix addresses, a key into a collection, a
  cast segment (``microsoft.graph.x``); a root segment no line follows with a key and that names an
  entity type is that singleton (``/security``). Properties this stage adds are never followed
  (one wrong page would spread).
* **The evidence.** A request line P/seg (GET, PATCH, PUT, or an action page titled ``X: verb``
  for P/seg/verb) or P/seg/{key} (any method) where P addresses one entity of type T, ``seg`` is a
  plain identifier (not ``$value``/``$ref``/``$count``, a cast or a call) that no request line or
  example calls as a function (``range(address=…)`` elsewhere makes ``…/range`` the function), and
  T, its bases and derived types have no property ``seg`` (case-insensitive). Pages whose request
  example is annotated ``"target": "action"`` (``GET /me/drive/recent``) and lines calling the
  verb their title names (:func:`docgen.extract.api_request.is_action`) are not evidence. The target type
  is the line's response type, which must be an entity type (a DELETE of P/seg/{key} has none:
  another line gives it); P/seg/{key} forms and collection responses mean a collection. Lines with
  a query string (``?$filter=…``) and bound actions say nothing about the shape when another line
  does.
* **The outcome.** One navigation property per (T, seg), named as most lines spell it, located at
  the first request line that gives its type (pages sorted by path; a line without a query string
  first), its type cell
  :data:`REQUEST_URL_CELL` followed by that line, and one info ``navigation-only-in-request-url``
  naming the type, the property and the page:line. When the lines disagree (two target types,
  collection and single) nothing is added and a warning ``navigation-evidence-conflict`` names
  the lines.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from docgen import lazy_re
from docgen.diagnostics import Diagnostic, Location, info, warning
from docgen.extract.api_request import is_action
from docgen.model.core import Operation, Property, RequestLine, TypeDef
from docgen.model.dataclass_ahead import dataclass

REQUEST_URL_CELL = "request URL:"
"""The start of the type cell of a property read from a request URL (the line follows)."""

ADDED_CODE = "navigation-only-in-request-url"
"""Info: a navigation property only a request URL declares was added to a type."""

CONFLICT_CODE = "navigation-evidence-conflict"
"""Warning: request URLs declare a navigation property but disagree on its type or shape."""

KEY = "{}"
"""A normalised key segment."""

PROPERTY = "{property}"
"""A normalised placeholder that stands for a property name (``{property name}``), not a key."""

_PROPERTY_PLACEHOLDER_RE = lazy_re.compile(r"(?:^|[\W_])property(?:$|[\W_])", re.IGNORECASE)
_CALL_RE = lazy_re.compile(r"(?:^|/)([A-Za-z_][\w.]*)\(")
_GUID_RE = lazy_re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.IGNORECASE)
"""A sample id written where a key placeholder belongs (``/education/classes/acdefc6b-…/``)."""
_BOUND_TITLE_RE = lazy_re.compile(r"^\s*([A-Za-z_][\w.]*)\s*:\s*([A-Za-z_]\w*)\s*$")
"""An action or function page's title: ``type: verb``."""
BOUND = "BOUND"
"""The method of a :class:`_Line` made from an action's path: what the title binds the verb to."""
_IDENTIFIER_RE = lazy_re.compile(r"^[A-Za-z_]\w*$")
_HOST_RE = lazy_re.compile(r"^[a-z]+://[^/]+", re.IGNORECASE)
_KEY_CALL_RE = lazy_re.compile(r"^([A-Za-z_]\w*)\((.*)\)$")
_KEY_ARGUMENT_RE = lazy_re.compile(r"^(?:'[^']*'|\{[^}]*\}|'\{[^}]*\}')$")
"""What a key in parentheses looks like: a quoted string or a placeholder."""
_VERSIONS = ("v1.0", "beta")
_ADDRESSING_METHODS = ("GET", "PATCH", "PUT")
"""Methods whose documented response is the resource the path addresses."""


def normalise(path: str) -> tuple[str, ...] | None:
    """The segments of a request path with keys as :data:`KEY`, or None when it cannot be read
    (an item path other than ``root:/…:``)."""
    path = path.split("?", 1)[0].split("#", 1)[0].strip()
    if "://" in path:
        path = _HOST_RE.sub("", path)
    raw = [s.strip() for s in path.split("/") if s.strip()]
    if raw and raw[0].lower() in _VERSIONS:
        raw = raw[1:]
    out: list[str] = []
    i = 0
    while i < len(raw):
        segment = raw[i]
        if segment.lower() == "me" and not out:
            out += ["users", KEY]
        elif len(segment) == 36 and _GUID_RE.match(segment):
            out.append(KEY)
        elif segment.startswith("{") and segment.endswith("}"):
            out.append(PROPERTY if _PROPERTY_PLACEHOLDER_RE.search(segment) else KEY)
        elif ":" in segment.partition("(")[0]:
            if segment.lower() != "root:":
                return None
            end = next((j for j in range(i + 1, len(raw)) if raw[j].endswith(":")), None)
            if end is None:
                return None
            out += ["items", KEY]
            i = end
        else:
            call = _KEY_CALL_RE.match(segment) if "(" in segment else None
            if call and _KEY_ARGUMENT_RE.match(call.group(2).strip()):
                out += [call.group(1), KEY]  # users('$AdeleVance@contoso.com'), items({id})
            else:
                out.append(segment)  # a call: range(address='A1'), range(<address>)
        i += 1
    return tuple(out)


def _plain(segment: str) -> bool:
    """A segment that can name a property: an identifier, not ``$value``, a call or a cast."""
    return bool(_IDENTIFIER_RE.match(segment))


@dataclass(frozen=True)
class _Line:
    """One usable request line with what its page says it answers."""

    method: str
    segments: tuple[str, ...]
    line: RequestLine
    response: tuple[str, bool] | None
    """(qualified type, collection) of the page's response, None without one."""
    query: bool
    """The line has a query string (``$expand``, ``$select`` … may change what it answers)."""


@dataclass(frozen=True)
class _Evidence:
    owner: str
    """Lower-cased qualified name of the type the prefix addresses."""
    name: str
    """The segment as written."""
    target: str | None
    collection: bool
    """True for P/seg/{key} forms and collection answers."""
    firm: bool
    """False for a line whose query string may change the answer's shape (``?$filter=…``)."""
    line: RequestLine


class _Types:
    """Lookups over the built types (lower-cased qualified names)."""

    def __init__(self, types: Sequence[TypeDef]):
        self.by_key = {t.qualified_name.lower(): t for t in types}
        self.children: dict[str, list[str]] = {}
        self.by_simple: dict[str, list[str]] = {}
        for t in types:
            self.by_simple.setdefault(t.name.lower(), []).append(t.qualified_name.lower())
            if t.base:
                self.children.setdefault(t.base.lower(), []).append(t.qualified_name.lower())

    def ancestry(self, key: str) -> list[str]:
        out = [key]
        current = self.by_key.get(key)
        while current is not None and current.base and current.base.lower() not in out:
            out.append(current.base.lower())
            current = self.by_key.get(current.base.lower())
        return out

    def family(self, key: str) -> list[str]:
        """The type, its bases and every type derived from it."""
        out = self.ancestry(key)
        stack = [key]
        while stack:
            for child in self.children.get(stack.pop(), []):
                if child not in out:
                    out.append(child)
                    stack.append(child)
        return out

    def find_property(self, key: str, name: str) -> Property | None:
        """``name`` on the type or its bases (case-insensitive)."""
        for k in self.ancestry(key):
            t = self.by_key.get(k)
            for prop in t.properties if t else ():
                if prop.name.lower() == name.lower():
                    return prop
        return None

    def has_anywhere(self, key: str, name: str) -> bool:
        lowered = name.lower()
        return any(
            p.name.lower() == lowered for k in self.family(key) if k in self.by_key for p in self.by_key[k].properties
        )

    def is_entity(self, key: str | None) -> bool:
        t = self.by_key.get(key.lower()) if key else None
        return t is not None and t.kind == "entity"


def _called(operations: Sequence[Operation]) -> set[str]:
    """Names some request line or request example calls as a function (``range(address='A1')``,
    ``delta()``): the same name written without parentheses elsewhere is that function too."""
    out: set[str] = set()
    for op in operations:
        urls = [line.path for line in op.request_lines] + [e.url for e in op.examples if e.url]
        for url in urls:
            out.update(m.group(1).rsplit(".", 1)[-1].lower() for m in _CALL_RE.finditer(url.split("?", 1)[0]))
    return out


def _targets_action(op: Operation) -> bool:
    """A request example annotated ``"target": "action"`` (``GET /me/drive/recent``): the page calls
    a function or an action, whatever its URL looks like."""
    return any(e.kind == "request" and str(e.annotation.get("target", "")).lower() == "action" for e in op.examples)


def _bound_type(op: Operation, segments: tuple[str, ...], types: _Types) -> str | None:
    """The entity type an action page's title binds its verb to (``userTeamwork: sendActivityNotification``
    for ``POST /users/{id}/teamwork/sendActivityNotification``), None when the title names none."""
    match = _BOUND_TITLE_RE.match(op.title)
    if match is None or match.group(2).lower() != segments[-1].rsplit(".", 1)[-1].lower():
        return None
    named = types.by_simple.get(match.group(1).rsplit(".", 1)[-1].lower(), [])
    return named[0] if len(named) == 1 and types.is_entity(named[0]) else None


def _lines(operations: Sequence[Operation], types: _Types) -> list[_Line]:
    out: list[_Line] = []
    for op in sorted(operations, key=lambda o: (o.location.path, o.location.line, o.location.col, o.name)):
        if _targets_action(op):
            continue
        response = None
        if op.response is not None and op.response.type and not op.response.type.startswith("Edm."):
            response = (op.response.type, op.response.collection)
        for line in op.request_lines:
            segments = normalise(line.path)
            if not segments:
                continue
            if is_action([line], op.title):
                bound = _bound_type(op, segments, types) if len(segments) > 1 else None
                if bound is not None:
                    out.append(_Line(BOUND, segments[:-1], line, (types.by_key[bound].qualified_name, False), False))
                continue
            out.append(_Line(line.method.upper(), segments, line, response, "?" in line.path))
    return out


class _Addressing:
    """What type (and shape) each normalised path prefix addresses."""

    def __init__(self, lines: Sequence[_Line], types: _Types):
        self.types = types
        self.direct: dict[tuple[str, ...], set[tuple[str, bool]]] = {}
        for item in lines:
            if item.method == BOUND and item.segments[-1] != KEY:
                continue  # bound to one entity or to a collection of them: the title does not say
            if item.method in (*_ADDRESSING_METHODS, BOUND) and item.response is not None and not item.query:
                type_name, collection = item.response
                if item.segments[-1] == KEY and collection:
                    continue  # a key answering a collection: the page is not about this path
                key = tuple(s.lower() for s in item.segments)
                self.direct.setdefault(key, set()).add((type_name.lower(), collection))
        self._memo: dict[tuple[str, ...], tuple[str, bool] | None] = {}
        self.keyed_roots = {i.segments[0].lower() for i in lines if len(i.segments) > 1 and i.segments[1] == KEY}
        """Root segments some line follows with a key: entity sets, not singletons."""

    def of(self, segments: tuple[str, ...]) -> tuple[str, bool] | None:
        """(lower-cased qualified type, collection) ``segments`` address, None when unknown or ambiguous."""
        key = tuple(s.lower() for s in segments)
        if key in self._memo:
            return self._memo[key]
        self._memo[key] = None  # a cycle answers "unknown"
        result = self._find(key)
        self._memo[key] = result
        return result

    def _find(self, key: tuple[str, ...]) -> tuple[str, bool] | None:
        direct = self.direct.get(key)
        if direct:
            return next(iter(direct)) if len(direct) == 1 else None
        if len(key) == 1:
            # a singleton named after its type (/security, /teamwork): a root no line follows with a key
            named = self.types.by_simple.get(key[0], [])
            if key[0] not in self.keyed_roots and len(named) == 1 and self.types.is_entity(named[0]):
                return (named[0], False)
            return None
        parent = self.of(key[:-1])
        if parent is None:
            return None
        type_key, collection = parent
        last = key[-1]
        if last == KEY:
            return (type_key, False) if collection else None
        if last in self.types.by_key:  # a cast: microsoft.graph.user
            return (last, collection)
        if collection:
            return None
        prop = self.types.find_property(type_key, last)
        if prop is None or prop.type.startswith("Edm."):
            return None
        return (prop.type.lower(), prop.collection)


def _evidence(lines: Sequence[_Line], addressing: _Addressing, types: _Types, called: set[str]) -> list[_Evidence]:
    out: list[_Evidence] = []
    for item in lines:
        segments = item.segments
        keyed = segments[-1] == KEY
        if keyed:
            prefix, name = segments[:-2], segments[-2] if len(segments) >= 2 else ""
        elif item.method in (*_ADDRESSING_METHODS, BOUND):
            prefix, name = segments[:-1], segments[-1]
        else:
            continue
        if not prefix or not _plain(name) or name.lower() in called:
            continue
        owner = addressing.of(prefix)
        if owner is None or owner[1] or not types.is_entity(owner[0]):
            continue
        if types.has_anywhere(owner[0], name):
            continue
        target, collection = None, keyed
        if item.response is not None and item.method in (*_ADDRESSING_METHODS, BOUND):
            response_type, response_collection = item.response
            if keyed and response_collection:
                continue  # a key answering a collection: not about this path
            target = response_type if types.is_entity(response_type) else None
            collection = keyed or response_collection
            if target is None:
                continue  # a complex or primitive answer: not a navigation property
        firm = keyed or not (item.query or item.method == BOUND)  # a bound action: one entity or a collection
        out.append(_Evidence(owner[0], name, target, collection, firm, item.line))
    return out


def infer_navigation(
    types: Sequence[TypeDef], operations: Sequence[Operation]
) -> tuple[list[TypeDef], list[Diagnostic]]:
    """``types`` with the navigation properties request URLs declare added, and the diagnostics
    saying so (see the module docstring)."""
    index = _Types(types)
    lines = _lines(operations, index)
    evidence = _evidence(lines, _Addressing(lines, index), index, _called(operations))
    grouped: dict[tuple[str, str], list[_Evidence]] = {}
    for item in evidence:
        grouped.setdefault((item.owner, item.name.lower()), []).append(item)
    added: dict[str, list[Property]] = {}
    diagnostics: list[Diagnostic] = []
    for (owner, _), items in sorted(grouped.items()):
        items.sort(key=lambda e: e.line.location)
        owner_name = index.by_key[owner].qualified_name
        targets = sorted({e.target for e in items if e.target is not None}, key=str.lower)
        typed = [e for e in items if e.target is not None]
        shapes = {e.collection for e in items if e.firm} or {e.collection for e in items}
        first = items[0]
        if not targets:
            continue  # nothing says what the property holds
        if len({t.lower() for t in targets}) > 1 or len(shapes) > 1:
            said = "; ".join(
                f"{_where(e.line.location)} {e.target or '?'}{' collection' if e.collection else ''}" for e in items
            )
            message = (
                f'request URLs declare navigation property "{first.name}" of "{owner_name}" but disagree '
                f"({said}); not added"
            )
            diagnostics.append(warning(CONFLICT_CODE, message, first.line.location))
            continue
        source = next((e for e in typed if e.firm), typed[0])
        spellings = [e.name for e in items]
        prop = Property(
            name=max(dict.fromkeys(spellings), key=spellings.count),  # the most used spelling, first on a tie
            type=index.by_key[targets[0].lower()].qualified_name,
            collection=next(iter(shapes)),
            location=source.line.location,
            navigation=True,
            type_cell=f"{REQUEST_URL_CELL} {source.line.method} {source.line.path}",
        )
        added.setdefault(owner, []).append(prop)
        shape = f"collection of {prop.type}" if prop.collection else prop.type
        message = (
            f'type "{owner_name}" has no property "{prop.name}", but the request URL at '
            f"{_where(source.line.location)} navigates to it ({shape}); added as a navigation property"
        )
        diagnostics.append(info(ADDED_CODE, message, source.line.location))
    out = [
        replace(t, properties=t.properties + tuple(sorted(added[k], key=lambda p: p.name.lower())))
        if (k := t.qualified_name.lower()) in added
        else t
        for t in types
    ]
    return out, diagnostics


def _where(location: Location) -> str:
    return f"{location.path}:{location.line}"
