"""Cost of constructing a generated model, against a plain dataclass with the same fields, in one run.

Usage::

    python benchmarks/model_init.py [--runs N]

Uses the seed package ``generated/`` beside this script (regenerate it first when the runtime
template changed). Two shapes: the seed's ``LearningAssignment`` (its own fields and its base's)
and a 120-field model made from ``_runtime.Model`` (about the size of Graph's ``User``). Each is
built with three keyword arguments, ``best of 5`` of ``timeit`` loops; the baseline is a plain
``@dataclass`` with the same fields and ``None`` defaults (what a model cost before it recorded
set fields). Prints microseconds per call and the ratio model / plain, and ``from_dict`` of the
same three keys for reference.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import timeit
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def best(stmt: Any, number: int) -> float:
    """Microseconds per call: the best of 5 runs of ``number`` calls."""
    return min(timeit.repeat(stmt, number=number, repeat=5)) / number * 1e6


def plain_twin(cls: type) -> type:
    """A plain dataclass with ``cls``'s field names, defaults None."""
    names = [f.name for f in dataclasses.fields(cls) if not f.name.startswith("_")]
    return dataclasses.make_dataclass(
        "Plain" + cls.__name__,
        [(n, Any, dataclasses.field(default=None)) for n in names],
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20000, help="calls per timing loop")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from generated import _runtime as rt
    from generated.models import LearningAssignment

    big = dataclasses.make_dataclass(
        "Big",
        [(f"field_{i}", Any, dataclasses.field(default=rt.UNSET)) for i in range(120)],
        bases=(rt.Model,),
    )
    cases = [
        (
            "LearningAssignment",
            LearningAssignment,
            {"assigner_user_id": "a", "notes": None, "learner_user_id": "b"},
            {"assignerUserId": "a", "notes": None, "learnerUserId": "b"},
        ),
        ("120 fields", big, {"field_0": "a", "field_1": None, "field_119": 3}, None),
    ]
    print(f"{'model':<20}{'fields':>7}{'model µs':>10}{'plain µs':>10}{'ratio':>7}{'from_dict µs':>14}")
    for label, cls, kwargs, wire in cases:
        twin = plain_twin(cls)
        ours = best(lambda: cls(**kwargs), args.runs)
        base = best(lambda: twin(**kwargs), args.runs)
        assert cls(**kwargs).fields_set == frozenset(kwargs)
        loaded = best(lambda: cls.from_dict(wire), args.runs) if wire else float("nan")
        count = len(dataclasses.fields(twin))
        print(f"{label:<20}{count:>7}{ours:>10.2f}{base:>10.2f}{ours / base:>7.2f}{loaded:>14.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
