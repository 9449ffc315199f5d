"""Rendering at scale: reuse what is unchanged, spread black over the cores.

Three layers, all in :class:`~docgen.pipeline.cache.Cache`:

- ``render``: the whole rendered package keyed by the pages' cores (each page's parse without its
  front matter and hash: see :func:`docgen.pipeline.build._entry`), docgen's code, the templates' bytes
  and the render options, with an alias under the key of the pages' bytes. ``check`` on an
  unchanged tree is a lookup; after an edit that changes no core (front matter, prose docgen does
  not read) only the edited pages are parsed, and nothing is resolved or rendered. The entry
  holds each file's sha256 (two columns: the paths, sorted, and their texts' digests) and the
  diagnostics; each file's text (37 MB in all on the corpus) is
  an entry of kind ``text`` keyed by its sha256, stored once whatever package holds it (after a
  one-cell edit, only the texts that changed are stored) and read only when a text is asked for
  (:class:`~docgen.write.texts.Texts`): a generate whose output its stamps prove current reads
  none.
- ``job``: each job's files' digests and its diagnostics (a model module; an operation's request
  and test modules), keyed by the same context and the job's inputs (a type or an operation by
  its digest, :func:`~docgen.pipeline.plain.object_digest`, noted as the model is decoded; see
  :class:`~docgen.pipeline.render_jobs.JobCache`); the jobs store their texts as ``text``
  entries, and a reused job's texts are read only when the writer asks for one. After a one-page
  change the model is built again (the other pages from the page cache) and planned, but only the
  jobs whose plans changed are rendered. The navigation tree (kind ``navigation``) and each
  operation's part of the builder methods' answers (kind ``answers``) are cached the same way
  (:mod:`docgen.render.stored_tree`, :mod:`docgen.render.answered`), and so are the whole tree's
  answers (``answers-tree``) and what the jobs read of the tree (``tree-views``). The jobs of the
  last render are also one entry (``job-memo``, :mod:`docgen.pipeline.job_memo`), which a warm
  render reads instead of a row per job.
- ``black``: each file's formatted text keyed by its unformatted text and black's version.

The packaged templates emit code in black's style already (``docgen.render.layout`` wraps what would
be long), so with them black can only change a file that has a line longer than black's limit:
other files skip black altogether. This is what keeps a cold whole-tree ``generate`` near the
cost of parsing; ``tests/pipeline/test_render_cache.py`` and the corpus SDK test check that the
result is exactly what black would write. With user templates every file goes through black.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import astuple
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from docgen.diagnostics import Diagnostic
from docgen.pipeline.cache import (
    Cache,
    EntryWriter,
    code_fingerprint,
    digest,
    dist_version,
    dumps,
)
from docgen.pipeline.plain import forget_encodings
from docgen.pipeline.plain import dumps as plain_dumps
from docgen.pipeline.text_entries import TEXT, read_text, text_payload
from docgen.render.formatting import black_could_change, log_black
from docgen.render.options import packaged_templates
from docgen.write.state import digests
from docgen.write.texts import Texts

if TYPE_CHECKING:
    from docgen.model.core import Model
    from docgen.pipeline.build import BuildResult, PageSet
    from docgen.render.package import FormatAll, RenderOptions

POOL_THRESHOLD = 24
"""Fewer files than this to format are formatted in-process."""


def _format_one(text: str) -> str | ValueError:
    from docgen.render.formatting import format_python

    try:
        return format_python(text)
    except Exception as exc:  # not valid Python: the renderer turns it into a diagnostic
        return ValueError(str(exc))


@lru_cache(maxsize=None)
def black_version() -> str:
    """The installed black's version (part of every formatting cache key), read without
    importing black (:func:`~docgen.pipeline.cache.dist_version`)."""
    return dist_version("black")


def cached_formatter(cache: Cache, jobs: int, *, packaged_templates_only: bool = False) -> "FormatAll":
    """A ``format_all`` for :func:`~docgen.render.package.render_package` that asks the cache first.

    ``packaged_templates_only`` lets files that :func:`black_could_change` says black would leave
    alone skip black (see the module's docstring).
    """

    def format_all(texts: dict[str, str]) -> dict[str, str | BaseException]:
        out: dict[str, str | BaseException] = {}
        keys: dict[str, str] = {}  # only of the files black may change (a hash of 34 MB otherwise)
        missing = []
        for path in sorted(texts):
            if packaged_templates_only and not black_could_change(texts[path]):
                out[path] = texts[path]
                continue
            keys[path] = digest("black", black_version(), texts[path])
            hit = cache.get("black", keys[path])
            if isinstance(hit, str):
                out[path] = hit
            else:
                missing.append(path)
        log_black(missing)
        if jobs > 1 and len(missing) >= POOL_THRESHOLD:
            from docgen.pipeline.procs import pool

            chunk = max(1, len(missing) // (jobs * 8))
            with pool(jobs) as executor:
                results = list(executor.map(_format_one, [texts[p] for p in missing], chunksize=chunk))
        else:
            results = [_format_one(texts[p]) for p in missing]
        for path, result in zip(missing, results):
            out[path] = result
            if isinstance(result, str):
                cache.put("black", keys[path], result)
        return out

    return format_all


def templates_fingerprint(user_dir: Path | None) -> str:
    """A hash of every template docgen would load (user folder first, packaged behind)."""
    parts: list[bytes | str] = []
    for folder in (user_dir, packaged_templates()):
        if folder is None or not folder.is_dir():
            parts.append("-")
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            parts.append(path.relative_to(folder).as_posix())
            parts.append(path.read_bytes())
    return digest(*parts)


def render_context(options: RenderOptions) -> str:
    """What, besides the pages, shapes a rendered package: docgen's code, black, the templates'
    bytes and the options."""
    return digest(code_fingerprint(), black_version(), templates_fingerprint(options.templates), repr(astuple(options)))


def render_key(options: RenderOptions, tree_key: str) -> str:
    """The key :func:`render_cached` stores the package of the pages of ``tree_key`` under."""
    return digest("render", tree_key, render_context(options))


def render_cached(
    options: "RenderOptions",
    *,
    tree_key: str,
    load: Callable[[], "BuildResult"],
    cache: Cache,
    jobs: int,
    pages: Callable[[], "PageSet"] | None = None,
    plan_diagnostics: Sequence[Diagnostic] = (),
) -> tuple[Texts, list[Diagnostic]]:
    """The rendered package (path -> text, each text's digest at hand) and every diagnostic (the
    model's and the renderer's).

    ``tree_key`` is the :class:`~docgen.pipeline.build.Plan` key of the pages; when a render of the same
    pages, templates, options and docgen is cached, the model is not even loaded. Otherwise
    ``pages`` (when given) loads the parsed pages, parsing only those not in the cache: when a
    render of pages with the same cores (:attr:`~docgen.pipeline.build.PageSet.key`: an edit to front
    matter or to prose docgen does not read changes no core) is cached, it is the answer. ``load``
    builds the model otherwise. ``plan_diagnostics`` (missing or unreadable inputs) are not part
    of any key: no entry holds them; they are added to what an entry holds.
    """
    context = render_context(options)
    keys = [digest("render", tree_key, context)]

    def again() -> Mapping[str, str]:  # the texts of a hit whose texts entry is gone
        return _render(options, load, cache, jobs, context, plan_diagnostics)[0]

    hit = _stored(cache, keys[0], again)
    if hit is not None:
        return _with_plan_diagnostics(hit, plan_diagnostics)
    # The entries this render stores (the package, 20 MB on the corpus, and an alias) are
    # written by a child forked now, while this process is small, and written while the files
    # are: stored here they took 0.2 s of HMAC and SQLite with one core idle.
    writer = EntryWriter(cache)
    try:
        if pages is not None and cache.enabled:
            keys.append(digest("render-pages", pages().key, context))
            hit = _stored(cache, keys[1], again)
            if hit is not None:
                _alias(writer, keys[0], keys[1])  # the next run of this exact tree: two lookups
        if hit is None:
            files, model_diagnostics, render_diagnostics = _render(options, load, cache, jobs, context,
                                                                   plan_diagnostics, writer)
            texts = files if isinstance(files, Texts) else Texts(digests(files), lambda: files)
            _store_texts(cache, writer, texts)
            paths = tuple(sorted(texts.hashes))
            hashes = texts.hashes
            files_column = (FILE_COLUMNS, paths, tuple([hashes[path] for path in paths]))
            writer.put("render", keys[-1], entry_bytes((files_column, model_diagnostics, render_diagnostics)))
            if len(keys) > 1:
                _alias(writer, keys[0], keys[-1])
            hit = (texts, model_diagnostics, render_diagnostics)
    finally:
        forget_encodings()
        writer.close()
    return _with_plan_diagnostics(hit, plan_diagnostics)


def _render(
    options: "RenderOptions",
    load: Callable[[], "BuildResult"],
    cache: Cache,
    jobs: int,
    context: str,
    plan_diagnostics: Sequence[Diagnostic],
    writer: EntryWriter | None = None,
) -> tuple[Mapping[str, str], tuple, tuple]:
    """Build the model and render the package: (files, model diagnostics, render diagnostics).
    ``writer``: what stores the values the render remembers after its jobs (see
    :class:`~docgen.pipeline.render_jobs.PoolRunner`)."""
    from docgen.pipeline.memory import paused_gc
    from docgen.pipeline.plain import digesting, keeping_encodings, retain_digests
    from docgen.pipeline.render_jobs import JobCache, PoolRunner
    from docgen.render.package import (
        render_package,  # imports jinja2: only when rendering
    )

    # The stored model's types and operations digested as they are decoded, and its diagnostics'
    # data kept to store them again with the package (render_cached forgets it).
    with digesting(), keeping_encodings():
        built = load()
    formatter = cached_formatter(cache, jobs, packaged_templates_only=options.templates is None)
    job_cache = JobCache(cache, context) if cache.enabled else None
    runner = PoolRunner(jobs, job_cache, writer)
    with paused_gc():  # many short-lived contexts, no cycles worth a collector pass
        model, pages = page_free(built.model)
        files, render_diagnostics = render_package(model, options, format_all=formatter, runner=runner, pages=pages)
    retain_digests((*built.model.types, *built.model.operations))  # what this process may patch next
    from_plan = set(plan_diagnostics)
    model_diagnostics = built.model.diagnostics  # that very tuple: stored again from its kept columns
    if from_plan or type(model_diagnostics) is not tuple:
        model_diagnostics = tuple(d for d in model_diagnostics if d not in from_plan)
    return files, model_diagnostics, (*render_diagnostics, *long_names(built.model))


def long_names(model: Model) -> list[Diagnostic]:
    """A ``long-name`` warning for each type and operation whose module name had to be
    shortened to keep file names within the writer's limit (see
    :func:`docgen.render.naming.module`)."""
    from docgen.diagnostics import warning
    from docgen.render import naming

    found = []
    named = [(t.name, "type", t.location) for t in model.types]
    named += [(op.name, "operation", op.location) for op in model.operations]
    # An ASCII name's snake_case is at most twice as long, plus a fallback's letter and a
    # keyword's underscore (words are letters and digits of the name, an underscore between
    # two): only longer names are worked out (NFKC can lengthen a name of other characters).
    at_most = (naming.MODULE_NAME_MAX - 2) // 2
    for name, fallback, location in named:
        if len(name) <= at_most and name.isascii():
            continue
        if name.isascii() and naming.snake_bound(name, fallback) <= naming.MODULE_NAME_MAX:
            continue
        full = naming.snake(name, fallback)
        if len(full) > naming.MODULE_NAME_MAX:
            short = naming.module(name, fallback)
            message = (f"the {fallback} {name[:60]}... makes a module name of {len(full)} characters; "
                       f"its module is {short!r}")
            found.append(warning("long-name", message, location))
    return found


def _with_plan_diagnostics(
    hit: tuple[Texts, tuple, tuple], plan_diagnostics: Sequence[Diagnostic]
) -> tuple[Texts, list[Diagnostic]]:
    files, model_diagnostics, render_diagnostics = hit
    if plan_diagnostics:
        model_diagnostics = sorted(set(model_diagnostics) | set(plan_diagnostics), key=Diagnostic.sort_key)
    return files, [*model_diagnostics, *render_diagnostics]


def _stored(
    cache: Cache, key: str, again: Callable[[], Mapping[str, str]], follow: bool = True
) -> tuple[Texts, tuple, tuple] | None:
    """The render entry under ``key`` (an alias followed once), None when there is none. Its
    texts are read from their entries when one is first asked for; when one is gone or damaged,
    ``again`` renders them (and must give the texts of the stored digests)."""
    hit = cache.get("render", key)
    if follow and isinstance(hit, tuple) and len(hit) == 2 and hit[0] == _ALIAS and isinstance(hit[1], str):
        return _stored(cache, hit[1], again, follow=False)
    if not (isinstance(hit, tuple) and len(hit) == 3 and type(hit[0]) is tuple and len(hit[0]) == 3
            and hit[0][0] == FILE_COLUMNS):
        return None
    (_, paths, shas), model_diagnostics, render_diagnostics = hit
    # Two columns, each file's path and its text's sha256 (5,720 pairs of tuples were 2 ms to
    # encode on every warm edit, and as long to check here).
    if not (type(paths) is tuple and type(shas) is tuple and len(paths) == len(shas)
            and _only_strings(paths) and _only_strings(shas)):
        return None
    hashes = dict(zip(paths, shas))

    def load() -> Mapping[str, str]:
        texts = _load_texts(cache, hashes)
        if texts is not None:
            return texts
        rendered = again()
        if digests(rendered) != hashes:
            raise RuntimeError("docgen rendered the same pages differently: please report this")
        return rendered

    def some(rels: Sequence[str]) -> Mapping[str, str] | None:  # the few files a writer reads
        return _load_texts(cache, {rel: hashes[rel] for rel in rels})

    return Texts(hashes, load, some), model_diagnostics, render_diagnostics


ENTRY_MARSHAL = 2
"""The :mod:`marshal` version a render entry is written in: without version 3's references, which
made marshal look up every object the process shares (the model's diagnostics, kept decoded:
:func:`~docgen.pipeline.plain.keeping_encodings`) in a table first. The corpus's 2.8 MB entry took
4-7 ms to write in version 4, 1.8-3.6 ms in version 2, and is 3 % larger; read the same way
(:func:`marshal.loads` reads every version)."""


def entry_bytes(value: tuple) -> bytes:
    """A render entry's payload: ``value``'s plain data (:func:`~docgen.pipeline.plain.encode`)
    in marshal version :data:`ENTRY_MARSHAL` (what :func:`~docgen.pipeline.cache.loads` reads)."""
    return plain_dumps(value, ENTRY_MARSHAL)


FILE_COLUMNS = "file-columns"
"""The first item of a render entry's files: ``(FILE_COLUMNS, paths, sha256s)``."""


def _only_strings(column: tuple) -> bool:
    """Whether every item of ``column`` is exactly a ``str`` (checked at C speed)."""
    return not column or set(map(type, column)) == {str}


def _store_texts(cache: Cache, writer: EntryWriter, files: Texts) -> None:
    """Store the text of each file of ``files`` no entry holds yet (by its sha256). The render
    jobs store theirs (:class:`~docgen.pipeline.render_jobs.JobCache`), so only the package's
    other files (:meth:`~docgen.write.texts.Texts.given`) are looked for here: asking for all
    5,720 texts' entries was 5-10 ms of a warm edit. (A reused job's text whose entry is gone is
    rendered again when it is asked for; a package whose texts are gone, by :func:`_stored`.)"""
    if not cache.enabled:
        return
    hashes = files.hashes
    rels = sorted(files.given())
    stored = cache.present(TEXT, sorted({hashes[rel] for rel in rels}))
    for rel in rels:
        sha = hashes[rel]
        if sha not in stored:
            stored.add(sha)
            writer.put(TEXT, sha, text_payload(files[rel]))


def _load_texts(cache: Cache, hashes: Mapping[str, str]) -> dict[str, str] | None:
    """The text of every file of ``hashes`` from its entry, each checked against its sha256;
    None when one is missing or is not the text of its digest."""
    stored = cache.get_payloads(TEXT, sorted(set(hashes.values())))
    texts: dict[str, str] = {}
    decoded: dict[str, str] = {}
    for rel, sha in hashes.items():
        text = decoded.get(sha)
        if text is None:
            text = read_text(stored.get(sha), sha)
            if text is None:
                return None
            decoded[sha] = text
        texts[rel] = text
    return texts


_ALIAS = "alias"


def _alias(writer: EntryWriter, key: str, target: str) -> None:
    """Store under ``key`` a pointer to the render entry under ``target`` (one package, 17 MB
    for the corpus, is stored once however many trees render it)."""
    writer.put("render", key, dumps((_ALIAS, target)))


def page_free(model: "Model") -> tuple["Model", tuple[str, ...]]:
    """``model`` with no page at all, and its pages' paths: what the renderer is given
    (:func:`~docgen.render.package.render_package`'s ``pages``). It reads nothing of a page but
    its path, so no template or plan can depend on a page's front matter, hash, kind or title
    (see :func:`docgen.pipeline.build._entry`); the pages stripped of their front matter and hash
    (:func:`without_page_meta`, 3,341 objects made) were 3-5 ms of every warm render."""
    from dataclasses import replace

    return replace(model, pages=()), tuple([page.path for page in model.pages])


def without_page_meta(model: "Model") -> "Model":
    """``model`` with every page's front matter and hash left out: what the renderer was given
    before :func:`page_free` (the same package and diagnostics: tests and benchmarks render it)."""
    from dataclasses import replace

    from docgen.model.core import PageInfo

    # Each page made as plain.decode makes a frozen dataclass (its fields set in its __dict__):
    # dataclasses.replace of the corpus's 3,341 pages was 0.015-0.03 s of a warm edit.
    new, fields = object.__new__, PAGE_FIELDS
    pages = []
    for page in model.pages:
        if type(page) is not PageInfo or page.__dict__.keys() != fields:  # a subclass or another shape
            pages.append(replace(page, front_matter={}, sha256=""))
            continue
        stripped = new(PageInfo)
        stripped.__dict__.update(page.__dict__, front_matter={}, sha256="")
        pages.append(stripped)
    return replace(model, pages=tuple(pages))


PAGE_FIELDS = {"path": 0, "kind": 0, "title": 0, "front_matter": 0, "sha256": 0}.keys()
"""The instance fields of a :class:`~docgen.model.core.PageInfo` (its dataclass fields, checked by
tests/pipeline/test_render_cache.py)."""
