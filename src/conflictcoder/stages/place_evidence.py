"""Which country an article is about, from who acts in it rather than where.

Reports often never name their country: "Kenyan police raided a house in Eastleigh",
"JNIM militants attacked the police station in Solhan". The actors say it. A country's
police, government or courts act at home; a village or the capital called Kenyan lies in
Kenya; an armed group or party operates in the countries the actor dictionary lists for
it. These speak for a country (votes), and the groups' countries bound where an obscure
place of the article can lie (the sphere): a small town abroad of the same name is not it.
An army named by nationality is no such evidence: armies fight abroad ("Russian forces
shelled ...").

Some actors belong to one country alone: a party or militia of one country ("Mungiki
members", "ODM supporters"), a people that lives in one country only ("Pokot raiders"), a
police unit ("GSU officers"). Each names its country as "Kenyan police" does: a report that
names no place at all ("Pokot raiders kill two herders") is still placed in that country.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from conflictcoder.resources.actor_index import ActorIndex
from conflictcoder.resources.gazetteer import Gazetteer

# What a country has only at home: "Kenyan police", "the Burkinabe government",
# "a Kenyan village", "the Kenyan capital".
_HOME_NOUNS = (
    r"police(?:men)?|policem[ae]n|gendarmes?|gendarmerie|government|authorities|courts?"
    r"|judiciary|parliament|ministry|president|prime minister|officials"
    r"|villages?|towns?|cities|city|capital|soil|territory|countryside|border towns?"
    r"|homes?"
)
# The words are read whole (possessive: a word given back letter by letter is only ever
# followed by a letter, which nothing after it takes but the "s" read whole anyway).
_NATION_HOME = re.compile(
    r"\b(?P<nation>[A-Z][a-zè]++(?:\s+[A-Z][a-z]++)?)(?:['’]s|s)?\s+(?:(?:riot|security|traffic"
    r"|anti-riot|local|rural|remote|border|northern|southern|eastern|western|central)\s+)?"
    rf"(?P<noun>{_HOME_NOUNS})\b"
)
# A named group speaks for its countries only when it operates in a few.
_MAX_GROUP_COUNTRIES = 5
# An actor of one country alone: enough to place a report that names no place (the
# article's country needs one vote), less than a place written as the scene.
_HOME_VOTE = 1.0


@dataclass(slots=True)
class CountryEvidence:
    votes: Counter[str] = field(default_factory=Counter)
    sphere: frozenset[str] = frozenset()  # where the named groups operate (ISO2)
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)  # "Kenyan police"
    homes: set[tuple[str, int]] = field(default_factory=set)  # one-country actors counted


def actor_evidence(text: str, gaz: Gazetteer, actors: ActorIndex | None) -> CountryEvidence:
    """Votes for the article's country from the actors it names, and the groups' sphere."""
    evidence = CountryEvidence()
    for m in _NATION_HOME.finditer(text):
        nation = m.group("nation")
        info = gaz.demonym(nation) or gaz.country_by_name(nation)
        if info is None and " " in nation:  # "Nairobi Kenyan police": the last word
            last = nation.rsplit(None, 1)[1]
            info = gaz.demonym(last) or gaz.country_by_name(last)
        if info is None and nation.endswith("s"):
            # "Kenyas judiciary": a possessive that lost its apostrophe.
            info = gaz.country_by_name(nation[:-1])
        if info is None:
            continue
        evidence.votes[info.iso2] += 2.0
        evidence.spans.setdefault(info.iso2, (m.start("nation"), m.start("nation") + len(nation)))
    if actors is None:
        return evidence
    sphere: set[str] = set()
    seen: set[tuple[str, ...]] = set()
    for found in actors.find_named(text):
        entries = found.entries
        # An alias many groups share ("Islamic State"), or one active anywhere, says nothing.
        if not entries or any(not e.countries for e in entries):
            continue
        key = tuple(sorted(e.name for e in entries))
        if key in seen:  # named again: no more evidence
            continue
        seen.add(key)
        names = {c for e in entries for c in e.countries}
        if len(names) > _MAX_GROUP_COUNTRIES:
            continue
        isos = {info.iso2 for n in names if (info := gaz.country_by_name(n)) is not None}
        sphere |= isos
        if len(isos) == 1:
            _home(evidence, next(iter(isos)), found.start, found.end)
            continue
        # Groups cross borders: their countries break ties, they do not outvote places.
        for iso2 in isos:
            evidence.votes[iso2] += 0.5 / len(isos)
    evidence.sphere = frozenset(sphere)
    for found in actors.find_ethnic(text, ""):
        homes = actors.ethnic_homes(found.group)
        # "Somali gunmen" may be Somalia's: a people named like a nation is no such evidence.
        if len(homes) == 1 and gaz.demonym(found.group) is None:
            info = gaz.country_by_name(homes[0])
            if info is not None:
                _home(evidence, info.iso2, found.start, found.start + len(found.group))
    for found in actors.find_units(text, ""):
        # Police units serve at home; border guards face the next country ("BSF" firing
        # on Bangladeshi traders), armies fight abroad.
        if found.force != "police" or "border" in found.unit.lower():
            continue
        info = gaz.country_by_name(found.country) if found.country else None
        if info is not None:
            _home(evidence, info.iso2, found.start, found.end)
    return evidence


def _home(evidence: CountryEvidence, iso2: str, start: int, end: int) -> None:
    """An actor of one country alone: a vote for it, as a named nationality gives."""
    if (iso2, start) in evidence.homes:
        return
    evidence.homes.add((iso2, start))
    evidence.votes[iso2] += _HOME_VOTE
    evidence.spans.setdefault(iso2, (start, end))
