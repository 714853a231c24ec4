"""Whole-pipeline checks of how deaths are reported: the sentences that open an event for a
toll, and the toll that lands on the event it belongs to. Texts are our own, fictional."""

from __future__ import annotations

from datetime import date

import pytest

from conflictcoder.model import Article
from conflictcoder.pipeline import extract_article


def records(text: str, published: date = date(2024, 3, 12)):  # type: ignore[no-untyped-def]
    return extract_article(Article(id="e", text=text, published=published)).records


@pytest.mark.parametrize(
    ("text", "sub_event_type", "dead"),
    [
        (
            "On 10 March 2024, two farmers were killed by a landmine near Velyka Novosilka.",
            "Remote explosive/landmine/IED",
            2,
        ),
        (
            "Ethnic-based clashes broke out near Marsabit on 10 March 2024; six were killed.",
            "Armed clash",
            6,
        ),
        ("On 10 March 2024, a mob stoned a suspected thief to death in Kisumu.", "Mob violence", 1),
        (
            "On 10 March 2024, three civilians were shot dead in the village of Dori.",
            "Attack",
            3,
        ),
    ],
)
def test_reports_of_deaths_open_an_event(text: str, sub_event_type: str, dead: int) -> None:
    found = records(text)
    assert [r.sub_event_type for r in found] == [sub_event_type]
    assert found[0].fatalities == dead


def test_a_murder_in_a_crime_report_opens_no_political_event() -> None:
    text = (
        "On 10 March 2024, a civilian was shot dead outside a nightclub in Dayton, and "
        "homicide detectives are looking for the suspect."
    )
    assert records(text) == ()


def test_the_toll_sentence_after_a_clash_is_the_clash_toll() -> None:
    text = (
        "On 10 March 2024, members of two rival clans clashed in the village of Bulo Burte. "
        "Seven people were killed, including two elders."
    )
    found = records(text)
    assert len(found) == 1
    assert (found[0].event_type, found[0].fatalities) == ("Battles", 7)


@pytest.mark.parametrize(
    ("text", "dead"),
    [
        (
            "A 12-year-old boy died on Sunday after a rifle went off while he and a cousin were "
            "handling it in a barn outside Harlow, deputies said.",
            1,
        ),
        (
            "Deputies discovered three bodies with gunshot wounds on Monday at a trailer on Birch "
            "Road in Dunmore; the sheriff called it an apparent murder-suicide.",
            3,
        ),
        (
            "A hunter was killed on Saturday in a hunting accident near Pine Ridge when another "
            "member of his party fired at a deer.",
            1,
        ),
    ],
)
def test_all_violence_codes_shootings_a_political_scope_leaves_out(text: str, dead: int) -> None:
    article = Article(id="g", text=text, published=date(2024, 3, 12))
    found = extract_article(article, scope="all-violence").records
    assert found and max(r.fatalities for r in found) == dead
    assert not records(text)  # no political actor: not an ACLED event


def test_a_bare_himself_is_no_death_of_the_attacker() -> None:
    text = ("Gunmen shot dead two villagers in Kadna, Nigeria, on Sunday, police said. The farmer, "
            "who called himself a witness, died of his wounds.")
    assert [r.fatalities for r in records(text)] == [2]
