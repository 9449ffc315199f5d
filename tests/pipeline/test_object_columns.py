"""A stored model's types and operations in columns (docgen.pipeline.lazy_data.as_columns): read
back column by column, they are the objects read item by item (the same fields, the same order
in each ``__dict__``, the same lazy fields pending, the same digests, eager or not), and data
that ``as_columns`` cannot have given is refused as any damaged entry is (PlainError)."""

from __future__ import annotations

import marshal
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from docgen.model import lazy
from docgen.pipeline import lazy_data, plain
from docgen.pipeline.build import build, build_model
from docgen.pipeline.cache import DB_NAME, Cache
from docgen.pipeline.entry_writer import finish_writes
from docgen.pipeline.stored_model import MODEL, load_model

EXAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "examples"


@pytest.fixture()
def stored(tmp_path: Path) -> tuple[Cache, str, list]:
    """The examples tree built through a cache: (the cache, the model's key, its entry's data)."""
    cache = Cache(tmp_path / "cache")
    key = build([EXAMPLES], cache=cache, jobs=1, root=EXAMPLES.parent).key
    finish_writes()
    with closing(sqlite3.connect(tmp_path / "cache" / DB_NAME)) as db:
        (payload,) = db.execute("SELECT CAST(payload AS BLOB) FROM entries WHERE kind = ? AND key = ?",
                                (MODEL, key)).fetchone()
    return cache, key, marshal.loads(payload)


def _by_item(columns: list) -> list:
    """The data of each object of ``columns`` as it is stored item by item."""
    return [[columns[1], *row] for row in zip(*columns[2:])]


def test_the_model_is_stored_in_columns_and_read_back_equal(stored) -> None:
    cache, key, data = stored
    assert data[1][:2] == [lazy_data.OBJECTS, "TypeDef"] and data[2][:2] == [lazy_data.OBJECTS, "Operation"]
    with plain.digesting():
        warm = load_model(cache, key)
    assert warm is not None and warm == build_model([EXAMPLES], cache=Cache(None), jobs=1, root=EXAMPLES.parent)


@pytest.mark.parametrize("at", [1, 2], ids=["types", "operations"])
def test_columns_give_the_objects_item_by_item_gives(stored, at: int) -> None:
    _, _, data = stored
    columns = data[at]
    with plain.digesting(False):
        made = plain.decode(columns)
        one_by_one = tuple(plain.decode(item) for item in _by_item(columns))
    assert len(made) == len(one_by_one) >= lazy_data.SMALLEST
    assert any(lazy.PENDING in value.__dict__ for value in made)  # lazy fields left pending
    for a, b in zip(made, one_by_one):
        assert type(a) is type(b)
        assert list(a.__dict__) == list(b.__dict__)  # the same fields, in the same order
        assert a.__dict__.get(lazy.PENDING) == b.__dict__.get(lazy.PENDING)
        assert {k: v for k, v in a.__dict__.items() if k != lazy.PENDING} == \
            {k: v for k, v in b.__dict__.items() if k != lazy.PENDING}


def test_digests_and_eager_reads_are_those_of_each_objects_data(stored) -> None:
    cache, key, data = stored
    load_model(cache, key)  # (the fields kept apart fetched from this cache)
    with plain.digesting():
        made = plain.decode(data[2])
        digests = plain.known_digests(made, 0)
    assert digests == tuple(plain.data_digest(item) for item in _by_item(data[2]))
    with plain.eager():
        eager = plain.decode(data[2])
    assert not any(lazy.PENDING in value.__dict__ for value in eager)
    assert eager == tuple(plain.decode(item) for item in _by_item(data[2]))


def test_fewer_objects_than_the_smallest_are_stored_item_by_item(stored) -> None:
    _, _, data = stored
    items = tuple(_by_item(data[1]))
    assert lazy_data.as_columns("TypeDef", items[: lazy_data.SMALLEST - 1]) == items[: lazy_data.SMALLEST - 1]
    assert lazy_data.as_columns("Operation", items) == items  # not that class: item by item
    assert lazy_data.as_columns("TypeDef", items)[:2] == [lazy_data.OBJECTS, "TypeDef"]


def _damaged(columns: list) -> dict[str, list]:
    width = len(columns) - 2
    return {
        "no class": [lazy_data.OBJECTS],
        "an unknown class": [lazy_data.OBJECTS, "Nowhere", *columns[2:]],
        "a class never stored so": [lazy_data.OBJECTS, "Location", (), (), ()],
        "a column missing": columns[:-1],
        "a column too many": [*columns, columns[-1]],
        "a column that is a list": [*columns[:2], list(columns[2]), *columns[3:]],
        "a column cut short": [*columns[:2], columns[2][:-1], *columns[3:]],
        "a lazy field that is a number": [*columns[:2],
                                          *[(7,) * len(columns[2]) if at == _lazy_at(columns) else column
                                            for at, column in enumerate(columns[2:], 2)]],
        "a field of an unknown class": [*columns[:2], (["Nowhere"],) * len(columns[2]), *columns[3:]],
        "as many columns as fields but not tuples": [*columns[:2], *(["L"],) * width],
    }


def _lazy_at(columns: list) -> int:
    names = plain.core_registry()[columns[1]][1]
    return 2 + next(i for i, name in enumerate(names) if name in lazy.lazy_fields(plain.core_registry()[columns[1]][0]))


@pytest.mark.parametrize("damage", sorted(_damaged([lazy_data.OBJECTS, "TypeDef", ()])))
def test_data_as_columns_cannot_give_is_refused(stored, damage: str) -> None:
    _, _, data = stored
    bad = _damaged(data[1])[damage]
    with pytest.raises(plain.PlainError):
        plain.decode(bad)
    with pytest.raises(plain.PlainError):
        plain.loads(marshal.dumps(bad, plain.MARSHAL_VERSION))
