"""Writers for flat rows: JSONL, ACLED CSV, UCDP CSV and GeoJSON, registered by name."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable
from typing import Any, TextIO

from conflictcoder.export.rows import ACLED_COLUMNS, UCDP_COLUMNS, acled_row, ucdp_row

Row = dict[str, Any]


def write_jsonl(rows: Iterable[Row], out: TextIO) -> int:
    count = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        count += 1
    return count


def _write_csv(rows: Iterable[Row], out: TextIO, columns: tuple[str, ...],
               convert: Callable[[Row], Row]) -> int:
    # CRLF line ends (RFC 4180) so a lone CR inside a value is quoted, not a row break.
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\r\n")
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow(convert(row))
        count += 1
    return count


def write_acled_csv(rows: Iterable[Row], out: TextIO) -> int:
    return _write_csv(rows, out, ACLED_COLUMNS, acled_row)


def write_ucdp_csv(rows: Iterable[Row], out: TextIO) -> int:
    return _write_csv(rows, out, UCDP_COLUMNS, ucdp_row)


GEOJSON_DROP = frozenset({"latitude", "longitude", "figures", "provenance"})


def geojson_feature(row: Row) -> dict[str, Any] | None:
    lat, lon = row.get("latitude"), row.get("longitude")
    if lat is None or lon is None or lat == "" or lon == "":
        return None
    properties = {k: v for k, v in row.items() if k not in GEOJSON_DROP}
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [float(lon), float(lat)]},
        "properties": properties,
    }


def write_geojson(rows: Iterable[Row], out: TextIO) -> int:
    """A FeatureCollection streamed feature by feature; rows without coordinates are left out."""
    out.write('{"type": "FeatureCollection", "features": [')
    count = 0
    for row in rows:
        feature = geojson_feature(row)
        if feature is None:
            continue
        out.write(
            ("," if count else "") + "\n" + json.dumps(feature, ensure_ascii=False, default=str)
        )
        count += 1
    out.write("\n]}\n")
    return count


WRITERS: dict[str, Callable[[Iterable[Row], TextIO], int]] = {
    "jsonl": write_jsonl,
    "acled-csv": write_acled_csv,
    "ucdp-csv": write_ucdp_csv,
    "geojson": write_geojson,
}


def write_rows(rows: Iterable[Row], fmt: str, out: TextIO) -> int:
    """Write ``rows`` in format ``fmt``; returns the number of rows written."""
    try:
        writer = WRITERS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(WRITERS)}") from None
    return writer(rows, out)
