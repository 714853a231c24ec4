"""``conflictcoder run`` and ``conflictcoder export``: thin adapters over runner and store."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import IO, Any

from conflictcoder.interfaces.output import open_output

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXPORT_FORMATS = ("acled-csv", "ucdp-csv", "geojson", "parquet", "jsonl")


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def _bbox(value: str) -> tuple[float, float, float, float]:
    try:
        parts = tuple(float(p) for p in value.split(","))
    except ValueError:
        parts = ()
    if len(parts) != 4 or parts[0] > parts[2] or parts[1] > parts[3]:
        raise argparse.ArgumentTypeError(
            f"--bbox wants min_lon,min_lat,max_lon,max_lat, got {value!r}")
    return parts  # type: ignore[return-value]


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number


def _size(value: str) -> int:
    from conflictcoder.limits import parse_size

    try:
        size = parse_size(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    if size < 1:
        raise argparse.ArgumentTypeError("must be at least 1 byte")
    return size


def _count(value: str) -> int:
    try:
        number = int(value.replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return number


def _seconds(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {value!r}") from None
    if not number >= 0 or number == float("inf"):
        raise argparse.ArgumentTypeError("must be 0 or more seconds")
    return number


def add_limit_options(p: argparse.ArgumentParser) -> None:
    """--max-page-bytes, --max-text-chars, --article-seconds (shared by extract, run, watch)."""
    from conflictcoder.limits import ARTICLE_SECONDS, MAX_PAGE_BYTES, MAX_TEXT_CHARS

    group = p.add_argument_group(
        "limits", "guards against hostile input (also set by the CONFLICTCODER_MAX_PAGE_BYTES, "
        "CONFLICTCODER_MAX_TEXT_CHARS and CONFLICTCODER_ARTICLE_SECONDS environment variables; "
        "a flag wins)")
    group.add_argument(
        "--max-page-bytes", type=_size, default=None, metavar="SIZE",
        help=f"refuse a page, feed or file larger than this, unread: bytes or 512K, 20MB, 1GB "
             f"(default {MAX_PAGE_BYTES // 1024**2}MB; a JSONL file or WARC is checked per "
             "article)")
    group.add_argument(
        "--max-text-chars", type=_count, default=None, metavar="N",
        help=f"code only the first N characters of an article's text, cut at a paragraph or "
             f"sentence end (default {MAX_TEXT_CHARS:,}; 0: no cap)")
    group.add_argument(
        "--article-seconds", type=_seconds, default=None, metavar="S",
        help=f"time budget for reading one page and for coding one article; an article over "
             f"it is skipped with a reason (default {ARTICLE_SECONDS:g}; 0: no budget)")


def apply_limit_options(args: argparse.Namespace) -> None:
    """Put the limit flags in force for this process and its worker processes."""
    from conflictcoder.limits import set_limits

    set_limits(max_page_bytes=args.max_page_bytes, max_text_chars=args.max_text_chars,
               article_seconds=args.article_seconds)


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
    p.add_argument("--workers", type=_positive, default=None,
                   help="extraction processes (local; default: all cores) or Dask workers")
    p.add_argument("--input-format", choices=INPUT_FORMATS, default="auto")
    p.add_argument("--published", type=_iso_date, default=None,
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
    p.add_argument("--since", type=_iso_date, default=None, help="first event date")
    p.add_argument("--until", type=_iso_date, default=None, help="last event date")
    p.add_argument("--bbox", type=_bbox, default=None, help="min_lon,min_lat,max_lon,max_lat")
    p.add_argument("--event-type", default=None, help="event type or sub-event type")
    p.add_argument("--actor", default=None, help="part of an actor's name")
    p.add_argument("--min-fatalities", type=int, default=None)
    p.set_defaults(func=_export)
