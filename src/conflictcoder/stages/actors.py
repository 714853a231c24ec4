"""Resolve the actors of one event mention and put them in ACLED's roles.

How: the mention's sentence (and the sentences right around it) is scanned for
named groups in the actor dictionary, state forces named by nationality ("Russian
forces") or unit ("Rapid Action Battalion"), ethnic militias, unknown named groups
("the Kivu Liberation Front") and generic nouns ("gunmen", "police", "protesters",
"villagers"). Generic armed nouns take the name of a non-state group the article
named earlier ("BLA ... the insurgents"). Roles then follow the event type: protest
events have ``Protesters (X)`` as actor 1 with the marching groups associated, riots
``Rioters (X)``, violence against civilians a perpetrator and ``Civilians (X)``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from conflictcoder.model import Actor, ActorRoles, Article, Mention, Sentence, Span
from conflictcoder.resources.actor_index import ActorIndex, Found
from conflictcoder.stages.actor_finds import (
    MEMBER_NOUN,
    agent_rank,
    claims,
    is_agent,
    main_country,
    masked,
    named_in,
    others_in,
    unknown_groups,
    unknown_inter,
    village_militias,
)
from conflictcoder.taxonomy import (
    BATTLES,
    EXPLOSIONS,
    PROTESTS,
    RIOTS,
    STRATEGIC,
    VIOLENCE_AGAINST_CIVILIANS,
)

ARMED_INTERS = frozenset({1, 2, 3, 4, 8})
_STATE_KINDS = ("police", "military")
# Which kind of finding wins when two overlap (lower first).
_RANK = {"named": 0, "state": 1, "unit": 2, "ethnic": 3, "unknown": 4}
_UNIDENTIFIED = re.compile(r"\b(?:unidentified|unknown|masked|suspected|hooded)\b", re.I)
_CLASH_BETWEEN = re.compile(
    r"\b(?:clash|clashes|clashed|fight|fighting|fought)\b.{0,40}\b"
    r"(?:between|among|with)\b|\b(?:two|rival) (?:groups|factions)\b",
    re.I,
)


@dataclass(frozen=True, slots=True)
class _Candidate:
    actor: Actor
    kind: str  # named / state / unit / ethnic / unknown / a generic kind
    start: int  # absolute offset, for reading order
    armed_group: bool = False  # a named non-state armed group (a referent for "the militants")
    claimed: bool = False  # the text says it claimed the attack


def _window(mention: Mention, sentences: tuple[Sentence, ...]) -> list[Sentence]:
    """The mention's sentence, the one before it in its paragraph and two after it."""
    i = mention.sentence.index
    out = []
    for s in sentences:
        if (
            s.index == i
            or (s.paragraph == mention.sentence.paragraph and i - 1 <= s.index <= i + 2)
            or (i < s.index <= i + 1)
        ):
            out.append(s)
    return out or [mention.sentence]


def guess_country(article: Article, index: ActorIndex) -> str:
    """The country an article is most about, from country names and demonyms."""
    return main_country(index, article.title + " " + article.text)


def _generic_name(template: str, country: str, forces: str = "") -> str:
    name = template.replace("{country}", country).replace("{forces}", forces)
    return name.replace(" ()", "").strip()


class _Resolver:
    def __init__(self, index: ActorIndex, article: Article, country: str, day: date | None):
        self.index = index
        self.article = article
        self.country = country
        self.day = day

    def state(self, force: str, country: str, unit: str, found: Found, start: int) -> _Candidate:
        country = country or self.country
        name = self.index.state_forces_name(country, force, self.day, unit)
        inter = 1 if not self.country or country == self.country else 8
        return _Candidate(self._actor(found, name, inter, country, start), "state", start)

    def _actor(
        self, found: Found, name: str, inter: int, country: str, start: int, known: bool = True
    ) -> Actor:
        span = Span(self.article.id, start, start + (found.end - found.start))
        return Actor(found.written, name, inter, country, span, known)

    def candidate(
        self, found: Found, offset: int, named_context: list[_Candidate], text: str
    ) -> _Candidate | None:
        start = offset + found.start
        if found.kind == "named":
            entry = self.index.resolve_entry(
                found.entries, self.country, self.day, local_only=_is_short_acronym(found.written)
            )
            if entry is None:
                return None
            name = entry.name_in(self.country)
            home = self.country if "{country}" in entry.name else entry.country
            inter = entry.inter
            if inter == 1 and self.country and home and home != self.country:
                inter = 8
            return _Candidate(
                self._actor(found, name, inter, home, start),
                "named",
                start,
                entry.kind == "armed" and inter in (2, 3, 4),
            )
        if found.kind == "state":
            return self.state(found.force, found.country, found.unit, found, start)
        if found.kind == "unit":
            return self.state(found.force, found.country or self.country, found.unit, found, start)
        if found.kind == "ethnic":
            home = found.country or self.country
            name = f"{found.group} {found.label or 'Ethnic'} Militia ({home})".replace(" ()", "")
            return _Candidate(self._actor(found, name, 4, home, start), "ethnic", start)
        category = found.category
        if category is None:
            return None
        if category.kind in _STATE_KINDS:
            return self.state(category.kind, self.country, "", found, start)
        if category.kind == "armed":
            before = text[max(0, found.start - 30) : found.start]
            if not _UNIDENTIFIED.search(before + found.written) and named_context:
                ref = _referent(named_context).actor
                actor = Actor(
                    found.written,
                    ref.name,
                    ref.inter,
                    ref.country,
                    Span(self.article.id, start, start + len(found.written)),
                    True,
                )
                return _Candidate(actor, "named", start)
        name = _generic_name(category.name, self.country)
        return _Candidate(
            self._actor(found, name, category.inter, self.country, start), category.kind, start
        )


def _agents_first(cands: list[_Candidate], mention: Mention) -> list[_Candidate]:
    """Who did it: in the trigger's sentence, the actor right before the trigger ("RSF
    artillery shells struck") or right after "by" ("killed by the Taliban") comes first;
    the subject of a passive verb ("a leader was shot by gunmen") is the victim."""
    sentence = mention.sentence

    def rank(c: _Candidate) -> tuple[int, int, int]:
        span = c.actor.span
        if c.claimed:  # a group that claims the attack is its author (ACLED codes claims)
            return (-1, 0, 0)
        if span is None or not sentence.start <= span.start < sentence.end:
            generic = int(c.kind not in ("named", "unknown", "ethnic", "state", "unit"))
            return (4, generic, 0)
        place, distance = agent_rank(
            sentence.text,
            span.start - sentence.start,
            span.end - sentence.start,
            mention.trigger.start - sentence.start,
        )
        return (place, 0, distance)

    return sorted(cands, key=rank)


def _is_agent(cand: _Candidate, mention: Mention) -> bool:
    """The candidate is the active subject of the trigger or its agent after "by"."""
    sentence = mention.sentence
    span = cand.actor.span
    if span is None or not sentence.start <= span.start < sentence.end:
        return False
    return is_agent(
        sentence.text,
        span.start - sentence.start,
        span.end - sentence.start,
        mention.trigger.start - sentence.start,
    )


def _side(cand: _Candidate) -> tuple[str, str]:
    """Who a candidate fights for: the soldiers and police of one government are one side
    (a rival government, as Yemen's Houthi council, is another)."""
    actor = cand.actor
    if actor.inter in (1, 8) and actor.country:
        period = _PERIOD.search(actor.name)
        return (actor.country, period.group(0) if period else "")
    return ("", actor.name)


_PERIOD = re.compile(r"\(\d{4}-(?:\d{4})?\)")


def _allies(cands: list[_Candidate], lead: _Candidate) -> tuple[Actor, ...]:
    """State forces of the lead's government beside it ("army and police"), at most two."""
    if lead.actor.inter not in (1, 8):
        return ()
    side = _side(lead)
    return tuple(c.actor for c in cands if c is not lead and _side(c) == side)[:2]


def _same_side(a: str, b: str) -> bool:
    """One force named twice: "Military Forces of X (2021-)" and its "... Air Force"."""
    return a == b or a.startswith(b + " ") or b.startswith(a + " ")


def _referent(context: list[_Candidate]) -> _Candidate:
    """What "the militants" means: a rebel group before a militia (a vigilante force that
    backs the army is seldom "the attackers"), then the group the article names most, then
    the first."""
    counts: dict[str, int] = {}
    for cand in context:
        counts[cand.actor.name] = counts.get(cand.actor.name, 0) + 1
    return max(context, key=lambda c: (c.actor.inter == 2, counts[c.actor.name], -c.start))


def _is_short_acronym(written: str) -> bool:
    """Three letters or fewer: many groups share them (PTI, ADF, CPC), so one counts only
    where it operates; a longer one (JNIM, ISWAP) names its group anywhere."""
    return len(written) <= 3 and written.isupper()


def _scan(
    resolver: _Resolver, window: list[Sentence], named_context: list[_Candidate]
) -> list[_Candidate]:
    index = resolver.index
    out: list[_Candidate] = []
    for sentence in window:
        text = masked(sentence.text)
        state, units, ethnic, generic = others_in(index, text, resolver.country)
        specific = [
            *(
                f
                for f in named_in(index, text)
                if index.resolve_entry(f.entries, resolver.country, resolver.day) is not None
            ),
            *state,
            *units,
            *ethnic,
        ]
        specific.sort(key=lambda f: (_rank(f, resolver), f.start - f.end))
        taken: list[tuple[int, int]] = []
        chosen: list[Found] = []
        for found in specific:
            if not any(s < found.end and found.start < e for s, e in taken):
                # "BLA militants", "Taliban forces": the noun belongs to the name.
                noun = MEMBER_NOUN.match(text, found.end)
                taken.append((found.start, noun.end() if noun else found.end))
                chosen.append(found)
        for found, phrase_start in unknown_groups(text, taken):
            taken.append((phrase_start, found.end))
            chosen.append(found)
        for found in village_militias(text, taken):
            taken.append((found.start, found.end))
            chosen.append(found)
        for found in sorted(generic, key=lambda f: f.start - f.end):
            overlaps = any(s < found.end and found.start < e for s, e in taken)
            if found.kind == "participant" or not overlaps:
                if found.kind != "participant":
                    taken.append((found.start, found.end))
                chosen.append(found)
        for found in sorted(chosen, key=lambda f: f.start):
            if found.kind == "unknown":
                start = sentence.start + found.start
                actor = Actor(
                    found.written,
                    found.written,
                    unknown_inter(found.written),
                    resolver.country,
                    Span(resolver.article.id, start, start + len(found.written)),
                    False,
                )
                out.append(_Candidate(actor, "unknown", start, claimed=claims(text, found.end)))
                continue
            cand = resolver.candidate(found, sentence.start, named_context, text)
            if cand is not None:
                if claims(text, found.end) and cand.actor.inter in (2, 3, 4):
                    cand = replace(cand, claimed=True)
                out.append(cand)
    return out


def _rank(found: Found, resolver: _Resolver) -> float:
    """Which finding wins an overlap: a named group active elsewhere ranks after the
    state forces and units of this country ("UPDF" in a Kenyan border report is Uganda's
    army, not a Bangladeshi party)."""
    if found.kind == "named" and resolver.country:
        entry = resolver.index.resolve_entry(found.entries, resolver.country, resolver.day)
        if entry is not None and entry.countries and resolver.country not in entry.countries:
            return _RANK["unit"] + 0.5
    return _RANK[found.kind]


def _dedupe(cands: Iterable[_Candidate]) -> list[_Candidate]:
    seen: set[str] = set()
    out = []
    for cand in cands:
        if cand.actor.name not in seen:
            seen.add(cand.actor.name)
            out.append(cand)
    return out


def _armed_groups_in(resolver: _Resolver, sentences: Iterable[Sentence]) -> list[_Candidate]:
    """Named non-state armed groups in these sentences, in reading order: what a later
    "the insurgents" or "the bomber" refers to."""
    out: list[_Candidate] = []
    for sentence in sentences:
        for found in sorted(named_in(resolver.index, sentence.text), key=lambda f: f.start):
            cand = resolver.candidate(found, sentence.start, [], sentence.text)
            if cand is not None and cand.armed_group:
                out.append(cand)
    return out


def resolve_actors(
    mention: Mention,
    article: Article,
    sentences: tuple[Sentence, ...],
    index: ActorIndex,
    *,
    country: str,
    event_date: date,
) -> ActorRoles:
    """The actors of one event in ACLED's roles (actor order is not attacker/defender)."""
    country = country or guess_country(article, index)
    resolver = _Resolver(index, article, country, event_date)
    window = _window(mention, sentences)
    earlier = [s for s in sentences if s.index < window[0].index]
    # The group named in the event's own sentences wins over one named earlier.
    context = [*_armed_groups_in(resolver, earlier), *_armed_groups_in(resolver, window)]
    found = _scan(resolver, window, context)
    return _assign(mention, found, resolver, " ".join(s.text for s in window), context)


def _generic(resolver: _Resolver, kind: str, template: str, inter: int) -> Actor:
    return Actor("", _generic_name(template, resolver.country), inter, resolver.country, None)


def _assign(
    mention: Mention,
    cands: list[_Candidate],
    resolver: _Resolver,
    text: str,
    context: list[_Candidate],
) -> ActorRoles:
    event = mention.event_type
    sub = mention.sub_event_type
    by_kind = {k: _dedupe(c for c in cands if c.kind == k) for k in {c.kind for c in cands}}
    # Named actors before generic ones: "the bomber" is a worse name than "Islamic State".
    every_armed = sorted(
        (c for c in cands if c.actor.inter in ARMED_INTERS and c.kind != "participant"),
        key=lambda c: (c.kind not in ("named", "unknown", "ethnic", "state", "unit"), c.start),
    )
    armed = _dedupe(every_armed)
    state = [c for c in armed if c.actor.inter in (1, 8)]
    non_state = [c for c in armed if c.actor.inter not in (1, 8)]
    # Every mention of each, so that a group named twice is ranked by its best place.
    all_state = [c for c in every_armed if c.actor.inter in (1, 8)]
    all_non_state = [c for c in every_armed if c.actor.inter not in (1, 8)]
    named_groups = [
        c
        for c in _dedupe(cands)
        if c.kind in ("named", "unknown", "ethnic") and c.actor.inter not in (1, 8)
    ]
    participants = by_kind.get("participant", [])
    civilians = by_kind.get("civilians", [])
    civ = (
        civilians[0].actor
        if civilians
        else _generic(resolver, "civilians", "Civilians ({country})", 7)
    )

    if event == PROTESTS:
        protesters = by_kind.get("protesters", [])
        a1 = (
            protesters[0].actor
            if protesters
            else _generic(resolver, "protesters", "Protesters ({country})", 6)
        )
        a1 = Actor(
            a1.written,
            _generic_name("Protesters ({country})", resolver.country),
            6,
            resolver.country,
            a1.span,
        )
        assoc = tuple(c.actor for c in _dedupe([*named_groups, *participants]))
        a2 = state[0].actor if state and sub != "Peaceful protest" else None
        return ActorRoles(a1, a2, assoc, ())
    if event == RIOTS:
        rioters = _generic(resolver, "rioters", "Rioters ({country})", 5)
        first = by_kind.get("rioters", [])
        if first:
            rioters = Actor(
                first[0].actor.written, rioters.name, 5, rioters.country, first[0].actor.span
            )
        groups = named_groups
        if (
            sub == "Mob violence"
            and (len(groups) >= 2 or _CLASH_BETWEEN.search(text))
            and not state
        ):
            return ActorRoles(
                rioters,
                rioters,
                tuple(g.actor for g in groups[:1]),
                tuple(g.actor for g in groups[1:2]),
            )
        a2 = state[0].actor if state else (civ if civilians else None)
        assoc = tuple(c.actor for c in _dedupe([*groups, *participants]))
        return ActorRoles(rioters, a2, assoc, ())
    if event == VIOLENCE_AGAINST_CIVILIANS or (
        event == STRATEGIC and sub in ("Looting/property destruction",)
    ):
        agents = _dedupe(_agents_first(every_armed, mention))
        perpetrator = (
            agents[0].actor
            if agents
            else _generic(resolver, "armed", "Unidentified Armed Group ({country})", 3)
        )
        return ActorRoles(perpetrator, civ, (), ())
    if event == BATTLES:
        if context and not any(c.actor.inter not in (1, 8) for c in armed):
            armed.append(context[-1])  # state forces fought the group the article is about
        if sub in ("Government regains territory", "Non-state actor overtakes territory"):
            # The side that takes the place first.
            wants_state = sub == "Government regains territory"
            armed.sort(key=lambda c: (c.actor.inter in (1, 8)) != wants_state)
        if len(armed) >= 2:
            # The two sides: soldiers and police of one country are one side.
            # Against state forces, a rebel group before a militia that may fight beside them.
            foes = [c for c in armed[1:] if _side(c) != _side(armed[0])]
            if armed[0].actor.inter in (1, 8):
                foes.sort(key=lambda c: c.actor.inter != 2)
            other = foes[0] if foes else None
            if other is not None:
                # Forces fighting beside either side are its associated actors.
                return ActorRoles(
                    armed[0].actor,
                    other.actor,
                    _allies(armed, armed[0]),
                    _allies(armed, other),
                )
        if armed:
            only = armed[0].actor
            if only.inter in (1, 8):
                other = _generic(resolver, "armed", "Unidentified Armed Group ({country})", 3)
            else:
                other = Actor(
                    "",
                    resolver.index.state_forces_name(resolver.country, "military", resolver.day),
                    1,
                    resolver.country,
                    None,
                )
            return ActorRoles(only, other, (), ())
        return ActorRoles(
            _generic(resolver, "armed", "Unidentified Armed Group ({country})", 3), None, (), ()
        )
    if event == EXPLOSIONS:
        planted = sub in ("Suicide bomb", "Remote explosive/landmine/IED", "Grenade")
        perpetrators = _dedupe(
            _agents_first(
                all_non_state + all_state if planted else all_state + all_non_state, mention
            )
        )
        if (
            planted
            and not non_state
            and perpetrators
            and perpetrators[0].kind != "named"
            and not _is_agent(perpetrators[0], mention)
        ):
            # "A bomb exploded at the police station": state forces hit by a bomb or a
            # grenade are its target; who planted it is unknown.
            perpetrators = []
        a1 = (
            perpetrators[0].actor
            if perpetrators
            else _generic(resolver, "armed", "Unidentified Armed Group ({country})", 3)
        )
        rest = [
            c.actor
            for c in armed
            if not _same_side(c.actor.name, a1.name)
            and not (
                perpetrators and perpetrators[0].actor is a1 and _side(c) == _side(perpetrators[0])
            )
        ]
        hit_civilians = any(
            c.actor.span is not None
            and mention.sentence.start <= c.actor.span.start < mention.sentence.end
            for c in civilians
        )
        # Civilians hit in the trigger's sentence are the target, else the other side.
        a2 = (civ if civilians else None) if hit_civilians or not rest else rest[0]
        return ActorRoles(a1, a2, (), ())
    # Strategic developments.
    if sub in ("Arrests", "Disrupted weapons use"):
        force = (
            state[0].actor
            if state
            else Actor(
                "",
                resolver.index.state_forces_name(
                    resolver.country, "police" if sub == "Arrests" else "military", resolver.day
                ),
                1,
                resolver.country,
                None,
            )
        )
        others = [c.actor for c in named_groups] or (
            [civ] if civilians and sub == "Arrests" else []
        )
        return ActorRoles(force, others[0] if others else None, (), ())
    if armed:
        return ActorRoles(armed[0].actor, armed[1].actor if len(armed) > 1 else None, (), ())
    return ActorRoles(named_groups[0].actor if named_groups else None, None, (), ())
