"""The ``notes`` sentence of a merged event: what happened, the toll, and which figures were claims.

Actor order in ACLED does not mean attacker and defender, so the sentence says
"involving A and B" rather than guessing who did what.
"""

from __future__ import annotations

from collections.abc import Sequence

from conflictcoder.model import CasualtyFigure, DateValue, EventRecord, Place, TollRevision

_NOUNS = {
    "Armed clash": "an armed clash",
    "Government regains territory": "government forces regaining territory",
    "Non-state actor overtakes territory": "a non-state group taking territory",
    "Chemical weapon": "a chemical weapon attack",
    "Air/drone strike": "an air or drone strike",
    "Suicide bomb": "a suicide bombing",
    "Shelling/artillery/missile attack": "shelling or a missile attack",
    "Remote explosive/landmine/IED": "an explosive device (IED or landmine) blast",
    "Grenade": "a grenade attack",
    "Sexual violence": "sexual violence",
    "Attack": "an attack on civilians",
    "Abduction/forced disappearance": "an abduction",
    "Peaceful protest": "a peaceful protest",
    "Protest with intervention": "a protest met with intervention",
    "Excessive force against protesters": "excessive force against protesters",
    "Violent demonstration": "a violent demonstration",
    "Mob violence": "mob violence",
    "Agreement": "an agreement",
    "Arrests": "arrests",
    "Change to group/activity": "a change to a group or its activity",
    "Disrupted weapons use": "disrupted weapons use",
    "Headquarters or base established": "a base being established",
    "Looting/property destruction": "looting or destruction of property",
    "Non-violent transfer of territory": "a non-violent transfer of territory",
    "Other": "a strategic development",
}
_SIDES = {"security": "security personnel", "militants": "militants", "civilians": "civilians",
          "attackers": "attackers", "unknown": "people"}


def _day(value: DateValue) -> str:
    return f"{value.end.day} {value.end:%B %Y}"


def date_phrase(value: DateValue) -> str:
    if value.precision == "day":
        return f"On {_day(value)}"
    if value.precision == "month":
        return f"In {value.end:%B %Y}"
    if value.precision == "year":
        return f"In {value.end.year}"
    return f"Between {value.start.day} {value.start:%B %Y} and {_day(value)}"


def place_phrase(place: Place | None) -> str:
    if place is None:
        return ""
    if place.precision in ("admin1", "region", "country", "water") or not place.name:
        area = place.admin1 or place.name or place.country
        return f" in {area}" + (f" ({place.country})" if place.country and area != place.country
                                else "")
    where = "near" if place.precision == "near" else "in"
    parts = (place.admin2, place.admin1, place.country)
    context = ", ".join(p for p in dict.fromkeys(parts) if p and p != place.name)
    return f" {where} {place.name}" + (f" ({context})" if context else "")


def _actors_phrase(record: EventRecord) -> str:
    names = [a.name for a in (record.actor1, record.actor2) if a is not None]
    names += [a.name for a in (*record.assoc_actor_1, *record.assoc_actor_2)]
    names = list(dict.fromkeys(names))
    if not names:
        return ""
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f" involving {listed}"


def _figure_source(figures: Sequence[CasualtyFigure]) -> str:
    sources = [f.source for f in figures if f.kind == "killed" and f.source and not f.flag]
    return f", according to {sources[0]}" if sources else ""


def _claim_phrase(claim: CasualtyFigure) -> str:
    who = claim.actor or claim.source or "a party to the fighting"
    victims = _SIDES.get(claim.side, "people")
    return f"{who} claimed {claim.best} {victims} {claim.kind}"


def _toll_phrase(record: EventRecord, history: Sequence[TollRevision]) -> str:
    if record.fatalities:
        noun = "fatality" if record.fatalities == 1 else "fatalities"
        text = f"{record.fatalities} reported {noun}{_figure_source(record.figures)}."
    else:
        text = "No fatalities reported."
    figures = list(dict.fromkeys(h.fatalities for h in history))
    if len(figures) > 1:
        steps = "; ".join(
            f"{h.fatalities} ({h.source or 'unnamed outlet'}"
            + (f", {h.reported.isoformat()})" if h.reported else ")")
            for h in history
        )
        text += (f" Reports gave different tolls over time: {steps}; the most conservative "
                 "figure among the latest reports is coded.")
    return text


def event_notes(record: EventRecord, history: Sequence[TollRevision] = ()) -> str:
    """One or a few generated sentences saying what happened, the toll and the claims."""
    noun = _NOUNS.get(record.sub_event_type, record.sub_event_type.lower() or "an event")
    what = f"{date_phrase(record.date)}, {noun}{_actors_phrase(record)}"
    what += f"{place_phrase(record.place)}."
    parts = [what, _toll_phrase(record, history)]
    if record.claims:
        claims = "; ".join(_claim_phrase(c) for c in record.claims)
        parts.append(f"Claims not counted in the toll: {claims}.")
    return " ".join(parts)
