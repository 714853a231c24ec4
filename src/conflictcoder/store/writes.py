"""Idempotent inserts of articles, records and rejections (ids are content hashes).

``INSERT OR IGNORE`` everywhere: storing what is already stored changes nothing.
The caller wraps calls in :func:`~conflictcoder.store.database.write_transaction`.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable

from conflictcoder.merge.dedup import Fingerprint, bands, first_copy, to_signed, to_unsigned
from conflictcoder.merge.linkage import country_key
from conflictcoder.model import (
    Actor,
    Article,
    CasualtyFigure,
    EventRecord,
    Place,
    Rejection,
    content_id,
)
from conflictcoder.store.codec import record_to_json

ANY_TEXT = "*"
BAND_COUNT = 4  # pigeonhole bands: finds every copy within 3 differing bits


def article_exists(conn: sqlite3.Connection, article_id: str) -> bool:
    row = conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone()
    return row is not None


def text_hash(text: str) -> str:
    """Exact identity of an article's text (a re-run skips an article by it)."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def stored_text_hash(conn: sqlite3.Connection, article_id: str) -> str | None:
    """The stored text hash of ``article_id``; None when no such article is stored, and
    ``ANY_TEXT`` for rows stored before texts were hashed (matched by id alone)."""
    row = conn.execute("SELECT content_hash FROM articles WHERE id = ?", (article_id,)).fetchone()
    return None if row is None else (row[0] or ANY_TEXT)


def find_copy(conn: sqlite3.Connection, fingerprint: Fingerprint, max_bits: int) -> str | None:
    """The stored original (not itself a copy) that this fingerprint copies, if any."""
    if max_bits >= BAND_COUNT:
        raise ValueError(f"duplicate_max_bits must be below {BAND_COUNT} for banded lookup")
    candidates: list[tuple[str, Fingerprint]] = []
    for position, value in enumerate(bands(fingerprint.simhash, BAND_COUNT)):
        rows = conn.execute(
            "SELECT a.id, a.simhash, a.numbers FROM article_bands b JOIN articles a "
            "ON a.id = b.article_id WHERE b.band = ? AND b.value = ?", (position, value)
        ).fetchall()
        candidates.extend(
            (row[0], Fingerprint(to_unsigned(row[1]), row[2])) for row in rows
        )
    return first_copy(fingerprint, candidates, max_bits)


def insert_article(
    conn: sqlite3.Connection,
    article: Article,
    fingerprint: Fingerprint,
    *,
    duplicate_of: str | None = None,
    records: int = 0,
) -> None:
    """Store an article; only originals enter the copy index, and only those with records
    keep their text (it is what the API highlights)."""
    cursor = conn.execute(
        "INSERT OR IGNORE INTO articles (id, url, outlet, title, byline, published, wire, "
        "language, origin, text, simhash, numbers, duplicate_of, records, content_hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (article.id, article.url, article.outlet, article.title, article.byline,
         article.published.isoformat() if article.published else None, article.wire,
         article.language, article.origin, article.text if records else None,
         to_signed(fingerprint.simhash), fingerprint.numbers, duplicate_of, records,
         text_hash(article.text)),
    )
    if cursor.rowcount and duplicate_of is None:
        conn.executemany(
            "INSERT OR IGNORE INTO article_bands (band, value, article_id) VALUES (?, ?, ?)",
            [(p, v, article.id) for p, v in enumerate(bands(fingerprint.simhash, BAND_COUNT))],
        )


def place_id(place: Place) -> str:
    if place.geonames_id is not None:
        return content_id("place", str(place.geonames_id), place.precision)
    return content_id("place", place.name, place.admin2, place.admin1, place.country,
                      str(place.latitude), str(place.longitude), place.precision)


def _insert_place(conn: sqlite3.Connection, place: Place) -> str:
    pid = place_id(place)
    conn.execute(
        "INSERT OR IGNORE INTO places (id, name, country, iso2, iso_numeric, region, admin1, "
        "admin2, admin3, latitude, longitude, geonames_id, precision) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (pid, place.name, place.country, place.iso2, place.iso_numeric, place.region,
         place.admin1, place.admin2, place.admin3, place.latitude, place.longitude,
         place.geonames_id, place.precision),
    )
    return pid


def _insert_actor(conn: sqlite3.Connection, actor: Actor) -> str:
    aid = content_id("actor", actor.name, str(actor.inter))
    conn.execute("INSERT OR IGNORE INTO actors (id, name, inter, country) VALUES (?, ?, ?, ?)",
                 (aid, actor.name, actor.inter, actor.country))
    return aid


def _figure_rows(record_id: str, figures: Iterable[CasualtyFigure],
                 is_claim: bool) -> list[tuple[object, ...]]:
    return [
        (record_id, int(is_claim), i, f.kind, f.low, f.best, f.high, f.side, f.status, f.source,
         f.actor, int(f.is_total), f.flag, f.span.article_id, f.span.start, f.span.end, f.text)
        for i, f in enumerate(figures)
    ]


def insert_record(conn: sqlite3.Connection, record: EventRecord) -> bool:
    """Store one record with its normalised rows; False when it was already there."""
    pid = _insert_place(conn, record.place) if record.place else None
    cursor = conn.execute(
        "INSERT OR IGNORE INTO records (id, article_id, event_id, event_date, date_start, "
        "date_end, country_key, place_id, event_type, sub_event_type, fatalities, json) "
        "VALUES (?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (record.id, record.article_id, record.date.end.isoformat(),
         record.date.start.isoformat(), record.date.end.isoformat(), country_key(record), pid,
         record.event_type, record.sub_event_type, record.fatalities, record_to_json(record)),
    )
    if not cursor.rowcount:
        return False
    roles = [("actor1", (record.actor1,)), ("actor2", (record.actor2,)),
             ("assoc_actor_1", record.assoc_actor_1), ("assoc_actor_2", record.assoc_actor_2)]
    for role, actors in roles:
        for position, actor in enumerate(a for a in actors if a is not None):
            conn.execute(
                'INSERT INTO record_actors (record_id, role, position, actor_id, written, start, '
                '"end") VALUES (?, ?, ?, ?, ?, ?, ?)',
                (record.id, role, position, _insert_actor(conn, actor), actor.written,
                 actor.span.start if actor.span else None, actor.span.end if actor.span else None),
            )
    figure_sql = ('INSERT INTO casualty_figures (record_id, is_claim, position, kind, low, best, '
                  'high, side, status, source, actor, is_total, flag, article_id, start, "end", '
                  "text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
    conn.executemany(figure_sql, _figure_rows(record.id, record.figures, False))
    conn.executemany(figure_sql, _figure_rows(record.id, record.claims, True))
    conn.executemany(
        'INSERT INTO provenance (record_id, position, field, article_id, start, "end", text, '
        "sentence) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(record.id, i, p.field, p.span.article_id, p.span.start, p.span.end, p.text, p.sentence)
         for i, p in enumerate(record.provenance)],
    )
    return True


def insert_rejection(conn: sqlite3.Connection, rejection: Rejection) -> None:
    conn.execute("INSERT OR IGNORE INTO rejections (origin, code, reason) VALUES (?, ?, ?)",
                 (rejection.origin, rejection.code, rejection.reason))
