"""``docgen check`` on an unchanged tree proven from stored digests and stamps
(docgen.pipeline.unchanged): it must say exactly what the full check says, and never "up to date"
for a tree or output that changed, even by an edit that keeps each file's size and mtime."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SEED

from docgen.cli import main as cli_main
from docgen.pipeline import unchanged
from docgen.read import source
from docgen.write import stamps

pytestmark = pytest.mark.skipif(not stamps.STAMPS, reason="no stamps where ctime is the creation time")

ROW = "|assignerUserId|String|**TODO: Add Description** Optional.|"


def invoke(*args: str):
    return CliRunner().invoke(cli_main.main, [str(a) for a in args])


@pytest.fixture
def project(seed_project):
    assert invoke("generate").exit_code == 0
    time.sleep(stamps.FINE_MARGIN_NS / 1e9 * 2)  # the files are no longer racily clean
    return seed_project


def _no_render(monkeypatch):
    """Make the full path fail: only the proof can answer."""
    monkeypatch.setattr(cli_main, "render_files", lambda *a, **k: pytest.fail("rendered"))


def _same_size_same_mtime(path, old: str, new: str) -> None:
    before = os.stat(path)
    time.sleep(0.03)
    text = path.read_text(encoding="utf-8")
    assert old in text and len(old) == len(new)
    path.write_text(text.replace(old, new), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = os.stat(path)
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)


def test_an_unchanged_check_renders_nothing_and_says_what_the_full_check_says(project, monkeypatch):
    full = {fmt: invoke("check", "--no-cache", "--format", fmt) for fmt in ("text", "json", "github", "sarif")}
    assert invoke("check").exit_code == 0  # stamps every file the generate could not (racily clean)
    _no_render(monkeypatch)
    for fmt, expected in full.items():
        proven = invoke("check", "--format", fmt)
        assert (proven.exit_code, proven.stdout, proven.stderr) == (
            expected.exit_code, expected.stdout, expected.stderr), fmt
    assert expected.exit_code == 0 and "up to date" in full["text"].stdout


def test_reads_are_skipped_for_stamped_files(project, monkeypatch):
    invoke("check")
    from docgen.write import quick

    monkeypatch.setattr(quick, "read_stat", lambda path: pytest.fail(f"read {path}"))
    monkeypatch.setattr(source, "load_bytes", lambda *a: pytest.fail("read a page"))
    _no_render(monkeypatch)
    assert invoke("check").exit_code == 0


def test_a_page_edited_keeping_size_and_mtime_is_out_of_date(project):
    assert invoke("check").exit_code == 0
    _same_size_same_mtime(project / "docs" / SEED.name, ROW, ROW.replace("Optional.", "Required."))
    result = invoke("check")
    assert result.exit_code == 1 and "out-of-date" in result.stdout


def test_a_generated_file_edited_keeping_size_and_mtime_is_hand_edited(project):
    assert invoke("check").exit_code == 0
    target = next(p for p in sorted((project / "gen").rglob("*.py")) if "class " in p.read_text(encoding="utf-8"))
    _same_size_same_mtime(target, "class ", "klass ")  # "class X" -> "klass X": same length
    result = invoke("check", "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["hand_edited"] == [target.relative_to(project / "gen").as_posix()]


def test_an_edit_right_after_a_generate_that_stamped_the_files_is_caught(project):
    """The generate stamps the files it found unchanged; an edit straight after it is seen."""
    assert invoke("generate", "--force").exit_code == 0
    target = next(p for p in sorted((project / "gen").rglob("*.py")) if "class " in p.read_text(encoding="utf-8"))
    text = target.read_text(encoding="utf-8")
    assert invoke("generate").exit_code == 0  # nothing to write; stamps it found unchanged
    target.write_text(text.replace("class ", "klass ", 1), encoding="utf-8")
    assert invoke("check").exit_code == 1


def test_other_options_and_no_cache_take_the_full_path(project, monkeypatch):
    assert invoke("check").exit_code == 0
    assert invoke("check", "--base-url", "https://example.invalid/v1").exit_code == 1  # other options: other output
    called = []
    original = cli_main.render_files
    monkeypatch.setattr(cli_main, "render_files", lambda *a, **k: called.append(1) or original(*a, **k))
    assert invoke("check", "--no-cache").exit_code == 0
    assert called


def test_a_renamed_page_is_found_whatever_the_stored_listing_says(project):
    assert invoke("check").exit_code == 0
    page = project / "docs" / SEED.name
    page.rename(page.with_name("renamed-" + SEED.name))  # the headers name the page: out of date
    result = invoke("check")
    assert result.exit_code == 1 and "out-of-date" in result.stdout


def test_a_listing_is_used_only_while_its_folders_are_unchanged(tmp_path):
    from docgen.pipeline.build import plan

    docs = tmp_path / "docs"
    (docs / "sub").mkdir(parents=True)
    shutil.copy(SEED, docs / "sub" / SEED.name)
    (docs / ".hidden").mkdir()
    taken = time.time_ns()
    planned = plan([docs], tmp_path)
    time.sleep(0.01)
    assert unchanged._listing([docs], planned, taken) is None  # the folders are racily clean
    time.sleep(stamps.FINE_MARGIN_NS / 1e9 * 2)
    taken = time.time_ns()
    listing = unchanged._listing([docs], planned, taken)
    assert listing is not None and set(stamps.valid_stamps(listing[0])) == {str(docs), str(docs / "sub")}
    assert unchanged.listed(listing) == [(str(docs / "sub" / SEED.name), f"docs/sub/{SEED.name}")]
    (docs / ".hidden" / "x.md").write_text("# hidden\n")  # not listed by discover: no matter
    assert unchanged.listed(listing) is not None
    (docs / "sub" / "new.md").write_text("# new\n")
    assert unchanged.listed(listing) is None
    (docs / "sub" / "new.md").unlink()
    assert unchanged.listed(listing) is None  # the folder changed and changed back: still not trusted
    os.symlink(docs / "sub", docs / "link")
    time.sleep(stamps.FINE_MARGIN_NS / 1e9 * 2)
    assert unchanged._listing([docs], plan([docs], tmp_path), time.time_ns()) is None


def test_a_warm_generate_reads_only_the_files_its_stamps_do_not_vouch_for(project, monkeypatch):
    """After an edit, ``generate`` reads the files that change (and none its stored stamps vouch
    for), writes them, and the output is what a run without the cache writes."""
    from docgen.write import state

    assert invoke("check").exit_code == 0  # stamps the files (the generate's were too new to stamp)
    total = len(list((project / "gen").rglob("*.py")))
    read: list[str] = []
    real = state.read_stat
    monkeypatch.setattr(state, "read_stat", lambda path: (read.append(path), real(path))[1])
    page = project / "docs" / SEED.name
    page.write_text(page.read_text(encoding="utf-8").replace(ROW, ROW.replace("Optional.", "Required.")),
                    encoding="utf-8")
    result = invoke("generate", "--format", "json")
    assert result.exit_code == 0, result.output
    written = json.loads(result.stdout)["written"]
    files = [os.path.relpath(p, project / "gen").replace(os.sep, "/") for p in read]
    files = [f for f in files if f != ".docgen-manifest.json"]  # the manifest is read, as always
    assert written and len(files) < total
    assert sorted(files) == sorted(written)  # the files that change, each read once
    assert invoke("check", "--no-cache").exit_code == 0


def test_a_warm_generate_refuses_a_file_edited_keeping_size_and_mtime(project):
    """A stamp never vouches for a file whose bytes changed, whatever its size and mtime say."""
    assert invoke("check").exit_code == 0
    target = next(p for p in sorted((project / "gen").rglob("*.py")) if "class " in p.read_text(encoding="utf-8"))
    _same_size_same_mtime(target, "class ", "klass ")
    result = invoke("generate", "--format", "json")
    assert result.exit_code == 1
    codes = {d["code"] for d in json.loads(result.stdout)["diagnostics"]}
    assert "hand-edited" in codes, codes


def test_a_generate_answered_from_the_cache_reads_no_text_its_stamps_vouch_for(project, monkeypatch):
    """A generate of an unchanged tree (or one whose edit changes no core) gets the package's
    digests and diagnostics from the render entry; the texts (their own cache entry) are not read
    while the stamps vouch for every file. A file that is gone needs its text: then it is read,
    and the file is written back exactly."""
    from docgen.pipeline.cache import Cache

    assert invoke("check").exit_code == 0  # stamps the files
    kinds: list[str] = []
    one, many = Cache.get_payload, Cache.get_payloads
    monkeypatch.setattr(Cache, "get_payload", lambda self, kind, key: (kinds.append(kind), one(self, kind, key))[1])
    monkeypatch.setattr(Cache, "get_payloads", lambda self, kind, keys: (kinds.append(kind), many(self, kind, keys))[1])
    first = invoke("generate", "--format", "json")
    assert first.exit_code == 0, first.output
    assert json.loads(first.stdout)["written"] == []
    assert "render" in kinds and "text" not in kinds
    victim = sorted((project / "gen").rglob("*.py"))[3]
    wanted = victim.read_bytes()
    victim.unlink()
    kinds.clear()
    again = invoke("generate", "--format", "json")
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout)["written"] == [victim.relative_to(project / "gen").as_posix()]
    assert "text" in kinds
    assert victim.read_bytes() == wanted
    assert json.loads(again.stdout)["diagnostics"] == json.loads(first.stdout)["diagnostics"]


@pytest.fixture
def two_pages(incremental_tree):
    """The incremental fixture tree generated twice: the second run stamps the pages and their
    folders (the first one's were too new to stamp)."""
    assert invoke("generate", "docs", "-o", "gen").exit_code == 0
    time.sleep(stamps.FINE_MARGIN_NS / 1e9 * 2)
    assert invoke("generate", "docs", "-o", "gen").exit_code == 0
    return incremental_tree


def test_a_warm_generate_reads_only_the_pages_their_stamps_do_not_vouch_for(two_pages, monkeypatch):
    """The pages an earlier generate or check stamped are planned from their stamps; after an
    edit, only the edited page is read, and the output is what a run without the cache writes."""
    from docgen.pipeline import plan as planning

    pages = sorted((two_pages / "docs").rglob("*.md"))
    assert len(pages) > 2
    read: list[str] = []
    real = planning.load_bytes
    monkeypatch.setattr(planning, "load_bytes", lambda path, display: (read.append(display), real(path, display))[1])
    page = pages[0]
    page.write_text(page.read_text(encoding="utf-8").replace("|", "| ", 1), encoding="utf-8")
    result = invoke("generate", "docs", "-o", "gen")
    assert result.exit_code == 0, result.output
    assert read == [page.relative_to(two_pages).as_posix()]
    assert invoke("check", "docs", "-o", "gen", "--no-cache").exit_code == 0


def test_a_page_edited_after_its_stamp_vouched_for_it_is_never_stored_under_its_old_key(two_pages):
    """A page planned from its stamp and edited before it is read: reading it raises
    PageChanged (its parse must not be stored under the old bytes' key)."""
    from docgen.pipeline.plan import page_bytes, plan
    from docgen.pipeline.inputs import PageChanged
    from docgen.pipeline.unchanged import stored_pages

    docs = (two_pages / "docs").resolve()
    known, found = stored_pages(cache_of(), [docs], two_pages.resolve())
    planned = plan([docs], two_pages.resolve(), known=known, found=found)
    assert found is not None and all(data is None for _, _, data in planned.items)  # nothing read
    item, key = planned.items[0], planned.keys[0]
    assert page_bytes(item, key) == Path(item[0]).read_bytes()
    with open(item[0], "ab") as handle:
        handle.write(b"\nmore\n")
    with pytest.raises(PageChanged):
        page_bytes(item, key)


def cache_of():
    from docgen.pipeline.cache import Cache, user_cache_dir

    return Cache(user_cache_dir())


def test_a_page_changed_during_a_run_is_reported_not_a_traceback(seed_project, monkeypatch):
    from docgen.pipeline.inputs import PageChanged

    def changed(*args, **kwargs):
        raise PageChanged("docs/learningassignment-update.md")

    monkeypatch.setattr(cli_main, "render_files", changed)
    result = invoke("generate")
    assert result.exit_code == 1
    assert "docs/learningassignment-update.md:1:1: error: page-changed:" in result.output
    assert "run docgen again" in result.output and "Traceback" not in result.output
