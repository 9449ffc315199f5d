"""``docgen serve`` reads ahead the model its last command used or stored (issue 18), with real
processes: the next warm edit through the server takes it (the server's ``--verbose`` log says so)
and gives the bytes of a ``--no-cache`` run on its own; a cache changed under the server (the
model's entries deleted, or the whole database) is read as it is, the model read ahead unused."""

from __future__ import annotations

import json
import shutil
import sqlite3
import time
from contextlib import closing
from pathlib import Path

from conftest import REPO
from test_serve import Server, docgen, place, servers, tree  # noqa: F401 - the fixtures

from docgen.pipeline.cache import DB_NAME

ARGS = ("generate", "docs", "-o", "out", "--format", "json", "--min-severity", "info")


def _tree(where: Path, name: str) -> Path:
    """A project folder with the incremental fixture's pages as ``docs/``."""
    shutil.copytree(REPO / "tests" / "fixtures" / "incremental", where / name / "docs",
                    ignore=shutil.ignore_patterns("*.txt"))
    return where / name


def _replace(page: Path, old: str, new: str) -> None:
    text = page.read_text(encoding="utf-8")
    assert old in text, old
    page.write_text(text.replace(old, new, 1), encoding="utf-8")


def _lines(server: Server, start: str) -> list[str]:
    return [line for line in server.text().splitlines() if line.startswith("docgen serve: " + start)]


def _read_ahead(server: Server, count: int) -> None:
    """Wait for the server's ``count``-th read ahead (after a command ended, in its idle time)."""
    deadline = time.monotonic() + 60
    while len(_lines(server, "read ahead the model ")) < count:
        assert time.monotonic() < deadline, server.text()
        time.sleep(0.02)


def _warm_is_cold(server: Server, folder: Path) -> None:
    """A generate through the server gives what a ``--no-cache`` one on its own does."""
    warm = docgen(server.env, folder, *ARGS)
    shutil.rmtree(folder / "cold", ignore_errors=True)
    cold = docgen(server.env, folder, *ARGS[:3], "cold", *ARGS[4:], "--no-cache", local=True)
    assert b"internal-error" not in warm.stdout + warm.stderr and warm.returncode == cold.returncode
    assert json.loads(warm.stdout)["diagnostics"] == json.loads(cold.stdout)["diagnostics"]
    assert tree(folder / "out") == tree(folder / "cold") and tree(folder / "out")


def test_the_next_edit_takes_the_model_read_ahead(place, servers) -> None:  # noqa: F811
    server = servers()
    folder = _tree(place, "edits")
    user = folder / "docs" / "resources" / "user.md"
    assert docgen(server.env, folder, *ARGS).returncode == 0  # cold: the model it stored is read ahead
    _read_ahead(server, 1)
    assert _lines(server, "read ahead the model ")[-1].split(": ")[-1].startswith("kept")
    _replace(user, "The user's job title.", "The user's title at work.")  # a description cell
    _warm_is_cold(server, folder)
    taken = _lines(server, "the model read ahead ")
    assert len(taken) == 1, server.text()
    _read_ahead(server, 2)  # (the patched model the edit stored)
    _replace(user, "|jobTitle|String|", "|jobTitle|Boolean|")  # a type cell
    _warm_is_cold(server, folder)
    assert len(_lines(server, "the model read ahead ")) == 2, server.text()
    assert len(_lines(server, "read ahead the model ")) >= 2
    kept = [line.split()[6] for line in _lines(server, "read ahead the model ")]
    taken = [line.split("(")[1].split(")")[0] for line in _lines(server, "the model read ahead ")]
    assert taken == kept[:2]  # each edit took the model the command before it stored


def test_a_cache_changed_under_the_server_is_read_as_it_is(place, servers) -> None:  # noqa: F811
    server = servers()
    folder = _tree(place, "changed")
    user = folder / "docs" / "resources" / "user.md"
    assert docgen(server.env, folder, *ARGS).returncode == 0
    _read_ahead(server, 1)
    with closing(sqlite3.connect(place / "cache" / DB_NAME)) as db, db:  # as another process would
        assert db.execute("DELETE FROM entries WHERE kind LIKE 'model%'").rowcount
    _replace(user, "The user's job title.", "The user's title at work.")
    _warm_is_cold(server, folder)  # resolved again: the model read ahead is not there any more
    assert not _lines(server, "the model read ahead "), server.text()
    _read_ahead(server, 2)
    for name in (DB_NAME, DB_NAME + "-wal", DB_NAME + "-shm"):  # the whole database gone
        (place / "cache" / name).unlink(missing_ok=True)
    _replace(user, "|jobTitle|String|", "|jobTitle|Boolean|")
    _warm_is_cold(server, folder)
    assert not _lines(server, "the model read ahead "), server.text()
    assert server.commands() == 3
