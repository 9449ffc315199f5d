"""Links the input tree cannot check: another version of the docs, or a place outside the tree.

The resolver reports every link whose target is not an input page (``unresolved-link``). Two kinds
of those say nothing wrong about the page, and lint reports them as ``link-not-checked`` (info):

- a docs-site link whose ``view=`` names the other version (``/graph/api/user-findrooms?view=graph-rest-beta``
  on a v1.0 page): it points into a tree that was not given, so it is not resolved against this one;
- a relative link to a folder that holds no input page (``../index.md`` from ``resources/``): it
  leaves the tree the user gave.

The version of the tree is the one most example URLs name (``graph.microsoft.com/beta/…``).
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from collections.abc import Callable

from docgen.checks.lint.codes import make
from docgen.checks.lint.locate import PageTexts
from docgen.diagnostics import Diagnostic
from docgen.model.core import Model

_MESSAGE = re.compile(r'^link "(?P<text>.*)" points to (?P<target>\S+), which is not among the input pages$')
_VIEW = re.compile(r"[?&]view=graph-rest-(?P<version>beta|1\.0)", re.IGNORECASE)
_HREF = re.compile(r"\]\(\s*<?(?P<href>[^)\s>]+)")
_URL_VERSION = re.compile(r"graph\.microsoft\.com/(v1\.0|beta)/", re.IGNORECASE)


def tree_version(model: Model) -> str | None:
    """``beta`` or ``1.0``: the version most example URLs of the tree name; None without any."""
    counts: Counter[str] = Counter()
    for operation in model.operations:
        for example in operation.examples:
            match = _URL_VERSION.search(example.url or "")
            if match:
                counts["beta" if match.group(1).lower() == "beta" else "1.0"] += 1
    return counts.most_common(1)[0][0] if counts else None


def _href(lines: list[str] | None, line: int, col: int) -> str:
    """The href of the Markdown link written at (line, col) of a page, "" when not found."""
    if not lines or not 1 <= line <= len(lines):
        return ""
    match = _HREF.search(lines[line - 1], max(col - 1, 0))
    return match.group("href") if match else ""


def classify_links(
    found: list[Diagnostic],
    model: Model | None,
    texts: PageTexts,
    version: Callable[[], str | None] | None = None,
    has_page_dir: Callable[[str], bool] | None = None,
) -> list[Diagnostic]:
    """``found`` with each ``unresolved-link`` that points out of the tree made ``link-not-checked``.

    ``version`` gives the tree's version and ``has_page_dir`` says whether a (lower-cased) folder
    holds an input page; by default both are read from ``model``. Each is asked only for an
    ``unresolved-link`` finding (:class:`~docgen.checks.lint.tracking.LintReads` notes what it
    answers)."""
    if version is None or has_page_dir is None:
        assert model is not None
        page_dirs = {posixpath.dirname(page.path.replace("\\", "/")).lower() for page in model.pages}
        version, has_page_dir = (lambda: tree_version(model)), page_dirs.__contains__
    out: list[Diagnostic] = []
    for d in found:
        match = _MESSAGE.match(d.message) if d.code == "unresolved-link" else None
        if match is None:
            out.append(d)
            continue
        text, target = match.group("text"), match.group("target")
        href = _href(texts.lines(d.location.path), d.location.line, d.location.col)
        view = _VIEW.search(href)
        tree = version() if view else None
        if view and tree and view.group("version").lower() != tree:
            message = (
                f'link "{text}" names the graph-rest-{view.group("version")} docs (`view=`) and this tree is '
                f"the {'beta' if tree == 'beta' else 'v1.0'} docs: not checked"
            )
            out.append(make("link-not-checked", message, d.location, context=d.context, related=d.related))
        elif "/" in target and not has_page_dir(posixpath.dirname(target)) and not href.startswith("/"):
            message = f'link "{text}" points to {target}, outside the folders of the input pages: not checked'
            out.append(make("link-not-checked", message, d.location, context=d.context, related=d.related))
        else:
            out.append(d)
    return out
