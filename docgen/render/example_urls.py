"""Example URLs against the page's request lines.

An example's URL is split into its path (service root and version dropped) and decoded query
pairs; a URL on another host (a bot callback, an upload URL) is recognised so it makes no test.
:func:`match_line` finds the request line a path matches (recovering path parameters and the
line's query parameters), :data:`URL_ALIASES` lists the service's documented URL equivalences
tried when none matches as written, and :func:`why_unmatched` names the one difference that
explains a URL matching no line.
"""

from __future__ import annotations

import re
import urllib.parse

from docgen import lazy_re
from docgen.render import line_match
from docgen.render.requests import LinePlan, OperationPlan

QUERY_OPTIONS = (
    "$select",
    "$expand",
    "$filter",
    "$orderby",
    "$search",
    "$top",
    "$skip",
    "$count",
)
"""OData system query options the builders take as ``Query`` fields."""


_BASE = lazy_re.compile(r"^(?:https?://[^/]+)?(?:/(?:v1\.0|beta))?(?=/|$)", re.IGNORECASE)


SERVICE_HOSTS = ("graph.microsoft.com",)
"""Hosts whose example URLs are requests to the documented API."""


def other_host(url: str) -> str | None:
    """The host of an absolute example URL that is not the service's, else None."""
    parts = urllib.parse.urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower()
    return None if host in SERVICE_HOSTS else host


def split_url(url: str) -> tuple[str, list[tuple[str, str]]]:
    """(path as written, decoded query pairs) of an example URL."""
    url = url.strip()
    path, _, query = url.partition("?")
    path = _BASE.sub("", path, count=1)
    if not path.startswith("/"):
        path = "/" + path
    pairs = []
    for pair in query.split("&") if query else []:
        key, _, value = pair.partition("=")
        pairs.append((urllib.parse.unquote(key), urllib.parse.unquote(value)))
    return path, pairs


URL_ALIASES: tuple[tuple[str, str, str], ...] = (
    (r"^/me(?=/|$)", "/users/{user-id}", "/me is the signed-in user, /users/{user-id}"),
    (r"^/drive(?=/|$)", "/me/drive", "/drive is the signed-in user's drive, /me/drive"),
    (r"^/me/drive(?=/|$)", "/drive", "/me/drive is the signed-in user's drive, /drive"),
    (
        r"^/education/me(?=/|$)",
        "/education/users/{user-id}",
        "/education/me is the signed-in educationUser, /education/users/{user-id}",
    ),
    (
        r"/(drive|drives/[^/]+)/root(?=[/:]|$)",
        r"/\1/items/root",
        "a drive's root folder is its item 'root' (/drive/root is /drive/items/root, "
        "/drive/root:/path: is /drive/items/root:/path:)",
    ),
    (
        r"(?<=[A-Za-z])\(\s*'?([^()'=,/\s][^()'=,/]*?)'?\s*\)(?=/|$)",
        r"/\1",
        "OData key syntax: /users('id') is /users/id",
    ),
    (  # a quoted key may hold '=' (base64 ids end with it); a name before '=' is no key
        r"(?<=[A-Za-z])\(\s*'([^'/]+)'\s*\)(?=/|$)",
        r"/\1",
        "OData key syntax: /messages('AAMk=') is /messages/AAMk=",
    ),
    (
        r"/microsoft\.graph\.[A-Za-z_]\w*(?=/|$)",
        "",
        "a type-cast segment (/microsoft.graph.user) narrows the same resource",
    ),
)
"""The service's documented URL equivalences, as (regex, replacement, why); ``/me`` only
rewrites to ``/users/{user-id}`` (a given user is not the signed-in one). A request example
written in one form is matched against the page's request lines in the other form only when no
line matches it as written (so only when the page lists the other form); the test then rebuilds
the equivalent URL, and an info diagnostic names the equivalence used."""


def url_aliases(path: str) -> list[tuple[str, tuple[str, ...]]]:
    """Every equivalent form of ``path`` under :data:`URL_ALIASES` with the reasons used: fewer
    rewrites first, then in table order (deterministic); ``path`` itself is not included.
    """
    seen = {path}
    frontier: list[tuple[str, tuple[str, ...]]] = [(path, ())]
    out: list[tuple[str, tuple[str, ...]]] = []
    while frontier:
        following: list[tuple[str, tuple[str, ...]]] = []
        for current, reasons in frontier:
            for pattern, replacement, why in URL_ALIASES:
                rewritten = re.sub(pattern, replacement, current, count=1)
                if rewritten not in seen:
                    seen.add(rewritten)
                    following.append((rewritten, (*reasons, why)))
        out.extend(following)
        frontier = following
    return out


def match_line(
    plan: OperationPlan,
    path: str,
    pairs: list[tuple[str, str]],
    method: str | None = None,
):
    """(line index, line, parameters) of the first request line ``path`` and ``pairs`` match,
    preferring a line whose method is ``method`` (a page documenting ``PATCH`` and ``PUT`` lines
    for one path); None when no line matches."""
    first = None
    for index, line, params in _matches(plan, path, pairs):
        if method is None or line.method.upper() == method.upper():
            return index, line, params
        if first is None:
            first = index, line, params
    return first


def _matches(plan: OperationPlan, path: str, pairs: list[tuple[str, str]]):
    """Every request line ``path`` and ``pairs`` match, in page order, with its parameters."""
    for index, line in enumerate(plan.lines):
        if not line.could_match(path):  # cannot match: not worth compiling its pattern
            continue
        found = _fullmatch(line, path)
        if found is None:
            continue
        keys = {k for k, _ in line.query}
        if not keys <= {k for k, _ in pairs}:
            continue
        quoted = {s.param for s in line.segments if s.quoted}
        params = {}
        for name, raw in found.items():
            text = urllib.parse.unquote(raw)
            params[name] = text.replace("''", "'") if name in quoted else text
        yield index, line, params


def _fullmatch(line: LinePlan, path: str) -> dict[str, str] | None:
    """The parameters' raw values when ``line``'s pattern matches ``path`` or ``path + "/"``
    whole (None when neither): walked by :mod:`docgen.render.line_match`, or, for a case it
    leaves to the regex, by the compiled pattern."""
    for subject in (path, path + "/"):
        found = line_match.fullmatch(line.segments, subject)
        if found is line_match.UNSURE:
            pattern = line.pattern()
            m = pattern.fullmatch(path) or pattern.fullmatch(path + "/")
            return m.groupdict() if m else None
        if isinstance(found, dict):
            return found
    return None


_VERSION = lazy_re.compile(r"^(?:https?://[^/]+)?/(v\d[^/]*)(?=/)", re.IGNORECASE)
_ARGUMENTS = lazy_re.compile(r"(?<=[\w.])\(([^()]*)\)")
_CAST = lazy_re.compile(r"/((?:microsoft\.graph\.)[A-Za-z_][\w.]*)(?=/|$)", re.IGNORECASE)


def why_unmatched(
    plan: OperationPlan, url: str, path: str, pairs: list[tuple[str, str]]
) -> str | None:
    """What the example's URL does that the page's request lines do not, when one difference
    explains the mismatch: a version segment the service lacks (``/v1/``), a missing ``/$ref``,
    function arguments the line does not declare, an OData type cast the lines do not list.
    """
    version = _VERSION.match(url.strip())
    if version and version.group(1).lower() not in ("v1.0", "beta"):
        rest = _VERSION.sub("", url.strip(), count=1)
        if match_line(plan, split_url(rest)[0], pairs) is not None:
            return (
                f"its version segment '/{version.group(1)}/' is not the service's "
                "('/v1.0/' or '/beta/')"
            )
    ref = match_line(plan, path.rstrip("/") + "/$ref", pairs)
    if ref is not None and ref[1].template.endswith("/$ref"):
        return "it lacks the '/$ref' segment the page's request line ends with"
    for m in _ARGUMENTS.finditer(path):
        if m.group(1) and match_line(plan, path[: m.start()] + path[m.end() :], pairs):
            return (
                f"it passes the arguments ({m.group(1)}) to a function the page's request "
                "line calls without any"
            )
    for m in _CAST.finditer(path):
        if match_line(plan, path[: m.start()] + path[m.end() :], pairs) is not None:
            return (
                f"it casts to {m.group(1)}, a form the page's request lines do not list"
            )
    return None
