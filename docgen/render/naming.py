"""Python names for things the docs name: fields, classes, modules, parameters, enum members.

Every name is built from the docs' text in the same way:

1. NFKC-normalise (``𝐜lass`` is ``class``, as Python itself would read it), then fold accents away
   and keep ASCII letters and digits only: everything else separates words;
2. split into words (``assignedDateTime`` -> ``assigned``, ``date``, ``time``; ``HTTPRequest`` ->
   ``http``, ``request``) and join them in the wanted case;
3. make it safe: empty -> a fallback word; leading digit -> a prefix; keywords, soft keywords,
   builtins and names reserved by the generated code -> a trailing ``_``.

:func:`assign` then makes a group of names collision-free: the candidate whose wire name already
*is* the Python name keeps it, the others get ``_2``, ``_3`` … in a fixed order (shorter wire
name first, lower case before upper case, then code-point order), so the same docs give the same names on every run. Each
suffix is reported so callers can turn it into a diagnostic naming both wire names.
"""

from __future__ import annotations

import builtins
import functools
import keyword
import re
import unicodedata

from docgen.model.dataclass_ahead import dataclass

SOFT_KEYWORDS = frozenset(
    getattr(keyword, "softkwlist", ()) or ("_", "case", "match", "type")
)
"""Soft keywords (``match``, ``case``, ``type``, ``_``): legal names, but confusing ones."""

BUILTINS = frozenset(name for name in dir(builtins) if not name.startswith("_"))
"""Builtin names; shadowing them inside generated code would break it in subtle ways."""

RESERVED_FIELDS = frozenset({"to_dict", "from_dict", "additional_data", "validate"})
"""Attribute names the generated model base class uses itself."""

_WORDS = re.compile(
    r"[A-Z]+[0-9]*(?=[A-Z][a-z])|[A-Z]?[a-z]+[0-9]*|[A-Z]+[0-9]*|[0-9]+"
)


_NON_ALNUM = re.compile(r"[^A-Za-z0-9]")


def ascii_fold(text: str) -> str:
    """NFKC-normalise, then drop accents and anything that is not an ASCII letter or digit."""
    text = str(text)
    if text.isascii():  # NFKC and NFKD leave ASCII as it is: only the replacement is left
        return _NON_ALNUM.sub(" ", text)
    text = unicodedata.normalize("NFKC", text)
    decomposed = unicodedata.normalize("NFKD", text)
    kept = [
        ch if (ch.isascii() and ch.isalnum()) else " "
        for ch in decomposed
        if not unicodedata.combining(ch)
    ]
    return "".join(kept)


@functools.lru_cache(maxsize=65536)
def _words(text: str) -> tuple[str, ...]:
    return tuple(w.lower() for w in _WORDS.findall(ascii_fold(text)))


def words(text: str) -> list[str]:
    """The words of a name in lower case: ``assignedDateTime`` -> ``["assigned", "date", "time"]``."""
    return list(_words(str(text)))


def is_unsafe(name: str) -> bool:
    """True when ``name`` (after NFKC, as Python reads identifiers) is a keyword, soft keyword or builtin."""
    normal = unicodedata.normalize("NFKC", name)
    return keyword.iskeyword(normal) or normal in SOFT_KEYWORDS or normal in BUILTINS


def _safe(name: str, fallback: str, reserved: frozenset[str] = frozenset()) -> str:
    """Apply the fallback, digit and keyword rules to an assembled name."""
    if not name:
        name = fallback
    if name[0].isdigit():
        name = fallback[0] + "_" + name if fallback[0].islower() else fallback[0] + name
    if is_unsafe(name) or name in reserved:
        name += "_"
    return name


def snake(
    text: str, fallback: str = "field", reserved: frozenset[str] = frozenset()
) -> str:
    """A snake_case identifier: ``assignedDateTime`` -> ``assigned_date_time``, ``class`` -> ``class_``."""
    return _safe("_".join(words(text)), fallback, reserved)


_CAPITALS_AND_DIGITS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
_DIGITS = b"0123456789"


def snake_bound(name: str, fallback: str) -> int:
    """A bound on the length of :func:`snake` of the ASCII ``name``: its length, plus its
    capitals, plus twice its digits, plus 3 (or the fallback's length plus 1).

    Its words are runs of the name's letters and digits, lower-cased, one underscore between two.
    A word but the first begins at a capital or a digit, or at a small letter after a digit or
    another character (a small letter after a small letter goes on the word before): so a capital
    or another character begins at most one word, a digit two, and there are at most that many
    underscores. The safe name adds at most 3 (a fallback's letter and underscore before a digit,
    an underscore after a keyword); a name with no word is the fallback, perhaps with an
    underscore. Counted at C speed: on the corpus 776 of the 3,424 names were past the first
    bound of :func:`docgen.pipeline.render_cache.long_names` and none past this one, and their
    snake_case was 3 ms of every render."""
    data = name.encode("ascii")
    capitals_and_digits = len(data) - len(data.translate(None, _CAPITALS_AND_DIGITS))
    digits = len(data) - len(data.translate(None, _DIGITS))
    return max(len(data) + capitals_and_digits + digits + 3, len(fallback) + 1)


def pascal(text: str, fallback: str = "Type") -> str:
    """A PascalCase class name: ``learningAssignment`` -> ``LearningAssignment``."""
    return _safe("".join(w[:1].upper() + w[1:] for w in words(text)), fallback)


def upper_snake(text: str, fallback: str = "VALUE") -> str:
    """An UPPER_SNAKE enum member name: ``notStarted`` -> ``NOT_STARTED`` (never ``_sunder_``)."""
    name = "_".join(w.upper() for w in words(text))
    if not name:
        name = fallback
    if name[0].isdigit():
        name = "V" + name
    return name


MODULE_NAME_MAX = 80
"""The longest module name: with ``test_`` and ``.py`` a file name stays within the writer's
limit (:data:`docgen.write.paths.COMPONENT_MAX`, 100)."""


def module(text: str, fallback: str = "module") -> str:
    """A module name (snake_case, never a keyword, builtin or dunder). One longer than
    :data:`MODULE_NAME_MAX` is cut and ends in 8 hex digits of a hash of the whole name, so two
    long names that share a beginning stay apart (the pipeline reports ``long-name``)."""
    name = snake(text, fallback)
    if len(name) > MODULE_NAME_MAX:
        import hashlib

        tail = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
        name = f"{name[: MODULE_NAME_MAX - 9].rstrip('_')}_{tail}"
    return name


@dataclass(frozen=True)
class Clash:
    """Two wire names that wanted the same Python name; the second one got a suffix."""

    kept: str
    """The wire name that kept the plain Python name."""
    renamed: str
    """The wire name that got a suffixed Python name."""
    python_name: str
    """The suffixed name given to ``renamed``."""


def assign(
    wire_names: list[str] | tuple[str, ...],
    make,
    taken: set[str] | frozenset[str] = frozenset(),
) -> tuple[dict[str, str], list[Clash]]:
    """Collision-free Python names for ``wire_names`` (duplicates share one name).

    ``make`` turns a wire name into a candidate (:func:`snake`, :func:`upper_snake` …); ``taken``
    are names already in use. Returns ``{wire: python}`` and the clashes resolved by suffixing.
    """
    # Who keeps the plain name: a wire name that already is it, then lower-case ones, then the
    # shorter, then code-point order. Independent of input order.
    unique = sorted(
        set(wire_names), key=lambda w: (make(w) != w, w != w.lower(), len(w), w)
    )
    used = set(taken)
    names: dict[str, str] = {}
    holder: dict[str, str] = {}
    clashes: list[Clash] = []
    for wire in unique:
        base = make(wire)
        name = base
        n = 2
        while name in used:
            name = f"{base}_{n}" if not base.endswith("_") else f"{base}{n}"
            n += 1
        if name != base:
            clashes.append(Clash(holder.get(base, base), wire, name))
        used.add(name)
        holder[name] = wire
        names[wire] = name
    return names, clashes
