"""RSS and Atom feeds, from files or URLs, as articles.

feedparser reads every feed dialect; each item becomes an :class:`Article` through
the same page functions as any other input. An item that carries its full text
(``content:encoded``, Atom ``content``) is read from the feed; otherwise its link is
fetched through a :class:`Fetcher`, so tests use an in-memory fake and the network
is touched only by :class:`UrlFetcher`. Nothing here raises for bad input: a feed
that is an HTML page, an unreachable URL or a page that times out is a
:class:`Rejection` for that feed or item, and the rest goes on.
"""

from __future__ import annotations

import html
import http.client
import io
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Protocol

import feedparser

from conflictcoder.limits import MAX_PAGE_BYTES, current_limits
from conflictcoder.model import Article, Rejection
from conflictcoder.sources.decode import DecodeError, decode_bytes, sniff_binary
from conflictcoder.sources.page import article_from_html, article_from_text

DEFAULT_MAX_BYTES = MAX_PAGE_BYTES  # the default; the limit in force is current_limits()'s
DEFAULT_TIMEOUT_S = 15.0
FULL_TEXT_CHARS = 500  # feed content at least this long is the article, not a teaser
FEED_SUFFIXES = (".rss", ".atom", ".xml")
USER_AGENT = "conflictcoder/0.1 (+https://github.com/conflictcoder; news event coding)"


class FetchError(Exception):
    """A URL could not be fetched; ``code`` is the stable rejection code."""

    def __init__(self, reason: str, code: str = "fetch-error") -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code


class Fetcher(Protocol):
    """Gets the bytes behind a URL, or raises :class:`FetchError` (never hangs: timeouts)."""

    def fetch(self, url: str) -> bytes: ...


@dataclass(frozen=True, slots=True)
class UrlFetcher:
    """The network fetcher: urllib with a timeout and a size cap (``max_bytes``; None:
    the page size limit in force, :func:`conflictcoder.limits.current_limits`)."""

    timeout: float = DEFAULT_TIMEOUT_S
    max_bytes: int | None = None
    user_agent: str = USER_AGENT

    def fetch(self, url: str) -> bytes:
        if not url.lower().startswith(("http://", "https://")):
            raise FetchError(f"not an http(s) URL: {url}", "fetch-url")
        limit = _limit(self.max_bytes)
        request = urllib.request.Request(url, headers={"User-Agent": self.user_agent})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                declared = response.headers.get("Content-Length", "")
                if declared.isdigit() and int(declared) > limit:  # refused unread
                    raise FetchError(_too_large(url, int(declared), limit), "too-large")
                data: bytes = response.read(limit + 1)
        except urllib.error.HTTPError as exc:
            raise FetchError(f"HTTP {exc.code} from {url}", "fetch-http") from None
        except TimeoutError:  # socket.timeout is TimeoutError since Python 3.10
            raise FetchError(
                f"timed out after {self.timeout:g} s: {url}", "fetch-timeout"
            ) from None
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                raise FetchError(
                    f"timed out after {self.timeout:g} s: {url}", "fetch-timeout"
                ) from None
            raise FetchError(f"cannot reach {url}: {exc.reason}", "fetch-error") from None
        except (OSError, ValueError, http.client.HTTPException) as exc:
            raise FetchError(f"cannot fetch {url}: {exc}", "fetch-error") from None
        if len(data) > limit:
            raise FetchError(_too_large(url, None, limit), "too-large")
        return data


def _limit(max_bytes: int | None) -> int:
    return current_limits().max_page_bytes if max_bytes is None else max_bytes


def _too_large(what: str, size: int | None, limit: int) -> str:
    actual = f" ({size:,} bytes)" if size is not None else ""
    return (f"{what}{actual} is over the page size limit of {limit:,} bytes "
            "(--max-page-bytes); not read")


@dataclass(frozen=True, slots=True)
class FeedItem:
    url: str
    guid: str
    title: str
    published: date | None
    content: str  # the item's full-text HTML, when the feed carries it
    summary: str  # the teaser HTML or text
    feed: str  # the feed (file or URL) it came from
    outlet: str = ""


def is_feed(path: Path) -> bool:
    """True for .rss/.atom files, and .xml files that open like a feed."""
    suffix = path.suffix.lower()
    if suffix in (".rss", ".atom"):
        return True
    if suffix != ".xml":
        return False
    try:
        with path.open("rb") as handle:
            head = handle.read(2048).lower()
    except OSError:
        return False
    return any(tag in head for tag in (b"<rss", b"<feed", b"<rdf:rdf"))


def parse_feed(data: bytes, origin: str) -> list[FeedItem] | Rejection:
    """The items of a feed document, or a Rejection when it is not a feed."""
    if not data.strip():
        return Rejection(origin, "empty feed", "empty")
    kind = sniff_binary(data)
    if kind:
        return Rejection(origin, f"not a feed: looks like {kind}", "feed-invalid")
    # A BytesIO, never a str: feedparser would fetch a str that looks like a URL.
    headers = {"content-location": origin} if origin.startswith(("http://", "https://")) else {}
    parsed = feedparser.parse(io.BytesIO(data), response_headers=headers)
    if not parsed.get("version") and not parsed.entries:
        head = data[:1024].lstrip().lower()
        looks = "an HTML page" if head.startswith((b"<!doctype html", b"<html")) else "not a feed"
        return Rejection(origin, f"not an RSS or Atom feed ({looks})", "feed-invalid")
    outlet = str(parsed.feed.get("title", "") or "")
    items = []
    for entry in parsed.entries:
        content = "\n".join(
            str(part.get("value", "")) for part in entry.get("content", []) if part.get("value")
        )
        items.append(
            FeedItem(
                url=str(entry.get("link", "") or ""),
                guid=str(entry.get("id", "") or ""),
                title=html.unescape(str(entry.get("title", "") or "")),
                published=_entry_date(entry),
                content=content,
                summary=str(entry.get("summary", "") or ""),
                feed=origin,
                outlet=outlet,
            )
        )
    return items


def item_article(
    item: FeedItem,
    *,
    fetcher: Fetcher | None = None,
    published: date | None = None,
    max_bytes: int | None = None,
) -> Article | Rejection:
    """The article an item points to: its full text from the feed, else its fetched page.

    A fetched page, or an item's own text, over ``max_bytes`` (default: the page size
    limit in force) is refused with a message naming the item.
    """
    where = item.url or item.guid or item.feed
    article_id = item.url or item.guid or f"{item.feed}#{item.title}"
    when = item.published or published
    limit = _limit(max_bytes)
    # Entities in a feed can expand an item past the feed's own size: hold it to the limit.
    longest = max(item.content, item.summary, key=len)
    if len(longest) * 4 > limit:  # UTF-8 takes at most 4 bytes a character
        size = len(longest.encode("utf-8", "surrogatepass"))
        if size > limit:
            return Rejection(where, _too_large("the item's text in the feed", size, limit),
                             "too-large")
    if len(_fragment_text(item.content)) >= FULL_TEXT_CHARS or (fetcher is None or not item.url):
        fragment = item.content or item.summary
        text = _fragment_text(fragment)
        if not text:
            return Rejection(where, "feed item has no text and no link to fetch", "no-text")
        article = _safe(
            lambda: article_from_text(
                text, article_id=article_id, origin=item.feed, published=when, url=item.url,
                title=item.title, outlet=item.outlet,
            )
        )
        return article if article is not None else Rejection(where, "no article text", "no-text")
    try:
        data = fetcher.fetch(item.url)
    except FetchError as exc:
        return Rejection(where, exc.reason, exc.code)
    except Exception as exc:  # a fetcher's unexpected error is one item's problem, never fatal
        return Rejection(where, f"cannot fetch: {type(exc).__name__}: {exc}", "fetch-error")
    if len(data) > limit:  # any fetcher, not only UrlFetcher, is held to the limit
        return Rejection(where, _too_large("linked page", len(data), limit), "too-large")
    kind = sniff_binary(data)
    if kind:
        return Rejection(where, f"linked page is not text: looks like {kind}", "binary")
    try:
        page = decode_bytes(data)
    except DecodeError as exc:
        return Rejection(where, str(exc), "encoding")
    article = _safe(
        lambda: article_from_html(
            page, article_id=article_id, origin=item.feed, published=when, url=item.url,
            title=item.title, outlet=item.outlet,
        )
    )
    if article is None:
        return Rejection(where, "no article text found on the linked page", "no-text")
    return article


def read_feed(
    data: bytes,
    origin: str,
    *,
    fetcher: Fetcher | None = None,
    published: date | None = None,
    max_bytes: int | None = None,
) -> Iterator[Article | Rejection]:
    """An Article or a Rejection for every item of one feed document."""
    limit = _limit(max_bytes)
    if len(data) > limit:
        yield Rejection(origin, _too_large("feed", len(data), limit), "too-large")
        return
    items = parse_feed(data, origin)
    if isinstance(items, Rejection):
        yield items
        return
    for item in items:
        yield item_article(item, fetcher=fetcher, published=published, max_bytes=limit)


def read_feed_source(
    source: str,
    *,
    fetcher: Fetcher | None = None,
    published: date | None = None,
    max_bytes: int | None = None,
) -> Iterator[Article | Rejection]:
    """A feed from a file path or an http(s) URL (fetched with ``fetcher``)."""
    data = load_feed_bytes(source, fetcher=fetcher, max_bytes=max_bytes)
    if isinstance(data, Rejection):
        yield data
        return
    yield from read_feed(data, source, fetcher=fetcher, published=published, max_bytes=max_bytes)


def load_feed_bytes(
    source: str, *, fetcher: Fetcher | None = None, max_bytes: int | None = None
) -> bytes | Rejection:
    """The bytes of a feed file or URL, or a Rejection saying why not (a feed over
    ``max_bytes``, default the page size limit in force, is refused)."""
    limit = _limit(max_bytes)
    if source.lower().startswith(("http://", "https://")):
        try:
            data = (fetcher or UrlFetcher(max_bytes=limit)).fetch(source)
            if len(data) > limit:
                return Rejection(source, _too_large("feed", len(data), limit), "too-large")
            return data
        except FetchError as exc:
            return Rejection(source, exc.reason, exc.code)
        except Exception as exc:  # never fatal: the feed is retried in a later round
            return Rejection(source, f"cannot fetch: {type(exc).__name__}: {exc}", "fetch-error")
    path = Path(source)
    try:
        size = path.stat().st_size
        if size > limit:
            return Rejection(source, _too_large("feed", size, limit), "too-large")
        return path.read_bytes()
    except OSError as exc:
        return Rejection(source, f"cannot read feed: {exc.strerror or exc}", "unreadable")


def _safe(make: object) -> Article | None:
    try:
        return make()  # type: ignore[operator, no-any-return]
    except Exception:  # a page the parser cannot handle is a rejection, not a crash
        return None


def _entry_date(entry: object) -> date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)  # type: ignore[attr-defined]
        if value:
            try:
                return date(value.tm_year, value.tm_mon, value.tm_mday)
            except (AttributeError, ValueError):
                continue
    return None


_BLOCK_END = re.compile(r"</(?:p|div|h[1-6]|li|blockquote|section|article)\s*>|<br\s*/?>", re.I)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"[ \t\r\f\v]+")


def _fragment_text(fragment: str) -> str:
    """Plain text of an HTML fragment from a feed, one paragraph per block."""
    if not fragment:
        return ""
    text = _BLOCK_END.sub("\n\n", fragment)
    text = html.unescape(_TAG.sub(" ", text))
    paragraphs = (_SPACE.sub(" ", p).strip() for p in text.split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)
