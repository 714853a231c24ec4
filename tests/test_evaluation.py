"""`evaluate` on tiny gold files written here, in the shape of the shared development sets."""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

import pytest

from conflictcoder.evaluation import KINDS, print_scores
from conflictcoder.evaluation.acled_notes import names_the_day, names_the_place
from conflictcoder.evaluation.common import (
    actor_matches,
    location_matches,
    parse_iso_date,
    spread_sample,
)
from conflictcoder.evaluation.ucdp import states_the_toll

ACLED_FIELDS = ["event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1",
                "actor2", "admin1", "location", "latitude", "longitude", "fatalities", "notes",
                "fatality_gold_reliable", "country"]

NOTES = [
    {"event_id_cnty": "PAK1", "event_date": "2026-03-14", "event_type": "Battles",
     "sub_event_type": "Armed clash", "actor1": "BLA: Baloch Liberation Army",
     "actor2": "Military Forces of Pakistan (2024-)", "admin1": "Balochistan",
     "location": "Nushki", "latitude": "29.5522", "longitude": "66.0229", "fatalities": "4",
     "country": "Pakistan", "fatality_gold_reliable": "True",
     "notes": "On 14 March 2026, BLA militants clashed with soldiers of the Pakistani army "
              "in Nushki town (Nushki, Balochistan). Four soldiers were killed."},
    {"event_id_cnty": "KEN1", "event_date": "2026-03-10", "event_type": "Protests",
     "sub_event_type": "Peaceful protest", "actor1": "Protesters (Kenya)", "actor2": "",
     "admin1": "Nairobi", "location": "Nairobi", "latitude": "-1.2833",
     "longitude": "36.8167", "fatalities": "0", "country": "Kenya",
     "fatality_gold_reliable": "True",
     "notes": "On 10 March 2026, teachers staged a peaceful protest outside parliament in "
              "Nairobi (Nairobi) over delayed salaries."},
]


def _write_csv(path: Path, fields: list[str], rows: list[dict[str, str]]) -> str:
    with gzip.open(path, "wt", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    return str(path)


def test_acled_notes_scores_every_field_against_the_coded_row(tmp_path: Path) -> None:
    gold = _write_csv(tmp_path / "notes.csv.gz", ACLED_FIELDS, NOTES)
    scores = {s.field: s for s in KINDS["acled-notes"](gold, None)}
    assert scores["detected"].value == 1.0
    assert scores["event_date"].value == 1.0  # read from the text, not the publication date
    assert scores["event_date"].baseline == 0.0
    assert scores["event_type"].value == 1.0
    assert scores["admin1"].value == 1.0
    assert scores["location"].value == 1.0
    assert scores["fatalities exact (reliable)"].value == 1.0
    assert scores["fatalities exact (gold > 0)"].n == 1
    assert scores["notes that crashed"].value == 0.0


def test_event_date_is_also_scored_over_notes_that_name_the_day(tmp_path: Path) -> None:
    undated = dict(NOTES[1], event_id_cnty="KEN2",
                   notes="Teachers staged a peaceful protest outside parliament in Nairobi.")
    gold = _write_csv(tmp_path / "notes.csv.gz", ACLED_FIELDS, [NOTES[0], undated])
    scores = {s.field: s for s in KINDS["acled-notes"](gold, None)}
    # the undated note falls back to its publication date, two days late
    assert scores["event_date"].value == 0.5
    assert scores["event_date (note names the day)"].n == 1
    assert scores["event_date (note names the day)"].value == 1.0


@pytest.mark.parametrize(
    ("note", "named"),
    [
        ("On 3 March 2021, soldiers shelled the village.", True),
        ("Around 12 Sept. 2019 (as reported), a mob burned a police post.", True),
        ("On July 18, border guards fired shots.", True),
        ("Workers held a sit-in from 13/02/2014 to 17/02/2014.", True),
        ("Youths blocked the highway on Sunday night.", True),
        ("Mob kills suspected robber in market", False),
        ("Two herders were killed last night; 30 houses burned in the past week.", False),
        ("The march drew 2,000 people to Maystreet.", False),
    ],
)
def test_names_the_day(note: str, named: bool) -> None:
    assert names_the_day(note) is named


@pytest.mark.parametrize(
    ("note", "gold", "named"),
    [
        ("Gunmen shot a trader dead in Maiduguri town.", {"location": "Maiduguri"}, True),
        ("Police fired tear gas at students in Quetta (Balochistan).",
         {"location": "Quetta city", "admin1": "Balochistan"}, True),
        ("Troops shelled positions near Kharkiv.", {"location": "Kharkiv", "admin1": ""}, True),
        ("Herders attacked farmers in Sao Jose.", {"location": "São José"}, True),
        ("Mob kills suspected robber.", {"location": "Lagos", "admin1": "Lagos"}, False),
        ("Protesters blocked the road in Parana.", {"location": "Paran"}, False),
        ("Militia fighters clashed.", {"location": "", "admin1": ""}, False),
    ],
)
def test_names_the_place(note: str, gold: dict[str, str], named: bool) -> None:
    assert names_the_place(note, gold) is named


@pytest.mark.parametrize(
    ("headlines", "low", "high", "stated"),
    [
        ("Seven soldiers killed in ambush near Mopti", 7, 7, True),
        ("Gunmen kill 1,200 cattle herders, officials say", 1200, 1300, True),
        ("Clashes erupt in the northern countryside", 0, 3, True),
        ("Policeman shot dead in market", 1, 1, True),
        ("Clashes erupt in the northern countryside", 2, 2, False),
        ("Over 40 militants killed in offensive", 3, 5, False),
        ("Dozens killed in Ituri", 12, 15, True),
        ("Ceasefire talks stall in Geneva", 1, 1, False),
    ],
)
def test_states_the_toll(headlines: str, low: int, high: int, stated: bool) -> None:
    assert states_the_toll(headlines, low, high) is stated


def test_gva_counts_killed_per_article(tmp_path: Path) -> None:
    path = tmp_path / "gva.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(json.dumps({
            "title": "Two men shot dead outside a bar",
            "dct": "2016-05-09",
            "content": "Two men were shot dead outside a bar on Elm Street late on Saturday, "
                       "police said. A third man was wounded and taken to hospital.",
            "incident": {"num_killed": 2, "num_injured": 1, "date": "2016-05-07"},
        }) + "\n")
    scores = {s.field: s for s in KINDS["gva"](str(path), None)}
    killed = next(s for name, s in scores.items() if name.startswith("killed"))
    assert killed.value == 1.0


def test_print_scores_prints_score_and_baseline(capsys: pytest.CaptureFixture[str],
                                                tmp_path: Path) -> None:
    gold = _write_csv(tmp_path / "notes.csv.gz", ACLED_FIELDS, NOTES)
    print_scores("acled-notes", gold, KINDS["acled-notes"](gold, 1))
    out = capsys.readouterr().out
    assert "baseline" in out and "event_type" in out


def test_gold_dates_are_read_in_both_forms_the_files_use() -> None:
    from datetime import date

    assert parse_iso_date("2014-01-22T00:00:00Z") == date(2014, 1, 22)
    assert parse_iso_date("1/22/2014 12:00:00 AM") == date(2014, 1, 22)  # UCDP Ukraine
    assert parse_iso_date("12/3/2019", days_after=2) == date(2019, 12, 5)
    assert parse_iso_date("13/45/2019") is None
    assert parse_iso_date("") is None


def test_spread_sample_spreads_over_the_file() -> None:
    assert spread_sample(list(range(10)), 5) == [0, 2, 4, 6, 8]
    assert spread_sample([1, 2], None) == [1, 2]


def test_actor_matches_is_lenient_on_years_and_acronyms_only() -> None:
    assert actor_matches("Military Forces of Pakistan (2018-2022)",
                         ["Military Forces of Pakistan (2024-)"])
    assert actor_matches("BLA: Baloch Liberation Army", ["Baloch Liberation Army"])
    assert not actor_matches("Police Forces of Pakistan (2024-)",
                             ["Military Forces of India (2014-)"])


def test_location_matches_by_name_or_within_ten_km() -> None:
    near = {"location": "Quetta Cantonment", "latitude": 30.20, "longitude": 67.02}
    assert location_matches("Quetta", 30.1841, 67.0014, near)
    far = {"location": "Pasni", "latitude": 25.26, "longitude": 63.47}
    assert not location_matches("Quetta", 30.1841, 67.0014, far)
    assert location_matches("Dhaka - Paltan", "", "", {"location": "Dhaka"})


def test_satp_scores_state_district_and_toll(tmp_path: Path) -> None:
    fields = ["incident_number", "date", "incident_summary", "state", "district",
              "longitude", "latitude", "total_fatalities"]
    row = {"incident_number": "1", "date": "2011-05-02T00:00:00Z",
           "incident_summary": "Three CRPF troopers were killed when Maoists triggered a "
                               "landmine blast near Bijapur town in Bijapur District of "
                               "Chhattisgarh on May 2.",
           "state": "Chhattisgarh", "district": "Bijapur",
           "longitude": "18.79", "latitude": "80.82", "total_fatalities": "3"}
    gold = _write_csv(tmp_path / "satp.csv.gz", fields, [row])
    scores = {s.field: s for s in KINDS["satp"](gold, None)}
    assert scores["state"].value == 1.0
    assert scores["district"].value == 1.0
    assert scores["total fatalities exact"].value == 1.0
    assert scores["location (10 km)"].value == 1.0  # the swapped columns are read right
