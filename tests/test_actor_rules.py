"""Actor roles and the wider dictionary: victims of passive verbs, bombs hitting state
forces, hyphenated names, ethnic and clan militias, the two sides of a battle, and groups
from every region. Texts are written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from conflictcoder.model import ActorRoles, Article
from conflictcoder.resources.actor_index import load_actor_index
from conflictcoder.stages.actors import resolve_actors
from conflictcoder.stages.mentions import find_mentions
from conflictcoder.stages.split import split_sentences

INDEX = load_actor_index()


def roles(text: str, country: str, day: date) -> ActorRoles:
    article = Article(id="t1", text=text)
    sentences = split_sentences(article)
    found = find_mentions(article, sentences)
    assert found, f"no event in: {text}"
    return resolve_actors(found[0], article, sentences, INDEX, country=country, event_date=day)


def names(r: ActorRoles) -> list[str]:
    actors = (r.actor1, r.actor2, *r.assoc_actor_1, *r.assoc_actor_2)
    return [a.name for a in actors if a is not None]


def test_the_subject_of_a_passive_verb_is_the_victim() -> None:
    text = "A ward leader of the Awami League was hacked to death by unidentified assailants."
    r = roles(text, "Bangladesh", date(2021, 5, 3))
    assert r.actor1 is not None
    assert r.actor1.name == "Unidentified Armed Group (Bangladesh)"


def test_the_active_subject_stays_the_perpetrator() -> None:
    r = roles("Awami League activists attacked a BNP procession in Feni.", "Bangladesh",
              date(2021, 5, 3))
    assert r.actor1 is not None and r.actor1.name != "Unidentified Armed Group (Bangladesh)"


def test_a_bomb_at_a_police_post_is_planted_by_someone_unknown() -> None:
    text = "A roadside bomb exploded next to a police post in Wajir, wounding two officers."
    r = roles(text, "Kenya", date(2019, 8, 2))
    assert r.actor1 is not None
    assert r.actor1.name == "Unidentified Armed Group (Kenya)"
    assert r.actor2 is not None and r.actor2.name.startswith("Police Forces of Kenya")


def test_a_named_group_keeps_its_mine() -> None:
    text = "Two shepherds were killed when a Houthi-planted landmine exploded in Hays."
    r = roles(text, "Yemen", date(2022, 2, 1))
    assert r.actor1 is not None
    assert r.actor1.name == "Military Forces of Yemen (2016-) Supreme Political Council"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Taliban-held districts", "Taliban"),
        ("an RSF-led assault", "RSF"),
        ("fighters of PDF-Yinmarbin", "PDF"),
    ],
)
def test_a_name_before_a_hyphenated_participle_is_found(text: str, found: str) -> None:
    assert [f.written for f in INDEX.find_named(text)] == [found]


def test_a_hyphenated_faction_is_its_own_group() -> None:
    found = list(INDEX.find_named("CODECO-URDPC fighters"))
    assert [f.written for f in found] == ["CODECO-URDPC"]


def test_two_communities_that_clash_are_two_ethnic_militias() -> None:
    text = "Six people died in clashes between the Borana and Gabra communities near Moyale."
    r = roles(text, "Kenya", date(2019, 1, 10))
    assert {"Borana Ethnic Militia (Kenya)", "Gabra Ethnic Militia (Kenya)"} <= set(names(r))


def test_an_ethnic_militia_is_named_without_a_country_given() -> None:
    r = roles("Turkana raiders killed three herders and drove off 200 goats.", "",
              date(2019, 1, 10))
    assert "Turkana Ethnic Militia (Kenya)" in names(r)


def test_a_cross_border_militia_takes_its_home_country() -> None:
    found = list(INDEX.find_ethnic("Toposa raiders crossed the border at night", "Kenya"))
    assert [(f.group, f.country) for f in found] == [("Toposa", "South Sudan")]


def test_somali_clans_are_clan_militias() -> None:
    text = "Habar Gidir clan militia fought Abgaal militiamen near Adale, killing nine."
    r = roles(text, "Somalia", date(2020, 4, 4))
    assert "Habar Gidir Clan Militia (Somalia)" in names(r)
    assert "Abgaal Clan Militia (Somalia)" in names(r)


def test_victims_of_a_community_are_not_a_militia() -> None:
    found = list(INDEX.find_ethnic("members of the Fulani community were executed", "Mali"))
    assert found == []


def test_a_battle_puts_the_rebels_against_the_state_and_allies_beside_it() -> None:
    text = (
        "Taliban fighters attacked a checkpoint in Qadis, killing four soldiers "
        "and two policemen."
    )
    r = roles(text, "Afghanistan", date(2020, 3, 13))
    sides = {r.actor1.name if r.actor1 else "", r.actor2.name if r.actor2 else ""}
    assert "Taliban" in sides
    assert "Military Forces of Afghanistan (2014-2021)" in names(r)
    assert "Police Forces of Afghanistan (2014-2021)" in names(r)


@pytest.mark.parametrize(
    ("text", "country", "day", "expected"),
    [
        ("Imbonerakure beat a teacher to death in Bururi.", "Burundi", date(2022, 4, 18),
         "Imbonerakure"),
        ("Zaire-FPAC militiamen killed a farmer near Kalo.", "Democratic Republic of Congo",
         date(2022, 1, 16), "FPAC: Ituri Self-Defense Popular Front (Zaire)"),
        ("Saudi-led coalition warplanes bombed a market in Saada, killing six.", "Yemen",
         date(2019, 6, 1), "Operation Restoring Hope"),
        ("Mara Salvatrucha gang members shot dead a bus driver in San Pedro Sula.", "Honduras",
         date(2019, 6, 1), "MS-13: Mara Salvatrucha"),
        ("Militants of Sinai Province attacked an army checkpoint near Rafah.", "Egypt",
         date(2019, 6, 1), "Islamic State (Egypt)"),
        ("NDFB militants shot dead two villagers in Kokrajhar.", "India", date(2014, 5, 2),
         "NDFB: National Democratic Front of Bodoland"),
        ("PBCP-Janajuddha cadres killed a trader in Kushtia.", "Bangladesh", date(2012, 5, 2),
         "PBCP-Janajuddha: Purba Banglar Communist Party (Janajuddha)"),
        ("Los Choneros gunmen killed two guards at the prison in Guayaquil.", "Ecuador",
         date(2021, 9, 28), "Los Choneros"),
        ("New IRA members planted a bomb under a police car in Derry.", "United Kingdom",
         date(2021, 9, 28), "New IRA"),
        ("JNIM militants ambushed an army patrol near Djibo.", "", date(2020, 1, 5),
         "JNIM: Group for Support of Islam and Muslims"),
    ],
)
def test_groups_from_every_region_are_known(
    text: str, country: str, day: date, expected: str
) -> None:
    assert expected in names(roles(text, country, day))


def test_mayi_mayi_is_named_as_acled_names_it() -> None:
    r = roles("Mayi Mayi militiamen attacked an army position in Fizi.",
              "Democratic Republic of Congo", date(2022, 2, 14))
    assert "Mayi Mayi Militia" in names(r)



def test_rival_villagers_are_named_after_their_village() -> None:
    text = (
        "A farmer was hacked to death by rival villagers at Kandipara village "
        "over a dispute about a pond."
    )
    r = roles(text, "Bangladesh", date(2015, 3, 9))
    assert r.actor1 is not None
    assert r.actor1.name == "Kandipara Communal Militia (Bangladesh)"


def test_a_foreign_army_acronym_beats_a_party_of_a_third_country() -> None:
    text = "UPDF soldiers shot dead two herders near the border at Alale on Monday."
    r = roles(text, "Kenya", date(2012, 3, 5))
    assert "Military Forces of Uganda (1986-)" in names(r)
    assert "UPDF: United People's Democratic Front" not in names(r)


def test_a_group_that_claims_the_attack_is_its_author() -> None:
    text = (
        "A bomb went off outside a traffic police booth in Maubin on Thursday night. "
        "Nobody was hurt. The Delta Lions group claimed responsibility."
    )
    r = roles(text, "Myanmar", date(2021, 10, 7))
    assert r.actor1 is not None and r.actor1.name == "Delta Lions"


def test_a_named_claimant_beats_unnamed_assailants() -> None:
    text = (
        "Unknown assailants hacked a shopkeeper to death in Jhenaidah on Friday. "
        "Islamic State claimed responsibility for the killing."
    )
    r = roles(text, "Bangladesh", date(2016, 6, 10))
    assert r.actor1 is not None and r.actor1.name == "Islamic State (Bangladesh)"
