"""Golden tests: the bundled samples and fixtures against tests/data/expectations.toml.

Each table of the TOML file names an article and states what a careful human coder would
code from it: events that must appear, and things that must not (dates outside the report's
window, places from captions and related links, populations or claims counted as deaths).
The reader checks run on their own, so a page-reading regression is told apart from an
extraction one.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conflictcoder.model import Article, EventRecord, Rejection
from conflictcoder.sources.reader import read_path

ROOT = Path(__file__).resolve().parent.parent
EXPECTATIONS_PATH = ROOT / "tests" / "data" / "expectations.toml"
EXPECTATIONS: dict[str, dict[str, Any]] = tomllib.loads(
    EXPECTATIONS_PATH.read_text(encoding="utf-8")
)
SAMPLES_DIR = ROOT / "src" / "conflictcoder" / "samples"

TABLE_KEYS = frozenset({
    "path", "id", "about", "published", "published_input", "outlet", "min_events", "max_events",
    "no_event_before", "no_event_after", "no_location", "no_fatalities", "no_event_type",
    "claims_include", "expect",
})
EXPECT_KEYS = frozenset({
    "date", "date_within", "time_precision", "location", "admin1", "country", "event_type",
    "sub_event_type", "actor", "fatalities", "fatalities_min", "fatalities_max",
})
EVENT_TYPES = frozenset({
    "Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots",
    "Strategic developments",
})


# --- reading ---------------------------------------------------------------------------------

def _published_input(spec: dict[str, Any]) -> date | None:
    value = spec.get("published_input")
    return date.fromisoformat(value) if value else None


def load_article(name: str) -> Article:
    spec = EXPECTATIONS[name]
    items = list(read_path(ROOT / spec["path"], published=_published_input(spec)))
    if "id" in spec:
        items = [i for i in items if isinstance(i, Article) and i.id == spec["id"]]
    assert len(items) == 1, f"{name}: expected one article from {spec['path']}, got {items!r}"
    item = items[0]
    assert not isinstance(item, Rejection), f"{name}: rejected: {item}"
    return item


# --- matching --------------------------------------------------------------------------------

def norm(text: str) -> str:
    """Casefold, drop accents and unify apostrophes, so spellings compare equal."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'").replace("‘", "'"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.casefold().split())


def as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else [value]


def location_names(record: EventRecord) -> set[str]:
    if record.place is None:
        return set()
    return {norm(n) for n in (record.place.name, record.place.written) if n}


def actor_texts(record: EventRecord) -> list[str]:
    actors = [record.actor1, record.actor2, *record.assoc_actor_1, *record.assoc_actor_2]
    texts: list[str] = []
    for actor in actors:
        if actor is not None:
            texts.extend(t for t in (actor.name, actor.written) if t)
    return texts


def has_actor(record: EventRecord, phrase: str) -> bool:
    pattern = re.compile(rf"(?<!\w){re.escape(norm(phrase))}(?:e?s)?(?!\w)")  # plurals: Houthis
    return any(pattern.search(norm(text)) for text in actor_texts(record))


def mismatches(record: EventRecord, want: dict[str, Any]) -> list[str]:
    """The fields of ``want`` that ``record`` does not satisfy (empty: it matches)."""
    bad: list[str] = []
    coded = record.date.end
    if "date" in want and coded != date.fromisoformat(want["date"]):
        bad.append(f"date {coded} != {want['date']}")
    if "date_within" in want:
        first, last = (date.fromisoformat(d) for d in want["date_within"])
        if not first <= coded <= last:
            bad.append(f"date {coded} not in {first}..{last}")
    if "time_precision" in want and record.date.acled_time_precision != want["time_precision"]:
        bad.append(f"time_precision {record.date.acled_time_precision} != {want['time_precision']}")
    place = record.place
    if "location" in want and not location_names(record) & {norm(n) for n in want["location"]}:
        bad.append(f"location {sorted(location_names(record))} not in {want['location']}")
    if "admin1" in want and (place is None or norm(place.admin1) not in
                             {norm(a) for a in want["admin1"]}):
        bad.append(f"admin1 {place.admin1 if place else None!r} not in {want['admin1']}")
    if "country" in want and (place is None or norm(place.country) not in
                              {norm(c) for c in want["country"]}):
        bad.append(f"country {place.country if place else None!r} not in {want['country']}")
    for key in ("event_type", "sub_event_type"):
        if key in want and getattr(record, key) not in as_list(want[key]):
            bad.append(f"{key} {getattr(record, key)!r} not in {as_list(want[key])}")
    for phrase in as_list(want.get("actor", [])):
        if not has_actor(record, phrase):
            bad.append(f"actor {phrase!r} not among {actor_texts(record)}")
    if "fatalities" in want and record.fatalities != want["fatalities"]:
        bad.append(f"fatalities {record.fatalities} != {want['fatalities']}")
    if "fatalities_min" in want and record.fatalities < want["fatalities_min"]:
        bad.append(f"fatalities {record.fatalities} < {want['fatalities_min']}")
    if "fatalities_max" in want and record.fatalities > want["fatalities_max"]:
        bad.append(f"fatalities {record.fatalities} > {want['fatalities_max']}")
    return bad


def describe(record: EventRecord) -> str:
    place = record.place
    where = f"{place.name} ({place.admin1}, {place.country})" if place else "no place"
    actors = " / ".join(a.name for a in (record.actor1, record.actor2) if a) or "no actors"
    claims = [c.best for c in record.claims]
    return (f"{record.date.end} {where} {record.event_type} / {record.sub_event_type} "
            f"[{actors}] fatalities={record.fatalities} claims={claims}")


def violations(spec: dict[str, Any], records: tuple[EventRecord, ...]) -> Iterator[str]:
    """Every expectation of ``spec`` that ``records`` break, as readable lines."""
    n = len(records)
    if "min_events" in spec and n < spec["min_events"]:
        yield f"{n} events, expected at least {spec['min_events']}"
    if "max_events" in spec and n > spec["max_events"]:
        yield f"{n} events, expected at most {spec['max_events']}"
    before = date.fromisoformat(spec["no_event_before"]) if "no_event_before" in spec else None
    after = date.fromisoformat(spec["no_event_after"]) if "no_event_after" in spec else None
    banned_places = {norm(p) for p in spec.get("no_location", [])}
    banned_counts = set(spec.get("no_fatalities", []))
    banned_types = set(spec.get("no_event_type", []))
    for record in records:
        if before and record.date.start < before:
            yield f"dated before {before}: {describe(record)}"
        if after and record.date.end > after:
            yield f"dated after {after}: {describe(record)}"
        if location_names(record) & banned_places:
            yield f"placed where nothing happened: {describe(record)}"
        counted = {record.fatalities, record.best} & banned_counts
        if counted:
            yield f"counts {sorted(counted)} as deaths: {describe(record)}"
        if record.event_type in banned_types:
            yield f"event type {record.event_type!r} is wrong here: {describe(record)}"
    claimed = {c.best for r in records for c in r.claims}
    for figure in spec.get("claims_include", []):
        if figure not in claimed:
            yield f"claim of {figure} not kept in any record's claims (claims: {sorted(claimed)})"
    for want in spec.get("expect", []):
        if any(not mismatches(r, want) for r in records):
            continue
        closest = min(records, key=lambda r: len(mismatches(r, want)), default=None)
        detail = "; ".join(mismatches(closest, want)) if closest else "no records at all"
        yield f"missing event {want}: closest is off by: {detail}"


# --- the expectations file itself ------------------------------------------------------------

def test_expectations_are_well_formed() -> None:
    assert len(EXPECTATIONS) >= 14
    for name, spec in EXPECTATIONS.items():
        assert set(spec) <= TABLE_KEYS, f"{name}: unknown keys {set(spec) - TABLE_KEYS}"
        assert (ROOT / spec["path"]).is_file(), f"{name}: no file {spec['path']}"
        assert spec.get("about"), f"{name}: say what the article tests"
        for key in ("published", "published_input", "no_event_before", "no_event_after"):
            if key in spec:
                date.fromisoformat(spec[key])
        for want in spec.get("expect", []):
            assert set(want) <= EXPECT_KEYS, f"{name}: unknown keys {set(want) - EXPECT_KEYS}"
            assert want, f"{name}: an empty expectation matches anything"
            for event_type in as_list(want.get("event_type", [])):
                assert event_type in EVENT_TYPES, f"{name}: no ACLED event type {event_type!r}"
        assert not (spec.get("expect") and spec.get("max_events") == 0), name


def test_every_bundled_sample_has_expectations() -> None:
    covered = {(spec["path"], spec.get("id")) for spec in EXPECTATIONS.values()}
    for path in sorted(SAMPLES_DIR.iterdir()):
        rel = str(path.relative_to(ROOT))
        if path.suffix == ".html":
            assert (rel, None) in covered, f"{rel} has no table in expectations.toml"
        elif path.suffix == ".jsonl":
            for item in read_path(path):
                assert isinstance(item, Article), item
                assert (rel, item.id) in covered, f"{rel}:{item.id} has no table"


def test_violations_are_found_in_a_made_up_record() -> None:
    """The checker itself must catch a wrong record, or every golden test passes vacuously."""
    from conflictcoder.model import Actor, DateValue, Place

    record = EventRecord(
        id="r", article_id="a",
        date=DateValue(date(2026, 2, 5), date(2026, 2, 5), "day", None, "test"),
        place=Place("Lakki Marwat", "Lakki Marwat", "Pakistan", "PK", 586, "Southern Asia",
                    admin1="Khyber Pakhtunkhwa"),
        event_type="Battles", sub_event_type="Armed clash", disorder_type="Political violence",
        actor1=Actor("BLA", "BLA: Baloch Liberation Army", 2), actor2=None, fatalities=280,
    )
    found = list(violations(EXPECTATIONS["balochistan_reuters"], (record,)))
    text = "\n".join(found)
    for phrase in ("at least 3", "dated after", "placed where", "counts [280]", "claim of 280",
                   "missing event"):
        assert phrase in text, f"{phrase!r} not reported in:\n{text}"
    assert not mismatches(record, {"actor": "BLA", "event_type": "Battles"})
    assert mismatches(record, {"actor": "Baloch Liberation Front"})


# --- the reader ------------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(EXPECTATIONS))
def test_reader_finds_the_article_and_its_metadata(name: str) -> None:
    spec = EXPECTATIONS[name]
    article = load_article(name)
    assert len(article.text) > 300
    if "published" in spec:
        assert article.published == date.fromisoformat(spec["published"])
    if "outlet" in spec:
        assert article.outlet == spec["outlet"]


def test_page_chrome_stays_out_of_the_balochistan_text() -> None:
    text = load_article("balochistan_reuters").text
    for chrome in ("Skip to main content", "Lakki Marwat", "More For You", "Dera Ismail Khan",
                   "Read more", "About the author", "Our Standards"):
        assert chrome not in text, chrome
    for body in ("Saturday (31)", "late on Monday (2)", "280 soldiers", "about 50,000 people"):
        assert body in text, body


# --- extraction ------------------------------------------------------------------------------

def _extract() -> Any:
    try:
        from conflictcoder.pipeline import extract_article
    except ImportError as exc:  # stages still being written: report, do not fail collection
        pytest.skip(f"pipeline not importable yet: {exc}")
    return extract_article


@pytest.mark.parametrize("name", sorted(EXPECTATIONS))
def test_golden_extraction(name: str) -> None:
    extract_article = _extract()
    spec = EXPECTATIONS[name]
    records = extract_article(load_article(name)).records
    found = list(violations(spec, records))
    listing = "\n  ".join(describe(r) for r in records) or "(none)"
    assert not found, (f"{name}: " + "\n- ".join(["", *found])
                       + f"\nrecords:\n  {listing}")
