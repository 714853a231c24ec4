"""The HTTP API: filters, paging, GeoJSON and CSV, an event's evidence, one error shape,
validation, injection attempts, and the token-guarded write endpoint.

Two databases: one built by hand from our own short reports (exact values to check
every filter against), and one built by ``run`` from the bundled sample articles.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from conflictcoder.export.rows import ACLED_COLUMNS
from conflictcoder.interfaces import api_support
from conflictcoder.interfaces.api import create_app
from conflictcoder.merge import MergeSettings
from conflictcoder.merge.dedup import Fingerprint
from conflictcoder.model import (
    Actor,
    Article,
    CasualtyFigure,
    DateValue,
    EventRecord,
    Place,
    Provenance,
    Span,
)
from conflictcoder.store import open_database, write_transaction
from conflictcoder.store.merging import merge_pending
from conflictcoder.store.writes import insert_article, insert_record

TOKEN = "s3cret-token-for-tests-only"

# --- a small database from our own reports ------------------------------------------------

DAWN = ("QUETTA: Five policemen were killed when gunmen of the Baloch Liberation Army stormed "
        "a police post in Nushki on Saturday, officials said. The BLA claimed it had killed 280 "
        "soldiers, a figure the army rejected.")
REUTERS = ("QUETTA, Pakistan, Feb 1 (Reuters) - The death toll from Saturday's attack on a "
           "police post in Nushki rose to seven, a provincial official said on Sunday. The "
           "Baloch Liberation Army said it carried out the raid.")
HIIRAAN = ("MOGADISHU, Feb 10 - A suicide bomber from al Shabaab blew himself up at a busy "
           "checkpoint near the Mogadishu port on Tuesday, killing 12 people, police said.")
BORNO = ("MAIDUGURI, March 2 - Gunmen on motorbikes attacked a village near Maiduguri on "
         "Sunday, burning houses and abducting women, residents said. No deaths were reported.")


def span_of(article_id: str, text: str, words: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(words, start + 1)
    return Span(article_id, start, start + len(words))


def sentence_of(text: str, span: Span) -> str:
    start = text.rfind(". ", 0, span.start)
    end = text.find(". ", span.end)
    return text[start + 2 if start != -1 else 0 : end + 1 if end != -1 else len(text)]


def prov(field: str, text: str, span: Span) -> Provenance:
    return Provenance(field, span, text[span.start : span.end], sentence_of(text, span))


def place(name: str, country: str, iso2: str, iso_numeric: int, region: str, admin1: str,
          lat: float, lon: float, geonames_id: int) -> Place:
    return Place(written=name, name=name, country=country, iso2=iso2, iso_numeric=iso_numeric,
                 region=region, admin1=admin1, latitude=lat, longitude=lon,
                 geonames_id=geonames_id)


NUSHKI = place("Nushki", "Pakistan", "PK", 586, "South Asia", "Balochistan", 29.55, 66.02,
               1168749)
MOGADISHU = place("Mogadishu", "Somalia", "SO", 706, "Eastern Africa", "Banaadir", 2.04, 45.34,
                  53654)
MAIDUGURI = place("Maiduguri", "Nigeria", "NG", 566, "Western Africa", "Borno", 11.85, 13.16,
                  2331447)
BLA = Actor("Baloch Liberation Army", "BLA: Baloch Liberation Army", 2, "Pakistan")
POLICE_PK = Actor("policemen", "Police Forces of Pakistan (2024-)", 1, "Pakistan")


def killed(article_id: str, text: str, words: str, n: int, side: str,
           status: str = "official") -> CasualtyFigure:
    return CasualtyFigure("killed", n, n, n, side, status, span_of(article_id, text, words),
                          words)  # type: ignore[arg-type]


def nushki_record(article_id: str, text: str, toll_words: str, toll: int) -> EventRecord:
    when = span_of(article_id, text, "Saturday")
    where = span_of(article_id, text, "Nushki")
    actor = span_of(article_id, text, "Baloch Liberation Army")
    figure = killed(article_id, text, toll_words, toll, "security")
    claims: tuple[CasualtyFigure, ...] = ()
    provenance = [prov("event_date", text, when), prov("location", text, replace(where)),
                  prov("actor1", text, actor), prov("fatalities", text, figure.span)]
    if "280" in text:
        claim = killed(article_id, text, "280 soldiers", 280, "security", "claimed")
        claims = (claim,)
        provenance.append(prov("claims", text, claim.span))
    return EventRecord(
        id=f"rec-{article_id}", article_id=article_id,
        date=DateValue(date(2026, 1, 31), date(2026, 1, 31), "day", when, "weekday", "Saturday"),
        place=replace(NUSHKI, span=where), event_type="Battles", sub_event_type="Armed clash",
        disorder_type="Political violence", actor1=replace(BLA, span=actor), actor2=POLICE_PK,
        figures=(figure,), fatalities=toll, deaths_b=toll, best=toll, low=toll, high=toll,
        claims=claims, type_of_violence=1, provenance=tuple(provenance))


def hand_articles() -> list[tuple[Article, list[EventRecord]]]:
    dawn = Article("dawn-nushki", DAWN, url="https://dawn.example/nushki", outlet="Dawn",
                   title="Five policemen killed in Nushki", published=date(2026, 1, 31))
    reuters = Article("reuters-nushki", REUTERS, url="https://reuters.example/nushki",
                      outlet="Reuters", title="Nushki toll rises to seven",
                      published=date(2026, 2, 1))
    hiiraan = Article("hiiraan-port", HIIRAAN, url="javascript:alert(1)", outlet="Hiiraan",
                      title="Suicide bomber kills 12 at Mogadishu port",
                      published=date(2026, 2, 10))
    borno = Article("borno-village", BORNO, url="https://borno.example/village",
                    outlet="Borno Daily", title="Village attacked near Maiduguri",
                    published=date(2026, 3, 2))
    bomb_when = span_of(hiiraan.id, HIIRAAN, "Tuesday")
    bomb = EventRecord(
        id="rec-port", article_id=hiiraan.id,
        date=DateValue(date(2026, 2, 10), date(2026, 2, 10), "day", bomb_when, "weekday"),
        place=replace(MOGADISHU, span=span_of(hiiraan.id, HIIRAAN, "Mogadishu")),
        event_type="Explosions/Remote violence", sub_event_type="Suicide bomb",
        disorder_type="Political violence",
        actor1=Actor("al Shabaab", "Al Shabaab", 2, "Somalia",
                     span_of(hiiraan.id, HIIRAAN, "al Shabaab")),
        actor2=Actor("people", "Civilians (Somalia)", 7, "Somalia"), civilian_targeting=True,
        figures=(killed(hiiraan.id, HIIRAAN, "killing 12 people", 12, "civilians"),),
        fatalities=12, deaths_civilians=12, best=12, low=12, high=12, type_of_violence=3,
        provenance=(prov("event_date", HIIRAAN, bomb_when),))
    raid = EventRecord(
        id="rec-borno", article_id=borno.id,
        date=DateValue(date(2026, 3, 1), date(2026, 3, 1), "day", None, "weekday"),
        place=MAIDUGURI, event_type="Violence against civilians", sub_event_type="Attack",
        disorder_type="Political violence",
        actor1=Actor("Gunmen", "Unidentified Armed Group (Nigeria)", 3, "Nigeria"),
        actor2=Actor("women", "Civilians (Nigeria)", 7, "Nigeria"), civilian_targeting=True)
    return [
        (dawn, [nushki_record(dawn.id, DAWN, "Five policemen were killed", 5)]),
        (reuters, [nushki_record(reuters.id, REUTERS, "rose to seven", 7)]),
        (hiiraan, [bomb]),
        (borno, [raid]),
    ]


def build_hand_db(path: Path) -> Path:
    conn = open_database(path)
    try:
        with write_transaction(conn):
            conn.execute("INSERT INTO runs (id, status, started_at, inputs) VALUES "
                         "(1, 'done', '2026-03-03T00:00:00+00:00', 'tests')")
            for article, records in hand_articles():
                insert_article(conn, article, Fingerprint.of(article.text), records=len(records))
                for record in records:
                    insert_record(conn, record)
        merge_pending(conn, MergeSettings(), run_no=1)
    finally:
        conn.close()
    return path


@pytest.fixture(scope="module")
def hand_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_hand_db(tmp_path_factory.mktemp("api") / "events.db")


@pytest.fixture(scope="module")
def client(hand_db: Path) -> TestClient:
    return TestClient(create_app(str(hand_db)))


def events(client: TestClient, **params: Any) -> dict[str, Any]:
    response = client.get("/api/events", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def locations(client: TestClient, **params: Any) -> list[str]:
    return sorted(e["location"] for e in events(client, **params)["events"])


def assert_error(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) == {"status", "code", "message", "details"}
    assert error["status"] == status and error["message"]
    if code is not None:
        assert error["code"] == code
    return error


# --- reads -----------------------------------------------------------------------------------

def test_two_reports_of_one_attack_are_one_event_and_the_list_pages(client: TestClient) -> None:
    body = events(client)
    assert body["total"] == 3
    assert body["totals"] == {"events": 3, "fatalities": 19, "countries": 3,
                              "first_date": "2026-01-31", "last_date": "2026-03-01"}
    assert [e["location"] for e in body["events"]] == ["Maiduguri", "Mogadishu", "Nushki"]
    nushki = body["events"][2]
    assert nushki["fatalities"] == 7  # the later report's toll, not the claim
    assert nushki["claims"] == 280
    assert nushki["number_of_sources"] == 2
    assert nushki["event_id_cnty"].startswith("PAK")
    first = events(client, limit=2, offset=0, sort="date")["events"]
    second = events(client, limit=2, offset=2, sort="date")["events"]
    assert [e["location"] for e in first + second] == ["Nushki", "Mogadishu", "Maiduguri"]
    by_toll = events(client, sort="-fatalities")["events"]
    assert [e["fatalities"] for e in by_toll] == [12, 7, 0]


@pytest.mark.parametrize(("params", "expected"), [
    ({"country": "Pakistan"}, ["Nushki"]),
    ({"country": "so"}, ["Mogadishu"]),
    ({"country": "NGA"}, ["Maiduguri"]),
    ({"admin1": "balochistan"}, ["Nushki"]),
    ({"event_type": "Battles"}, ["Nushki"]),
    ({"event_type": "suicide bomb"}, ["Mogadishu"]),
    ({"actor": "Shabaab"}, ["Mogadishu"]),
    ({"actor": "Civilians"}, ["Maiduguri", "Mogadishu"]),
    ({"since": "2026-02-01"}, ["Maiduguri", "Mogadishu"]),
    ({"until": "2026-02-10"}, ["Mogadishu", "Nushki"]),
    ({"since": "2026-02-01", "until": "2026-02-28"}, ["Mogadishu"]),
    ({"bbox": "40,-5,70,35"}, ["Mogadishu", "Nushki"]),
    ({"bbox": "0,0,20,20"}, ["Maiduguri"]),
    ({"min_fatalities": 10}, ["Mogadishu"]),
    ({"min_fatalities": 0}, ["Maiduguri", "Mogadishu", "Nushki"]),
    ({"q": "Nushki"}, ["Nushki"]),
    ({"country": "Pakistan", "event_type": "Protests"}, []),
])
def test_every_filter_narrows_the_list(client: TestClient, params: dict[str, Any],
                                       expected: list[str]) -> None:
    assert locations(client, **params) == expected
    assert events(client, **params)["total"] == len(expected)


def test_geojson_has_the_same_filters_and_lon_lat_points(client: TestClient) -> None:
    response = client.get("/api/events.geojson", params={"country": "Somalia"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/geo+json")
    body = response.json()
    assert body["type"] == "FeatureCollection" and body["total"] == 1
    assert body["totals"] == {"events": 1, "fatalities": 12, "countries": 1,
                              "first_date": "2026-02-10", "last_date": "2026-02-10"}
    (feature,) = body["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [45.34, 2.04]}
    assert feature["properties"]["sub_event_type"] == "Suicide bomb"
    assert feature["properties"]["actor1"] == "Al Shabaab"
    assert "provenance" not in feature["properties"]
    summary = client.get("/api/events.geojson", params={"properties": "summary"}).json()
    assert len(summary["features"]) == 3 and not summary["truncated"]
    assert set(summary["features"][0]["properties"]) >= {"event_id", "fatalities", "event_type"}


def test_csv_export_is_acled_columns_for_the_filtered_set(client: TestClient) -> None:
    response = client.get("/api/events.csv", params={"since": "2026-01-01",
                                                     "min_fatalities": 1})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert list(rows[0]) == list(ACLED_COLUMNS)
    assert [(r["location"], r["fatalities"]) for r in rows] == [("Nushki", "7"),
                                                              ("Mogadishu", "12")]
    assert rows[0]["event_id_cnty"].startswith("PAK")
    assert rows[1]["civilian_targeting"] == "Civilian targeting"
    assert set(rows[0]["source"].split("; ")) == {"Dawn", "Reuters"}


def test_timeline_and_facets_add_up(client: TestClient) -> None:
    days = client.get("/api/timeline").json()["days"]
    assert days == [
        {"date": "2026-01-31", "events": 1, "fatalities": 7},
        {"date": "2026-02-10", "events": 1, "fatalities": 12},
        {"date": "2026-03-01", "events": 1, "fatalities": 0},
    ]
    assert client.get("/api/timeline", params={"country": "PK"}).json()["days"] == days[:1]
    facets = client.get("/api/facets").json()
    assert {c["country"] for c in facets["countries"]} == {"Pakistan", "Somalia", "Nigeria"}
    assert facets["events"] == 3 and facets["fatalities"] == 19
    assert (facets["first_date"], facets["last_date"]) == ("2026-01-31", "2026-03-01")
    actors = {a["actor"]: a["events"] for a in facets["actors"]}
    assert actors["BLA: Baloch Liberation Army"] == 1 and actors["Al Shabaab"] == 1


def test_an_event_shows_its_records_articles_evidence_claims_and_toll_history(
        client: TestClient) -> None:
    nushki = events(client, country="Pakistan")["events"][0]
    response = client.get(f"/api/events/{nushki['event_id']}")
    assert response.status_code == 200
    detail = response.json()
    assert detail["event"]["fatalities"] == 7
    assert {r["record_id"] for r in detail["records"]} == {"rec-dawn-nushki",
                                                          "rec-reuters-nushki"}
    assert [c["best"] for c in detail["claims"]] == [280]
    assert detail["claims"][0]["status"] == "claimed"
    history = [(h["reported"], h["fatalities"], h["source"]) for h in detail["toll_history"]]
    assert history == [("2026-01-31", 5, "Dawn"), ("2026-02-01", 7, "Reuters")]
    articles = {a["id"]: a for a in detail["articles"]}
    assert set(articles) == {"dawn-nushki", "reuters-nushki"}
    assert articles["dawn-nushki"]["url"] == "https://dawn.example/nushki"
    dawn_evidence = articles["dawn-nushki"]["evidence"]
    marks = {(m["field"], m["text"]) for s in dawn_evidence for m in s["marks"]}
    assert marks >= {("event_date", "Saturday"), ("location", "Nushki"),
                     ("actor1", "Baloch Liberation Army"),
                     ("fatalities", "Five policemen were killed"), ("claims", "280 soldiers")}
    for sentence in dawn_evidence:  # every mark points at its own words in its sentence
        assert sentence["sentence"] == DAWN[sentence["start"] : sentence["end"]]
        for mark in sentence["marks"]:
            assert sentence["sentence"][mark["start"] : mark["end"]] == mark["text"]
    claim_sentence = next(s for s in dawn_evidence if any(m["field"] == "claims"
                                                          for m in s["marks"]))
    assert claim_sentence["sentence"].startswith("The BLA claimed it had killed 280 soldiers")
    by_cnty = client.get(f"/api/events/{nushki['event_id_cnty']}")
    assert by_cnty.json()["event"]["event_id"] == nushki["event_id"]


def test_an_unknown_event_is_a_404_in_the_error_shape(client: TestClient) -> None:
    assert_error(client.get("/api/events/nope123"), 404, "not-found")
    assert_error(client.get("/api/no-such-route"), 404, "not-found")
    assert_error(client.delete("/api/events"), 405, "method-not-allowed")


# --- validation and errors -------------------------------------------------------------------

@pytest.mark.parametrize(("params", "parameter"), [
    ({"limit": 0}, "limit"),
    ({"limit": 1001}, "limit"),
    ({"offset": -1}, "offset"),
    ({"offset": 10**9}, "offset"),
    ({"since": "31/01/2026"}, "since"),
    ({"until": "2026-02-30"}, "until"),
    ({"since": "2026-03-01", "until": "2026-01-01"}, "since"),
    ({"bbox": "1,2,3"}, "bbox"),
    ({"bbox": "a,b,c,d"}, "bbox"),
    ({"bbox": "10,0,0,10"}, "bbox"),
    ({"bbox": "0,0,200,10"}, "bbox"),
    ({"min_fatalities": -1}, "min_fatalities"),
    ({"min_fatalities": "many"}, "min_fatalities"),
    ({"event_type": "Massacre"}, "event_type"),
    ({"sort": "id; DROP TABLE events"}, "sort"),
    ({"q": "x" * 201}, "q"),
    ({"country": "Paki\x00stan"}, "country"),
    ({"actor": "a\nb"}, "actor"),
])
def test_bad_parameters_are_422_naming_the_parameter(client: TestClient, params: dict[str, Any],
                                                     parameter: str) -> None:
    error = assert_error(client.get("/api/events", params=params), 422, "invalid-parameter")
    assert parameter in {d["parameter"] for d in error["details"]}


def test_a_misspelt_parameter_is_refused_not_ignored(client: TestClient) -> None:
    error = assert_error(client.get("/api/events", params={"contry": "Pakistan"}), 400,
                         "unknown-parameter")
    assert error["details"][0]["parameter"] == "contry"
    assert_error(client.get("/api/events.geojson", params={"page": 2}), 400)
    assert_error(client.get("/api/facets", params={"x": 1}), 400)


def test_page_and_export_sizes_are_capped(client: TestClient) -> None:
    assert_error(client.get("/api/events.geojson", params={"limit": 20_001}), 422)
    assert_error(client.get("/api/events.csv", params={"limit": 200_001}), 422)


def test_a_query_past_its_time_budget_is_stopped_with_503(
        hand_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(api_support, "QUERY_SECONDS", -1.0)  # already past the deadline
    monkeypatch.setattr(api_support, "CHECK_EVERY", 1)
    slow = TestClient(create_app(str(hand_db)))
    assert_error(slow.get("/api/events"), 503, "query-too-costly")


INJECTIONS = [
    "' OR '1'='1", "'; DROP TABLE events; --", '" OR 1=1 --', "%", "_", "\\", "%' --",
    "1) UNION SELECT json FROM records --", "Pakistan' /*", "ｐａｋｉｓｔａｎ", "🙂", "a" * 64,
    "../../etc/passwd", "<script>alert(1)</script>", "NULL", "0x00",
]


@pytest.mark.parametrize("param", ["country", "admin1", "event_type", "actor", "q", "since",
                                   "until", "bbox", "min_fatalities", "sort", "limit", "offset"])
def test_injection_attempts_in_every_filter_return_empty_or_4xx(client: TestClient, hand_db: Path,
                                                                param: str) -> None:
    for route in ("/api/events", "/api/events.geojson", "/api/timeline"):
        for payload in INJECTIONS:
            if route == "/api/timeline" and param in {"sort", "limit", "offset"}:
                continue
            response = client.get(route, params={param: payload})
            assert response.status_code < 500, (route, param, payload, response.text)
            if response.status_code == 200 and route == "/api/events":
                assert response.json()["total"] <= 3
                if param not in {"q", "actor"}:  # LIKE wildcards may match; nothing else may
                    assert response.json()["total"] == 0, (param, payload)
            elif response.status_code != 200:
                assert_error(response, response.status_code)
    conn = sqlite3.connect(hand_db)
    assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == 3  # nothing dropped
    conn.close()


@pytest.mark.parametrize("event_id", ["' OR 1=1 --", "PAK1;DROP", "a" * 65, "..", "%2e%2e"])
def test_injection_in_an_event_id_is_refused(client: TestClient, event_id: str) -> None:
    response = client.get(f"/api/events/{event_id}")
    assert response.status_code in {404, 422}
    assert_error(response, response.status_code)


# --- files, headers, CORS --------------------------------------------------------------------

def test_only_listed_files_are_served_and_never_a_path(client: TestClient) -> None:
    index = client.get("/")
    assert index.status_code == 200 and "conflictcoder" in index.text
    assert "script-src 'self'" in index.headers["content-security-policy"]
    assert index.headers["x-content-type-options"] == "nosniff"
    assert client.get("/static/app.js").status_code == 200
    for path in ("/static/api.py", "/static/..%2Fapi.py", "/static/%2e%2e/api.py",
                 "/vendor/..%2F..%2Fapi.py", "/vendor/package.json", "/static/index.html",
                 "/vendor/%2Fetc%2Fpasswd"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "def create_app" not in response.text and "root:" not in response.text


def test_openapi_document_lists_the_routes(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    assert {"/api/events", "/api/events.geojson", "/api/events/{event_id}", "/api/articles",
            "/api/timeline", "/api/facets"} <= set(spec["paths"])
    params = {p["name"] for p in spec["paths"]["/api/events"]["get"]["parameters"]}
    assert {"country", "admin1", "event_type", "actor", "since", "until", "bbox",
            "min_fatalities", "q", "sort", "limit", "offset"} <= params
    assert client.get("/api/docs").status_code == 200


def test_cors_is_off_by_default_and_on_only_for_listed_origins(hand_db: Path,
                                                               client: TestClient) -> None:
    plain = client.get("/api/events", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in plain.headers
    allowed = TestClient(create_app(str(hand_db), cors_origins=["https://maps.example"]))
    ok = allowed.get("/api/events", headers={"Origin": "https://maps.example"})
    assert ok.headers["access-control-allow-origin"] == "https://maps.example"
    other = allowed.get("/api/events", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers


def test_a_missing_database_is_a_503_that_does_not_reveal_its_path(tmp_path: Path) -> None:
    missing = TestClient(create_app(str(tmp_path / "none.db")))
    error = assert_error(missing.get("/api/events"), 503, "not-found")
    assert str(tmp_path) not in error["message"]


# --- writes ----------------------------------------------------------------------------------

SUBMITTED = {
    "id": "submitted-1",
    "text": ("KABUL, March 4 (Reuters) - A roadside bomb killed three soldiers in Kandahar "
             "province on Tuesday, the defence ministry said. No group claimed the attack."),
    "published": "2026-03-04",
    "url": "https://example.org/kandahar",
    "title": "Roadside bomb kills three soldiers in Kandahar",
    "source": "Reuters",
}


def count_rows(path: Path, table: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


def test_a_read_only_server_refuses_writes_and_changes_nothing(client: TestClient,
                                                              hand_db: Path) -> None:
    before = count_rows(hand_db, "articles")
    for headers in ({}, {"Authorization": f"Bearer {TOKEN}"}):
        assert_error(client.post("/api/articles", json=SUBMITTED, headers=headers), 403,
                     "read-only")
    assert count_rows(hand_db, "articles") == before


@pytest.fixture
def writable(tmp_path: Path) -> tuple[TestClient, Path]:
    path = build_hand_db(tmp_path / "events.db")
    return TestClient(create_app(str(path), write_token=TOKEN)), path


@pytest.mark.parametrize("headers", [
    {}, {"Authorization": "Bearer wrong-token-wrong-token"}, {"X-Token": TOKEN + "x"},
    {"Authorization": TOKEN}, {"Authorization": "Basic " + TOKEN}, {"X-Token": ""},
])
def test_writes_without_the_right_token_are_refused(writable: tuple[TestClient, Path],
                                                    headers: dict[str, str]) -> None:
    client, path = writable
    before = count_rows(path, "articles")
    response = client.post("/api/articles", json=SUBMITTED, headers=headers)
    assert_error(response, 401, "unauthorized")
    assert response.headers["www-authenticate"] == "Bearer"
    assert count_rows(path, "articles") == before


def test_the_token_is_compared_in_constant_time(writable: tuple[TestClient, Path],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    client, _ = writable
    calls: list[tuple[bytes, bytes]] = []
    real = api_support.hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(api_support.hmac, "compare_digest", spy)
    client.post("/api/articles", json=SUBMITTED, headers={"X-Token": "nope"})
    assert calls == [(b"nope", TOKEN.encode())]


def test_a_submitted_article_is_extracted_stored_and_served(
        writable: tuple[TestClient, Path]) -> None:
    client, path = writable
    assert client.get("/api/facets").json()["events"] == 3
    response = client.post("/api/articles", json=SUBMITTED,
                           headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["article_id"] == "submitted-1" and body["stored"]
    assert count_rows(path, "articles") == 5
    assert body["records"] == len(body["events"]) >= 1
    event = body["events"][0]
    assert event["country"] == "Afghanistan"
    assert client.get("/api/facets").json()["events"] == 3 + len(body["events"])
    detail = client.get(f"/api/events/{event['event_id']}").json()
    assert detail["articles"][0]["id"] == "submitted-1"
    again = client.post("/api/articles", json=SUBMITTED, headers={"X-Token": TOKEN})
    assert again.status_code == 200 and again.json()["already_stored"]
    assert count_rows(path, "articles") == 5


def test_a_write_while_a_run_holds_the_database_is_a_409(
        writable: tuple[TestClient, Path]) -> None:
    client, path = writable
    run = open_database(path)  # a `conflictcoder run` writing: it holds the writer's lock
    try:
        response = client.post("/api/articles", json=SUBMITTED, headers={"X-Token": TOKEN})
        assert str(path) not in assert_error(response, 409, "locked")["message"]
    finally:
        run.close()
    assert count_rows(path, "articles") == 4


@pytest.mark.parametrize(("body", "status", "code"), [
    (b"{not json", 400, "bad-json"),
    (b"\xff\xfe", 400, "bad-json"),
    (b"[1, 2]", 422, "invalid-body"),
    (json.dumps({"id": "x"}).encode(), 422, "invalid-body"),
    (json.dumps({"text": 5}).encode(), 422, "invalid-body"),
    (json.dumps({"text": "Bomb kills two.", "path": "/etc/passwd"}).encode(), 422,
     "invalid-body"),
    (json.dumps({"text": "Bomb kills two.", "published": "yesterday"}).encode(), 422, None),
    (json.dumps({"text": "Bomb kills two.", "title": "t" * 1001}).encode(), 422,
     "invalid-body"),
])
def test_bad_bodies_are_4xx_and_store_nothing(writable: tuple[TestClient, Path], body: bytes,
                                              status: int, code: str | None) -> None:
    client, path = writable
    response = client.post("/api/articles", content=body,
                           headers={"X-Token": TOKEN, "Content-Type": "application/json"})
    assert_error(response, status, code)
    assert count_rows(path, "articles") == 4


def test_an_oversized_body_is_refused_before_it_is_read(writable: tuple[TestClient, Path]) -> None:
    client, path = writable
    big = json.dumps({"text": "x" * (api_support.MAX_BODY_BYTES + 10)}).encode()
    assert_error(client.post("/api/articles", content=big, headers={"X-Token": TOKEN}), 413,
                 "body-too-large")

    def chunks() -> Any:  # no Content-Length: the limit applies while streaming
        for _ in range(api_support.MAX_BODY_BYTES // 65536 + 2):
            yield b"x" * 65536

    streamed = client.post("/api/articles", content=chunks(), headers={"X-Token": TOKEN})
    assert_error(streamed, 413, "body-too-large")
    assert count_rows(path, "articles") == 4


# --- the bundled samples ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def sample_client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    from conflictcoder.demo import samples_dir
    from conflictcoder.runner import run_inputs

    path = tmp_path_factory.mktemp("samples") / "samples.db"
    run_inputs([str(samples_dir())], str(path), progress=False)
    return TestClient(create_app(str(path)))


def test_every_sample_event_has_evidence_that_points_at_its_words(
        sample_client: TestClient) -> None:
    listing = sample_client.get("/api/events", params={"limit": 1000}).json()
    assert listing["total"] >= 4
    geo = sample_client.get("/api/events.geojson").json()
    located = [e for e in listing["events"] if e["latitude"] is not None]
    assert len(geo["features"]) == len(located) >= 4
    marked = 0
    for summary in listing["events"]:
        detail = sample_client.get(f"/api/events/{summary['event_id']}").json()
        assert detail["event"]["event_id"] == summary["event_id"]
        assert detail["articles"], summary
        for article in detail["articles"]:
            for sentence in article["evidence"]:
                for mark in sentence["marks"]:
                    assert sentence["sentence"][mark["start"] : mark["end"]] == mark["text"]
                    marked += 1
        claimed = sum(c["best"] for c in detail["claims"] if c["kind"] == "killed")
        assert summary["claims"] == claimed
    assert marked >= 4 * len(listing["events"])  # date, place, actor and trigger at least


# --- the serve command -------------------------------------------------------------------------

def test_serve_parses_its_options_and_refuses_a_missing_database(
        tmp_path: Path, hand_db: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    import uvicorn

    from conflictcoder.interfaces.cli import build_parser, main

    args = build_parser().parse_args(["serve", "--db", str(hand_db)])
    assert (args.host, args.port, args.token, args.cors_origin) == ("127.0.0.1", 8000, None, [])
    assert main(["serve", "--db", str(tmp_path / "missing.db")]) == 2
    assert "no such database" in capsys.readouterr().err
    started: list[Any] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: started.append((app, kw)))
    monkeypatch.setenv("CONFLICTCODER_TOKEN", "short")
    assert main(["serve", "--db", str(hand_db)]) == 2  # a guessable token is refused
    assert not started
    monkeypatch.setenv("CONFLICTCODER_TOKEN", TOKEN)
    assert main(["serve", "--db", str(hand_db), "--port", "8123"]) == 0
    app, options = started[0]
    assert app.state.writable and (options["host"], options["port"]) == ("127.0.0.1", 8123)
    monkeypatch.delenv("CONFLICTCODER_TOKEN")
    assert main(["serve", "--db", str(hand_db)]) == 0
    assert not started[1][0].state.writable


# --- paging, the read budget and the queue for map-sized reads ----------------------------------

def test_geojson_pages_by_default_and_links_to_the_next_page(client: TestClient) -> None:
    from conflictcoder.interfaces.api import GEOJSON_DEFAULT

    whole = client.get("/api/events.geojson").json()
    assert whole["limit"] == GEOJSON_DEFAULT and whole["links"] == {"next": None, "prev": None}
    empty = client.get("/api/events.geojson", params={"limit": 2, "country": "Chad"}).json()
    assert empty["total"] == 0 and empty["links"] == {"next": None, "prev": None}
    first = client.get("/api/events.geojson", params={"limit": 2, "sort": "date"}).json()
    assert first["returned"] == 2 and first["truncated"]
    assert first["links"]["prev"] is None
    following = client.get(first["links"]["next"]).json()  # the link keeps limit and sort
    assert following["offset"] == 2 and following["limit"] == 2
    assert following["links"]["next"] is None and following["links"]["prev"] is not None
    ids = [f["properties"]["event_id"] for f in first["features"] + following["features"]]
    assert len(set(ids)) == first["total"] == 3


def test_the_event_list_links_its_pages(client: TestClient) -> None:
    page = events(client, limit=1, offset=1, sort="date")
    assert page["links"]["prev"].endswith("offset=0")
    assert "limit=1" in page["links"]["next"] and page["links"]["next"].endswith("offset=2")


def test_full_geojson_properties_are_the_event_rows_without_the_dropped_fields(
        sample_client: TestClient) -> None:
    """The map reads events without their evidence (a lighter query): what it sends must
    still be the event's row, field for field."""
    from conflictcoder.export.writers import GEOJSON_DROP

    geo = sample_client.get("/api/events.geojson", params={"limit": 50}).json()
    assert geo["features"]
    for feature in geo["features"]:
        props = feature["properties"]
        row = sample_client.get(f"/api/events/{props['event_id']}").json()["event"]
        assert row["provenance"], "the sample events carry evidence"
        assert props == {k: v for k, v in row.items() if k not in GEOJSON_DROP}
        assert feature["geometry"]["coordinates"] == [row["longitude"], row["latitude"]]


def test_the_read_budget_counts_cpu_not_waiting(hand_db: Path) -> None:
    """A request that waits (for the CPU, here for a sleep) is not a costly query: only the
    CPU its thread spends counts against the budget."""
    import time as clock

    with api_support.read_connection(str(hand_db), seconds=0.2) as conn:
        clock.sleep(0.4)  # past the budget in wall time, not in CPU time
        assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == 3
    with pytest.raises(api_support.ApiError) as raised, \
            api_support.read_connection(str(hand_db), seconds=0.05) as conn:
        conn.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
                     "SELECT count(*) FROM (SELECT i FROM n LIMIT 100000000)").fetchone()
    assert raised.value.status == 503 and raised.value.code == "query-too-costly"


def test_the_read_budget_follows_a_streamed_response_across_threads(hand_db: Path) -> None:
    """A streamed export's chunks run on whichever pool thread is free: a thread that has
    already spent much CPU on other requests must not count that CPU against this one."""
    import threading
    import time

    opened: list[object] = []
    results: list[object] = []

    served = threading.Event()

    def open_on_a_fresh_thread() -> None:  # its CPU clock starts near zero
        context = api_support.read_connection(str(hand_db), seconds=0.3)
        opened.extend([context, context.__enter__()])
        served.wait(10)  # alive until the chunk is served, as a pool thread stays

    def serve_a_chunk() -> None:
        end = time.thread_time() + 0.6  # this thread's earlier work, for other requests
        while time.thread_time() < end:
            pass
        try:  # enough SQLite steps that the budget is looked at, and little CPU
            results.append(opened[1].execute(  # type: ignore[attr-defined]
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
                "SELECT count(*) FROM (SELECT i FROM n LIMIT 200000)").fetchone()[0])
        except Exception as exc:  # the failure is the result checked
            results.append(exc)

    opener = threading.Thread(target=open_on_a_fresh_thread)
    opener.start()
    while len(opened) < 2 and opener.is_alive():
        time.sleep(0.01)
    worker = threading.Thread(target=serve_a_chunk)
    worker.start()
    worker.join(10)
    served.set()
    opener.join(10)
    opened[0].__exit__(None, None, None)  # type: ignore[attr-defined]
    assert results == [200000]


def test_map_sized_reads_queue_for_a_turn_and_a_long_wait_is_a_503() -> None:
    import anyio

    queue = api_support.ReadQueue(slots=1, wait=0.05)
    outcome: dict[str, object] = {}

    async def main() -> None:
        holding, release = anyio.Event(), anyio.Event()

        async def hold() -> None:
            async with queue.turn():
                holding.set()
                await release.wait()

        async with anyio.create_task_group() as tasks:
            tasks.start_soon(hold)
            await holding.wait()
            try:
                async with queue.turn():
                    outcome["second"] = "got a turn"
            except api_support.ApiError as exc:
                outcome["second"] = exc
            release.set()
        async with queue.turn():  # the turn is free again
            outcome["third"] = "got a turn"

    anyio.run(main)
    refused = outcome["second"]
    assert isinstance(refused, api_support.ApiError)
    assert refused.status == 503 and refused.code == "busy"
    assert refused.headers == {"Retry-After": "10"}
    assert outcome["third"] == "got a turn"


def test_a_free_turn_is_taken_even_when_no_wait_is_allowed() -> None:
    import anyio

    queue = api_support.ReadQueue(slots=1, wait=0)
    taken: list[bool] = []

    async def main() -> None:
        async with queue.turn():
            taken.append(True)

    anyio.run(main)
    assert taken == [True]


def test_queued_map_reads_hold_no_thread_of_the_pool() -> None:
    """Map requests waiting for their turn leave the pool free for the other endpoints."""
    import anyio
    import anyio.to_thread

    async def main() -> tuple[int, int]:
        queue = api_support.ReadQueue(slots=1, wait=5)
        limiter = anyio.to_thread.current_default_thread_limiter()
        release = anyio.Event()

        async def map_read() -> None:
            async with queue.turn():
                await release.wait()

        async with anyio.create_task_group() as tasks:
            for _ in range(60):  # more waiters than the pool has threads
                tasks.start_soon(map_read)
            await anyio.sleep(0.05)
            borrowed = limiter.borrowed_tokens
            # another endpoint's work still gets a thread at once
            with anyio.fail_after(2):
                answer = await anyio.to_thread.run_sync(lambda: 42)
            release.set()
        return borrowed, answer

    borrowed, answer = anyio.run(main)
    assert borrowed == 0
    assert answer == 42


def test_cached_totals_follow_a_commit_by_a_writer(hand_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.db"
    db.write_bytes(hand_db.read_bytes())
    reader = TestClient(create_app(str(db)))
    params = {"limit": 1}
    assert events(reader, **params)["total"] == 3
    assert events(reader, **params)["total"] == 3  # served from the cache
    conn = open_database(str(db))  # a run, committing while the server runs
    try:
        with write_transaction(conn):
            conn.execute("UPDATE events SET status = 'merged' WHERE location = 'Maiduguri'")
    finally:
        conn.close()
    assert events(reader, **params)["total"] == 2
    geo = reader.get("/api/events.geojson", params={"properties": "summary"}).json()
    assert geo["total"] == geo["totals"]["events"] == 2
