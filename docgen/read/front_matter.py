"""YAML front matter cut out of a page, its lines blanked so every later line keeps its number.

In: a page's text. Out: the front matter's keys and values (quotes removed), the line of each
key, the text with the front matter's lines blanked, and ``front-matter`` problems.
"""

from __future__ import annotations


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        value = value[1:-1]
    return value.strip()


def split_front_matter(
    text: str,
) -> tuple[dict[str, str], dict[str, int], str, list[tuple[str, str, int]]]:
    """Cut YAML front matter out of ``text``; its lines are blanked so line numbers stay right."""
    problems: list[tuple[str, str, int]] = []
    lines = text.split("\n")
    if lines[0].rstrip() != "---":  # "--- " with trailing blanks opens front matter too
        return {}, {}, text, problems
    end = None
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            end = i
            break
    if end is None:
        problems.append(
            ("front-matter", "front matter is not closed by a '---' line", 1)
        )
        return {}, {}, text, problems
    values: dict[str, str] = {}
    where: dict[str, int] = {}
    for i in range(1, end):
        line = lines[i]
        if not line.strip() or line.lstrip().startswith("#") or line[:1] in " \t-":
            continue
        key, sep, value = line.partition(":")
        if not sep:
            problems.append(
                (
                    "front-matter",
                    f"front matter line is not 'key: value': {line.strip()[:60]}",
                    i + 1,
                )
            )
            continue
        key = key.strip()
        if key and key not in values:
            values[key] = _unquote(value)
            where[key] = i + 1
    blanked = "\n" * (end + 1) + "\n".join(lines[end + 1 :])
    return values, where, blanked, problems
