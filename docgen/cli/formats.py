"""Printing findings in the formats CI systems read: text, JSON, GitHub workflow commands, SARIF 2.1.0.

Every command hands a list of :class:`~docgen.diagnostics.Diagnostic` (its findings converted to
diagnostics where needed) to one of these functions; none of them prints or decides exit codes.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from json.encoder import encode_basestring
from operator import attrgetter, itemgetter, neg
from urllib.parse import quote

from docgen import __version__
from docgen.diagnostics import Diagnostic, FindingKey, Location, Severity
from docgen.diagnostics import finding_keys as keys_of

FORMATS = ("text", "json", "github", "sarif")
"""The ``--format`` values every reporting command accepts."""

SARIF_SCHEMA = "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json"
"""The ``$schema`` a SARIF document names (the OASIS 2.1.0 schema)."""

HELP_PAGE = "docs/lint-codes.md"
"""Where every code is explained (one heading per code), relative to docgen's repository."""

HELP_BASE_ENV = "DOCGEN_HELP_BASE_URL"
"""An environment variable holding the URL of docgen's repository tree (``https://…/blob/main/``);
when set, SARIF rules get ``helpUri`` = that URL + :data:`HELP_PAGE` + ``#<code>``. docgen knows
no hosting address of its own, so without it a rule carries its help as text only."""

FINGERPRINT_KEY = "docgenFinding/v2"
"""The ``partialFingerprints`` key: v2 hashes code, page and the finding's line-free context."""

Rule = tuple
"""What a report says about a code: ``(level, short description[, full description[, anchor]])``
(the anchor in :data:`HELP_PAGE`, default the code), or only a short description (a ``str``; the
level is then the worst finding's)."""

_GITHUB_LEVEL = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "notice",
}
_SARIF_LEVEL = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "note",
}


def ordered(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Diagnostics without duplicates, in their deterministic order."""
    return sorted(set(diagnostics), key=Diagnostic.sort_key)


Row = tuple
"""A diagnostic as :func:`rows` gives it: ``(path, line, col, code, message, -severity)``, which
is both its :meth:`~docgen.diagnostics.Diagnostic.sort_key` and its identity (a diagnostic's
equality compares exactly severity, code, message and location)."""


def rows(diagnostics: Iterable[Diagnostic]) -> list[Row]:
    """What :func:`ordered` gives, as :data:`Row` tuples: deduplicated and sorted in C (a
    whole tree's 13,104 diagnostics hashed and compared as tuples rather than as dataclasses).

    Each field is taken by a ``map`` of an attribute getter and the rows made by ``zip`` (no
    bytecode per diagnostic), and duplicates dropped in the order given (``dict.fromkeys``), so
    the sort meets the runs a render gives (the model's diagnostics come sorted): the corpus's
    13,104 in 5.4 ms against 7-10 ms for a comprehension into a set. After deduplication no two
    rows are equal, so the order given does not change the result."""
    return rows_of_columns(columns(diagnostics))


def columns(diagnostics: Iterable[Diagnostic]) -> list[list]:
    """The fields of :func:`rows` as six columns (paths, lines, columns, codes, messages,
    -severities), in the order given, duplicates kept: each a ``map`` of an attribute getter."""
    items = diagnostics if isinstance(diagnostics, (list, tuple)) else list(diagnostics)
    places = list(map(_LOCATION, items))
    return [list(map(_PATH, places)), list(map(_LINE, places)), list(map(_COL, places)),
            list(map(_CODE, items)), list(map(_MESSAGE, items)), list(map(neg, map(_SEVERITY, items)))]


def columns_of_rows(found: Iterable[Row]) -> list[list]:
    """:func:`columns` of the diagnostics of ``found`` (:data:`Row` tuples, in their order)."""
    return [list(column) for column in zip(*found)] or [[] for _ in range(6)]


def rows_of_columns(found: Sequence[Sequence]) -> list[Row]:
    """The :func:`rows` of the diagnostics of :func:`columns` ``found``: deduplicated, sorted."""
    return sorted(dict.fromkeys(zip(*found)))


_LOCATION, _PATH, _LINE, _COL = attrgetter("location"), attrgetter("path"), attrgetter("line"), attrgetter("col")
_CODE, _MESSAGE, _SEVERITY = attrgetter("code"), attrgetter("message"), attrgetter("severity")


_LABEL = {-int(level): level.label for level in Severity}
_JSON_LABEL = {-int(level): json.dumps(level.label) for level in Severity}


def _row_json(row: Row) -> dict:
    path, line, col, code, message, severity = row
    return {"severity": _LABEL[severity], "code": code, "message": message, "path": path, "line": line, "col": col}


def to_json(diagnostics: Iterable[Diagnostic]) -> list[dict]:
    """The diagnostics as JSON objects, ordered."""
    return [_row_json(row) for row in rows(diagnostics)]


def json_text(diagnostics: Iterable[Diagnostic]) -> str:
    """``json.dumps(to_json(diagnostics), sort_keys=True, ensure_ascii=False)``, byte for byte,
    written without building a dict per diagnostic (the one-line form: no indent)."""
    return rows_json_text(rows(diagnostics))


def rows_json_text(found: Sequence[Row]) -> str:
    """:func:`json_text` of the diagnostics whose :func:`rows` (deduplicated, sorted) are ``found``."""
    shapes = {(type(path), type(line), type(col), type(code), type(message))
              for path, line, col, code, message, _ in found}
    if shapes - {(str, int, int, str, str)}:  # not what a diagnostic holds: the encoder decides
        return json.dumps([_row_json(row) for row in found], sort_keys=True, ensure_ascii=False)
    string, label = encode_basestring, _JSON_LABEL
    # each page's path and each code encoded once (2,085 paths and 42 codes for the corpus's
    # 13,104 rows: a dict lookup each instead of an encoder call, 2-4 ms of 14-20)
    paths = {path: string(path) for path in set(map(_FIRST, found))}
    codes = {code: string(code) for code in set(map(_FOURTH, found))}
    return "[" + ", ".join([
        f'{{"code": {codes[code]}, "col": {col}, "line": {line}, "message": {string(message)}, '
        f'"path": {paths[path]}, "severity": {label[severity]}}}'
        for path, line, col, code, message, severity in found
    ]) + "]"


_FIRST, _FOURTH = itemgetter(0), itemgetter(3)


def rows_to_json(found: Sequence[Row]) -> list[dict]:
    """:func:`to_json` of the diagnostics whose :func:`rows` are ``found``."""
    return [_row_json(row) for row in found]


def diagnostics_of(found: Iterable[Row]) -> list[Diagnostic]:
    """The diagnostics of ``found`` (:data:`Row` tuples, in their order, duplicates kept), with
    no ``context`` or ``related`` (no text or JSON report shows them). Built as the cache builds a
    stored dataclass, by setting its fields: a whole tree's 13,104 in a fraction of what calling
    the frozen classes costs."""
    new = object.__new__
    levels = {-int(level): level for level in Severity}
    places: dict[tuple, Location] = {}
    made = []
    for path, line, col, code, message, severity in found:
        where = places.get((path, line, col))
        if where is None:
            where = places[(path, line, col)] = new(Location)
            where.__dict__.update(path=path, line=line, col=col)
        item = new(Diagnostic)
        item.__dict__.update(severity=levels[severity], code=code, message=message, location=where,
                             context="", related=())
        made.append(item)
    return made


def to_text(diagnostics: Iterable[Diagnostic]) -> str:
    """One ``path:line:col: severity: code: message`` line per diagnostic."""
    return "".join(d.format() + "\n" for d in ordered(diagnostics))


def _escape_data(text: str) -> str:
    """Escape a workflow command's message (GitHub's ``escapeData``)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """Escape a workflow command's property value (GitHub's ``escapeProperty``)."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def to_github(diagnostics: Iterable[Diagnostic], *, root: Path | None = None) -> str:
    """GitHub Actions workflow commands: ``::warning file=…,line=…,col=…,title=…::message``.

    ``file`` is relative to the project root (:func:`project_root`) when the page is inside it,
    else the path as the diagnostic shows it.
    """
    base = project_root() if root is None else root
    lines = []
    for d in ordered(diagnostics):
        where = d.location
        relative, inside = _relative(where.path, base)
        path = relative if inside else where.path
        props = f"file={_escape_property(path)},line={where.line},col={where.col},title={_escape_property(d.code)}"
        lines.append(
            f"::{_GITHUB_LEVEL[d.severity]} {props}::{_escape_data(d.message)}\n"
        )
    return "".join(lines)


def project_root(start: Path | None = None) -> Path:
    """The folder repository-relative paths are taken from: the nearest folder at or above
    ``start`` (the working folder) holding ``pyproject.toml`` or ``.git``; else ``start``.
    """
    here = Path(os.path.abspath(start or Path.cwd()))
    for folder in (here, *here.parents):
        if (folder / "pyproject.toml").is_file() or (folder / ".git").exists():
            return folder
    return here


def _relative(path: str, root: Path) -> tuple[str, bool]:
    """``path`` (as a diagnostic shows it) relative to ``root`` with ``/``; (absolute path, False)
    when it lies outside."""
    absolute = os.path.abspath(path)
    try:
        rel = os.path.relpath(absolute, root)
    except ValueError:  # another drive on Windows
        return Path(absolute).as_posix(), False
    if rel == ".." or rel.startswith(("../", "..\\")):
        return Path(absolute).as_posix(), False
    return Path(rel).as_posix(), True


def _artifact(path: str, root: Path) -> dict:
    """A SARIF ``artifactLocation``: relative to ``%SRCROOT%`` inside the root, else a ``file:`` URI."""
    rel, inside = _relative(path, root)
    if inside:
        return {"uri": quote(rel), "uriBaseId": "%SRCROOT%"}
    return {"uri": Path(rel).as_uri()}


def _physical(where: Location, root: Path) -> dict:
    return {
        "physicalLocation": {
            "artifactLocation": _artifact(where.path, root),
            "region": {
                "startLine": max(1, where.line),
                "startColumn": max(1, where.col),
            },
        }
    }


def _rule_parts(rule: object) -> tuple[Severity | None, str, str, str]:
    """(level, short, full, anchor) of a :data:`Rule` (empty strings where it says nothing)."""
    if isinstance(rule, str):
        return None, rule, "", ""
    if isinstance(rule, tuple) and rule and isinstance(rule[0], Severity):
        short, full, anchor = (tuple(str(part) for part in rule[1:4]) + ("", "", ""))[
            :3
        ]
        return rule[0], short, full, anchor
    return None, "", "", ""


def _sarif_rule(code: str, rule: object, fallback: Severity, help_base: str) -> dict:
    level, short, full, anchor = _rule_parts(rule)
    short = " ".join((short or code.replace("-", " ")).split())
    full = " ".join((full or short).split())
    anchor = f"{HELP_PAGE}#{anchor or code}"
    entry = {
        "id": code,
        "name": "".join(
            part.capitalize() for part in code.replace("_", "-").split("-")
        ),
        "shortDescription": {"text": short},
        "fullDescription": {"text": full},
        "defaultConfiguration": {"level": _SARIF_LEVEL[level or fallback]},
        "help": {
            "text": f"{full} See {anchor} in docgen's repository.",
            "markdown": f"{full}\n\nSee [`{anchor}`]({anchor}) in docgen's repository.",
        },
    }
    if help_base:
        entry["helpUri"] = help_base.rstrip("/") + "/" + anchor
    return entry


def finding_keys(items: Sequence[Diagnostic], root: Path | None = None) -> list[FindingKey]:
    """Each finding's line-free :class:`~docgen.diagnostics.FindingKey`, its page relative to the
    project root (``root``, else :func:`project_root`): SARIF fingerprints hash it, lint baselines
    store it."""
    base = project_root() if root is None else Path(os.path.abspath(root))
    return keys_of(items, [_relative(d.location.path, base)[0] for d in items])


def _fingerprints(items: list[Diagnostic], pages: list[str]) -> list[str]:
    """One hash per finding of its :class:`~docgen.diagnostics.FindingKey` (code, page, context,
    number among alike findings) — never its line."""
    return [
        hashlib.sha256(("\0".join(key[:3]) + f"\0{key.number}").encode()).hexdigest()
        for key in keys_of(items, pages)
    ]


def to_sarif(
    diagnostics: Iterable[Diagnostic],
    *,
    rules: Mapping[str, Rule | str] | None = None,
    tool: str = "docgen",
    root: Path | None = None,
    help_base: str | None = None,
) -> dict:
    """A SARIF 2.1.0 log with one run, as GitHub code scanning accepts and tracks it.

    - One rule per code: its fixed level (from ``rules``; a code without one gets its worst
      finding's), short and full description, help text and, when a base URL is known
      (``help_base``, else :data:`HELP_BASE_ENV`), ``helpUri`` into :data:`HELP_PAGE`.
    - Artifact URIs are relative to ``%SRCROOT%``, the project root (``root``, else
      :func:`project_root`), named in ``originalUriBaseIds``; a page outside it gets a ``file:`` URI.
    - ``partialFingerprints`` hash code, page and the finding's line-free context, so a result
      keeps its identity when the page's text moves; ``related`` places are ``relatedLocations``.
    """
    items = ordered(diagnostics)
    base = project_root() if root is None else Path(os.path.abspath(root))
    help_url = os.environ.get(HELP_BASE_ENV, "") if help_base is None else help_base
    described = dict(rules or {})
    codes = sorted({d.code for d in items} | set(described))
    index = {code: i for i, code in enumerate(codes)}
    worst: dict[str, Severity] = {}
    for d in items:
        worst[d.code] = max(worst.get(d.code, d.severity), d.severity)
    sarif_rules = [
        _sarif_rule(
            code, described.get(code), worst.get(code, Severity.WARNING), help_url
        )
        for code in codes
    ]
    pages = [_relative(d.location.path, base)[0] for d in items]
    results = []
    for d, fingerprint in zip(items, _fingerprints(items, pages)):
        result = {
            "ruleId": d.code,
            "ruleIndex": index[d.code],
            "level": _SARIF_LEVEL[d.severity],
            "message": {"text": " ".join(d.message.split()) or d.code},
            "locations": [_physical(d.location, base)],
            "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
        }
        if d.related:
            result["relatedLocations"] = [
                {"id": number, **_physical(where, base)}
                for number, where in enumerate(d.related, start=1)
            ]
        results.append(result)
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": tool,
                        "version": __version__,
                        "rules": sarif_rules,
                    }
                },
                "originalUriBaseIds": {"%SRCROOT%": {"uri": base.as_uri() + "/"}},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
