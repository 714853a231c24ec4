"""ACLED's precedence between sub-event types, as find_mentions applies it.

Each case is a short wire-style report written for this test; the expected type follows
the codebook's definitions (DESIGN.md, Standards 1).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conflictcoder.model import Article
from conflictcoder.stages.mentions import find_mentions
from conflictcoder.stages.split import split_sentences


def types(text: str) -> list[tuple[str, str]]:
    article = Article(id="p1", text=text)
    found = find_mentions(article, split_sentences(article))
    return [(m.event_type, m.sub_event_type) for m in found]


def first_type(text: str) -> tuple[str, str]:
    found = types(text)
    assert found, f"no event found in: {text}"
    return found[0]


CASES = [
    # Forces killing members of an armed group: a battle, not violence against civilians.
    (
        "A gendarmerie unit killed five presumed JNIM and/or ISGS militants near Djibo on "
        "Tuesday and seized their motorbikes.",
        ("Battles", "Armed clash"),
    ),
    (
        "Soldiers shot dead two 'terrorists' at a checkpoint outside Gao, the army said.",
        ("Battles", "Armed clash"),
    ),
    (
        "Police in Garissa killed three armed men who opened fire on a patrol vehicle.",
        ("Battles", "Armed clash"),
    ),
    (
        "An unidentified gunman shoots Kenyan police officer outside a bank in Mombasa.",
        ("Battles", "Armed clash"),
    ),
    # ...but villagers the soldiers call suspects stay civilians.
    (
        "Soldiers beat and killed four villagers accused of hiding insurgents in their barns.",
        ("Violence against civilians", "Attack"),
    ),
    # An abduction in which the victim is killed or hurt is coded as an attack.
    (
        "Gunmen abducted a village chief near Dori on Friday; his body was found the next "
        "morning by the roadside.",
        ("Violence against civilians", "Attack"),
    ),
    (
        "Suspected militants kidnapped two teachers and beat them before releasing them "
        "near the border.",
        ("Violence against civilians", "Attack"),
    ),
    (
        "Armed men abducted three traders on the road to Kaya on Monday, residents said.",
        ("Violence against civilians", "Abduction/forced disappearance"),
    ),
    # Armed men who only take or destroy property: looting, not an attack.
    (
        "Suspected jihadists stormed the village of Tonga, seized about 200 cattle and "
        "burned the granaries, residents said; no casualties were reported.",
        ("Strategic developments", "Looting/property destruction"),
    ),
    (
        "Gunmen on motorbikes robbed traders at the weekly market in Sebba on Thursday.",
        ("Strategic developments", "Looting/property destruction"),
    ),
    # A mob that lynches a suspect is mob violence, even when the suspect was a gang member.
    (
        "A suspected gang member was lynched by a mob in Kisumu on Sunday after a spate of "
        "burglaries.",
        ("Riots", "Mob violence"),
    ),
    # A crowd fighting the police is a violent demonstration; rivals fighting each other
    # are mob violence.
    (
        "Hundreds of hawkers clashed with police in the city centre on Wednesday over the "
        "closure of their market.",
        ("Riots", "Violent demonstration"),
    ),
    (
        "Traders riot over new market fees in Eldoret as shops stay shut.",
        ("Riots", "Violent demonstration"),
    ),
    (
        "Supporters of two rival candidates clashed with each other outside a polling "
        "station in Kakamega, leaving six people injured.",
        ("Riots", "Mob violence"),
    ),
    # Two named peoples fighting: identity militias, so a battle.
    (
        "Clashes between Turkana and Pokot herders left five people dead near Kapedo on "
        "Sunday, a local chief said.",
        ("Battles", "Armed clash"),
    ),
    # The police stopping or arresting protesters is an intervention.
    (
        "Opposition activists staged a procession in Rangpur on Sunday. They were stopped by "
        "police before it reached the district office.",
        ("Protests", "Protest with intervention"),
    ),
    (
        "Nurses protested outside the health ministry over unpaid wages. Two people were "
        "arrested.",
        ("Protests", "Protest with intervention"),
    ),
    (
        "Police charged batons to disperse students who were protesting against a fee hike "
        "in Sylhet.",
        ("Protests", "Protest with intervention"),
    ),
    # ...while a protest about earlier arrests is still a peaceful protest.
    (
        "Relatives of three men who were arrested last week protested peacefully outside the "
        "prosecutor's office in Xalapa.",
        ("Protests", "Peaceful protest"),
    ),
    # Protesters who burn property make it a violent demonstration.
    (
        "Students demonstrated against food shortages at their school and burned down a hut "
        "used by the cook.",
        ("Riots", "Violent demonstration"),
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_sub_event_type_follows_the_codebook(text: str, expected: tuple[str, str]) -> None:
    assert first_type(text) == expected


def test_a_brawl_that_turns_armed_is_one_battle() -> None:
    text = (
        "At least 25 people were injured in a clash between rival groups of the ruling party "
        "in Damurhuda on Saturday. Gunshots were fired during the clash."
    )
    assert types(text) == [("Battles", "Armed clash")]


def test_a_contest_between_two_names_is_not_a_battle() -> None:
    text = "The clash between Apple and Samsung over phone patents moved to a court in Seoul."
    assert types(text) == []


def test_riot_police_are_not_a_riot() -> None:
    text = "Fans queued outside the stadium on Saturday as riot police looked on."
    assert types(text) == []


def test_a_verbal_clash_with_the_police_is_not_a_riot() -> None:
    text = (
        "Union members clashed with police commanders over overtime pay at a committee "
        "hearing on Tuesday."
    )
    assert types(text) == []


NON_EVENTS = Path(__file__).parent / "data" / "non_events"


@pytest.mark.parametrize(
    "name",
    [
        "lynch_film.txt",
        "union_hearing.txt",
        "returned_manuscripts.txt",
        "bomb_squad_drill.txt",
        "riot_gear_budget.txt",
        "vigil_plan.txt",
    ],
)
def test_near_misses_of_the_precedence_rules_are_not_events(name: str) -> None:
    assert types((NON_EVENTS / name).read_text(encoding="utf-8")) == []
