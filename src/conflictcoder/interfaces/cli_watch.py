"""``conflictcoder watch FEEDS --db PATH --every 15m``: a thin adapter over :mod:`watch`."""

from __future__ import annotations

import argparse
import sys

from conflictcoder.interfaces.cli_args import (
    EXIT_ERROR,
    EXIT_OK,
    add_limit_options,
    apply_limit_options,
    iso_date,
    positive,
)


def _interval(value: str) -> float:
    from conflictcoder.watch import parse_interval

    try:
        return parse_interval(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _watch(args: argparse.Namespace) -> int:
    from conflictcoder.sources.feeds import UrlFetcher
    from conflictcoder.store import StoreError
    from conflictcoder.watch import watch

    apply_limit_options(args)

    def report(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    try:
        watch(
            args.feeds, args.db, every=args.every, rounds=1 if args.once else args.rounds,
            fetcher=UrlFetcher(timeout=args.timeout), scope=args.scope, workers=args.workers,
            published=args.published, report=report,
        )
    except StoreError as exc:
        print(f"conflictcoder: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    return EXIT_OK


def add_watch_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("watch", help="poll RSS/Atom feeds, code new items, store them")
    p.add_argument("feeds", nargs="+", help="feed URLs or files (RSS or Atom)")
    p.add_argument("--db", required=True, help="the SQLite database (created if missing)")
    p.add_argument("--every", type=_interval, default=900.0,
                   help="time between polls: 90s, 15m, 1h (default 15m)")
    p.add_argument("--once", action="store_true", help="poll once and exit")
    p.add_argument("--rounds", type=positive, default=None, help="stop after N polls")
    p.add_argument("--timeout", type=float, default=15.0, help="seconds per fetch (default 15)")
    p.add_argument("--workers", type=positive, default=1, help="extraction processes")
    p.add_argument("--scope", choices=("political", "all-violence"), default="political")
    p.add_argument("--published", type=iso_date, default=None,
                   help="publication date (YYYY-MM-DD) for items that carry none")
    add_limit_options(p)
    p.set_defaults(func=_watch)
