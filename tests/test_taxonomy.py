"""The ACLED taxonomy constants and the disorder / UCDP helpers."""

from __future__ import annotations

import pytest

from conflictcoder import taxonomy as tx


def test_six_event_types_and_twenty_five_sub_event_types() -> None:
    assert len(tx.EVENT_TYPES) == 6
    assert len(tx.SUB_EVENT_TYPES) == 25
    assert len(set(tx.SUB_EVENT_TYPES)) == 25
    assert sum(len(subs) for subs in tx.SUB_EVENTS_OF.values()) == 25


def test_exact_spellings_of_the_traps() -> None:
    assert "Strategic developments" in tx.EVENT_TYPES
    assert "Strategic Developments" not in tx.EVENT_TYPES
    assert "Excessive force against protesters" in tx.SUB_EVENT_TYPES
    assert "Excessive force against protestors" not in tx.SUB_EVENT_TYPES
    assert tx.EVENT_OF_SUB["Shelling/artillery/missile attack"] == "Explosions/Remote violence"
    assert tx.EVENT_OF_SUB["Non-state actor overtakes territory"] == "Battles"


@pytest.mark.parametrize(
    ("event", "sub", "expected"),
    [
        ("Battles", "Armed clash", "Political violence"),
        ("Protests", "Peaceful protest", "Demonstrations"),
        ("Protests", "Excessive force against protesters", "Political violence; Demonstrations"),
        ("Riots", "Violent demonstration", "Demonstrations"),
        ("Riots", "Mob violence", "Political violence"),
        ("Strategic developments", "Arrests", "Strategic developments"),
        ("Explosions/Remote violence", "Suicide bomb", "Political violence"),
    ],
)
def test_disorder_type(event: str, sub: str, expected: str) -> None:
    assert tx.disorder_type(event, sub) == expected


def test_disorder_type_of_an_invalid_pair_falls_back_on_the_event_type() -> None:
    assert tx.disorder_type("Riots", "Armed clash") == "Demonstrations"
    assert tx.disorder_type("Weather", "Rain") == ""
    assert not tx.is_valid_pair("Riots", "Armed clash")


def test_interaction_codes_put_the_lower_type_first() -> None:
    assert tx.interaction_code(2, 1) == 12
    assert tx.interaction_code(6, 0) == 60
    assert tx.interaction_code(7, 8) == 78
    assert tx.interaction_label(2, 1) == "State forces-Rebel group"
    assert tx.interaction_label(6) == "Protesters only"
    assert tx.interaction_label(8, 7) == "External/Other forces-Civilians"


@pytest.mark.parametrize(
    ("event", "sub", "inter1", "inter2", "expected"),
    [
        ("Battles", "Armed clash", 2, 1, 1),  # rebels against the state
        ("Battles", "Armed clash", 8, 1, 1),  # foreign forces against the state
        ("Battles", "Armed clash", 3, 4, 2),  # two non-state groups
        ("Violence against civilians", "Attack", 2, 7, 3),
        ("Explosions/Remote violence", "Remote explosive/landmine/IED", 3, 7, 3),
        ("Explosions/Remote violence", "Air/drone strike", 1, 0, 1),
        ("Explosions/Remote violence", "Remote explosive/landmine/IED", 2, 0, None),
        ("Protests", "Peaceful protest", 6, 0, None),
        ("Protests", "Excessive force against protesters", 1, 6, 3),
        ("Riots", "Mob violence", 5, 7, None),
        ("Strategic developments", "Arrests", 1, 3, None),
    ],
)
def test_type_of_violence(
    event: str, sub: str, inter1: int, inter2: int, expected: int | None
) -> None:
    assert tx.type_of_violence(event, sub, inter1, inter2) == expected
