"""The JSON report's diagnostics are written by formats.json_text and spliced into the document by
support.emit_json: the bytes must be exactly those of the old encoder (a dict per diagnostic,
ordered by Diagnostic.sort_key, json.dumps with sorted keys, ensure_ascii=False)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docgen.cli import formats as report
from docgen.cli import support
from docgen.diagnostics import Diagnostic, Location, Severity, error, info, warning


def _old_list(diagnostics) -> list[dict]:
    return [d.to_json() for d in sorted(set(diagnostics), key=Diagnostic.sort_key)]


def _old_text(diagnostics) -> str:
    return json.dumps(_old_list(diagnostics), sort_keys=True, ensure_ascii=False)


AWKWARD = [
    error("bad-type", "naïve “quotes” \"and\" back\\slash", Location("docs/résumé.md", 3, 7)),
    warning("bad-type", "same place, same code, another message", Location("docs/résumé.md", 3, 7)),
    warning("another-code", "same place, another code", Location("docs/résumé.md", 3, 7)),
    info("bad-type", "naïve “quotes” \"and\" back\\slash", Location("docs/résumé.md", 3, 7)),  # severity only
    error("emoji", "non-BMP \U0001f600 and a control \x01 char\ttab", Location("docs/a.md", 10, 1)),
    error("emoji", "non-BMP \U0001f600 and a control \x01 char\ttab", Location("docs/a.md", 10, 1)),  # duplicate
    error("internal-error", "no location given", Location("<docgen>")),
    warning("order", "line 9 before line 10", Location("docs/a.md", 9, 200)),
    warning("order", "line 10 col 2", Location("docs/a.md", 10, 2)),
    Diagnostic(Severity.WARNING, "ctx", "context and related are not part of the JSON", Location("docs/b.md", 2, 2),
               context="x", related=(Location("docs/c.md"),)),
    Diagnostic(Severity.WARNING, "ctx", "context and related are not part of the JSON", Location("docs/b.md", 2, 2),
               context="y"),  # equal to the one above: one row
    error("separators", 'a "key": [1, 2] and {"x": 1} inside', Location("docs/d e.md", 1, 1)),
    error("nul", "\0diagnostics\0", Location("docs/n.md", 1, 1)),
]


@pytest.mark.parametrize("items", [AWKWARD, AWKWARD[::-1], [], AWKWARD[:1]])
def test_json_text_is_the_old_encoders_bytes(items) -> None:
    assert report.json_text(items) == _old_text(items)
    assert report.to_json(items) == _old_list(items)
    assert [tuple(d.values()) for d in report.to_json(items)] == [tuple(d.values()) for d in _old_list(items)]


def test_a_value_no_diagnostic_holds_goes_through_the_encoder() -> None:
    odd = [Diagnostic(Severity.ERROR, "odd", "a bool line", Location("p.md", True, 2)),  # type: ignore[arg-type]
           error("plain", "m", Location("p.md", 1, 1))]
    assert report.json_text(odd) == _old_text(odd)


text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.builds(
    Diagnostic,
    st.sampled_from(list(Severity)),
    st.sampled_from(["a", "b-c", "é"]) | text,
    text,
    st.builds(Location, st.sampled_from(["x.md", "y/z.md"]) | text, st.integers(-3, 3), st.integers(0, 2**70)),
), max_size=25))
def test_any_diagnostics_give_the_old_bytes(items) -> None:
    assert report.json_text(items) == _old_text(items)


@pytest.mark.parametrize("output", ["out/\0diagnostics\0 not a path", "\0diagnostics\0", "zz"])
@pytest.mark.parametrize("tty", [False, True])
def test_emit_json_splices_the_same_document(capsys, monkeypatch, tty, output) -> None:
    monkeypatch.setattr(support.sys.stdout, "isatty", lambda: tty)
    document = {"output": output, "written": ["a.py", "ü.py"], "ok": False, "unchanged": 3}
    support.emit_json(document, AWKWARD)
    got = capsys.readouterr().out
    expected = json.dumps({**document, "diagnostics": _old_list(AWKWARD)}, indent=2 if tty else None,
                          sort_keys=True, ensure_ascii=False)
    assert got == expected + "\n"
    support.emit_json({}, [])
    assert capsys.readouterr().out == json.dumps({"diagnostics": []}, indent=2 if tty else None) + "\n"


@pytest.mark.parametrize("rows", [False, True])
def test_emit_json_writes_what_click_echo_wrote(capsys, monkeypatch, rows) -> None:
    """Off a terminal the one-line document is written as is: click.echo would strip ANSI
    sequences, but JSON escapes the ESC they start with, so it never found one."""
    monkeypatch.setattr(support.sys.stdout, "isatty", lambda: False)
    ansi = [error("ansi", "\x1b[31mred\x1b[0m and \x1b]8;;x\x07link", Location("docs/\x1b[1mbold.md", 1, 1)),
            *AWKWARD]
    document = {"output": "\x1b[2Jout", "written": ["\x1b[31ma.py"], "ok": True}
    if rows:
        support.emit_json(document, rows=report.rows(ansi))
    else:
        support.emit_json(document, ansi)
    got = capsys.readouterr().out
    import click

    click.echo(json.dumps({**document, "diagnostics": _old_list(ansi)}, sort_keys=True, ensure_ascii=False))
    assert got == capsys.readouterr().out
    assert "\x1b" not in got and "\\u001b[31mred" in got
    support.emit_json({"model": ["\x1b[31m"]})  # a document with no diagnostics list
    got = capsys.readouterr().out
    click.echo(json.dumps({"model": ["\x1b[31m"]}, sort_keys=True, ensure_ascii=False))
    assert got == capsys.readouterr().out


@pytest.mark.parametrize("nul", [False, True])
@pytest.mark.parametrize("rows", [False, True])
def test_emit_json_through_the_cache_writes_the_same_bytes(capsys, monkeypatch, tmp_path, rows, nul) -> None:
    """With a run's encoder (docgen.pipeline.report_text), the text made and the text read back
    from the cache are the old encoder's, for diagnostics and for rows; a planted entry that is
    not a list's text is not used; diagnostics holding a NUL are not kept (made each time)."""
    from docgen.pipeline.cache import Cache
    from docgen.pipeline.report_text import KIND, columns_key, report_text

    monkeypatch.setattr(support.sys.stdout, "isatty", lambda: False)
    cache = Cache(tmp_path / "cache")
    made: list[int] = []

    def encoded(columns, make):
        return report_text(cache, columns, lambda: made.append(1) or make())

    items = AWKWARD if nul else [d for d in AWKWARD if "\0" not in d.message]
    document = {"output": "out", "written": [], "ok": True}
    expected = json.dumps({**document, "diagnostics": _old_list(items)}, sort_keys=True, ensure_ascii=False) + "\n"
    given = {"rows": report.rows(items)} if rows else {"diagnostics": items}
    for _ in range(2):
        support.emit_json(document, **given, encoded=encoded)
        assert capsys.readouterr().out == expected
    assert made == ([1, 1] if nul else [1])  # else the second from the cache
    columns = report.columns_of_rows(given["rows"]) if rows else report.columns(items)
    if not nul:
        cache.put(KIND, columns_key(columns), '[{"not": "the text"}')  # not a list's text: not used
        support.emit_json(document, **given, encoded=encoded)
        assert capsys.readouterr().out == expected and made == [1, 1]
