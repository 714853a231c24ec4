"""The capital, written without its name: "the Kenyan capital", "Burkina Faso's capital",
"the capital of Mali", "in the capital".

Reporters name the capital by its role; coders code it as the city (geo_precision 1). A
bare "the capital" is the capital of the article's country; "the provincial capital" (an
area's seat) and "capital punishment" are not this.
"""

from __future__ import annotations

import re
from functools import lru_cache

from conflictcoder.resources.gazetteer import GazEntry, Gazetteer, load_country_table
from conflictcoder.stages.place_chains import PlaceMention

# "the Kenyan capital", "Kenya's capital", "Burkina Fasos capital", "the capital of Mali",
# "the capital city", "the country's capital", "the national capital".
_CAPITAL = re.compile(
    r"(?:\b(?P<owner>[A-Z][a-zè]+(?:\s+[A-Z][a-z]+)?)(?:['’]s|s)?\s+capital"
    r"|\bthe\s+(?:(?:country|nation)['’]s\s+|national\s+|federal\s+)?capital)"
    r"(?:\s+city)?(?P<of>\s+of\s+(?P<country>[A-Z][\w'’]*(?:\s+[A-Z][\w'’]*){0,3}))?"
    r"(?!\s*(?:punishment|market|gains?|flight|expenditure|investment|costs?|goods)\b)"
)
_LOCATIVE_BEFORE = re.compile(
    r"\b(?:in|at|inside|across|around|of|into|near|outside|on|throughout|struck|hit|attacked"
    r"|shelled|stormed|rocked|paralysed|paralyzed)\s+$",
    re.IGNORECASE,
)
_NEAR_BEFORE = re.compile(
    r"\b(?:near|outside|outskirts of|close to|suburbs? of|north of|south of|east of|west of)"
    r"\s+$",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def _capital_names() -> dict[str, str]:
    return {row.iso2: row.capital for row in load_country_table() if row.capital}


def capital_entry(gaz: Gazetteer, iso2: str) -> GazEntry | None:
    """The gazetteer's town that is ``iso2``'s capital (its biggest of that name)."""
    name = _capital_names().get(iso2)
    if not name:
        return None
    towns = [h.entry for h in gaz.lookup(name) if h.entry.iso2 == iso2 and h.entry.kind == "city"]
    return max(towns, key=lambda e: e.population) if towns else None


def capital_mentions(text: str, gaz: Gazetteer, iso2: str) -> list[PlaceMention]:
    """The capitals the text names by their role, as places found in the text."""
    if "capital" not in text:
        return []
    out: list[PlaceMention] = []
    for m in _CAPITAL.finditer(text):
        owner_iso = _owner(gaz, m.group("owner"), m.group("country"), iso2)
        if not owner_iso:
            continue
        entry = capital_entry(gaz, owner_iso)
        if entry is None:
            continue
        before = text[max(0, m.start() - 30) : m.start()]
        if m.group("owner"):
            before = before.removesuffix("the ").removesuffix("The ")
        near = bool(_NEAR_BEFORE.search(before))
        locative = near or bool(_LOCATIVE_BEFORE.search(before))
        end = m.end("country") if m.group("of") else m.end()
        out.append(
            PlaceMention(m.start(), end, text[m.start() : end], entry, "city", near, 0.0, locative)
        )
    return out


def _owner(gaz: Gazetteer, owner: str | None, country: str | None, iso2: str) -> str:
    """Whose capital: the country named with it, else the article's own."""
    if country:
        info = gaz.country_by_name(country) or gaz.demonym(country)
        return info.iso2 if info else ""  # "the capital of Helmand": an area's seat
    if owner and owner not in ("The", "A", "This", "That"):
        last = owner.rsplit(None, 1)[-1]
        # "Burkina Fasos capital": a possessive that lost its apostrophe.
        for name in (owner, last, owner.removesuffix("s"), last.removesuffix("s")):
            info = gaz.demonym(name) or gaz.country_by_name(name)
            if info:
                return info.iso2
        return ""  # "the Taliban capital", "Helmand's capital"
    return iso2
