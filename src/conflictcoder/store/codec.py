"""Model records to JSON and back, so the store can rebuild every record it holds.

The decoder is driven by the dataclasses' type hints, so a field the lead adds to
the model (with a default) needs no change here: old blobs decode with the
default, and keys the model no longer has are ignored.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from collections.abc import Callable
from datetime import date
from functools import cache
from typing import Any

from conflictcoder import model
from conflictcoder.model import Article, EventRecord


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def to_plain(value: Any) -> Any:
    """A JSON-ready structure: dataclasses become dicts, dates ISO strings, tuples lists."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is tuple or kind is list:
        return [item if type(item) in _SCALARS else to_plain(item) for item in value]
    if kind is date:
        return value.isoformat()
    if dataclasses.is_dataclass(value):
        # Scalars are taken as they are, without a call each: most fields are scalars.
        plain = {}
        for name in _field_names(kind):
            field = getattr(value, name)
            plain[name] = field if type(field) in _SCALARS else to_plain(field)
        return plain
    return value


_SCALARS = frozenset({str, int, float, bool, type(None)})


def dumps(value: Any) -> str:
    """Canonical JSON (sorted keys, no spaces): equal records give equal bytes."""
    return json.dumps(to_plain(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


Decoder = Callable[[Any], Any]


@cache
def decoder(hint: Any) -> Decoder:
    """A function that rebuilds a value of type ``hint`` from plain JSON data (built once)."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        if len(options) != 1:
            return _identity
        inner = decoder(options[0])
        if inner is _identity:
            return _identity
        return lambda data: None if data is None else inner(data)
    if origin is tuple:
        item = decoder(typing.get_args(hint)[0])
        return lambda data: tuple(item(x) for x in data)
    if hint is date:
        return lambda data: None if data is None else date.fromisoformat(data)
    if dataclasses.is_dataclass(hint):
        hints = typing.get_type_hints(hint, vars(model))
        fields = [(name, decoder(hints[name])) for name in _field_names(hint)]  # type: ignore[arg-type]
        # Plain fields (str, int, ...) are copied as they are: the API decodes thousands of
        # events per map, and a call per field is most of that cost.
        plain = frozenset(name for name, decode in fields if decode is _identity)
        nested = [(name, decode) for name, decode in fields if decode is not _identity]

        def build(data: Any) -> Any:
            if data is None:
                return None
            kwargs = {name: value for name, value in data.items() if name in plain}
            for name, decode in nested:
                if name in data:
                    kwargs[name] = decode(data[name])
            return hint(**kwargs)

        return build
    return _identity


def _identity(data: Any) -> Any:
    return data


def from_plain(cls: Any, data: Any) -> Any:
    """Rebuild a value of type ``cls`` (a model dataclass or any hint it uses)."""
    return decoder(cls)(data)


def record_to_json(record: EventRecord) -> str:
    return dumps(record)


def record_from_json(text: str) -> EventRecord:
    return typing.cast(EventRecord, from_plain(EventRecord, json.loads(text)))


def article_from_plain(data: dict[str, Any]) -> Article:
    return typing.cast(Article, from_plain(Article, data))
