"""Actors named in a text: the actor dictionary's scans, remembered by text, the
capitalised group names it does not know, village militias, and where a name stands
against the event's verb (its agent, or the victim of a passive one).

Each mention of an article scans the sentences around it and all those before it, so
one article's sentences are scanned again and again: the scans are cached by text
(bounded caches, small against a process's resources).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from conflictcoder.resources.actor_index import ActorIndex, Found
from conflictcoder.stages.mentions import mask, trigger_lexicon

_UNKNOWN_GROUP = re.compile(
    r"\b((?:[A-Z][\w'’\-]+ )(?:(?:of|for|the|and|de|al|el|[A-Z][\w'’\-]+) ){0,6}"
    r"(?:Army|Front|Movement|Brigades?|Battalion|Forces?|Militia|Group|Party|League|Union|Council|"
    r"Organi[sz]ation|Alliance|Resistance|Mujahideen|Jihad|Cartel|Network|Committee|Association|"
    r"Federation|Congress|Coalition|Guards?|Corps|Sangh|Samiti|Parishad|Dal|Manch|Rangers|"
    r"Tigers|Guerrillas?|Guerrilla Force|Commandos?|Squad|Legion))\b"
)
# "Fighters of the Kivu Liberation Front" -> "Kivu Liberation Front".
_GENERIC_LEAD = re.compile(
    r"^(?:(?:Fighters|Members|Militants|Supporters|Activists|Leaders|Cadres|Soldiers|Rebels|"
    r"Troops|Gunmen|Men|Elements|Units?|Forces|Followers|Workers|The|A|An|On|In|At|By)\s+"
    r"(?:of\s+)?(?:the\s+)?)+"
)
_NOT_A_NAME_START = frozenset(
    {
        "Police",
        "Security",
        "Government",
        "Military",
        "Army",
        "State",
        "Local",
        "Rival",
        "Opposition",
        "Ruling",
        "Armed",
        "Several",
    }
)

# Words that start a sentence before "claimed" without naming a group.
_NOT_A_CLAIMANT = frozenset(
    {"No", "Nobody", "None", "It", "They", "He", "She", "Police", "Officials"}
)

_CACHED_TEXTS = 4096  # sentences: a few articles' worth


@lru_cache(maxsize=_CACHED_TEXTS)
def masked(text: str) -> str:
    """Blank out sources ("police said") and grievances ("against the killing of a
    leader by ...") so they are not read as the event's actors."""
    return mask(text, trigger_lexicon())


@lru_cache(maxsize=_CACHED_TEXTS)
def named_in(index: ActorIndex, text: str) -> tuple[Found, ...]:
    """Named groups of the actor dictionary in a text."""
    return tuple(index.find_named(text))


@lru_cache(maxsize=_CACHED_TEXTS)
def others_in(index: ActorIndex, text: str, country: str) -> tuple[tuple[Found, ...], ...]:
    """State forces, units, ethnic militias and generic nouns named in a text."""
    return (
        tuple(index.find_state(text)),
        tuple(index.find_units(text, country)),
        tuple(index.find_ethnic(text, country)),
        tuple(index.find_generic(text)),
    )


@lru_cache(maxsize=16)  # whole articles: a few suffice (one per mention)
def main_country(index: ActorIndex, text: str) -> str:
    """The country a text names most (the first named, between equals), or ""."""
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    for pos, country in index.find_countries(text):
        counts[country] = counts.get(country, 0) + 1
        first.setdefault(country, pos)
    if not counts:
        return ""
    return max(counts, key=lambda c: (counts[c], -first[c]))


# "... claimed responsibility": the name before it claims the attack.
_CLAIMS = re.compile(
    r"\)?(?:'s?)?(?: (?:group|militants|fighters|members|faction|movement))?,?"
    r"(?: (?:has|have|had|reportedly|later|also|quickly|swiftly))* claim(?:ed|s)? "
    r"(?:responsibility|the (?:attack|bombing|killing|blast|ambush|assault))"
)
# Unknown claimants: "The Yoma Tiger group claimed responsibility".
_CLAIMANT = re.compile(
    r"\b(?:[Tt]he )?((?:[A-Z][\w'’-]+ ){0,4}[A-Z][\w'’-]+)(?= (?:group )?(?:has |have |had |"
    r"reportedly |later )*claimed (?:responsibility|the attack))"
)


def claims(text: str, end: int) -> bool:
    """The name ending at ``end`` claims the attack ("ISKP claimed responsibility")."""
    return _CLAIMS.match(text, end) is not None


def unknown_groups(text: str, taken: list[tuple[int, int]]) -> Iterable[tuple[Found, int]]:
    """Capitalised group names not in the dictionary, with where their phrase starts."""
    for m in _CLAIMANT.finditer(text) if "claimed" in text else ():
        if any(s < m.end(1) and m.start(1) < e for s, e in taken):
            continue
        name = m.group(1)
        if name.split()[0] in _NOT_A_NAME_START or name in _NOT_A_CLAIMANT:
            continue
        yield Found(m.start(1), m.end(1), name, "unknown"), m.start(1)
    for m in _UNKNOWN_GROUP.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        lead = _GENERIC_LEAD.match(m.group(1))
        start = m.start() + (lead.end() if lead else 0)
        name = text[start : m.end()]
        if len(name.split()) < 2 or name.split()[0] in _NOT_A_NAME_START:
            continue
        yield Found(start, m.end(), name, "unknown"), m.start()


# Villagers or rivals who fight over land or a dispute: ACLED names such an armed group
# after its village ("<Village> Communal Militia (<Country>)").
_VILLAGE_SIDE = re.compile(
    r"\b(?:rival (?:groups?|villagers|factions)|(?:his |their |the )?rivals|"
    r"groups? of (?:armed )?villagers|(?:armed )?village groups|armed villagers|"
    r"(?:local )?self-defen[cs]e militias?)\b",
    re.IGNORECASE,
)
_VILLAGE = re.compile(
    r"\b(?:in|at|of|from) (?:the )?([A-Z][a-z]+(?:[ -][A-Z][a-z]+)?) (?:village|area|bazaar)\b"
    r"|\b(?:village|town) of ([A-Z][a-z]+(?:[ -][A-Z][a-z]+)?)\b"
    r"|\b(?:in|at) ([A-Z][a-z]+(?:[ -][A-Z][a-z]+)?) (?:in|of) [A-Z][a-z]+ "
    r"(?:[Uu]pazila|[Dd]istrict)\b"
)


def village_militias(text: str, taken: list[tuple[int, int]]) -> Iterable[Found]:
    """"Rival villagers attacked ... at Baimmari village": the Baimmari communal militia,
    found where the rival side is spoken of."""
    lowered = text.lower()
    if "rival" not in lowered and "villag" not in lowered and "self-defen" not in lowered:
        return
    side = _VILLAGE_SIDE.search(text)
    if side is None or any(s < side.end() and side.start() < e for s, e in taken):
        return
    place = _VILLAGE.search(text)
    if place is None:
        return
    name = next(g for g in place.groups() if g)
    yield Found(side.start(), side.end(), side.group(0), "ethnic", group=name, label="Communal")


# "BLA militants", "Taliban forces": the noun after a name belongs to it.
MEMBER_NOUN = re.compile(
    r"\)?(?:'s)?\s+(?:[a-z]+\s+)?(?:militants?|fighters?|forces|rebels?|insurgents?|gunm[ae]n|members?|"
    r"cadres?|activists?|supporters|m[ae]n|troops|soldiers?|militiam[ae]n|operatives?|"
    r"commanders?|leaders?|elements|jihadists?|terrorists?|police(?:m[ae]n)?|officers?|"
    r"personnel|workers?|followers|snipers?|bombers?|raiders|cultists|combatants|loyalists|"
    r"militias?|units?|squads?|cells?|gangs?)\b"
)
_REBEL_WORDS = (
    "Army",
    "Revolutionary",
    "Revolution",
    "Defense Force",
    "Defence Force",
    "Guerrilla",
    "Rangers",
    "Tigers",
    "Legion",
    "Front",
    "Brigade",
    "Battalion",
    "Mujahideen",
    "Jihad",
    "Resistance",
    "Corps",
    "Liberation",
)
_CIVIC_WORDS = (
    "Union",
    "Association",
    "Federation",
    "Committee",
    "Congress",
    "Council",
    "Coalition",
    "Sangh",
    "Samiti",
    "Parishad",
    "Manch",
)


def unknown_inter(name: str) -> int:
    """The actor type of an unknown group, from its name."""
    if any(w in name for w in _REBEL_WORDS):
        return 2
    if any(w in name for w in _CIVIC_WORDS):
        return 6
    return 3


# "killed by the Taliban": the agent of a violent act in the passive.
BY = re.compile(
    r"\b(?:killed|shot|attacked|struck|hit|targeted|launched|fired|carried out|claimed|"
    r"abducted|kidnapped|ambushed|bombed|shelled|murdered|hacked|stabbed|beaten|injured|"
    r"wounded|assaulted|planted|detonated|triggered|perpetrated|raided|stormed|torched|"
    r"burned|burnt|seized|captured|arrested|detained|executed|lynched|raped|looted|"
    r"destroyed|killing|allegedly|reportedly|left|laid|dropped|thrown|hurled|attacks?|assault|"
    r"ambush|raid|offensive|bombing|shelling|strikes?)(?: [\w'’-]+){0,3} by (?:the |a |an )?"
    r"(?:[\w'’-]+ ){0,2}$",
    re.IGNORECASE,
)
# "was shot", "were attacked": the subject before the trigger is the victim.
PASSIVE = re.compile(
    r"\b(?:was|were|been|being|got|is|are)(?: (?:\w+ly|also|later|then))?"
    r"(?: (?:\w+ed|\w+en|hit|shot|struck|caught))? ?$",
    re.IGNORECASE,
)


# Words between a force and the blast that make the force the place hit, not the bomber.
TARGET_WORDS = re.compile(
    r"\b(?:station|post|office|camp|base|convoy|vehicle|car|truck|checkpoint|patrol|"
    r"headquarters|barracks|booth|outpost|complex|compound|residence|quarters|building|"
    r"premises)s?\b",
    re.IGNORECASE,
)
# "in the police compound", "near an army post": a force named as a place.
PLACE_BEFORE = re.compile(
    r"\b(?:in|at|near|outside|inside|into|on|against|targeting|toward|towards) (?:the |a |an )?"
    r"(?:\w+ )?$",
    re.IGNORECASE,
)

def agent_rank(text: str, start: int, end: int, trigger: int) -> tuple[int, int]:
    """Where a name at ``text[start:end]`` stands as the agent of the verb at ``trigger``
    (lower first): the subject nearest the verb, or the agent after "by" of a passive verb
    (0); the agent after "by" of an active one (1); another name after the verb (2); the
    subject of a passive verb, the victim (3). Second: nearness, then reading order."""
    before = text[max(0, start - 60) : start]
    if end <= trigger:
        # A subject of an earlier clause, far from a passive verb, keeps its place.
        victim = PASSIVE.search(text[: max(0, trigger)]) is not None and trigger - end < 60
        return (3 if victim else 0, trigger - end)
    if BY.search(before):
        return (0 if PASSIVE.search(text[: max(0, trigger)]) else 1, start)
    return (2, start)


def is_agent(text: str, start: int, end: int, trigger: int) -> bool:
    """The name is the active subject of the verb at ``trigger``, or its agent after "by"
    (not a force the blast hit: "a bomb went off at the police station")."""
    before = text[max(0, start - 60) : start]
    if end <= trigger:
        between = text[end:trigger]
        return not (
            PASSIVE.search(text[: max(0, trigger)])
            or len(between) >= 100
            or TARGET_WORDS.search(between)
            or PLACE_BEFORE.search(before)
        )
    return bool(BY.search(before))
