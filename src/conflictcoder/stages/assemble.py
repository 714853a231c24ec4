"""Assemble one EventRecord per (date, place) reported in an article.

Mentions that share a date and a place are one event (ACLED codes one event per
day and location); its type comes from the mention whose sub-event type ranks
first in the codebook's precedence, and casualty figures go to the event whose
mention sentence is nearest before them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from conflictcoder.model import (
    Actor,
    ActorRoles,
    Article,
    CasualtyFigure,
    DateValue,
    EventRecord,
    Mention,
    Place,
    Provenance,
    Sentence,
    Span,
    content_id,
)
from conflictcoder.stages.casualties import Toll, count_casualties
from conflictcoder.stages.tolls import split_toll
from conflictcoder.taxonomy import disorder_type, type_of_violence

# Which sub-event type names an event when one report's mentions of it differ: the
# codebook's precedence (a suicide bombing stays "Suicide bomb" when a clash follows;
# a change of territory outranks the clash that led to it), then violence over
# demonstrations over strategic developments.
SUB_EVENT_PRECEDENCE: tuple[str, ...] = (
    "Chemical weapon",
    "Suicide bomb",
    "Government regains territory",
    "Non-state actor overtakes territory",
    "Air/drone strike",
    "Shelling/artillery/missile attack",
    "Remote explosive/landmine/IED",
    "Grenade",
    "Excessive force against protesters",
    "Sexual violence",
    "Abduction/forced disappearance",
    "Armed clash",
    "Attack",
    "Mob violence",
    "Violent demonstration",
    "Protest with intervention",
    "Peaceful protest",
    "Looting/property destruction",
    "Disrupted weapons use",
    "Arrests",
    "Non-violent transfer of territory",
    "Headquarters or base established",
    "Agreement",
    "Change to group/activity",
    "Other",
)
_RANK = {name: rank for rank, name in enumerate(SUB_EVENT_PRECEDENCE)}
# A report codes what happened in the days before it; an event dated months before
# publication is background ("in 2022, fighting in Marib killed 100"), not news.
MAX_EVENT_AGE_DAYS = 45


def is_background(date_value: DateValue, article: Article, max_age_days: int) -> bool:
    if article.published is None:
        return False
    return (article.published - date_value.end).days > max_age_days


@dataclass
class _Group:
    date: DateValue
    place: Place | None
    members: list[int] = field(default_factory=list)  # mention indexes
    tolls: set[int] = field(default_factory=set)  # members that only report its toll


def _is_toll_only(mention: Mention, figures: Sequence[CasualtyFigure]) -> bool:
    """A mention whose trigger lies inside a casualty figure ("Six people were killed",
    "1 shot dead"): the sentence reports a toll, not an event of its own."""
    trigger = mention.trigger
    return any(
        f.kind == "killed" and f.span.start <= trigger.start and trigger.end <= f.span.end
        for f in figures
    )


def _place_key(place: Place | None) -> tuple[str, str, str]:
    if place is None:
        return ("", "", "")
    return (place.country, place.admin1, place.name)


def _is_vague(place: Place | None) -> bool:
    return place is None or place.precision in ("admin1", "region", "country")


def _actor_names(roles: ActorRoles) -> frozenset[str]:
    return frozenset(a.name for a in (roles.actor1, roles.actor2) if a is not None)


def _same_event(first: int, other: int, mentions: Sequence[Mention],
                actors: Sequence[ActorRoles]) -> bool:
    """Two mentions on one day and place are one event when they are of the same type or
    involve the same actors (ACLED merges violence by the same actors on the same day in
    the same place); a clash and the shelling of a camp by one side stay two events."""
    if mentions[first].event_type == mentions[other].event_type:
        return True
    names_first, names_other = _actor_names(actors[first]), _actor_names(actors[other])
    return not names_first or not names_other or names_first == names_other


def _group_mentions(
    mentions: Sequence[Mention],
    dates: Sequence[DateValue],
    places: Sequence[Place | None],
    actors: Sequence[ActorRoles],
    figures: Sequence[CasualtyFigure] = (),
) -> list[_Group]:
    groups: list[_Group] = []
    last_place: Place | None = None
    for index, (date_value, place) in enumerate(zip(dates, places, strict=True)):
        written = place
        if place is None:
            place = last_place  # "the town", "there": the place the report is describing
        else:
            last_place = place
        target = None
        if groups and _is_toll_only(mentions[index], figures):
            # A toll reported right after an event, on its day and with no place of its
            # own (or the same place), is that event's toll, whatever type it reads as.
            last = groups[-1]
            if last.date.end == date_value.end and (
                written is None or _place_key(written) == _place_key(last.place)
            ):
                last.members.append(index)
                last.tolls.add(index)
                continue
        for group in groups:
            if group.date.end != date_value.end:
                continue
            if not _same_event(group.members[0], index, mentions, actors):
                continue
            if _place_key(group.place) == _place_key(place):
                target = group
                break
            # A vaguer mention of the same area on the same day adds to the precise event.
            if _is_vague(place) and (
                place is None
                or (
                    group.place is not None
                    and group.place.admin1 == place.admin1
                    and group.place.country == place.country
                )
            ):
                target = group
                break
            if (
                _is_vague(group.place)
                and place is not None
                and (group.place is None or group.place.admin1 == place.admin1)
            ):
                group.place = place
                target = group
                break
        if target is None:
            target = _Group(date=date_value, place=place)
            groups.append(target)
        if date_value.precision == "day" and target.date.precision != "day":
            target.date = date_value
        target.members.append(index)
    return groups


def _primary(group: _Group, mentions: Sequence[Mention]) -> int:
    """The member that types the event: a toll-only member only when there is no other."""
    members = [i for i in group.members if i not in group.tolls] or group.members
    return min(members, key=lambda i: (_RANK.get(mentions[i].sub_event_type, 99), i))


def _sentence_of(position: int, sentences: Sequence[Sentence]) -> int:
    for sentence in sentences:
        if sentence.start <= position < sentence.end:
            return sentence.index
    return len(sentences)


def _assign_figures(
    figures: Sequence[CasualtyFigure],
    mentions: Sequence[Mention],
    groups: Sequence[_Group],
    sentences: Sequence[Sentence],
) -> list[list[CasualtyFigure]]:
    """Each figure goes to the event(s) whose mention is nearest before it (or the first).

    When that mention reports one action in several places ("suicide bombers struck Nushki
    and Pasni"), its figures are split evenly across those events, remainder to the first,
    as ACLED splits a toll it cannot place (DESIGN.md §5). Claims are not split: they go
    to the first of those events, since they are never counted.
    """
    owners_of_sentence: dict[int, list[int]] = {}
    for group_index, group in enumerate(groups):
        for member in group.members:
            owners = owners_of_sentence.setdefault(mentions[member].sentence.index, [])
            if group_index not in owners:
                owners.append(group_index)
    assigned: list[list[CasualtyFigure]] = [[] for _ in groups]
    if not groups:
        return assigned
    mention_sentences = sorted(owners_of_sentence)
    for figure in figures:
        where = _sentence_of(figure.span.start, sentences)
        before = [s for s in mention_sentences if s <= where]
        owners = owners_of_sentence[before[-1] if before else mention_sentences[0]]
        if len(owners) == 1 or figure.status == "claimed":
            assigned[owners[0]].append(figure)
            continue
        for owner, part in zip(owners, _split_figure(figure, len(owners)), strict=True):
            if part.best > 0 or part.high > 0:
                assigned[owner].append(part)
    return assigned


def _split_figure(figure: CasualtyFigure, parts: int) -> list[CasualtyFigure]:
    lows, bests, highs = (split_toll(v, parts) for v in (figure.low, figure.best, figure.high))
    return [replace(figure, low=lo, best=be, high=hi)
            for lo, be, hi in zip(lows, bests, highs, strict=True)]


def _roles(group: _Group, primary: int, actors: Sequence[ActorRoles]) -> ActorRoles:
    roles = actors[primary]
    if roles.actor1 is not None:
        return roles
    for member in group.members:
        if actors[member].actor1 is not None:
            return actors[member]
    return roles


def _notes(
    event_type: str,
    sub_event_type: str,
    roles: ActorRoles,
    place: Place | None,
    date_value: DateValue,
    toll: Toll,
) -> str:
    day = date_value.end.strftime("%-d %B %Y")
    prefix = "Around " if date_value.precision != "day" else "On "
    who = roles.actor1.name if roles.actor1 else "unidentified actors"
    against = f" against {roles.actor2.name}" if roles.actor2 else ""
    where = (
        f" in {place.name}" + (f" ({place.admin1}, {place.country})" if place.admin1 else "")
        if place
        else ""
    )
    text = f"{prefix}{day}, {sub_event_type.lower()} ({event_type}) by {who}{against}{where}."
    text += f" Fatalities: {toll.fatalities}."
    if toll.claims:
        claimed = "; ".join(
            f"{c.text.strip()} ({c.source or 'a party'}, not counted)" for c in toll.claims
        )
        text += f" Claims: {claimed}."
    return text


def _provenance(
    article: Article,
    mention: Mention,
    date_value: DateValue,
    place: Place | None,
    roles: ActorRoles,
    counted: Sequence[CasualtyFigure],
    claims: Sequence[CasualtyFigure],
    sentences: Sequence[Sentence],
) -> tuple[Provenance, ...]:
    def sentence_text(span: Span) -> str:
        index = _sentence_of(span.start, sentences)
        return sentences[index].text if index < len(sentences) else ""

    def entry(name: str, span: Span | None) -> list[Provenance]:
        if span is None:
            return []
        return [Provenance(name, span, article.text[span.start : span.end], sentence_text(span))]

    out: list[Provenance] = []
    out += entry("event_type", mention.trigger)
    out += entry("event_date", date_value.span)
    out += entry("location", place.span if place else None)
    actor: Actor | None
    for name, actor in (("actor1", roles.actor1), ("actor2", roles.actor2)):
        out += entry(name, actor.span if actor else None)
    for figure in counted:
        out += entry("fatalities", figure.span)
    for figure in claims:
        out += entry("claims", figure.span)
    return tuple(out)


def assemble_records(
    article: Article,
    sentences: tuple[Sentence, ...],
    mentions: Sequence[Mention],
    dates: Sequence[DateValue],
    places: Sequence[Place | None],
    actors: Sequence[ActorRoles],
    figures: Sequence[CasualtyFigure],
    *,
    scope: str = "political",
    max_age_days: int = MAX_EVENT_AGE_DAYS,
) -> tuple[EventRecord, ...]:
    usable = [
        i
        for i, d in enumerate(dates)
        if not d.method.startswith("unknown") and not is_background(d, article, max_age_days)
    ]
    if not usable:
        return ()
    mentions = [mentions[i] for i in usable]
    dates = [dates[i] for i in usable]
    places = [places[i] for i in usable]
    actors = [actors[i] for i in usable]
    groups = _group_mentions(mentions, dates, places, actors, figures)
    figures_by_group = _assign_figures(figures, mentions, groups, sentences)
    records = []
    for group, group_figures in zip(groups, figures_by_group, strict=True):
        primary = _primary(group, mentions)
        mention = mentions[primary]
        roles = _roles(group, primary, actors)
        killed = [f for f in group_figures if f.kind == "killed"]
        toll = count_casualties(killed)
        inter1 = roles.actor1.inter if roles.actor1 else None
        inter2 = roles.actor2.inter if roles.actor2 else None
        event_type, sub_event_type = mention.event_type, mention.sub_event_type
        civilian_targeting = event_type == "Violence against civilians" or (
            event_type == "Explosions/Remote violence" and inter2 == 7
        )
        place = group.place
        record_id = content_id(
            article.id,
            str(mention.span.start),
            group.date.end.isoformat(),
            place.name if place else "",
        )
        records.append(
            EventRecord(
                id=record_id,
                article_id=article.id,
                date=group.date,
                place=place,
                event_type=event_type,
                sub_event_type=sub_event_type,
                disorder_type=disorder_type(event_type, sub_event_type),
                actor1=roles.actor1,
                actor2=roles.actor2,
                assoc_actor_1=roles.assoc_actor_1,
                assoc_actor_2=roles.assoc_actor_2,
                civilian_targeting=civilian_targeting,
                figures=tuple(group_figures),
                fatalities=toll.fatalities,
                deaths_a=toll.deaths_a,
                deaths_b=toll.deaths_b,
                deaths_civilians=toll.deaths_civilians,
                deaths_unknown=toll.deaths_unknown,
                low=toll.low,
                best=toll.best,
                high=toll.high,
                claims=toll.claims,
                type_of_violence=type_of_violence(event_type, sub_event_type, inter1, inter2),
                source=article.outlet or article.wire,
                notes=_notes(event_type, sub_event_type, roles, place, group.date, toll),
                provenance=_provenance(
                    article, mention, group.date, place, roles, toll.counted, toll.claims, sentences
                ),
            )
        )
    return tuple(records)
