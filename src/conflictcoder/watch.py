"""``conflictcoder watch``: poll feeds, keep only what is new, code it and store it.

Every round reads each feed (file or URL), drops items whose URL was already seen
and articles whose text was already seen under another URL (syndication), then codes
and stores the new ones with the same runner as ``conflictcoder run``. What was
seen is kept in a small SQLite file next to the database (``<db>.watch.sqlite``), so
a restarted watcher does not fetch old items again.

Network trouble is never fatal: a feed that cannot be fetched is skipped for a
growing number of rounds (doubling, capped), an item whose page timed out is tried
again in later rounds (up to ``ITEM_ATTEMPTS``), and every failure is reported.
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from conflictcoder.model import Article, Rejection, Scope, content_id
from conflictcoder.sources.feeds import (
    Fetcher,
    UrlFetcher,
    item_article,
    load_feed_bytes,
    parse_feed,
)
from conflictcoder.stages.headline import headline_end

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

ITEM_ATTEMPTS = 3  # a page that keeps timing out is given up after this many rounds
MAX_BACKOFF_ROUNDS = 16  # a dead feed is still tried at least every 16 rounds
TRANSIENT = frozenset({"fetch-timeout", "fetch-error", "fetch-http"})
_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$", re.I)


def parse_interval(text: str) -> float:
    """Seconds in "90", "90s", "15m", "2h" or "1d"."""
    match = _INTERVAL.match(text)
    if not match:
        raise ValueError(f"not an interval (like 15m, 1h, 90s): {text!r}")
    value = float(match.group(1))
    seconds = value * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[match.group(2).lower()]
    if seconds <= 0:
        raise ValueError(f"the interval must be positive: {text!r}")
    return seconds


class SeenState:
    """URLs, texts and feed health already known to this watcher (SQLite, one file)."""

    def __init__(self, path: str | Path) -> None:
        self.conn = sqlite3.connect(str(path), isolation_level=None)
        self.conn.executescript(
            """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS seen_url (
                url TEXT PRIMARY KEY, status TEXT NOT NULL, attempts INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS seen_text (hash TEXT PRIMARY KEY, url TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS feed_health (
                feed TEXT PRIMARY KEY, failures INTEGER NOT NULL, next_round INTEGER NOT NULL,
                last_error TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS rounds (id INTEGER PRIMARY KEY, at REAL NOT NULL);
            """
        )

    def close(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")
        self.conn.close()

    def begin(self) -> None:
        """What a round marks as seen is kept only once its articles are stored."""
        self.conn.execute("BEGIN IMMEDIATE")

    def commit(self) -> None:
        self.conn.execute("COMMIT")

    def rollback(self) -> None:
        self.conn.execute("ROLLBACK")

    def next_round(self, now: float) -> int:
        cur = self.conn.execute("INSERT INTO rounds (at) VALUES (?)", (now,))
        return int(cur.lastrowid or 0)

    def url_status(self, url: str) -> tuple[str, int] | None:
        row = self.conn.execute(
            "SELECT status, attempts FROM seen_url WHERE url = ?", (url,)).fetchone()
        return (str(row[0]), int(row[1])) if row else None

    def mark_url(self, url: str, status: str) -> None:
        self.conn.execute(
            "INSERT INTO seen_url (url, status, attempts) VALUES (?, ?, 1) ON CONFLICT(url) "
            "DO UPDATE SET status = excluded.status, attempts = attempts + 1", (url, status))

    def text_seen(self, digest: str, url: str) -> str | None:
        """The URL the same text was first seen under, or None (and it is recorded)."""
        row = self.conn.execute("SELECT url FROM seen_text WHERE hash = ?", (digest,)).fetchone()
        if row:
            return str(row[0])
        self.conn.execute("INSERT INTO seen_text (hash, url) VALUES (?, ?)", (digest, url))
        return None

    def feed_due(self, feed: str, round_no: int) -> bool:
        row = self.conn.execute(
            "SELECT next_round FROM feed_health WHERE feed = ?", (feed,)).fetchone()
        return row is None or int(row[0]) <= round_no

    def feed_failed(self, feed: str, round_no: int, error: str) -> int:
        """Record a failure; returns the round from which the feed is tried again."""
        row = self.conn.execute(
            "SELECT failures FROM feed_health WHERE feed = ?", (feed,)).fetchone()
        failures = (int(row[0]) if row else 0) + 1
        next_round = round_no + min(2 ** (failures - 1), MAX_BACKOFF_ROUNDS)
        self.conn.execute(
            "INSERT OR REPLACE INTO feed_health (feed, failures, next_round, last_error) "
            "VALUES (?, ?, ?, ?)", (feed, failures, next_round, error))
        return next_round

    def feed_ok(self, feed: str) -> None:
        self.conn.execute("DELETE FROM feed_health WHERE feed = ?", (feed,))


@dataclass(slots=True)
class RoundReport:
    round_no: int = 0
    feeds_polled: int = 0
    feeds_backing_off: int = 0
    items: int = 0
    seen: int = 0
    same_text: int = 0
    new: list[Article] = field(default_factory=list)
    problems: list[Rejection] = field(default_factory=list)

    def describe(self) -> str:
        line = (
            f"round {self.round_no}: {self.feeds_polled} feeds read"
            f"{f' ({self.feeds_backing_off} backing off)' if self.feeds_backing_off else ''}, "
            f"{self.items} items: {len(self.new)} new, {self.seen} already seen, "
            f"{self.same_text} same text as another URL, {len(self.problems)} problems"
        )
        return line


def _text_digest(article: Article) -> str:
    """The identity of a report's body: the headline paragraph it opens with is left out,
    so one wire story run by two outlets under their own headlines is one text."""
    body = article.text[headline_end(article) :]
    return content_id(" ".join(body.split()).lower(), length=24)


def poll_feeds(
    feeds: Sequence[str],
    state: SeenState,
    *,
    fetcher: Fetcher,
    now: float,
    published: date | None = None,
) -> RoundReport:
    """One round: the new articles of every due feed, and every problem met."""
    report = RoundReport(round_no=state.next_round(now))
    for feed in feeds:
        if not state.feed_due(feed, report.round_no):
            report.feeds_backing_off += 1
            continue
        data = load_feed_bytes(feed, fetcher=fetcher)
        items = data if isinstance(data, Rejection) else parse_feed(data, feed)
        if isinstance(items, Rejection):
            retry = state.feed_failed(feed, report.round_no, items.reason)
            report.problems.append(Rejection(
                feed, f"{items.reason} (tried again in round {retry})", items.code))
            continue
        state.feed_ok(feed)
        report.feeds_polled += 1
        for item in items:
            report.items += 1
            key = item.url or item.guid
            status = state.url_status(key) if key else None
            if status is not None and (status[0] == "done" or status[1] >= ITEM_ATTEMPTS):
                report.seen += 1
                continue
            result = item_article(item, fetcher=fetcher, published=published)
            if isinstance(result, Rejection):
                transient = result.code in TRANSIENT
                if key:
                    state.mark_url(key, "retry" if transient else "done")
                attempts = (status[1] + 1) if status else 1
                note = (f" (attempt {attempts} of {ITEM_ATTEMPTS})"
                        if transient and attempts < ITEM_ATTEMPTS else "")
                report.problems.append(
                    Rejection(result.origin, result.reason + note, result.code))
                continue
            if key:
                state.mark_url(key, "done")
            if state.text_seen(_text_digest(result), key or result.id) is not None:
                report.same_text += 1
                continue
            report.new.append(result)
    return report


def store_articles(
    articles: Sequence[Article], db: str, *, scope: Scope = "political", workers: int = 1
) -> object:
    """Code and store articles with the ``run`` pipeline (merge, dedup, crash safety)."""
    from conflictcoder.runner import run_inputs

    with tempfile.TemporaryDirectory(prefix="conflictcoder-watch-") as tmp:
        batch = Path(tmp) / "new-items.jsonl"
        with batch.open("w", encoding="utf-8") as handle:
            for article in articles:
                handle.write(json.dumps({
                    "id": article.id, "text": article.text, "url": article.url,
                    "title": article.title, "source": article.outlet,
                    "published": article.published.isoformat() if article.published else None,
                }, ensure_ascii=False) + "\n")
        return run_inputs([str(batch)], db, scope=scope, workers=workers, progress=False)


def watch(
    feeds: Sequence[str],
    db: str,
    *,
    every: float = 900.0,
    rounds: int | None = None,
    fetcher: Fetcher | None = None,
    scope: Scope = "political",
    workers: int = 1,
    published: date | None = None,
    report: Callable[[str], None] = print,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.time,
) -> int:
    """Poll ``feeds`` every ``every`` seconds (``rounds`` times, or until stopped).

    Returns the number of new articles stored.
    """
    from conflictcoder.store import StoreError, open_database

    open_database(db).close()  # an unusable database stops us now (StoreError), not later
    fetcher = fetcher or UrlFetcher()
    state = SeenState(f"{db}.watch.sqlite")
    stored = 0
    done = 0
    try:
        while rounds is None or done < rounds:
            started = clock()
            state.begin()
            result = poll_feeds(feeds, state, fetcher=fetcher, now=started, published=published)
            for problem in result.problems:
                report(f"conflictcoder: {problem.origin}: {problem.reason} [{problem.code}]")
            report(result.describe())
            try:
                if result.new:
                    summary = store_articles(result.new, db, scope=scope, workers=workers)
                    stored += len(result.new)
                    describe = getattr(summary, "describe", None)
                    report(describe() if callable(describe) else str(summary))
            except StoreError as exc:  # e.g. locked by another writer: try next round
                state.rollback()
                report(f"conflictcoder: cannot store this round, will retry: {exc}")
            else:
                state.commit()
            done += 1
            if rounds is not None and done >= rounds:
                break
            sleep(max(0.0, every - (clock() - started)))
    finally:
        state.close()
    return stored
