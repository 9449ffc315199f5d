"""What rendering checks around the templates: doc text with bidi controls or NUL in it
(escaped in the output, warned about), and every rendered file formatted by black and checked
with ``ast`` to hold only what its template meant to write."""

from __future__ import annotations

from collections.abc import Container, Sequence
from typing import Callable

from docgen.diagnostics import Diagnostic, Location, error, warning
from docgen.model.core import Model
from docgen.render import escaping
from docgen.render.ast_check import check_module
from docgen.render.formatting import black_could_change, format_python, log_black
from docgen.render.jobs import JobRunner

Pending = dict[str, tuple[str, str, set[str], Location]]
"""Rendered files waiting for :func:`finish`: path -> (text, role, expected names, anchor)."""


def suspicious_text(model: Model) -> list[Diagnostic]:
    """A warning for each piece of doc text holding bidi controls or NUL (they are escaped in
    the output)."""
    return _suspicious(model, frozenset(), ())[0]


def _suspicious(
    model: Model, clean: Container[str], stand_ins: Sequence[str]
) -> tuple[list[Diagnostic], list[str]]:
    """:func:`suspicious_text`, each type and operation whose stand-in (``stand_ins``: the types',
    then the operations', in order) is in ``clean`` skipped (it holds no such text, so it adds
    no warning); and the stand-ins of the objects scanned now that hold none."""
    diags: list[Diagnostic] = []
    seen: set[tuple[Location, str]] = set()

    def scan(text: str, location: Location, what: str) -> bool:
        found = escaping.suspicious(text)
        if found and (location, what) not in seen:
            seen.add((location, what))
            diags.append(
                warning(
                    "suspicious-text",
                    f"{what} contains {', '.join(found)}; escaped in generated code",
                    location,
                )
            )
        return bool(found)

    keys = iter(stand_ins)
    now_clean: list[str] = []
    for t in model.types:
        key = next(keys, "")
        if key and key in clean:
            continue
        dirty = scan(t.name + t.description, t.location, f"type {t.name!r}")
        for p in t.properties:
            dirty = scan(p.name + p.description, p.location, f"property {p.name!r}") or dirty
        for m in t.members:
            dirty = scan(m.name + m.description, m.location, f"member {m.name!r}") or dirty
        if key and not dirty:
            now_clean.append(key)
    for o in model.operations:
        key = next(keys, "")
        if key and key in clean:
            continue
        dirty = scan(o.title + o.description, o.location, f"operation {o.name!r}")
        for ex in o.examples:
            dirty = scan(ex.body_text + (ex.url or ""), ex.location, "example") or dirty
        if key and not dirty:
            now_clean.append(key)
    return diags, now_clean


SUSPICIOUS_CLEAN = "suspicious-clean"
"""The kind the runner remembers the stand-ins of the objects holding no suspicious text under."""


def recalled_suspicious(
    model: Model, runner: JobRunner, type_stand_ins: Sequence[str], operation_stand_ins: Sequence[str]
) -> list[Diagnostic]:
    """:func:`suspicious_text` of ``model``, skipping each type and operation whose stand-in the
    last render of the same context found clean (:meth:`~docgen.render.jobs.JobRunner.recalled`),
    and remembering this model's clean ones when they changed. A stand-in stands for every field
    of its object (:func:`~docgen.pipeline.plain.object_digest`), so a skipped object would have
    added nothing: scanning every text of the corpus was 0.02 s of each warm render."""
    stand_ins = [*type_stand_ins, *operation_stand_ins]
    stored = runner.recalled(SUSPICIOUS_CLEAN)
    clean = set(stored) if type(stored) is tuple and all(type(key) is str and key for key in stored) else set()
    diags, scanned = _suspicious(model, clean, stand_ins)
    present = clean.intersection(stand_ins)
    if scanned or present != clean:  # kept for the next render: this model's clean objects
        runner.remember(SUSPICIOUS_CLEAN, lambda: tuple(sorted(present.union(scanned))))
    return diags


def finish(
    pending: Pending,
    format_all: FormatAll,
    files: dict[str, str],
    diags: list[Diagnostic],
) -> None:
    """Format every rendered file (through ``format_all``) and check it with ``ast``: a file
    that passes goes into ``files``, one that does not parse or holds what its template did not
    mean to write gets an error in ``diags`` instead."""
    raw = {path: item[0] for path, item in pending.items()}
    formatted = format_all(raw)
    for path, (_, role, expected, anchor) in pending.items():
        result = formatted[path]
        if isinstance(result, BaseException):
            first = (
                str(result).splitlines()[0] if str(result) else type(result).__name__
            )
            diags.append(
                error(
                    "invalid-python",
                    f"{path}: rendered code does not parse: {first}",
                    anchor,
                )
            )
            continue
        problems = check_module(result, role, expected)
        for problem in problems:
            diags.append(error("unexpected-code", f"{path}: {problem}", anchor))
        if not problems:
            files[path] = result


def format_each(texts: dict[str, str]) -> dict[str, str | BaseException]:
    """The default ``format_all``: :func:`~docgen.render.formatting.format_python` on each file in turn;
    a file black cannot parse maps to the exception."""
    out: dict[str, str | BaseException] = {}
    log_black(list(texts))
    for path, text in texts.items():
        try:
            out[path] = format_python(text)
        except Exception as exc:  # black.InvalidInput and friends: not valid Python
            out[path] = exc
    return out


def format_packaged(texts: dict[str, str]) -> dict[str, str | BaseException]:
    """The default ``format_all`` with the packaged templates: they lay code out as black does
    (:mod:`docgen.render.layout`), so only a file :func:`~docgen.render.formatting.black_could_change`
    goes through :func:`format_each`; the others are black's output already."""
    out: dict[str, str | BaseException] = {}
    rest = {}
    for path, text in texts.items():
        if black_could_change(text):
            rest[path] = text
        else:
            out[path] = text
    out.update(format_each(rest) if rest else {})
    return {path: out[path] for path in texts}


FormatAll = Callable[[dict[str, str]], dict[str, "str | BaseException"]]
"""Formats a batch of files: path -> rendered text in, path -> black output (or the exception) out."""
