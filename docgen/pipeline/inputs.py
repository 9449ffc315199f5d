"""Finding the pages a build reads: DOCS paths in, page files and located input errors out.

Nothing a command is given is taken on trust; every way the inputs can hold nothing is an error
diagnostic located at the input (``path:1:1``), so that no command is green on nothing:

* ``input-missing``: a DOCS path that does not exist (or has a file where a folder should be);
* ``unreadable-folder``: a folder, the DOCS one or one below it, whose entries cannot be listed;
* ``unreadable-file``: a DOCS path that cannot even be looked at, or a page whose name is not valid
  UTF-8 (``unreadable-folder`` for such a folder): every output names each page, in UTF-8, so such
  a page is not read, and is located by its name with the undecodable bytes escaped
  (``caf\\xe9.md``);
* ``no-pages``: a DOCS folder (readable) that holds no ``*.md`` page.

Reading a page's bytes (regular files only, size checked first) is
:func:`docgen.read.source.load_bytes`; this module only finds them.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from docgen.diagnostics import Diagnostic, Location, error
from docgen.model.dataclass_ahead import dataclass


@dataclass(frozen=True)
class PageFile:
    """One input page found by :func:`discover`."""

    path: Path
    """Where to read it."""
    display: str
    """How locations name it: relative to the build's root folder, ``/`` separators."""



class PageChanged(Exception):
    """A page whose stamp vouched for it when the pages were planned changed before it was read
    (see :func:`docgen.pipeline.build.page_bytes`)."""

    def __init__(self, display: str) -> None:
        super().__init__(f"{display} changed while docgen was reading the pages")
        self.display = display

def display_path(path: Path | str, root: Path | None = None) -> str:
    """``path`` relative to ``root`` (default: the working directory), posix style.

    Symlinks are not resolved: a page is named as the user reaches it.
    """
    base = os.path.abspath(root or Path.cwd())
    absolute = os.path.abspath(path)
    if os.path.splitdrive(absolute)[0] != os.path.splitdrive(base)[0]:
        return Path(absolute).as_posix()
    return Path(os.path.relpath(absolute, base)).as_posix()


def shown_name(name: str) -> str:
    """``name`` as a diagnostic can print it: a name the file system gave with bytes that are not
    UTF-8 (held as lone surrogates, :pep:`383`) has those bytes escaped (``caf\\xe9.md``)."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _undecodable(shown: str, problems: list[Diagnostic], code: str, what: str) -> bool:
    """True, with a ``code`` error located at ``shown``, when the name ``shown`` is not valid
    UTF-8 (see the module's docstring)."""
    printable = shown_name(shown)
    if printable == shown:
        return False
    message = f"the {what} name is not valid UTF-8; docgen does not read it (rename it)"
    problems.append(error(code, message, Location(printable, 1, 1)))
    return True


def _walk(
    top: str, shown: str, found: dict[str, PageFile], problems: list[Diagnostic], root
) -> int:
    """Add the ``*.md`` files under ``top`` (shown as ``shown``) to ``found``; return how many
    pages the walk met. Hidden folders (``.git``, ``.docgen-cache`` …) are skipped and symlinked
    folders are not followed (as :func:`os.walk`); a folder whose entries cannot be listed is an
    ``unreadable-folder`` error and the walk goes on with the others."""
    count = 0
    stack = [(top, shown)]
    while stack:
        folder, name = stack.pop()
        try:
            with os.scandir(folder) as entries:
                listed = sorted(entries, key=lambda entry: entry.name)
        except OSError as exc:
            message = (
                f"cannot read the folder: {exc.strerror or exc}; its pages are not read"
            )
            problems.append(
                error(
                    "unreadable-folder",
                    message,
                    Location(display_path(folder, root), 1, 1),
                )
            )
            continue
        prefix = "" if name == "." else name + "/"
        subfolders = []
        for entry in listed:
            try:  # a symlink to a folder is no page, and is not followed (as os.walk)
                is_dir = entry.is_dir()
                descend = (
                    is_dir and not entry.is_symlink() and not entry.name.startswith(".")
                )
            except OSError:
                is_dir = descend = False
            if is_dir:
                if descend and not _undecodable(prefix + entry.name, problems, "unreadable-folder", "folder's"):
                    subfolders.append((entry.path, prefix + entry.name))
            elif entry.name.lower().endswith(".md"):
                count += 1
                if _undecodable(prefix + entry.name, problems, "unreadable-file", "page's"):
                    continue
                found.setdefault(
                    prefix + entry.name, PageFile(Path(entry.path), prefix + entry.name)
                )
        stack.extend(reversed(subfolders))
    return count


def discover(
    inputs: Iterable[str | Path], root: Path | None = None
) -> tuple[list[PageFile], list[Diagnostic]]:
    """The ``*.md`` pages named by ``inputs`` (files, or folders searched recursively), sorted,
    and the input errors (see the module's docstring).

    Pages are named relative to ``root`` (default: the working directory); a page named twice is
    read once. A file named explicitly is a page whatever its name: whether its bytes are one is
    for :func:`docgen.read.source.load_bytes` to say.
    """
    found: dict[str, PageFile] = {}
    diagnostics: list[Diagnostic] = []
    for raw in inputs:
        item = Path(raw)
        shown = display_path(item, root)
        if _undecodable(shown, diagnostics, "unreadable-file", "input's"):
            continue
        where = Location(shown, 1, 1)
        try:
            mode = os.stat(item).st_mode
        except OSError as exc:
            if isinstance(exc, (FileNotFoundError, NotADirectoryError)):
                detail = (
                    " (a part of the path is a file)"
                    if isinstance(exc, NotADirectoryError)
                    else ""
                )
                diagnostics.append(
                    error("input-missing", f"no such file or folder{detail}", where)
                )
            else:
                message = f"cannot look at the input: {exc.strerror or exc}"
                diagnostics.append(error("unreadable-file", message, where))
            continue
        if stat.S_ISDIR(mode):
            before = len(diagnostics)
            if (
                _walk(str(item), shown, found, diagnostics, root) == 0
                and len(diagnostics) == before
            ):
                message = "the folder holds no page (no *.md file in it or below it)"
                diagnostics.append(error("no-pages", message, where))
        else:  # a file, or a FIFO or device that reading will refuse, located
            found.setdefault(shown, PageFile(item, shown))
    return [found[key] for key in sorted(found)], diagnostics
