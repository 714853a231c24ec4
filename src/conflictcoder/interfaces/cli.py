"""The command line: thin adapters over library calls (contract in DESIGN.md)."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from conflictcoder.export.rows import record_row
from conflictcoder.export.writers import WRITERS, write_rows
from conflictcoder.interfaces import cli_serve, cli_store, cli_watch
from conflictcoder.interfaces.cli_args import (
    EXIT_OK,
    EXIT_USAGE,
    add_limit_options,
    apply_limit_options,
    iso_date,
)
from conflictcoder.interfaces.output import open_output
from conflictcoder.model import Article, Rejection
from conflictcoder.sources.reader import INPUT_FORMATS, read_inputs

log = logging.getLogger("conflictcoder")



def report_rejection(rejection: Rejection) -> None:
    print(
        f"conflictcoder: skipped {rejection.origin}: {rejection.reason} [{rejection.code}]",
        file=sys.stderr,
    )


def _extract(args: argparse.Namespace) -> int:
    from conflictcoder.engines import read_ahead
    from conflictcoder.limits import extract_within_budget
    from conflictcoder.pipeline import default_resources

    apply_limit_options(args)
    resources = default_resources()
    counts = {"articles": 0, "rejected": 0, "events": 0}

    def rows() -> Iterator[dict[str, object]]:
        items = read_inputs(args.inputs, input_format=args.input_format, published=args.published)
        # A few pages read, then coded: cheaper than page by page (see read_ahead).
        for item in (item for batch in read_ahead(items) for item in batch):
            if isinstance(item, Rejection):
                counts["rejected"] += 1
                report_rejection(item)
                continue
            counts["articles"] += 1
            try:
                result = extract_within_budget(item, resources, scope=args.scope)
            except Exception as exc:  # one bad article never stops the batch
                result = Rejection(item.origin or item.id,
                                   f"extraction failed: {type(exc).__name__}: {exc}",
                                   "extract-error")
            if isinstance(result, Rejection):  # failed, or over its time or size budget
                counts["rejected"] += 1
                report_rejection(result)
                continue
            for record in result.records:
                counts["events"] += 1
                yield record_row(record, item)

    with open_output(args.output) as out:
        write_rows(rows(), args.format, out)
    print(
        f"conflictcoder: {counts['articles']} articles read, {counts['rejected']} skipped, "
        f"{counts['events']} events",
        file=sys.stderr,
    )
    return EXIT_OK


def _evaluate(args: argparse.Namespace) -> int:
    from conflictcoder.evaluation import KINDS, print_scores

    try:
        evaluate = KINDS[args.kind]
    except KeyError:
        print(
            f"conflictcoder: unknown --kind {args.kind!r}; choose one of {', '.join(KINDS)}",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if not Path(args.gold).exists():
        print(f"conflictcoder: no such gold file: {args.gold}", file=sys.stderr)
        return EXIT_USAGE
    scores = evaluate(args.gold, args.limit)
    print_scores(args.kind, args.gold, scores)
    return EXIT_OK


def _demo(args: argparse.Namespace) -> int:
    from conflictcoder.demo import run_demo

    return run_demo(args.format)


def _add_extract(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("extract", help="extract events from articles without storing them")
    p.add_argument("inputs", nargs="+", help="files, directories (recursive) or - for stdin")
    p.add_argument("--input-format", choices=INPUT_FORMATS, default="auto")
    p.add_argument(
        "--published",
        type=iso_date,
        default=None,
        help="publication date (YYYY-MM-DD) for inputs that carry none",
    )
    p.add_argument(
        "--scope",
        choices=("political", "all-violence"),
        default="political",
        help="political: what ACLED/UCDP code; all-violence: criminal violence too",
    )
    p.add_argument("--format", choices=tuple(WRITERS), default="jsonl")
    p.add_argument("-o", "--output", default="-", help="output file, or - for stdout")
    add_limit_options(p)
    p.set_defaults(func=_extract)


def _add_evaluate(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("evaluate", help="per-field scores against human-coded data")
    p.add_argument("gold", help="a gold file from ../shared/gold/")
    p.add_argument("--kind", required=True, help="acled-notes, satp, gva or ucdp")
    p.add_argument("--limit", type=int, default=None, help="score only the first N rows")
    p.set_defaults(func=_evaluate)


def _add_demo(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("demo", help="run on the bundled sample articles and print a table")
    p.add_argument("--format", choices=("table", "jsonl"), default="table")
    p.set_defaults(func=_demo)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="conflictcoder",
        description="News reports of political violence in; ACLED/UCDP-style events out.",
    )
    parser.add_argument("-v", "--verbose", action="store_true")
    sub = parser.add_subparsers(dest="command", required=True)
    _add_extract(sub)
    _add_evaluate(sub)
    _add_demo(sub)
    cli_store.add_run_parser(sub)
    cli_store.add_export_parser(sub)
    cli_serve.add_serve_parser(sub)
    cli_watch.add_watch_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        return int(args.func(args))
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        return 130


__all__ = ["Article", "build_parser", "main"]
