"""Merging records from many reports into events: blocking, scoring, clustering, canonical
values, toll history, stable ids and near-duplicate articles.

The scenario: on 31 January 2026 in Nushki one IED attack on police is reported by four
outlets over three days (the toll rises from 3 to 5, then 6 and 7 on the same day), while a
protest and an army-TTP clash happen in the same town that day, an IED hits Kharan (140 km
away) the same day, and another IED hits Nushki three days later. All texts are fictional.
"""

from __future__ import annotations

import hashlib
import random
import re
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builders import make_place, make_record
from conflictcoder.merge import (
    MergeSettings,
    Report,
    assign_ids,
    canonical_event,
    cluster,
    merge_records,
    score_pair,
)
from conflictcoder.merge.dedup import (
    Fingerprint,
    FingerprintIndex,
    core_text,
    hamming,
    simhash,
)
from conflictcoder.merge.settings import documented_settings
from conflictcoder.model import Actor, CasualtyFigure, DateValue, EventRecord, Span

SETTINGS = MergeSettings()
UAG = Actor("unknown attackers", "Unidentified Armed Group (Pakistan)", 3, "Pakistan",
            is_known=False)
POLICE = Actor("police", "Police Forces of Pakistan (2024-)", 1, "Pakistan")
BLA = Actor("BLA", "BLA: Baloch Liberation Army", 2, "Pakistan")
TTP = Actor("TTP", "TTP: Tehreek-i-Taliban Pakistan", 2, "Pakistan")
ARMY = Actor("troops", "Military Forces of Pakistan (2024-)", 1, "Pakistan")
PROTESTERS = Actor("traders", "Protesters (Pakistan)", 6, "Pakistan")
KHARAN = make_place("Kharan", admin2="Kharan", latitude=28.58, longitude=65.42,
                    geonames_id=1174062)


def day(d: int, precision: str = "day") -> DateValue:
    return DateValue(date(2026, 1, d), date(2026, 1, d), precision, None, "test")  # type: ignore[arg-type]


def killed(n: int, article: str, source: str = "police", status: str = "reported"
           ) -> CasualtyFigure:
    return CasualtyFigure("killed", n, n, n, "security", status, Span(article, 0, 5),  # type: ignore[arg-type]
                          f"{n} killed", source=source)


def ied(rid: str, article: str, toll: int | None, **changes: object) -> EventRecord:
    figures = (killed(toll, article),) if toll is not None else ()
    values: dict[str, object] = dict(
        id=rid, article_id=article, date=day(31), event_type="Explosions/Remote violence",
        sub_event_type="Remote explosive/landmine/IED", actor1=UAG, actor2=POLICE,
        figures=figures, fatalities=toll or 0, best=toll or 0, low=toll or 0, high=toll or 0,
        deaths_b=toll or 0, claims=(), type_of_violence=1, source="", notes="")
    values.update(changes)
    return make_record(**values)


CLAIM = CasualtyFigure("killed", 30, 30, 30, "security", "claimed", Span("reuters-1", 9, 20),
                       "30 soldiers", source="BLA", actor="BLA: Baloch Liberation Army")

SAME_EVENT = [
    ied("a1", "dawn-1", 3),
    ied("a2", "reuters-1", 5, actor1=BLA, claims=(CLAIM,),
        place=make_place("Nushki", precision="near", latitude=29.56, longitude=66.04,
                         geonames_id=None)),
    ied("a3", "express-1", 7, date=day(31)),
    ied("a4", "geo-1", 6),
]
OTHER_EVENTS = [
    make_record(id="b1", article_id="dawn-1", date=day(31), event_type="Protests",
                sub_event_type="Peaceful protest", disorder_type="Demonstrations",
                actor1=PROTESTERS, actor2=None, fatalities=0, claims=(), figures=()),
    make_record(id="b2", article_id="nation-1", date=day(31), event_type="Protests",
                sub_event_type="Peaceful protest", disorder_type="Demonstrations",
                actor1=PROTESTERS, actor2=None, fatalities=0, claims=(), figures=()),
    make_record(id="c1", article_id="geo-1", date=day(31), event_type="Battles",
                sub_event_type="Armed clash", actor1=ARMY, actor2=TTP, fatalities=2,
                figures=(killed(2, "geo-1", "army"),), claims=()),
    ied("d1", "dawn-2", 4, place=KHARAN),
    ied("e1", "dawn-3", 1, date=day(28)),
]
REPORTS = {
    "dawn-1": Report("dawn-1", date(2026, 1, 31), "Dawn", ("Dawn", "The News")),
    "reuters-1": Report("reuters-1", date(2026, 2, 1), "Reuters", ("Reuters",)),
    "express-1": Report("express-1", date(2026, 2, 2), "Express Tribune", ("Express Tribune",)),
    "geo-1": Report("geo-1", date(2026, 2, 2), "Geo News", ("Geo News",)),
    "nation-1": Report("nation-1", date(2026, 1, 31), "The Nation", ("The Nation",)),
    "dawn-2": Report("dawn-2", date(2026, 1, 31), "Dawn", ("Dawn",)),
    "dawn-3": Report("dawn-3", date(2026, 1, 28), "Dawn", ("Dawn",)),
}
EXPECTED = [("a1", "a2", "a3", "a4"), ("b1", "b2"), ("c1",), ("d1",), ("e1",)]


def test_cluster_links_reports_of_one_event_and_keeps_same_town_events_apart() -> None:
    assert cluster(SAME_EVENT + OTHER_EVENTS, SETTINGS) == sorted(EXPECTED)


@settings(max_examples=30, deadline=None)
@given(st.randoms(use_true_random=False))
def test_cluster_does_not_depend_on_input_order(rng: random.Random) -> None:
    records = SAME_EVENT + OTHER_EVENTS
    rng.shuffle(records)
    assert cluster(records, SETTINGS) == sorted(EXPECTED)


@pytest.mark.parametrize(
    ("other", "why"),
    [
        (ied("x", "other", 3, date=day(28)), "three days apart"),
        (ied("x", "other", 3, place=KHARAN), "140 km apart"),
        (ied("x", "other", 3, place=make_place("Nushki", iso2="AF", country="Afghanistan",
                                                geonames_id=None)), "another country"),
        (ied("x", "dawn-1", 3), "the same article"),
        (replace(OTHER_EVENTS[0], id="x", article_id="other"), "a protest and a bombing"),
    ],
)
def test_score_pair_gates_say_different_events(other: EventRecord, why: str) -> None:
    assert score_pair(SAME_EVENT[0], other, SETTINGS) == 0.0, why


def test_score_pair_follows_the_xsub_distance_gate() -> None:
    near = make_place("Nushki bazaar", geonames_id=None, latitude=29.55 + 0.027, longitude=66.02)
    far = make_place("Nushki outskirts", geonames_id=None, latitude=29.55 + 0.055, longitude=66.02)
    base = SAME_EVENT[0]
    assert score_pair(base, ied("x", "o", 3, place=near), SETTINGS) >= SETTINGS.match_threshold
    assert score_pair(base, ied("x", "o", 3, place=far), SETTINGS) == 0.0  # about 6 km
    wider = MergeSettings(max_km_apart=10.0)
    assert score_pair(base, ied("x", "o", 3, place=far), wider) >= wider.match_threshold


def test_named_groups_that_differ_keep_events_apart() -> None:
    bla = ied("x", "o1", 3, actor1=BLA)
    ttp = ied("y", "o2", 3, actor1=TTP)
    assert score_pair(bla, ttp, SETTINGS) < SETTINGS.match_threshold
    assert score_pair(bla, ied("z", "o3", 3, actor1=BLA), SETTINGS) > score_pair(
        bla, ied("z", "o3", 3), SETTINGS)


def test_canonical_event_rules_and_toll_history() -> None:
    week = ied("a0", "weekly-1", 3, date=DateValue(date(2026, 1, 26), date(2026, 2, 1), "week",
                                                  None, "test"))
    reports = {**REPORTS, "weekly-1": Report("weekly-1", date(2026, 2, 1), "Weekly", ())}
    event = canonical_event([*SAME_EVENT, week], reports, event_id="ev1", id_cnty="PAK1")
    record = event.record
    assert record.date.precision == "day" and record.date.end == date(2026, 1, 31)
    assert record.place is not None and record.place.precision == "exact"
    assert record.actor1 == BLA  # the named group beats "Unidentified Armed Group"
    # ACLED conservative rule among the newest reports (2 February: 7 and 6) -> 6.
    assert record.fatalities == 6
    assert [(t.fatalities, t.reported, t.source) for t in event.toll_history] == [
        (3, date(2026, 1, 31), "Dawn"), (5, date(2026, 2, 1), "Reuters"),
        (3, date(2026, 2, 1), "Weekly"), (7, date(2026, 2, 2), "Express Tribune"),
        (6, date(2026, 2, 2), "Geo News"),
    ]
    assert event.sources == ("Dawn", "The News", "Reuters", "Weekly", "Express Tribune",
                             "Geo News")
    assert record.source == "Dawn; The News; Reuters; Weekly; Express Tribune; Geo News"
    assert [c.best for c in record.claims] == [30]
    assert "BLA: Baloch Liberation Army claimed 30 security personnel killed" in record.notes
    assert "not counted" in record.notes and "6 reported fatalities" in record.notes
    assert record.notes.startswith("On 31 January 2026, an explosive device")
    assert event.record_ids[0] == "a1" and event.article_ids[0] == "dawn-1"


def test_canonical_event_without_any_toll_codes_zero() -> None:
    records = [ied("p", "o1", None), ied("q", "o2", None)]
    event = canonical_event(records, {}, event_id="e")
    assert event.record.fatalities == 0 and event.toll_history == ()
    assert "No fatalities reported." in event.record.notes


def test_merge_records_gives_one_event_per_cluster_with_stable_content_ids() -> None:
    events = merge_records(SAME_EVENT + OTHER_EVENTS, REPORTS)
    assert sorted(tuple(sorted(e.record_ids)) for e in events) == sorted(EXPECTED)
    again = merge_records(list(reversed(SAME_EVENT + OTHER_EVENTS)), REPORTS)
    assert [e.id for e in events] == [e.id for e in again]
    assert len({e.id for e in events}) == len(events)


def test_assign_ids_keeps_an_event_id_when_a_report_joins() -> None:
    assignments, log = assign_ids([("a1", "a2", "a3")], ["a1"], {"ev1": {"a1", "a2"}},
                                  {"ev1": "PAK1"}, set())
    assert [(a.event_id, a.is_new) for a in assignments] == [("ev1", False)]
    assert log == []


def test_assign_ids_retires_the_younger_of_two_merged_events_and_logs_it() -> None:
    existing = {"old": {"a1"}, "young": {"a2"}}
    assignments, log = assign_ids([("a1", "a2")], ["a1"], existing,
                                  {"old": (1, "PAK1"), "young": (1, "PAK2")}, set())
    assert assignments[0].event_id == "old"
    assert [(e.action, e.event_id, e.other_event_id) for e in log] == [("merge", "young", "old")]


def test_assign_ids_logs_a_split_and_mints_a_fresh_id() -> None:
    existing = {"ev1": {"a1", "a2", "a3"}}
    assignments, log = assign_ids([("a1", "a2"), ("a3",)], ["a1", "a3"], existing,
                                  {"ev1": "PAK1"}, {"ev1"})
    assert assignments[0].event_id == "ev1" and assignments[1].is_new
    assert assignments[1].event_id not in {"ev1"}
    assert [(e.action, e.event_id) for e in log] == [("split", "ev1")]


def test_merge_settings_are_documented_and_validated() -> None:
    docs = documented_settings()
    assert docs["max_km_apart"].startswith("Precisely placed records farther apart")
    assert MergeSettings().max_km_apart == 5.0 and MergeSettings().max_days_apart == 1
    with pytest.raises(ValueError, match="sum to 1"):
        MergeSettings(weight_date=0.9)
    with pytest.raises(ValueError):
        MergeSettings(cluster_floor=0.9, match_threshold=0.5)


WIRE = (
    "QUETTA, Pakistan (Reuters) - A roadside bomb struck a police patrol in the town of "
    "Nushki in southwestern Pakistan on Saturday, killing three policemen and wounding "
    "four others, a senior police official said. No group immediately claimed responsibility "
    "for the attack, but separatist insurgents have repeatedly targeted security forces in "
    "the province, which borders Afghanistan and Iran. The wounded were taken to a hospital "
    "in Quetta, the provincial capital, the official said, speaking on condition of anonymity."
)


def _simhash_by_definition(text: str) -> int:
    """Charikar's Simhash written plainly: bit i is set when most shingles' hashes set it."""
    words = [w.lower() for w in re.findall(r"\w+", core_text(text))]
    if not words:
        return 0
    grams = [" ".join(words[i : i + 3]) for i in range(max(len(words) - 2, 1))]
    hashes = [int.from_bytes(hashlib.blake2b(g.encode(), digest_size=8).digest(), "big")
              for g in grams]
    result = 0
    for bit in range(64):
        if sum((h >> bit) & 1 for h in hashes) > len(hashes) / 2:
            result |= 1 << bit
    return result


@pytest.mark.parametrize("text", ["", "Shots", "Shots fired", WIRE, WIRE[:77], WIRE * 3,
                                  "Çatışma İstanbul'da: üç asker öldü"])
def test_simhash_is_the_same_as_its_plain_definition(text: str) -> None:
    # Fingerprints are stored: a faster computation must give the very same bits.
    assert simhash(text) == _simhash_by_definition(text)


def test_simhash_finds_a_syndicated_copy_but_not_an_update_with_new_figures() -> None:
    # A paper runs the wire story without the dateline and with its own credit line.
    copy = (WIRE.replace("QUETTA, Pakistan (Reuters) - ", "")
            + "\n(Reporting by Staff Reporter; Editing by Desk Editor)")
    update = WIRE.replace("three policemen", "five policemen")
    other = "Traders in Nushki shut their shops on Saturday to protest against power cuts."
    original = Fingerprint.of(WIRE)
    assert original.is_copy_of(Fingerprint.of(copy), SETTINGS.duplicate_max_bits)
    assert not original.is_copy_of(Fingerprint.of(update), SETTINGS.duplicate_max_bits)
    assert hamming(simhash(WIRE), simhash(other)) > 10
    index = FingerprintIndex(max_distance=3)
    index.add("wire", original)
    assert index.find(Fingerprint.of(copy)) == "wire"
    assert index.find(Fingerprint.of(other)) is None
    index.remove("wire")
    assert index.find(Fingerprint.of(copy)) is None


def test_a_later_claim_of_a_suicide_bombing_joins_the_first_blast_report() -> None:
    first = ied("x", "o1", 3)
    claim = ied("y", "o2", 4, sub_event_type="Suicide bomb", actor1=BLA)
    assert score_pair(first, claim, SETTINGS) >= SETTINGS.match_threshold


def test_different_types_with_different_actors_stay_apart() -> None:
    bombing = ied("x", "o1", 3, actor1=BLA)
    clash = ied("y", "o2", 3, event_type="Battles", sub_event_type="Armed clash",
                actor1=ARMY, actor2=UAG)
    attack = ied("z", "o3", 3, event_type="Violence against civilians", sub_event_type="Attack",
                 actor1=BLA, actor2=None)
    unnamed = replace(attack, id="w", article_id="o4", actor1=UAG)
    assert score_pair(bombing, clash, SETTINGS) < SETTINGS.match_threshold
    # the same named group, place, day and toll: one event that two reports typed differently
    assert score_pair(bombing, attack, SETTINGS) >= SETTINGS.match_threshold
    # with only "unidentified" attackers, nothing says the two types are one event
    assert score_pair(bombing, unnamed, SETTINGS) < SETTINGS.match_threshold


def test_notes_name_each_place_level_once_and_sources_fall_back_to_the_record() -> None:
    place = make_place("Kharkiv", admin2="Kharkiv", admin1="Kharkiv", country="Ukraine",
                       iso2="UA", geonames_id=None)
    record = ied("k", "unknown-outlet", 2, place=place, source="Ukrinform")
    event = canonical_event([record], {}, event_id="e")
    assert "in Kharkiv (Ukraine)" in event.record.notes
    assert event.sources == ("Ukrinform",)


def test_two_reports_placed_only_in_the_province_need_more_than_the_province() -> None:
    province = make_place("Balochistan", precision="admin1", admin2="", geonames_id=None,
                          latitude=28.5, longitude=65.5)
    one = ied("x", "o1", 3, place=province, actor1=UAG)
    other = ied("y", "o2", 5, place=province, actor1=UAG)
    assert score_pair(one, other, SETTINGS) < SETTINGS.match_threshold
    same_group = (ied("x", "o1", 3, place=province, actor1=BLA),
                  ied("y", "o2", 3, place=province, actor1=BLA))
    assert score_pair(*same_group, SETTINGS) >= SETTINGS.match_threshold
