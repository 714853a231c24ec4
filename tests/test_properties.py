"""Property tests (hypothesis) for the invariants every stage and the merge must keep."""

from __future__ import annotations

import csv
import io
import json
import random
from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builders import make_place, make_record
from conflictcoder.export.rows import ACLED_COLUMNS, acled_row, record_row
from conflictcoder.export.writers import write_acled_csv, write_geojson, write_jsonl
from conflictcoder.limits import cap_text
from conflictcoder.merge import Report, merge_records
from conflictcoder.model import Actor, Article, CasualtyFigure, DateValue, EventRecord, Span
from conflictcoder.pipeline import extract_article
from conflictcoder.sources.decode import decode_bytes
from conflictcoder.store.codec import record_from_json, record_to_json

# --- generated news text --------------------------------------------------------------------

ACTORS = ["Gunmen", "Soldiers", "Police", "Taliban fighters", "Al-Shabaab militants",
          "M23 rebels", "A suicide bomber", "Protesters", "Unidentified attackers", "A drone"]
VERBS = ["killed", "attacked", "shot dead", "ambushed", "abducted", "wounded", "clashed with",
         "shelled", "stormed", "arrested"]
COUNTS = ["three", "at least 12", "more than 20", "dozens of", "7", "1,500", "two", "no",
          "between 4 and 9", "11 or 12", "a dozen", "99999999", "hundreds of"]
WHO = ["people", "civilians", "soldiers", "police officers", "militants", "villagers"]
PLACES = ["Quetta", "Kabul", "Mogadishu", "Goma", "Kharkiv", "Maiduguri", "Gao", "Marib",
          "Kirkuk", "Bijapur", "Djibo", "Lubero"]
WHEN = ["on Sunday", "late on Monday", "Saturday (31)", "last week", "yesterday",
        "on March 3", "on Jan. 31", "in 2019", "two days ago", "earlier this month",
        "on Friday night", "in 9999", "on Feb. 30", ""]
TAILS = ["a police spokesman said.", "officials said.", "the group claimed.", "(Reuters)",
         "residents said.", ""]


@st.composite
def news_sentence(draw: st.DrawFn) -> str:
    words = [draw(st.sampled_from(ACTORS)), draw(st.sampled_from(VERBS)),
             draw(st.sampled_from(COUNTS)), draw(st.sampled_from(WHO)), "in",
             draw(st.sampled_from(PLACES)), draw(st.sampled_from(WHEN)),
             draw(st.sampled_from(TAILS))]
    if draw(st.booleans()):
        noise = draw(st.text(max_size=12))
        words.insert(draw(st.integers(0, len(words))), noise)
    return " ".join(w for w in words if w)


@st.composite
def news_article(draw: st.DrawFn) -> Article:
    paragraphs = draw(st.lists(st.lists(news_sentence(), min_size=1, max_size=3),
                               min_size=1, max_size=4))
    text = "\n\n".join(" ".join(p) for p in paragraphs)
    published = draw(st.one_of(st.none(), st.dates(date(1990, 1, 1), date(2100, 12, 31))))
    return Article(id="gen", text=text, published=published, origin="generated")


PIPELINE = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@PIPELINE
@given(news_article())
def test_extracted_records_keep_every_invariant(article: Article) -> None:
    result = extract_article(article)
    for record in result.records:
        assert record.article_id == article.id
        for span in record.spans():  # spans inside the text
            assert span.article_id == article.id
            assert 0 <= span.start <= span.end <= len(article.text)
        for item in record.provenance:
            assert item.text == article.text[item.span.start:item.span.end]
        assert record.date.start <= record.date.end
        if article.published is not None:  # dates never after publication
            assert record.date.end <= article.published
        for name in ("fatalities", "deaths_a", "deaths_b", "deaths_civilians",
                     "deaths_unknown", "low", "best", "high"):
            assert getattr(record, name) >= 0, name  # never negative
        assert record.low <= record.best <= record.high
        for figure in (*record.figures, *record.claims):
            assert 0 <= figure.low <= figure.best <= figure.high


@PIPELINE
@given(news_article(), st.integers(200, 5_000))
def test_a_capped_article_codes_only_spans_inside_the_cap(article: Article, limit: int) -> None:
    capped = replace(article, text=cap_text(article.text, limit))
    assert article.text.startswith(capped.text)
    for record in extract_article(capped).records:
        for span in record.spans():
            assert span.end <= len(capped.text)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=3_000))
def test_decoding_any_bytes_gives_text_a_database_can_store(data: bytes) -> None:
    try:
        text = decode_bytes(data)
    except ValueError:
        return  # DecodeError: invalid bytes after a byte-order mark, reported as such
    text.encode("utf-8")  # no lone surrogates
    assert "\x00" not in text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=3_000), st.integers(0, 4_000))
def test_cap_text_returns_a_prefix_within_the_limit(text: str, limit: int) -> None:
    capped = cap_text(text, limit)
    assert text.startswith(capped)
    if limit > 0:
        assert len(capped) <= max(limit, 0)
        if len(text) <= limit:
            assert capped == text
    else:
        assert capped == text


# --- records for the merge and the exports ---------------------------------------------------

TYPES = [("Battles", "Armed clash", "Political violence"),
         ("Explosions/Remote violence", "Suicide bomb", "Political violence"),
         ("Violence against civilians", "Attack", "Political violence"),
         ("Protests", "Peaceful protest", "Demonstrations")]
TOWNS = [("Nushki", 29.55, 66.02), ("Quetta", 30.18, 67.0), ("Pasni", 25.26, 63.47),
         ("Gwadar", 25.12, 62.32)]
ARTICLES = ["dawn-1", "reuters-1", "geo-1", "express-1", "nation-1", "bbc-1"]
REPORTS = {a: Report(a, date(2026, 2, 1) + timedelta(days=i % 3), a.split("-")[0].title(),
                     (a.split("-")[0].title(),)) for i, a in enumerate(ARTICLES)}
free_text = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\r"),
                    max_size=40)  # "\r": see test_acled_csv_keeps_a_carriage_return_in_a_field


@st.composite
def event_record(draw: st.DrawFn, index: int = 0) -> EventRecord:
    article = draw(st.sampled_from(ARTICLES))
    day = date(2026, 1, 28) + timedelta(days=draw(st.integers(0, 4)))
    town, lat, lon = draw(st.sampled_from(TOWNS))
    event_type, sub, disorder = draw(st.sampled_from(TYPES))
    low = draw(st.integers(0, 50))
    best = low + draw(st.integers(0, 20))
    high = best + draw(st.integers(0, 300))
    actor = draw(st.sampled_from([
        Actor("BLA", "BLA: Baloch Liberation Army", 2, "Pakistan", Span(article, 0, 3)),
        Actor("gunmen", "Unidentified Armed Group (Pakistan)", 3, "Pakistan"),
        None]))
    claim = CasualtyFigure("killed", high, high, high, "security", "claimed",
                           Span(article, 5, 9), draw(free_text), source="BLA")
    return make_record(
        id=f"{article}:{index}:{draw(st.integers(0, 3))}", article_id=article,
        date=DateValue(day, day, "day", Span(article, 0, 4), "weekday", "Sunday"),
        place=make_place(town, latitude=lat, longitude=lon, span=Span(article, 10, 16)),
        event_type=event_type, sub_event_type=sub, disorder_type=disorder,
        actor1=actor, fatalities=best, deaths_a=best, low=low, best=best, high=high,
        claims=(claim,) if draw(st.booleans()) else (), notes=draw(free_text),
        source=draw(free_text))


@st.composite
def record_sets(draw: st.DrawFn) -> list[EventRecord]:
    count = draw(st.integers(1, 9))
    records = [draw(event_record(index=i)) for i in range(count)]
    unique: dict[str, EventRecord] = {}
    for record in records:
        unique.setdefault(record.id, record)
    return list(unique.values())


def _summary(events: list) -> list[tuple]:  # type: ignore[type-arg]
    return sorted((e.id, e.record_ids, e.article_ids, e.record.fatalities, e.record.best,
                   e.record.date.end, e.record.place.name if e.record.place else "")
                  for e in events)


MERGE = settings(max_examples=120, deadline=None)


@MERGE
@given(record_sets(), st.randoms(use_true_random=False))
def test_merge_does_not_depend_on_input_order(records: list[EventRecord],
                                              rng: random.Random) -> None:
    shuffled = records[:]
    rng.shuffle(shuffled)
    assert _summary(merge_records(records, REPORTS)) == _summary(merge_records(shuffled, REPORTS))


@MERGE
@given(record_sets())
def test_merge_is_idempotent(records: list[EventRecord]) -> None:
    events = merge_records(records, REPORTS)
    by_id = {r.id: r for r in records}
    assert sorted(rid for e in events for rid in e.record_ids) == sorted(by_id)  # a partition
    for event in events:
        again = merge_records([by_id[rid] for rid in event.record_ids], REPORTS)
        assert _summary(again) == _summary([event])  # a merged event merges to itself
        assert len(set(event.article_ids)) == len(event.article_ids)


@MERGE
@given(record_sets())
def test_merged_counts_keep_their_order(records: list[EventRecord]) -> None:
    for event in merge_records(records, REPORTS):
        record = event.record
        assert 0 <= record.low <= record.best <= record.high
        assert record.fatalities >= 0


@settings(max_examples=150, deadline=None)
@given(event_record())
def test_store_codec_round_trips_records(record: EventRecord) -> None:
    assert record_from_json(record_to_json(record)) == record


def _as_csv_text(value: object) -> str:
    return "" if value is None else str(value)


@settings(max_examples=100, deadline=None)
@given(st.lists(event_record(), min_size=1, max_size=5))
def test_exports_round_trip(records: list[EventRecord]) -> None:
    article = Article("a", "text", outlet="Dawn", published=date(2026, 2, 1))
    rows = [record_row(r, article) for r in records]

    out = io.StringIO()
    assert write_jsonl(rows, out) == len(rows)
    lines = out.getvalue().split("\n")[:-1]  # not splitlines(): U+2028 may stand in a value
    assert [json.loads(line) for line in lines] == json.loads(
        json.dumps(rows, default=str))

    out = io.StringIO()
    write_acled_csv(rows, out)
    read = list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    assert len(read) == len(rows)
    for got, row in zip(read, rows, strict=True):
        expected = acled_row(row)
        assert list(got) == list(ACLED_COLUMNS)
        assert got == {k: _as_csv_text(v) for k, v in expected.items()}

    out = io.StringIO()
    count = write_geojson(rows, out)
    collection = json.loads(out.getvalue())
    assert len(collection["features"]) == count == len(rows)
    for feature, row in zip(collection["features"], rows, strict=True):
        assert feature["geometry"]["coordinates"] == [row["longitude"], row["latitude"]]
        assert feature["properties"]["notes"] == row["notes"]


def test_acled_csv_keeps_a_carriage_return_in_a_field() -> None:
    row = record_row(make_record(notes="Two killed.\rPolice said", source="Dawn"))
    out = io.StringIO()
    write_acled_csv([row], out)
    read = list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    assert [r["notes"] for r in read] == ["Two killed.\rPolice said"]


@settings(max_examples=30, deadline=None)
@given(st.lists(event_record(), min_size=1, max_size=5))
def test_parquet_export_round_trips(records: list[EventRecord]) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    from conflictcoder.export.parquet import write_parquet

    rows = [record_row(r) for r in records]
    buffer = io.BytesIO()
    assert write_parquet(rows, buffer) == len(rows)
    table = pq.read_table(io.BytesIO(buffer.getvalue())).to_pylist()
    for got, row in zip(table, rows, strict=True):
        assert got["fatalities"] == row["fatalities"]
        assert got["notes"] == (row["notes"] or None)
        assert got["latitude"] == row["latitude"]
        assert got["event_date"] == date.fromisoformat(row["event_date"])
