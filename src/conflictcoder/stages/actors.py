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
from dataclasses import dataclass
from datetime import date

from conflictcoder.model import Actor, ActorRoles, Article, Mention, Sentence, Span
from conflictcoder.resources.actor_index import ActorIndex, Found
from conflictcoder.stages.actor_finds import (
    main_country,
    masked,
    named_in,
    others_in,
    unknown_groups,
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
_MEMBER_NOUN = re.compile(
    r"(?:'s)?\s+(?:[a-z]+\s+)?(?:militants?|fighters?|forces|rebels?|insurgents?|gunm[ae]n|members?|"
    r"cadres?|activists?|supporters|m[ae]n|troops|soldiers?|militiam[ae]n|operatives?|"
    r"commanders?|leaders?|elements|jihadists?|terrorists?|police(?:m[ae]n)?|officers?|"
    r"personnel|workers?|followers)\b"
)
_REBEL_WORDS = (
    "Army",
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
            name = f"{found.group} Ethnic Militia ({self.country})".replace(" ()", "")
            return _Candidate(self._actor(found, name, 4, self.country, start), "ethnic", start)
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


# "killed by the Taliban": the agent of a violent act in the passive.
_BY = re.compile(
    r"\b(?:killed|shot|attacked|struck|hit|targeted|launched|fired|carried out|claimed|"
    r"abducted|kidnapped|ambushed|bombed|shelled|murdered|hacked|stabbed|beaten|injured|"
    r"wounded|assaulted|planted|detonated|triggered|perpetrated|raided|stormed|torched|"
    r"burned|burnt|seized|captured|arrested|detained|executed|lynched|raped|looted|"
    r"destroyed|killing|allegedly|reportedly)(?: [\w'’-]+){0,2} by (?:the |a |an )?"
    r"(?:[\w'’-]+ ){0,2}$",
    re.IGNORECASE,
)


def _agents_first(cands: list[_Candidate], mention: Mention) -> list[_Candidate]:
    """Who did it: in the trigger's sentence, the actor right before the trigger ("RSF
    artillery shells struck") or right after "by" ("killed by the Taliban") comes first."""
    sentence = mention.sentence
    trigger = mention.trigger.start

    def rank(c: _Candidate) -> tuple[int, int]:
        span = c.actor.span
        if span is None or not sentence.start <= span.start < sentence.end:
            return (3, 0)
        if span.end <= trigger:
            return (0, trigger - span.end)  # the subject, nearest first
        before = sentence.text[
            max(0, span.start - sentence.start - 60) : span.start - sentence.start
        ]
        return (1, span.start) if _BY.search(before) else (2, span.start)

    return sorted(cands, key=rank)


def _same_side(a: str, b: str) -> bool:
    """One force named twice: "Military Forces of X (2021-)" and its "... Air Force"."""
    return a == b or a.startswith(b + " ") or b.startswith(a + " ")


def _referent(context: list[_Candidate]) -> _Candidate:
    """What "the militants" means: the armed group the article names most, then first."""
    counts: dict[str, int] = {}
    for cand in context:
        counts[cand.actor.name] = counts.get(cand.actor.name, 0) + 1
    return max(context, key=lambda c: (counts[c.actor.name], -c.start))


def _is_short_acronym(written: str) -> bool:
    return len(written) <= 4 and written.isupper()


def _unknown_inter(name: str) -> int:
    if any(w in name for w in _REBEL_WORDS):
        return 2
    if any(w in name for w in _CIVIC_WORDS):
        return 6
    return 3


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
        specific.sort(key=lambda f: (_RANK[f.kind], f.start - f.end))
        taken: list[tuple[int, int]] = []
        chosen: list[Found] = []
        for found in specific:
            if not any(s < found.end and found.start < e for s, e in taken):
                # "BLA militants", "Taliban forces": the noun belongs to the name.
                noun = _MEMBER_NOUN.match(text, found.end)
                taken.append((found.start, noun.end() if noun else found.end))
                chosen.append(found)
        for found, phrase_start in unknown_groups(text, taken):
            taken.append((phrase_start, found.end))
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
                    _unknown_inter(found.written),
                    resolver.country,
                    Span(resolver.article.id, start, start + len(found.written)),
                    False,
                )
                out.append(_Candidate(actor, "unknown", start))
                continue
            cand = resolver.candidate(found, sentence.start, named_context, text)
            if cand is not None:
                out.append(cand)
    return out


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
    armed = _dedupe(
        sorted(
            (c for c in cands if c.actor.inter in ARMED_INTERS and c.kind != "participant"),
            key=lambda c: (c.kind not in ("named", "unknown", "ethnic", "state", "unit"), c.start),
        )
    )
    state = [c for c in armed if c.actor.inter in (1, 8)]
    non_state = [c for c in armed if c.actor.inter not in (1, 8)]
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
        agents = _agents_first(armed, mention)
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
            return ActorRoles(armed[0].actor, armed[1].actor, (), ())
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
        perpetrators = _agents_first(
            non_state + state
            if sub in ("Suicide bomb", "Remote explosive/landmine/IED", "Grenade")
            else state + non_state,
            mention,
        )
        a1 = (
            perpetrators[0].actor
            if perpetrators
            else _generic(resolver, "armed", "Unidentified Armed Group ({country})", 3)
        )
        rest = [c.actor for c in armed if not _same_side(c.actor.name, a1.name)]
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
