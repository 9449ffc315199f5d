"""Page text and positions inside example fences for ``docgen lint``.

The model locates an example by its fence's first line and keeps the body text; lint points at the
JSON key that is wrong. :class:`PageTexts` reads a page once (plain text; nothing is tokenised again)
and :class:`ExampleLocator` finds where the body starts inside the fence, then adds the key's offset
from :func:`docgen.read.jsonpos.json_positions`. Without the page on disk it estimates the body's
first line from what the model knows (request/status line, headers, blank line).
"""

from __future__ import annotations

from pathlib import Path

from docgen.diagnostics import Location
from docgen.model.core import Example
from docgen.read.jsonpos import JsonPath, json_positions

# How far past the fence line the body's first line is looked for.
_SEARCH_LINES = 400


class PageTexts:
    """The lines of each page, read on first use; None when the page cannot be read."""

    def __init__(self) -> None:
        self._lines: dict[str, list[str] | None] = {}

    def lines(self, path: str) -> list[str] | None:
        """The page's lines without line ends, or None when it is not a readable UTF-8 file."""
        if path not in self._lines:
            try:
                text = Path(path).read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError, ValueError):
                self._lines[path] = None
            else:
                self._lines[path] = text.splitlines()
        return self._lines[path]


class ExampleLocator:
    """Maps a JSON path inside an example body to a :class:`Location` in its page."""

    def __init__(self, texts: PageTexts) -> None:
        self._texts = texts
        self._cache: dict[tuple[str, int, int], tuple[int, int, dict]] = {}

    def _body_origin(self, example: Example) -> tuple[int, int]:
        """(1-based page line of the body text's first line, column shift of that text)."""
        body_lines = example.body_text.splitlines()
        first = next((i for i, line in enumerate(body_lines) if line.strip()), None)
        fence = example.location
        estimate = fence.line + 1
        if example.kind != "resource":
            head = (1 if (example.method or example.status is not None) else 0) + len(example.headers)
            estimate += head + (1 if head else 0)
        if first is None:
            return estimate, 0
        wanted = body_lines[first].strip()
        page = self._texts.lines(fence.path)
        if page is not None:
            start = max(fence.line, 0)  # the line after the fence opener (0-based index == 1-based line)
            for index in range(start, min(len(page), start + _SEARCH_LINES)):
                if page[index].strip() == wanted:
                    shift = page[index].find(wanted) - body_lines[first].find(wanted)
                    return index + 1 - first, shift
        return estimate, 0

    def _entry(self, example: Example) -> tuple[int, int, dict]:
        key = (example.location.path, example.location.line, example.location.col)
        entry = self._cache.get(key)
        if entry is None:
            line, shift = self._body_origin(example)
            entry = (line, shift, json_positions(example.body_text))
            self._cache[key] = entry
        return entry

    def locate_offset(self, example: Example, offset: int) -> Location:
        """Where character ``offset`` of the example's ``body_text`` is written."""
        origin, shift, _ = self._entry(example)
        text = example.body_text[:offset]
        line = text.count("\n")
        col = offset - (text.rfind("\n") + 1)
        return Location(example.location.path, origin + line, max(col + shift, 0) + 1)

    def locate(self, example: Example, path: JsonPath) -> Location:
        """Where the member at ``path`` of the example's body is written (the fence when unknown)."""
        origin, shift, positions = self._entry(example)
        # The nearest recorded ancestor when the exact member was not recorded.
        for end in range(len(path), -1, -1):
            found = positions.get(tuple(path[:end]))
            if found is not None:
                line, col = found
                return Location(example.location.path, origin + line, max(col + shift, 0) + 1)
        return example.location

    def annotation_location(self, example: Example, key: str = '"@odata.type"') -> Location:
        """Where the example's annotation writes ``key`` (the annotation's first line when it does not,
        the fence when the page cannot be read)."""
        page = self._texts.lines(example.location.path)
        fence = example.location.line - 1  # 0-based index of the fence line
        if page is None or not 0 < fence <= len(page):
            return example.location
        start = next((i for i in range(fence - 1, max(fence - 60, -1), -1) if "<!--" in page[i]), None)
        if start is None:
            return example.location
        for index in range(start, fence):
            column = page[index].find(key)
            if column >= 0:
                return Location(example.location.path, index + 1, column + 1)
        return Location(example.location.path, start + 1, page[start].find("<!--") + 1)
