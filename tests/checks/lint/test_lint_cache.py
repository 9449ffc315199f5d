"""Lint's per-page cache (docgen/pipeline/lint_cache.py) against ``--no-cache`` runs.

After each kind of edit a warm ``docgen lint`` must print exactly what a ``--no-cache`` run prints,
and only the pages the edit reaches may be checked again: the page edited and the pages whose
rules read what changed (counted by ``DOCGEN_LINT_LOG``, the run's
:class:`~docgen.pipeline.lint_cache.LintStats`). The pages are tests/checks/lint/fixtures/lintcache
(see its NOTE.txt); each finding there is one an edit below changes.
"""

from __future__ import annotations

import json
import marshal
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.cli.main import main
from docgen.model import lazy
from docgen.pipeline import lint_cache
from docgen.pipeline.build import build, plan
from docgen.pipeline.cache import DB_NAME, Cache, dumps

FIXTURE = Path(__file__).parent / "fixtures" / "lintcache"


@pytest.fixture()
def tree(tmp_path, monkeypatch) -> Path:
    """A copy of the fixture pages as ``docs/`` in a project folder (the CWD), its own cache and log."""
    shutil.copytree(FIXTURE, tmp_path / "docs", ignore=shutil.ignore_patterns("*.txt"))
    monkeypatch.setenv("DOCGEN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("DOCGEN_LINT_LOG", str(tmp_path / "lint.log"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def lint(*args: str) -> str:
    result = CliRunner().invoke(main, ["lint", *args])
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def runs(root: Path) -> list[dict]:
    """The stats of every run that reached the per-page cache, in order."""
    log = root / "lint.log"
    return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []


def rechecked(root: Path) -> set[str]:
    """The pages the last warm run checked (the rules ran), relative to ``docs/``."""
    last = runs(root)[-1]
    return {p.removeprefix("docs/") for p in last["checked_pages"]}


def replace(page: Path, old: str, new: str) -> None:
    text = page.read_text(encoding="utf-8")
    assert old in text, f"{page.name} has no {old!r}"
    page.write_text(text.replace(old, new, 1), encoding="utf-8")


def codes(output: str) -> list[tuple[str, str]]:
    return [(d["path"].removeprefix("docs/"), d["code"]) for d in json.loads(output)["diagnostics"]]


# ---------------------------------------------------------------- the edits and what they reach


def type_cell(docs: Path) -> None:
    replace(docs / "resources" / "user.md", "|jobTitle|String|", "|jobTitle|Int64|")


def description(docs: Path) -> None:
    replace(docs / "resources" / "user.md", "|The user's job title.|", "|The job title of the user.|")


def enum_member(docs: Path) -> None:
    replace(docs / "resources" / "useraccountstate.md", "|unknownFutureValue|",
            "|locked|The account is locked.|\n|unknownFutureValue|")


def api_example(docs: Path) -> None:
    replace(docs / "api" / "group-get.md", '"mail": 42', '"mail": "sales@contoso.com"')


def base_type(docs: Path) -> None:
    replace(docs / "resources" / "directoryobject.md", "|deletedDateTime|DateTimeOffset|",
            "|createdDateTime|DateTimeOffset|When the object was created.|\n|deletedDateTime|DateTimeOffset|")


def link_target_removed(docs: Path) -> None:
    (docs / "api" / "user-delete.md").unlink()


def link_target_renamed(docs: Path) -> None:
    (docs / "api" / "user-delete.md").rename(docs / "api" / "user-remove.md")


def example_renamed(docs: Path) -> None:
    replace(docs / "api" / "group-get.md", '"name": "get_user"', '"name": "get_group"')


EDITS: dict[str, tuple[Callable[[Path], None], set[str], Callable[[list, list], bool]]] = {
    # the edit, the pages checked again, and what must change in the findings (so that the
    # comparison with --no-cache compares something)
    "resource type cell": (
        type_cell, {"resources/user.md", "api/user-get.md"},
        lambda before, after: ("api/user-get.md", "example-value-type") in after and before != after,
    ),
    "description": (description, {"resources/user.md"}, lambda before, after: before == after),
    "enum page": (
        enum_member, {"resources/useraccountstate.md", "resources/user.md", "api/user-get.md"},
        lambda before, after: ("api/user-get.md", "enum-value-unknown") not in after,
    ),
    "API page example body": (
        api_example, {"api/group-get.md"},
        lambda before, after: ("api/group-get.md", "example-value-type") not in after,
    ),
    "base type property": (
        base_type, {"resources/directoryobject.md", "resources/user.md", "api/user-get.md", "api/group-get.md"},
        lambda before, after: ("api/user-get.md", "example-property-unknown") not in after,
    ),
    "link target removed": (
        link_target_removed, {"api/user-get.md"},
        lambda before, after: ("api/user-get.md", "unresolved-link") in after,
    ),
    "link target renamed": (
        link_target_renamed, {"api/user-get.md", "api/user-remove.md"},
        lambda before, after: ("api/user-get.md", "unresolved-link") in after,
    ),
    "example renamed (duplicate names across pages)": (
        example_renamed, {"api/group-get.md", "api/user-get.md"},
        lambda before, after: ("api/user-get.md", "duplicate-example-name") not in after,
    ),
}


@pytest.mark.parametrize("kind", list(EDITS))
def test_an_edit_rechecks_only_the_pages_it_reaches(tree, kind):
    edit, expected, changed = EDITS[kind]
    before = lint("docs", "--format", "json")
    assert runs(tree)[-1]["checked"] == runs(tree)[-1]["pages"] == 8  # cold: every page checked
    edit(tree / "docs")
    warm = lint("docs", "--format", "json")
    assert rechecked(tree) == expected
    assert runs(tree)[-1]["reused"] == runs(tree)[-1]["pages"] - len(expected)
    assert warm == lint("docs", "--format", "json", "--no-cache")
    assert changed(codes(before), codes(warm)), f"the {kind} edit does not change the findings as expected"


def test_an_unchanged_tree_runs_no_rule(tree):
    first = lint("docs", "--format", "json")
    assert len(runs(tree)) == 1
    assert lint("docs", "--format", "json") == first
    assert len(runs(tree)) == 1  # the whole run's findings were reused: no page was looked at
    # Another --ignore is another whole-run key, but every page's findings are still reused.
    ignored = lint("docs", "--format", "json", "--ignore", "enum-value-unknown")
    assert runs(tree)[-1]["checked"] == 0
    assert ignored == lint("docs", "--format", "json", "--ignore", "enum-value-unknown", "--no-cache")
    assert "enum-value-unknown" not in ignored and "enum-value-unknown" in first


def test_every_edit_in_a_row_on_one_cache(tree):
    lint("docs", "--format", "json")
    for kind, (edit, expected, _) in EDITS.items():
        if kind == "link target renamed":
            continue  # its page is gone already (removed in the edit before)
        edit(tree / "docs")
        assert lint("docs", "--format", "json") == lint("docs", "--format", "json", "--no-cache"), kind


FORMATS = ("text", "json", "sarif", "github", "markdown")


def test_every_format_option_and_subset_prints_what_a_cold_run_prints(tree):
    """After an edit, each output format, --ignore, a suppression comment, a baseline and a subset
    of the pages (DOCS under --root) print what --no-cache prints."""
    docs = tree / "docs"
    replace(docs / "api" / "user-get.md", "### Response\n", "### Response\n<!-- docgen-ignore enum-value-unknown -->\n")
    assert "enum-value-unknown" not in lint("docs", "--format", "json")
    lint("docs", "--baseline", "base.json", "--update-baseline")
    variants = [[], ["--ignore", "duplicate-example-name"], ["--baseline", "base.json"],
                ["docs/api/user-get.md", "--root", "docs"]]
    for variant in variants:
        for fmt in FORMATS:
            lint(*(variant if variant[:1] == ["docs/api/user-get.md"] else ["docs", *variant]), "--format", fmt)
    type_cell(docs)
    base_type(docs)
    for variant in variants:
        args = variant if variant[:1] == ["docs/api/user-get.md"] else ["docs", *variant]
        for fmt in FORMATS:
            assert lint(*args, "--format", fmt) == lint(*args, "--format", fmt, "--no-cache"), (variant, fmt)


# ---------------------------------------------------------------- the cache entries themselves


def _lint_direct(docs: Path, cache: Cache) -> tuple[list, lint_cache.LintStats]:
    planned = plan([docs])
    model = build([docs], cache=cache, planned=planned).model
    keys = {display: key for (_, display, _), key in zip(planned.items, planned.keys)}
    return lint_cache.lint_pages(cache, model, keys)


def _entries(cache_dir: Path) -> list[str]:
    db = sqlite3.connect(cache_dir / DB_NAME)
    try:
        return sorted(key for (key,) in db.execute("SELECT key FROM entries WHERE kind = ?", (lint_cache.KIND,)))
    finally:
        db.close()


def test_damaged_or_planted_entries_are_checked_again(tree):
    docs, cache_dir = tree / "docs", tree / "direct-cache"
    cold, stats = _lint_direct(docs, Cache(None))
    assert stats.pages == len(stats.checked) == 8 and cold
    _lint_direct(docs, Cache(cache_dir))
    keys = _entries(cache_dir)
    assert len(keys) == 8
    fake = [cold[0].__class__(cold[0].severity, "invalid-json", "planted", cold[0].location)]
    cache = Cache(cache_dir)
    cache.put_payloads(lint_cache.KIND, [
        (keys[0], b"\x00not plain data"),  # does not decode
        (keys[1], dumps(["not", "an", "entry"])),  # decodes, wrong shape
        (keys[2], dumps(((("q\0microsoft.graph.user", "an old digest"),), fake))),  # reads no longer current
        (keys[3], dumps(((("?\0a token no docgen writes", "x"),), fake))),
    ])
    db = sqlite3.connect(cache_dir / DB_NAME)  # a payload cut short behind its SHA-256
    with db:  # and no memo of the last run: each page's own entry is what is read
        db.execute("DELETE FROM entries WHERE kind = ?", (lint_cache.MEMO,))
        db.execute("UPDATE entries SET payload = substr(payload, 1, length(payload) - 1) WHERE kind = ? AND key = ?",
                   (lint_cache.KIND, keys[4]))
    db.close()
    found, stats = _lint_direct(docs, Cache(cache_dir))
    assert found == cold
    assert len(stats.checked) == 5 and stats.reused == 3
    assert all(d.message != "planted" for d in found)
    again, stats = _lint_direct(docs, Cache(cache_dir))  # the recomputed entries were stored again
    assert again == cold and stats.checked == [] and stats.reused == 8


# ---------------------------------------------------------------- the corpus


def test_corpus_edits_recheck_few_pages_and_print_what_a_cold_run_prints(corpus, tmp_path, monkeypatch):
    """Two edits on a copy of the v1.0 pages (skipped without $DOCGEN_CORPUS): a resource page's
    type cell (read by the examples of its API pages) and a property description."""
    shutil.copytree(corpus / "graph-docs-v1.0", tmp_path / "docs")
    monkeypatch.setenv("DOCGEN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("DOCGEN_LINT_LOG", str(tmp_path / "lint.log"))
    monkeypatch.chdir(tmp_path)
    docs = tmp_path / "docs"
    lint("docs", "--format", "json")
    total = runs(tmp_path)[-1]["pages"]
    assert runs(tmp_path)[-1]["checked"] == total > 3000
    page = docs / "resources" / "educationschool.md"
    lines = page.read_text(encoding="utf-8").split("\n")
    row = next(i for i, line in enumerate(lines) if line.startswith("| principalName "))
    lines[row] = lines[row].replace("String", "Int64 ", 1)
    page.write_text("\n".join(lines), encoding="utf-8")
    warm = lint("docs", "--format", "json")
    checked = rechecked(tmp_path)
    assert "resources/educationschool.md" in checked and len(checked) < 50, sorted(checked)
    assert warm == lint("docs", "--format", "json", "--no-cache")
    replace(page, "Name of the principal.", "The principal's name.")
    reads = sum(lazy.READS.values())
    warm = lint("docs", "--format", "json")
    assert rechecked(tmp_path) == {"resources/educationschool.md"}
    assert runs(tmp_path)[-1]["facts_worked_out"] == 1  # the edited type
    # fields decoded (the build's patch and the one page's rules): every object's were 7,221
    assert sum(lazy.READS.values()) - reads < 50, lazy.READS
    assert warm == lint("docs", "--format", "json", "--no-cache")


# ---------------------------------------------------------------- what deciding costs: the facts


FACTS_WORKED_OUT = {
    # the edit -> the types and operations whose lint facts were worked out from their fields
    # (docgen/pipeline/lint_facts.py); every other object was answered from the stored facts by
    # its content digest. Each edit but one changes one object: the type of the page (type cell,
    # description, enum member, base type row), the operation of the page (example body, example
    # name), the moved operation (its location names the new page); a removed page's operation
    # is gone and nothing else changes.
    "resource type cell": 1, "description": 1, "enum page": 1, "API page example body": 1,
    "base type property": 1, "link target removed": 0, "link target renamed": 1,
    "example renamed (duplicate names across pages)": 1,
}


@pytest.mark.parametrize("kind", list(EDITS))
def test_an_edit_works_out_the_facts_of_only_the_objects_it_changed(tree, kind):
    edit = EDITS[kind][0]
    lint("docs", "--format", "json")
    first = runs(tree)[-1]
    assert first["facts_worked_out"] == 8  # cold: 4 types and 4 operations
    edit(tree / "docs")
    warm = lint("docs", "--format", "json")
    assert runs(tree)[-1]["facts_worked_out"] == FACTS_WORKED_OUT[kind]
    assert warm == lint("docs", "--format", "json", "--no-cache")
    lint("docs", "--format", "json", "--ignore", "enum-value-unknown")  # another run key: per page
    assert runs(tree)[-1]["facts_worked_out"] == 0 and runs(tree)[-1]["checked"] == 0


def test_facts_answer_what_walking_the_model_answers(tree):
    """The version, named examples and owner index worked out from the facts are the model walk's."""
    from docgen.checks.lint.links import tree_version
    from docgen.checks.lint.pages import named_examples
    from docgen.checks.lint.tracking import LintReads
    from docgen.checks.lint.typerules import TypeTable

    model = build([tree / "docs"], cache=Cache(None)).model
    reads = LintReads(model)
    assert reads.tree_version() == tree_version(model) is not None
    walked = named_examples(model)
    assert walked and all(reads.named(kind, name) == found for (kind, name), found in walked.items())
    table = TypeTable(model)
    for key, owners in reads._owner_index().items():
        assert owners == [t for t in model.types if t.documented and t.kind != "enum"
                          and key in table.properties(t)], key


def test_damaged_facts_are_worked_out_again(tree):
    from docgen.pipeline.lint_facts import FACTS, _facts_key

    docs, cache_dir = tree / "docs", tree / "direct-cache"
    cold, _ = _lint_direct(docs, Cache(cache_dir))
    cache = Cache(cache_dir)
    stored = cache.get_payloads(FACTS, [_facts_key()])[_facts_key()]
    types, operations = marshal.loads(stored)
    planted = {key: ("x", "api/user-get.md", None) for key in types}  # wrong digests and pages
    cache.put_payloads(FACTS, [(_facts_key(), marshal.dumps((planted, {k: ("x",) for k in operations})))])
    found, stats = _lint_direct(docs, Cache(cache_dir))
    assert stats.facts_worked_out == 4  # the operations' facts are not of their shape: worked out
    cache.put_payloads(FACTS, [(_facts_key(), b"\x00not marshal")])
    found, stats = _lint_direct(docs, Cache(cache_dir))
    assert found == cold and stats.facts_worked_out == 8


def test_the_memo_answers_unchanged_pages_and_a_damaged_one_is_not_trusted(tree):
    docs, cache_dir = tree / "docs", tree / "direct-cache"
    cold, _ = _lint_direct(docs, Cache(cache_dir))
    memo = lint_cache.read_memo(Cache(cache_dir))
    assert len(memo) == 8 and sum(len(found) for _, found in memo.values()) >= len(cold)
    db = sqlite3.connect(cache_dir / DB_NAME)
    with db:  # without the pages' own entries, the memo alone answers every page
        db.execute("DELETE FROM entries WHERE kind = ?", (lint_cache.KIND,))
    db.close()
    found, stats = _lint_direct(docs, Cache(cache_dir))
    assert found == cold and stats.reused == 8 and stats.checked == []
    key = next(iter(memo))
    stamps, _ = memo[key]
    fake = [cold[0].__class__(cold[0].severity, "invalid-json", "planted", cold[0].location)]
    for bad in (b"\x00not plain data", dumps(("keys",)), dumps(((key,), (stamps,), (2,), tuple(fake)))):
        Cache(cache_dir).put_payloads(lint_cache.MEMO, [(lint_cache._memo_key(), bad)])
        assert lint_cache.read_memo(Cache(cache_dir)) == {}
        found, stats = _lint_direct(docs, Cache(cache_dir))
        assert found == cold and len(stats.checked) == 8  # no page entries left: each checked again
        db = sqlite3.connect(cache_dir / DB_NAME)
        with db:
            db.execute("DELETE FROM entries WHERE kind = ?", (lint_cache.KIND,))
        db.close()
    # stamps no longer current: that page is checked again, the planted finding never shown
    Cache(cache_dir).put_payloads(lint_cache.MEMO, [(lint_cache._memo_key(), dumps(
        ((key,), ((("q\0microsoft.graph.user", "an old digest"),),), (1,), tuple(fake))))])
    found, stats = _lint_direct(docs, Cache(cache_dir))
    assert found == cold and len(stats.checked) == 8 and stats.stale == 1


DECODED_BY_LINT = {
    # the edit -> (object, its lazy fields) that lint itself decoded (docgen.model.lazy), after the
    # build patched the stored model. An object the patch replaced is whole already; every other
    # object of a page lint did not check again stays undecoded but for what a checked page's
    # rules read of it: the operation holding an example name a checked page's example shares
    # (duplicate names: group-get.md and user-get.md both name one `get_user`), the types an
    # example or representation is checked against (and their bases), the enum a value names.
    "resource type cell": {  # user.md (patched) and user-get.md checked
        ("api/user-get.md", "examples"), ("api/user-get.md", "request_lines"), ("api/user-get.md", "response"),
        ("api/group-get.md", "examples"), ("microsoft.graph.userAccountState", "members"),
    },
    "description": {  # user.md (patched) checked: its base's rows, the enum its representation names
        ("microsoft.graph.directoryObject", "properties"), ("microsoft.graph.userAccountState", "members"),
    },
    "enum page": {  # useraccountstate.md (patched), user.md and user-get.md checked
        ("microsoft.graph.user", "representation"), ("api/user-get.md", "examples"),
        ("api/user-get.md", "request_lines"), ("api/user-get.md", "response"), ("api/group-get.md", "examples"),
    },
    "API page example body": {  # group-get.md (patched) checked: its example's type and base
        ("microsoft.graph.group", "properties"), ("microsoft.graph.directoryObject", "properties"),
        ("api/user-get.md", "examples"),
    },
    "base type property": {  # directoryobject.md (patched), user.md, user-get.md, group-get.md checked
        ("api/user-get.md", "examples"), ("api/user-get.md", "response"), ("api/group-get.md", "examples"),
        ("api/group-get.md", "response"), ("microsoft.graph.userAccountState", "members"),
    },
    # a page removed, a page renamed, an example renamed: the build resolved the whole tree again
    # (nothing of its model is lazy)
    "link target removed": set(), "link target renamed": set(),
    "example renamed (duplicate names across pages)": set(),
}


@pytest.mark.parametrize("kind", list(EDITS))
def test_lint_decodes_only_what_the_pages_it_checks_read(tree, kind):
    """What lint_pages decodes of a warm model after each edit: exactly DECODED_BY_LINT (the
    model of the fixture has 4 types and 4 operations, 40 lazy fields; before the facts, lint
    decoded every representation, example, body and response of them whatever the edit)."""
    edit, expected, _ = EDITS[kind]
    docs = Path("docs")
    cache = Cache(tree / "direct-cache")
    _lint_direct(docs, cache)
    edit(tree / "docs")
    planned = plan([docs])
    model = build([docs], cache=cache, planned=planned).model
    objects = [*model.types, *model.operations]
    waiting = {id(o): set(lazy.pending(o)) for o in objects}
    keys = {display: key for (_, display, _), key in zip(planned.items, planned.keys)}
    found, stats = lint_cache.lint_pages(cache, model, keys)
    assert {p.removeprefix("docs/") for p in stats.checked} == expected
    decoded = {
        (getattr(o, "qualified_name", None) or o.location.path.removeprefix("docs/"), name)
        for o in objects for name in waiting[id(o)] - set(lazy.pending(o))
    }
    assert decoded == DECODED_BY_LINT[kind]
    assert found == lint_cache.lint_pages(Cache(None), model, keys)[0]


def test_a_cold_run_of_a_large_model_remembers_no_facts(tree, monkeypatch):
    """A model resolved whole with more objects than lint_facts digests for free (the corpus:
    3,424 against MOST_UNKNOWN 256; here 0, so the fixture's 8 are 'many') keeps no facts: the
    cold run does not encode every object. The next run reads the stored model lazily and
    remembers them; the run after it works out only what its edit changed."""
    from docgen.pipeline import lint_facts, stored_model

    monkeypatch.setattr(lint_facts, "MOST_UNKNOWN", 0)
    monkeypatch.setattr(stored_model, "MOST_UNKNOWN", 0)  # the build digests none to store either
    lint("docs", "--format", "json")
    assert runs(tree)[-1]["facts_worked_out"] == 8
    db = sqlite3.connect(tree / "cache" / DB_NAME)
    try:
        assert db.execute("SELECT count(*) FROM entries WHERE kind = ?", (lint_facts.FACTS,)).fetchone() == (0,)
    finally:
        db.close()
    description(tree / "docs")
    assert lint("docs", "--format", "json") == lint("docs", "--format", "json", "--no-cache")
    assert runs(tree)[-2]["facts_worked_out"] == 8  # the warm run (the last line is --no-cache's)
    api_example(tree / "docs")
    assert lint("docs", "--format", "json") == lint("docs", "--format", "json", "--no-cache")
    assert runs(tree)[-2]["facts_worked_out"] == 1


def test_a_row_removed_from_a_type_two_pages_document_prints_what_a_cold_run_prints(tree):
    """group is documented by group.md and a second page; group.md's ``displayName`` row shadows
    the second page's. Once it is removed the second page's row gives the property: the model
    patched for the edit must hold it, as a whole resolve does (found by review3's random edits:
    the warm run reported ``displayName`` of group-get.md's example unknown, a cold one did not)."""
    docs = tree / "docs"
    shutil.copy(docs / "resources" / "group.md", docs / "resources" / "groupz.md")
    first = lint("docs", "--format", "json")
    replace(docs / "resources" / "group.md", "|displayName|String|The display name of the group.|\n", "")
    warm = lint("docs", "--format", "json")
    assert warm == lint("docs", "--format", "json", "--no-cache")
    assert "`displayName` is not in the tables" not in warm and "`displayName` is not in the tables" not in first
