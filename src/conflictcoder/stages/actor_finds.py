"""Actors named in a text: the actor dictionary's scans, remembered by text, and the
capitalised group names it does not know.

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
    r"Federation|Congress|Coalition|Guards?|Corps|Sangh|Samiti|Parishad|Dal|Manch))\b"
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


def unknown_groups(text: str, taken: list[tuple[int, int]]) -> Iterable[tuple[Found, int]]:
    """Capitalised group names not in the dictionary, with where their phrase starts."""
    for m in _UNKNOWN_GROUP.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        lead = _GENERIC_LEAD.match(m.group(1))
        start = m.start() + (lead.end() if lead else 0)
        name = text[start : m.end()]
        if len(name.split()) < 2 or name.split()[0] in _NOT_A_NAME_START:
            continue
        yield Found(start, m.end(), name, "unknown"), m.start()
