"""resolve_actors and the actor dictionary: names, types, government periods, roles."""

from __future__ import annotations

from datetime import date

import pytest

from conflictcoder.model import Actor, ActorRoles, Article
from conflictcoder.resources.actor_index import load_actor_index
from conflictcoder.stages.actors import guess_country, resolve_actors
from conflictcoder.stages.mentions import find_mentions
from conflictcoder.stages.split import split_sentences

INDEX = load_actor_index()


def roles(text: str, country: str, day: date, which: int = 0) -> ActorRoles:
    article = Article(id="a1", text=text)
    sentences = split_sentences(article)
    found = find_mentions(article, sentences)
    assert found, f"no event in: {text}"
    return resolve_actors(found[which], article, sentences, INDEX, country=country, event_date=day)


def names(r: ActorRoles) -> list[str]:
    actors = (r.actor1, r.actor2, *r.assoc_actor_1, *r.assoc_actor_2)
    return [a.name for a in actors if a is not None]


@pytest.mark.parametrize(
    ("country", "force", "day", "expected"),
    [
        ("Pakistan", "military", date(2020, 6, 1), "Military Forces of Pakistan (2018-2022)"),
        ("Pakistan", "police", date(2023, 1, 5), "Police Forces of Pakistan (2022-2024)"),
        ("Pakistan", "military", date(2025, 3, 11), "Military Forces of Pakistan (2024-)"),
        ("India", "police", date(2016, 2, 1), "Police Forces of India (2014-)"),
        ("India", "military", date(2010, 2, 1), "Military Forces of India (2004-2014)"),
        ("Kenya", "police", date(2015, 7, 1), "Police Forces of Kenya (2013-2022)"),
        ("Kenya", "police", date(2023, 7, 1), "Police Forces of Kenya (2022-)"),
        ("Afghanistan", "military", date(2019, 1, 1), "Military Forces of Afghanistan (2014-2021)"),
        ("Afghanistan", "military", date(2022, 1, 1), "Military Forces of Afghanistan (2021-)"),
        ("Bangladesh", "police", date(2023, 1, 1), "Police Forces of Bangladesh (2009-2024)"),
        ("Bangladesh", "police", date(2024, 9, 1), "Police Forces of Bangladesh (2024-)"),
        ("Mexico", "military", date(2024, 11, 1), "Military Forces of Mexico (2024-)"),
        ("Mexico", "military", date(2020, 11, 1), "Military Forces of Mexico (2018-2024)"),
        ("United States", "police", date(2022, 5, 1), "Police Forces of United States (2021-2025)"),
        ("Syria", "military", date(2020, 1, 1), "Military Forces of Syria (2000-2024)"),
        ("Myanmar", "military", date(2022, 1, 1), "Military Forces of Myanmar (2021-)"),
        ("Burkina Faso", "military", date(2023, 1, 1), "Military Forces of Burkina Faso (2022-)"),
        ("Ukraine", "military", date(2023, 1, 1), "Military Forces of Ukraine (2019-)"),
        ("Iceland", "police", date(2023, 1, 1), "Police Forces of Iceland"),  # no period known
    ],
)
def test_state_forces_carry_the_government_period(
    country: str, force: str, day: date, expected: str
) -> None:
    assert INDEX.state_forces_name(country, force, day) == expected


def test_named_group_and_state_forces_in_a_battle() -> None:
    text = "BLA militants attacked a Frontier Corps post in Nushki on Sunday, killing two soldiers."
    r = roles(text, "Pakistan", date(2025, 3, 16))
    assert r.actor1 is not None and r.actor2 is not None
    assert r.actor1.name == "BLA: Baloch Liberation Army"
    assert r.actor1.inter == 2
    assert r.actor1.written == "BLA"
    assert r.actor2.name == "Military Forces of Pakistan (2024-) Frontier Corps"
    assert r.actor2.inter == 1


def test_a_later_generic_noun_takes_the_name_of_the_group_named_earlier() -> None:
    text = (
        "The Baloch Liberation Army said its fighters had stopped the train. "
        "Officials said the insurgents attacked troops near the tunnel, killing four soldiers."
    )
    r = roles(text, "Pakistan", date(2025, 3, 11))
    assert "BLA: Baloch Liberation Army" in names(r)
    assert "Unidentified Armed Group (Pakistan)" not in names(r)


def test_unnamed_gunmen_are_an_unidentified_armed_group() -> None:
    r = roles("Gunmen shot dead a trader in the market on Friday.", "Mexico", date(2024, 11, 1))
    assert r.actor1 == Actor(
        "Gunmen",
        "Unidentified Armed Group (Mexico)",
        3,
        "Mexico",
        r.actor1.span if r.actor1 else None,
    )
    assert r.actor2 is not None and r.actor2.name == "Civilians (Mexico)"
    assert r.actor2.inter == 7


def test_taliban_is_the_state_after_august_2021() -> None:
    text = "Taliban fighters attacked a police checkpoint in Kunduz, killing two policemen."
    before = roles(text, "Afghanistan", date(2019, 3, 1))
    assert before.actor1 is not None and before.actor1.name == "Taliban"
    assert "Police Forces of Afghanistan (2014-2021)" in names(before)
    text_after = "Taliban forces clashed with NRF fighters in the Panjshir valley."
    after = roles(text_after, "Afghanistan", date(2022, 6, 1))
    assert "Military Forces of Afghanistan (2021-)" in names(after)
    assert "National Resistance Front" in names(after)


def test_taliban_in_pakistan_means_the_ttp() -> None:
    r = roles("Taliban militants ambushed a police patrol in Bannu.", "Pakistan", date(2023, 5, 1))
    assert "TTP: Tehreek-i-Taliban Pakistan" in names(r)


def test_state_forces_abroad_are_external_forces() -> None:
    r = roles(
        "Russian forces shelled the village of Novoselivka overnight.", "Ukraine", date(2023, 3, 1)
    )
    assert r.actor1 is not None
    assert r.actor1.name == "Military Forces of Russia (2000-)"
    assert r.actor1.inter == 8
    home = roles(
        "Ukrainian forces shelled Russian positions near the village.", "Ukraine", date(2023, 3, 1)
    )
    assert home.actor1 is not None and home.actor1.inter == 1


def test_protest_roles_and_associated_participants() -> None:
    text = (
        "Hundreds of nurses staged a protest in Kisumu to demand unpaid allowances. "
        "Police fired tear gas to disperse them."
    )
    r = roles(text, "Kenya", date(2023, 3, 1))
    assert r.actor1 is not None and r.actor1.name == "Protesters (Kenya)"
    assert r.actor1.inter == 6
    assert r.actor2 is not None and r.actor2.name == "Police Forces of Kenya (2022-)"
    assert "Health Workers (Kenya)" in [a.name for a in r.assoc_actor_1]


def test_riot_by_party_supporters_has_rioters_first_and_the_party_associated() -> None:
    text = (
        "Supporters of the Awami League and the BNP clashed over control of a market, "
        "leaving 20 people injured."
    )
    r = roles(text, "Bangladesh", date(2023, 1, 10))
    assert r.actor1 is not None and r.actor1.name == "Rioters (Bangladesh)"
    assert r.actor1.inter == 5
    assert "AL: Bangladesh Awami League" in names(r)
    assert "BNP: Bangladesh Nationalist Party" in names(r)


def test_unknown_named_group_is_kept_as_written() -> None:
    text = "Fighters of the Kivu Liberation Front attacked an army post near Beni."
    r = roles(text, "Democratic Republic of Congo", date(2024, 11, 1))
    unknown = [a for a in (r.actor1, r.actor2) if a is not None and not a.is_known]
    assert [a.name for a in unknown] == ["Kivu Liberation Front"]
    assert unknown[0].inter == 2


def test_actor_spans_point_into_the_article_text() -> None:
    text = "Weather was calm.\n\nAl-Shabaab fighters stormed a police station in Mandera."
    article = Article(id="a9", text=text)
    sentences = split_sentences(article)
    [mention] = find_mentions(article, sentences)
    r = resolve_actors(
        mention, article, sentences, INDEX, country="Kenya", event_date=date(2024, 1, 1)
    )
    for actor in (r.actor1, r.actor2):
        assert actor is not None and actor.span is not None
        assert text[actor.span.start : actor.span.end] == actor.written
        assert actor.span.article_id == "a9"
    assert "Al Shabaab" in names(r)


def test_islamic_state_is_named_for_the_country() -> None:
    af = roles(
        "Islamic State militants attacked a Taliban checkpoint in Jalalabad.",
        "Afghanistan",
        date(2023, 1, 1),
    )
    assert "Islamic State (Afghanistan)" in names(af)
    ng = roles("ISWAP fighters attacked a military base in Borno.", "Nigeria", date(2023, 1, 1))
    assert "Islamic State (West Africa)" in names(ng)


def test_country_is_guessed_from_the_text_when_unknown() -> None:
    text = "Kenyan police fired tear gas at protesters in Nairobi who were demanding lower taxes."
    article = Article(id="a2", text=text)
    assert guess_country(article, INDEX) == "Kenya"
    r = roles(text, "", date(2024, 6, 25))
    assert r.actor1 is not None and r.actor1.name == "Protesters (Kenya)"


def test_the_passive_agent_is_the_perpetrator() -> None:
    text = (
        "A drone launched by Houthi rebels struck a position held by government forces "
        "in Marib, killing five soldiers."
    )
    r = roles(text, "Yemen", date(2026, 3, 2))
    assert r.actor1 is not None
    assert r.actor1.name == "Military Forces of Yemen (2016-) Supreme Political Council"
    assert r.actor2 is not None and r.actor2.name == "Military Forces of Yemen (2012-)"


def test_a_short_acronym_of_another_country_is_not_an_actor() -> None:
    text = (
        "Raipur, Jan 27 (PTI) Maoists blew up a police vehicle with an IED in Bijapur "
        "district, killing six commandos."
    )
    r = roles(text, "India", date(2026, 1, 26))
    assert "PTI: Pakistan Tehreek-e-Insaf" not in names(r)
    assert "CPI (Maoist): Communist Party of India (Maoist)" in names(r)


def test_a_foreign_unit_is_that_country_s_forces() -> None:
    r = roles(
        "Indian BSF shot dead a cattle trader near the border on Tuesday.",
        "Bangladesh",
        date(2020, 6, 17),
    )
    assert r.actor1 is not None
    assert r.actor1.name == "Police Forces of India (2014-) Border Security Force"
    assert r.actor1.inter == 8


def test_acronyms_are_case_sensitive() -> None:
    found = [f.written for f in INDEX.find_named("the aa meeting and the AA offensive")]
    assert found == ["AA"]
