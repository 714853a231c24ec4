"""The ACLED event taxonomy and the UCDP type of violence, as constants and two helpers.

Exact strings follow ACLED's current data (DESIGN.md, Standards 1 and 3): note the
lower-case "d" in "Strategic developments" and the spelling "protesters".
"""

from __future__ import annotations

from types import MappingProxyType

BATTLES = "Battles"
EXPLOSIONS = "Explosions/Remote violence"
VIOLENCE_AGAINST_CIVILIANS = "Violence against civilians"
PROTESTS = "Protests"
RIOTS = "Riots"
STRATEGIC = "Strategic developments"

EVENT_TYPES: tuple[str, ...] = (
    BATTLES,
    EXPLOSIONS,
    VIOLENCE_AGAINST_CIVILIANS,
    PROTESTS,
    RIOTS,
    STRATEGIC,
)

POLITICAL_VIOLENCE = "Political violence"
DEMONSTRATIONS = "Demonstrations"
STRATEGIC_DEVELOPMENTS = "Strategic developments"
PV_AND_DEMONSTRATIONS = "Political violence; Demonstrations"

# sub_event_type -> (event_type, disorder_type), in the codebook's order.
_SUB_EVENTS: tuple[tuple[str, str, str], ...] = (
    ("Armed clash", BATTLES, POLITICAL_VIOLENCE),
    ("Government regains territory", BATTLES, POLITICAL_VIOLENCE),
    ("Non-state actor overtakes territory", BATTLES, POLITICAL_VIOLENCE),
    ("Chemical weapon", EXPLOSIONS, POLITICAL_VIOLENCE),
    ("Air/drone strike", EXPLOSIONS, POLITICAL_VIOLENCE),
    ("Suicide bomb", EXPLOSIONS, POLITICAL_VIOLENCE),
    ("Shelling/artillery/missile attack", EXPLOSIONS, POLITICAL_VIOLENCE),
    ("Remote explosive/landmine/IED", EXPLOSIONS, POLITICAL_VIOLENCE),
    ("Grenade", EXPLOSIONS, POLITICAL_VIOLENCE),
    ("Sexual violence", VIOLENCE_AGAINST_CIVILIANS, POLITICAL_VIOLENCE),
    ("Attack", VIOLENCE_AGAINST_CIVILIANS, POLITICAL_VIOLENCE),
    ("Abduction/forced disappearance", VIOLENCE_AGAINST_CIVILIANS, POLITICAL_VIOLENCE),
    ("Peaceful protest", PROTESTS, DEMONSTRATIONS),
    ("Protest with intervention", PROTESTS, DEMONSTRATIONS),
    ("Excessive force against protesters", PROTESTS, PV_AND_DEMONSTRATIONS),
    ("Violent demonstration", RIOTS, DEMONSTRATIONS),
    ("Mob violence", RIOTS, POLITICAL_VIOLENCE),
    ("Agreement", STRATEGIC, STRATEGIC_DEVELOPMENTS),
    ("Arrests", STRATEGIC, STRATEGIC_DEVELOPMENTS),
    ("Change to group/activity", STRATEGIC, STRATEGIC_DEVELOPMENTS),
    ("Disrupted weapons use", STRATEGIC, STRATEGIC_DEVELOPMENTS),
    ("Headquarters or base established", STRATEGIC, STRATEGIC_DEVELOPMENTS),
    ("Looting/property destruction", STRATEGIC, STRATEGIC_DEVELOPMENTS),
    ("Non-violent transfer of territory", STRATEGIC, STRATEGIC_DEVELOPMENTS),
    ("Other", STRATEGIC, STRATEGIC_DEVELOPMENTS),
)

SUB_EVENT_TYPES: tuple[str, ...] = tuple(sub for sub, _, _ in _SUB_EVENTS)
EVENT_OF_SUB: MappingProxyType[str, str] = MappingProxyType(
    {sub: event for sub, event, _ in _SUB_EVENTS}
)
SUB_EVENTS_OF: MappingProxyType[str, tuple[str, ...]] = MappingProxyType(
    {event: tuple(s for s, e, _ in _SUB_EVENTS if e == event) for event in EVENT_TYPES}
)
_DISORDER_OF_SUB = {sub: disorder for sub, _, disorder in _SUB_EVENTS}

# ACLED actor types (inter codes); 0 means "no actor".
INTER_LABELS: MappingProxyType[int, str] = MappingProxyType(
    {
        1: "State forces",
        2: "Rebel group",
        3: "Political militia",
        4: "Identity militia",
        5: "Rioters",
        6: "Protesters",
        7: "Civilians",
        8: "External/Other forces",
    }
)
INTER_LEGACY_LABELS: MappingProxyType[int, str] = MappingProxyType(
    {
        1: "State Forces",
        2: "Rebel Groups",
        3: "Political Militias",
        4: "Identity Militias",
        5: "Rioters",
        6: "Protesters",
        7: "Civilians",
        8: "External/Other Forces",
    }
)

STATE_FORCES, REBELS, POLITICAL_MILITIA, IDENTITY_MILITIA = 1, 2, 3, 4
RIOTERS, PROTESTERS, CIVILIANS, EXTERNAL = 5, 6, 7, 8
ORGANISED_ARMED = frozenset({STATE_FORCES, REBELS, POLITICAL_MILITIA, IDENTITY_MILITIA, EXTERNAL})


def is_valid_pair(event_type: str, sub_event_type: str) -> bool:
    return EVENT_OF_SUB.get(sub_event_type) == event_type


def disorder_type(event_type: str, sub_event_type: str) -> str:
    """ACLED's disorder_type for a (valid) event/sub-event pair.

    An unknown sub-event falls back on the event type alone; an unknown event type
    gives "".
    """
    if is_valid_pair(event_type, sub_event_type):
        return _DISORDER_OF_SUB[sub_event_type]
    return {
        BATTLES: POLITICAL_VIOLENCE,
        EXPLOSIONS: POLITICAL_VIOLENCE,
        VIOLENCE_AGAINST_CIVILIANS: POLITICAL_VIOLENCE,
        PROTESTS: DEMONSTRATIONS,
        RIOTS: DEMONSTRATIONS,
        STRATEGIC: STRATEGIC_DEVELOPMENTS,
    }.get(event_type, "")


def interaction_code(inter1: int, inter2: int = 0) -> int:
    """ACLED's combined code, lowest type first: (2, 1) -> 12; (6, 0) -> 60."""
    low, high = sorted((inter1, inter2))
    return high * 10 if low == 0 else low * 10 + high


def interaction_label(inter1: int, inter2: int = 0) -> str:
    """The API's text form: "State forces-Rebel group" or "Protesters only".

    Lowest code first, except that civilians come last ("External/Other
    forces-Civilians" for 78, as DESIGN.md quotes it).
    """
    if 0 in (inter1, inter2):
        return f"{INTER_LABELS[max(inter1, inter2)]} only"
    low, high = sorted((inter1, inter2), key=lambda code: (code == CIVILIANS, code))
    return f"{INTER_LABELS[low]}-{INTER_LABELS[high]}"


def type_of_violence(event_type: str, sub_event_type: str, inter1: int, inter2: int) -> int | None:
    """UCDP's type of violence for an ACLED-coded event, or None when UCDP would not code it.

    1 state-based (a state is one side of organised armed violence), 2 non-state
    (two organised non-state groups), 3 one-sided (an organised actor against
    civilians). Demonstrations, riots and strategic developments have no UCDP type;
    excessive force against protesters is one-sided violence by the state.
    """
    if event_type in (STRATEGIC, RIOTS):
        return None
    sides = {inter1, inter2} - {0}
    if event_type == PROTESTS:
        return 3 if sub_event_type == "Excessive force against protesters" else None
    if event_type == VIOLENCE_AGAINST_CIVILIANS or sides & {PROTESTERS, CIVILIANS}:
        return 3
    if sides & {STATE_FORCES, EXTERNAL}:
        return 1
    non_state = {REBELS, POLITICAL_MILITIA, IDENTITY_MILITIA}
    if inter1 in non_state and inter2 in non_state:
        return 2
    return None  # one non-state side and no known opponent: no dyad to code
