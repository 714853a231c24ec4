"""The offline gazetteer: build, integrity of its data files, and lookups on the shipped data."""

from __future__ import annotations

import sqlite3
import time
from collections import Counter
from pathlib import Path

import pycountry
import pytest

from conflictcoder.resources import gazetteer_build
from conflictcoder.resources.gazetteer import (
    SqliteGazetteer,
    ascii_fold,
    load_country_table,
    name_key,
    open_gazetteer,
)
from conflictcoder.resources.gazetteer_build import (
    _admin_parents,
    build_gazetteer,
    display_area_name,
    strip_area_words,
)

ACLED_REGIONS = {
    "Western Africa",
    "Middle Africa",
    "Eastern Africa",
    "Southern Africa",
    "Northern Africa",
    "South Asia",
    "Southeast Asia",
    "Middle East",
    "Europe",
    "Caucasus and Central Asia",
    "Central America",
    "South America",
    "Caribbean",
    "East Asia",
    "North America",
    "Oceania",
    "Antarctica",
}


@pytest.fixture(scope="session")
def gaz() -> SqliteGazetteer:
    return open_gazetteer()


def test_name_key_folds_accents_case_and_punctuation() -> None:
    assert name_key("Querétaro") == "queretaro"
    assert name_key("  Dera  Ismail-Khan ") == "dera ismail khan"
    assert name_key("Ma'arrat al-Nu’man") == "maarrat al numan"
    assert name_key("Łódź") == "lodz"
    assert ascii_fold("Bouaké") == "Bouake"
    assert name_key("كويته") == ""


def test_area_names_lose_their_kind_word() -> None:
    assert strip_area_words("Zhytomyr Oblast") == "Zhytomyr"
    assert strip_area_words("Estado de Jalisco") == "Jalisco"
    assert display_area_name("Zhytomyrska oblast", ["Zhytomyr Oblast", "Zhytomyr"]) == "Zhytomyr"
    assert display_area_name("Ḩalab", ["Aleppo Governorate", "حلب"]) == "Aleppo"
    assert display_area_name("Michoacán de Ocampo", ["Michoacán"]) == "Michoacan"
    assert display_area_name("Nangarhār", ["ولایت ننگرهار"]) == "Nangarhar"


def test_country_table_is_complete_and_uses_acled_conventions() -> None:
    rows = load_country_table()
    by_iso = {r.iso2: r for r in rows}
    assert len(by_iso) == len(rows) >= 245
    assert {r.region for r in rows} <= ACLED_REGIONS
    for iso2, region in {
        "PK": "South Asia",
        "UA": "Europe",
        "KE": "Eastern Africa",
        "MX": "Central America",
        "SY": "Middle East",
        "MM": "Southeast Asia",
        "US": "North America",
        "AF": "South Asia",
        "IR": "Middle East",
        "TR": "Middle East",
        "AZ": "Caucasus and Central Asia",
        "SD": "Northern Africa",
        "CD": "Middle Africa",
        "MZ": "Southern Africa",
        "BF": "Western Africa",
        "RU": "Europe",
        "CO": "South America",
        "HT": "Caribbean",
    }.items():
        assert by_iso[iso2].region == region, iso2
    assert by_iso["CD"].name == "Democratic Republic of Congo"
    assert by_iso["PS"].name == "Palestine"
    assert by_iso["MM"].name == "Myanmar"
    # ISO numeric codes agree with pycountry wherever it knows the country.
    for row in rows:
        known = pycountry.countries.get(alpha_2=row.iso2)
        if known is not None:
            assert row.iso_numeric == int(known.numeric), row.iso2
    demonyms = {d for r in rows for d in r.demonyms}
    assert {"Pakistani", "Afghan", "Ukrainian", "Congolese"} <= demonyms


def test_stopword_list_is_clean() -> None:
    from conflictcoder.stages.place_names import stopwords as _stopwords

    words = _stopwords()
    assert {"police", "ali", "mark", "victoria", "said"} <= words
    assert all(w == name_key(w) and w for w in words)


def test_admin_parents_name_areas_the_gazetteer_has(gaz: SqliteGazetteer) -> None:
    for (iso2, area), parent in _admin_parents().items():
        hits = gaz.lookup(area)
        kinds = {(h.entry.kind, h.entry.admin1) for h in hits if h.entry.iso2 == iso2}
        assert ("admin2", parent) in kinds, area


def test_build_is_atomic_and_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def tiny_fill(conn: sqlite3.Connection) -> None:
        conn.execute(
            "INSERT INTO place VALUES (1, 'Pasni', 'city', 'PK', 'Balochistan', 'Gwadar',"
            " NULL, NULL, 43000, 25.26, 63.47, 1168312, '')"
        )
        conn.execute("INSERT INTO name VALUES ('pasni', 1, 1)")
        conn.execute("INSERT INTO country VALUES ('PK', 'Pakistan', 586, 'South Asia', NULL)")
        conn.execute("INSERT INTO country_name VALUES ('pakistani', 'PK', 1)")

    monkeypatch.setattr(gazetteer_build, "_fill", tiny_fill)
    target = tmp_path / "cache" / "gaz.sqlite"
    build_gazetteer(target)
    build_gazetteer(target)  # a second builder replaces the file whole
    assert [p.name for p in target.parent.iterdir()] == ["gaz.sqlite"]
    small = SqliteGazetteer(target)
    (hit,) = small.lookup("PASNI")
    assert (hit.entry.admin2, hit.exact) == ("Gwadar", True)
    assert small.demonym("Pakistani").name == "Pakistan"  # type: ignore[union-attr]
    assert small.lookup("Quetta") == ()


def test_open_gazetteer_builds_into_the_cache_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from conflictcoder.resources import gazetteer as module

    monkeypatch.setenv("CONFLICTCODER_CACHE", str(tmp_path))
    path = module.gazetteer_path()
    assert path.parent == tmp_path
    assert path.name.startswith(f"gazetteer-v{module.SCHEMA_VERSION}-")


def test_balochistan_places_with_their_districts(gaz: SqliteGazetteer) -> None:
    def city(name: str):
        return next(h.entry for h in gaz.lookup(name) if h.entry.kind == "city")

    assert (city("Nushki").admin1, city("Nushki").admin2) == ("Balochistan", "Nushki")
    assert (city("Pasni").admin1, city("Pasni").admin2) == ("Balochistan", "Gwadar")
    assert city("Quetta").population > 500_000
    assert city("Lakki Marwat").admin1 == "Khyber Pakhtunkhwa"
    province = next(h.entry for h in gaz.lookup("Balochistan") if h.entry.kind == "admin1")
    assert province.seat == "Quetta"  # the provincial capital stands for the province
    assert province.latitude == pytest.approx(30.18, abs=0.05)


def test_countries_aliases_and_demonyms(gaz: SqliteGazetteer) -> None:
    assert gaz.country_by_name("DRC").name == "Democratic Republic of Congo"  # type: ignore[union-attr]
    assert gaz.country_by_name("Burma").name == "Myanmar"  # type: ignore[union-attr]
    assert gaz.demonym("Afghan").iso2 == "AF"  # type: ignore[union-attr]
    pk = gaz.country("pk")
    assert pk is not None and (pk.iso_numeric, pk.region) == (586, "South Asia")
    (hit,) = [h for h in gaz.lookup("Pakistan") if h.entry.kind == "country"]
    assert hit.entry.seat == "Islamabad" and hit.entry.population > 100_000_000
    assert gaz.country_by_name("Atlantis") is None


def test_area_names_follow_common_english(gaz: SqliteGazetteer) -> None:
    admin1 = {h.entry.name for h in gaz.lookup("Luhansk") if h.entry.kind == "admin1"}
    assert admin1 == {"Luhansk"}
    assert any(h.entry.kind == "admin1" and h.entry.iso2 == "SY" for h in gaz.lookup("Aleppo"))
    jenin = [h.entry for h in gaz.lookup("Jenin") if h.entry.kind == "admin2"]
    assert jenin and jenin[0].admin1 == "West Bank"


def test_unknown_names_return_nothing(gaz: SqliteGazetteer) -> None:
    assert gaz.lookup("Qwxzabad") == ()
    assert gaz.lookup("") == ()
    assert gaz.get(-5) is None


def test_lookups_are_fast(gaz: SqliteGazetteer) -> None:
    names = [f"Town{n}" for n in range(2000)]  # uncached misses: index probes
    began = time.perf_counter()
    for name in names:
        gaz.lookup(name)
    per_lookup = (time.perf_counter() - began) / len(names)
    assert per_lookup < 200e-6


def _admin1s(gaz: SqliteGazetteer, name: str, iso2: str) -> set[str]:
    return {
        h.entry.name for h in gaz.lookup(name) if h.entry.kind == "admin1" and h.entry.iso2 == iso2
    }


def test_geonames_first_order_areas_are_admin1(gaz: SqliteGazetteer) -> None:
    # ISO files Erbil, Duhok and Sulaymaniyah under the Kurdistan Region; GeoNames and
    # conflict data treat them as governorates of their own.
    assert _admin1s(gaz, "Erbil", "IQ") == {"Erbil"}
    assert _admin1s(gaz, "Sulaymaniyah", "IQ") == {"Sulaymaniyah"}
    city = next(h.entry for h in gaz.lookup("Erbil") if h.entry.kind == "city")
    assert city.admin1 == "Erbil"


def test_areas_agree_with_their_namesake_districts(gaz: SqliteGazetteer) -> None:
    # The division keeps the English name its district uses, and its current name stays a key.
    assert _admin1s(gaz, "Chattogram", "BD") == {"Chittagong"}
    assert _admin1s(gaz, "Chittagong", "BD") == {"Chittagong"}


def test_south_asian_direction_words_have_english_keys(gaz: SqliteGazetteer) -> None:
    districts = {h.entry.name for h in gaz.lookup("East Champaran") if h.entry.kind == "admin2"}
    assert districts == {"Purba Champaran"}
    assert gazetteer_build._english_direction("Paschim Champaran") == "West Champaran"


def test_similar_area_spellings(gaz: SqliteGazetteer) -> None:
    assert {h.entry.name for h in gaz.similar_areas("Sonebhadra")} == {"Sonbhadra"}
    assert all(not h.exact for h in gaz.similar_areas("Sonebhadra"))
    assert gaz.similar_areas("Xqzzyt") == ()
    assert gaz.similar_areas("Goa") == ()  # too short to guess


def test_repeated_questions_get_the_same_answers(gaz: SqliteGazetteer) -> None:
    # Answers are cached (the fuzzy match by its key): asking again, or in another spelling
    # of the same key, gives the same places.
    first = gaz.similar_areas("Sonebhadra")
    assert gaz.similar_areas("SONEBHADRA") == first == gaz.similar_areas("Sonebhadra")
    # A name listed only without its Arabic article is still found behind the index probe.
    assert any(h.entry.iso2 == "SY" for h in gaz.lookup("Ar Raqqa"))
    assert gaz.lookup("Police Chief Ahmadzai") == ()
    assert ascii_fold("Kabul") == "Kabul" and ascii_fold("Bouaké") == "Bouake"


def test_spelling_lenient_admin1_comparison() -> None:
    from conflictcoder.evaluation.common import admin_matches

    assert admin_matches("Chattogram", "Chittagong")
    assert not admin_matches("Chattogram", "Chittagong", strict=True)
    assert admin_matches("North Rhine-Westphalia", "North Rhine-Westphalia", strict=True)
    assert admin_matches("Nordrhein-Westfalen", "North Rhine-Westphalia", country="Germany")
    # The same spelling in another country, or another area, is no match.
    assert not admin_matches("Nordrhein-Westfalen", "North Rhine-Westphalia", country="France")
    assert not admin_matches("Punjab", "Sindh")
    assert not admin_matches("Balochistan", "Khyber Pakhtunkhwa", country="Pakistan")


def test_schwa_folds_to_a() -> None:
    from conflictcoder.resources.gazetteer import ascii_fold

    assert ascii_fold("Lənkəran") == "Lankaran"


def test_coded_admin1_data_name_areas_the_gazetteer_has() -> None:
    from conflictcoder.resources.gazetteer import admin1_names, admin1_splits, open_gazetteer

    gaz = open_gazetteer()
    shared = Counter((iso2, coded) for (iso2, _), coded in admin1_names().items())
    for (iso2, name), coded in admin1_names().items():
        hits = [h for h in gaz.lookup(name) if h.entry.kind == "admin1" and h.entry.iso2 == iso2]
        assert any(h.entry.name == name for h in hits), name
        found = [h for h in gaz.lookup(coded) if h.entry.kind == "admin1"]
        if shared[iso2, coded] > 1:
            # Malawi's districts are coded by region: "Southern" names none of them.
            assert not any(h.entry.iso2 == iso2 for h in found), coded
        else:
            assert any(h.entry.name == name for h in found), coded
    for iso2, admin1, admin2 in admin1_splits():
        hits = [h.entry for h in gaz.lookup(admin2) if h.entry.kind == "admin2"]
        assert any(e.iso2 == iso2 and e.admin1 == admin1 for e in hits), admin2


def test_only_builds_older_than_a_week_are_removed(tmp_path: Path) -> None:
    import os

    from conflictcoder.resources.gazetteer import STALE_SECONDS, remove_stale_builds

    current = tmp_path / "gazetteer-v6-abc.sqlite"
    recent = tmp_path / "gazetteer-v5-abc.sqlite"  # another installed version, in use
    old = tmp_path / "gazetteer-v4-abc.sqlite"
    unrelated = tmp_path / "notes.sqlite"
    for path in (current, recent, old, unrelated):
        path.write_bytes(b"x")
    now = 1_800_000_000.0
    for path in (current, recent, unrelated):
        os.utime(path, (now - 3600, now - 3600))
    os.utime(old, (now - STALE_SECONDS - 60, now - STALE_SECONDS - 60))
    assert remove_stale_builds(current, now=now) == [old]
    assert current.exists() and recent.exists() and unrelated.exists()
    assert not old.exists()


def test_place_aliases_name_listed_places() -> None:
    from conflictcoder.resources.gazetteer import open_gazetteer
    from conflictcoder.resources.gazetteer_build import _place_aliases

    gaz = open_gazetteer()
    rows = _place_aliases()
    assert rows
    for r in rows:
        found = [
            h.entry
            for h in gaz.lookup(r["alias"])
            if (h.entry.iso2, h.entry.kind, h.entry.name, h.entry.admin1)
            == (r["iso2"], r["kind"], r["name"], r["admin1"])
        ]
        # GeoNames may list an area twice (as a district and as its lower unit): both.
        assert found, r
        assert any(h.exact for h in gaz.lookup(r["alias"]) if h.entry in found), r


def test_coded_units_are_area_words_of_their_countries() -> None:
    import csv
    from importlib import resources

    from conflictcoder.stages.place_unlisted import coded_unit_after

    text = resources.files("conflictcoder.resources").joinpath("data/coded_units.csv")
    lines = [x for x in text.read_text(encoding="utf-8").splitlines() if x and x[0] != "#"]
    rows = list(csv.DictReader(lines))
    assert rows
    for r in rows:
        assert r["word"] == r["word"].lower() and r["countries"], r
        assert all(len(c) == 2 and c.isupper() for c in r["countries"].split("|")), r
        assert coded_unit_after(f"Foo {r['word']}", 3), r
    assert not coded_unit_after("Foo district", 3)
