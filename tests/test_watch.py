"""``watch``: new feed items are coded and stored once; network trouble backs off, never stops."""

from __future__ import annotations

from pathlib import Path

import pytest

from builders import FakeFetcher
from conflictcoder.sources.feeds import FetchError
from conflictcoder.watch import SeenState, parse_interval, poll_feeds, watch

FEED_URL = "https://frontier.example.com/rss"
OTHER_FEED = "https://mirror.example.org/feed"

STORY_BANNU = (
    "<p>BANNU, Pakistan - Militants armed with rifles and grenades attacked a police station "
    "in Bannu district of Khyber Pakhtunkhwa province late on Thursday, killing three "
    "policemen and wounding two others, a senior police officer said on Friday.</p>"
    "<p>The attackers fled after an exchange of fire that lasted about an hour. Police said a "
    "search operation was under way in the surrounding villages and that reinforcements had "
    "been sent from the provincial capital, Peshawar.</p>"
    "<p>No group immediately claimed responsibility for the assault, the third on police in "
    "the district this month.</p>"
)
STORY_KHARKIV = (
    "<p>KHARKIV, Ukraine - A Russian missile struck a residential block in the city of Kharkiv "
    "on Wednesday evening, killing five civilians and wounding 14 others, the regional "
    "governor said on Thursday.</p>"
    "<p>Rescue workers pulled two survivors from the rubble overnight. The governor said the "
    "missile was launched from across the border in the Belgorod region and that air defence "
    "units had been unable to intercept it.</p>"
    "<p>Residents of the district said it was the heaviest strike on the area in weeks, and "
    "that many families had spent the night in the metro stations nearby.</p>"
)
TEASER_PAGE = b"""<html><head><title>Tear gas at Nairobi tax protest</title></head><body>
<nav>Home | Kenya | World</nav><article><h1>Tear gas at Nairobi tax protest</h1>
<p>NAIROBI, Kenya - Police fired tear gas at hundreds of protesters in central Nairobi on
Tuesday as demonstrations against a proposed tax increase spread to several towns.</p>
<p>Demonstrators threw stones at officers near parliament, witnesses said.</p>
</article><footer>About | Contact</footer></body></html>"""


def rss(*items: str) -> bytes:
    return (
        '<?xml version="1.0"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        "<title>Frontier Desk</title>" + "".join(items) + "</channel></rss>"
    ).encode()


def item(url: str, title: str, body: str = "", teaser: str = "", day: str = "06") -> str:
    content = f"<content:encoded><![CDATA[{body}]]></content:encoded>" if body else ""
    return (
        f"<item><title>{title}</title><link>{url}</link>"
        f"<pubDate>Fri, {day} Jun 2024 09:00:00 GMT</pubDate>"
        f"<description>{teaser or title}</description>{content}</item>"
    )


def run_rounds(db: Path, feeds: list[str], fetcher: FakeFetcher, rounds: int) -> list[str]:
    lines: list[str] = []
    naps: list[float] = []
    watch(feeds, str(db), every=60, rounds=rounds, fetcher=fetcher, report=lines.append,
          sleep=naps.append, clock=lambda: 1000.0)
    assert len(naps) == rounds - 1  # sleeps between rounds, never after the last
    return lines


def stored_article_ids(db: Path) -> set[str]:
    from conflictcoder.store import open_database

    conn = open_database(str(db), readonly=True)
    try:
        return {row[0] for row in conn.execute("SELECT id FROM articles")}
    finally:
        conn.close()


def test_parse_interval() -> None:
    assert parse_interval("15m") == 900
    assert parse_interval("90") == 90 and parse_interval("2h") == 7200
    for bad in ("soon", "0m", "-5m"):
        with pytest.raises(ValueError):
            parse_interval(bad)


def test_watch_stores_new_items_once(tmp_path: Path) -> None:
    feed = rss(item("https://frontier.example.com/bannu", "Police station attacked", STORY_BANNU),
               item("https://frontier.example.com/kharkiv", "Missile strike", STORY_KHARKIV))
    fetcher = FakeFetcher({FEED_URL: feed})
    db = tmp_path / "events.db"
    lines = run_rounds(db, [FEED_URL], fetcher, rounds=2)
    assert "2 new" in lines[0]
    assert stored_article_ids(db) == {
        "https://frontier.example.com/bannu", "https://frontier.example.com/kharkiv",
    }
    assert "0 new, 2 already seen" in lines[-1]
    assert fetcher.asked == [FEED_URL, FEED_URL]  # full-text items: no page was fetched


def test_watch_same_text_under_another_url_is_not_coded_twice(tmp_path: Path) -> None:
    fetcher = FakeFetcher({
        FEED_URL: rss(item("https://frontier.example.com/bannu", "Attack", STORY_BANNU)),
        OTHER_FEED: rss(item("https://mirror.example.org/copy-77", "Attack", STORY_BANNU)),
    })
    db = tmp_path / "events.db"
    lines = run_rounds(db, [FEED_URL, OTHER_FEED], fetcher, rounds=1)
    assert "1 new" in lines[0] and "1 same text as another URL" in lines[0]
    assert stored_article_ids(db) == {"https://frontier.example.com/bannu"}


def test_watch_same_story_under_two_headlines_is_one_text(tmp_path: Path) -> None:
    fetcher = FakeFetcher({
        FEED_URL: rss(item("https://frontier.example.com/bannu", "Gunmen storm police post",
                           STORY_BANNU)),
        OTHER_FEED: rss(item("https://mirror.example.org/copy-77",
                             "Police post attacked in Bannu, officials say", STORY_BANNU)),
    })
    db = tmp_path / "events.db"
    lines = run_rounds(db, [FEED_URL, OTHER_FEED], fetcher, rounds=1)
    assert "1 new" in lines[0] and "1 same text as another URL" in lines[0]
    assert stored_article_ids(db) == {"https://frontier.example.com/bannu"}


def test_watch_teaser_page_timeout_is_retried_next_round(tmp_path: Path) -> None:
    url = "https://frontier.example.com/nairobi"
    fetcher = FakeFetcher({
        FEED_URL: rss(item(url, "Tear gas in Nairobi", teaser="Police fired tear gas.")),
        url: FetchError(f"timed out after 15 s: {url}", "fetch-timeout"),
    })
    db = tmp_path / "events.db"
    state = SeenState(f"{db}.watch.sqlite")
    first = poll_feeds([FEED_URL], state, fetcher=fetcher, now=0.0)
    assert [p.code for p in first.problems] == ["fetch-timeout"]
    assert "attempt 1 of 3" in first.problems[0].reason
    fetcher.pages[url] = TEASER_PAGE  # the site is back
    second = poll_feeds([FEED_URL], state, fetcher=fetcher, now=60.0)
    state.close()
    assert second.problems == []
    assert [a.id for a in second.new] == [url]
    assert "tax increase" in second.new[0].text


def test_watch_gives_up_on_a_page_after_three_failures(tmp_path: Path) -> None:
    url = "https://frontier.example.com/gone"
    fetcher = FakeFetcher({FEED_URL: rss(item(url, "Gone", teaser="A teaser."))})
    state = SeenState(tmp_path / "w.sqlite")
    problems = [len(poll_feeds([FEED_URL], state, fetcher=fetcher, now=0.0).problems)
                for _ in range(5)]
    state.close()
    assert problems == [1, 1, 1, 0, 0]
    assert fetcher.asked.count(url) == 3


def test_watch_dead_feed_backs_off_and_other_feeds_go_on(tmp_path: Path) -> None:
    fetcher = FakeFetcher({
        OTHER_FEED: rss(item("https://mirror.example.org/kharkiv", "Strike", STORY_KHARKIV)),
        FEED_URL: FetchError("cannot reach https://frontier.example.com/rss", "fetch-error"),
    })
    state = SeenState(tmp_path / "w.sqlite")
    reports = [poll_feeds([FEED_URL, OTHER_FEED], state, fetcher=fetcher, now=0.0)
               for _ in range(6)]
    state.close()
    tried = [fetcher.asked[: i + 1].count(FEED_URL) for i in range(len(fetcher.asked))]
    assert tried[-1] == 3  # rounds 1, 2 and 4 (backing off 1 round, then 2)
    assert [r.feeds_backing_off for r in reports] == [0, 0, 1, 0, 1, 1]
    assert len(reports[0].new) == 1  # the healthy feed was read all along
    assert all(r.feeds_polled == 1 for r in reports)
    assert "tried again in round 2" in reports[0].problems[0].reason


def test_watch_html_instead_of_feed_is_reported(tmp_path: Path) -> None:
    fetcher = FakeFetcher({FEED_URL: TEASER_PAGE})
    state = SeenState(tmp_path / "w.sqlite")
    report = poll_feeds([FEED_URL], state, fetcher=fetcher, now=0.0)
    state.close()
    assert [p.code for p in report.problems] == ["feed-invalid"]
    assert "HTML page" in report.problems[0].reason


def test_watch_cli_once_with_a_feed_file(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    from conflictcoder.interfaces.cli import main

    feed = tmp_path / "frontier.rss"
    feed.write_bytes(rss(item("https://frontier.example.com/bannu", "Attack", STORY_BANNU)))
    db = tmp_path / "events.db"
    assert main(["watch", str(feed), "--db", str(db), "--once"]) == 0
    err = capsys.readouterr().err
    assert "1 new" in err
    assert stored_article_ids(db) == {"https://frontier.example.com/bannu"}
    assert main(["watch", str(feed), "--db", str(db), "--once"]) == 0
    assert "0 new, 1 already seen" in capsys.readouterr().err
