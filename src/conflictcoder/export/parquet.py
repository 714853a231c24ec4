"""Parquet export with explicit column types (pyarrow), written in row groups.

Scalar columns keep their types (dates as date32, counts as int64, coordinates
as float64); nested values (claims, figures, provenance, toll history) are JSON
strings so any Parquet reader can open the file.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from typing import Any, BinaryIO

from conflictcoder.export.rows import ACLED_COLUMNS

_INTS = ("year", "time_precision", "inter1", "inter2", "interaction", "iso", "geo_precision",
         "fatalities", "timestamp", "where_prec", "date_prec", "type_of_violence", "deaths_a",
         "deaths_b", "deaths_civilians", "deaths_unknown", "best", "low", "high",
         "number_of_sources")
_FLOATS = ("latitude", "longitude")
_DATES = ("event_date", "date_start", "date_end", "published")
_JSON = ("claims", "figures", "provenance", "toll_history", "record_ids", "article_ids")
EXTRA_COLUMNS = ("event_uid", "status", "date_start", "date_end", "date_prec", "where_prec",
                 "type_of_violence", "deaths_a", "deaths_b", "deaths_civilians",
                 "deaths_unknown", "best", "low", "high", "number_of_sources", "url", "title",
                 "published", *_JSON)
PARQUET_COLUMNS: tuple[str, ...] = tuple(dict.fromkeys((*ACLED_COLUMNS, *EXTRA_COLUMNS)))


def parquet_schema() -> Any:
    import pyarrow as pa

    def kind(name: str) -> Any:
        if name in _INTS:
            return pa.int64()
        if name in _FLOATS:
            return pa.float64()
        if name in _DATES:
            return pa.date32()
        return pa.string()

    return pa.schema([pa.field(name, kind(name)) for name in PARQUET_COLUMNS])


def _value(name: str, value: Any) -> Any:
    if value in ("", None):
        return None if name not in _JSON else "[]"
    if name in _JSON:
        return json.dumps(value, ensure_ascii=False, default=str)
    if name in _DATES:
        return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    if name in _INTS:
        return int(value)
    if name in _FLOATS:
        return float(value)
    return str(value)


def write_parquet(rows: Iterable[dict[str, Any]], out: BinaryIO, *,
                  row_group: int = 10_000) -> int:
    """Write rows to ``out`` (a binary file); returns the number of rows."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema()
    count = 0
    with pq.ParquetWriter(out, schema, compression="zstd") as writer:
        batch: list[dict[str, Any]] = []

        def flush() -> None:
            columns = {name: [_value(name, row.get(name)) for row in batch]
                       for name in PARQUET_COLUMNS}
            writer.write_table(pa.Table.from_pydict(columns, schema=schema))

        for row in rows:
            batch.append(row)
            count += 1
            if len(batch) >= row_group:
                flush()
                batch = []
        if batch or count == 0:
            flush()
    return count
