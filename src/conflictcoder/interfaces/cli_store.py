"""``conflictcoder run`` and ``conflictcoder export``: thin adapters over runner and store."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from conflictcoder.interfaces.cli_args import (
    EXIT_ERROR,
    EXIT_OK,
    EXIT_USAGE,
    add_limit_options,
    apply_limit_options,
    iso_date,
    positive,
)
from conflictcoder.interfaces.output import open_output

EXPORT_FORMATS = ("acled-csv", "ucdp-csv", "geojson", "parquet", "jsonl")


def _bbox(value: str) -> tuple[float, float, float, float]:
    try:
        parts = tuple(float(p) for p in value.split(","))
    except ValueError:
        parts = ()
    if len(parts) != 4 or parts[0] > parts[2] or parts[1] > parts[3]:
        raise argparse.ArgumentTypeError(
            f"--bbox wants min_lon,min_lat,max_lon,max_lat, got {value!r}")
    return parts  # type: ignore[return-value]


def _error(message: str) -> None:
    print(f"conflictcoder: error: {message}", file=sys.stderr)


def _run(args: argparse.Namespace) -> int:
    from conflictcoder.engines import default_workers, local_mapper
    from conflictcoder.runner import Mapper, run_inputs
    from conflictcoder.store import StoreError

    apply_limit_options(args)
    mapper: Mapper | None = None
    workers = args.workers or default_workers()  # all cores unless told otherwise
    if args.engine == "local" and workers > 1:
        mapper = local_mapper(workers)  # retries an article whose worker process died
    if args.engine == "dask":
        try:
            from conflictcoder.engines import dask_mapper
        except ImportError as exc:
            _error(f"--engine dask is not available here ({exc}); use --engine local")
            return EXIT_USAGE
        mapper = dask_mapper(scheduler=args.scheduler, workers=args.workers)
    try:
        summary = run_inputs(
            args.inputs, args.db, scope=args.scope, workers=workers,
            progress=args.progress, input_format=args.input_format, published=args.published,
            mapper=mapper,
        )
    except StoreError as exc:
        _error(str(exc))
        return EXIT_ERROR
    for rejection in summary.rejections:
        print(f"conflictcoder: skipped {rejection.origin}: {rejection.reason} "
              f"[{rejection.code}]", file=sys.stderr)
    print(summary.describe(), file=sys.stderr)
    return EXIT_OK


@contextmanager
def _binary_output(target: str) -> Iterator[IO[bytes]]:
    if target == "-":
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    path = Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    try:
        with tmp.open("wb") as handle:
            yield handle
        tmp.replace(path)  # a reader never sees half a file
    finally:
        tmp.unlink(missing_ok=True)


def export_events(db: str, fmt: str, target: str, **filters: Any) -> int:
    """Write the stored events matching ``filters`` to ``target``; returns the row count."""
    from conflictcoder.export.writers import write_rows
    from conflictcoder.store import EventFilter, open_database
    from conflictcoder.store.event_rows import iter_event_rows

    conn = open_database(db, readonly=True)
    try:
        rows = iter_event_rows(conn, EventFilter(**filters))
        if fmt == "parquet":
            from conflictcoder.export.parquet import write_parquet

            with _binary_output(target) as out:
                return write_parquet(rows, out)
        with open_output(target) as text_out:
            return write_rows(rows, fmt, text_out)
    finally:
        conn.close()


def _export(args: argparse.Namespace) -> int:
    from conflictcoder.store import StoreError

    filters = {"country": args.country, "since": args.since, "until": args.until,
               "bbox": args.bbox, "event_type": args.event_type, "actor": args.actor,
               "min_fatalities": args.min_fatalities}
    try:
        count = export_events(args.db, args.format, args.output, **filters)
    except StoreError as exc:
        _error(str(exc))
        return EXIT_ERROR
    except ImportError as exc:
        _error(f"--format {args.format} needs an optional package: {exc}")
        return EXIT_USAGE
    print(f"conflictcoder: {count} events exported", file=sys.stderr)
    return EXIT_OK


def add_run_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from conflictcoder.sources.reader import INPUT_FORMATS

    p = sub.add_parser("run", help="extract, merge and store events in a database")
    p.add_argument("inputs", nargs="+", help="files, directories (recursive) or - for stdin")
    p.add_argument("--db", required=True, help="the SQLite database (created if missing)")
    p.add_argument("--engine", choices=("local", "dask"), default="local")
    p.add_argument("--scheduler", default=None, help="Dask scheduler address (--engine dask)")
    p.add_argument("--workers", type=positive, default=None,
                   help="extraction processes (local; default: all cores) or Dask workers")
    p.add_argument("--input-format", choices=INPUT_FORMATS, default="auto")
    p.add_argument("--published", type=iso_date, default=None,
                   help="publication date (YYYY-MM-DD) for inputs that carry none")
    p.add_argument("--scope", choices=("political", "all-violence"), default="political")
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="show a progress line (default: when stderr is a terminal)")
    add_limit_options(p)
    p.set_defaults(func=_run)


def add_export_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("export", help="write stored events as ACLED/UCDP CSV, GeoJSON, ...")
    p.add_argument("--db", required=True, help="the SQLite database")
    p.add_argument("--format", choices=EXPORT_FORMATS, required=True)
    p.add_argument("-o", "--output", default="-", help="output file, or - for stdout")
    p.add_argument("--country", default=None, help="country name, ISO alpha-2 or alpha-3")
    p.add_argument("--since", type=iso_date, default=None, help="first event date")
    p.add_argument("--until", type=iso_date, default=None, help="last event date")
    p.add_argument("--bbox", type=_bbox, default=None, help="min_lon,min_lat,max_lon,max_lat")
    p.add_argument("--event-type", default=None, help="event type or sub-event type")
    p.add_argument("--actor", default=None, help="part of an actor's name")
    p.add_argument("--min-fatalities", type=int, default=None)
    p.set_defaults(func=_export)
