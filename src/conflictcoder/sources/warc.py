"""Read news pages out of WARC files (web crawls such as Common Crawl's CC-NEWS).

Records are read one at a time from the stream (plain or gzip-per-record), so a
crawl file of any size uses memory bounded by one record (``max_bytes``). Only
successful HTML responses become articles; requests, metadata, images, feeds and
redirects are skipped silently because a crawl is mostly those. A truncated or
corrupt file yields a :class:`Rejection` for the damaged record and ends that file;
the records before it are kept.

Reading is split in two steps so an engine can run the costly one in its workers:
:func:`iter_warc_pages` only slices records out of the file (cheap, sequential),
and :meth:`WarcPage.load` extracts the article text with trafilatura.
"""

from __future__ import annotations

import codecs
import gzip
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from conflictcoder.limits import MAX_PAGE_BYTES, current_limits
from conflictcoder.model import Article, Rejection
from conflictcoder.sources.decode import DecodeError, decode_bytes, sniff_binary
from conflictcoder.sources.page import article_from_html

DEFAULT_MAX_BYTES = MAX_PAGE_BYTES  # per record; the limit in force is current_limits()'s
WARC_SUFFIXES = (".warc", ".warc.gz")
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_TEXT_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml", ".txt", ".text", ".md",
                            ".jsonl", ".ndjson", ".json", ".xml", ".rss", ".atom", ".csv"})


@dataclass(frozen=True, slots=True)
class WarcPage:
    """One HTML response sliced out of a WARC file, not yet parsed."""

    url: str
    origin: str  # the WARC file the record came from
    body: bytes
    charset: str = ""  # from the HTTP Content-Type header, when it names one
    crawled: date | None = None  # WARC-Date: the fallback publication date
    published: date | None = None  # the caller's default, used when WARC-Date is absent

    def load(self) -> Article | Rejection:
        """Extract the article (text, title, metadata) from the page."""
        where = self.url or self.origin
        text = _decode(self.body, self.charset)
        if text is None:
            return Rejection(where, "page bytes are not text in any known encoding", "encoding")
        try:
            article = article_from_html(
                text,
                article_id=self.url or where,
                origin=self.origin,
                published=self.crawled or self.published,
                url=self.url,
            )
        except Exception as exc:  # one page the parser cannot handle never stops a crawl
            return Rejection(where, f"cannot extract text: {type(exc).__name__}: {exc}", "parse")
        if article is None or not article.text.strip():
            return Rejection(where, "no article text found", "no-text")
        return article


def is_warc(path: Path) -> bool:
    """True when ``path`` is a WARC file, by name or by its first bytes."""
    name = path.name.lower()
    if name.endswith(WARC_SUFFIXES):
        return True
    if path.suffix.lower() in _TEXT_SUFFIXES:
        return False  # named as a page or text: do not open millions of files to sniff
    try:
        with path.open("rb") as handle:
            head = handle.read(64)
            if head.startswith(b"\x1f\x8b"):
                handle.seek(0)
                with gzip.GzipFile(fileobj=handle) as unzipped:
                    head = unzipped.read(8)
    except (OSError, EOFError, zlib.error):
        return False
    return head.startswith(b"WARC/")


def read_warc(
    path: str | Path, *, max_bytes: int | None = None, published: date | None = None
) -> Iterator[Article | Rejection]:
    """An Article for every HTML response in the WARC file, a Rejection for each bad one.

    The page's own publication date wins; then the record's WARC-Date; then ``published``.
    A record over ``max_bytes`` (default: the page size limit in force) is refused unread.
    """
    for item in iter_warc_pages(path, max_bytes=max_bytes, published=published):
        yield item if isinstance(item, Rejection) else item.load()


def iter_warc_pages(
    path: str | Path, *, max_bytes: int | None = None, published: date | None = None
) -> Iterator[WarcPage | Rejection]:
    """The HTML responses of a WARC file as unparsed pages, streamed record by record."""
    if max_bytes is None:
        max_bytes = current_limits().max_page_bytes
    origin = str(path)
    try:
        handle = Path(path).open("rb")  # noqa: SIM115 (closed by the with below)
    except OSError as exc:
        yield Rejection(origin, f"cannot read file: {exc.strerror or exc}", "unreadable")
        return
    with handle:
        records = ArchiveIterator(handle)
        count = 0
        end = 0
        try:
            for record in records:
                count += 1
                if record.format != "warc":  # ARC and other look-alikes are not read
                    yield Rejection(origin, "not a WARC file", "warc-invalid")
                    return
                # A record cut inside its headers has no type or no length (both required).
                if record.rec_type is None or record.length is None:
                    yield Rejection(origin, f"damaged WARC: record {count} has no headers "
                                    "(truncated file)", "warc-truncated")
                    return
                url = record.rec_headers.get_header("WARC-Target-URI") or ""
                item = _page_from_record(record, origin, url, max_bytes, published)
                if item is None and _cut_short(record):
                    item = Rejection(
                        f"{origin} (record {count})", "record is cut short (truncated WARC)",
                        "warc-truncated",
                    )
                if item is not None:
                    yield item
                end = records.get_record_offset() + records.get_record_length()
        # warcio raises many kinds of error on damaged bytes (even AttributeError): any of
        # them ends this file only.
        except Exception as exc:
            where = f"{origin} (record {count + 1})" if count else origin
            reason = _describe(exc)
            code = "warc-truncated" if count else "warc-invalid"
            yield Rejection(where, f"damaged WARC after {count} records: {reason}", code)
            return
        # warcio ends quietly when the file stops inside a record's headers: bytes left
        # after the last whole record mean the file was cut.
        if not count:
            yield Rejection(origin, "empty WARC file", "empty")
            return
        handle.seek(end)
        if handle.read(4096).strip():
            yield Rejection(
                origin, f"damaged WARC: the file ends inside record {count + 1}", "warc-truncated"
            )


def _page_from_record(
    record: object, origin: str, url: str, max_bytes: int, published: date | None
) -> WarcPage | Rejection | None:
    rec_type = record.rec_type  # type: ignore[attr-defined]
    http = record.http_headers  # type: ignore[attr-defined]
    if rec_type not in ("response", "resource"):
        return None
    if rec_type == "response":
        if http is None:
            return None
        status = http.get_statuscode() or ""
        if not status.startswith("2"):
            return None  # redirects and errors are crawl noise, not articles
        content_type = http.get_header("Content-Type") or ""
    else:
        content_type = record.rec_headers.get_header("Content-Type") or ""  # type: ignore[attr-defined]
    mime, charset = _parse_content_type(content_type)
    if mime and mime not in _HTML_TYPES:
        return None
    where = url or origin
    declared = record.length  # type: ignore[attr-defined]
    if isinstance(declared, int) and declared > max_bytes + 64 * 1024:  # headers aside
        return Rejection(where, _too_large(declared, max_bytes), "too-large")
    body = record.content_stream().read(max_bytes + 1)  # type: ignore[attr-defined]
    if len(body) > max_bytes:
        return Rejection(where, _too_large(None, max_bytes), "too-large")
    if _cut_short(record):
        return Rejection(where, "record is cut short (truncated WARC)", "warc-truncated")
    if not body.strip():
        return Rejection(where, "empty page", "empty")
    if not mime:
        kind = sniff_binary(body)
        if kind or b"<" not in body[:4096]:
            return None  # an untyped resource that is not a page
    return WarcPage(
        url=url,
        origin=origin,
        body=body,
        charset=charset,
        crawled=_warc_date(record.rec_headers.get_header("WARC-Date")),  # type: ignore[attr-defined]
        published=published,
    )


def _too_large(size: int | None, limit: int) -> str:
    actual = f" ({size:,} bytes)" if size is not None else ""
    return (f"page{actual} is over the page size limit of {limit:,} bytes "
            "(--max-page-bytes); not read")


def _describe(exc: Exception) -> str:
    if isinstance(exc, ArchiveLoadFailed | EOFError | zlib.error):
        text = str(exc).strip()
        return text.splitlines()[0] if text else type(exc).__name__
    return f"unreadable record ({type(exc).__name__})"


def _cut_short(record: object) -> bool:
    """True when the record's block ended before its declared Content-Length."""
    raw = record.raw_stream  # type: ignore[attr-defined]
    while raw.read(65536):  # drain what the content stream left (bounded by the record)
        pass
    return getattr(raw, "limit", 0) > 0  # warcio's LimitReader counts down what is missing


def _parse_content_type(value: str) -> tuple[str, str]:
    parts = [p.strip() for p in value.split(";")]
    mime = parts[0].lower() if parts else ""
    charset = ""
    for part in parts[1:]:
        key, _, val = part.partition("=")
        if key.strip().lower() == "charset":
            charset = val.strip().strip("\"'").lower()
    return mime, charset


def _decode(body: bytes, charset: str) -> str | None:
    if charset:
        try:
            codecs.lookup(charset)
            return body.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong header is common: fall back to sniffing the bytes
    try:
        return decode_bytes(body)
    except DecodeError:
        return None


def _warc_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None
