"""Read articles from files, directories, stdin and JSONL into :class:`Article` records.

Every input that cannot be read becomes a :class:`Rejection` naming the input and
the reason; nothing here raises for bad content, so one bad file never stops a
batch. Directories are walked lazily so millions of files are never listed into
memory at once.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import IO

from conflictcoder.limits import MAX_PAGE_BYTES, current_limits, run_within_budget
from conflictcoder.model import Article, Rejection
from conflictcoder.sources.decode import DecodeError, clean_text, decode_bytes, sniff_binary
from conflictcoder.sources.page import (
    PageLimitError,
    article_from_html,
    article_from_text,
    plausible_published,
)

DEFAULT_MAX_BYTES = MAX_PAGE_BYTES  # a news page over 20 MB is not a news page
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson", ".json"})
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
INPUT_FORMATS = ("auto", "html", "text", "jsonl")
_HTML_MARKERS = ("<html", "<body", "<!doctype", "<p", "<div", "<head", "<article", "<!--",
                 "<?xml", "<title", "<meta", "<script", "<style", "<main", "<section", "<span")


def read_inputs(
    inputs: Sequence[str],
    *,
    input_format: str = "auto",
    published: date | None = None,
    max_bytes: int | None = None,
) -> Iterator[Article | Rejection]:
    """Yield an Article or a Rejection for every article in ``inputs``.

    ``published`` is the publication date to assume for inputs that carry none.
    ``max_bytes`` defaults to the page size limit (:mod:`conflictcoder.limits`).
    """
    if max_bytes is None:
        max_bytes = current_limits().max_page_bytes
    for item in inputs:
        if item == "-":
            data = sys.stdin.buffer.read(max_bytes + 1)
            yield from read_bytes(data, "<stdin>", input_format=input_format, published=published,
                                  max_bytes=max_bytes)
            continue
        path = Path(item)
        if path.is_dir():
            for file_path in iter_files(path):
                yield from read_path(
                    file_path, input_format=input_format, published=published, max_bytes=max_bytes
                )
        elif path.exists():
            yield from read_path(
                path, input_format=input_format, published=published, max_bytes=max_bytes
            )
        else:
            yield Rejection(origin=item, reason="no such file or directory", code="not-found")


def iter_files(root: Path) -> Iterator[Path]:
    """Files under ``root`` in a stable order, walked lazily, hidden entries skipped."""
    stack = [root]
    while stack:
        directory = stack.pop()
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError:
            continue
        subdirs: list[Path] = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                subdirs.append(Path(entry.path))
            elif entry.is_file():
                yield Path(entry.path)
        stack.extend(reversed(subdirs))


def read_path(
    path: Path,
    *,
    input_format: str = "auto",
    published: date | None = None,
    max_bytes: int | None = None,
) -> Iterator[Article | Rejection]:
    """The articles of one file (one, or one per line of a JSONL file), or Rejections.

    A file over ``max_bytes`` is refused from its size, without reading it.
    """
    if max_bytes is None:
        max_bytes = current_limits().max_page_bytes
    origin = str(path)
    if input_format == "auto":
        from conflictcoder.sources.warc import is_warc, read_warc

        if is_warc(path):  # before the size check: a crawl file holds many pages
            yield from read_warc(path, max_bytes=max_bytes, published=published)
            return
    try:
        size = path.stat().st_size
        if size > max_bytes:
            if _streams_as_jsonl(path, input_format):
                # A corpus, not a page: the limit applies to each of its lines.
                yield from read_jsonl_file(path, published=published, max_bytes=max_bytes)
                return
            yield Rejection(
                origin, f"file is {size:,} bytes, over the limit of {max_bytes:,} "
                "(--max-page-bytes); not read", "too-large"
            )
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Rejection(origin, f"cannot read file: {exc.strerror or exc}", "unreadable")
        return
    fmt = input_format
    if fmt == "auto":
        from conflictcoder.sources.feeds import is_feed, read_feed

        if is_feed(path):
            yield from read_feed(data, origin, published=published)
            return
        fmt = _format_from_suffix(path)
    yield from read_bytes(data, origin, input_format=fmt, published=published,
                          max_bytes=max_bytes)


def _streams_as_jsonl(path: Path, input_format: str) -> bool:
    """Whether a file over the page limit is a JSONL corpus in an ASCII-compatible encoding
    (read line by line, each line under the limit) rather than one oversized page."""
    if input_format not in ("auto", "jsonl"):
        return False
    if input_format == "auto" and path.suffix.lower() not in JSONL_SUFFIXES:
        return False
    try:
        with path.open("rb") as handle:
            head = handle.read(8192)
    except OSError:
        return False
    head = head.removeprefix(b"\xef\xbb\xbf")
    return not sniff_binary(head) and head.lstrip().startswith(b"{")


def read_jsonl_file(
    path: Path, *, published: date | None = None, max_bytes: int | None = None
) -> Iterator[Article | Rejection]:
    """A JSONL file of any size, streamed: one line in memory at a time, a line over
    ``max_bytes`` refused with its number, the rest read."""
    if max_bytes is None:
        max_bytes = current_limits().max_page_bytes
    origin = str(path)
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield Rejection(origin, f"cannot read file: {exc.strerror or exc}", "unreadable")
        return
    with handle:
        yield from read_jsonl_lines(_jsonl_lines(handle, origin, max_bytes), origin, published)


def _jsonl_lines(handle: IO[bytes], origin: str, max_bytes: int) -> Iterator[str | Rejection]:
    number = 0
    while True:
        try:
            raw = handle.readline(max_bytes + 1)
        except OSError as exc:
            number += 1
            yield Rejection(f"{origin}:{number}", f"cannot read line {number}: "
                            f"{exc.strerror or exc}", "unreadable")
            return
        if not raw:
            return
        number += 1
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):  # skip the rest of the line, unread
                raw = handle.readline(1024 * 1024)
            yield Rejection(f"{origin}:{number}", f"line {number}: over the limit of "
                            f"{max_bytes:,} bytes", "too-large")
            continue
        if number == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        yield decode_bytes(raw).rstrip("\r\n")


def _format_from_suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in TEXT_SUFFIXES:
        return "text"
    return "auto"


def _sniff_format(text: str) -> str:
    head = text.lstrip()[:2048].lower()
    if head.startswith("{"):
        return "jsonl"
    if head.startswith("<") and any(
        tag in head for tag in _HTML_MARKERS
    ):
        return "html"
    return "text"


def read_bytes(
    data: bytes,
    origin: str,
    *,
    input_format: str = "auto",
    published: date | None = None,
    max_bytes: int | None = None,
) -> Iterator[Article | Rejection]:
    """The articles in ``data`` read from ``origin``; never raises for bad content.

    Binary and compressed data are told by content, never by name; the format is
    sniffed when ``input_format`` is "auto".
    """
    if max_bytes is None:
        max_bytes = current_limits().max_page_bytes
    fmt = input_format
    if len(data) > max_bytes:
        yield Rejection(origin, f"input is over the limit of {max_bytes:,} bytes "
                        "(--max-page-bytes)", "too-large")
        return
    if not data.strip():
        yield Rejection(origin, "empty input", "empty")
        return
    binary_kind = sniff_binary(data)
    if binary_kind:
        yield Rejection(origin, f"not text: looks like {binary_kind}", "binary")
        return
    try:
        text = decode_bytes(data)
    except DecodeError as exc:
        yield Rejection(origin, str(exc), "encoding")
        return
    if fmt == "auto":
        fmt = _sniff_format(text)
    if fmt == "jsonl":
        # Only "\n" ends a JSONL line: str.splitlines would also break at U+2028 and
        # U+0085, which JSON strings may hold unescaped.
        yield from read_jsonl_lines(text.split("\n"), origin, published)
    elif fmt == "html":
        yield _article_or_rejection(
            origin,
            lambda: article_from_html(text, article_id=origin, origin=origin, published=published),
        )
    else:
        yield _article_or_rejection(
            origin,
            lambda: article_from_text(text, article_id=origin, origin=origin, published=published),
        )


def _article_or_rejection(
    origin: str, make: Callable[[], Article | None]
) -> Article | Rejection:
    """``make()`` under the time budget; whatever goes wrong becomes a Rejection."""
    try:
        article = run_within_budget(
            make, origin, seconds=current_limits().article_seconds, what="reading the page"
        )
    except PageLimitError as exc:
        return Rejection(origin, str(exc), "page-limit")
    except (Exception, RecursionError) as exc:  # a page the parser cannot handle
        return Rejection(origin, f"cannot extract text: {type(exc).__name__}: {exc}", "parse")
    if isinstance(article, Rejection):
        return article
    if article is None or not article.text.strip():
        return Rejection(origin, "no article text found", "no-text")
    return article


def read_jsonl_lines(
    lines: Iterable[str | Rejection], origin: str, published: date | None
) -> Iterator[Article | Rejection]:
    """One article per line: ``{"id", "text" | "html"}`` and optional
    ``"published"``, ``"url"``, ``"title"``, ``"source"``. A Rejection in place of a
    line (one that could not be read) is passed on."""
    seen: set[str] = set()
    for number, line in enumerate(lines, start=1):
        if isinstance(line, Rejection):
            yield line
            continue
        if not line.strip():
            continue
        where = f"{origin}:{number}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Rejection(where, f"line {number}: malformed JSON ({exc.msg})", "jsonl-malformed")
            continue
        except (ValueError, RecursionError) as exc:  # 5,000-digit numbers, [[[[...]]]]
            yield Rejection(where, f"line {number}: malformed JSON ({_short(exc)})",
                            "jsonl-malformed")
            continue
        if not isinstance(obj, dict):
            yield Rejection(where, f"line {number}: expected an object, got "
                            f"{_json_type(obj)}", "jsonl-type")
            continue
        article_id = obj.get("id")
        if article_id is None or article_id == "":
            yield Rejection(where, f'line {number}: missing "id"', "jsonl-id")
            continue
        if isinstance(article_id, bool) or not isinstance(article_id, str | int):
            yield Rejection(where, f'line {number}: "id" must be a string or an integer, got '
                            f"{_json_type(article_id)}", "jsonl-id")
            continue
        article_id = clean_text(str(article_id))[:200]
        if article_id in seen:
            yield Rejection(where, f"line {number}: duplicate id {article_id!r}", "jsonl-duplicate")
            continue
        seen.add(article_id)
        line_published = _parse_published(obj.get("published"))
        if line_published is False:
            yield Rejection(
                where,
                f'line {number}: unreadable "published" {obj.get("published")!r}',
                "jsonl-published",
            )
            continue
        when = line_published or published
        url, title, source = (_string(obj, key, 2000) for key in ("url", "title", "source"))
        html, text = obj.get("html"), obj.get("text")
        html = clean_text(html) if isinstance(html, str) else html
        text = clean_text(text) if isinstance(text, str) else text
        if isinstance(html, str) and html.strip():
            yield _article_or_rejection(
                where,
                lambda h=html, w=when, u=url, t=title, s=source, i=article_id: article_from_html(
                    h, article_id=i, origin=origin, published=w, url=u, title=t, outlet=s
                ),
            )
        elif isinstance(text, str) and text.strip():
            yield _article_or_rejection(
                where,
                lambda x=text, w=when, u=url, t=title, s=source, i=article_id: article_from_text(
                    x, article_id=i, origin=origin, published=w, url=u, title=t, outlet=s
                ),
            )
        else:
            yield Rejection(where, f'line {number}: no "text" or "html" string', "jsonl-type")


def _string(obj: dict[str, object], key: str, limit: int) -> str:
    value = obj.get(key)
    return clean_text(value)[:limit] if isinstance(value, str) else ""


def _json_type(value: object) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean",
             int: "a number", float: "a number", type(None): "null"}
    return names.get(type(value), type(value).__name__)


def _short(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    return str(exc).split(";")[0][:120]


def _parse_published(value: object) -> date | bool | None:
    """A date, None when absent, False when present but unreadable."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        return False
    try:
        return plausible_published(date.fromisoformat(value.strip()[:10])) or False
    except ValueError:
        return False
