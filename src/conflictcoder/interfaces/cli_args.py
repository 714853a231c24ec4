"""What the subcommands share: exit codes, argument types and the limit options."""

from __future__ import annotations

import argparse
from datetime import date

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2


def iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number


def size(value: str) -> int:
    from conflictcoder.limits import parse_size

    try:
        size = parse_size(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    if size < 1:
        raise argparse.ArgumentTypeError("must be at least 1 byte")
    return size


def count(value: str) -> int:
    try:
        number = int(value.replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return number


def seconds(value: str) -> float:
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
        "--max-page-bytes", type=size, default=None, metavar="SIZE",
        help=f"refuse a page, feed or file larger than this, unread: bytes or 512K, 20MB, 1GB "
             f"(default {MAX_PAGE_BYTES // 1024**2}MB; a JSONL file or WARC is checked per "
             "article)")
    group.add_argument(
        "--max-text-chars", type=count, default=None, metavar="N",
        help=f"code only the first N characters of an article's text, cut at a paragraph or "
             f"sentence end (default {MAX_TEXT_CHARS:,}; 0: no cap)")
    group.add_argument(
        "--article-seconds", type=seconds, default=None, metavar="S",
        help=f"time budget for reading one page and for coding one article; an article over "
             f"it is skipped with a reason (default {ARTICLE_SECONDS:g}; 0: no budget)")


def apply_limit_options(args: argparse.Namespace) -> None:
    """Put the limit flags in force for this process and its worker processes."""
    from conflictcoder.limits import set_limits

    set_limits(max_page_bytes=args.max_page_bytes, max_text_chars=args.max_text_chars,
               article_seconds=args.article_seconds)
