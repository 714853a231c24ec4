"""Names a sentence writes that are no scene of its event, though the gazetteer lists them.

"Gathered in Duomo Square in Milano": the Duomo names a square, and Milano is the place.
"Pokot raiders attacked Samburu villagers": Samburu names a people; the hamlet of that name on
the coast is not meant, the Samburu people's county may be.
"""

from __future__ import annotations

import dataclasses
import itertools
import re

from conflictcoder.resources.gazetteer import name_key
from conflictcoder.stages.place_chains import PlaceMention
from conflictcoder.stages.place_context import GeoContext

# A site named after a person or another place: "Duomo Square", "Lafayette Square", "the
# Amambai neighborhood", "Stockton University", "the Nairobi Hotel".
_SITE_AFTER = re.compile(
    r"\s+(?:(?:Square|Park|Street|Road|Avenue|Boulevard|Bridge|Plaza|Mall|Hotel|Stadium"
    r"|University|College|Gardens?|Grounds?)\b|(?i:neighbou?rhood|estate)\b)"
)


def sites_dropped(text: str, places: list[PlaceMention]) -> list[PlaceMention]:
    """The sentence's places without the towns that only name a site, when it names another
    town ("gathered in Duomo Square in Milano": Milano; the Duomo is no town). Beside an area
    alone the site keeps its town ("Maseno University in Kisumu county" is in Maseno)."""
    sites = [p for p in places if p.entry.kind == "city" and _SITE_AFTER.match(text, p.end)]
    if not sites or not any(p.entry.kind == "city" and p not in sites for p in places):
        return places
    return [p for p in places if p not in sites]


# A people named by its homeland: "Samburu raiders", "Kikuyu tribesmen", "Turkana herders".
_PEOPLE_AFTER = re.compile(
    r"\s+(?:tribes(?:man|men)|raiders|herders|herdsmen|warriors|villagers|pastoralists"
    r"|communit(?:y|ies)|clans(?:men)?|elders|people|militia(?:s|men)?)\b",
    re.IGNORECASE,
)


def peoples_as_areas(text: str, geo: GeoContext) -> GeoContext:
    """A town named like a people written as that people ("Samburu villagers", "Kikuyu
    tribesmen") is no scene, here or where the text names the people again ("clashes between
    Maasai and Kikuyu"); the area named after the people is, where there is one (Samburu
    county, not the hamlet of Samburu on the coast)."""
    peoples = {
        name_key(p.written)
        for p in geo.places
        if p.entry.kind == "city" and _PEOPLE_AFTER.match(text, p.end)
    }
    if not peoples:
        return geo
    out = []
    for p in geo.places:
        key = name_key(p.written)
        if p.entry.kind != "city" or key not in peoples:
            out.append(p)
            continue
        area = next(
            (
                o
                for o in p.others
                if o.kind in ("admin1", "admin2")
                and o.iso2 == p.entry.iso2
                and name_key(o.name) == key
            ),
            None,
        )
        if area is not None:
            out.append(dataclasses.replace(p, entry=area))
    dateline = geo.dateline if geo.dateline in out else None
    return dataclasses.replace(geo, places=tuple(out), dateline=dateline)


_QUALIFIER_GAP = re.compile(r"\s*[(,]\s*")


def misread_before_province(text: str, geo: GeoContext) -> GeoContext:
    """ "in Benito Juarez, Nuevo Leon", "Pedro de Valdivia (Biobio)": a place written right
    before the province that qualifies it, but read as one of several namesakes outside that
    province, is a misreading (the place meant is not listed); the province stands for it. A
    name the country has once is trusted over its qualifier ("Noakhali, Sylhet" is a slip)."""
    places = geo.places
    wrong = set()
    for p, q in itertools.pairwise(places):
        if (
            p.entry.kind in ("city", "admin2")
            and q.entry.kind == "admin1"
            and q.entry.iso2 == p.entry.iso2
            and p.entry.admin1_id != q.entry.id
            and _QUALIFIER_GAP.fullmatch(text, p.end, q.start)
            and any(o.iso2 == p.entry.iso2 and o.kind != "admin1" for o in p.others)
        ):
            wrong.add(id(p))
    if not wrong:
        return geo
    kept = tuple(p for p in places if id(p) not in wrong)
    dateline = geo.dateline if geo.dateline in kept else None
    return dataclasses.replace(geo, places=kept, dateline=dateline)
