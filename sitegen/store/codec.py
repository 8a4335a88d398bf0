"""A safe, compact encoding of the frozen dataclasses kept in the store.

A value is JSON in a positional form driven by the dataclass field types,
never by the data: a dataclass is the list of its field values in field
order, a tuple or list a JSON array, a mapping a JSON object, a ``datetime``
``[year, month, day, hour, minute, second, microsecond, fold, zone]`` (zone:
an IANA key, an offset in seconds, or null).  Long text fields named in
``texts`` (rendered HTML) are kept after the JSON, past a NUL byte, as
plain UTF-8, the JSON holding their length in bytes: decoding them is a
slice, not a JSON string scan (loading 10,000 entries ~2× faster).  Decoding builds only the
classes named in the type being decoded — an explicit allowlist, fixed in
code; the bytes never name a class — and never calls anything else: JSON
in, plain data and those dataclasses out.  Bytes that do not fit the type
raise ``ValueError`` (the store then treats the value as missing).

``Codec(T).schema`` spells out every class and field the encoding depends
on; it is part of each cached value's version, so changing a field list
invalidates what was kept.
"""

from __future__ import annotations

import dataclasses
import enum
import json
import threading
import types
import typing
from datetime import datetime
from types import MappingProxyType
from typing import Any, Callable

from sitegen.store.codecvalues import (
    array, as_float, decode_datetime, encode_datetime, field_getter, is_mapping, json_object, plain, plain_str,
    read_only, same)

_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False).encode
_loads = json.loads


class Codec:
    """Encoder and decoder for values of type ``kind`` (a dataclass, or a
    ``tuple[...]`` / ``Mapping[...]`` / ``X | None`` of allowed types);
    ``allowed`` are the dataclasses it may build; ``enums`` maps (dataclass,
    field name) to the ``enum.Enum`` a field declared ``str`` holds (kept
    as its value, decoded as that member).  Any other enum member found in
    a ``str`` field is refused when encoding, so it cannot come back as a
    plain string."""

    def __init__(self, kind: Any, allowed: tuple[type, ...], enums: dict[tuple[type, str], type] | None = None,
                 texts: tuple[tuple[type, str], ...] = ()):
        self.allowed = allowed
        self.enums = dict(enums or {})
        self.texts = frozenset(texts)
        self._state = threading.local()
        self._schemas: dict[type, str] = {}
        self._enc: dict[type, Callable] = {}
        self._dec: dict[type, Callable] = {}
        self._encode, self._decode, root = self._build(kind)
        self.schema = "; ".join([root, *(self._schemas[c] for c in sorted(self._schemas, key=lambda c: c.__qualname__))])

    def encode(self, value) -> bytes:
        """``value`` as UTF-8 JSON bytes (and the text fields after a NUL)."""
        state = self._state
        state.parts = []
        try:
            head = _dumps(self._encode(value)).encode("utf-8")
            return head + b"\0" + b"".join(state.parts) if state.parts else head
        finally:
            state.parts = None

    def decode(self, data: bytes):
        """The value ``encode`` made ``data`` from; raises ``ValueError`` when
        ``data`` does not fit the type."""
        state = self._state
        cut = data.find(b"\0")
        state.tail, state.at = (memoryview(data)[cut + 1:], 0) if cut >= 0 else (memoryview(b""), 0)
        try:
            value = self._decode(_loads(data[:cut] if cut >= 0 else data))
            if state.at != len(state.tail):
                raise ValueError("text left over")
            return value
        except (TypeError, KeyError, IndexError, AttributeError, OverflowError, RecursionError) as exc:
            raise ValueError(f"does not fit the type: {exc}") from None
        finally:
            state.tail = None

    def _text(self) -> tuple[Callable, Callable, str]:
        """(encode, decode, schema) of a text field kept after the JSON."""
        state = self._state

        def encode(value):
            if type(value) is not str:
                raise TypeError("expected a str")
            data = value.encode("utf-8")
            state.parts.append(data)
            return len(data)

        def decode(size):
            if type(size) is not int or size < 0:
                raise ValueError("not a text length")
            start = state.at
            end = start + size
            if end > len(state.tail):
                raise ValueError("text cut off")
            state.at = end
            return str(state.tail[start:end], "utf-8")
        return encode, decode, "text"

    # --- building the encoder and decoder of a type --------------------------------------------

    def _build(self, kind) -> tuple[Callable, Callable, str]:
        """(encode, decode, schema text) of ``kind``; ``same`` marks plain JSON."""
        origin, args = typing.get_origin(kind), typing.get_args(kind)
        if kind in (str, int, bool):  # as JSON gave them: the checksum vouches for the shape
            return same, same, kind.__name__
        if kind is float:
            return same, as_float, "float"
        if kind is Any:
            return same, plain, "any"
        if kind is datetime:
            return encode_datetime, decode_datetime, "datetime"
        if origin in (typing.Union, types.UnionType):
            rest = [a for a in args if a is not type(None)]
            if len(rest) != 1 or len(args) != 2:
                raise TypeError(f"unsupported union {kind}")
            enc, dec, text = self._build(rest[0])
            return ((lambda v: None if v is None else enc(v)),
                    (lambda v: None if v is None else dec(v)), f"{text}|None")
        if origin is tuple:
            if len(args) == 2 and args[1] is Ellipsis:
                enc, dec, text = self._build(args[0])
                if enc is same and dec is same:
                    return list, tuple, f"tuple[{text},...]"
                return ((lambda v: [enc(x) for x in v]), (lambda v: tuple(map(dec, array(v)))),
                        f"tuple[{text},...]")
            parts = [self._build(a) for a in args]
            encs, decs = [p[0] for p in parts], [p[1] for p in parts]
            size = len(parts)
            if all(e is same and d is same for e, d in zip(encs, decs)):
                def decode_plain(v):
                    if len(array(v)) != size:
                        raise ValueError("wrong length")
                    return tuple(v)
                return list, decode_plain, f"tuple[{','.join(p[2] for p in parts)}]"

            def decode_fixed(v):
                if len(array(v)) != size:
                    raise ValueError("wrong length")
                return tuple(d(x) for d, x in zip(decs, v))
            return ((lambda v: [e(x) for e, x in zip(encs, v)]), decode_fixed,
                    f"tuple[{','.join(p[2] for p in parts)}]")
        if origin in (typing.Mapping, dict) or (origin is not None and is_mapping(origin)):
            key, value = args
            if key is not str:
                raise TypeError(f"unsupported mapping key {key}")
            enc, dec, text = self._build(value)
            if enc is same and dec in (same, plain):
                return dict, json_object, f"map[{text}]"
            return ((lambda v: {k: enc(x) for k, x in v.items()}),
                    (lambda v: {k: dec(x) for k, x in json_object(v).items()}), f"map[{text}]")
        if dataclasses.is_dataclass(kind) and isinstance(kind, type):
            if kind not in self.allowed:
                raise TypeError(f"{kind.__qualname__} is not in the allowlist")
            return self._dataclass(kind)
        raise TypeError(f"unsupported type {kind!r}")

    def _dataclass(self, cls: type) -> tuple[Callable, Callable, str]:
        if cls in self._dec:
            return self._enc[cls], self._dec[cls], cls.__qualname__
        self._schemas[cls] = f"{cls.__module__}.{cls.__qualname__}(pending)"
        self._enc[cls] = lambda v: self._enc[cls](v)  # recursive types resolve through the tables
        self._dec[cls] = lambda v: self._dec[cls](v)
        hints = typing.get_type_hints(cls)
        fields = dataclasses.fields(cls)
        names = tuple(f.name for f in fields)
        parts = [self._enum(self.enums[(cls, f.name)]) if (cls, f.name) in self.enums
                 else self._text() if (cls, f.name) in self.texts else self._build(hints[f.name])
                 for f in fields]
        proxies = tuple(read_only(f) for f in fields)
        texts = [f"{f.name}:{text}{'(read-only)' if proxy else ''}" for f, (_, _, text), proxy in zip(fields, parts, proxies)]
        self._schemas[cls] = f"{cls.__module__}.{cls.__qualname__}({','.join(texts)})"
        encs = [plain_str if p[0] is same and hints[f.name] is str else p[0] for f, p in zip(fields, parts)]
        decs = [None if p[1] is same else p[1] for p in parts]
        for index, proxy in enumerate(proxies):
            if proxy:
                inner = decs[index] or json_object
                decs[index] = lambda v, inner=inner: MappingProxyType(inner(v))
        size, new, getter = len(names), object.__new__, field_getter(names)
        plain_enc = all(e is same for e in encs)

        def encode(value):
            if type(value) is not cls:
                raise TypeError(f"expected {cls.__qualname__}, got {type(value).__qualname__}")
            values = getter(value)
            return list(values) if plain_enc else [e(x) for e, x in zip(encs, values)]

        if all(d is None for d in decs):
            def decode(v):
                if type(v) is not list or len(v) != size:
                    raise ValueError(f"not a {cls.__qualname__}")
                obj = new(cls)
                obj.__dict__.update(zip(names, v))
                return obj
        else:
            steps = tuple((index, dec) for index, dec in enumerate(decs) if dec is not None)

            def decode(v):
                if type(v) is not list or len(v) != size:
                    raise ValueError(f"not a {cls.__qualname__}")
                for index, dec in steps:
                    v[index] = dec(v[index])
                obj = new(cls)
                obj.__dict__.update(zip(names, v))
                return obj
        self._enc[cls], self._dec[cls] = encode, decode
        return encode, decode, cls.__qualname__


    def _enum(self, kind: type) -> tuple[Callable, Callable, str]:
        if not (isinstance(kind, type) and issubclass(kind, enum.Enum)):
            raise TypeError(f"{kind!r} is not an enum")
        members = {m.value: m for m in kind}

        def encode(value):
            if type(value) is not kind:
                value = kind(value)
            return value.value

        def decode(value):
            try:
                return members[value]
            except (KeyError, TypeError):
                raise ValueError(f"not a {kind.__qualname__}") from None
        return encode, decode, f"{kind.__qualname__}{sorted(members)}"
