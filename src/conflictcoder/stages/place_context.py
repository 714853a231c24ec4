"""The article's geography, read once: its place names, its country, and every name resolved.

:func:`article_geo_context` finds the place names, decides the article's country (dateline,
country names, peoples, the places' own countries) and resolves every name against it, using
administrative containment ("Pasni in Gwadar district") and population. The event-level
choice among these places lives in :mod:`conflictcoder.stages.places`.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from dataclasses import dataclass

from conflictcoder.model import Article, Sentence
from conflictcoder.resources.actor_index import ActorIndex
from conflictcoder.resources.gazetteer import Gazetteer, Hit, name_key
from conflictcoder.stages.place_capital import capital_mentions
from conflictcoder.stages.place_chains import PlaceMention, in_list, resolve_chains
from conflictcoder.stages.place_country import country_votes
from conflictcoder.stages.place_evidence import actor_evidence
from conflictcoder.stages.place_names import (
    ADMIN1_WORDS,
    ADMIN2_WORDS,
    CITY_WORDS,
    KIND_WORDS,
    NameCandidate,
    UnknownName,
    coordinated,
    find_dateline,
    person_like,
    scan_names,
)
from conflictcoder.stages.place_unlisted import full_name


@dataclass(frozen=True, slots=True)
class GeoContext:
    country: str  # ACLED country name of the article, "" when unknown
    iso2: str = ""
    dateline: PlaceMention | None = None
    places: tuple[PlaceMention, ...] = ()
    unknown: tuple[UnknownName, ...] = ()
    country_span: tuple[int, int] | None = None  # where the country is named, if anywhere
    sphere: frozenset[str] = frozenset()  # where the article's named armed groups operate


def _score(
    hit: Hit,
    cand: NameCandidate,
    iso2: str,
    mentioned: Counter[int],
    countries: Counter[str],
    sphere: frozenset[str] = frozenset(),
    key: str | None = None,
) -> float:
    """How likely ``hit`` is the place meant; ``key`` is the name's key when known."""
    e = hit.entry
    score = math.log10(e.population + 10) / 2
    if hit.exact:
        score += 1.0  # its own name, not another place's old or foreign name ("Bijapur")
    if iso2:
        score += 4.0 if e.iso2 == iso2 else (1.0 if countries.get(e.iso2, 0) >= 3 else -3.0)
    elif e.iso2 in sphere:
        score += 2.0  # where the article's armed groups operate
    # Containment: the article names the area this place lies in ("Pasni ... Gwadar").
    # A name does not support itself ("Kharkiv region" is not in the Kharkiv oblast twice).
    # (Counter.get: a missing key costs no __missing__ call; the counts are all positive.)
    if key is None:
        key = name_key(cand.written)
    if e.admin1_id is not None and e.kind != "admin1" and mentioned.get(e.admin1_id):
        score += 3.0 if name_key(e.admin1) != key else 0.0
    if e.admin2_id is not None and e.kind != "admin2" and mentioned.get(e.admin2_id):
        score += 3.0 if name_key(e.admin2) != key else 0.0
    # Area words say "an area", not which level: a Kenyan county is an admin1.
    if cand.cue in ADMIN1_WORDS or cand.cue in ADMIN2_WORDS:
        preferred = "admin1" if cand.cue in ADMIN1_WORDS else "admin2"
        score += 3.0 if e.kind == preferred else (2.0 if e.kind != "city" else -1.0)
    elif cand.cue in CITY_WORDS:
        score += 1.5 if e.kind == "city" else -1.0
    elif cand.parted:
        score += 1.0 if e.kind != "city" else 0.0  # "Samburu Central": Samburu the county
    elif e.kind == "city":
        score += 0.6  # "in Herat" means the town, not the province of the same name
    elif e.kind in ("admin1", "admin2") and name_key(e.seat) == name_key(e.name):
        score -= 0.3
    if e.kind == "city" and hit.exact and key in (name_key(e.admin1), name_key(e.admin2)):
        # The seat of the area named after it ("Kwale" town of Kwale county) is better
        # known than its bare population says: the news names it beside its area.
        score += 0.8
    return score


def _base_scores(
    cand: NameCandidate,
    iso2: str,
    mentioned: Counter[int],
    votes: Counter[str],
    sphere: frozenset[str] = frozenset(),
) -> list[tuple[float, Hit]]:
    """Every reading's score before the support of the places named beside it: the
    :func:`_score` of each, step for step, with what depends on the name alone read once."""
    key = name_key(cand.written)
    cue = cand.cue
    area_cue = cue in ADMIN1_WORDS or cue in ADMIN2_WORDS
    preferred = "admin1" if cue in ADMIN1_WORDS else "admin2"
    city_cue = cue in CITY_WORDS
    parted = cand.parted
    out = []
    for hit in cand.hits:
        e = hit.entry
        kind = e.kind
        score = math.log10(e.population + 10) / 2
        if hit.exact:
            score += 1.0
        if iso2:
            score += 4.0 if e.iso2 == iso2 else (1.0 if votes.get(e.iso2, 0) >= 3 else -3.0)
        elif e.iso2 in sphere:
            score += 2.0
        if e.admin1_id is not None and kind != "admin1" and mentioned.get(e.admin1_id):
            score += 3.0 if name_key(e.admin1) != key else 0.0
        if e.admin2_id is not None and kind != "admin2" and mentioned.get(e.admin2_id):
            score += 3.0 if name_key(e.admin2) != key else 0.0
        if area_cue:
            score += 3.0 if kind == preferred else (2.0 if kind != "city" else -1.0)
        elif city_cue:
            score += 1.5 if kind == "city" else -1.0
        elif parted:
            score += 1.0 if kind != "city" else 0.0
        elif kind == "city":
            score += 0.6
        elif kind in ("admin1", "admin2") and name_key(e.seat) == name_key(e.name):
            score -= 0.3
        if kind == "city" and hit.exact and key in (name_key(e.admin1), name_key(e.admin2)):
            score += 0.8
        out.append((score, hit))
    return out


def _ranked(scores: list[tuple[float, Hit]], contained: frozenset[int]) -> list[tuple[float, Hit]]:
    """Every reading of the name, best first."""
    scored = [(score + (4.0 if h.entry.id in contained else 0.0), h) for score, h in scores]
    return sorted(scored, key=_rank_key, reverse=True)


def _rank_key(scored: tuple[float, Hit]) -> tuple[float, int]:
    return scored[0], scored[1].entry.population


def _ranked_near(
    scores: list[tuple[float, Hit]], alone: list[tuple[float, Hit]], contained: frozenset[int]
) -> list[tuple[float, Hit]]:
    """:func:`_ranked`, given its ranking without support (``alone``): the same when no
    neighbour supports any reading."""
    return _ranked(scores, contained) if contained else alone


def _accept(
    cand: NameCandidate,
    best: Hit,
    iso2: str,
    countries: Counter[str],
    areas: frozenset[int],
    sphere: frozenset[str] = frozenset(),
) -> bool:
    """Whether a name really is a place: the evidence needed grows as the place gets obscure."""
    e = best.entry
    if e.kind == "country":
        return True
    pop = e.population
    if sphere and not iso2 and e.iso2 not in sphere and pop < 100_000:
        return False  # JNIM militants in "Solhan": not the Turkish town
    if cand.stop:  # "Police", "Ali": only a big city written as a place ("in Jackson")
        return cand.strong and pop >= 100_000 and e.iso2 == iso2
    if (
        not best.exact
        and e.kind == "city"
        and not (cand.strong and (e.iso2 == iso2 or (not iso2 and pop >= 10_000)))
    ):
        return False  # alternate names of small places are mostly noise
    if iso2 and e.iso2 != iso2:
        if areas:
            return False  # the article names areas of its country: a homonym abroad is not meant
        return (
            (pop >= 500_000 and best.exact)
            or countries[e.iso2] >= 3
            or (cand.strong and best.exact and pop >= 100_000 and e.kind == "city")
        )
    if not iso2 and e.kind == "city":
        # "a march to Burnt Forest", "the school of Nogaro": a town written as a place,
        # with no namesake abroad to confuse it with, is the place meant.
        unique = cand.locative and best.exact and {h.entry.iso2 for h in cand.hits} == {e.iso2}
        return (cand.strong and pop >= 1_000) or pop >= 50_000 or (unique and pop >= 2_000)
    # Last, a small homonym outside every area the article names is not the place meant
    # ("the Lagoa neighbourhood" of Belo Horizonte, Minas Gerais: no district of Paraiba).
    return not (
        (e.kind == "city" or (e.kind == "admin2" and cand.cue in CITY_WORDS))
        and pop < 50_000
        and areas
        and e.admin1_id not in areas
        and e.admin2_id not in areas
    )


def _parenthesised(text: str, cand: NameCandidate) -> bool:
    """ "X (Y)", "X, Y": Y named as X's area, unless a list goes on ("X, Y and Z")."""
    before = text[max(0, cand.start - 2) : cand.start].strip()
    return before == "(" or (before == "," and not in_list(text, cand.end))


def article_geo_context(
    article: Article,
    sentences: tuple[Sentence, ...],
    gazetteer: Gazetteer,
    actors: ActorIndex | None = None,
) -> GeoContext:
    """Find and resolve every place name of the article and decide its country; ``actors``
    (the actor dictionary) lets the groups and nationalities it names speak for it too."""
    text = article.text
    cands, unknown = scan_names(text, 0, len(text), gazetteer)
    # Demonyms name peoples ("Somali residents"), unless written as a place ("Somali region").
    kept = []
    for c in cands:
        if not person_like(text, c):
            if (
                c.cue in ADMIN1_WORDS
                or c.cue in ADMIN2_WORDS
                or gazetteer.demonym(c.written) is None
            ):
                kept.append(c)
        elif c.cue in ADMIN2_WORDS:
            # "Nahri Saraj district": a listed word ends an unlisted district's longer name.
            _add_unlisted(text, c, unknown)
    cands = kept
    dateline = find_dateline(text)
    evidence = actor_evidence(text, gazetteer, actors)
    sphere = evidence.sphere
    votes, spans = country_votes(text, cands, gazetteer, dateline, evidence)
    iso2 = ""
    if votes:
        (top, top_votes), *rest = [*votes.most_common(2), ("", 0.0)]
        if top_votes >= 1.0 and top_votes > rest[0][1]:
            iso2 = top
    # Areas named unambiguously (in the article's country) support the places inside them.
    mentioned: Counter[int] = Counter()
    for c in cands:
        for h in c.hits:
            if h.entry.kind in ("admin1", "admin2") and (not iso2 or h.entry.iso2 == iso2):
                mentioned[h.entry.id] += 1
    # The readings' scores do not depend on the places beside them: scored once, and once
    # for a name written again with the same cue and readings (they depend on nothing else).
    # Ranked once as if no neighbour supported any reading: the first reading of each, and
    # the order tried below when none does (most names), without sorting again.
    # (_ranked with no support: the same scores, so the same tuples, sorted the same way.)
    base: list[list[tuple[float, Hit]]] = []
    alone: list[list[tuple[float, Hit]]] = []
    scored: dict[tuple[str, str, bool, int], tuple[list, list]] = {}
    for c in cands:
        same = (c.written, c.cue, c.parted, id(c.hits))  # the hits live as long as cands
        if (done := scored.get(same)) is None:
            b = _base_scores(c, iso2, mentioned, votes, sphere)
            done = scored[same] = (b, sorted(b, key=_rank_key, reverse=True))
        base.append(done[0])
        alone.append(done[1])
    first = [ranked[0] for ranked in alone]
    # Areas written as areas ("Khammam District", "Luhansk region", "(Kunar)").
    areas_named = frozenset(
        h.entry.id
        for c in cands
        if c.cue in ADMIN1_WORDS or c.cue in ADMIN2_WORDS or _parenthesised(text, c)
        for h in c.hits
        if h.entry.kind in ("admin1", "admin2") and h.entry.iso2 == iso2
    )
    # An area that contains another place named beside it is that place's qualifier
    # ("Andarab district, Baghlan": Baghlan the province, not the town).
    resolved: list[PlaceMention] = []
    keys = [name_key(c.written) for c in cands]
    hit_ids = [{h.entry.id for h in c.hits} for c in cands]
    # The names within 120 characters of each, found by bisection over their starts.
    order = sorted(range(len(cands)), key=lambda m: cands[m].start)
    starts = [cands[m].start for m in order]
    # The areas each name's first reading lies in: a name in none supports no neighbour.
    areas_of = [
        tuple(i for i in (e.admin1_id, e.admin2_id) if i is not None)
        for e in (f[1].entry for f in first)
    ]
    for k, c in enumerate(cands):
        key, own_ids = keys[k], hit_ids[k]
        window = order[
            bisect.bisect_left(starts, c.start - 119) : bisect.bisect_right(starts, c.start + 119)
        ]
        # Only the areas that are readings of this name can lift one (the others add to no
        # reading's score): the neighbours whose areas are none of them are not read further.
        near_ids = frozenset(
            i
            for m in window
            if not own_ids.isdisjoint(areas_of[m])
            and keys[m] != key
            and not own_ids & hit_ids[m]  # the same place again
            and not _listed_together(text, cands[m], c)
            for i in areas_of[m]
            if i in own_ids
        )
        # The best reading that is acceptable: "(Pakundia, Kishoreganj)" is not the town
        # known by that alternate name (too obscure to accept) but the district.
        accepted = next(
            (
                (score, best)
                for score, best in _ranked_near(base[k], alone[k], near_ids)
                if _accept(c, best, iso2, votes, areas_named, sphere)
            ),
            None,
        )
        if accepted is not None:
            score, best = accepted
            others = tuple(h.entry for h in c.hits if h.entry.id != best.entry.id)
            resolved.append(
                PlaceMention(
                    c.start,
                    c.end,
                    c.written,
                    best.entry,
                    c.cue,
                    c.near,
                    score,
                    c.strong,
                    others,
                    c.origin,
                )
            )
        elif c.cue in KIND_WORDS and c.cue not in ADMIN1_WORDS and not c.stop:
            # "Chardara district, Kunduz": written as a place, but not one the gazetteer
            # has in this country; an unlisted place, as if no gazetteer listed it.
            unknown.append(UnknownName(c.start, c.end, c.written))
    unknown.sort(key=lambda u: u.start)
    resolved, dropped = resolve_chains(text, resolved, unknown, iso2)
    unknown.extend(dropped)
    taken = [(p.start, p.end) for p in resolved]
    resolved.extend(
        p
        for p in capital_mentions(text, gazetteer, iso2)
        if not any(s < p.end and p.start < e for s, e in taken)
    )
    resolved.sort(key=lambda p: p.start)
    info = gazetteer.country(iso2) if iso2 else None
    dl = None
    if dateline is not None:
        dl = next((p for p in resolved if p.start == dateline.city_start), None)
    return GeoContext(
        country=info.name if info else "",
        iso2=iso2,
        dateline=dl,
        places=tuple(resolved),
        unknown=tuple(unknown),
        country_span=spans.get(iso2) or evidence.spans.get(iso2),
        sphere=sphere,
    )


def _add_unlisted(text: str, c: NameCandidate, unknown: list[UnknownName]) -> None:
    """Record the whole unlisted name that candidate ``c`` ends, replacing its parts."""
    whole = full_name(text, UnknownName(c.start, c.end, c.written), 0)
    if whole.start == c.start:
        return
    unknown[:] = [u for u in unknown if not (whole.start <= u.start and u.end <= whole.end)]
    unknown.append(whole)
    unknown.sort(key=lambda u: u.start)


_CONJUNCTION = re.compile(r"\b(?:and|or|as well as)\b|&")


def _listed_together(text: str, a: NameCandidate, b: NameCandidate) -> bool:
    """ "Donetsk and Horlivka": two places of one list, neither the other's qualifier."""
    first, second = (a, b) if a.start < b.start else (b, a)
    gap = text[first.end : second.start]
    return bool(_CONJUNCTION.search(gap)) and coordinated(text, first.end, second.start)
