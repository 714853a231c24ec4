"""Where the country comes from when no place says it: actors, nationalities, the capital."""

from __future__ import annotations

from datetime import date

import pytest

from conflictcoder.model import Article, Mention, Place, Span
from conflictcoder.resources.actor_index import ActorIndex, load_actor_index
from conflictcoder.resources.gazetteer import SqliteGazetteer, admin1_coded, open_gazetteer
from conflictcoder.stages.place_capital import capital_mentions
from conflictcoder.stages.place_evidence import actor_evidence
from conflictcoder.stages.places import article_geo_context, resolve_place
from conflictcoder.stages.split import split_sentences


@pytest.fixture(scope="module")
def gaz() -> SqliteGazetteer:
    return open_gazetteer()


@pytest.fixture(scope="module")
def actors() -> ActorIndex:
    return load_actor_index()


def _first_place(text: str, gaz: SqliteGazetteer, actors: ActorIndex | None) -> Place | None:
    article = Article(id="t", text=text, published=date(2023, 5, 2))
    sentences = split_sentences(article)
    geo = article_geo_context(article, sentences, gaz, actors)
    s = sentences[0]
    mention = Mention(
        s, Span("t", s.start, s.start), "", "Battles", "Armed clash", Span("t", s.start, s.end)
    )
    return resolve_place(mention, article, sentences, gaz, geo)


def test_the_kenyan_capital_is_nairobi(gaz: SqliteGazetteer, actors: ActorIndex) -> None:
    place = _first_place(
        "Riot police fired tear gas at traders marching in the Kenyan capital on Monday.",
        gaz,
        actors,
    )
    assert place is not None
    assert (place.name, place.admin1, place.country) == ("Nairobi", "Nairobi", "Kenya")
    assert place.acled_geo_precision == 1
    assert place.span is not None and "capital" in place.written


def test_a_possessive_or_of_phrase_names_the_capital(gaz: SqliteGazetteer) -> None:
    for text in (
        "Students burned tyres on the streets of Burkina Fasos capital on Tuesday.",
        "Students burned tyres in the capital of Burkina Faso on Tuesday.",
    ):
        found = capital_mentions(text, gaz, "")
        assert [p.entry.name for p in found] == ["Ouagadougou"], text
        assert found[0].locative


def test_a_bare_capital_is_the_articles_own(gaz: SqliteGazetteer) -> None:
    text = "Gunmen shot a trader dead in the capital, police in Mali said."
    assert [p.entry.name for p in capital_mentions(text, gaz, "ML")] == ["Bamako"]
    assert capital_mentions(text, gaz, "") == []  # no country: no capital


def test_capital_punishment_and_provincial_capitals_are_not_the_capital(
    gaz: SqliteGazetteer,
) -> None:
    for text in (
        "Lawmakers in Kenya debated capital punishment after the killings.",
        "Militants attacked the provincial capital overnight.",
        "Fighters seized the Taliban capital of the district.",
    ):
        assert capital_mentions(text, gaz, "KE") == [], text


def test_a_country_level_event_is_coded_to_its_capital(
    gaz: SqliteGazetteer, actors: ActorIndex
) -> None:
    place = _first_place(
        "Teachers went on strike across Burkina Faso on Tuesday over unpaid wages.", gaz, actors
    )
    assert place is not None
    assert (place.name, place.admin1, place.precision) == ("Ouagadougou", "Centre", "country")
    assert place.acled_geo_precision == 3
    assert place.span is not None and place.written == "Burkina Faso"


def test_home_institutions_speak_for_their_country(gaz: SqliteGazetteer) -> None:
    evidence = actor_evidence(
        "Kenyan police arrested two men; Russian forces shelled a village.", gaz, None
    )
    assert evidence.votes["KE"] >= 2.0
    assert evidence.votes["RU"] == 0  # an army fights abroad: no evidence of the place
    assert evidence.spans["KE"] == (0, 6)


def test_a_nationality_picks_the_homonym(gaz: SqliteGazetteer, actors: ActorIndex) -> None:
    # Kwale is a town in Nigeria and a Kenyan county and town.
    place = _first_place("Kenyan police arrested three youths in Kwale on Sunday.", gaz, actors)
    assert place is not None
    assert (place.country, place.admin1) == ("Kenya", "Kwale")


def test_an_armed_groups_countries_pick_the_homonym(
    gaz: SqliteGazetteer, actors: ActorIndex
) -> None:
    text = "Al Shabaab fighters attacked a police post in Kwale overnight."
    evidence = actor_evidence(text, gaz, actors)
    assert {"SO", "KE"} <= evidence.sphere
    place = _first_place(text, gaz, actors)
    assert place is not None and place.country == "Kenya"


def test_a_small_homonym_outside_the_groups_countries_is_no_place(
    gaz: SqliteGazetteer, actors: ActorIndex
) -> None:
    # The gazetteer knows only a Turkish Solhan; JNIM operates in the Sahel.
    text = "JNIM militants attacked the gendarmerie post in Solhan on Friday."
    place = _first_place(text, gaz, actors)
    assert place is None or place.country != "Turkey"
    assert _first_place(text, gaz, None) is not None  # without the actors, the Turkish town


def test_a_constituency_named_after_its_county(gaz: SqliteGazetteer, actors: ActorIndex) -> None:
    place = _first_place(
        "Residents of a village in Samburu Central Sub-County blocked a road on Friday.",
        gaz,
        actors,
    )
    assert place is not None
    assert (place.country, place.admin1) == ("Kenya", "Samburu")


def test_coded_admin1_names_by_region_and_date(gaz: SqliteGazetteer) -> None:
    assert admin1_coded("MW", "Zomba", "", date(2022, 4, 1)) == "Southern"
    armm = "Autonomous Region in Muslim Mindanao"
    assert admin1_coded("PH", armm, "", date(2022, 4, 1)) == f"Bangsamoro {armm}"
    assert admin1_coded("PH", armm, "", date(2015, 4, 1)) == armm
    # "Southern" is a grouping of Malawi's districts, not a name of any of them.
    assert not any(h.entry.iso2 == "MW" for h in gaz.lookup("Southern"))
    # Greece by its decentralised administrations, Israel's districts by their Hebrew names,
    # Poland's voivodeships in Polish.
    assert admin1_coded("GR", "Central Macedonia", "", None) == "Macedonia and Thrace"
    assert admin1_coded("GR", "East Macedonia and Thrace", "", None) == "Macedonia and Thrace"
    assert not any(h.entry.iso2 == "GR" for h in gaz.lookup("Macedonia and Thrace"))
    assert admin1_coded("IL", "Central District", "", None) == "HaMerkaz"
    assert any(h.entry.name == "Mazovia" for h in gaz.lookup("Mazowieckie"))


def test_a_town_listed_without_its_area_takes_its_neighbours(gaz: SqliteGazetteer) -> None:
    town = next(h.entry for h in gaz.lookup("Nouakchott") if h.entry.kind == "city")
    assert town.admin1.startswith("Nouakchott ")


def test_actors_of_one_country_place_a_report_that_names_no_place(
    gaz: SqliteGazetteer, actors: ActorIndex
) -> None:
    for text, country in (
        ("Suspected Mungiki adherents hacked a transport operator to death overnight.", "Kenya"),
        ("Pokot raiders drove off two hundred goats after a gunfight at dawn.", "Kenya"),
        ("GSU officers beat traders who had barricaded a highway with stones.", "Kenya"),
        ("Koglweogo vigilantes whipped two suspected thieves at a market.", "Burkina Faso"),
    ):
        evidence = actor_evidence(text, gaz, actors)
        assert evidence.votes.most_common(1)[0][0] == gaz.country_by_name(country).iso2, text
        place = _first_place(text, gaz, actors)
        assert place is not None and place.country == country, text
        assert place.precision == "country"
        assert place.span is not None and text[place.span.start : place.span.end] == place.written


def test_peoples_and_forces_that_cross_borders_name_no_country(
    gaz: SqliteGazetteer, actors: ActorIndex
) -> None:
    # A people named like a nation, a border force firing across, an army abroad.
    for text in (
        "Somali gunmen shot two traders near a well before fleeing.",
        "Border Security Force personnel shot a cattle smuggler at the frontier.",
        "Fulani herders clashed with farmers over a grazing route.",
    ):
        evidence = actor_evidence(text, gaz, actors)
        assert not any(v >= 1.0 for v in evidence.votes.values()), text


def test_the_country_raiders_cross_into_is_the_scene(
    gaz: SqliteGazetteer, actors: ActorIndex
) -> None:
    text = "Armed herders from Ethiopia crossed the border into Kenya and stole forty camels."
    place = _first_place(text, gaz, actors)
    assert place is not None and place.country == "Kenya"
    # Fleeing across a border does not move the scene.
    text = "Gunmen attacked a police post in Mandera and fled into Somalia."
    place = _first_place(text, gaz, actors)
    assert place is not None and (place.country, place.name) == ("Kenya", "Mandera")


def test_calendar_and_party_words_are_no_places(gaz: SqliteGazetteer, actors: ActorIndex) -> None:
    text = "Jubilee supporters marched on Women's Day to demand more seats for women."
    place = _first_place(text, gaz, actors)
    assert place is None or place.country != "United States"


def test_a_possessive_without_its_apostrophe_names_the_country(
    gaz: SqliteGazetteer, actors: ActorIndex
) -> None:
    text = "Lawyers marched against changes to Ugandas judiciary on Thursday."
    place = _first_place(text, gaz, actors)
    assert place is not None and (place.country, place.name) == ("Uganda", "Kampala")


def test_a_country_named_as_the_subject_of_a_protest_is_no_scene(
    gaz: SqliteGazetteer, actors: ActorIndex
) -> None:
    text = "About fifty people rallied in Volkach against the war in Ukraine on Saturday."
    place = _first_place(text, gaz, actors)
    assert place is not None and (place.country, place.name) == ("Germany", "Volkach")
