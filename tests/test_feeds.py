"""RSS/Atom input: items become articles; teasers are fetched through a fake Fetcher."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest

from builders import FakeFetcher
from conflictcoder.model import Article, Rejection
from conflictcoder.sources.feeds import (
    FetchError,
    UrlFetcher,
    is_feed,
    item_article,
    parse_feed,
    read_feed,
    read_feed_source,
)

FULL_TEXT = (
    "<p>MAIDUGURI, Nigeria - Insurgents attacked a military base in Borno state on Sunday "
    "night, killing at least nine soldiers in a firefight that lasted several hours, two "
    "security sources said on Monday.</p>"
    "<p>The fighters arrived in gun trucks shortly after dusk and set fire to barracks and "
    "vehicles before troops, backed by a fighter jet, drove them back into the bush.</p>"
    "<p>The army did not respond to a request for comment. Residents of nearby villages said "
    "they fled into the town overnight and had not returned by Monday afternoon.</p>"
)

RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Sahel Desk</title><link>https://sahel.example.net/</link>
<item><title>Soldiers killed in Borno base attack</title>
<link>https://sahel.example.net/2024/06/borno-base</link>
<guid>https://sahel.example.net/?p=101</guid>
<pubDate>Mon, 03 Jun 2024 14:00:00 GMT</pubDate>
<description>Nine soldiers were killed.</description>
<content:encoded><![CDATA[{FULL_TEXT}]]></content:encoded></item>
<item><title>Traders protest new levy in Kano</title>
<link>https://sahel.example.net/2024/06/kano-levy</link>
<pubDate>Mon, 03 Jun 2024 16:30:00 GMT</pubDate>
<description>Hundreds of traders marched on Monday.</description></item>
<item><title>Gunmen abduct villagers in Zamfara</title>
<link>https://sahel.example.net/2024/06/zamfara</link>
<pubDate>Tue, 04 Jun 2024 07:15:00 GMT</pubDate>
<description>Gunmen seized at least twenty villagers.</description></item>
</channel></rss>""".encode()

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Andes Wire</title>
<id>urn:uuid:andes</id><updated>2024-07-02T10:00:00Z</updated>
<entry><title>Clash near Tumaco</title><id>urn:uuid:e1</id>
<link href="https://andes.example.com/tumaco"/>
<updated>2024-07-02T10:00:00Z</updated>
<summary>Troops and dissidents fought near Tumaco on Monday.</summary></entry>
</feed>"""

KANO_PAGE = b"""<html><head><title>Traders protest new levy in Kano</title></head><body>
<nav>Home | Politics | Business</nav><article><h1>Traders protest new levy in Kano</h1>
<p>KANO, Nigeria - Hundreds of traders marched to the state assembly in Kano on Monday to
protest a new market levy, blocking a main road for several hours, witnesses said.</p>
<p>Police watched from a distance and the march ended peacefully in the afternoon after a
lawmaker promised to review the charge, a spokesman for the traders' union said.</p>
</article><footer>About us | Contact</footer></body></html>"""


def test_parse_feed_reads_rss_items() -> None:
    items = parse_feed(RSS, "https://sahel.example.net/feed")
    assert not isinstance(items, Rejection)
    assert [i.url for i in items] == [
        "https://sahel.example.net/2024/06/borno-base",
        "https://sahel.example.net/2024/06/kano-levy",
        "https://sahel.example.net/2024/06/zamfara",
    ]
    assert items[0].published == date(2024, 6, 3)
    assert items[2].published == date(2024, 6, 4)
    assert items[0].outlet == "Sahel Desk"
    assert "Insurgents attacked" in items[0].content and items[1].content == ""


def test_read_feed_full_text_items_are_not_fetched() -> None:
    fetcher = FakeFetcher({"https://sahel.example.net/2024/06/kano-levy": KANO_PAGE})
    results = list(read_feed(RSS, "feed.xml", fetcher=fetcher))
    first = results[0]
    assert isinstance(first, Article)
    assert first.id == "https://sahel.example.net/2024/06/borno-base"
    assert first.title == "Soldiers killed in Borno base attack"
    assert first.published == date(2024, 6, 3)
    # the headline, then the three paragraphs, each a paragraph of its own
    assert first.text.startswith("Soldiers killed in Borno base attack\n\n")
    assert first.text.count("\n\n") == 3
    assert "https://sahel.example.net/2024/06/borno-base" not in fetcher.asked


def test_read_feed_teaser_items_are_fetched_and_failures_reported() -> None:
    fetcher = FakeFetcher({
        "https://sahel.example.net/2024/06/kano-levy": KANO_PAGE,
        "https://sahel.example.net/2024/06/zamfara": FetchError(
            "timed out after 15 s: https://sahel.example.net/2024/06/zamfara", "fetch-timeout"
        ),
    })
    results = list(read_feed(RSS, "feed.xml", fetcher=fetcher))
    assert len(results) == 3
    kano = results[1]
    assert isinstance(kano, Article)
    assert "state assembly in Kano" in kano.text and "Contact" not in kano.text
    assert kano.published == date(2024, 6, 3)  # from the feed: the page carries no date
    timed_out = results[2]
    assert isinstance(timed_out, Rejection)
    assert timed_out.code == "fetch-timeout"
    assert timed_out.origin == "https://sahel.example.net/2024/06/zamfara"


def test_read_feed_without_fetcher_uses_the_teaser() -> None:
    results = list(read_feed(RSS, "feed.xml"))
    zamfara = results[2]
    assert isinstance(zamfara, Article)
    assert zamfara.text == (
        "Gunmen abduct villagers in Zamfara\n\nGunmen seized at least twenty villagers."
    )
    assert zamfara.url == "https://sahel.example.net/2024/06/zamfara"


def test_read_feed_atom() -> None:
    [item] = list(read_feed(ATOM, "andes.atom", published=date(2024, 1, 1)))
    assert isinstance(item, Article)
    assert item.url == "https://andes.example.com/tumaco"
    assert item.published == date(2024, 7, 2)
    assert "Tumaco" in item.text


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (KANO_PAGE, "feed-invalid"),
        (b"", "empty"),
        (b"%PDF-1.7 binary", "feed-invalid"),
        (b"just some words, no markup at all", "feed-invalid"),
    ],
)
def test_read_feed_not_a_feed_is_one_rejection(data: bytes, code: str) -> None:
    results = list(read_feed(data, "https://sahel.example.net/feed"))
    assert len(results) == 1
    assert isinstance(results[0], Rejection) and results[0].code == code


def test_html_page_given_as_feed_says_so() -> None:
    [rejection] = list(read_feed(b"<!DOCTYPE html>" + KANO_PAGE, "news.xml"))
    assert isinstance(rejection, Rejection)
    assert "HTML page" in rejection.reason


def test_item_article_binary_link_is_rejected() -> None:
    items = parse_feed(RSS, "feed.xml")
    assert not isinstance(items, Rejection)
    fetcher = FakeFetcher({items[1].url: b"%PDF-1.4 ...."})
    result = item_article(items[1], fetcher=fetcher)
    assert isinstance(result, Rejection) and result.code == "binary"


def test_read_feed_source_from_file_and_url(tmp_path: Path) -> None:
    path = tmp_path / "sahel.rss"
    path.write_bytes(RSS)
    from_file = list(read_feed_source(str(path)))
    assert len(from_file) == 3 and all(isinstance(r, Article) for r in from_file)
    fetcher = FakeFetcher({"https://andes.example.com/feed.atom": ATOM})
    [from_url] = list(read_feed_source("https://andes.example.com/feed.atom", fetcher=fetcher))
    # a teaser item: its link is fetched (and missing here), the feed itself was read
    assert fetcher.asked == [
        "https://andes.example.com/feed.atom", "https://andes.example.com/tumaco",
    ]
    assert isinstance(from_url, Rejection) and from_url.code == "fetch-http"
    [down] = list(read_feed_source("https://down.example.com/rss", fetcher=fetcher))
    assert isinstance(down, Rejection) and down.code == "fetch-http"
    [missing] = list(read_feed_source(str(tmp_path / "nope.rss")))
    assert isinstance(missing, Rejection) and missing.code == "unreadable"


def test_is_feed(tmp_path: Path) -> None:
    rss, xml_feed, xml_other = tmp_path / "a.rss", tmp_path / "b.xml", tmp_path / "c.xml"
    rss.write_bytes(RSS)
    xml_feed.write_bytes(ATOM)
    xml_other.write_bytes(b"<?xml version='1.0'?><sitemap><url>x</url></sitemap>")
    assert is_feed(rss) and is_feed(xml_feed)
    assert not is_feed(xml_other) and not is_feed(tmp_path / "story.html")


def test_url_fetcher_refuses_non_http_urls() -> None:
    with pytest.raises(FetchError) as info:
        UrlFetcher(timeout=0.1).fetch("file:///etc/passwd")
    assert info.value.code == "fetch-url"


class BrokenFetcher:
    """A fetcher with a bug: its errors must stay per item."""

    def fetch(self, url: str) -> bytes:
        raise RuntimeError("connection reset in the middle of a chunk")


def test_unexpected_fetcher_errors_are_rejections() -> None:
    items = parse_feed(RSS, "feed.xml")
    assert not isinstance(items, Rejection)
    result = item_article(items[1], fetcher=BrokenFetcher())
    assert isinstance(result, Rejection) and result.code == "fetch-error"
    assert "RuntimeError" in result.reason
    [feed] = list(read_feed_source("https://down.example.com/rss", fetcher=BrokenFetcher()))
    assert isinstance(feed, Rejection) and feed.code == "fetch-error"


def test_a_linked_page_over_the_page_limit_is_refused_for_that_item_only(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Any fetcher is held to the page size limit in force (here set as the CLI's
    --max-page-bytes sets it), with a message naming the item."""
    big = KANO_PAGE.replace(b"</article>", b"<p>" + b"More detail. " * 200 + b"</p></article>")
    fetcher = FakeFetcher({"https://sahel.example.net/2024/06/kano-levy": big})
    monkeypatch.setenv("CONFLICTCODER_MAX_PAGE_BYTES", "2000")
    results = list(read_feed(RSS, "feed.xml", fetcher=fetcher))
    assert isinstance(results[0], Article)  # its full text came in the feed, under the limit
    refused = results[1]
    assert isinstance(refused, Rejection) and refused.code == "too-large"
    assert refused.origin == "https://sahel.example.net/2024/06/kano-levy"
    assert f"({len(big):,} bytes)" in refused.reason and "2,000" in refused.reason
    assert "--max-page-bytes" in refused.reason
    monkeypatch.setenv("CONFLICTCODER_MAX_PAGE_BYTES", "1000000")
    assert isinstance(list(read_feed(RSS, "feed.xml", fetcher=fetcher))[1], Article)


def test_a_feed_over_the_page_limit_is_refused_unread(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "sahel.rss"
    path.write_bytes(RSS)
    monkeypatch.setenv("CONFLICTCODER_MAX_PAGE_BYTES", str(len(RSS) - 1))
    (file_result,) = list(read_feed_source(str(path)))
    url = "https://sahel.example.net/feed"
    (url_result,) = list(read_feed_source(url, fetcher=FakeFetcher({url: RSS})))
    (bytes_result,) = list(read_feed(RSS, "feed.xml"))
    for result in (file_result, url_result, bytes_result):
        assert isinstance(result, Rejection) and result.code == "too-large"
        assert "feed" in result.reason and f"{len(RSS) - 1:,}" in result.reason
    assert len(list(read_feed_source(str(path), max_bytes=len(RSS)))) == 3  # explicit wins


def test_an_item_whose_own_text_is_over_the_limit_is_refused() -> None:
    (item, *_) = parse_feed(RSS, "feed.xml")  # type: ignore[misc]
    result = item_article(item, max_bytes=len(FULL_TEXT) - 10)
    assert isinstance(result, Rejection) and result.code == "too-large"
    assert result.origin == "https://sahel.example.net/2024/06/borno-base"
    assert "the item's text in the feed" in result.reason
    assert isinstance(item_article(item, max_bytes=len(FULL_TEXT) + 10), Article)


def test_url_fetcher_follows_the_limit_in_force(monkeypatch: pytest.MonkeyPatch) -> None:
    import urllib.request

    headers: dict[str, str] = {}

    class Response(io.BytesIO):
        def __init__(self, data: bytes) -> None:
            super().__init__(data)
            self.headers = headers

    body = b"x" * 5000
    monkeypatch.setattr(urllib.request, "urlopen", lambda request, timeout: Response(body))
    monkeypatch.setenv("CONFLICTCODER_MAX_PAGE_BYTES", "4096")
    with pytest.raises(FetchError) as raised:
        UrlFetcher().fetch("https://sahel.example.net/big")
    assert raised.value.code == "too-large" and "4,096" in raised.value.reason
    assert UrlFetcher(max_bytes=10_000).fetch("https://sahel.example.net/big") == body
    headers["Content-Length"] = "99999999"  # refused from the header, unread
    with pytest.raises(FetchError, match="99,999,999 bytes"):
        UrlFetcher().fetch("https://sahel.example.net/big")
