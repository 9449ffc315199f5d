"""Public names a user calls in a generated package that end in a digit (``get_users_2`` …).

Usage::

    python benchmarks/sdk_names.py OUT/PACKAGE

Counts the builder methods, attributes and classes of ``requests/`` and ``_client.py`` (issue 15:
156 such names before navigation, when operations were named after the docs' example ids) and
lists them with the module that defines them.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path


def digit_names(package: Path) -> tuple[int, list[tuple[str, str]]]:
    """(number of public names, the ones ending in a digit as (module, name))."""
    found: set[tuple[str, str]] = set()
    files = sorted((package / "requests").glob("*.py")) + [package / "_client.py"]
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                if not node.name.startswith("_"):
                    found.add((path.stem, node.name))
    names = {name for _, name in found}
    ending = sorted((m, n) for m, n in found if re.search(r"\d$", n))
    return len(names), ending


def main() -> int:
    package = Path(sys.argv[1])
    total, ending = digit_names(package)
    print(f"{total} distinct public names in requests/ and _client.py; {len(ending)} end in a digit")
    for module, name in ending:
        print(f"    {module}: {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
