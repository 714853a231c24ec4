"""Tiny factories for hand-built model objects (no resources loaded)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from conflictcoder.model import Actor, CasualtyFigure, DateValue, EventRecord, Place, Span
from conflictcoder.sources.feeds import FetchError


def make_place(name: str = "Nushki", **overrides: object) -> Place:
    values: dict[str, object] = dict(
        written=name,
        name=name,
        country="Pakistan",
        iso2="PK",
        iso_numeric=586,
        region="South Asia",
        admin1="Balochistan",
        admin2="Nushki",
        latitude=29.55,
        longitude=66.02,
        geonames_id=1168749,
        precision="exact",
        span=Span("a", 10, 16),
    )
    values.update(overrides)
    return Place(**values)  # type: ignore[arg-type]


def make_record(**overrides: object) -> EventRecord:
    claim = CasualtyFigure(
        kind="killed",
        low=280,
        best=280,
        high=280,
        side="security",
        status="claimed",
        span=Span("a", 40, 60),
        text="280 soldiers",
        source="BLA",
    )
    values: dict[str, object] = dict(
        id="r1",
        article_id="a",
        date=DateValue(
            date(2026, 1, 31), date(2026, 1, 31), "day", Span("a", 0, 8), "weekday", "Saturday"
        ),
        place=make_place(),
        event_type="Battles",
        sub_event_type="Armed clash",
        disorder_type="Political violence",
        actor1=Actor("BLA", "BLA: Baloch Liberation Army", 2, "Pakistan", Span("a", 20, 23)),
        actor2=Actor("police", "Police Forces of Pakistan (2024-)", 1, "Pakistan"),
        fatalities=7,
        deaths_a=7,
        best=7,
        low=7,
        high=280,
        claims=(claim,),
        type_of_violence=1,
        source="Reuters",
        notes="A note.",
    )
    values.update(overrides)
    return EventRecord(**values)  # type: ignore[arg-type]


@dataclass
class FakeFetcher:
    """URL -> bytes, or -> a FetchError to raise; records every URL asked for."""

    pages: dict[str, bytes | FetchError] = field(default_factory=dict)
    asked: list[str] = field(default_factory=list)

    def fetch(self, url: str) -> bytes:
        self.asked.append(url)
        answer = self.pages.get(url, FetchError(f"HTTP 404 from {url}", "fetch-http"))
        if isinstance(answer, FetchError):
            raise answer
        return answer


def write_old_gazetteer(path: Path, rows_sql: str, *, name_index: bool = False) -> Path:
    """A gazetteer file in the oldest layout readers still accept (no stored key filter,
    area keys or prefix filter), holding the rows ``rows_sql`` inserts."""
    conn = sqlite3.connect(path)
    conn.executescript(
        "CREATE TABLE place (id INTEGER PRIMARY KEY, name TEXT, kind TEXT, iso2 TEXT,"
        " admin1 TEXT, admin2 TEXT, admin1_id INTEGER, admin2_id INTEGER, population INTEGER,"
        " lat REAL, lon REAL, geonames_id INTEGER, seat TEXT);"
        "CREATE TABLE name (key TEXT, place_id INTEGER, exact INTEGER);"
        + ("CREATE INDEX name_key ON name (key, place_id);" if name_index else "")
        + "CREATE TABLE country (iso2 TEXT, name TEXT, iso_numeric INTEGER, region TEXT,"
        " place_id INTEGER);"
        "CREATE TABLE country_name (key TEXT, iso2 TEXT, demonym INTEGER);"
        + rows_sql
    )
    conn.commit()
    conn.close()
    return path
