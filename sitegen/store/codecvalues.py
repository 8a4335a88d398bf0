"""The value helpers of ``codec``: checks of decoded JSON shapes, and the
encoding of ``datetime`` with its time zone.  Each decoder raises
``ValueError`` for bytes that do not fit (the store then treats the value
as missing); each encoder ``TypeError`` for a value it cannot keep.

Split from ``codec``, their only user.
"""

from __future__ import annotations

import dataclasses
import enum
import re
from datetime import datetime, timedelta, timezone
from types import MappingProxyType
from zoneinfo import ZoneInfo

_ZONE_KEY = re.compile(r"^[A-Za-z0-9_+\-]+(/[A-Za-z0-9_+\-]+)*$")


def same(value):
    """``value`` as it is: a field that JSON keeps as it is (str, int, bool)."""
    return value


def plain_str(value):
    """A ``str`` field's value; an enum member there would come back as a
    plain string, so it is refused (declare it in ``Codec(enums=...)``)."""
    if type(value) is not str and isinstance(value, enum.Enum):
        raise TypeError(f"enum member {value!r} in a str field")
    return value


def field_getter(names: tuple[str, ...]):
    """A function from a dataclass instance to the tuple of its ``names`` values."""
    import operator
    get = operator.attrgetter(*names)
    return get if len(names) > 1 else (lambda v: (get(v),))


def as_float(value) -> float:
    """A decoded JSON number as ``float``; ``ValueError`` for anything else."""
    if type(value) not in (int, float):
        raise ValueError("not a number")
    return float(value)


def plain(value):
    """A plain JSON value (str, number, bool, None, list, dict) as it is."""
    return value


def array(value) -> list:
    """A decoded JSON array as it is; ``ValueError`` for anything else."""
    if type(value) is not list:
        raise ValueError("not an array")
    return value


def json_object(value) -> dict:
    """A decoded JSON object as it is; ``ValueError`` for anything else."""
    if type(value) is not dict:
        raise ValueError("not an object")
    return value


def is_mapping(origin) -> bool:
    """True when the type ``origin`` is a ``collections.abc.Mapping``."""
    import collections.abc
    return isinstance(origin, type) and issubclass(origin, collections.abc.Mapping)


def read_only(field: dataclasses.Field) -> bool:
    """True for a mapping field whose default is a ``MappingProxyType`` (decoded as one)."""
    factory = field.default_factory
    return factory is not dataclasses.MISSING and isinstance(factory(), MappingProxyType)


_zones: dict[str, ZoneInfo] = {}


def encode_datetime(value: datetime) -> list:
    """``[year, month, day, hour, minute, second, microsecond, fold, zone]``;
    ``TypeError`` for a zone that is neither an IANA key nor a fixed offset."""
    if type(value) is not datetime:
        raise TypeError("expected a datetime")
    zone = value.tzinfo
    if zone is None:
        where = None
    elif isinstance(zone, ZoneInfo) and zone.key and _ZONE_KEY.match(zone.key):
        where = zone.key
    elif isinstance(zone, timezone):
        where = int(zone.utcoffset(None).total_seconds())
    else:
        raise TypeError(f"unsupported time zone {zone!r}")
    return [value.year, value.month, value.day, value.hour, value.minute, value.second, value.microsecond,
            value.fold, where]


def decode_datetime(value) -> datetime:
    """The ``datetime`` ``encode_datetime`` wrote; ``ValueError``/``TypeError`` for anything else."""
    if type(value) is not list or len(value) != 9:
        raise ValueError("not a datetime")
    *parts, fold, where = value
    zone = _zones.get(where) if type(where) is str else None
    if zone is None and where is not None:
        zone = _zone(where)
    return datetime(*parts, tzinfo=zone, fold=fold)  # TypeError/ValueError for anything but valid numbers


def _zone(where) -> ZoneInfo | timezone:
    """The time zone ``encode_datetime`` wrote as ``where``."""
    if type(where) is int:
        return timezone(timedelta(seconds=where))
    if type(where) is not str or not _ZONE_KEY.match(where) or ".." in where:
        raise ValueError("not a time zone")
    try:
        zone = ZoneInfo(where)
    except (ValueError, OSError, KeyError):  # ZoneInfoNotFoundError is a KeyError
        raise ValueError(f"unknown time zone {where}") from None
    _zones[where] = zone
    return zone
