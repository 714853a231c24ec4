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
from datetime import date
from functools import cache
from typing import Any, TypeVar

from conflictcoder import model
from conflictcoder.model import Article, EventRecord

T = TypeVar("T")


def to_plain(value: Any) -> Any:
    """A JSON-ready structure: dataclasses become dicts, dates ISO strings, tuples lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [to_plain(item) for item in value]
    return value


def dumps(value: Any) -> str:
    """Canonical JSON (sorted keys, no spaces): equal records give equal bytes."""
    return json.dumps(to_plain(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(model))


def from_plain(cls: Any, data: Any) -> Any:
    """Rebuild a value of type ``cls`` (a model dataclass or any hint it uses)."""
    if data is None:
        return None
    origin = typing.get_origin(cls)
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(cls) if arg is not type(None)]
        return from_plain(options[0], data) if len(options) == 1 else data
    if origin is tuple:
        item_type = typing.get_args(cls)[0]
        return tuple(from_plain(item_type, item) for item in data)
    if origin is typing.Literal:
        return data
    if cls is date:
        return date.fromisoformat(data)
    if dataclasses.is_dataclass(cls):
        hints = _hints(cls)  # type: ignore[arg-type]
        kwargs = {
            f.name: from_plain(hints[f.name], data[f.name])
            for f in dataclasses.fields(cls)
            if f.name in data
        }
        return cls(**kwargs)
    return data


def record_to_json(record: EventRecord) -> str:
    return dumps(record)


def record_from_json(text: str) -> EventRecord:
    return typing.cast(EventRecord, from_plain(EventRecord, json.loads(text)))


def article_from_plain(data: dict[str, Any]) -> Article:
    return typing.cast(Article, from_plain(Article, data))
