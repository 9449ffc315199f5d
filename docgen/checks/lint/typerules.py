"""Type lookups and value rules for ``docgen lint``: what a type declares and what fits it.

:class:`TypeTable` answers the questions the example checks ask of a resolved :class:`Model`: which
type a name (``#microsoft.graph.user``, ``Collection(x)``, ``user``) means, every property a type
has through its base chain, whether the chain is open. :func:`primitive_mismatch` says whether a
JSON value fits an ``Edm.*`` type, accepting the docs' type placeholders (``"String (timestamp)"``,
``"Int32"``, ``"Boolean"``) where they name a fitting type.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from typing import Any

from docgen.model.core import Model, Property, TypeDef

DEFAULT_NAMESPACE = "microsoft.graph"
OPEN_EXTENSION = "microsoft.graph.opentypeextension"
"""The open extension type, folded: open whatever its page says."""

_STRING_TYPES = frozenset(
    "Edm." + n
    for n in ("String", "Guid", "DateTimeOffset", "Date", "TimeOfDay", "Duration", "Binary", "Stream")
)
_INTEGER_TYPES = frozenset("Edm." + n for n in ("Int16", "Int32", "Int64", "Byte", "SByte"))
_FLOAT_TYPES = frozenset("Edm." + n for n in ("Double", "Single", "Decimal"))
_BOOLEAN = "Edm.Boolean"

_INTEGER_WORDS = frozenset(
    ("int", "integer", "int16", "int32", "int64", "long", "number", "byte", "sbyte", "short")
)
_FLOAT_WORDS = _INTEGER_WORDS | frozenset(("double", "single", "float", "decimal"))
_BOOLEAN_WORDS = frozenset(("boolean", "bool"))
_SPECIAL_FLOATS = frozenset(("NaN", "INF", "-INF"))
# "String (timestamp)", "Int32 (nullable)", "Edm.Int32" -> the bare word.
_PLACEHOLDER = re.compile(r"^\s*(?:edm\.)?([a-z0-9]+)\s*(?:\([^)]*\))?\s*$", re.IGNORECASE)
_DATE_FORMATS = {
    "Edm.Date": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "Edm.DateTimeOffset": re.compile(
        r"^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$"
    ),
}
"""ISO 8601 forms a value that looks like a real date (it starts with a digit) must take."""
_NUMERIC = re.compile(r"^-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?$")


def json_kind(value: Any) -> str:
    """A short English name of a JSON value's kind, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


def placeholder_word(text: str) -> str | None:
    """The lower-case type word a placeholder string names (``"Int32 (nullable)"`` -> ``int32``)."""
    match = _PLACEHOLDER.match(text)
    return match.group(1).lower() if match else None


def primitive_mismatch(edm: str, value: Any) -> str | None:
    """Why ``value`` does not fit the primitive ``edm``, or None when it does (or the type is open).

    ``value`` is a single value (not a collection) and not null.
    """
    if edm in _STRING_TYPES:
        if not isinstance(value, str):
            return f"{json_kind(value)} for a string"
        # Placeholders ("String (timestamp)", "datetime-value") start with a letter; a value that
        # starts with a digit is meant as a real date and must be ISO 8601.
        pattern = _DATE_FORMATS.get(edm)
        if pattern and value[:1].isdigit() and not pattern.match(value):
            return "a malformed date" if edm == "Edm.Date" else "a malformed date-time"
        return None
    if edm in _INTEGER_TYPES or edm in _FLOAT_TYPES:
        if isinstance(value, bool):
            return "a boolean for a number"
        if isinstance(value, (int, float)):
            if edm in _INTEGER_TYPES and isinstance(value, float) and not value.is_integer():
                return "a fraction for an integer"
            return None
        if isinstance(value, str):
            words = _INTEGER_WORDS if edm in _INTEGER_TYPES else _FLOAT_WORDS
            if placeholder_word(value) in words:
                return None
            # OData lets Int64 and Decimal travel as strings (IEEE754Compatible), and floats as NaN/INF.
            if edm in ("Edm.Int64", "Edm.Decimal") and _NUMERIC.match(value.strip()):
                return None
            if edm in _FLOAT_TYPES and value in _SPECIAL_FLOATS:
                return None
            return "a string for a number"
        return f"{json_kind(value)} for a number"
    if edm == _BOOLEAN:
        if isinstance(value, bool):
            return None
        if isinstance(value, str) and placeholder_word(value) in _BOOLEAN_WORDS:
            return None
        return f"{json_kind(value)} for a boolean"
    return None  # Edm.Untyped, Edm.Json-like and unknown primitives take anything.


def strip_type_ref(text: str) -> tuple[str, bool]:
    """``#Collection(microsoft.graph.x)`` -> (``microsoft.graph.x``, True)."""
    ref = text.strip().lstrip("#").strip()
    if ref.startswith("Collection(") and ref.endswith(")"):
        return ref[len("Collection(") : -1].strip(), True
    return ref, False


def split_qualified(ref: str) -> tuple[str, str]:
    """``microsoft.graph.callRecords.session`` -> (``microsoft.graph.callRecords``, ``session``)."""
    namespace, _, name = ref.rpartition(".")
    return namespace, name


class TypeTable:
    """Read-only lookups over a model's types."""

    recorder: Any = None
    """A :class:`~docgen.checks.lint.tracking.LintReads` that notes each lookup as a token (set by
    it), or None: lookups are then not noted."""

    def __init__(self, model: Model) -> None:
        self._by_qualified: dict[str, TypeDef] = {}
        self._by_folded: dict[str, list[TypeDef]] = {}
        self._by_simple: dict[str, list[TypeDef]] = {}
        for typedef in model.types:
            self._by_qualified.setdefault(typedef.qualified_name, typedef)
            self._by_folded.setdefault(typedef.qualified_name.lower(), []).append(typedef)
            self._by_simple.setdefault(typedef.name.lower(), []).append(typedef)
        self._properties: dict[str, tuple[dict[str, Property], frozenset[str]]] = {}

    def _note(self, letter: str, key: str) -> None:
        recorder = self.recorder
        if recorder is not None and recorder.tokens is not None:
            recorder.tokens.add(f"{letter}\0{key}")

    def entries(self, letter: str, key: str) -> list[TypeDef]:
        """What the table a token's ``letter`` names holds under ``key`` (``q``: the type of that
        qualified name, ``f``/``s``: the types of that folded qualified/simple name), unnoted:
        for :class:`~docgen.checks.lint.tracking.LintReads`' digests."""
        if letter == "q":
            found = self._by_qualified.get(key)
            return [] if found is None else [found]
        return list((self._by_folded if letter == "f" else self._by_simple).get(key, ()))

    def get(self, qualified: str | None) -> TypeDef | None:
        """The type with exactly this qualified name."""
        if not qualified:
            return None
        self._note("q", qualified)
        return self._by_qualified.get(qualified)

    def lookup(self, ref: str | None) -> TypeDef | None:
        """The type a reference names: qualified (any case), or a bare name in ``microsoft.graph``
        or unique across namespaces. ``#`` and ``Collection(…)`` are stripped."""
        if not ref:
            return None
        name, _ = strip_type_ref(ref)
        self._note("q", name)
        exact = self._by_qualified.get(name)
        if exact is not None:
            return exact
        self._note("f", name.lower())
        folded = self._by_folded.get(name.lower())
        if folded and len(folded) == 1:
            return folded[0]
        if "." not in name:
            self._note("f", f"{DEFAULT_NAMESPACE}.{name}".lower())
            default = self._by_folded.get(f"{DEFAULT_NAMESPACE}.{name}".lower())
            if default and len(default) == 1:
                return default[0]
            self._note("s", name.lower())
            simple = self._by_simple.get(name.lower(), [])
            if len(simple) == 1:
                return simple[0]
        return None

    def same_name(self, name: str) -> list[TypeDef]:
        """Every type whose simple name equals ``name`` case-insensitively, in model order."""
        self._note("s", name.lower())
        return list(self._by_simple.get(name.lower(), []))

    def chain(self, typedef: TypeDef) -> list[TypeDef]:
        """``typedef`` and its bases, nearest first; stops at a cycle or an unknown base."""
        seen = {typedef.qualified_name}
        result = [typedef]
        current = typedef
        while current.base:
            base = self.lookup(current.base)
            if base is None or base.qualified_name in seen:
                break
            seen.add(base.qualified_name)
            result.append(base)
            current = base
        return result

    def derives_from(self, sub: TypeDef, sup: TypeDef) -> bool:
        """True when ``sup`` is ``sub`` or one of its bases."""
        return any(t.qualified_name == sup.qualified_name for t in self.chain(sub))

    def properties(self, typedef: TypeDef) -> dict[str, Property]:
        """Every property of ``typedef`` through its base chain; a subtype's row wins over its base's."""
        # Memoised with the tokens its chain noted, which every later answer notes again.
        found = self._properties.get(typedef.qualified_name)
        if found is None:
            recorder = self.recorder
            outer = recorder.tokens if recorder is not None else None
            tokens: set[str] = set()
            if recorder is not None:
                recorder.tokens = tokens
            try:
                self._note("q", typedef.qualified_name)
                cached: dict[str, Property] = {}
                for t in self.chain(typedef):
                    for prop in t.properties:
                        cached.setdefault(prop.name, prop)
            finally:
                if recorder is not None:
                    recorder.tokens = outer
            found = self._properties[typedef.qualified_name] = (cached, frozenset(tokens))
        recorder = self.recorder
        if recorder is not None and recorder.tokens is not None:
            recorder.tokens.update(found[1])
        return found[0]

    def is_open(self, typedef: TypeDef) -> bool:
        """True when the type or one of its bases is an open type."""
        # openTypeExtension is open by definition (it exists to carry custom properties), whatever
        # its page or annotation says.
        return any(t.open_type or t.qualified_name.lower() == OPEN_EXTENSION for t in self.chain(typedef))

    def described(self, typedef: TypeDef) -> bool:
        """True when the docs say what the type holds: an enum with members, or a type with a page
        and properties. ``microsoft.graph.Json`` (a page, no properties) stands for any JSON."""
        if typedef.kind == "enum":
            return bool(typedef.members)
        return self.checkable(typedef)

    def checkable(self, typedef: TypeDef | None) -> bool:
        """True when the docs describe the type well enough to call a property unknown."""
        return (
            typedef is not None
            and typedef.kind != "enum"
            and any(t.documented for t in self.chain(typedef))
            and bool(self.properties(typedef))
        )


_DIRECTORY_EXTENSION = re.compile(r"^extension_[0-9a-fA-F]{32}_\w+$")
"""A directory extension property (``extension_<appId without dashes>_<name>``): an app's own
property on a directory object, which no table lists."""


def is_extension_key(key: str) -> bool:
    return bool(_DIRECTORY_EXTENSION.match(key))


def did_you_mean(name: str, choices: Iterable[str]) -> str | None:
    """The one choice close to ``name`` (a typo), None when none or several are."""
    folded = {c.lower(): c for c in choices}
    close = difflib.get_close_matches(name.lower(), list(folded), n=2, cutoff=0.85)
    if len(close) == 1 or (close and difflib.SequenceMatcher(None, name.lower(), close[0]).ratio() >= 0.92):
        return folded[close[0]]
    return None
