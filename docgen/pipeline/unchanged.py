"""An unchanged ``check`` without rendering, reading or hashing the tree.

In: the cache, the check's inputs, root, render options and output folder. Out: whether the
output is proven to be what docgen would write now (:func:`proven_unchanged`), or None.

Three small entries make it possible (:func:`remember`, after a ``generate`` or a full ``check``
that found no error): under ``check``, the sha256 of every file of the rendered package, keyed
like the package itself (:func:`~docgen.pipeline.render_cache.render_key`), so that an unchanged
check reads 0.4 MB instead of decoding the 20 MB package; and under ``stamps``, the stat records
(:mod:`docgen.write.stamps`) of the input pages (with each page's cache key), of their folders
(with the pages found in them: while no folder changed, the pages are not searched for again) and
of the output files (with each one's sha256), so that unchanged pages and files are not read. A
page or file whose stamp does not vouch for it is read. Stamps that differ from the stored entry in
a few paths (a one-cell edit: the files it wrote, the page it changed) are stored as a small change
beside it (:mod:`docgen.pipeline.stamp_entries`), not as a new 1.4 MB entry; the output's stamps are keyed by
docgen's code too, as the writer takes their paths for checked (:func:`~docgen.write.paths.check_paths`). The plan key is computed exactly as
:func:`~docgen.pipeline.build.plan` computes it, so the ``check`` entry found is the one for these
pages' bytes; then :func:`~docgen.write.quick.proven_current` proves the output clean or gives up.
None (or False) never says the output differs: the caller makes the full check.

A ``generate`` of an unchanged tree is answered the same way (:func:`proven_output`, after the
run planned the pages): with the output proven current and its manifest in the writer's own form,
there is nothing to write, and what it prints is the package's diagnostics, stored as columns of
scalars under ``report`` (keyed like the summary) by :func:`remember` when a tree is generated or
checked a second time: neither the 20 MB render entry nor its 13,104 diagnostic objects are
decoded.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Mapping, Sequence
from itertools import compress, count, repeat
from operator import is_not, itemgetter
from pathlib import Path
from typing import TYPE_CHECKING

from docgen import __version__
from docgen.diagnostics import Diagnostic, Severity
from docgen.pipeline.cache import Cache, code_fingerprint, digest
from docgen.pipeline.cache import dumps as cache_dumps
from docgen.pipeline.stamp_entries import (  # (split from here: the names stay importable)
    DELTA_LEAST as DELTA_LEAST,
    DELTA_SHARE as DELTA_SHARE,
    STAMPS,
    StoredStamps,
    _delta_key as _delta_key,
    _put_stamps,
    _read_stamps,
    _scalars,
    _stamps_entries,
)
from docgen.write.stamps import (
    Stamp,
    StampsOver,
    make_stamp,
    stored_stamps,
    valid_stamps,
)

if TYPE_CHECKING:
    from docgen.pipeline.build import Plan
    from docgen.render.options import RenderOptions

REPORT = "report"
"""The kind of the entry holding a rendered package's diagnostics as columns (:func:`report_columns`)."""
SUMMARY = "check"
"""The kind of the entry holding a rendered package's (path, sha256) pairs."""


def _inputs_key(inputs: Sequence[Path], root: Path | None) -> str:
    # Without an absolute root, pages are named relative to the working directory
    # (docgen.pipeline.inputs.display_path: lint, todos and drift): the stamps and listing of
    # such a plan name its pages as seen from there, and hold only there.
    here = "" if root is not None and os.path.isabs(root) else os.getcwd()
    return digest(code_fingerprint(), "inputs", os.fspath(root or ""), here, *(os.fspath(p) for p in inputs))


def _listing_key(inputs_key: str) -> str:
    return digest("listing", inputs_key)


def _output_key(out: Path) -> str:
    # docgen's code in the key: the writer takes the paths of these stamps for checked
    # (docgen.write.paths.check_paths), by the rules of the docgen that wrote them
    return digest(code_fingerprint(), "output", os.path.abspath(out))


def _summary_key(render_key: str) -> str:
    return digest(SUMMARY, render_key)


def _report_key(render_key: str) -> str:
    return digest(REPORT, render_key)


SUMMARY_FORM = "paths-sha256"
"""The first item of a ``check`` entry: ``(SUMMARY_FORM, paths, sha256s)``, two columns of
strings (decoded as they are: 5,720 (path, sha256) pairs were decoded one by one)."""


def _summary(value: object) -> dict[str, str] | None:
    """The package's sha256 by path that a ``check`` entry holds; None for anything else."""
    if not (type(value) is tuple and len(value) == 3 and value[0] == SUMMARY_FORM):
        return None
    _, paths, shas = value
    if not (type(paths) is tuple and type(shas) is tuple and len(paths) == len(shas) and paths
            and set(map(type, paths)) == {str} and set(map(type, shas)) == {str}):
        return None
    return dict(zip(paths, shas))


Row = tuple[str, int, int, str, str, int]
"""A diagnostic as the ``report`` entry holds it: (path, line, col, code, message, severity)."""


def report_columns(diagnostics: Sequence[Diagnostic]) -> tuple[tuple, ...]:
    """``diagnostics`` (in their order, duplicates kept) as six columns of scalars (paths, lines,
    columns, codes, messages, severities): what a generate proven to change nothing prints (their
    ``context`` and ``related`` are in no report it prints). Columns of scalars are stored and
    read back without a call per diagnostic."""
    places = [d.location for d in diagnostics]
    return (tuple([w.path for w in places]), tuple([w.line for w in places]), tuple([w.col for w in places]),
            tuple([d.code for d in diagnostics]), tuple([d.message for d in diagnostics]),
            tuple([int(d.severity) for d in diagnostics]))


_COLUMN_TYPES = ({str}, {int}, {int}, {str}, {str}, {int})


def valid_rows(value: object) -> list[Row] | None:
    """The rows of a stored ``report`` value (:func:`report_columns`) read back: None unless it is
    six columns of one length and of the right types holding no error (a generate that found an
    error stores none)."""
    if not (type(value) is tuple and len(value) == 6 and all(type(column) is tuple for column in value)):
        return None
    if len({len(column) for column in value}) != 1:
        return None
    if value[0] and (any(set(map(type, column)) != kinds for column, kinds in zip(value, _COLUMN_TYPES))
                     or not set(value[5]) <= {int(Severity.INFO), int(Severity.WARNING)}):
        return None
    return list(zip(*value))


def plan_key(
    inputs: Sequence[Path], root: Path | None, stamps: Mapping[str, Stamp], listing: object = None
) -> tuple[str, int, dict[str, Stamp]] | None:
    """(the plan key of the pages under ``inputs``, how many, the stamps of the pages read): the
    key :func:`~docgen.pipeline.build.plan` would give, reading only pages no stamp vouches for
    (and finding the pages by a stored ``listing`` whose folders are unchanged: :func:`listed`).
    None when an input is missing or a page refused (the full path reports it)."""
    from docgen.pipeline.inputs import discover
    from docgen.read.source import load_bytes

    taken = time.time_ns()
    pages = listed(listing) if listing is not None else None
    if pages is None:
        files, diagnostics = discover(inputs, root)
        if diagnostics or not files:
            return None
        pages = [(os.fspath(page.path), page.display) for page in files]
    fingerprint = code_fingerprint()
    keys: list[str] = []
    fresh: dict[str, Stamp] = {}
    stamp_of, stat_of, regular = stamps.get, os.stat, stat.S_ISREG
    for path, display in pages:
        try:
            info = stat_of(path)
        except OSError:
            return None
        stamp = stamp_of(path)
        # what stamps.unchanged tells, inline (3,341 pages a check; see docgen.pipeline.plan.plan)
        key = stamp[4] if (stamp is not None and regular(info.st_mode)
                           and (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino) == stamp[:4]) else None
        if type(key) is not str or len(key) != 64:
            data, _ = load_bytes(path, display)
            if data is None:
                return None
            key = digest(fingerprint, display, data)
            stamp = make_stamp(info, key, taken)  # stat'ed before it was read: see docgen.write.stamps
            if stamp is not None:
                fresh[path] = stamp
        keys.append(key)
    return digest(fingerprint, __version__, *keys), len(pages), fresh


_FOLDER_MARK = "0" * 64
"""The sha256 field of a folder's stamp (a folder's listing is stored beside, not hashed)."""


def listed(listing: object) -> list[tuple[str, str]] | None:
    """The pages (path, display name) a stored listing names when every folder it was made from
    is unchanged (same stamp: no entry added, removed or renamed in it since), else None.

    A listing is only stored for folders without symlinks in them (a symlink's target can change
    from folder to file without its folder changing), so the folders' stamps decide what
    :func:`~docgen.pipeline.inputs.discover` would find."""
    if not (isinstance(listing, tuple) and len(listing) == 3):
        return None
    folders, paths, displays = listing
    if not (isinstance(paths, tuple) and isinstance(displays, tuple) and len(paths) == len(displays) and paths):
        return None
    stamped = valid_stamps(folders)
    if not stamped or not all(type(p) is str for p in paths + displays):
        return None
    for folder, stamp in stamped.items():
        try:
            info = os.stat(folder)
        except OSError:
            return None
        if not stat.S_ISDIR(info.st_mode) or (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino) != stamp[:4]:
            return None
    return list(zip(paths, displays))


def _listing(inputs: Sequence[Path], planned: Plan, taken: int) -> tuple | None:
    """What :func:`listed` reads: the stamps of every folder :func:`~docgen.pipeline.inputs.discover`
    lists for ``inputs`` (hidden ones skipped, as it does), and the pages of ``planned``; None when
    a folder holds a symlink or is racily clean, or an input is a page."""
    folders: dict[str, Stamp] = {}
    pending = [os.fspath(p) for p in inputs]
    while pending:
        folder = pending.pop()
        try:
            info = os.stat(folder)
        except OSError:
            return None
        if not stat.S_ISDIR(info.st_mode):
            # a page named as an input: no folder stamped here sees it removed or made a folder
            # (discover would then say input-missing, or walk it), so no listing
            return None
        stamp = make_stamp(info, _FOLDER_MARK, taken, folder=True)
        if stamp is None:
            return None
        folders[folder] = stamp
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    if entry.is_symlink():
                        return None
                    if entry.is_dir(follow_symlinks=False) and not entry.name.startswith("."):
                        pending.append(entry.path)
        except OSError:
            return None
    paths = tuple(path for path, _, _ in planned.items)
    displays = tuple(display for _, display, _ in planned.items)
    return stored_stamps(folders), paths, displays


def proven_unchanged(
    cache: Cache,
    inputs: Sequence[Path],
    root: Path | None,
    options: RenderOptions,
    out: Path,
    display=str,
) -> tuple[int, int] | None:
    """(files, pages) when ``out`` is proven to be exactly what docgen would write for ``inputs``
    now and no error would be reported; None otherwise (see the module's docstring)."""
    from docgen.pipeline.render_cache import render_key

    if not cache.enabled:
        return None
    in_key = _inputs_key(inputs, root)
    in_stamps = _read_stamps(cache, in_key)
    planned = plan_key(inputs, root, in_stamps, cache.get(STAMPS, _listing_key(in_key)))
    if planned is None:
        return None
    tree_key, pages, fresh_in = planned
    expected = _summary(cache.get(SUMMARY, _summary_key(render_key(options, tree_key))))
    if expected is None:
        return None
    if fresh_in:
        _put_stamps(cache, in_key, {**in_stamps, **fresh_in}, in_stamps)
    return (len(expected), pages) if _proven_out(cache, expected, inputs, out, display) else None


def _proven_out(cache: Cache, expected: dict[str, str], inputs: Sequence[Path], out: Path, display,
                manifest_current: bool = False) -> bool:
    """True when ``out`` holds exactly the files of ``expected`` (path -> sha256), as the stamps of
    the output folder prove it (:func:`docgen.write.quick.proven_current`); the stamps it could
    take anew are stored."""
    from docgen.write.quick import proven_current

    out_key = _output_key(out)
    out_stamps = _read_stamps(cache, out_key)
    clean, fresh_out = proven_current(expected, out, inputs=inputs, version=__version__, stamps=out_stamps,
                                      display=display, paths_checked=True,  # see remember()
                                      manifest_current=manifest_current)
    if fresh_out:
        _put_stamps(cache, out_key, {**out_stamps, **fresh_out}, out_stamps)
    return clean


def proven_output(
    cache: Cache, render_key: str, inputs: Sequence[Path], out: Path, display=str
) -> tuple[int, list[Row]] | None:
    """(files, the diagnostics' rows) when a generate of the package of ``render_key`` (its pages
    planned by this run) would write nothing and report no error: ``out`` proven current as
    :func:`proven_unchanged` proves it, its manifest's bytes the ones a write would leave, and
    the rows of the package's diagnostics stored (:func:`remember`); None otherwise (the caller
    renders and writes)."""
    from docgen.write.state import MANIFEST_NAME, Manifest

    if not cache.enabled:
        return None
    expected = _summary(cache.get(SUMMARY, _summary_key(render_key)))
    if expected is None:
        return None
    rows = valid_rows(cache.get(REPORT, _report_key(render_key)))
    if rows is None:
        return None
    try:  # a write rewrites a manifest not in its own form (the same files, other spacing)
        with open(os.path.join(out, MANIFEST_NAME), "rb") as stream:
            if stream.read() != Manifest(__version__, tuple(sorted(expected.items()))).to_text().encode("utf-8"):
                return None
    except OSError:
        return None
    if not _proven_out(cache, expected, inputs, out, display, manifest_current=True):  # (not read again)
        return None
    return len(expected), rows


def stored_pages(
    cache: Cache, inputs: Sequence[Path], root: Path | None
) -> tuple[dict[str, Stamp], list[tuple[str, str]] | None]:
    """What the last generate or check of ``inputs`` stored of its pages (:func:`remember`): their
    stamps, and the pages a stored listing names while its folders are unchanged (else None): what
    lets :func:`~docgen.pipeline.build.plan` leave unread the pages they vouch for."""
    if not cache.enabled:
        return {}, None
    in_key = _inputs_key(inputs, root)
    listing = cache.get(STAMPS, _listing_key(in_key))
    return _read_stamps(cache, in_key), listed(listing) if listing is not None else None


def output_stamps(cache: Cache, out: Path) -> dict[str, Stamp]:
    """The stamps stored for ``out``'s files by the last run that wrote or checked it (empty
    without a cache): what lets a generate leave unread the files they vouch for."""
    return _read_stamps(cache, _output_key(out)) if cache.enabled else {}


def remember(
    cache: Cache,
    planned: Plan,
    planned_at: int,
    root: Path | None,
    inputs: Sequence[Path],
    render_key: str,
    out: Path,
    hashes: Mapping[str, str],
    out_stamps: Mapping[str, Stamp],
    diagnostics: Sequence[Diagnostic] | None = None,
    *,
    stored: tuple[Mapping[str, Stamp], list[tuple[str, str]] | None] | None = None,
    stored_out: Mapping[str, Stamp] | None = None,
) -> None:
    """Store what :func:`proven_unchanged` needs after a generate or check that found no error:
    the package's sha256 by path, stamps of the pages of ``planned`` (read after the clock said
    ``planned_at``), the listing of their folders (:func:`listed`) and ``out_stamps``. Called only
    once the paths of ``hashes`` passed :func:`~docgen.write.state.validate` (a refused write or
    check gives no hashes), which is why :func:`proven_unchanged` need not check them as text
    again. ``diagnostics``: the rendered package's (model's and renderer's: not the writer's),
    stored for :func:`proven_output` once the summary was stored by an earlier run. ``stored``:
    what :func:`stored_pages` gave this run's plan, ``stored_out`` what :func:`output_stamps`
    gave its write (read again when not given)."""
    if not cache.enabled or planned.diagnostics or not hashes:
        return
    entries: list[tuple[str, bytes]] = []  # the stamps' entries, stored together
    summary_key = _summary_key(render_key)
    if not cache.present(SUMMARY, [summary_key]):  # its value is a function of its key
        paths = tuple(sorted(hashes))
        cache.put_payload(SUMMARY, summary_key, _scalars((SUMMARY_FORM, paths, tuple(map(hashes.__getitem__, paths)))))
    elif diagnostics is not None:
        # The same tree generated (or checked) again: what lets the next generate of it print its
        # diagnostics unrendered (a function of the key too). Not stored by the first run of a
        # tree, the one after an edit (about 15 ms for the corpus's 13,104 diagnostics).
        report_key = _report_key(render_key)
        if not cache.present(REPORT, [report_key]):
            cache.put(REPORT, report_key, report_columns(diagnostics))
    remember_pages(cache, planned, planned_at, root, inputs, stored=stored, entries=entries)
    out_key = _output_key(out)
    if stored_out is None:
        stored_out = _read_stamps(cache, out_key)
    entries += _output_entries(out_key, out_stamps, stored_out, hashes)
    if entries:
        cache.put_payloads(STAMPS, entries)


def _output_entries(out_key: str, out_stamps: Mapping[str, Stamp], stored_out: Mapping[str, Stamp],
                    hashes: Mapping[str, str]) -> list[tuple[str, bytes]]:
    """The entries storing the output's stamps after a write (:func:`remember`): the write's
    ``out_stamps``, and the ``stored_out`` ones it gave none of that still vouch for a file of
    ``hashes``."""
    if isinstance(stored_out, StoredStamps) and isinstance(out_stamps, StampsOver) and out_stamps.base is stored_out:
        # The write handed the stored stamps on but those it dropped, with those it took anew
        # over them: the same stamps as below, made from those alone (no stored stamp touched)
        before, fresh = stored_out.get, out_stamps.fresh
        touched = {rel for rel, stamp in fresh.items() if stamp is not before(rel)}
        touched.update(rel for rel in out_stamps.dropped if rel not in fresh)
        back = {rel for rel in touched if rel not in fresh and rel in stored_out and rel in hashes
                and stored_out[rel][4] == hashes[rel]}
        kept = StampsOver(stored_out, out_stamps.dropped - back, fresh)
        return _stamps_entries(out_key, kept, stored_out, touched)  # type: ignore[arg-type]
    elif isinstance(stored_out, StoredStamps):
        # The same stamps as below, made from what can differ from the stored ones: a stored stamp
        # the write gave none of, and a stamp it took anew (one it was vouched by is that very
        # stamp); not two passes over the 5,720 files (4 ms a run)
        before = stored_out.get
        touched = {rel for rel, stamp in out_stamps.items() if stamp is not before(rel)}
        touched.update(stored_out.keys() - out_stamps.keys())
        kept = {rel: stored_out[rel] for rel in touched
                if rel in stored_out and rel in hashes and stored_out[rel][4] == hashes[rel]}
        kept.update(out_stamps)
        return _stamps_entries(out_key, kept, stored_out, touched)
    else:
        kept = {rel: stamp for rel, stamp in stored_out.items() if rel in hashes and stamp[4] == hashes[rel]}
        kept.update(out_stamps)
        return _stamps_entries(out_key, kept, stored_out)


def remember_pages(
    cache: Cache,
    planned: Plan,
    planned_at: int,
    root: Path | None,
    inputs: Sequence[Path],
    *,
    stored: tuple[Mapping[str, Stamp], list[tuple[str, str]] | None] | None = None,
    entries: list[tuple[str, bytes]] | None = None,
) -> None:
    """The part of :func:`remember` about the pages: their stamps and their folders' listing
    (also stored after a generate :func:`proven_output` answered, which read the pages no
    stamp vouched for). ``stored``: what :func:`stored_pages` gave the plan (read again when
    not given); ``entries``: where to add the entries to store (stored here when not given)."""
    if not cache.enabled or planned.diagnostics:
        return
    # A stamp stays true once made ("this stat, these bytes"): the stored ones are kept, and
    # only a page the plan had to read is stat'ed (an edit run stats one page).
    in_key = _inputs_key(inputs, root)
    stored_in = _read_stamps(cache, in_key) if stored is None else stored[0]
    found: list[tuple[str, bytes]] = [] if entries is None else entries
    page_stamps: Mapping[str, Stamp]
    touched: set[str] | None = None
    if stored is not None and isinstance(stored_in, StoredStamps):
        # The plan took these stamps: a page it left unread was vouched for by its stamp here,
        # under the very key it planned. Only the pages it read, and the stamped ones it did not
        # plan, can change (an edit run: one page, not a pass over 3,341); the stored stamps are
        # handed on unread but those (StampsOver: no copy, no copy-on-write fault of their pages
        # while a forked child shares them), and the stamped pages not planned are counted:
        # every one planned and left unread is stamped, so none is when the count adds up.
        items = planned.items
        read = list(compress(count(), map(is_not, map(itemgetter(2), items), repeat(None))))
        stamped_read = sum(1 for index in read if items[index][0] in stored_in)
        if len(stored_in) == len(items) - len(read) + stamped_read:
            touched = set()
        else:
            touched = set(stored_in.keys() - set(map(itemgetter(0), items)))
        dropped, fresh = set(touched), {}
        for index in read:
            path = items[index][0]
            touched.add(path)
            dropped.add(path)
            try:
                stamp = make_stamp(os.stat(path), planned.keys[index], planned_at)
            except OSError:
                stamp = None
            if stamp is not None:
                fresh[path] = stamp
        page_stamps = StampsOver(stored_in, [path for path in dropped if path in stored_in], fresh)
    else:
        page_stamps = {}
        for (path, _, data), key in zip(planned.items, planned.keys):
            stamp = stored_in.get(path)
            # a page the plan read had no stamp that held: its bytes may be the stamped ones (a page
            # saved again unchanged, touched), and keeping that stamp would read it on every run
            if stamp is None or stamp[4] != key or data is not None:
                try:
                    stamp = make_stamp(os.stat(path), key, planned_at)
                except OSError:
                    continue
            if stamp is not None:
                page_stamps[path] = stamp
    found += _stamps_entries(in_key, page_stamps, stored_in, touched)
    listing_key = _listing_key(in_key)
    pages = list(map(itemgetter(0, 1), planned.items))
    if stored is not None and stored[1] is not None and stored[1] == pages:
        pass  # the plan found its pages by the stored listing, its folders unchanged
    else:
        stored_listing = cache.get(STAMPS, listing_key)
        if not (isinstance(stored_listing, tuple) and listed(stored_listing) == pages):
            listing = _listing(inputs, planned, planned_at)
            if listing is not None:  # one stored earlier stays usable only while its folders are unchanged
                found.append((listing_key, cache_dumps(listing)))
    if entries is None and found:
        cache.put_payloads(STAMPS, found)
