"""Where each event happened: place mentions found with the gazetteer, disambiguated as a
coder would, and the event's place chosen from the words around its mention.

One pass over the article (:func:`article_geo_context`) finds the place names, decides the
article's country (dateline, country names, the places' own countries) and resolves every
name against it, using administrative containment ("Pasni in Gwadar district") and
population. :func:`resolve_place` then picks, for one mention, the place where the action
happened, and sets the precision ACLED and UCDP use. Villages no gazetteer lists fall back,
as ACLED codes them, to the nearest known place named with them or to their admin area.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from conflictcoder.model import Article, Mention, Place, PlacePrecision, Sentence, Span
from conflictcoder.resources.gazetteer import (
    Gazetteer,
    Hit,
    admin1_coded,
    name_key,
)
from conflictcoder.stages.place_chains import (
    PlaceMention,
    contains,
    in_list,
    resolve_chains,
)
from conflictcoder.stages.place_country import country_votes
from conflictcoder.stages.place_names import (
    ADMIN1_WORDS,
    ADMIN2_WORDS,
    CITY_WORDS,
    KIND_WORDS,
    NameCandidate,
    UnknownName,
    coordinated,
    elsewhere,
    find_dateline,
    listed_as_scene,
    person_like,
    scan_names,
)

_KIND_RANK = {"city": 3, "admin2": 2, "admin1": 1, "country": 0}


@dataclass(frozen=True, slots=True)
class GeoContext:
    country: str  # ACLED country name of the article, "" when unknown
    iso2: str = ""
    dateline: PlaceMention | None = None
    places: tuple[PlaceMention, ...] = ()
    unknown: tuple[UnknownName, ...] = ()
    country_span: tuple[int, int] | None = None  # where the country is named, if anywhere


def _score(
    hit: Hit, cand: NameCandidate, iso2: str, mentioned: Counter[int], countries: Counter[str]
) -> float:
    e = hit.entry
    score = math.log10(e.population + 10) / 2
    if hit.exact:
        score += 1.0  # its own name, not another place's old or foreign name ("Bijapur")
    if iso2:
        score += 4.0 if e.iso2 == iso2 else (1.0 if countries[e.iso2] >= 3 else -3.0)
    # Containment: the article names the area this place lies in ("Pasni ... Gwadar").
    # A name does not support itself ("Kharkiv region" is not in the Kharkiv oblast twice).
    key = name_key(cand.written)
    if e.admin1_id is not None and e.kind != "admin1" and mentioned[e.admin1_id]:
        score += 3.0 if name_key(e.admin1) != key else 0.0
    if e.admin2_id is not None and e.kind != "admin2" and mentioned[e.admin2_id]:
        score += 3.0 if name_key(e.admin2) != key else 0.0
    # Area words say "an area", not which level: a Kenyan county is an admin1.
    if cand.cue in ADMIN1_WORDS or cand.cue in ADMIN2_WORDS:
        preferred = "admin1" if cand.cue in ADMIN1_WORDS else "admin2"
        score += 3.0 if e.kind == preferred else (2.0 if e.kind != "city" else -1.0)
    elif cand.cue in CITY_WORDS:
        score += 1.5 if e.kind == "city" else -1.0
    elif e.kind == "city":
        score += 0.6  # "in Herat" means the town, not the province of the same name
    elif e.kind in ("admin1", "admin2") and name_key(e.seat) == name_key(e.name):
        score -= 0.3
    return score


def _best(
    cand: NameCandidate,
    iso2: str,
    mentioned: Counter[int],
    votes: Counter[str],
    contained: frozenset[int],
) -> tuple[float, Hit]:
    scored = [
        (_score(h, cand, iso2, mentioned, votes) + (4.0 if h.entry.id in contained else 0.0), h)
        for h in cand.hits
    ]
    return max(scored, key=lambda x: (x[0], x[1].entry.population))


def _ranked(
    cand: NameCandidate,
    iso2: str,
    mentioned: Counter[int],
    votes: Counter[str],
    contained: frozenset[int],
) -> list[tuple[float, Hit]]:
    """Every reading of the name, best first (the first as :func:`_best` gives it)."""
    scored = [
        (_score(h, cand, iso2, mentioned, votes) + (4.0 if h.entry.id in contained else 0.0), h)
        for h in cand.hits
    ]
    return sorted(scored, key=lambda x: (x[0], x[1].entry.population), reverse=True)


def _accept(
    cand: NameCandidate, best: Hit, iso2: str, countries: Counter[str], areas: frozenset[int]
) -> bool:
    """Whether a name really is a place: the evidence needed grows as the place gets obscure."""
    e = best.entry
    if e.kind == "country":
        return True
    pop = e.population
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
        return (cand.strong and pop >= 1_000) or pop >= 50_000
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
    article: Article, sentences: tuple[Sentence, ...], gazetteer: Gazetteer
) -> GeoContext:
    """Find and resolve every place name of the article and decide its country."""
    text = article.text
    cands, unknown = scan_names(text, 0, len(text), gazetteer)
    # Demonyms name peoples ("Somali residents"), unless written as a place ("Somali region").
    cands = [
        c
        for c in cands
        if not person_like(text, c)
        and (c.cue in ADMIN1_WORDS or c.cue in ADMIN2_WORDS or gazetteer.demonym(c.written) is None)
    ]
    dateline = find_dateline(text)
    votes, spans = country_votes(text, cands, gazetteer, dateline)
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
    first = [_best(c, iso2, mentioned, votes, frozenset()) for c in cands]
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
    for c in cands:
        key = name_key(c.written)
        own_ids = {h.entry.id for h in c.hits}
        near_ids = frozenset(
            i
            for m, (_, h) in enumerate(first)
            if abs(cands[m].start - c.start) < 120
            and name_key(cands[m].written) != key
            and not own_ids & {h.entry.id for h in cands[m].hits}  # the same place again
            and not _listed_together(text, cands[m], c)
            for i in (h.entry.admin1_id, h.entry.admin2_id)
            if i is not None
        )
        # The best reading that is acceptable: "(Pakundia, Kishoreganj)" is not the town
        # known by that alternate name (too obscure to accept) but the district.
        accepted = next(
            (
                (score, best)
                for score, best in _ranked(c, iso2, mentioned, votes, near_ids)
                if _accept(c, best, iso2, votes, areas_named)
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
        country_span=spans.get(iso2),
    )


_CONJUNCTION = re.compile(r"\b(?:and|or|as well as)\b|&")


def _listed_together(text: str, a: NameCandidate, b: NameCandidate) -> bool:
    """ "Donetsk and Horlivka": two places of one list, neither the other's qualifier."""
    first, second = (a, b) if a.start < b.start else (b, a)
    gap = text[first.end : second.start]
    return bool(_CONJUNCTION.search(gap)) and coordinated(text, first.end, second.start)


def _sentence_places(geo: GeoContext, start: int, end: int) -> list[PlaceMention]:
    # The dateline says where the reporter filed from, not where the event happened.
    return [p for p in geo.places if start <= p.start and p.end <= end and p is not geo.dateline]


def _holds_another(area: PlaceMention, places: list[PlaceMention]) -> bool:
    """An area that contains another place named as a scene qualifies it ("Pasni, Gwadar
    district"); a town a road is named after ("the Yangon-Mandalay railway") is no scene."""
    return any(contains(area.entry, q.entry) for q in places if q.locative or not q.near)


def _pick(places: list[PlaceMention], anchor: int = -1) -> PlaceMention | None:
    """The place where the action happened among those one sentence names.

    ``anchor`` is the trigger's offset: of two places written alike, the nearer one wins
    ("stormed a camp in Nushki and attacked a post in Pasni").
    """
    if not places:
        return None
    subnational = [p for p in places if p.entry.kind != "country"]
    if not subnational:
        return places[0]

    # Drop areas that contain another named place ("Pasni, Gwadar district").
    specific = [p for p in subnational if not _holds_another(p, subnational)]

    # A place written as the scene ("in X", "X district") before one named in passing;
    # one written just after the trigger ("raided a post in Pasni") before the others.
    def after_trigger(p: PlaceMention) -> bool:
        return anchor >= 0 and 0 <= p.start - anchor <= 80

    ranked = sorted(
        specific,
        key=lambda p: (
            not p.locative,
            p.origin,
            not after_trigger(p),
            -_KIND_RANK[p.entry.kind],
            p.start,
        ),
    )
    return ranked[0] if ranked else subnational[0]


def _precision(pm: PlaceMention, unknown_near: bool) -> PlacePrecision:
    kind = pm.entry.kind
    if kind == "country":
        return "country"
    if kind == "admin1":
        return "admin1"
    if kind == "admin2":
        return "admin2"
    return "near" if pm.near or unknown_near else "exact"


def _place(
    pm: PlaceMention, article: Article, gaz: Gazetteer, precision: PlacePrecision, method: str
) -> Place:
    e = pm.entry
    info = gaz.country(e.iso2)
    # ACLED names a district event after the district (its seat mostly bears the name) and
    # a province-wide one after the provincial capital.
    name = e.seat if e.kind == "admin1" and e.seat else e.name
    return Place(
        written=pm.written,
        name=name,
        country=info.name if info else "",
        iso2=e.iso2,
        iso_numeric=info.iso_numeric if info else None,
        region=info.region if info else "",
        admin1=(
            admin1_coded(e.iso2, e.admin1, e.admin2, article.published)
            if e.kind != "country"
            else ""
        ),
        admin2=e.admin2,
        latitude=e.latitude,
        longitude=e.longitude,
        geonames_id=e.geonames_id,
        precision=precision,
        span=Span(article.id, pm.start, pm.end),
        method=method,
    )


def _scene_before(
    geo: GeoContext, sentences: tuple[Sentence, ...], sent: Sentence
) -> PlaceMention | None:
    """The place the paragraph last set as the scene, before this sentence."""
    earlier = [s for s in sentences if s.paragraph == sent.paragraph and s.end <= sent.start]
    fallback = None
    for s in reversed(earlier):
        cand = _pick(_sentence_places(geo, s.start, s.end))
        if cand is None or cand.entry.kind == "country":
            continue
        if cand.locative:
            return cand
        fallback = fallback or cand
    return fallback


# "stormed a farming village in Borno State": one place, named later ("Ngamdu Kura").
_ONE_UNNAMED_PLACE = re.compile(
    r"\b(?:a|an|the)\s+(?:[a-z]+\s+)?(?:village|town|hamlet|settlement|locality|camp|market"
    r"|neighbourhood|neighborhood)\s+(?:in|of|near)\b"
)


def _named_inside(
    geo: GeoContext, sentences: tuple[Sentence, ...], sent: Sentence, area: PlaceMention
) -> PlaceMention | None:
    """A place inside ``area`` that the next sentences give as the scene: "gunmen stormed a
    village in Borno State ... They arrived in Ngamdu Kura, 5 km west of Konduga"."""
    following = [s for s in sentences if s.start >= sent.end and s.paragraph <= sent.paragraph + 1]
    for s in following[:3]:
        for p in _sentence_places(geo, s.start, s.end):
            if p.locative and not p.origin and contains(area.entry, p.entry):
                return p
    return None


def _article_scene(geo: GeoContext) -> PlaceMention | None:
    """The article's main place: its first place written as a scene, in its country."""
    local = [
        p
        for p in geo.places
        if p.entry.kind != "country"
        and p is not geo.dateline
        and (not geo.iso2 or p.entry.iso2 == geo.iso2)
    ]
    # The lead's first few places: written scenes first, a town before the area it is in
    # ("mayor of Chilapa, in the state of Guerrero").
    return _pick(local[:4])


def resolve_place(
    mention: Mention,
    article: Article,
    sentences: tuple[Sentence, ...],
    gazetteer: Gazetteer,
    geo: GeoContext,
) -> Place | None:
    """The place of one event mention, or None when no place can be told."""
    sent = mention.sentence
    trigger = mention.trigger
    here = _sentence_places(geo, sent.start, sent.end)
    unknown_here = [u for u in geo.unknown if sent.start <= u.start and u.end <= sent.end]
    pick = _pick(here, trigger.start if trigger.end > trigger.start else -1)
    method = "sentence"
    if pick is None or pick.entry.kind == "country" or not pick.locative:
        # Back through the paragraph, then the article's lead, then the dateline; a place
        # the sentence names only in passing ("from X", "X police") yields to a scene.
        # The dateline is where the reporter filed from: the last resort.
        fallbacks = (
            ("paragraph", _scene_before(geo, sentences, sent)),
            ("article", _article_scene(geo)),
            ("dateline", geo.dateline),
        )
        for how, cand in fallbacks:
            if cand is None or cand.entry.kind == "country":
                continue
            # Only the paragraph's own scene overrides a place the sentence names.
            if (
                pick is None
                or pick.entry.kind == "country"
                or (how == "paragraph" and cand.locative)
            ):
                pick, method = cand, how
            break
    if pick is None or pick.entry.kind == "country":
        return _country_place(article, gazetteer, geo)
    if (
        method == "sentence"
        and pick.entry.kind != "city"
        and _ONE_UNNAMED_PLACE.search(article.text, sent.start, pick.start)
    ):
        inside = _named_inside(geo, sentences, sent, pick)
        if inside is not None:
            pick, method = inside, "following"
            unknown_here = [u for u in geo.unknown if u.end <= pick.start and u.start >= sent.end]
    unknown_near = any(u.end <= pick.start and pick.start - u.end < 40 for u in unknown_here)
    precision = _precision(pick, unknown_near)
    if method == "paragraph" and unknown_here and precision == "exact":
        precision = "near"  # an unlisted village of the scene named before
    return _place(pick, article, gazetteer, precision, method)


def resolve_event_places(
    mention: Mention,
    article: Article,
    sentences: tuple[Sentence, ...],
    gazetteer: Gazetteer,
    geo: GeoContext,
) -> tuple[Place, ...]:
    """Every distinct place where the mention's action happened, ``resolve_place``'s first.

    "Bombers struck posts in Nushki and in the port of Pasni, while others hit 11 more
    places, among them Quetta" names three scenes. Origins and destinations ("fled to X",
    "from X", "X-based"), the place a report came from, a reference point ("near X" beside
    another scene) and an area that contains another named place are not separate scenes.
    """
    first = resolve_place(mention, article, sentences, gazetteer, geo)
    if first is None:
        return ()
    if first.method != "sentence" or first.span is None:
        return (first,)
    sent = mention.sentence
    here = [p for p in _sentence_places(geo, sent.start, sent.end) if p.entry.kind != "country"]
    if len(here) < 2:
        return (first,)
    scenes = _scene_chain(article.text, sent.start, here)
    primary = next((p for p in scenes if p.start == first.span.start), None)
    if primary is None:
        return (first,)
    unknown_here = [u for u in geo.unknown if sent.start <= u.start and u.end <= sent.end]
    out, seen = [first], {primary.entry.id}
    for pm in scenes:
        if pm.entry.id in seen:
            continue
        seen.add(pm.entry.id)
        unknown_near = any(u.end <= pm.start and pm.start - u.end < 40 for u in unknown_here)
        out.append(_place(pm, article, gazetteer, _precision(pm, unknown_near), "sentence"))
    return tuple(out)


def _scene_chain(text: str, sent_start: int, here: list[PlaceMention]) -> list[PlaceMention]:
    """The sentence's places written as scenes of its action, in reading order."""
    # An area that contains another named place qualifies it ("Pasni, Gwadar district").
    specific = [p for p in here if not _holds_another(p, here)]
    scenes: list[PlaceMention] = []
    for p in specific:
        if elsewhere(text, sent_start, p.start, p.end):
            continue
        prev = scenes[-1] if scenes else None
        joined = prev is not None and coordinated(text, prev.end, p.start)
        # "in X near Y": Y only locates X; "in X and near Y" are two scenes.
        if p.near and scenes and not joined:
            continue
        if p.locative or joined or listed_as_scene(text, sent_start, p.start):
            scenes.append(p)
    return scenes


def _country_place(article: Article, gazetteer: Gazetteer, geo: GeoContext) -> Place | None:
    """A country-level place, only when the article names its country."""
    if not (geo.iso2 and geo.country_span):
        return None
    info = gazetteer.country(geo.iso2)
    entry = gazetteer.get(info.place_id) if info and info.place_id else None
    if entry is None:
        return None
    start, end = geo.country_span
    pm = PlaceMention(start, end, article.text[start:end], entry, "", False, 0.0)
    return _place(pm, article, gazetteer, "country", "country")
