"""Model -> the generated package's files (relative posix path -> black-formatted text).

The stages: name every type (:mod:`docgen.render.models`) and plan its class when a job asks
for it (:mod:`docgen.render.lazy_plans`), name every operation's module
(:mod:`docgen.render.planning`), plan every operation (:mod:`docgen.render.requests`) and its
example tests (:mod:`docgen.render.examples`), render each file from its template
(:mod:`docgen.render.files`, :mod:`docgen.render.environment`), format it with black
(:mod:`docgen.render.formatting`), and check with ``ast`` that it holds only the statements its
template meant to write (:mod:`docgen.render.verify`, :mod:`docgen.render.ast_check`).
"""

from __future__ import annotations

from collections.abc import Callable, Container, Mapping, Sequence
from dataclasses import replace
from functools import partial
from typing import Any

from docgen.diagnostics import Diagnostic, Location, error, warning
from docgen.model.core import Model, Operation
from docgen.render import environment as templating
from docgen.render import names_cache
from docgen.render.answered import tree_answers
from docgen.render.builders import client_file, node_file
from docgen.render.checker import Checker
from docgen.render.examples import plan_tests
from docgen.render.files import Emit, all_pages, header, model_file, test_file
from docgen.render.job_index import keyed
from docgen.render.job_index import scope as job_scope
from docgen.render.jobs import InProcess, JobResult, JobRunner, Work, merge_shared
from docgen.render.lazy_plans import LazyPlans
from docgen.render.meta import package_meta
from docgen.render.models import Registry
from docgen.render.navigation import Names, node_operations
from docgen.render.options import RenderOptions
from docgen.render.reads import Reads, TrackedChecker
from docgen.render.requests import plan_operation
from docgen.render.runtime import runtime
from docgen.render.stored_tree import (
    Found,
    StoredTree,
    answers_digest,
    cached_views,
    node_builder_parts,
    type_names_read,
)
from docgen.render.tree_stand_ins import operation_keys
from docgen.render.type_reads import recall_types, remember_types
from docgen.render.verify import (
    FormatAll,
    Pending,
    finish,
    format_each,
    format_packaged,
    recalled_suspicious,
)
from docgen.resolve.navigation import Navigation, Node
from docgen.write.texts import Texts

TEMPLATE_NAMES = (
    "__init__.py.j2",
    "_runtime.py.j2",
    "macros.j2",
    "models/__init__.py.j2",
    "models/model.py.j2",
    "models/enum.py.j2",
    "_client.py.j2",
    "requests/__init__.py.j2",
    "requests/_base.py.j2",
    "requests/node.py.j2",
    "tests/__init__.py.j2",
    "tests/conftest.py.j2",
    "tests/_support.py.j2",
    "tests/test_operation.py.j2",
)
"""Every template docgen renders; a file of the same name in ``RenderOptions.templates`` replaces it."""


class _Renderer:
    """One render: options, the template environment and the diagnostics collected."""

    def __init__(
        self,
        model: Model,
        options: RenderOptions,
        format_all: FormatAll,
        runner: JobRunner,
        pages: Sequence[str] | None = None,
    ) -> None:
        self.model = model
        self.options = options
        self.format_all = format_all
        self.runner = runner
        self.pending: Pending = {}
        self.files: dict[str, str] = {}
        self.examples: list[tuple[str, str]] = []
        self.diags: list[Diagnostic] = []
        self._header: str | None = None
        self._tree: StoredTree | None = None
        self.all_pages = all_pages(model, [p.path for p in model.pages] if pages is None else pages)

    def header(self) -> str:
        """:func:`~docgen.render.files.header` of every page (made once)."""
        if self._header is None:
            self._header = header(self.all_pages, ordered=True)
        return self._header

    def emit(
        self,
        path: str,
        template: str,
        role: str,
        expected: set[str],
        anchor: Location,
        **context: Any,
    ) -> None:
        """Render one file; :meth:`finish` formats and checks it."""
        try:
            text = templating.render(template, self.options.templates, **context)
        except (
            Exception
        ) as exc:  # a user template may fail in any way; report it, never crash
            self.diags.append(
                error(
                    "template-error", f"{template}: {type(exc).__name__}: {exc}", anchor
                )
            )
            return
        self.pending[path] = (text, role, expected, anchor)

    def finish(self) -> None:
        """Format every rendered file (through ``format_all``) and check it with ``ast``."""
        finish(self.pending, self.format_all, self.files, self.diags)

    # ------------------------------------------------------------------ the whole package

    def run(self) -> tuple[Mapping[str, str], list[Diagnostic]]:
        reg = names_cache.registry(self.model, self.runner)  # Registry.build, or its names read back
        # Class plans are made when a job asks for one (:mod:`docgen.render.lazy_plans`): a
        # model module's job is keyed by what its plan is made of, so a reused job plans nothing.
        plans = LazyPlans(reg)
        # One job per class, in the order plan_classes planned them (a base before the classes
        # deriving from it): what planning reports to the registry is kept in that order. (They
        # read nothing planned below, but starting them on a worker forked here was slower: its
        # copy-on-write faults here, a second pool's workers planning the classes again, Dec. 5.)
        order = plans.order()
        # Its key's parts are made when the runner asks (:mod:`docgen.render.job_index`).
        model_work: list[Work] = [
            (keyed(partial(plans.keyed, name), partial(plans.know, name)),
             partial(self._run_job, reg, self._model_job, plans, name))
            for name in order
        ]
        checker = TrackedChecker.lazy(reg, plans)
        modules, clashes = names_cache.modules(self.model, self.runner)  # operation_modules, or read back
        self.diags.extend(clashes)
        # Stand-ins for the operations in jobs' keys: each one's digest
        # (:func:`docgen.pipeline.plain.object_digest`), by the runner ("" without a job cache).
        stand_ins = self.runner.keys([("operation", op) for op, _ in modules])()
        type_stand_ins = self.runner.keys([("type", t) for t in self.model.types])()
        self.diags.extend(recalled_suspicious(self.model, self.runner, type_stand_ins, stand_ins))
        # The tree is keyed by the type names it reads and the fields of the operations (all in
        # ``modules``) it is built from (:mod:`docgen.render.tree_stand_ins`); what reads whole
        # operations, by their whole stand-ins too. The render reads the tree only when it asks.
        tree_ins, whole_key = operation_keys(self.runner, [op for op, _ in modules], stand_ins)
        tree_key = (type_names_read(self.model), tree_ins)
        stored = self._tree = StoredTree(self.model, self.runner, tree_key[1], tree_key[0])
        names = stored.names
        # An operation's stand-in is in its own job's key and in those of the builder modules
        # of the nodes it documents.
        op_stand_ins = {id(op): stand_in for (op, _), stand_in in zip(modules, stand_ins)}
        # From here on every lookup in the types may be recorded (:mod:`docgen.render.reads`).
        reads = Reads.watch(reg, checker)
        recall_types(self.runner, self.model, reads, type_stand_ins)  # the types' digests of the last render
        # The builder methods' answers, each operation's part planned here (its diagnostics
        # come from its job) or reused while what its planning read is current.
        (void, specs, bodied), answered = tree_answers(reg, stored.navigation, modules, op_stand_ins, reads,
                                                       self.runner, (*tree_key, *whole_key))
        names = replace(names, void=void, specs=specs, bodied=bodied)
        self.diags.extend(stored.nav_diagnostics)
        self.diags.extend(stored.diagnostics)
        work: list[Work] = []
        # An operation's plan and files depend on the operation, its module name, the navigation
        # nodes it reads and, through the registry and the checker, on the types it looks up:
        # those lookups are recorded while it renders (:mod:`docgen.render.reads`) and its
        # result carries them, so a type-cell edit re-renders only the jobs that read that type.
        # A job plans its operation (on a worker); a cached job is not even planned.
        # What the jobs read of the tree: the same while the tree and the answers are.
        answered_key = answers_digest(names)  # with the tree's key, what the views are keyed by
        views, path_digests, child_digests = cached_views(
            self.model, self.runner, tree_key[1], stored, names, [op for op, _ in modules], tree_key[0], answered_key)
        for (op, module), view in zip(modules, views):
            render = partial(self._run_job, reg, self._operation_job, reads, op, module, reg, checker, stored, names)
            work.append((("operation", view, op_stand_ins[id(op)] or op, module), render))  # (naming its stand-in)
        # Templates compiled before the workers fork are compiled once, not once per worker.
        # So is the runtime whose codecs the checker asks (:mod:`docgen.render.runtime`).
        work.extend(self.builder_work(reg, stored, names, modules, reads, (path_digests, child_digests), op_stand_ins))
        # The package's own files are jobs too: formatting and checking them (the runtime, the
        # models' index) was 0.05 s of every render.
        calls: list[tuple[Any, ...]] = []
        self.package_files(plans, partial(_collect, calls))
        work.extend((("file", *call), partial(self._run_job, reg, self._emit_call, call)) for call in calls)
        jobs = [*model_work, *work]
        # The views and node digests stand in the scope as what they are stored under (the tree's
        # key and the answers' digest: their 6,700 strings were 1-2 ms of marshal and hashing).
        index_scope = job_scope(self.model.types, type_stand_ins, plans.refs(), order, tree_key, modules,
                                ("tree-views", answered_key), jobs, stand_ins)
        remember_types(self.runner, self.model, reads, type_stand_ins)  # (made once the jobs have run)
        results = self.runner.run(jobs, self.warm, reads.current, scope=index_scope)
        for result in results:
            self.diags.extend(result.diagnostics)
        self.diags.extend(reg.diagnostics)
        # The classes' reports first (plan_classes made them before anything else), then the
        # builders' answers', then the other jobs': the first report of each is kept.
        ordered = [*results[:len(order)], JobResult({}, (), tuple(answered)), *results[len(order):]]
        self.diags.extend(merge_shared(ordered, reg.diagnostics))
        self.examples = list(stored.examples)
        self.files.update(package_meta(self.options, self.header(), self.examples))
        self.diags.sort(key=lambda d: d.sort_key())
        joined = self.runner.joined(results, self.files)  # (a runner may join them its own way)
        if joined is not None:
            return joined, self.diags
        parts = [result.files for result in results] + [self.files]
        if any(isinstance(part, Texts) for part in parts):  # texts read when the writer asks
            return Texts.joined(parts), self.diags
        files: dict[str, str] = {}
        for part in parts:
            files.update(part)
        return dict(sorted(files.items())), self.diags

    def _model_job(self, plans: LazyPlans, name: str) -> None:
        """A class's model module: its plan made (with what planning it reports), then rendered."""
        plan, diags, shared = plans.planned(name)
        self.diags.extend(diags)
        plans.reg.diagnostics.extend(shared)
        model_file(self.emit, plan)

    def warm(self) -> None:
        """Compile the templates, load the checker's runtime and the tree (before workers fork)."""
        templating.compile_all(TEMPLATE_NAMES, self.options.templates)
        runtime()
        if self._tree is not None:
            self._tree.navigation()

    def _operation_job(self, reads: Reads, op: Operation, module: str, reg: Registry, checker: Checker,
                       stored: StoredTree, names: Names) -> tuple[tuple[str, str], ...]:
        """:meth:`operation_files` of ``op`` with the tree (asked for now), its reads recorded."""
        return self._recorded(reads, self.operation_files, op, module, reg, checker, stored.navigation(), names)

    def operation_files(
        self,
        op: Operation,
        module: str,
        reg: Registry,
        checker: Checker,
        nav: Navigation,
        names: Names,
    ) -> None:
        """An operation's plan and its test module (its requests go through the builders)."""
        plan, diags = plan_operation(reg, op, module)
        self.diags.extend(diags)
        tests, test_diags = plan_tests(checker, plan)
        self.diags.extend(test_diags)
        self.diags.extend(test_file(self.emit, plan, tests, nav, names))

    def builder_work(
        self,
        reg: Registry,
        stored: StoredTree,
        names: Names,
        modules: list[tuple[Operation, str]],
        reads: Reads,
        digests: tuple[tuple[str, ...], tuple[str, ...]],
        stand_ins: dict[int, str],
    ) -> list[Work]:
        """One job per navigation node (its request-builder module) and one for the client.

        A node's job plans the operations its endpoints document and makes its module's
        template context, recording what it reads of the types (as an operation's job does);
        its key is what it reads of the tree (the digests of the nodes on its path and of its
        children, :func:`~docgen.render.navigation.node_digests`; where it is documented) and
        those operations with their module names. So a cached module costs neither planning
        nor a context here (2,302 modules on the corpus: their contexts and the keys of them
        were 0.17 s of a one-cell edit). What planning adds to the registry's diagnostics is
        dropped, as it was when the modules were planned here after those had been collected.
        """
        found = Found(modules)  # (made when a node's parts or module are: 1-3 ms of the corpus's)
        models = reads.models()
        # A node's parts are made only when its key is (:class:`~docgen.render.job_index.Keyed`:
        # the scope covers what they are made of, so a warm render takes its key from the key
        # index), its operations only when it renders: the corpus's 2,302 nodes' parts were
        # 0.01 s of every warm render.
        parts_of = partial(node_builder_parts, stored, found, stand_ins, digests)
        render = partial(self._run_job, reg, self._builder_job, reads, reg, stored, names, found, models)
        work: list[Work] = [(keyed(partial(parts_of, node)), partial(render, node)) for node in range(1, stored.count)]
        calls: list[tuple[Any, ...]] = []
        client_file(partial(_collect, calls), None, names, self.all_pages, self.options.package, stored.accessors,
                    self.header())
        work.extend((("file", *call), partial(self._run_job, reg, self._emit_call, call)) for call in calls)
        return work

    def _builder_job(
        self, reads: Reads, reg: Registry, stored: StoredTree, names: Names, found: Found,
        models: Container[tuple[str, str]], node: int,
    ) -> tuple[tuple[str, str], ...]:
        """:meth:`_builder_file` of the node of id ``node`` (the tree asked for now), its reads recorded."""
        nav = stored.navigation()
        return self._recorded(reads, self._builder_file, reg, nav, names, nav.nodes[node], found(), models)

    def _builder_file(
        self,
        reg: Registry,
        nav: Navigation,
        names: Names,
        node: Node,
        found: Mapping[tuple[str, str], tuple[Operation, str]],
        models: Container[tuple[str, str]],
    ) -> None:
        """A node's builder module: its operations (:func:`~docgen.render.navigation.node_operations` of ``found``) planned,
        its context made, then rendered."""
        ops = node_operations(node, found)
        calls: list[tuple[Any, ...]] = []
        mark, reported = len(reg.diagnostics), reg.reported()
        plans = {key: plan_operation(reg, op, module)[0] for key, (op, module) in ops.items()}
        node_file(partial(_collect, calls), nav, names, node, plans, reg, models)
        del reg.diagnostics[mark:]
        reg.restore_reported(reported)
        for call in calls:
            self._emit_call(call)

    def _emit_call(self, call: tuple[Any, ...]) -> None:
        """Render one file collected by :meth:`builder_work`."""
        path, template, role, expected, anchor, context = call
        self.emit(path, template, role, expected, anchor, **context)

    def _recorded(
        self, reads: Reads, render: Callable[..., None], *args: Any
    ) -> tuple[tuple[str, str], ...]:
        """Run ``render(*args)``, recording what it reads of the types; the tokens it read, stamped."""
        with reads.recording() as tokens:
            render(*args)
        return reads.stamped(tokens)

    def _run_job(
        self, reg: Registry, render: Callable[..., Any], *args: Any
    ) -> JobResult:
        """Run ``render(*args)`` on fresh file and diagnostic lists; format and check its files."""
        saved = (self.pending, self.files, self.diags)
        self.pending, self.files, self.diags = {}, {}, []
        mark = len(reg.diagnostics)
        # Each job reports as if no type had been reported before it (what plan_classes or an
        # earlier job in this process reported is dropped again by merge_shared): its result,
        # cached or not, depends only on its key and on what it read.
        reported = reg.reported()
        reg.restore_reported(frozenset())
        try:
            stamps = render(*args)
            self.finish()
            shared = tuple(reg.diagnostics[mark:])
            del reg.diagnostics[mark:]
            return JobResult(self.files, tuple(self.diags), shared, stamps or ())
        finally:
            self.pending, self.files, self.diags = saved
            reg.restore_reported(reported)

    def package_files(self, plans: LazyPlans, emit: Emit) -> None:
        """The package's own files (runtime, ``__init__`` modules, test support) through ``emit``;
        a type whose name differs from another's only in case is warned about here."""
        anchor = Location(self.all_pages[0] if self.all_pages else "<model>")
        top = self.header()
        types: list[tuple[str, str, str]] = []
        keys: set[str] = set()
        qualified, ref_of = plans.qualified, plans.ref_of  # (a type's qualified_name is made on each call)
        for name in plans:
            q = qualified(name)  # the qualified name of plans.type_of(name)
            key = q.lower()
            if key in keys:
                self.diags.append(
                    warning(
                        "name-clash",
                        f"{q}: another type differs only in case; @odata.type lookups find the first",
                        plans.type_of(name).location,
                    )
                )
                continue
            keys.add(key)
            ref = ref_of(q)
            types.append((key, ref.module, ref.name))
        emit(
            "_runtime.py",
            "_runtime.py.j2",
            "runtime",
            set(),
            anchor,
            header=top,
            base_url=self.options.base_url,
        )
        emit(
            "__init__.py",
            "__init__.py.j2",
            "package",
            {"__all__"},
            anchor,
            header=top,
            package_paragraphs=[
                f"{self.options.package}: models, request builders and tests generated by docgen.",
                (
                    "``Client`` / ``AsyncClient`` reach every documented URL as attributes "
                    "(``client.users.by_id(x).member_of.get()``); models live in ``models``, "
                    "the builders in ``requests``."
                ),
            ],
        )
        emit(
            "models/__init__.py",
            "models/__init__.py.j2",
            "models_init",
            {"ODATA_TYPES", "_EXPORTS", "__all__", "__getattr__", "__dir__"},
            anchor,
            header=top,
            types=types,
        )
        emit(
            "requests/__init__.py",
            "requests/__init__.py.j2",
            "requests_init",
            set(),
            anchor,
            header=top,
        )
        emit(
            "requests/_base.py",
            "requests/_base.py.j2",
            "base",
            set(),
            anchor,
            header=top,
        )
        emit(
            "tests/__init__.py",
            "tests/__init__.py.j2",
            "tests_init",
            set(),
            anchor,
            header=top,
        )
        emit(
            "tests/conftest.py",
            "tests/conftest.py.j2",
            "conftest",
            {"Seen", "GraphServer", "graph_server"},
            anchor,
            header=top,
        )
        emit(
            "tests/_support.py",
            "tests/_support.py.j2",
            "support",
            set(),
            anchor,
            header=top,
        )


def _collect(
    calls: list[tuple[Any, ...]], path: str, template: str, role: str, expected: set[str], anchor: Location,
    **context: Any,
) -> None:
    """An ``emit`` that keeps the call, to be rendered later (:meth:`_Renderer._emit_call`)."""
    calls.append((path, template, role, expected, anchor, context))


def render_package(
    model: Model,
    options: RenderOptions,
    *,
    format_all: FormatAll | None = None,
    runner: JobRunner | None = None,
    pages: Sequence[str] | None = None,
) -> tuple[Mapping[str, str], list[Diagnostic]]:
    """The generated package's files for ``model``: relative posix path -> final text (sorted by
    path; a :class:`~docgen.write.texts.Texts` when the runner reused stored jobs, whose texts
    are read only when asked for).

    Deterministic: the same model and options give the same bytes. Problems come back as
    diagnostics (an error for any file that could not be rendered or failed the ``ast`` check;
    that file is left out). By default a file from the packaged templates goes through black only
    when it could change it (:func:`~docgen.render.verify.format_packaged`: none on the v1.0 corpus);
    with user templates every file does. ``format_all`` lets a caller format files
    its own way (a cache keyed by the text's hash) as long as each result equals
    ``format_python(text)``; it is called once per job (a model module, an operation's request
    and test modules) and once for the package files. ``runner`` runs the jobs
    (:mod:`docgen.render.jobs`): by default in turn, here; the pipeline's runner reuses the result
    of each job whose inputs are unchanged and spreads the rest over forked workers, with the
    same result. ``pages``: the paths of the model's pages when ``model`` holds none of them (the
    renderer reads nothing of a page but its path: :func:`~docgen.pipeline.render_cache.page_free`),
    in the model's order.
    """
    default = format_each if options.templates is not None else format_packaged
    return _Renderer(model, options, format_all or default, runner or InProcess(), pages).run()
