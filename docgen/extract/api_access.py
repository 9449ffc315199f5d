"""API pages' permissions and request headers tables.

In: the ``Permissions`` (or ``Prerequisites``) section and the request headers section. Out: a
:class:`~docgen.model.core.Permissions` (per permission type, from a table written either way
round, or the include that stands for it) and the :class:`~docgen.model.core.Header` rows.
"""

from __future__ import annotations

import posixpath

from docgen import lazy_re
from docgen.diagnostics import Location
from docgen.extract.common import column_index, description_flags
from docgen.model.core import Header, Permissions
from docgen.read.page import Section
from docgen.read.typecells import clean_name

_PERMISSION_RE = lazy_re.compile(r"^[A-Za-z][\w-]*(?:\.[\w-]+)+$")
_PERMISSION_SPLIT_RE = lazy_re.compile(r"[,;\s]+")
_WORK, _PERSONAL, _APP = "delegated (work", "delegated (personal", "application"


def _permission_names(text: str) -> tuple[str, ...]:
    return tuple(
        word.strip(".")
        for word in _PERMISSION_SPLIT_RE.split(text)
        if _PERMISSION_RE.match(word.strip("."))
    )


def _bucket(label: str) -> str | None:
    label = label.strip().lower()
    if label.startswith(_WORK) or label == "delegated":
        return "work"
    if label.startswith(_PERSONAL):
        return "personal"
    if label.startswith(_APP):
        return "app"
    return None


def permissions(section: Section | None, path: str) -> Permissions | None:
    """The permissions table: normal (rows per permission type) or transposed (columns)."""
    if section is None:
        return None
    for block in section.blocks:
        if block.kind == "include" and "permission" in block.content.lower():
            return Permissions(Location(path, block.line, 1), include=include_path(path, block.content))
        if block.kind != "table" or block.table is None:
            continue
        table = block.table
        buckets: dict[str, list[str]] = {"work": [], "personal": [], "app": []}
        raw: list[tuple[str, str]] = []
        header_buckets = [_bucket(cell.text) for cell in table.header]
        if any(header_buckets):
            for row in table.rows:
                for cell, bucket in zip(row, header_buckets):
                    if bucket:
                        raw.append(
                            (table.header[header_buckets.index(bucket)].text, cell.text)
                        )
                        buckets[bucket].extend(_permission_names(cell.text))
        else:
            # the permissions cell, and each further column its header says holds permissions
            # (today's tables: "Least privileged permissions | Higher privileged permissions")
            named = [1, *(i for i, cell in enumerate(table.header) if i > 1 and "permission" in cell.text.lower())]
            for row in table.rows:
                if len(row) < 2:
                    continue
                raw.append((row[0].text, *(cell.text for cell in row[1:])))
                bucket = _bucket(row[0].text)
                if bucket:
                    for index in named:
                        if index < len(row):
                            buckets[bucket].extend(_permission_names(row[index].text))
        return Permissions(
            Location(path, block.line, 1),
            tuple(dict.fromkeys(buckets["work"])),
            tuple(dict.fromkeys(buckets["personal"])),
            tuple(dict.fromkeys(buckets["app"])),
            tuple(raw),
        )
    return None


def include_path(path: str, target: str) -> str:
    """The path (in the docs tree) of an include ``target`` written relative to the page at ``path``."""
    target = target.strip().strip("<>").split("#", 1)[0].split("?", 1)[0]
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
    return joined.lstrip("/")


def headers(section: Section | None, path: str) -> tuple[Header, ...]:
    """Rows of the request headers table."""
    if section is None:
        return ()
    for block in section.blocks:
        if block.kind != "table" or block.table is None:
            continue
        table = block.table
        name_col = column_index(table, "name", "header", "request header") or 0
        desc_col = column_index(table, "description", "value")
        out = []
        for row in table.rows:
            if name_col >= len(row) or not row[name_col].text.strip():
                continue
            desc = (
                row[desc_col].text
                if desc_col is not None and desc_col < len(row)
                else ""
            )
            cell = row[name_col]
            required = header_required(desc)
            out.append(
                Header(
                    clean_name(cell.text),
                    Location(path, cell.line, cell.col),
                    desc,
                    required,
                )
            )
        return tuple(out)
    return ()


def header_required(description: str) -> bool:
    """Whether a header's description makes it required on every call: it says ``Required`` as
    a table row's description does (:func:`~docgen.extract.common.description_flags`: "Bearer
    {token}. Required.", "Required. Last known ETag value.") or "(required)". A requirement with a
    condition is not one: "Required only if the authorization token is an application token;
    otherwise, optional" (``MS-APP-ACTS-AS`` in the Shifts pages), "This header and `$count` are
    required when using `$search`"; nor is the word used of something else ("the required
    "Presentation" part"). An SDK cannot tell whether the condition holds, so such a header is an
    optional argument (a required one made every call without it a ``TypeError``)."""
    return description_flags(description)[0] or "(required)" in description.lower()


def header_section(sections: list[Section]) -> Section | None:
    """``Request headers``, ``Optional request headers``, ``Headers`` …"""
    for section in sections:
        title = section.title.strip().lower()
        if "header" in title and "response" not in title:
            return section
    return None
