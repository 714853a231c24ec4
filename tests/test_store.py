"""The event store: schema and migrations, idempotent writes, merging into stable events,
queries, and clear errors for a newer schema, a read-only or locked file and a full disk."""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from builders import make_record
from conflictcoder.merge import MergeSettings
from conflictcoder.merge.dedup import Fingerprint
from conflictcoder.model import Article, DateValue, EventRecord
from conflictcoder.store import (
    LATEST_VERSION,
    EventFilter,
    StoreError,
    count_events,
    get_event,
    open_database,
    query_events,
    write_transaction,
)
from conflictcoder.store.codec import record_from_json, record_to_json
from conflictcoder.store.merging import merge_pending
from conflictcoder.store.writes import find_copy, insert_article, insert_record
from test_merge import OTHER_EVENTS, SAME_EVENT, ied

PUBLISHED = {"dawn-1": (date(2026, 1, 31), "Dawn"), "reuters-1": (date(2026, 2, 1), "Reuters"),
             "express-1": (date(2026, 2, 2), "Express Tribune"),
             "geo-1": (date(2026, 2, 2), "Geo News"), "nation-1": (date(2026, 1, 31), "The Nation"),
             "dawn-2": (date(2026, 1, 31), "Dawn"), "dawn-3": (date(2026, 1, 28), "Dawn"),
             "later-1": (date(2026, 2, 5), "AP")}


def article(article_id: str) -> Article:
    published, outlet = PUBLISHED[article_id]
    return Article(id=article_id, text=f"Text of {article_id} from {outlet}.", outlet=outlet,
                   published=published, url=f"https://example.org/{article_id}")


def store(conn: sqlite3.Connection, records: list[EventRecord]) -> None:
    with write_transaction(conn):
        for aid in sorted({r.article_id for r in records}):
            art = article(aid)
            insert_article(conn, art, Fingerprint.of(art.text),
                           records=sum(r.article_id == aid for r in records))
        for record in records:
            insert_record(conn, record)


def dump(conn: sqlite3.Connection) -> dict[str, list[tuple[object, ...]]]:
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                         "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    return {t: sorted(tuple(r) for r in conn.execute(f"SELECT * FROM {t}")) for t in tables}


@pytest.fixture
def db(tmp_path: Path) -> sqlite3.Connection:
    conn = open_database(tmp_path / "events.db")
    yield conn
    conn.close()


def test_open_database_creates_a_wal_database_at_the_latest_schema(tmp_path: Path) -> None:
    conn = open_database(tmp_path / "events.db")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
    conn.close()
    again = open_database(tmp_path / "events.db")  # reopening migrates nothing
    names = [r[0] for r in again.execute("SELECT name FROM schema_migrations")]
    assert len(names) == LATEST_VERSION
    again.close()


def test_record_json_round_trips() -> None:
    for record in [*SAME_EVENT, *OTHER_EVENTS, make_record()]:
        assert record_from_json(record_to_json(record)) == record


def test_merge_pending_builds_events_with_acled_style_ids(db: sqlite3.Connection) -> None:
    store(db, SAME_EVENT + OTHER_EVENTS)
    counts = merge_pending(db, MergeSettings(), run_no=1)
    assert (counts.records, counts.events_new, counts.events_updated) == (9, 5, 0)
    events = query_events(db, limit=None)
    assert sorted(e.id_cnty for e in events) == [f"PAK{i}" for i in range(1, 6)]
    # numbered in date order: the 28 January IED is PAK1
    assert events[0].id_cnty == "PAK1" and events[0].event.record_ids == ("e1",)
    ied_event = next(e for e in events if "a1" in e.event.record_ids)
    assert ied_event.event.record.fatalities == 6
    assert [t.fatalities for t in ied_event.event.toll_history] == [3, 5, 7, 6]
    # nothing pending: a second merge changes nothing
    before = dump(db)
    assert merge_pending(db, MergeSettings(), run_no=2).records == 0
    assert dump(db) == before


def test_storing_the_same_records_twice_changes_nothing(db: sqlite3.Connection) -> None:
    store(db, SAME_EVENT)
    merge_pending(db, MergeSettings(), run_no=1)
    before = dump(db)
    store(db, SAME_EVENT)
    merge_pending(db, MergeSettings(), run_no=2)
    assert dump(db) == before


def test_a_later_report_revises_the_toll_and_the_event_keeps_its_ids(
    db: sqlite3.Connection,
) -> None:
    store(db, SAME_EVENT[:2])
    merge_pending(db, MergeSettings(), run_no=1)
    (first,) = query_events(db)
    assert first.event.record.fatalities == 5
    store(db, [ied("late", "later-1", 9)])
    counts = merge_pending(db, MergeSettings(), run_no=2)
    assert (counts.events_new, counts.events_updated) == (0, 1)
    (revised,) = query_events(db)
    assert (revised.id, revised.id_cnty) == (first.id, first.id_cnty)
    assert revised.event.record.fatalities == 9
    assert [(t.fatalities, t.reported, t.source) for t in revised.event.toll_history] == [
        (3, date(2026, 1, 31), "Dawn"), (5, date(2026, 2, 1), "Reuters"),
        (9, date(2026, 2, 5), "AP")]
    assert revised.changed_run == 2
    detail = get_event(db, first.id_cnty)
    assert detail is not None and len(detail.records) == 3
    assert [a.outlet for a in detail.articles] == ["Dawn", "Reuters", "AP"]
    assert [t.fatalities for t in detail.toll_history] == [3, 5, 9]


def test_a_bridging_report_merges_two_events_and_the_merge_is_logged(
    db: sqlite3.Connection,
) -> None:
    # Two reports of one bombing, one dated Friday and one Sunday: too far apart to link.
    friday = DateValue(date(2026, 1, 30), date(2026, 1, 30), "day", None, "test")
    sunday = DateValue(date(2026, 2, 1), date(2026, 2, 1), "day", None, "test")
    store(db, [ied("fri", "dawn-1", 3, date=friday), ied("sun", "reuters-1", 3, date=sunday)])
    merge_pending(db, MergeSettings(max_days_apart=1), run_no=1)
    assert count_events(db) == 2
    # A wider window (a setting change) links them; the older event keeps its id.
    store(db, [ied("sat", "geo-1", 3)])
    counts = merge_pending(db, MergeSettings(max_days_apart=2), run_no=2)
    assert counts.events_retired == 1
    (survivor,) = query_events(db)
    assert survivor.id_cnty == "PAK1"
    log = db.execute("SELECT action, other_event_id FROM merge_log").fetchall()
    assert [tuple(r) for r in log] == [("merge", survivor.id)]
    retired = db.execute("SELECT status, merged_into FROM events WHERE id_cnty = 'PAK2'")
    assert tuple(retired.fetchone()) == ("merged", survivor.id)


def test_query_events_filters(db: sqlite3.Connection) -> None:
    store(db, SAME_EVENT + OTHER_EVENTS)
    merge_pending(db, MergeSettings(), run_no=1)
    assert len(query_events(db, country="Pakistan", limit=None)) == 5
    assert len(query_events(db, country="PK")) == 5 and len(query_events(db, country="PAK")) == 5
    assert query_events(db, country="Afghanistan") == []
    assert len(query_events(db, since=date(2026, 1, 29))) == 4
    assert len(query_events(db, until=date(2026, 1, 28))) == 1
    assert len(query_events(db, event_type="Protests")) == 1
    assert len(query_events(db, event_type="Armed clash")) == 1
    assert len(query_events(db, actor="Baloch")) == 1
    assert len(query_events(db, min_fatalities=4)) == 2
    assert len(query_events(db, bbox=(65.0, 28.0, 65.8, 29.0))) == 1  # Kharan only
    assert len(query_events(db, text="protest")) == 1
    page = query_events(db, limit=2, offset=1, order="-fatalities")
    assert [e.event.record.fatalities for e in page] == [4, 2]
    assert count_events(db, EventFilter(country="PK")) == 5


def test_copies_are_found_through_the_band_index(db: sqlite3.Connection) -> None:
    text = ("A roadside bomb struck a police patrol in Nushki on Saturday, killing three "
            "policemen, officials said, adding that the attackers escaped into the hills.")
    original = Article(id="orig", text=text, outlet="Reuters")
    with write_transaction(db):
        insert_article(db, original, Fingerprint.of(text), records=1)
    copy = "NUSHKI, Pakistan (AP) - " + text
    assert find_copy(db, Fingerprint.of(copy), 3) == "orig"
    assert find_copy(db, Fingerprint.of(text.replace("three", "four")), 3) is None


def test_a_newer_schema_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "events.db"
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE future (x)")
    raw.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    raw.commit()
    raw.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer") as info:
        open_database(path)
    assert info.value.code == "schema-too-new"
    assert path.read_bytes() == before
    with pytest.raises(StoreError, match="newer"):
        open_database(path, readonly=True)


def test_a_read_only_database_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "events.db"
    open_database(path).close()
    os.chmod(path, 0o444)
    try:
        with pytest.raises(StoreError, match="read-only") as info:
            open_database(path)
        assert info.value.code == "read-only"
        reader = open_database(path, readonly=True)  # reading is fine
        assert reader.execute("SELECT count(*) FROM events").fetchone()[0] == 0
        reader.close()
    finally:
        os.chmod(path, 0o644)


def test_a_second_writer_is_refused_while_readers_are_fine(tmp_path: Path) -> None:
    path = tmp_path / "events.db"
    writer = open_database(path)
    with pytest.raises(StoreError, match="another conflictcoder run") as info:
        open_database(path)
    assert info.value.code == "locked"
    store(writer, SAME_EVENT)
    reader = open_database(path, readonly=True)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("DELETE FROM provenance")  # uncommitted: the reader must not see it
    assert reader.execute("SELECT count(*) FROM records").fetchone()[0] == 4
    writer.execute("ROLLBACK")
    reader.close()
    writer.close()
    open_database(path).close()  # the lock is released with the writer


def test_a_full_disk_rolls_back_the_whole_transaction(tmp_path: Path) -> None:
    path = tmp_path / "events.db"
    conn = open_database(path)
    store(conn, SAME_EVENT[:1])
    before = dump(conn)
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages + 2}")  # what a full disk looks like to SQLite
    big = [ied(f"big{i}", "dawn-1", 3, notes="x" * 4000) for i in range(40)]
    with pytest.raises(StoreError, match="full") as info:
        store(conn, big)
    assert info.value.code == "disk-full"
    assert dump(conn) == before
    conn.close()


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "events.db"
    path.write_text("this is not sqlite " * 100)
    with pytest.raises(StoreError) as info:
        open_database(path)
    assert info.value.code == "not-a-database"


def test_a_version_1_database_is_migrated_and_its_articles_still_skip(tmp_path: Path) -> None:
    from conflictcoder.store.migrations import MIGRATIONS, apply_migration
    from conflictcoder.store.writes import ANY_TEXT, stored_text_hash

    path = tmp_path / "old.db"
    raw = sqlite3.connect(path, isolation_level=None)
    apply_migration(raw, MIGRATIONS[0])
    raw.execute("INSERT INTO articles (id, url, outlet, title, byline, wire, language, origin, "
                "simhash, numbers) VALUES ('old', '', '', '', '', '', 'en', '', 0, '')")
    raw.close()
    conn = open_database(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION >= 2
    assert stored_text_hash(conn, "old") == ANY_TEXT  # matched by id alone
    assert stored_text_hash(conn, "new") is None
    conn.close()


def write_jsonl(path: Path, items: list[dict[str, str]]) -> Path:
    path.write_text("\n".join(json.dumps(item) for item in items) + "\n", encoding="utf-8")
    return path


def test_run_stores_two_files_that_reuse_ids_and_lists_rejections(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from conflictcoder.runner import run_inputs, serial_mapper
    from test_crash_safety import stand_in_extract

    first = write_jsonl(tmp_path / "a.jsonl", [
        {"id": "1", "text": "On 2025-03-01 in Bannu, a gunfight killed 4 people, police said.",
         "published": "2025-03-01", "source": "Dawn"},
        {"id": "2", "text": ""},
    ])
    second = write_jsonl(tmp_path / "b.jsonl", [
        {"id": "1", "text": "On 2025-03-02 in Turbat, a roadside bomb killed 2 people.",
         "published": "2025-03-02", "source": "Geo News"},
    ])
    db = str(tmp_path / "events.db")
    summary = run_inputs([str(first), str(second)], db, progress=True,
                         mapper=serial_mapper(stand_in_extract))
    assert (summary.articles_read, summary.articles_new, summary.records_new) == (2, 2, 2)
    assert summary.events_new == 2 and summary.rejected == 1
    assert summary.rejected_by_code() == {"jsonl-type": 1}
    err = capsys.readouterr().err
    assert "pages/s" in err and "2 records" in err
    assert "1 inputs rejected (jsonl-type 1)" in summary.describe()
    conn = open_database(db, readonly=True)
    assert conn.execute("SELECT count(*) FROM rejections").fetchone()[0] == 1
    assert {row[0] for row in conn.execute("SELECT outlet FROM articles")} == {"Dawn",
                                                                              "Geo News"}
    conn.close()
    again = run_inputs([str(second), str(first)], db, progress=False,
                       mapper=serial_mapper(stand_in_extract))
    assert (again.already_stored, again.articles_new, again.events_new) == (2, 0, 0)


def test_the_cli_run_reports_a_bad_database_clearly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from conflictcoder.interfaces.cli import main

    source = write_jsonl(tmp_path / "a.jsonl", [{"id": "1", "text": "Nothing happened."}])
    bad = tmp_path / "events.db"
    bad.write_text("not a database " * 50)
    assert main(["run", str(source), "--db", str(bad), "--no-progress"]) == 1
    assert "not a conflictcoder database" in capsys.readouterr().err


def test_a_split_mints_a_new_event_and_is_logged(db: sqlite3.Connection) -> None:
    from test_merge import make_place

    near = make_place("Nushki bazaar", geonames_id=None, latitude=29.55 + 0.03, longitude=66.02)
    store(db, [ied("r1", "dawn-1", 3), ied("r2", "reuters-1", 3, place=near)])
    merge_pending(db, MergeSettings(max_km_apart=5.0), run_no=1)
    (before,) = query_events(db)
    # Later, with a tighter distance gate, a third report sides with the second one.
    store(db, [ied("r3", "geo-1", 3, place=near)])
    counts = merge_pending(db, MergeSettings(max_km_apart=1.0), run_no=2)
    assert counts.events_new == 1 and counts.log_entries == 1
    events = query_events(db)
    assert len(events) == 2 and before.id in {e.id for e in events}
    action, source, target = db.execute(
        "SELECT action, event_id, other_event_id FROM merge_log").fetchone()
    assert (action, source) == ("split", before.id) and target != before.id
    assert {e.id_cnty for e in events} == {"PAK1", "PAK2"}


def failing_extract(article: Article, scope: str) -> object:
    from conflictcoder.model import Rejection
    from test_crash_safety import stand_in_extract

    if "BOOM" in article.text:
        return Rejection(article.id, "extraction failed: boom", "extract-error")
    return stand_in_extract(article, scope)


def test_a_copy_of_an_article_that_failed_is_rejected_not_stored(tmp_path: Path) -> None:
    from conflictcoder.runner import run_inputs, serial_mapper

    text = ("On 2025-03-01 in Bannu, a gunfight killed 4 people, police said. BOOM. Shops "
            "stayed shut and the roads were empty until late in the evening.")
    source = write_jsonl(tmp_path / "a.jsonl", [
        {"id": "wire", "text": text, "source": "APP"},
        {"id": "paper", "text": "BANNU (APP) - " + text, "source": "Daily Times"},
    ])
    db = str(tmp_path / "events.db")
    summary = run_inputs([str(source)], db, progress=False,
                         mapper=serial_mapper(failing_extract))  # type: ignore[arg-type]
    assert summary.duplicates == 1 and summary.rejected == 2 and summary.articles_new == 0
    conn = open_database(db, readonly=True)
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM rejections").fetchone()[0] == 2
    conn.close()
