"""Plan the request builders: URL templates with typed parameters, headers, body and response.

Request lines are split into literal text and ``{placeholder}`` parameters here, so the runtime
only ever fills placeholders docgen named itself (no format strings over doc text).
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace

from docgen import lazy_re
from docgen.diagnostics import Diagnostic, Location, info, warning
from docgen.model.core import Operation, RequestLine
from docgen.model.dataclass_ahead import dataclass
from docgen.render import naming
from docgen.render.models import FieldPlan, Registry, plan_fields

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}|<([^<>/]*)>")
_BASE = re.compile(r"^https?://[^/]+(?:/(?:v1\.0|beta))?", re.IGNORECASE)
_HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+\Z")

AUTOMATIC_HEADERS = frozenset(
    {"authorization", "content-type", "content-length", "host"}
)
"""Headers the builder sets itself (Authorization from the token, Content-Type from the body)."""

OPTION_HEADERS = ("If-Match", "ConsistencyLevel", "Prefer")
"""Headers every builder offers as options, documented or not."""

RESERVED_PARAMS = frozenset(
    {"body", "token", "base_url", "query", "headers", "form", "transport"}
)
"""Builder keyword arguments that are not path parameters."""


@dataclass(frozen=True)
class Segment:
    """A piece of a request line: literal text or a parameter."""

    text: str
    """Literal text (for a parameter: the placeholder as documented)."""
    param: str | None = None
    """The builder parameter's name, None for literal text."""
    quoted: bool = False
    """True for ``'{x}'``: the value is an OData string literal."""
    slashes: bool = False
    """True for ``root:/{path}:``: the value may hold ``/``."""


@dataclass(frozen=True)
class LinePlan:
    """One request line as a URL template."""

    method: str
    """The HTTP method of the line."""
    segments: tuple[Segment, ...]
    """Path pieces in order."""
    query: tuple[tuple[str, str], ...]
    """Query placeholders as (wire name, parameter)."""
    location: Location
    """The line in the page."""
    response: str | None = None
    """Type spec of the answer when the line reads a property of the operation's response type
    (see :func:`property_answers`); None means the operation's."""

    @property
    def template(self) -> str:
        """The runtime template: literal text with ``{param}`` for each parameter."""
        return "".join(
            "{" + s.param + "}" if s.param else s.text for s in self.segments
        )

    @property
    def params(self) -> tuple[str, ...]:
        """Parameters in order of appearance."""
        return tuple(s.param for s in self.segments if s.param) + tuple(
            p for _, p in self.query
        )

    def could_match(self, path: str) -> bool:
        """False only when neither ``path`` nor ``path + "/"`` can match :meth:`pattern`: an ASCII
        path that does not start with the line's leading literal text (the text before its first
        parameter), compared without case as the pattern compares it. Compiling a pattern costs
        a fifth of a millisecond; about half the lines an example is tried against fail here."""
        head = []
        for s in self.segments:
            if s.param is not None:
                break
            head.append(s.text)
        text = "".join(head)
        subject = path + "/"
        if not (text.isascii() and subject.isascii()):
            return True  # case-insensitive matching outside ASCII has other pairs (K and K)
        return subject[: len(text)].lower() == text.lower()

    def pattern(self) -> re.Pattern[str]:
        """A regex matching a concrete path of this line (case-insensitive literals)."""
        parts = []
        for s in self.segments:
            if s.param is None:
                parts.append(re.escape(s.text))
            elif s.slashes:
                parts.append(f"(?P<{s.param}>.+?)")
            elif s.quoted:
                parts.append(f"(?P<{s.param}>(?:[^']|'')*?)")
            else:
                parts.append(f"(?P<{s.param}>[^/]+?)")
        return _compiled("".join(parts) + "/?")


@functools.lru_cache(maxsize=8192)
def _compiled(source: str) -> re.Pattern[str]:
    """``source`` compiled once per process (``re``'s own cache holds 512 patterns; a corpus
    render matches examples against thousands of request lines and recompiled them all)."""
    return re.compile(source, re.IGNORECASE)


@dataclass(frozen=True)
class HeaderPlan:
    """A header the builder takes as a keyword argument."""

    name: str
    """The header name (a valid HTTP token)."""
    param: str
    """The keyword argument."""
    required: bool
    """True when the docs mark it required."""


@dataclass(frozen=True)
class OperationPlan:
    """Everything a request module needs."""

    op: Operation
    """The operation."""
    module: str
    """Module name inside ``requests/``."""
    lines: tuple[LinePlan, ...]
    """Usable request lines."""
    params: tuple[str, ...]
    """Every path/query parameter, in order of first appearance."""
    headers: tuple[HeaderPlan, ...]
    """Header keyword arguments."""
    body_spec: str | None
    """Spec of the body; ``ref:..`` for a model, ``local:Body`` for the generated body class."""
    body_fields: tuple[FieldPlan, ...]
    """Fields of the generated ``Body`` class (when the body is a parameter table)."""
    required_body: tuple[str, ...]
    """Wire names the body must hold."""
    response_spec: str | None
    """Spec of the response body."""
    collection: bool
    """True for collection responses."""
    auth_required: bool
    """True when the page marks Authorization required (or lists no headers)."""


def _singular(word: str) -> str:
    lower = word.lower()
    if lower.endswith("ies") and len(word) > 3:
        return word[:-3] + "y"
    if lower.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if lower.endswith("s") and not lower.endswith("ss") and len(word) > 1:
        return word[:-1]
    return word


def param_word(inner: str, before: str) -> str:
    """The parameter name a placeholder asks for: ``{id}`` after ``users/`` is ``user_id``."""
    first = inner.split("|")[0].strip()
    if naming.words(first) in (["id"], ["key"], []):
        words = naming.words(before)
        owner = _singular(words[-1]) if words else ""
        return naming.snake(f"{owner}_{first or 'id'}", "param")
    return naming.snake(first, "param")


_CALL = re.compile(r"(?<=[\w.])\(([^()]*)\)")
_ARGUMENT = lazy_re.compile(
    r"\s*([A-Za-z_]\w*)\s*=\s*('(?:[^']|'')*'|[^,'(){}<>\s]+)\s*"
)
_SAMPLE_ID = re.compile(
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE
)


def _argument_placeholders(path: str) -> str:
    """Function arguments written as sample values become placeholders: the docs write
    ``columnsAfter(count=n)``, ``getRecentNotebooks(includePersonalNotebooks=x-value)`` or
    ``getActivitiesByInterval(startDateTime='2017-01-01',…)`` for "an argument the caller gives"
    (``count={count}``, ``startDateTime='{startDateTime}'``). A call whose arguments are not all
    ``name=value`` (``/teams/(team-id)/…``) or that holds a placeholder already is left alone.
    """

    def call(m: re.Match[str]) -> str:
        args = m.group(1)
        if not args.strip() or any(c in args for c in "{}<>"):
            return m.group(0)
        parts = args.split(",")
        matched = [_ARGUMENT.fullmatch(part) for part in parts]
        if not all(matched):
            return m.group(0)
        out = []
        for a in matched:
            assert a is not None
            name, value = a.group(1), a.group(2)
            out.append(
                f"{name}='{{{name}}}'" if value.startswith("'") else f"{name}={{{name}}}"
            )
        return "(" + ",".join(out) + ")"

    return _CALL.sub(call, path)


def _sample_ids(path: str, location: Location, diags: list[Diagnostic]) -> str:
    """A whole path segment that is a GUID is a sample key where a placeholder belongs
    (``/education/classes/acdefc6b-…/assignments``): read as ``{id}``, with a warning."""
    segments = path.split("/")
    samples = [s for s in segments if _SAMPLE_ID.fullmatch(s)]
    if not samples:
        return path
    diags.append(
        warning(
            "request-line-sample-id",
            f"request line {path!r} holds the sample id"
            + ("s " if len(samples) > 1 else " ")
            + ", ".join(repr(s) for s in samples)
            + " where a {placeholder} belongs; read as a parameter",
            location,
        )
    )
    return "/".join("{id}" if s in samples else s for s in segments)


def split_path(
    path: str, location: Location, diags: list[Diagnostic]
) -> tuple[tuple[Segment, ...], tuple[tuple[str, str], ...]]:
    """Segments and query placeholders of a documented path (names unique within the line)."""
    path = _BASE.sub("", path.strip())
    if not path.startswith("/"):
        path = "/" + path  # "GET policies/x": the docs dropped the leading slash
    path_part, _, query_part = path.partition("?")
    path_part = _argument_placeholders(_sample_ids(path_part, location, diags))
    raw: list[tuple[str, str | None, bool, bool]] = []
    pos = 0
    for m in _PLACEHOLDER.finditer(path_part):
        literal = path_part[pos : m.start()]
        if literal:
            raw.append((literal, None, False, False))
        before = path_part[: m.start()]
        quoted = before.endswith("'") and path_part[m.end() : m.end() + 1] == "'"
        slashes = before.endswith((":", ":/"))
        inner = m.group(1) if m.group(1) is not None else m.group(2)
        raw.append((m.group(0), param_word(inner, before), quoted, slashes))
        pos = m.end()
    if path_part[pos:]:
        raw.append((path_part[pos:], None, False, False))
    query_raw: list[tuple[str, str]] = []
    for pair in query_part.split("&") if query_part else []:
        key, _, value = pair.partition("=")
        m = _PLACEHOLDER.fullmatch(value.strip().strip("'"))
        if m and key:
            inner = m.group(1) if m.group(1) is not None else m.group(2)
            query_raw.append((key, naming.snake(inner.split("|")[0], "param")))
    wanted = [p for _, p, _, _ in raw if p] + [p for _, p in query_raw]
    used: set[str] = set(RESERVED_PARAMS)
    renamed: list[str] = []
    for name in wanted:
        final, n = name, 2
        while final in used:
            final = f"{name}_{n}"
            n += 1
        used.add(final)
        renamed.append(final)
    it = iter(renamed)
    segments = []
    for text, param, quoted, slashes in raw:
        if param is None:
            if "{" in text or "}" in text:
                diags.append(
                    warning(
                        "bad-request-line",
                        f"unbalanced brace in request path {path!r}",
                        location,
                    )
                )
                text = text.replace("{", "%7B").replace("}", "%7D")
            segments.append(Segment(text))
        else:
            segments.append(Segment(text, next(it), quoted, slashes))
    query = tuple((k, next(it)) for k, _ in query_raw)
    return tuple(segments), query


def _header_plans(
    op: Operation, taken: set[str], diags: list[Diagnostic]
) -> tuple[HeaderPlan, ...]:
    documented: dict[str, bool] = {}
    first: dict[str, str] = {}  # a name in lower case -> its first documented spelling
    for h in op.headers:
        name = h.name.strip()
        if not _HEADER_NAME.match(name):
            diags.append(warning("bad-header", f"header name {h.name!r} is not a valid HTTP header name; skipped",
                                 h.location))
            continue
        lower = name.lower()
        if lower in AUTOMATIC_HEADERS:
            continue
        key = first.setdefault(lower, name)
        documented[key] = documented.get(key, False) or h.required
    for name in OPTION_HEADERS:
        if first.setdefault(name.lower(), name) == name and name not in documented:
            documented[name] = False
    names = _header_names(tuple(documented), frozenset(taken))
    return tuple(HeaderPlan(n, names[n], documented[n]) for n in documented)


@functools.lru_cache(maxsize=4096)
def _header_names(wires: tuple[str, ...], taken: frozenset[str]) -> dict[str, str]:
    """Each header's parameter name (:func:`~docgen.render.naming.assign`), once per set of headers
    and names taken (every job planning an operation named them again). Read, never changed."""
    return naming.assign(list(wires), lambda w: naming.snake(w, "header"), taken)[0]


_PROPERTY_SEGMENT = re.compile(r"/([A-Za-z_]\w*)/?$")


def property_answers(reg: Registry, type_name: str, lines: list[LinePlan]) -> list[LinePlan]:
    """``lines`` with the answer of each line that is another line of the page followed by a
    property of the response type (``GET /me/mailboxSettings`` and ``GET
    /me/mailboxSettings/workingHours``): the service answers that property's value, as OData
    reads a property path. A collection-valued property is left alone (its answer's shape is
    not the page's to guess)."""
    by_name = reg.types
    out = []
    for line in lines:
        m = _PROPERTY_SEGMENT.search(line.template)
        parent = line.template[: m.start()] if m else None
        if m is None or not any(
            o.template.rstrip("/") == parent and o.method == line.method for o in lines
        ):
            out.append(line)
            continue
        found = None
        current, seen = by_name.get(type_name), set()
        while current is not None and found is None and current.qualified_name not in seen:
            seen.add(current.qualified_name)
            found = next(
                (p for p in current.properties if p.name.lower() == m.group(1).lower()), None
            )
            current = by_name.get(current.base) if current.base else None
        if found is None or found.collection:
            out.append(line)
            continue
        out.append(replace(line, response=reg.spec(found.type, False, line.location)))
    return out


_EXAMPLE_CALL = re.compile(r"/([A-Za-z_]\w*)\(([^()]*)\)(?=/|$)")
_BARE_LAST = re.compile(r"/([A-Za-z_]\w*)/?$")


def _example_calls(op: Operation) -> dict[str, str]:
    """Functions the page's request examples call with sample arguments, by lower-case name:
    the arguments as written (``delta(token='1230919asd190410jlka')`` gives ``token='…'``). Only
    calls whose arguments are all ``name=value`` samples count (no placeholders)."""
    calls: dict[str, str] = {}
    for example in op.examples:
        if example.kind != "request" or not example.url:
            continue
        path = example.url.split("?", 1)[0]
        for m in _EXAMPLE_CALL.finditer(path):
            args = m.group(2)
            if args.strip() and not any(c in args for c in "{}<>") and all(
                _ARGUMENT.fullmatch(part) for part in args.split(",")
            ):
                calls.setdefault(m.group(1).lower(), args)
    return calls


def _request_paths(op: Operation, diags: list[Diagnostic]) -> list[tuple[RequestLine, str]]:
    """Each request line's path, and after a line that calls a function without arguments
    (``GET /me/drive/root/delta``) while a request example of the page passes some
    (``…/delta(token='…')``), the same path with those arguments as a second form: the builder
    takes them when they are given (an ``info`` says so; the page's line is not wrong to leave out
    optional arguments, but a caller needs a way to pass them)."""
    calls = _example_calls(op) if op.examples else {}
    out: list[tuple[RequestLine, str]] = []
    for line in op.request_lines:
        out.append((line, line.path))
        path, mark, query = line.path.partition("?")
        bare = _BARE_LAST.search(path)
        args = calls.get(bare.group(1).lower()) if bare else None
        if bare is None or args is None or any(
            f"/{bare.group(1)}(".lower() in other.path.lower() for other in op.request_lines
        ):
            continue  # no call in the examples, or a request line of the page already takes arguments
        call = f"{bare.group(1)}({args})"
        out.append((line, path[: bare.start(1)] + call + mark + query))
        diags.append(
            info(
                "request-line-arguments-from-example",
                f"request line {line.path!r} calls {bare.group(1)} without arguments; the page's "
                f"request example passes {args}: the builder also takes them",
                line.location,
            )
        )
    return out


def _request_lines(reg: Registry, op: Operation) -> tuple[list[LinePlan], tuple[Diagnostic, ...]]:
    """The plans of ``op``'s request lines and what reading them found: a function of the
    operation alone, worked out once per render (:attr:`~docgen.render.models.Registry.lines`)."""
    known = reg.lines.get(id(op))
    if known is not None and known[0] is op:
        return list(known[1]), known[2]
    diags: list[Diagnostic] = []
    lines = []
    for line, path in _request_paths(op, diags):
        segments, query = split_path(path, line.location, diags)
        if not segments or not segments[0].text.startswith("/"):
            diags.append(
                warning(
                    "bad-request-line",
                    f"request path {line.path!r} does not start with '/'; skipped",
                    line.location,
                )
            )
            continue
        lines.append(LinePlan(line.method.upper(), segments, query, line.location))
    reg.lines[id(op)] = (op, tuple(lines), tuple(diags))
    return lines, tuple(diags)


def plan_operation(
    reg: Registry, op: Operation, module: str, *, headers: bool = True
) -> tuple[OperationPlan, list[Diagnostic]]:
    """The plan of one request module. ``headers=False`` leaves its header plans out (and their
    diagnostics): what the builder methods' answers need of every operation, planned in one
    process before the jobs, does not include them."""
    lines, line_diags = _request_lines(reg, op)
    diags = list(line_diags)
    params: list[str] = []
    for line in lines:
        params.extend(p for p in line.params if p not in params)
    header_plans = _header_plans(op, set(params) | RESERVED_PARAMS, diags) if headers else ()
    body_spec: str | None = None
    body_fields: tuple[FieldPlan, ...] = ()
    required: tuple[str, ...] = ()
    rb = op.request_body
    if rb is not None:
        required = tuple(sorted({p.name for p in rb.properties if p.required}))
        if rb.type:
            body_spec = reg.spec(rb.type, rb.collection, rb.location)
        elif rb.properties:
            fields, field_diags = plan_fields(reg, op.name, rb.properties, set(), set())
            diags.extend(field_diags)
            body_fields = tuple(fields)
            body_spec = "local:Body"
        else:
            body_spec = "json"
    response_spec = None
    collection = False
    if op.response is not None and op.response.type:
        response_spec = reg.spec(op.response.type, False, op.response.location)
        collection = op.response.collection
        if not collection:
            lines = property_answers(reg, op.response.type, lines)
    auth = not op.headers or any(
        h.name.strip().lower() == "authorization" and h.required for h in op.headers
    )
    return (
        OperationPlan(
            op,
            module,
            tuple(lines),
            tuple(params),
            header_plans,
            body_spec,
            body_fields,
            required,
            response_spec,
            collection,
            auth,
        ),
        diags,
    )


def required_missing(required: tuple[str, ...], body: dict) -> list[str]:
    """Required wire names ``body`` lacks (the runtime builder's check, mirrored): a navigation
    property bound by reference (``"printer@odata.bind": "…/printers/{id}"``) is present."""
    return sorted(w for w in required if w not in body and f"{w}@odata.bind" not in body)
