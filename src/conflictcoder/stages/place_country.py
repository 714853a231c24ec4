"""Which country an article is about, from the places, peoples and unit words it names.

Every name votes for the country it lies in, weighted by how it is written ("in X" more
than X in passing), by the kind of place (an area's name is rarer than a town's) and by how
obscure the place is; a name read with its qualifiers votes for the country they agree on.
The dateline, when there is one, weighs most.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from conflictcoder.resources.gazetteer import Gazetteer, area_words, name_key
from conflictcoder.stages.place_chains import qualified_countries
from conflictcoder.stages.place_evidence import CountryEvidence
from conflictcoder.stages.place_names import (
    ADMIN1_WORDS,
    ADMIN2_WORDS,
    Dateline,
    NameCandidate,
)


def country_votes(
    text: str,
    cands: list[NameCandidate],
    gaz: Gazetteer,
    dateline: Dateline | None,
    evidence: CountryEvidence | None = None,
) -> tuple[Counter[str], dict[str, tuple[int, int]]]:
    votes: Counter[str] = Counter()
    spans: dict[str, tuple[int, int]] = {}
    sphere = evidence.sphere if evidence else frozenset()
    if evidence:
        votes.update(evidence.votes)
    for word in set(re.findall(r"\b[A-Z][a-z]+s?\b", text)):
        info = gaz.demonym(word)
        if info:
            votes[info.iso2] += 1.0
    words, pattern = area_words()
    lowered = text.lower()
    present = [w for w in words if w in lowered]  # substring tests first: most texts have none
    seen = Counter(m.group(0) for m in pattern.finditer(lowered)) if present else Counter()
    for word, count in seen.items():
        for iso2 in words[word]:
            votes[iso2] += 1.5 * min(2, count) / len(words[word])
    city, country = (dateline.city, dateline.country) if dateline else ("", "")
    if country:
        info = gaz.country_by_name(country)
        if info:
            votes[info.iso2] += 6
    if city:
        hits = gaz.lookup(city)
        if hits:
            votes[max(hits, key=lambda h: h.entry.population).entry.iso2] += 4
    seen_names: set[str] = set()
    placed, unlisted = qualified_countries(
        text, [(c.start, c.end, tuple(h.entry for h in c.hits)) for c in cands]
    )
    for n, c in enumerate(cands):
        if c.stop or n in unlisted:
            continue
        if n in placed:
            # Read with its qualifiers: "Ayolas (Ayolas, Misiones)" is in Paraguay.
            key = name_key(c.written)
            weight = 2.0 * (1.5 if c.strong else 1.0) * (0.5 if key in seen_names else 1.0)
            votes[placed[n]] += weight
            seen_names.add(key)
            continue
        if any(h.entry.kind == "country" for h in c.hits):
            iso2 = next(h.entry.iso2 for h in c.hits if h.entry.kind == "country")
            # "in Pakistan" sets the scene; "flags of Ukraine" names a country in passing;
            # "fled into Somalia", "raiders from Ethiopia" name the country beyond.
            if _crossed_into(text, c.start):
                votes[iso2] += 3.0  # "raiders crossed into Kenya and ...": where they struck
            elif _beyond(text, c.start) or c.origin or _topical(text, c.start):
                votes[iso2] += 0.5
            else:
                votes[iso2] += 3.0 if c.strong else 1.5
            spans.setdefault(iso2, (c.start, c.end))
            continue
        # "Minakulu (Oyam, Northern)": a bracketed name qualifies the place before it, so
        # its areas speak first, whatever bigger town abroad shares the name.
        vote = _name_vote(c, sphere)
        if text[max(0, c.start - 2) : c.start].strip() == "(":
            area = _qualifier_vote(c)
            if area is not None and (vote is None or vote[0] != area[0]):
                vote = area
        if vote is None:
            continue
        key = name_key(c.written)
        votes[vote[0]] += vote[1] * (0.5 if key in seen_names else 1.0)  # said again: less
        seen_names.add(key)
    return votes, spans


_BEYOND = re.compile(
    r"(?:\b(?:into|towards?|back to|fled to|returned to|border(?:s)? with|borders? of"
    r"|neighbouring|neighboring)\s+(?:the\s+)?)$",
    re.IGNORECASE,
)


# Raiders who cross into a country act there: the country entered is the scene.
_CROSSED_INTO = re.compile(
    r"\b(?:cross(?:ed|es|ing)?|entered|entering|incursions?|infiltrated)\s+(?:the\s+border\s+)?"
    r"into\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def _crossed_into(text: str, start: int) -> bool:
    return bool(_CROSSED_INTO.search(text, max(0, start - 40), start))


# A country named as the subject of a protest or a report, not its scene: "against the war
# in Ukraine", "Russia's invasion of Ukraine", "in solidarity with Palestine", "the embassy
# of Mali". The scene is the town the text names ("rallied in Volkach against ...").
_TOPICAL = re.compile(
    r"\b(?:(?:war|invasion|conflict|crisis|fighting|aggression|occupation|genocide|coup"
    r"|bombing|situation|elections?)\s+(?:in|of|on|against)"
    r"|solidarity\s+with|support\s+(?:of|for)|embassy\s+of|consulate\s+of"
    r"|sanctions\s+(?:on|against))\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def _topical(text: str, start: int) -> bool:
    return bool(_TOPICAL.search(text, max(0, start - 40), start))


def _beyond(text: str, start: int) -> bool:
    return bool(_BEYOND.search(text, max(0, start - 30), start))


def _name_vote(c: NameCandidate, sphere: frozenset[str]) -> tuple[str, float] | None:
    """The country one place name speaks for, and how strongly."""
    # A place's own name, or an area's alias, outweighs another town's alternate name
    # ("Kunduz" is also a Turkish village's old name).
    own = [h for h in c.hits if h.exact or h.entry.kind != "city"] or list(c.hits)
    # Where the article's armed groups operate, a name means the place there ("Solhan").
    inside = [h for h in own if h.entry.iso2 in sphere]
    outside = sphere and not inside and max(h.entry.population for h in own) < 100_000
    own = inside or own
    strength = (1.5 if c.strong else 1.0) * (1.0 if any(h.exact for h in c.hits) else 0.5)
    top = max(own, key=lambda h: h.entry.population)
    iso2 = top.entry.iso2
    abroad = [h.entry.population for h in own if h.entry.iso2 != iso2]
    # Homonyms abroad: only a place far bigger than the others speaks for its country.
    if abroad and not (top.exact and top.entry.population >= 5 * max(abroad) + 1000):
        return None
    area = any(h.entry.kind != "city" for h in own if h.entry.iso2 == iso2)
    weight = 2.0 if area else 1.0
    if not area and (c.cue in ADMIN1_WORDS or c.cue in ADMIN2_WORDS):
        weight = 0.5  # "Islampur upazila" is an area, and the towns of that name are not it
    # An obscure place (a hamlet, an area no listed town lies in) is weak evidence.
    size = min(1.0, math.log10(top.entry.population + 10) / 4)
    return iso2, weight * strength * size * (0.5 if outside else 1.0)


def _qualifier_vote(c: NameCandidate) -> tuple[str, float] | None:
    """ "El Centro (Santander)": a name in brackets after a place is that place's area; when
    the areas of that name all lie in one country, it speaks for it, whatever towns abroad
    share the name (Santander in Spain)."""
    # A province before a district: "(Santander)" is Colombia's department, not the
    # Philippine town's municipality.
    # Its own name before another area's alias ("Santander" is not Cantabria).
    countries: set[str] = set()
    for kind, exact in (("admin1", True), ("admin2", True), ("admin1", False), ("admin2", False)):
        countries = {h.entry.iso2 for h in c.hits if h.entry.kind == kind and h.exact >= exact}
        if countries:
            break
    if len(countries) != 1:
        return None
    return next(iter(countries)), 2.0
