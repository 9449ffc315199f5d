"""``--format markdown``: a summary a docs writer reads in ``$GITHUB_STEP_SUMMARY`` or a pull-request
comment: counts by code (with the code's severity), then the first findings, each linked to its line.

Links are relative (``docs/x.md#L12``, the page relative to the project root) unless a base URL is
known: :data:`SOURCE_URL_ENV`, else GitHub Actions' ``GITHUB_SERVER_URL`` + ``GITHUB_REPOSITORY`` +
``GITHUB_SHA`` (``…/blob/<sha>/``). Everything taken from the docs (messages, paths, codes) is
escaped: no HTML or Markdown in a message reaches the reader as markup.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from urllib.parse import quote

from docgen import lazy_re
from docgen.diagnostics import Diagnostic, Severity

SOURCE_URL_ENV = "DOCGEN_SOURCE_URL"
"""A URL that a page's path relative to the project root is appended to for links
(``https://github.com/<owner>/<repo>/blob/<ref>/``)."""

DEFAULT_LIMIT = 50
"""Findings listed when no ``--limit`` is given."""

_ESCAPED = lazy_re.compile(r"([\\`*_{}\[\]|~])")
"""What gets a backslash. Text is only ever put inline, after a list marker and a link, so
characters that matter only at a line's start (``#``, ``-``, ``+``, ``1.``) need none; ``<``, ``>``
and ``&`` become entities."""
_ICON = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "info"}


def escape(text: str) -> str:
    """``text`` as literal Markdown inline text: HTML is turned into entities, every Markdown
    punctuation character gets a backslash, whitespace (newlines included) becomes one space."""
    text = " ".join(text.split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _ESCAPED.sub(r"\\\1", text)
    # A bare URL GitHub would autolink stays text: break the scheme's colon out of it.
    return re.sub(r"(?i)\b(https?|ftp|mailto|www)(:|\.)", r"\1&#8203;\2", text)


def source_base(environ: Mapping[str, str] | None = None) -> str:
    """The URL links start with: :data:`SOURCE_URL_ENV`, else GitHub Actions' server, repository
    and commit; "" for relative links."""
    env = os.environ if environ is None else environ
    explicit = env.get(SOURCE_URL_ENV, "").strip()
    if explicit:
        return explicit.rstrip("/") + "/"
    server, repo, sha = (env.get(k, "").strip() for k in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA"))
    if server and repo and sha:
        return f"{server.rstrip('/')}/{repo}/blob/{sha}/"
    return ""


def _link(page: str, line: int, base: str) -> str:
    target = quote(page, safe="/") + f"#L{line}"
    return base + target if base else target


def to_markdown(
    diagnostics: Iterable[Diagnostic],
    *,
    title: str,
    pages: int,
    page_of,
    rules: Mapping[str, tuple] | None = None,
    limit: int = DEFAULT_LIMIT,
    base: str | None = None,
    note: str = "",
) -> str:
    """The summary document: a heading, a table of counts by code, the first ``limit`` findings.

    ``page_of(path)`` gives a diagnostic's page relative to the project root (for links and the
    shown name); ``rules`` a code's fixed severity (its first element); ``note`` a line added under
    the heading (a baseline's counts …).
    """
    items = sorted(set(diagnostics), key=Diagnostic.sort_key)
    base = source_base() if base is None else base
    levels = {code: rule[0] for code, rule in (rules or {}).items() if rule and isinstance(rule[0], Severity)}
    by_code = Counter(d.code for d in items)
    worst: dict[str, Severity] = {}
    for d in items:
        worst[d.code] = max(worst.get(d.code, d.severity), d.severity)
    totals = Counter(d.severity for d in items)
    counted = ", ".join(
        f"{totals[s]:,} {s.label}{'s' if totals[s] != 1 else ''}" for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)
    )
    out = [f"### {escape(title)}", "", f"{counted} in {pages:,} page{'s' if pages != 1 else ''}."]
    if note:
        out += ["", escape(note)]
    if not items:
        out += ["", "No findings."]
        return "\n".join(out) + "\n"
    out += ["", "| code | severity | findings |", "|---|---|---:|"]
    order = sorted(by_code, key=lambda c: (-int(levels.get(c, worst[c])), -by_code[c], c))
    out += [f"| `{code}` | {_ICON[levels.get(code, worst[code])]} | {by_code[code]:,} |" for code in order]
    shown = items[: max(0, limit)]
    out += ["", f"#### First {len(shown):,} of {len(items):,} findings" if len(shown) < len(items) else "#### Findings", ""]
    for d in shown:
        page = page_of(d.location.path)
        where = f"{page}:{d.location.line}"
        out.append(
            f"- **{d.severity.label}** `{d.code}` [{escape(where)}]({_link(page, d.location.line, base)}): {escape(d.message)}"
        )
    if len(shown) < len(items):
        out += ["", f"{len(items) - len(shown):,} more not listed (`--limit N` lists more)."]
    return "\n".join(out) + "\n"


def page_name(root: Path):
    """``page_of`` for :func:`to_markdown`: a path as a diagnostic shows it, relative to ``root``."""
    from docgen.cli.formats import _relative

    return lambda path: _relative(path, root)[0]
