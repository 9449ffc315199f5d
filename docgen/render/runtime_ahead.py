# docgen's own copy of the generated runtime, recorded by `python -m docgen.render.runtime`
"""Serialization, request and transport helpers shared by the generated code.

Standard library only. Models keep PATCH semantics (a field never set is not sent, a field set to
``None`` is sent as ``null``), keep unknown JSON keys, and never fail on an enum value they do not
know. Request builders go through a transport the caller may replace; the default uses
``urllib.request``.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime
import enum
import importlib
import json
import re
import urllib.parse
import uuid
import time
from typing import (
    TYPE_CHECKING,
    Any,
    AsyncIterator,
    Awaitable,
    Callable,
    ClassVar,
    Generator,
    Generic,
    Iterable,
    Iterator,
    Mapping,
    Sequence,
    TypeVar,
    cast,
)

if (
    TYPE_CHECKING
):  # typing has it from 3.11; checkers read typing_extensions' stub on 3.10 too
    from typing_extensions import dataclass_transform
else:

    def dataclass_transform(**kwargs: Any) -> Callable[[Any], Any]:
        return lambda decorated: decorated


PACKAGE = __name__.rpartition(".")[0]
"""The generated package's import name (whatever it was generated or renamed as)."""

DEFAULT_BASE_URL = "https://graph.microsoft.com/v1.0"
"""The service root used when a request builder is given no ``base_url``."""


class Unset:
    """The type of :data:`UNSET`: a field that was never given a value."""

    _instance: ClassVar[Unset | None] = None

    def __new__(cls) -> Unset:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNSET"

    def __bool__(self) -> bool:
        return False

    def __copy__(self) -> Unset:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Unset:
        return self

    def __reduce__(self) -> str:
        return "UNSET"


UNSET: None = cast(None, Unset())
"""Default of every model field and of optional request bodies.

Type checkers see ``None`` (a field reads as its type or None, never as a sentinel); at run time
it is the :class:`Unset` marker: a model field given it reads ``None`` and is *not set*, so
``to_dict`` leaves it out, while a field given ``None`` is set and sent as ``null``. Assigning
``UNSET`` to a field unsets it again.
"""


def is_set(model: Model, name: str) -> bool:
    """True when the field ``name`` of ``model`` was given a value (``None`` counts)."""
    return name in model.fields_set


class DecodeError(ValueError):
    """JSON that does not fit the documented type (raised only by strict decoding)."""


class RequestError(ValueError):
    """A request that cannot be built as the docs describe it (missing parameter, body property …)."""


class ODataError(Exception):
    """An error response from the service: ``status``, ``code``, ``message``, ``inner_error``,
    ``headers`` and ``body``.

    Subclasses by status family: :class:`ClientError` (4xx: :class:`BadRequestError`,
    :class:`UnauthorizedError`, :class:`ForbiddenError`, :class:`NotFoundError`,
    :class:`ConflictError`, :class:`PreconditionFailedError`, :class:`TooManyRequestsError`) and
    :class:`ServerError` (5xx: :class:`ServiceUnavailableError`, :class:`GatewayTimeoutError`);
    any other status (an unfollowed 3xx) is a plain :class:`ODataError`.
    """

    def __init__(
        self,
        status: int,
        code: str = "",
        message: str = "",
        body: Any = None,
        *,
        inner_error: InnerError | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.status = status
        """The HTTP status code."""
        self.code = code
        """``error.code`` from the response body (empty when absent)."""
        self.message = message
        """``error.message`` from the response body (or the raw body text)."""
        self.body = body
        """The parsed response body, or its text when it was not JSON."""
        self.inner_error = inner_error
        """``error.innerError`` (request id, client request id, date), None when absent."""
        self.headers: dict[str, str] = {
            k.lower(): v for k, v in (headers or {}).items()
        }
        """The response headers, lower-case names (``retry-after``, ``request-id`` …)."""
        text = "HTTP %d: %s: %s" % (status, code, message)
        request_id = self.request_id
        if request_id:
            text += " (request-id %s)" % request_id
        super().__init__(text)

    @property
    def request_id(self) -> str | None:
        """The service's id for the failed request (inner error first, then the header)."""
        if self.inner_error is not None and self.inner_error.request_id:
            return self.inner_error.request_id
        return self.headers.get("request-id")


class ClientError(ODataError):
    """A 4xx answer: the request was refused as sent."""


class BadRequestError(ClientError):
    """400 Bad Request."""


class UnauthorizedError(ClientError):
    """401 Unauthorized: no token, or a token the service does not take."""


class ForbiddenError(ClientError):
    """403 Forbidden: the token lacks a permission."""


class NotFoundError(ClientError):
    """404 Not Found."""


class ConflictError(ClientError):
    """409 Conflict."""


class PreconditionFailedError(ClientError):
    """412 Precondition Failed (an ``If-Match`` that no longer matches)."""


class TooManyRequestsError(ClientError):
    """429 Too Many Requests, once the session's retries are spent."""


class ServerError(ODataError):
    """A 5xx answer: the service failed."""


class ServiceUnavailableError(ServerError):
    """503 Service Unavailable, once the session's retries are spent."""


class GatewayTimeoutError(ServerError):
    """504 Gateway Timeout, once the session's retries are spent."""


_ERRORS: dict[int, type[ODataError]] = {
    400: BadRequestError,
    401: UnauthorizedError,
    403: ForbiddenError,
    404: NotFoundError,
    409: ConflictError,
    412: PreconditionFailedError,
    429: TooManyRequestsError,
    503: ServiceUnavailableError,
    504: GatewayTimeoutError,
}


def error_class(status: int) -> type[ODataError]:
    """The :class:`ODataError` subclass raised for ``status``."""
    found = _ERRORS.get(status)
    if found is not None:
        return found
    if 400 <= status < 500:
        return ClientError
    if 500 <= status < 600:
        return ServerError
    return ODataError


class TransportError(Exception):
    """The request did not get an answer: connection refused, DNS, TLS, timeout, reset.

    The underlying exception (``URLError``, ``TimeoutError``, ``OSError`` or an httpx error) is
    chained as ``__cause__``.
    """

    def __init__(self, message: str, *, method: str = "", url: str = "") -> None:
        super().__init__(message)
        self.method = method
        """The HTTP method of the request that failed."""
        self.url = url
        """The URL of the request that failed."""


# ---------------------------------------------------------------- codecs


class Codec:
    """Turns one JSON value into a Python value and back."""

    name = "json"

    def check(self, value: Any) -> bool:
        """True when ``value`` is valid JSON for this type."""
        return True

    def load(self, value: Any, strict: bool, where: str) -> Any:
        """The Python value for ``value``; mismatches raise when strict, else stay as they are."""
        if value is None:
            return None
        if not self.check(value):
            if strict:
                raise DecodeError("%s: expected %s, got %r" % (where, self.name, value))
            return value
        return self.convert(value)

    def convert(self, value: Any) -> Any:
        """Convert a value that passed :meth:`check`."""
        return value

    def dump(self, value: Any) -> Any:
        """The JSON value for ``value``."""
        return value


class _Str(Codec):
    name = "string"

    def check(self, value: Any) -> bool:
        return isinstance(value, str)


class _Int(Codec):
    name = "integer"

    def check(self, value: Any) -> bool:
        return isinstance(value, int) and not isinstance(value, bool)


class _Float(Codec):
    name = "number"
    _special = {"NaN": float("nan"), "INF": float("inf"), "-INF": float("-inf")}

    def check(self, value: Any) -> bool:
        if isinstance(value, str):
            return value in self._special
        return isinstance(value, (int, float)) and not isinstance(value, bool)

    def convert(self, value: Any) -> Any:
        return self._special[value] if isinstance(value, str) else value

    def dump(self, value: Any) -> Any:
        if isinstance(value, float) and value != value:
            return "NaN"
        if isinstance(value, float) and value in (float("inf"), float("-inf")):
            return "INF" if value > 0 else "-INF"
        return value


class _Bool(Codec):
    name = "boolean"

    def check(self, value: Any) -> bool:
        return isinstance(value, bool)


# Patterns as text: ``re`` compiles each on first use and caches it (importing compiles none).
_DATETIME = r"(\d{4})-(\d\d)-(\d\d)[Tt ](\d\d):(\d\d)(?::(\d\d)(?:\.(\d+))?)?(Z|z|[+-]\d\d:?\d\d)?\Z"
_DATE = r"(\d{4})-(\d\d)-(\d\d)\Z"
_TIME = r"(\d\d):(\d\d)(?::(\d\d)(?:\.(\d+))?)?\Z"
_DURATION = (
    r"(-)?P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?"
    r"(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?\Z"
)


def _micro(fraction: str | None) -> int:
    return int((fraction or "0")[:6].ljust(6, "0"))


def parse_datetime(text: str) -> datetime.datetime | None:
    """An aware datetime for ISO 8601 text (no offset means UTC), None when it is not one."""
    m = re.match(_DATETIME, text)
    if not m:
        return None
    year, month, day, hour, minute, second, fraction, zone = m.groups()
    tz = datetime.timezone.utc
    if zone and zone not in ("Z", "z"):
        sign = -1 if zone[0] == "-" else 1
        digits = zone[1:].replace(":", "")
        offset = datetime.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        tz = datetime.timezone(sign * offset)
    try:
        return datetime.datetime(
            int(year), int(month), int(day), int(hour), int(minute), int(second or 0),
            _micro(fraction), tzinfo=tz,
        )  # fmt: skip
    except ValueError:
        return None


def parse_date(text: str) -> datetime.date | None:
    """A date for ``YYYY-MM-DD`` text, None when it is not one (the same on every Python)."""
    m = re.match(_DATE, text)
    if not m:
        return None
    try:
        return datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def parse_time(text: str) -> datetime.time | None:
    """A time of day for ``hh:mm[:ss[.fraction]]`` text, None when it is not one.

    Any number of fraction digits (Graph writes seven); microseconds keep the first six. Parsed
    here rather than by ``time.fromisoformat``, which takes other forms on 3.11 than on 3.10.
    """
    m = re.match(_TIME, text)
    if not m:
        return None
    hour, minute, second, fraction = m.groups()
    try:
        return datetime.time(int(hour), int(minute), int(second or 0), _micro(fraction))
    except ValueError:
        return None


_BASE64 = r"(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?\Z"


def parse_base64(text: str) -> bytes | None:
    """The bytes of base64 text padded to a multiple of four, None when it is not that.

    Checked here rather than by ``b64decode(validate=True)``, which takes excess padding
    (``"YWJj=="``) before Python 3.13 and refuses it from 3.13 on.
    """
    return base64.b64decode(text) if re.match(_BASE64, text) else None


def format_datetime(value: datetime.datetime) -> str:
    """ISO 8601 with ``Z`` for UTC (naive datetimes are taken as UTC)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.timezone.utc)
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def parse_duration(text: str) -> datetime.timedelta | str | None:
    """A timedelta for ISO 8601 duration text; the text itself when it has years or months."""
    m = re.match(_DURATION, text)
    if not m or text in ("P", "-P") or text.endswith("T"):
        return None
    sign, years, months, weeks, days, hours, minutes, seconds = m.groups()
    if years or months:
        return text
    delta = datetime.timedelta(
        weeks=int(weeks or 0), days=int(days or 0), hours=int(hours or 0),
        minutes=int(minutes or 0), seconds=float(seconds or 0),
    )  # fmt: skip
    return -delta if sign else delta


def format_duration(value: datetime.timedelta) -> str:
    """ISO 8601 duration text (``PT1H30M``, ``-P1D``)."""
    sign = "-" if value < datetime.timedelta(0) else ""
    value = abs(value)
    days, rest = value.days, value.seconds
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    text = "P" + ("%dD" % days if days else "")
    clock = ("%dH" % hours if hours else "") + ("%dM" % minutes if minutes else "")
    if seconds or value.microseconds:
        whole = ("%d.%06d" % (seconds, value.microseconds)).rstrip("0").rstrip(".")
        clock += whole + "S"
    if clock:
        text += "T" + clock
    return sign + (text if text != "P" else "PT0S")


class _DateTime(Codec):
    name = "date-time"

    def check(self, value: Any) -> bool:
        return isinstance(value, str) and parse_datetime(value) is not None

    def convert(self, value: Any) -> Any:
        return parse_datetime(value)

    def dump(self, value: Any) -> Any:
        return format_datetime(value) if isinstance(value, datetime.datetime) else value


class _Date(Codec):
    name = "date"

    def check(self, value: Any) -> bool:
        return isinstance(value, str) and parse_date(value) is not None

    def convert(self, value: Any) -> Any:
        return parse_date(value)

    def dump(self, value: Any) -> Any:
        return value.isoformat() if isinstance(value, datetime.date) else value


class _Time(Codec):
    name = "time of day"

    def check(self, value: Any) -> bool:
        return isinstance(value, str) and parse_time(value) is not None

    def convert(self, value: Any) -> Any:
        return parse_time(value)

    def dump(self, value: Any) -> Any:
        return value.isoformat() if isinstance(value, datetime.time) else value


class _Duration(Codec):
    name = "duration"

    def check(self, value: Any) -> bool:
        return isinstance(value, str) and parse_duration(value) is not None

    def convert(self, value: Any) -> Any:
        return parse_duration(value)

    def dump(self, value: Any) -> Any:
        return (
            format_duration(value) if isinstance(value, datetime.timedelta) else value
        )


class _Guid(Codec):
    name = "guid"

    def check(self, value: Any) -> bool:
        if not isinstance(value, str):
            return False
        try:
            uuid.UUID(value)
        except ValueError:
            return False
        return True

    def convert(self, value: Any) -> Any:
        return uuid.UUID(value)

    def dump(self, value: Any) -> Any:
        return str(value) if isinstance(value, uuid.UUID) else value


class _Binary(Codec):
    name = "base64"

    def check(self, value: Any) -> bool:
        return isinstance(value, str) and parse_base64(value) is not None

    def convert(self, value: Any) -> Any:
        return parse_base64(value)

    def dump(self, value: Any) -> Any:
        if isinstance(value, (bytes, bytearray)):
            return base64.b64encode(bytes(value)).decode("ascii")
        return value


class _Number(Codec):
    name = "decimal"

    def check(self, value: Any) -> bool:
        return isinstance(value, (int, float, str)) and not isinstance(value, bool)


class _List(Codec):
    def __init__(self, item: Codec) -> None:
        self.item = item
        self.name = "collection of %s" % item.name

    def check(self, value: Any) -> bool:
        return isinstance(value, list)

    def load(self, value: Any, strict: bool, where: str) -> Any:
        if not isinstance(value, list):
            return super().load(value, strict, where)
        return [
            self.item.load(v, strict, "%s[%d]" % (where, i))
            for i, v in enumerate(value)
        ]

    def dump(self, value: Any) -> Any:
        if isinstance(value, (list, tuple)):
            return [None if v is None else self.item.dump(v) for v in value]
        return value


def _import_model(module: str, name: str) -> Any:
    return getattr(importlib.import_module("%s.models.%s" % (PACKAGE, module)), name)


class _Ref(Codec):
    """A model or enum class in ``models/``, imported on first use."""

    def __init__(self, module: str, name: str) -> None:
        self.module = module
        self.name = name
        self._cls: Any = None

    @property
    def cls(self) -> Any:
        if self._cls is None:
            self._cls = _import_model(self.module, self.name)
        return self._cls

    def check(self, value: Any) -> bool:
        cls = self.cls
        if isinstance(cls, type) and issubclass(cls, OpenEnum):
            return isinstance(value, str) and (
                not strictly_known(cls) or cls.knows(value)
            )
        return isinstance(value, dict)

    def load(self, value: Any, strict: bool, where: str) -> Any:
        cls = self.cls
        if value is None:
            return None
        if isinstance(value, str) and issubclass(cls, OpenEnum) and not strict:
            return cls(
                value
            )  # an unknown value maps to unknownFutureValue, keeping its text
        if not self.check(value):
            if strict:
                raise DecodeError("%s: expected %s, got %r" % (where, self.name, value))
            return value
        if issubclass(cls, OpenEnum):
            return cls(value)
        return cls.from_dict(value, strict=strict, where=where)

    def dump(self, value: Any) -> Any:
        if isinstance(value, OpenEnum):
            return value.value
        if isinstance(value, Model):
            return value.to_dict()
        return value


_SIMPLE: dict[str, Codec] = {
    "str": _Str(),
    "int": _Int(),
    "float": _Float(),
    "bool": _Bool(),
    "datetime": _DateTime(),
    "date": _Date(),
    "time": _Time(),
    "duration": _Duration(),
    "guid": _Guid(),
    "bytes": _Binary(),
    "decimal": _Number(),
    "json": Codec(),
}
_CODECS: dict[str, Codec] = {}


def codec(spec: str) -> Codec:
    """The codec for a type spec: ``str``, ``int`` … ``json``, ``ref:<module>:<Class>``, ``list:<spec>``."""
    found = _CODECS.get(spec)
    if found is None:
        if spec.startswith("list:"):
            found = _List(codec(spec[5:]))
        elif spec.startswith("ref:"):
            _, module, name = spec.split(":")
            found = _Ref(module, name)
        else:
            found = _SIMPLE[spec]
        _CODECS[spec] = found
    return found


# ---------------------------------------------------------------- enums


class OpenEnum(str, enum.Enum):
    """A ``str`` enum that never fails on a value it does not know.

    Members are strings: ``AgeGroup.ADULT == "adult"``, ``json.dumps(AgeGroup.ADULT)`` writes
    ``"adult"``, ``str()`` and ``format()`` give the value on every Python. A value the docs did
    not list (``AgeGroup("superAdult")``) is a member of its own: equal to its text (``==
    "superAdult"``), ``.is_unknown`` is True, ``.member`` is ``UNKNOWN_FUTURE_VALUE`` when the enum
    has it (else the value itself), and ``to_dict()`` writes it back as sent. A documented value
    in another case (``"Adult"``) equals that member (and its documented text, not its own),
    is not unknown, and is also written back as sent.
    """

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not isinstance(value, str):
            return None
        found: Any = None
        for member in cls:
            if member._value_.lower() == value.lower():
                found = member
                break
        if found is None:
            found = cls._value2member_map_.get("unknownFutureValue")
            canonical = value
        else:
            canonical = found._value_
        pseudo = str.__new__(cls, value)
        pseudo._name_ = found._name_ if found is not None else value
        pseudo._value_ = value
        object.__setattr__(pseudo, "_canonical_", canonical)
        return pseudo

    def _key(self) -> str:
        """What equality and hashing compare: the documented text for a known value."""
        key: str = self.__dict__.get("_canonical_", self._value_)
        return key

    def __str__(self) -> str:
        return str.__str__(self)

    def __format__(self, spec: str) -> str:
        return str.__format__(str.__str__(self), spec)

    def __repr__(self) -> str:
        if self.is_unknown:
            return "<%s %r (unknown)>" % (type(self).__name__, self._value_)
        return "<%s.%s: %r>" % (type(self).__name__, self._name_, self._value_)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, OpenEnum):
            return self._key() == other._key()
        if isinstance(other, str):
            return self._key() == str.__str__(other)
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __hash__(self) -> int:
        return hash(self._key())

    @property
    def is_unknown(self) -> bool:
        """True when the value was not documented when the code was generated."""
        return not type(self).knows(self._value_)

    @property
    def member(self) -> Any:
        """The documented member this value stands for: itself when known, else
        ``UNKNOWN_FUTURE_VALUE`` when the enum has it, else itself."""
        if not self.is_unknown:
            return type(self)._value2member_map_.get(self._key(), self)
        return type(self)._value2member_map_.get("unknownFutureValue", self)

    @classmethod
    def knows(cls, value: str) -> bool:
        """True when ``value`` is a documented member, in any case (each part, for flag enums)."""
        known = {str(v).lower() for v in cls._value2member_map_}
        parts = value.split(",") if issubclass(cls, OpenFlags) else [value]
        return all(part.strip().lower() in known for part in parts)


class OpenFlags(OpenEnum):
    """A flags enum: the wire value is a comma-separated list of members, kept as written
    (``Perms("read,write")``); :attr:`flags` lists the members it names."""

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if isinstance(value, str) and "," in value:
            pseudo = str.__new__(cls, value)
            pseudo._name_ = value
            pseudo._value_ = value
            object.__setattr__(pseudo, "_canonical_", value)
            return pseudo
        return super()._missing_(value)

    @property
    def flags(self) -> list[Any]:
        """The members named by the value, in order (unknown parts as unknown values)."""
        return [
            type(self)(part.strip()) for part in self._value_.split(",") if part.strip()
        ]


def strictly_known(cls: Any) -> bool:
    """True when the enum documents members, so strict decoding can check values against them."""
    return bool(cls._value2member_map_)


# ---------------------------------------------------------------- models

_WireField = tuple[str, str, Codec]
_FIELDS: dict[type, tuple[_WireField, ...]] = {}
_ODATA_CACHE: dict[str, Any] = {}


def wire_fields(cls: type) -> tuple[_WireField, ...]:
    """``(attribute, wire name, codec)`` for every documented field of ``cls``, base fields first.

    Each generated class lists its own fields in ``_wire_`` as ``attribute: "wireName spec"``.
    """
    found = _FIELDS.get(cls)
    if found is None:
        table: dict[str, str] = {}
        for klass in reversed(cls.__mro__):
            table.update(klass.__dict__.get("_wire_", {}))
        entries = []
        for f in dataclasses.fields(cls):
            if f.name in table:
                wire, _, spec = table[f.name].rpartition(" ")
                entries.append((f.name, wire, codec(spec)))
        found = tuple(entries)
        _FIELDS[cls] = found
    return found


_DECODING: dict[type, tuple[dict[str, tuple[str, Codec]], dict[str, None]]] = {}


def _decoding(cls: type) -> tuple[dict[str, tuple[str, Codec]], dict[str, None]]:
    """For ``from_dict``: wire name -> (attribute, codec), and every field set to None."""
    found = _DECODING.get(cls)
    if found is None:
        known = {wire: (name, kind) for name, wire, kind in wire_fields(cls)}
        blank = {
            f.name: None for f in dataclasses.fields(cls) if not f.name.startswith("_")
        }
        found = _DECODING[cls] = (known, blank)
    return found


def _allowed_extra(cls: Any, key: str) -> bool:
    """Keys strict decoding accepts although no field declares them."""
    return cls._open_type_ or "@" in key


def resolve_type(cls: Any, odata_type: Any) -> Any:
    """The subclass of ``cls`` named by an ``@odata.type`` value, else ``cls`` itself.

    Case-insensitive; ``#`` optional; a name without namespace is looked up in ``cls``'s namespace.
    """
    if not isinstance(odata_type, str) or not odata_type.strip("#"):
        return cls
    name = odata_type.lstrip("#").lower()
    if "." not in name and "." in cls._odata_type_:
        name = cls._odata_type_.rpartition(".")[0].lower() + "." + name
    if name == cls._odata_type_.lower():
        return cls
    found = _ODATA_CACHE.get(name)
    if found is None:
        registry = getattr(
            importlib.import_module(PACKAGE + ".models"), "ODATA_TYPES", {}
        )
        entry = registry.get(name)
        if entry is None:
            return cls
        found = _import_model(*entry.split(":"))
        _ODATA_CACHE[name] = found
    return found if isinstance(found, type) and issubclass(found, cls) else cls


_M = TypeVar("_M", bound="Model")
_FROM_WIRE = "@wire"
"""In a model's record of set fields: the model was read by ``from_dict`` (no field has this name)."""


@dataclasses.dataclass
class Model:
    """Base class of every generated model.

    Every field reads as its type or ``None``. The model records which fields were set (by the
    constructor, by assignment, or by :meth:`from_dict` for the keys it read): :meth:`to_dict`
    writes only those, a field set to ``None`` as ``null``. ``dataclasses.replace`` keeps what
    was set and sets the fields it is given (except one given ``None`` that was not set before).
    """

    _odata_type_: ClassVar[str] = ""
    """The qualified type name (``microsoft.graph.user``)."""
    _write_odata_type_: ClassVar[bool] = False
    """Derived types write ``@odata.type`` so the service knows which one it gets."""
    _open_type_: ClassVar[bool] = False
    """Open types expect properties nobody documented."""

    _extra: dict[str, Any] = dataclasses.field(
        default_factory=dict, repr=False, kw_only=True
    )
    """JSON keys no field declares (keyword-only, so ``dataclasses.replace`` keeps them)."""
    _set_fields: set[str] | None = dataclasses.field(
        default=None, repr=False, compare=False, kw_only=True
    )
    """The names of the fields that were set (passed on by ``dataclasses.replace``)."""

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        names = _compared(type(self))
        mine, theirs = self.__dict__, other.__dict__
        return all(mine.get(n) == theirs.get(n) for n in names)

    def __repr__(self) -> str:
        shown = ", ".join(
            "%s=%r" % (f.name, self.__dict__.get(f.name))
            for f in dataclasses.fields(self)
            if f.repr
        )
        return "%s(%s)" % (type(self).__qualname__, shown)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "__init__" not in cls.__dict__:
            # Every model is built by _model_init, which fills the fields at once instead of one
            # __setattr__ call per field: ``@model`` makes no ``__init__`` and a plain
            # ``@dataclass`` keeps the one a class already has; the dataclass signature still
            # tells checkers what it takes.
            setattr(cls, "__init__", _model_init)

    def __setattr__(self, name: str, value: Any) -> None:
        record = self.__dict__
        if value is UNSET:
            record[name] = None
            done = record.get("_set_fields")
            if done:
                done.discard(name)
            return
        if name[0] == "_":
            if name == "_set_fields":
                # The dataclass __init__ assigns Model's fields before a subclass's: start a
                # record, remembering the one dataclasses.replace hands over.
                record["_replaced_"] = value
                value = set()
            object.__setattr__(self, name, value)
            return
        record[name] = value
        try:
            record["_set_fields"].add(name)
        except KeyError:
            record["_set_fields"] = {name}

    def __post_init__(self) -> None:
        before = self.__dict__.pop("_replaced_", None)
        if (
            before is not None
        ):  # dataclasses.replace passed every field: keep the old record
            fields = self.__dict__["_set_fields"]
            fields.intersection_update(
                {n for n in fields if self.__dict__.get(n) is not None}
            )
            fields.update(before)

    @property
    def fields_set(self) -> frozenset[str]:
        """The names of the fields that were set (``to_dict`` writes these)."""
        return frozenset(self.__dict__.get("_set_fields") or ()) - {_FROM_WIRE}

    @property
    def additional_data(self) -> dict[str, Any]:
        """JSON keys no field declares, kept for the next :meth:`to_dict`."""
        return self._extra

    def to_dict(self) -> dict[str, Any]:
        """The JSON object with wire names; fields never set are left out, ``None`` becomes null."""
        out: dict[str, Any] = {}
        fresh = _FROM_WIRE not in (self.__dict__.get("_set_fields") or ())
        if fresh and self._write_odata_type_ and "@odata.type" not in self._extra:
            out["@odata.type"] = "#" + self._odata_type_
        done = self.__dict__.get("_set_fields") or ()
        for name, wire, kind in wire_fields(type(self)):
            if name in done:
                value = getattr(self, name)
                out[wire] = None if value is None else kind.dump(value)
        for key, value in self._extra.items():
            out.setdefault(key, value)
        return out

    @classmethod
    def from_dict(
        cls: type[_M], data: dict[str, Any], *, strict: bool = False, where: str = "$"
    ) -> _M:
        """A model from JSON; ``@odata.type`` picks the subclass (an instance of ``cls`` all the
        same); the fields it read count as set. Strict: reject what the docs lack."""
        if not isinstance(data, dict):
            raise DecodeError("%s: expected an object, got %r" % (where, data))
        target = resolve_type(cls, data.get("@odata.type"))
        known, blank = _decoding(target)
        values: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        for key, value in data.items():
            if key in known:
                name, kind = known[key]
                values[name] = kind.load(value, strict, where + "." + key)
            elif strict and not _allowed_extra(target, key):
                raise DecodeError(
                    "%s: %s has no property %r" % (where, target._odata_type_, key)
                )
            else:
                extra[key] = value
        # Made without __init__ (no __setattr__ per field): every field None, then what was read.
        obj = object.__new__(target)
        state = obj.__dict__
        state.update(blank)
        state.update(values)
        state["_extra"] = extra
        # read from JSON: write back what was read, add nothing (kept by dataclasses.replace)
        state["_set_fields"] = set(values) | {_FROM_WIRE}
        return cast(_M, obj)


_COMPARED: dict[type, tuple[str, ...]] = {}


def _compared(cls: type) -> tuple[str, ...]:
    """The fields ``==`` compares (as a dataclass ``__eq__`` would: ``compare=True`` ones)."""
    names = _COMPARED.get(cls)
    if names is None:
        names = _COMPARED[cls] = tuple(
            f.name for f in dataclasses.fields(cls) if f.compare
        )
    return names


@dataclass_transform(field_specifiers=(dataclasses.field,))
def model(cls: type[_M]) -> type[_M]:
    """The decorator of every generated model: a dataclass to type checkers (its fields make its
    ``__init__``) and to :mod:`dataclasses` (``fields``, ``replace``); at run time the class keeps
    :class:`Model`'s ``__init__``, ``__eq__`` and ``__repr__``, so importing a model with a hundred
    fields compiles no code for them."""
    return dataclasses.dataclass(init=False, repr=False, eq=False)(cls)


_InitPlan = tuple[
    tuple[str, ...],
    dict[str, Any],
    tuple[tuple[str, Callable[[], Any]], ...],
    frozenset[str],
    frozenset[str],
    frozenset[str],
]


def _init_plan(cls: type) -> _InitPlan:
    """What constructing ``cls`` takes: (positional names, plain defaults as stored, default
    factories, names set by a default, every keyword, required names); made once per class.
    """
    plan: _InitPlan | None = cls.__dict__.get("_init_plan_")
    if plan is not None:
        return plan
    fields = [f for f in dataclasses.fields(cls) if f.init]
    blank: dict[str, Any] = {}
    factories: list[tuple[str, Callable[[], Any]]] = []
    preset: set[str] = set()
    required: set[str] = set()
    for f in fields:
        if f.default is not dataclasses.MISSING:
            blank[f.name] = None if f.default is UNSET else f.default
            if f.default is not UNSET and f.name[0] != "_":
                preset.add(f.name)
        elif f.default_factory is not dataclasses.MISSING:
            factories.append((f.name, f.default_factory))
            if f.name[0] != "_":
                preset.add(f.name)
        else:
            required.add(f.name)
    plan = (
        tuple(f.name for f in fields if not f.kw_only),
        blank,
        tuple(factories),
        frozenset(preset),
        frozenset(f.name for f in fields),
        frozenset(required),
    )
    setattr(cls, "_init_plan_", plan)
    return plan


def _model_init(self: Model, *args: Any, **kwargs: Any) -> None:
    """The constructor of every generated model: what the dataclass ``__init__`` would do with
    :meth:`Model.__setattr__` per field (``UNSET`` reads None and is not set; anything else,
    ``None`` included, is set; ``dataclasses.replace`` keeps the old record), in one pass.
    """
    cls = type(self)
    plan: _InitPlan = cls.__dict__.get("_init_plan_") or _init_plan(cls)
    positional, blank, factories, preset, known, required = plan
    if args:
        if len(args) > len(positional):
            raise TypeError(
                "%s() takes %d positional arguments but %d were given"
                % (cls.__name__, len(positional), len(args))
            )
        for name, value in zip(positional, args):
            if name in kwargs:
                raise TypeError(
                    "%s() got multiple values for argument %r" % (cls.__name__, name)
                )
            kwargs[name] = value
    state = self.__dict__
    state.update(blank)
    for name, factory in factories:
        state[name] = factory()
    done = set(preset)
    replaced = kwargs.pop("_set_fields", None)
    if "_extra" in kwargs:
        state["_extra"] = kwargs.pop("_extra")
    for name, value in kwargs.items():
        if name not in known:
            raise TypeError(
                "%s() got an unexpected keyword argument %r" % (cls.__name__, name)
            )
        if value is UNSET:
            state[name] = None
            done.discard(name)
        else:
            state[name] = value
            done.add(name)
    if required and not required <= kwargs.keys():
        missing = ", ".join(sorted(required - kwargs.keys()))
        raise TypeError("%s() missing required arguments: %s" % (cls.__name__, missing))
    if (
        replaced is not None
    ):  # dataclasses.replace passed every field: keep the old record
        done = {n for n in done if state[n] is not None}
        done.update(replaced)
    state["_set_fields"] = done
    if cls.__post_init__ is not Model.__post_init__:
        self.__post_init__()


# ---------------------------------------------------------------- requests


@dataclasses.dataclass(frozen=True)
class Request:
    """An HTTP request ready to send."""

    method: str
    """Upper-case HTTP method."""
    url: str
    """The full URL, path and query percent-encoded."""
    headers: tuple[tuple[str, str], ...] = ()
    """Header lines in order."""
    body: bytes | None = None
    """The body bytes (JSON for model bodies)."""
    response_type: str | None = None
    """Type spec of the answer when the request line reads a property of the operation's
    response type; None means the operation's (``Operation.send`` parses with it)."""

    def header(self, name: str) -> str | None:
        """The value of header ``name`` (case-insensitive), None when absent."""
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None

    def json(self) -> Any:
        """The body parsed as JSON (None when there is no body)."""
        return None if self.body is None else json.loads(self.body)


@dataclasses.dataclass(frozen=True)
class Response:
    """An HTTP response as a transport returns it."""

    status: int
    """The status code."""
    headers: dict[str, str]
    """Headers with lower-case names."""
    body: bytes
    """The body bytes."""


Transport = Callable[[Request], Response]


_QUERY_SAFE = "$,'()*:@/!"


def encode_query(pairs: list[tuple[str, str]]) -> str:
    """``name=value&…`` percent-encoded the way the service expects (spaces as ``%20``)."""
    return "&".join(
        urllib.parse.quote(k, safe=_QUERY_SAFE)
        + "="
        + urllib.parse.quote(v, safe=_QUERY_SAFE)
        for k, v in pairs
    )


# ---------------------------------------------------------------- sessions

AsyncTransport = Callable[[Request], Awaitable[Response]]

DEFAULT_TIMEOUT = 60.0
"""Seconds the default transport waits for a connection or a read, unless told otherwise."""

BATCH_LIMIT = 20
"""Requests per JSON ``$batch`` call (the service's limit)."""

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_DEFAULT_PORTS = {"http": 80, "https": 443}
_HOP_HEADERS = frozenset({"authorization", "cookie", "host", "content-length"})
_BODY_HEADERS = frozenset({"content-type", "content-length", "content-encoding"})
_SEND = "send"
_SLEEP = "sleep"
_R = TypeVar("_R")
"""What a sans-IO exchange returns (a :class:`Response`, or one per request of a batch)."""


@dataclasses.dataclass(frozen=True)
class InnerError:
    """``error.innerError`` of an OData error: what a support request needs."""

    request_id: str | None = None
    """``request-id``: the service's id for the failed request."""
    client_request_id: str | None = None
    """``client-request-id``: the id the client sent, or the one the service made."""
    date: datetime.datetime | None = None
    """``date``: when the service answered (None when absent or not a date)."""
    code: str | None = None
    """``code`` of the inner error, when there is one."""
    raw: dict[str, Any] = dataclasses.field(default_factory=dict)
    """The whole ``innerError`` object as sent."""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> InnerError:
        """The inner error of a JSON ``innerError`` object (unknown keys stay in ``raw``)."""

        def text(*keys: str) -> str | None:
            for key in keys:
                value = data.get(key)
                if isinstance(value, str):
                    return value
            return None

        date = text("date")
        return cls(
            text("request-id", "requestId"),
            text("client-request-id", "clientRequestId"),
            parse_datetime(date) if date else None,
            text("code"),
            dict(data),
        )


def error_from(response: Response) -> ODataError:
    """The :class:`ODataError` subclass for an error response (OData JSON or anything else)."""
    text = response.body.decode("utf-8", "replace")
    cls = error_class(response.status)
    try:
        body: Any = json.loads(text) if text.strip() else text
    except ValueError:
        return cls(response.status, "", text, text, headers=response.headers)
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        return cls(response.status, "", text, body, headers=response.headers)
    inner = error.get("innerError", error.get("innererror"))
    return cls(
        response.status,
        str(error.get("code", "")),
        str(error.get("message", "")),
        body,
        inner_error=InnerError.from_dict(inner) if isinstance(inner, dict) else None,
        headers=response.headers,
    )


def origin(url: str) -> tuple[str, str, int | None]:
    """(scheme, host, port) of ``url``, lower case, the scheme's default port filled in."""
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    return scheme, (parts.hostname or "").lower(), port or _DEFAULT_PORTS.get(scheme)


def _without(
    headers: tuple[tuple[str, str], ...], names: frozenset[str]
) -> tuple[tuple[str, str], ...]:
    return tuple((k, v) for k, v in headers if k.lower() not in names)


_NO_REDIRECT_OPENER: Any = None


def _opener() -> Any:
    """A urllib opener that hands 3xx answers back instead of following them."""
    global _NO_REDIRECT_OPENER
    if _NO_REDIRECT_OPENER is None:
        import urllib.request

        class _Keep3xx(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args: Any, **kwargs: Any) -> None:
                return None

        _NO_REDIRECT_OPENER = urllib.request.build_opener(_Keep3xx())
    return _NO_REDIRECT_OPENER


class UrllibTransport:
    """The default transport: ``urllib.request``, standard library only.

    It never follows a redirect: a 3xx comes back as a :class:`Response` and the session decides
    (see :meth:`Session.send`), so no header is copied to another host behind the caller's back.
    Connection failures, timeouts and resets raise :class:`TransportError`.
    """

    def __init__(self, timeout: float | None = None) -> None:
        self.timeout = DEFAULT_TIMEOUT if timeout is None else timeout
        """Seconds to wait for the connection and for each read."""

    def __call__(self, request: Request) -> Response:
        import http.client
        import urllib.error
        import urllib.request

        req = urllib.request.Request(
            request.url,
            data=request.body,
            method=request.method,
            headers=dict(request.headers),
        )
        try:
            try:
                with _opener().open(req, timeout=self.timeout) as resp:
                    return Response(
                        resp.status, _lower(resp.headers.items()), resp.read()
                    )
            except urllib.error.HTTPError as err:
                with err:
                    return Response(err.code, _lower(err.headers.items()), err.read())
        except (OSError, http.client.HTTPException) as err:
            reason = getattr(err, "reason", err)
            if isinstance(reason, TimeoutError) or "timed out" in str(reason):
                text = "timed out after %gs" % self.timeout
            else:
                text = str(reason) or type(reason).__name__
            raise TransportError(
                "%s %s: %s" % (request.method, request.url, text),
                method=request.method,
                url=request.url,
            ) from err


def _lower(items: Iterable[tuple[str, str]]) -> dict[str, str]:
    return {k.lower(): v for k, v in items}


def _is_httpx_failure(err: BaseException) -> bool:
    return any(
        c.__name__ in ("TransportError", "TimeoutException", "RequestError")
        and c.__module__.split(".")[0] == "httpx"
        for c in type(err).__mro__
    )


def _httpx_response(request: Request, answer: Any) -> Response:
    return Response(
        answer.status_code, _lower(answer.headers.items()), bytes(answer.content)
    )


def _httpx_failed(request: Request, err: BaseException) -> TransportError:
    return TransportError(
        "%s %s: %s" % (request.method, request.url, err or type(err).__name__),
        method=request.method,
        url=request.url,
    )


class HttpxTransport:
    """A sync transport over an ``httpx.Client`` the caller made (httpx is never required).

    Redirects are not followed by httpx (the session follows them); httpx's request errors
    become :class:`TransportError`. Timeouts are the client's own.
    """

    def __init__(self, client: Any) -> None:
        self.client = client
        """The ``httpx.Client``."""

    def __call__(self, request: Request) -> Response:
        try:
            answer = self.client.request(
                request.method,
                request.url,
                headers=list(request.headers),
                content=request.body,
                follow_redirects=False,
            )
        except Exception as err:
            if _is_httpx_failure(err):
                raise _httpx_failed(request, err) from err
            raise
        return _httpx_response(request, answer)


class AsyncHttpxTransport:
    """An async transport over an ``httpx.AsyncClient`` the caller made; as :class:`HttpxTransport`."""

    def __init__(self, client: Any) -> None:
        self.client = client
        """The ``httpx.AsyncClient``."""

    async def __call__(self, request: Request) -> Response:
        try:
            answer = await self.client.request(
                request.method,
                request.url,
                headers=list(request.headers),
                content=request.body,
                follow_redirects=False,
            )
        except Exception as err:
            if _is_httpx_failure(err):
                raise _httpx_failed(request, err) from err
            raise
        return _httpx_response(request, answer)


def retry_after(value: str | None, now: float) -> float | None:
    """Seconds a ``Retry-After`` value asks to wait (delta-seconds or an HTTP date), None when
    absent or unreadable; a date in the past is 0."""
    if value is None:
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        import email.utils

        try:
            when = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
        if when is None:
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=datetime.timezone.utc)
        return max(0.0, when.timestamp() - now)
    return max(0.0, seconds) if seconds == seconds else None


@dataclasses.dataclass(frozen=True)
class Retry:
    """When and how long a session waits before sending a request again.

    An answer whose status is in ``statuses`` (429, 503, 504) is retried at most ``total`` times.
    The wait is the answer's ``Retry-After`` (seconds or an HTTP date) when it has one, else
    ``backoff * 2 ** attempt`` capped at ``max_delay``. When the next wait would take the waits of
    one :meth:`Session.send` over ``max_total`` seconds, the session stops retrying and raises the
    answer's error (:class:`TooManyRequestsError` …) at once rather than wait that long.
    """

    total: int = 3
    """Retries after the first attempt (0: never retry)."""
    statuses: frozenset[int] = frozenset({429, 503, 504})
    """Statuses that are retried."""
    backoff: float = 1.0
    """First wait, in seconds, when the answer has no ``Retry-After``; doubled each retry."""
    max_delay: float = 30.0
    """Longest backoff wait (a ``Retry-After`` is honoured as sent, within ``max_total``)."""
    max_total: float = 60.0
    """Most seconds spent waiting across the retries of one request."""
    methods: frozenset[str] | None = None
    """Methods that are retried; None retries every method."""
    sleep: Callable[[float], Any] | None = None
    """How to wait: None is ``time.sleep`` (``asyncio.sleep`` in an :class:`AsyncSession`);
    an async session awaits what this returns when it is awaitable."""
    clock: Callable[[], float] | None = None
    """The current Unix time, for ``Retry-After`` dates; None is ``time.time``."""

    def delay(
        self, request: Request, response: Response, attempt: int, waited: float
    ) -> float | None:
        """Seconds to wait before retry number ``attempt + 1``, None to stop retrying."""
        if response.status not in self.statuses or attempt >= self.total:
            return None
        if self.methods is not None and request.method.upper() not in self.methods:
            return None
        now = (self.clock or time.time)()
        wait = retry_after(response.headers.get("retry-after"), now)
        if wait is None:
            wait = min(self.max_delay, self.backoff * 2**attempt)
        if waited + wait > self.max_total:
            return None
        return wait


def _retry(value: int | Retry | None) -> Retry:
    if isinstance(value, Retry):
        return value
    if value is None:
        return Retry()
    if value < 0:
        raise ValueError("retries must be 0 or more, not %d" % value)
    return Retry(total=value)


T = TypeVar("T")


@dataclasses.dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a collection answer."""

    value: list[T]
    """The items of this page."""
    next_link: str | None = None
    """``@odata.nextLink``: the URL of the next page, None on the last one."""
    count: int | None = None
    """``@odata.count``: the size of the whole collection when ``count=True`` asked for it."""
    raw: dict[str, Any] = dataclasses.field(default_factory=dict)
    """The whole answer object (``@odata.context``, ``@odata.deltaLink`` …)."""


def page_of(data: Any, load: Callable[[Any], T]) -> Page[T]:
    """The :class:`Page` of a parsed collection answer; ``load`` turns one item into a value."""
    if not isinstance(data, dict):
        raise DecodeError("$: expected a collection object, got %r" % (data,))
    items = data.get("value")
    count = data.get("@odata.count")
    link = data.get("@odata.nextLink")
    return Page(
        [load(item) for item in items] if isinstance(items, list) else [],
        link if isinstance(link, str) else None,
        count if isinstance(count, int) and not isinstance(count, bool) else None,
        data,
    )


def loader(spec: str) -> Callable[[Any], Any]:
    """A function turning one JSON value into the value of type spec ``spec`` (lenient)."""
    kind = codec(spec)
    return lambda value: kind.load(value, False, "$")


def decode(response: Response, spec: str | None) -> Any:
    """The value of an answer by type spec.

    Error statuses raise their :class:`ODataError`. 204 or an empty body is None; ``"bytes"``
    is the body's bytes; ``"page:<spec>"`` is a :class:`Page` of ``<spec>`` items; any other spec
    is the JSON body decoded leniently (a ``{"value": …}`` wrapper around a primitive or a list
    is unwrapped). With no spec, a JSON body is parsed and any other body is returned as bytes.
    """
    if response.status >= 400 or (
        300 <= response.status < 400 and response.status != 304
    ):
        raise error_from(response)
    if response.status == 204 or not response.body:
        return None
    if spec == "bytes":
        return response.body
    if spec is None:
        kind = response.headers.get("content-type", "")
        return json.loads(response.body) if "json" in kind.lower() else response.body
    data = json.loads(response.body)
    if spec.startswith("page:"):
        return page_of(data, loader(spec[5:]))
    found = codec(spec)
    if not isinstance(found, _Ref) and isinstance(data, dict) and "value" in data:
        data = data["value"]
    return found.load(data, False, "$")


def encode(body: Any, spec: str | None) -> tuple[bytes | None, str | None]:
    """The bytes and content type of a request body (None, None when there is none).

    Bytes are sent as ``application/octet-stream``; a model as its :meth:`Model.to_dict` JSON
    (only the fields that were set); anything else as JSON through the codec of ``spec``.
    """
    if body is None or body is UNSET:
        return None, None
    if isinstance(body, (bytes, bytearray)):
        return bytes(body), "application/octet-stream"
    payload = (
        body.to_dict() if isinstance(body, Model) else codec(spec or "json").dump(body)
    )
    return json.dumps(payload, ensure_ascii=False).encode("utf-8"), "application/json"


class _SessionBase:
    """What :class:`Session` and :class:`AsyncSession` share: URLs, tokens, retries, redirects."""

    def __init__(
        self,
        token: str | None = None,
        *,
        credential: Callable[[], str] | None = None,
        base_url: str | None = None,
        retries: int | Retry | None = None,
        timeout: float | None = None,
        max_redirects: int = 5,
    ) -> None:
        if token is not None and credential is not None:
            raise ValueError("pass token or credential, not both")
        self.token = token
        """The bearer token sent to the base URL's host (None: see ``credential``)."""
        self.credential = credential
        """Called once per :meth:`send` for a fresh token, when there is no ``token``."""
        self.base_url: str = (base_url or DEFAULT_BASE_URL).rstrip("/")
        """The service root; the token goes only to its scheme, host and port."""
        self.retry = _retry(retries)
        """The retry policy (an int ``retries`` is ``Retry(total=retries)``)."""
        self.timeout = DEFAULT_TIMEOUT if timeout is None else timeout
        """Seconds the default transport waits (a transport passed in keeps its own)."""
        self.max_redirects = max_redirects
        """Redirects followed per request; one more raises the 3xx as an :class:`ODataError`."""

    def url(self, path: str, query: list[tuple[str, str]] | None = None) -> str:
        """``base_url`` + ``path`` (characters a path may not hold are percent-encoded; ``%``
        escapes already there are kept) + the encoded ``query`` pairs."""
        url = self.base_url + urllib.parse.quote(path, safe="/%$:@!'()*,;=+~&")
        if query:
            url += "?" + encode_query(query)
        return url

    def owns(self, url: str) -> bool:
        """True when ``url`` has the base URL's scheme, host and port (the token may go there)."""
        return origin(url) == origin(self.base_url)

    def _token(self) -> str | None:
        if self.token is not None:
            return self.token
        return self.credential() if self.credential is not None else None

    def _authorize(self, request: Request, token: str | None) -> Request:
        """``request`` with ``Authorization: Bearer`` for the base URL's host, and no
        ``Authorization`` at all for any other host."""
        headers = request.headers
        if not self.owns(request.url):
            headers = _without(headers, frozenset({"authorization"}))
        elif token is not None and request.header("authorization") is None:
            headers = (("Authorization", "Bearer " + token),) + headers
        if headers is request.headers:
            return request
        return dataclasses.replace(request, headers=headers)

    def _exchange(self, request: Request) -> Generator[tuple[str, Any], Any, Response]:
        """The steps of one :meth:`send`: yields ("send", request) for an answer and
        ("sleep", seconds) before a retry; returns the last answer."""
        token = self._token()
        current = request
        hops = attempt = 0
        waited = 0.0
        while True:
            response: Response = yield _SEND, self._authorize(current, token)
            location = response.headers.get("location")
            if response.status in _REDIRECTS and location and hops < self.max_redirects:
                hops += 1
                current = _redirected(current, response.status, location)
                continue
            wait = self.retry.delay(current, response, attempt, waited)
            if wait is None:
                return response
            attempt += 1
            waited += wait
            yield _SLEEP, wait

    def _next_page(
        self, request: Request, link: str | None, seen: set[str]
    ) -> Request | None:
        """The request for the next page, None at the end or when ``link`` was already read."""
        if not link:
            return None
        url = urllib.parse.urljoin(request.url, link)
        if url in seen:
            return None
        seen.add(url)
        headers = _without(request.headers, _HOP_HEADERS | _BODY_HEADERS)
        return Request("GET", url, headers, None, request.response_type)

    def _batch_request(
        self,
        requests: Sequence[Request],
        chunk: Sequence[int],
        after: Sequence[tuple[int, ...]],
    ) -> Request:
        """One ``$batch`` call for the requests numbered ``chunk``; each item's id is its
        number + 1, and its ``dependsOn`` the ids of ``after[number]`` sent in the same call.
        """
        items = []
        sent = frozenset(chunk)
        prefix = self.base_url + "/"
        for index in chunk:
            request = requests[index]
            if not request.url.startswith(prefix):
                raise RequestError(
                    "batch: %s is not under %s" % (request.url, self.base_url)
                )
            item: dict[str, Any] = {
                "id": str(index + 1),
                "method": request.method,
                "url": request.url[len(self.base_url) :],
            }
            needs = [str(d + 1) for d in after[index] if d in sent]
            if needs:
                item["dependsOn"] = needs
            headers = dict(_without(request.headers, _HOP_HEADERS))
            if request.body is not None:
                kind = request.header("content-type") or "application/json"
                if "json" in kind.lower():
                    item["body"] = json.loads(request.body)
                else:
                    item["body"] = base64.b64encode(request.body).decode("ascii")
                headers.setdefault("Content-Type", kind)
            if headers:
                item["headers"] = headers
            items.append(item)
        body = json.dumps({"requests": items}, ensure_ascii=False).encode("utf-8")
        lines = (("Content-Type", "application/json"),)
        return Request("POST", self.base_url + "/$batch", lines, body)

    def _batch(
        self,
        requests: Sequence[Request],
        depends_on: Mapping[int, Sequence[int]] | None,
    ) -> Generator[tuple[str, Any], Any, list[Response]]:
        """The steps of one :meth:`Session.batch`: yields ("send", request) for each ``$batch``
        call (answered with its :class:`Response`) and ("sleep", seconds) before a retry round;
        returns one answer per request.

        An item answered 429/503/504 is sent again in a later call, as :attr:`retry` says for a
        single request (its ``Retry-After`` honoured, bounded in count and total wait; a round
        waits for the longest); an item answered 424 because one it depends on failed so is sent
        again with it."""
        after = _dependencies(len(requests), depends_on or {})
        answers: list[Response] = [Response(0, {}, b"")] * len(requests)
        pending = list(range(len(requests)))
        attempt = 0
        waited = 0.0
        while pending:
            for chunk in _chunks(pending, after):
                reply: Response = yield _SEND, self._batch_request(
                    requests, chunk, after
                )
                for index, answer in zip(chunk, _unbatch(chunk, reply)):
                    answers[index] = answer
            delays: dict[int, float] = {}
            for index in pending:
                wait = self.retry.delay(
                    requests[index], answers[index], attempt, waited
                )
                if wait is not None:
                    delays[index] = wait
            if not delays:
                break
            again = set(delays)
            for index in pending:
                if answers[index].status == 424 and any(
                    d in again for d in after[index]
                ):
                    again.add(index)
            wait = max(delays.values())
            attempt += 1
            waited += wait
            yield _SLEEP, wait
            pending = sorted(again)
        return answers


def _dependencies(
    count: int, depends_on: Mapping[int, Sequence[int]]
) -> list[tuple[int, ...]]:
    """For each request number, the earlier request numbers it depends on (``dependsOn``)."""
    after: list[tuple[int, ...]] = [()] * count
    for index, needs in depends_on.items():
        if not 0 <= index < count:
            raise RequestError("batch: no request number %d" % index)
        for need in needs:
            if not 0 <= need < index:
                raise RequestError(
                    "batch: request %d can depend only on a request added before it, not %d"
                    % (index, need)
                )
        after[index] = tuple(sorted(set(needs)))
    return after


def _chunks(
    pending: Sequence[int], after: Sequence[tuple[int, ...]]
) -> list[list[int]]:
    """``pending`` in calls of up to :data:`BATCH_LIMIT`, in order, requests that depend on each
    other in the same call (the service reads ``dependsOn`` only within one call)."""
    parent = {index: index for index in pending}

    def find(index: int) -> int:
        while parent[index] != index:
            parent[index] = index = parent[parent[index]]
        return index

    for index in pending:
        for need in after[index]:
            if need in parent:
                one, two = find(index), find(need)
                parent[max(one, two)] = min(one, two)
    members: dict[int, list[int]] = {}
    for index in pending:
        members.setdefault(find(index), []).append(index)
    out: list[list[int]] = []
    current: list[int] = []
    for part in members.values():
        if len(part) > BATCH_LIMIT:
            raise RequestError(
                "batch: %d requests depend on each other; one $batch call holds %d"
                % (len(part), BATCH_LIMIT)
            )
        if len(current) + len(part) > BATCH_LIMIT:
            out.append(current)
            current = []
        current.extend(part)
    if current:
        out.append(current)
    return [sorted(chunk) for chunk in out]


def _redirected(request: Request, status: int, location: str) -> Request:
    """The request a redirect asks for: 303 (and 301/302 after a POST) becomes a GET without
    body; the ``Authorization`` header is dropped (the session adds it again for its own host).
    """
    url = urllib.parse.urljoin(request.url, location)
    headers = _without(request.headers, _HOP_HEADERS)
    if status == 303 or (status in (301, 302) and request.method == "POST"):
        return Request(
            "GET", url, _without(headers, _BODY_HEADERS), None, request.response_type
        )
    return dataclasses.replace(request, url=url, headers=headers)


def _unbatch(chunk: Sequence[int], response: Response) -> list[Response]:
    """One :class:`Response` per request number of ``chunk`` (item id: number + 1), in order."""
    data = json.loads(response.body) if response.body else {}
    answers = data.get("responses") if isinstance(data, dict) else None
    by_id: dict[str, Any] = {}
    for answer in answers if isinstance(answers, list) else []:
        if isinstance(answer, dict):
            by_id[str(answer.get("id"))] = answer
    out = []
    for index in chunk:
        answer = by_id.get(str(index + 1))
        if answer is None:
            raise DecodeError("$batch: no response for request %d" % (index + 1))
        headers = answer.get("headers")
        headers = _lower(headers.items()) if isinstance(headers, dict) else {}
        body = answer.get("body")
        if body is None:
            raw = b""
        elif isinstance(body, str) and "json" not in headers.get(
            "content-type", "json"
        ):
            raw = parse_base64(body) or body.encode("utf-8")
        else:
            raw = json.dumps(body, ensure_ascii=False).encode("utf-8")
            headers.setdefault("content-type", "application/json")
        status = answer.get("status")
        out.append(Response(status if isinstance(status, int) else 0, headers, raw))
    return out


def _raise_for(response: Response) -> Response:
    if response.status >= 400 or (
        300 <= response.status < 400 and response.status != 304
    ):
        raise error_from(response)
    return response


class Session(_SessionBase):
    """Sends requests to the service: token, retries, redirects, errors, paging, batches.

    ``Session(token)`` or ``Session(credential=get_token)``; ``base_url`` (default the service
    root), ``transport`` (default :class:`UrllibTransport` with ``timeout``), ``retries`` (an
    int or a :class:`Retry`), ``timeout`` (seconds, default :data:`DEFAULT_TIMEOUT`).

    Security: ``Authorization: Bearer <token>`` is added only to URLs whose scheme, host and
    port are the base URL's, and removed from requests to any other host. Redirects are followed
    by the session itself (up to ``max_redirects``): a redirect to another host is followed
    without the token; a 303 (and a 301/302 after a POST) becomes a GET.
    """

    def __init__(
        self,
        token: str | None = None,
        *,
        credential: Callable[[], str] | None = None,
        base_url: str | None = None,
        transport: Transport | None = None,
        retries: int | Retry | None = None,
        timeout: float | None = None,
        max_redirects: int = 5,
    ) -> None:
        super().__init__(
            token,
            credential=credential,
            base_url=base_url,
            retries=retries,
            timeout=timeout,
            max_redirects=max_redirects,
        )
        self.transport: Transport = transport or UrllibTransport(self.timeout)
        """How requests reach the service."""

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the transport's resources (the default transport holds none)."""
        close = getattr(self.transport, "close", None)
        if callable(close) and not isinstance(self.transport, UrllibTransport):
            close()

    def _call(self, request: Request) -> Response:
        try:
            return self.transport(request)
        except OSError as err:
            raise TransportError(
                "%s %s: %s" % (request.method, request.url, err),
                method=request.method,
                url=request.url,
            ) from err

    def send(self, request: Request) -> Response:
        """Send ``request``; the final answer when its status is below 300 (or 304).

        Adds the token for the base URL's host only; follows redirects itself (the token is
        never sent to another host); retries 429/503/504 as :attr:`retry` says. Raises the
        :class:`ODataError` subclass of an error answer and :class:`TransportError` when there
        is no answer.
        """
        return _raise_for(self.exchange(request))

    def exchange(self, request: Request) -> Response:
        """As :meth:`send`, returning an error answer instead of raising it."""
        return self._drive(self._exchange(request), self._call)

    def pages(
        self, request: Request, load: Callable[[Any], Any]
    ) -> Iterator[Page[Any]]:
        """Every page of a collection from ``request`` on, following ``@odata.nextLink``.

        Stops after a page whose nextLink was already read (a server repeating itself). A
        nextLink on another host is read without the token.
        """
        seen = {request.url}
        current: Request | None = request
        while current is not None:
            response = self.send(current)
            page = page_of(json.loads(response.body) if response.body else {}, load)
            yield page
            current = self._next_page(current, page.next_link, seen)

    def batch(
        self,
        requests: Sequence[Request],
        depends_on: Mapping[int, Sequence[int]] | None = None,
    ) -> list[Response]:
        """Send ``requests`` as JSON ``$batch`` calls of up to 20; one :class:`Response` per
        request, in order. Error answers inside a batch are returned, not raised (:func:`decode`
        raises them).

        ``depends_on`` maps a request's number (its index in ``requests``) to the numbers of
        earlier requests the service must run first (``dependsOn``); requests that depend on
        each other go in the same call. Items answered 429/503/504 are sent again as
        :attr:`retry` says (``Retry-After`` honoured, bounded in count and total wait).
        """
        return self._drive(self._batch(requests, depends_on), self.send)

    def _drive(
        self,
        steps: Generator[tuple[str, Any], Any, _R],
        call: Callable[[Request], Response],
    ) -> _R:
        """Run ``steps`` (a sans-IO exchange: it yields what to send or how long to wait and
        returns its result) with ``call`` sending and :attr:`retry`'s sleep waiting."""
        reply: Any = None
        sleep = self.retry.sleep or time.sleep
        try:
            while True:
                kind, arg = steps.send(reply)
                if kind == _SEND:
                    reply = call(arg)
                else:
                    sleep(arg)
                    reply = None
        except StopIteration as stop:
            result: _R = stop.value
            return result


class AsyncSession(_SessionBase):
    """:class:`Session` for ``asyncio``: ``await send(…)``, ``async for page in pages(…)``,
    ``await batch(…)``, ``async with AsyncSession(token) as session``.

    The default transport is :class:`UrllibTransport` run in the loop's default thread
    executor (standard library only); pass ``transport=AsyncHttpxTransport(httpx.AsyncClient())``
    for httpx. A transport may be async or sync. Tokens, redirects and retries as in
    :class:`Session`; waits use ``asyncio.sleep`` unless the :class:`Retry` has a ``sleep``.
    """

    def __init__(
        self,
        token: str | None = None,
        *,
        credential: Callable[[], str] | None = None,
        base_url: str | None = None,
        transport: AsyncTransport | Transport | None = None,
        retries: int | Retry | None = None,
        timeout: float | None = None,
        max_redirects: int = 5,
    ) -> None:
        super().__init__(
            token,
            credential=credential,
            base_url=base_url,
            retries=retries,
            timeout=timeout,
            max_redirects=max_redirects,
        )
        self.transport: AsyncTransport | Transport | None = transport
        """How requests reach the service (None: urllib in a thread)."""
        self._default = UrllibTransport(self.timeout)

    async def __aenter__(self) -> AsyncSession:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Release the transport's resources (the default transport holds none)."""
        import inspect

        close: Any = getattr(self.transport, "aclose", None)
        if callable(close):
            done = close()
            if inspect.isawaitable(done):
                await done

    async def _call(self, request: Request) -> Response:
        import asyncio
        import inspect

        try:
            if self.transport is None:
                loop = asyncio.get_running_loop()
                return await loop.run_in_executor(None, self._default, request)
            answer = self.transport(request)
            if inspect.isawaitable(answer):
                return await answer
            return answer
        except OSError as err:
            raise TransportError(
                "%s %s: %s" % (request.method, request.url, err),
                method=request.method,
                url=request.url,
            ) from err

    async def _sleep(self, seconds: float) -> None:
        import asyncio
        import inspect

        waited = (self.retry.sleep or asyncio.sleep)(seconds)
        if inspect.isawaitable(waited):
            await waited

    async def send(self, request: Request) -> Response:
        """As :meth:`Session.send`, awaiting the transport and the waits."""
        return _raise_for(await self._drive(self._exchange(request), self._call))

    async def pages(
        self, request: Request, load: Callable[[Any], Any]
    ) -> AsyncIterator[Page[Any]]:
        """As :meth:`Session.pages`, an async iterator."""
        seen = {request.url}
        current: Request | None = request
        while current is not None:
            response = await self.send(current)
            page = page_of(json.loads(response.body) if response.body else {}, load)
            yield page
            current = self._next_page(current, page.next_link, seen)

    async def batch(
        self,
        requests: Sequence[Request],
        depends_on: Mapping[int, Sequence[int]] | None = None,
    ) -> list[Response]:
        """As :meth:`Session.batch`, awaiting the calls and the waits."""
        return await self._drive(self._batch(requests, depends_on), self.send)

    async def _drive(
        self,
        steps: Generator[tuple[str, Any], Any, _R],
        call: Callable[[Request], Awaitable[Response]],
    ) -> _R:
        """As :meth:`Session._drive`, awaiting ``call`` and the waits."""
        reply: Any = None
        try:
            while True:
                kind, arg = steps.send(reply)
                if kind == _SEND:
                    reply = await call(arg)
                else:
                    await self._sleep(arg)
                    reply = None
        except StopIteration as stop:
            result: _R = stop.value
            return result
